"""API test fixtures: one migrated database per engine per session (SQLite file, PostgreSQL schema), emptied
after each test; an app per test with a controllable clock; the real model only for tests marked `model`.
A module whose tests share data built once (test_permissions' world) takes `shared_app` instead: one app for the
module, not emptied between its tests, which put back what they change (api_database.restore).

Every test that takes the database runs on SQLite; the modules in ON_POSTGRES run on PostgreSQL as well, because
there SQL behaves differently (dialect branches, locking, migrations, inputs the database refuses). A test may still
choose for itself with `@pytest.mark.parametrize("database", [...], indirect=True)`, as the concurrency tests do."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
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
    handle = Database("sqlite", url, engine)
    handle.empty()
    yield handle
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
        handle = Database("postgres", rendered, engine)
        handle.empty()
        yield handle
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


# Modules whose tests run on PostgreSQL too, and why; every other API test runs on SQLite only (README, Tests).
ON_POSTGRES: dict[str, str] = {
    "test_app": "the migrations must create exactly the models' tables on each database",
    "test_auth": "login limits: PostgreSQL counts failures under advisory locks (accounts._lock_counts)",
    "test_bad_input": "ids past PostgreSQL's integer and NUL characters, which PostgreSQL refuses and SQLite keeps",
    "test_schemathesis": "any input the schema allows, against the database that refuses the most",
    "test_cycles": "cycles, tests and certificates: times compared in SQL, the test's row lock (exams)",
    "test_pass_rule": "the effective pass rule in SQL (answers.effective_passed_sql) agrees with Python's",
    "test_exams": "SELECT … FOR UPDATE of a test and a unique number per attempt",
    "test_attempt_requests": "SELECT … FOR UPDATE of a request; a partial unique index (one pending request)",
    "test_disputes": "SELECT … FOR UPDATE of a dispute",
    "test_practice": "SELECT … FOR UPDATE of a drill and of review cards",
    "test_scheduling": "review cards inserted in a SAVEPOINT that a unique conflict rolls back",
    "test_reports": "report SQL: aggregates, periods, PostgreSQL's planner settings (reports.query.tune)",
    "test_report_csv": "report SQL",
    "test_report_agreement": "report SQL",
    "test_delivery_report": "report SQL (counted answers of a period)",
    "test_stop_phrase_report": "report SQL, and a migration that fills a column from stored answers",
    "test_weekly_summary": "team report SQL",
    "test_team_screen": "PostgreSQL-only SQL and a second connection for the norms (team_screen._aside)",
    "test_team_norms": "a PostgreSQL-only statement for the practice of a team (team_norms)",
    "test_team_answers": "a PostgreSQL index (migration 0013) and the statement it serves",
    "test_drill_summary": "a migration that adds columns and goes back",
    "test_user_deletion": "SQLite overwrites deleted rows and checkpoints its log; PostgreSQL does neither",
}
SQLITE_ONLY = pytest.param("sqlite", id="sqlite")
ON_PG = pytest.param("postgres", marks=pytest.mark.postgres, id="pg")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test that takes the database, unless it chose one itself: on SQLite, and on PostgreSQL too in the
    modules of ON_POSTGRES. One database of each kind per session (per xdist worker): `databases`."""
    if "database" not in metafunc.fixturenames:
        return
    chosen = (mark.args[0] for mark in metafunc.definition.iter_markers("parametrize"))
    if any("database" in (names.split(",") if isinstance(names, str) else names) for names in chosen):
        return
    module = metafunc.module.__name__.rpartition(".")[2]
    kinds = [SQLITE_ONLY, ON_PG] if module in ON_POSTGRES else [SQLITE_ONLY]
    metafunc.parametrize("database", kinds, indirect=True)


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Database]]:
    """The session's databases, one of each kind ("sqlite", "postgres"), each migrated on first use and emptied of
    the rows the migrations seed (default stop phrases), then kept to the end: modules of either kind may come in
    any order (pytest-xdist sends whole modules to its workers) without a database made twice."""
    made: dict[str, Database | str] = {}  # a kind that cannot be had: why
    openers: list[Iterator[Database]] = []

    def get(kind: str) -> Database:
        if kind not in made:
            opener = _sqlite(tmp_path_factory.mktemp("db")) if kind == "sqlite" else _postgres()
            try:
                made[kind] = next(opener)
            except pytest.skip.Exception as skipped:  # no server: every test of that kind skips, with the reason
                made[kind] = skipped.msg
            else:
                openers.append(opener)
        handle = made[kind]
        if isinstance(handle, str):
            pytest.skip(handle)
        return handle

    yield get
    for opener in reversed(openers):
        next(opener, None)  # the rest of the generator: dispose of the engine, drop the schema


@pytest.fixture(scope="module")
def database(request: pytest.FixtureRequest, databases: Callable[[str], Database]) -> Database:
    """The session's database of the kind the test runs on (`pytest_generate_tests`); every test starts from empty
    tables."""
    kind: str = request.param
    return databases(kind)


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
