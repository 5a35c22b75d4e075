"""Twenty reps answer at the same moment against one real server (on PostgreSQL, and on the embedded SQLite too):
every accepted answer is stored, and nobody gets a 5xx."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
import uvicorn
from api_builders import STRONG, Clock, make_session, make_user, publish_scenario, session_of
from fastapi import FastAPI
from sqlmodel import select

from api.deps import CSRF_HEADER, SESSION_COOKIE
from api.models import Answer, Role

REPS = 20


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on a free port, in a thread; yields its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive(), "the server stopped"
        assert time.monotonic() < deadline, "the server did not start in 30 s"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


def _practise(base_url: str, token: str, csrf: str, scenario_id: int, start: threading.Barrier) -> list[Any]:
    """One rep: start a drill, then three answers (the second a retry, while the conversation goes on: it ends
    with the third); every reply as (status, body)."""
    cookies = {SESSION_COOKIE: token}
    with httpx.Client(base_url=base_url, cookies=cookies, headers={CSRF_HEADER: csrf}, timeout=120) as client:
        drill = client.post("/api/v1/drills", json={"scenario_id": scenario_id}).json()
        url = f"/api/v1/drills/{drill['id']}/answers"
        start.wait()
        replies = []
        for step in ("price", "price", "timing"):
            response = client.post(url, json={"step_id": step, "answer": STRONG[step]})
            replies.append((response.status_code, response.json()))
        return replies


@pytest.mark.model
@pytest.mark.parametrize(
    "database", [pytest.param("postgres", marks=pytest.mark.postgres), "sqlite"], indirect=True, ids=["pg", "sqlite"]
)
def test_twenty_reps_answer_at_once_and_every_accepted_answer_is_stored(
    app: FastAPI, clock: Clock, server: str
) -> None:
    scenario = publish_scenario(app, author=make_user(app, role=Role.trainer, clock=clock), clock=clock)
    reps = [make_user(app, clock=clock) for _ in range(REPS)]
    sessions = [make_session(app, rep, clock=clock) for rep in reps]
    start = threading.Barrier(REPS)
    with ThreadPoolExecutor(max_workers=REPS) as pool:
        futures = [pool.submit(_practise, server, token, csrf, scenario.id or 0, start) for token, csrf in sessions]
        replies = [reply for future in futures for reply in future.result()]

    assert [status for status, _ in replies if status >= 500] == []
    accepted = {body["answer"]["id"]: body["answer"] for status, body in replies if status == 201}
    assert len(accepted) == REPS * 3
    with session_of(app) as session:
        stored = {a.id: a for a in session.exec(select(Answer))}
    assert set(stored) == set(accepted)
    for answer_id, reply in accepted.items():
        row = stored[answer_id]
        assert (row.user_id, row.step_id, row.score, row.text) == (
            reply["user_id"],
            reply["step_id"],
            reply["score"],
            reply["text"],
        )
    assert {row.user_id for row in stored.values()} == {rep.id for rep in reps}
