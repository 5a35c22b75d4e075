"""Report endpoints on a big PostgreSQL database: 1,000 reps, 200 objection steps, 1,000,000 answers.

Run:  .venv/bin/python bench/reports_bench.py [--server postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
          [--answers 1000000] [--calls 7] [--keep] [--update-doc docs/performance.md]

It (re)creates the database `parry_bench` on that server, migrates it, fills it (COPY), runs VACUUM ANALYZE,
then calls every report endpoint through the app (in process, as a logged-in head of sales) and reports the
median and the slowest of `--calls` calls after one warm-up call. The database is dropped unless `--keep`.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from reports_world import DATABASE, REPS, SCENARIOS, STEPS_PER_SCENARIO, TEAMS, Sizes, fill
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from api.db import make_engine
from api.deps import SESSION_COOKIE
from api.main import create_app
from api.migrate import upgrade
from api.security import new_token, token_id
from api.settings import Settings

START, END = "<!-- reports-bench:start -->", "<!-- reports-bench:end -->"
TARGET_MS = 300


# --- the database --------------------------------------------------------------------------------------------------


def recreate(server: str, database: str = DATABASE) -> str:
    """Drop and create the bench database; returns its URL."""
    admin = make_engine(server, pool_size=1).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {database}"))
    admin.dispose()
    return bench_url(server, database)


def bench_url(server: str, database: str) -> str:
    return make_url(server).set(database=database).render_as_string(hide_password=False)


def drop(server: str, database: str = DATABASE) -> None:
    admin = make_engine(server, pool_size=1).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
    admin.dispose()


def counted(engine: Engine) -> Sizes:
    """The sizes of a kept bench database."""
    with engine.connect() as connection:

        def count(query: str) -> int:
            return int(connection.execute(text(f"SELECT count(*) FROM {query}")).scalar_one())

        return Sizes(
            count("team"),
            count("\"user\" WHERE role = 'trainee'"),
            SCENARIOS * STEPS_PER_SCENARIO,
            count("answer"),
            count("test"),
            count("training_cycle"),
            count("certificate"),
            count("dispute"),
        )


# --- the timings ---------------------------------------------------------------------------------------------------


def login(engine: Engine, settings: Settings, *, user_id: int, now: datetime) -> str:
    """A session for the head of sales, made directly (as the API tests do)."""
    token = new_token()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO auth_session (id, user_id, csrf_token, created_at, expires_at) "
                "VALUES (:id, :user, :csrf, :now, :expires)"
            ),
            {
                "id": token_id(token, settings.secret_key.get_secret_value()),
                "user": user_id,
                "csrf": new_token(),
                "now": now,
                "expires": now + timedelta(hours=12),
            },
        )
    return token


def endpoints() -> list[tuple[str, str]]:
    rep, team = 17, 3
    return [
        ("certification matrix, every team", "/reports/certification"),
        ("certification matrix, one team", f"/reports/certification?team_id={team}"),
        ("heat map, 12 weeks, every team", "/reports/heatmap"),
        ("heat map, one year, every team", f"/reports/heatmap?since={_days_ago(364)}"),
        ("heat map, 12 weeks, one team", f"/reports/heatmap?team_id={team}"),
        ("weakest steps, 12 weeks", "/reports/weakest-steps"),
        ("weakest steps, one team", f"/reports/weakest-steps?team_id={team}"),
        ("activity per week, 12 weeks", "/reports/activity"),
        ("activity per week, one year, one team", f"/reports/activity?team_id={team}&since={_days_ago(364)}"),
        ("a rep's answers (drill-down)", f"/reports/reps/{rep}/answers"),
        ("agreement per step", "/reports/agreement"),
        ("certification matrix CSV", "/reports/certification.csv"),
        ("heat map CSV", "/reports/heatmap.csv"),
        ("weakest steps CSV", "/reports/weakest-steps.csv"),
        ("activity CSV", "/reports/activity.csv"),
        ("a rep's answers CSV", f"/reports/reps/{rep}/answers.csv"),
        ("a rep's progress", f"/progress/reps/{rep}"),
        ("team screen, 12 weeks, every team", "/reports/team"),
        ("team screen, 12 weeks, one team", f"/reports/team?team_id={team}"),
        ("team screen XLSX, every team", "/reports/team.xlsx"),
        ("a rep's answers in one category", f"/reports/reps/{rep}/answers?category=price"),
    ]


def _days_ago(days: int) -> str:
    return f"{(datetime.now(UTC) - timedelta(days=days)).date()}"


def measure(client: TestClient, path: str, calls: int) -> tuple[float, float]:
    """Median and slowest of `calls` calls in ms, after one warm-up call."""
    response = client.get(f"/api/v1{path}")
    assert response.status_code == 200, (path, response.status_code, response.text[:300])
    times = []
    for _ in range(calls):
        begin = time.perf_counter()
        response = client.get(f"/api/v1{path}")
        times.append((time.perf_counter() - begin) * 1000)
        assert response.status_code == 200
    return statistics.median(times), max(times)


def markdown(results: list[tuple[str, str, float, float]], sizes: Sizes, *, seconds: float, calls: int) -> str:
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {platform.machine()} with {os.cpu_count()} CPUs, PostgreSQL "
        f"{_server_version()}, the app in process (FastAPI TestClient: routing, the queries, JSON or CSV).",
        f"Data: {sizes.teams} teams, {sizes.reps:,} reps, {sizes.steps} objection steps, {sizes.answers:,} answers "
        f"over a year ({sizes.tests:,} finished tests), {sizes.cycles:,} cycles, {sizes.certificates:,} certificates, "
        f"{sizes.disputes:,} decided disputes; filled in {seconds:.0f} s. Median and slowest of {calls} calls "
        "after one warm-up call; target under 300 ms.",
        "",
        "| endpoint | path | median ms | slowest ms | |",
        "|---|---|---:|---:|---|",
    ]
    for name, path, median, worst in results:
        verdict = "ok" if median < TARGET_MS else "**over**"
        lines.append(f"| {name} | `{path}` | {median:.0f} | {worst:.0f} | {verdict} |")
    return "\n".join(lines)


_VERSION: list[str] = []


def _server_version() -> str:
    return _VERSION[0] if _VERSION else "?"


def update_doc(path: Path, table: str) -> None:
    """Put the table between the markers of the doc."""
    content = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    path.write_text(pattern.sub(lambda _: f"{START}\n{table}\n{END}", content), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    server = os.environ.get("PARRY_BENCH_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--server", default=server, help="a PostgreSQL server URL (any database on it)")
    parser.add_argument("--database", default=DATABASE, help="the bench database's name (made afresh)")
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=7)
    parser.add_argument("--only", help="time only the endpoints whose name holds this text")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="time a database kept by --keep (migrated, not refilled)")
    parser.add_argument("--update-doc", type=Path)
    args = parser.parse_args()

    url = bench_url(args.server, args.database) if args.reuse else recreate(args.server, args.database)
    engine = make_engine(url, pool_size=2)
    now = datetime.now(UTC)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            _VERSION.append(str(connection.execute(text("SHOW server_version")).scalar_one()).split()[0])
        begin = time.perf_counter()
        sizes = counted(engine) if args.reuse else fill(engine, answers=args.answers, now=now, rng=random.Random(11))
        seconds = time.perf_counter() - begin
        print(f"filled in {seconds:.0f} s: {sizes}")
        settings = Settings(database_url=url, preload_model=False, warm_on_start=False)
        app = create_app(settings, engine=engine)
        client = TestClient(app)
        client.cookies.set(SESSION_COOKIE, login(engine, settings, user_id=REPS + TEAMS + 1, now=now))
        results = []
        for name, path in endpoints():
            if args.only and args.only not in name:
                continue
            median, worst = measure(client, path, args.calls)
            results.append((name, path, median, worst))
            print(f"{median:8.0f} ms  {worst:8.0f} ms  {name}")
        table = markdown(results, sizes, seconds=seconds, calls=args.calls)
        print(table)
        if args.update_doc:
            update_doc(args.update_doc, table)
    finally:
        engine.dispose()
        if not args.keep and not args.reuse:
            drop(args.server, args.database)


if __name__ == "__main__":
    main()
