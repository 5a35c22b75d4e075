"""Scoring the graded sample answers is one background job for the whole service: requests start it or join it,
never run it twice, and a job whose process died does not block the next one."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from api_builders import (
    Clock,
    client_for,
    make_user,
    publish_scenario,
    scenario_document,
    session_of,
    wait_for_sample_scoring,
)
from api_database import Database
from fastapi import FastAPI
from sqlmodel import select

from api import jobs
from api.models import Role
from api.models.progress import SampleScore
from api.services.sample_scoring import JOB

V1 = "/api/v1"
SAMPLES = [
    {"answer": "We are cheaper, just switch.", "grade": 20},
    {"answer": "I understand. What do you value most in your current supplier?", "grade": 70},
    {"answer": "Fair enough. What would make a comparison worth your time? Shall we compare on Tuesday?", "grade": 90},
]
BOTH = pytest.mark.parametrize(
    "database", [pytest.param("postgres", marks=pytest.mark.postgres), "sqlite"], indirect=True, ids=["pg", "sqlite"]
)


def _with_samples() -> dict[str, Any]:
    """A scenario whose first step ("price") has three graded sample answers."""
    document = scenario_document("graded", language="en")
    document["steps"][0]["samples"] = SAMPLES
    return document


@pytest.mark.model
@BOTH
def test_two_requests_at_once_start_one_job_and_each_sample_is_scored_once(app: FastAPI, clock: Clock) -> None:
    trainers = [make_user(app, role=role, clock=clock) for role in (Role.trainer, Role.head)]
    publish_scenario(app, author=trainers[0], clock=clock, document=_with_samples())
    clients = [client_for(app, trainer, clock=clock) for trainer in trainers]
    start = threading.Barrier(2)

    def post(client: httpx.Client) -> httpx.Response:
        start.wait()
        return client.post(f"{V1}/reports/agreement/samples")

    with ThreadPoolExecutor(max_workers=2) as pool:
        replies = list(pool.map(post, clients))
    assert [r.status_code for r in replies] == [202, 202], [r.text for r in replies]
    assert sorted(r.json()["started"] for r in replies) == [False, True]  # the second joined the first
    assert all(r.json()["running"] for r in replies)
    assert wait_for_sample_scoring(clients[0])["missing"] == 0
    with session_of(app) as session:
        stored = [(s.step_id, s.sample_index) for s in session.exec(select(SampleScore))]
    assert sorted(stored) == [("price", 0), ("price", 1), ("price", 2)]


@BOTH
def test_a_job_running_in_another_worker_is_joined_and_its_progress_shown(
    app: FastAPI, clock: Clock, db: Database
) -> None:
    trainer = make_user(app, role=Role.trainer, clock=clock)
    publish_scenario(app, author=trainer, clock=clock, document=_with_samples())
    client = client_for(app, trainer, clock=clock)
    elsewhere = jobs.try_lock(db.engine, JOB)  # as a worker that is scoring them would hold it
    assert elsewhere is not None
    try:
        joined = client.post(f"{V1}/reports/agreement/samples")
        assert joined.status_code == 202, joined.text
        assert joined.json() == {"running": True, "started": False, "samples": 3, "scored": 0, "missing": 3}
        assert client.get(f"{V1}/reports/agreement/samples").json()["running"] is True
    finally:
        elsewhere.release()
    progress = client.get(f"{V1}/reports/agreement/samples").json()
    assert progress == {"running": False, "started": False, "samples": 3, "scored": 0, "missing": 3}


HOLD = """
import sys, time
from api import jobs
from api.db import make_engine
held = jobs.try_lock(make_engine(sys.argv[1]), sys.argv[2])
print("held" if held else "busy", flush=True)
time.sleep(600)
"""


@BOTH
def test_the_lock_of_a_job_whose_process_was_killed_is_free(db: Database) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, db.url, JOB], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        assert jobs.is_locked(db.engine, JOB)
        assert jobs.try_lock(db.engine, JOB) is None
    finally:
        holder.kill()
        holder.wait()
    assert not jobs.is_locked(db.engine, JOB)
    again = jobs.try_lock(db.engine, JOB)
    assert again is not None
    again.release()
