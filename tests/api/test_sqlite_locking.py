"""Requests at once on one process: reading who is logged in, which every request does, takes no SQLite write
lock, and more requests than threads all complete (a request holding the lock or a connection once waited for a
thread taken by requests waiting for it, until SQLite or the pool gave up: "database is locked", "QueuePool limit
reached")."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from api_builders import Clock, client_for, make_session, make_user, session_of
from fastapi import FastAPI
from sqlalchemy import text

from api.db import begin_read, make_engine
from api.deps import CSRF_HEADER, SESSION_COOKIE
from api.models import Role, Team

SQLITE = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


@contextmanager
def writer_elsewhere(url: str) -> Iterator[threading.Event]:
    """Another connection holds the write lock (as another worker writing would) until the block ends or 20 s pass;
    yields the event that stops it."""
    holding, stop = threading.Event(), threading.Event()
    engine = make_engine(url)

    def hold() -> None:
        with engine.begin() as connection:  # BEGIN IMMEDIATE: the write lock
            connection.execute(text("SELECT 1"))
            holding.set()
            stop.wait(20)

    thread = threading.Thread(target=hold)
    thread.start()
    assert holding.wait(10)
    try:
        yield stop
    finally:
        stop.set()
        thread.join()
        engine.dispose()


@SQLITE
def test_a_request_reads_its_login_while_another_process_writes(app: FastAPI, clock: Clock) -> None:
    client = client_for(app, make_user(app, clock=clock), clock=clock)
    with writer_elsewhere(str(app.state.engine.url)) as stop, ThreadPoolExecutor(max_workers=1) as pool:
        reply = pool.submit(client.get, "/api/v1/auth/me")
        wait([reply], timeout=10)
        answered_while_held = reply.done()
        stop.set()
    assert answered_while_held, "GET /auth/me waited for the write lock of another connection"
    assert reply.result().status_code == 200


@SQLITE
def test_a_read_transaction_refuses_to_write(app: FastAPI, clock: Clock) -> None:
    """A write in a `begin_read` transaction (no write lock) fails at once, not only when another writer is busy."""
    with session_of(app) as session:
        begin_read(session)
        session.add(Team(name="North", created_at=clock.now()))
        with pytest.raises(RuntimeError, match="a write in a read transaction"):
            session.flush()
        session.rollback()
        session.add(Team(name="North", created_at=clock.now()))  # the next transaction takes the write lock again
        session.commit()


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn in a thread; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive()
        time.sleep(0.02)
    yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=30)


@pytest.mark.parametrize(
    "database", [pytest.param("postgres", marks=pytest.mark.postgres), "sqlite"], indirect=True, ids=["pg", "sqlite"]
)
def test_more_requests_at_once_than_worker_threads_all_complete(app: FastAPI, clock: Clock, server: str) -> None:
    """A route that read last still holds its transaction (on SQLite the write lock, BEGIN IMMEDIATE; on both a
    connection) while FastAPI checks its reply on a worker thread; with every worker thread waiting for that lock
    or a connection, the reply waited for them as they waited for it, until SQLite or the pool gave up."""
    trainer = make_user(app, role=Role.trainer, clock=clock)
    token, csrf = make_session(app, trainer, clock=clock)
    cookies, headers = {SESSION_COOKIE: token}, {CSRF_HEADER: csrf}

    def one(n: int) -> int:
        with httpx.Client(base_url=server, cookies=cookies, headers=headers, timeout=120) as client:
            if n % 2:
                return client.get("/api/v1/teams").status_code
            return client.patch("/api/v1/auth/me", json={"name": f"Trainer {n}"}).status_code

    with ThreadPoolExecutor(max_workers=80) as pool:  # FastAPI runs sync routes on 40 threads
        statuses = list(pool.map(one, range(240)))
    assert Counter(statuses) == {200: 240}
