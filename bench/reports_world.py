"""The big PostgreSQL database that bench/reports_bench.py times the report endpoints on: 20 teams, 1,000 reps,
200 objection steps, answers over a year (COPY), exams, cycles, certificates, disputes, norms and plans."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, text

DATABASE = "parry_bench"
CATEGORIES = ["price", "competitor", "timing", "authority", "no_need", "trust", "send_info", "think_about_it"]
TEAMS, REPS, SCENARIOS, STEPS_PER_SCENARIO, TRACKS, DAYS = 20, 1000, 40, 5, 4, 365


@dataclass(frozen=True)
class Sizes:
    teams: int
    reps: int
    steps: int
    answers: int
    tests: int
    cycles: int
    certificates: int
    disputes: int


# --- the database --------------------------------------------------------------------------------------------------


def copy_rows(engine: Engine, table: str, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    """COPY rows into a table; returns how many."""
    count = 0
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        with cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row(row)
                count += 1
        raw.commit()
    finally:
        raw.close()
    return count


def document(n: int) -> dict[str, Any]:
    """A valid scenario document with five steps."""
    steps = [
        {
            "id": f"step-{i}",
            "category": CATEGORIES[(n + i) % len(CATEGORIES)],
            "customer_line": f"Objection {i} of scenario {n}: we are not sure about this.",
            "references": [f"A good answer {i}-{n}, first.", f"A good answer {i}-{n}, second."],
        }
        for i in range(STEPS_PER_SCENARIO)
    ]
    return {
        "id": f"bench-{n}",
        "title": f"Сценарий {n}",
        "language": "en",
        "context": "A bench scenario.",
        "persona": {"role": "Buyer", "company": "Bench Ltd", "temperament": "busy"},
        "difficulty": "medium",
        "tags": ["bench"],
        "pass_mark": 70,
        "closing_line": None,
        "steps": steps,
    }


def fill(engine: Engine, *, answers: int, now: datetime, rng: random.Random) -> Sizes:
    """Teams, users, scenarios, tracks, assignments, tests, answers, cycles, certificates, disputes."""
    import json

    created = now - timedelta(days=DAYS + 5)
    copy_rows(engine, "team", ["id", "name", "created_at"], ((t, f"Команда {t}", created) for t in range(1, TEAMS + 1)))
    users: list[tuple[Any, ...]] = []
    for n in range(1, REPS + TEAMS + 3):
        role = (
            "trainee" if n <= REPS else "trainer" if n <= REPS + TEAMS else "head" if n == REPS + TEAMS + 1 else "admin"
        )
        team = (n - 1) % TEAMS + 1 if n <= REPS + TEAMS else None
        users.append((n, f"user{n}@bench.example", f"Менеджер {n}", role, team, "ru", "x", True, created, created))
    copy_rows(
        engine,
        "user",
        [
            "id",
            "email",
            "name",
            "role",
            "team_id",
            "language",
            "password_hash",
            "is_active",
            "created_at",
            "password_changed_at",
        ],
        iter(users),
    )
    docs = [document(n) for n in range(1, SCENARIOS + 1)]
    copy_rows(
        engine,
        "scenario",
        [
            "id",
            "slug",
            "title",
            "language",
            "difficulty",
            "tags",
            "categories",
            "tag_index",
            "category_index",
            "search_text",
            "latest_version",
            "created_at",
            "updated_at",
        ],
        (
            (n, d["id"], d["title"], "en", "medium", "[]", "[]", "", "", "", 1, created, created)
            for n, d in enumerate(docs, 1)
        ),
    )
    copy_rows(
        engine,
        "scenario_version",
        [
            "id",
            "scenario_id",
            "number",
            "content",
            "title",
            "language",
            "difficulty",
            "tag_index",
            "category_index",
            "search_text",
            "step_count",
            "published_at",
        ],
        (
            (n, n, 1, json.dumps(d), d["title"], "en", "medium", "", "", "", STEPS_PER_SCENARIO, created)
            for n, d in enumerate(docs, 1)
        ),
    )
    per_track = SCENARIOS // TRACKS
    tracks = [list(range(t * per_track + 1, (t + 1) * per_track + 1)) for t in range(TRACKS)]
    copy_rows(
        engine,
        "track",
        ["id", "name", "latest_version", "created_at", "updated_at"],
        ((t, f"Программа {t}", 1, created, created) for t in range(1, TRACKS + 1)),
    )
    copy_rows(
        engine,
        "track_version",
        [
            "id",
            "track_id",
            "number",
            "name",
            "description",
            "scenario_ids",
            "test_size",
            "seconds_per_answer",
            "pass_mark",
            "floor",
            "attempts_allowed",
            "certificate_valid_days",
            "published_at",
        ],
        (
            (t, t, 1, f"Программа {t}", "", json.dumps(tracks[t - 1]), 10, 120, 70, 40, 3, 180, created)
            for t in range(1, TRACKS + 1)
        ),
    )
    assigned = {team: [(team % TRACKS) + 1, ((team + 1) % TRACKS) + 1] for team in range(1, TEAMS + 1)}
    copy_rows(
        engine,
        "assignment",
        ["track_id", "team_id", "assigned_at"],
        ((track, team, created) for team, ts in assigned.items() for track in ts),
    )
    tests = _tests(engine, assigned=assigned, now=now, rng=rng)
    count = copy_rows(engine, "answer", ANSWER_COLUMNS, _answers(answers, tests=tests, tracks=tracks, now=now, rng=rng))
    cycles, certificates = _cycles(engine, assigned=assigned, tests=tests, now=now)
    disputes = _disputes(engine, every=max(1, count // 2000), now=now)
    _norms_and_plans(engine, assigned=assigned, now=now)
    with engine.begin() as connection:
        for table in (
            "team",
            "user",
            "scenario",
            "scenario_version",
            "track",
            "track_version",
            "assignment",
            "test",
            "answer",
            "training_cycle",
            "certificate",
            "dispute",
            "practice_norm",
            "onboarding_plan",
            "plan_assignment",
        ):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
                )
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))  # what autovacuum does after a bulk load: statistics, visibility
    return Sizes(TEAMS, REPS, SCENARIOS * STEPS_PER_SCENARIO, count, len(tests), cycles, certificates, disputes)


def _disputes(engine: Engine, *, every: int, now: datetime) -> int:
    """Decided disputes on every n-th answer: half accepted with a new score, half rejected."""
    with engine.begin() as connection:
        result = connection.execute(
            text(
                "INSERT INTO dispute (answer_id, user_id, comment, status, original_score, new_score, reason, "
                "created_at) SELECT id, user_id, 'Посмотрите ещё раз', CASE WHEN id % 2 = 0 THEN 'accepted' "
                "ELSE 'rejected' END, score, CASE WHEN id % 2 = 0 THEN LEAST(100, score + 15) END, 'ok', :now "
                "FROM answer WHERE id % :every = 0"
            ),
            {"now": now, "every": every},
        )
        return int(result.rowcount)


def _norms_and_plans(engine: Engine, *, assigned: dict[int, list[int]], now: datetime) -> None:
    """A practice norm for every team (Moscow days: 3 answers a day, 3 days and 2 objections mastered a week) and
    a second version from 60 days ago; every 20th rep on an onboarding plan of their team's two tracks."""
    import json

    since = (now - timedelta(days=DAYS)).date()
    copy_rows(
        engine,
        "practice_norm",
        ["team_id", "valid_from", "answers_per_day", "days_per_week", "mastered_per_week", "time_zone", "created_at"],
        (
            (team, day, 3, days, 2, "Europe/Moscow", now)
            for team in range(1, TEAMS + 1)
            for day, days in ((since, 2), (now.date() - timedelta(days=60), 3))
        ),
    )
    plans = [
        (team, json.dumps([{"track_id": t, "due_days": 30 * (n + 1)} for n, t in enumerate(tracks)]))
        for team, tracks in assigned.items()
    ]
    copy_rows(
        engine,
        "onboarding_plan",
        ["id", "name", "description", "probation_days", "milestones", "created_at", "updated_at"],
        ((team, f"План {team}", "", 90, milestones, now, now) for team, milestones in plans),
    )
    copy_rows(
        engine,
        "plan_assignment",
        ["plan_id", "user_id", "start_date", "assigned_at"],
        (((rep - 1) % TEAMS + 1, rep, (now - timedelta(days=rep % 80)).date(), now) for rep in range(1, REPS + 1, 20)),
    )


