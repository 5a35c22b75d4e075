"""API test fixtures: one migrated database per engine per session (SQLite file, PostgreSQL schema), emptied
after each test; an app per test with a controllable clock; the real model only for tests marked `model`.
A module whose tests share data built once (test_permissions' world) takes `shared_app` instead: one app for the
module, not emptied between its tests, which put back what they change (api_database.restore)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_builders import Clock
from api_database import Database
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url

from api.clock import get_now
from api.db import make_engine
from api.main import create_app
from api.migrate import upgrade
from api.scoring import ScoringService
from api.settings import Settings
from scoring.scorer import Scorer

POSTGRES_URL = os.environ.get("PARRY_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _sqlite(folder: Path) -> Iterator[Database]:
    url = f"sqlite:///{folder / 'parry-test.db'}"
    engine = make_engine(url)
    upgrade(engine)
    yield Database("sqlite", url, engine)
    engine.dispose()


def _postgres() -> Iterator[Database]:
    probe = make_url(POSTGRES_URL).update_query_dict({"connect_timeout": "5"})
    admin = make_engine(probe.render_as_string(hide_password=False), pool_size=1)
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure to reach the server means: skip, and say why
        admin.dispose()
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        pytest.skip(f"PostgreSQL at {make_url(POSTGRES_URL).render_as_string()} cannot be reached ({reason})")
    schema = f"parry_test_{secrets.token_hex(4)}"
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    engine = make_engine(rendered, pool_size=5)
    try:
        upgrade(engine)
        yield Database("postgres", rendered, engine)
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], ids=["sqlite", "pg"]
)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A migrated database of each kind, created once per session, emptied of the rows the migrations seed (default
    stop phrases): every test starts from empty tables, the session's first as well."""
    made = _sqlite(tmp_path_factory.mktemp("db")) if request.param == "sqlite" else _postgres()
    for handle in made:
        handle.empty()
        yield handle


@pytest.fixture
def db(database: Database) -> Iterator[Database]:
    """The session's database, emptied after the test."""
    yield database
    database.empty()


def _settings(database: Database) -> Settings:
    # Most tests start a test without practising first; the practice gate has tests of its own (test_cycles).
    return Settings(
        database_url=database.url,
        environment="development",
        preload_model=False,
        scoring_batch_window_ms=2.0,
        test_requires_practice=False,
    )


@pytest.fixture
def settings(db: Database) -> Settings:
    """Settings of a development instance on the test database (no model preloading)."""
    return _settings(db)


@pytest.fixture
def clock() -> Clock:
    """The app's time: starts now, moves only when told."""
    return Clock()


def _refuse() -> Scorer:
    raise RuntimeError("this test scores an answer: mark it with @pytest.mark.model")


def _scoring(request: pytest.FixtureRequest, settings: Settings) -> ScoringService:
    """The real scorer for tests marked `model`; for the others, one that refuses to load the model."""
    if request.node.get_closest_marker("model") is None:
        return ScoringService(None, load=_refuse)
    scorer: Scorer = request.getfixturevalue("scorer")
    return ScoringService(scorer, batch_window_s=settings.scoring_batch_window_ms / 1000)


@pytest.fixture
def app(request: pytest.FixtureRequest, db: Database, settings: Settings, clock: Clock) -> Iterator[FastAPI]:
    """The app on the test database and clock; tests marked `model` get the real scorer."""
    application = create_app(settings, engine=db.engine)
    application.state.scoring = _scoring(request, settings)
    application.dependency_overrides[get_now] = clock.now
    yield application
    application.state.scoring.close()


@pytest.fixture(scope="module")
def module_app(database: Database) -> Iterator[FastAPI]:
    """One app for a module's tests on the session's database, on a clock of its own (`app.state.clock`), emptied
    when the module is done."""
    clock = Clock()
    application = create_app(_settings(database), engine=database.engine)
    application.state.clock = clock
    application.dependency_overrides[get_now] = clock.now
    yield application
    database.empty()


@pytest.fixture
def shared_app(request: pytest.FixtureRequest, module_app: FastAPI) -> Iterator[FastAPI]:
    """The module's app for one test, with a scoring service of the test's own (the real scorer for tests marked
    `model`): its cache of scenario versions never outlives rows a test put back."""
    module_app.state.scoring = _scoring(request, module_app.state.settings)
    yield module_app
    module_app.state.scoring.close()
