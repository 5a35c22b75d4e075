"""Logins at the same moment against a real `parry serve --workers 2` (on SQLite and on PostgreSQL): the failure
throttle counts every failure exactly once, and many people logging in at once all get in, none with a 5xx."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from api_builders import PASSWORD, Clock, make_user, session_of
from api_database import Database
from argon2 import PasswordHasher
from fastapi import FastAPI
from served import Served, serving
from sqlalchemy import func
from sqlmodel import select

from api.models import AuthSession, LoginFailure, User
from api.security import verify_password

BOTH = pytest.mark.parametrize(
    "database", [pytest.param("postgres", marks=pytest.mark.postgres), "sqlite"], indirect=True, ids=["pg", "sqlite"]
)


@pytest.fixture(scope="module")
def server(database: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`parry serve --workers 2` on the test database, shared by this module's tests of that database."""
    with serving(tmp_path_factory.mktemp("serve"), database.url) as served:
        yield served


def _at_once(url: str, bodies: list[dict[str, str]]) -> list[httpx.Response]:
    """POST every body to /auth/login at the same moment, each from its own client."""
    start = threading.Barrier(len(bodies))

    def one(body: dict[str, str]) -> httpx.Response:
        with httpx.Client(base_url=url, timeout=120) as client:
            start.wait()
            return client.post("/api/v1/auth/login", json=body)

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(one, bodies))


@BOTH
def test_forty_wrong_passwords_at_once_give_at_most_five_401_and_count_each_failure_once(
    app: FastAPI, clock: Clock, server: Served
) -> None:
    user = make_user(app, email="target@example.com", clock=clock)
    replies = _at_once(server.url, [{"email": user.email, "password": f"wrong guess {i}"} for i in range(40)])
    statuses = Counter(r.status_code for r in replies)
    assert set(statuses) <= {401, 429}, (statuses, server.output())
    assert 1 <= statuses[401] <= 5, statuses
    with session_of(app) as session:
        failures = session.exec(select(func.count()).select_from(LoginFailure)).one()
    assert failures == statuses[401]  # a refused (429) attempt is not a failure of its own
    right = httpx.post(f"{server.url}/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert right.status_code == 429  # the guesser's address waits, even with the right password


def _slow_hash(password: str, *, seconds: float) -> str:
    """An argon2 hash (8 MiB, one lane) whose check takes about `seconds` here: how long a check takes on a busy
    machine, where the audit saw it, without the memory of fifty default checks at once."""
    probe = PasswordHasher(time_cost=20, memory_cost=8192, parallelism=1).hash(password)
    started = time.perf_counter()
    verify_password(password, probe)
    rounds = max(20, int(20 * seconds / (time.perf_counter() - started)))
    return PasswordHasher(time_cost=rounds, memory_cost=8192, parallelism=1).hash(password)


@BOTH
def test_fifty_people_logging_in_at_once_with_two_workers_all_get_in(
    app: FastAPI, clock: Clock, server: Served
) -> None:
    users = [make_user(app, clock=clock) for _ in range(50)]
    slow = _slow_hash(PASSWORD, seconds=0.8)  # 50 checks one after another would take 40 s, over SQLite's 30 s wait
    with session_of(app) as session:
        for user in users:
            session.merge(User.model_validate(user, update={"password_hash": slow}))
        session.commit()
    replies = _at_once(server.url, [{"email": u.email, "password": PASSWORD} for u in users])
    statuses = Counter(r.status_code for r in replies)
    assert statuses == {200: 50}, (statuses, [r.text for r in replies if r.status_code != 200][:3])
    with session_of(app) as session:
        assert session.exec(select(func.count()).select_from(AuthSession)).one() == 50