ANSWER_COLUMNS = [
    "user_id",
    "kind",
    "test_id",
    "scenario_id",
    "scenario_version_id",
    "step_id",
    "category",
    "text",
    "score",
    "passed",
    "pass_mark",
    "final_score",
    "retry",
    "result",
    "model",
    "created_at",
]


def _tests(
    engine: Engine, *, assigned: dict[int, list[int]], now: datetime, rng: random.Random
) -> list[tuple[Any, ...]]:
    """Three finished tests per rep: (id, user, track, started)."""
    rows = []
    for rep in range(1, REPS + 1):
        track = assigned[(rep - 1) % TEAMS + 1][0]
        for number in range(1, 4):
            started = now - timedelta(days=rng.uniform(1, DAYS))
            score = rng.uniform(40, 95)
            rows.append(
                (
                    len(rows) + 1,
                    rep,
                    track,
                    track,
                    number,
                    "passed" if score >= 70 else "failed",
                    120,
                    70,
                    40,
                    round(score, 2),
                    score >= 70,
                    started,
                    started + timedelta(minutes=20),
                )
            )
    copy_rows(
        engine,
        "test",
        [
            "id",
            "user_id",
            "track_id",
            "track_version_id",
            "number",
            "status",
            "seconds_per_answer",
            "pass_mark",
            "floor",
            "score",
            "passed",
            "started_at",
            "finished_at",
        ],
        iter(rows),
    )
    return rows


def _answers(
    total: int, *, tests: list[tuple[Any, ...]], tracks: list[list[int]], now: datetime, rng: random.Random
) -> Iterator[tuple[Any, ...]]:
    for test in tests:  # ten answers per test
        scenarios = tracks[test[2] - 1]
        for _ in range(10):
            scenario, step = rng.choice(scenarios), rng.randrange(STEPS_PER_SCENARIO)
            yield _answer(test[1], "test", test[0], scenario, step, test[11], rng)
    for _ in range(total - 10 * len(tests)):
        rep = rng.randint(1, REPS)
        scenario = rng.choice(tracks[(rep % TRACKS)])
        at = now - timedelta(seconds=rng.uniform(0, DAYS * 86400))
        yield _answer(rep, "practice", None, scenario, rng.randrange(STEPS_PER_SCENARIO), at, rng)


def _answer(
    user: int, kind: str, test: int | None, scenario: int, step: int, at: datetime, rng: random.Random
) -> tuple[Any, ...]:
    score = min(100, max(0, int(rng.gauss(65, 20))))
    category = CATEGORIES[(scenario + step) % len(CATEGORIES)]
    return (
        user,
        kind,
        test,
        scenario,
        scenario,
        f"step-{step}",
        category,
        "Понимаю вас. Давайте обсудим.",
        score,
        score >= 70,
        70,
        score,
        False,
        "{}",
        "bench",
        at,
    )


def _cycles(
    engine: Engine, *, assigned: dict[int, list[int]], tests: list[tuple[Any, ...]], now: datetime
) -> tuple[int, int]:
    cycles, certificates = [], []
    for test in tests:
        if test[4] == 3 and test[10]:  # the third test passed: a certificate
            finished = test[12]
            certificates.append(
                (
                    len(certificates) + 1,
                    test[1],
                    test[2],
                    test[3],
                    test[0],
                    test[9],
                    finished,
                    finished + timedelta(days=166),
                    finished + timedelta(days=180),
                )
            )
    copy_rows(
        engine,
        "certificate",
        ["id", "user_id", "track_id", "track_version_id", "test_id", "score", "issued_at", "warning_at", "expires_at"],
        iter(certificates),
    )
    certified = {(c[1], c[2]): c[0] for c in certificates}
    for rep in range(1, REPS + 1):
        for track in assigned[(rep - 1) % TEAMS + 1]:
            certificate = certified.get((rep, track))
            state = "passed" if certificate else "practising"
            started = now - timedelta(days=DAYS)
            cycles.append((rep, track, 1, "initial", state, "[]", 2, 14, started, certificate, started))
    copy_rows(
        engine,
        "training_cycle",
        [
            "user_id",
            "track_id",
            "number",
            "kind",
            "state",
            "focus",
            "practice_needed",
            "warning_days",
            "started_at",
            "certificate_id",
            "updated_at",
        ],
        iter(cycles),
    )
    return len(cycles), len(certificates)
