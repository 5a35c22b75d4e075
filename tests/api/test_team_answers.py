"""The team screen's answers on PostgreSQL are aggregated rep by rep (`team_screen.per_rep_answers`, on the covering
index of migration 0013); they must be the rows of the straightforward statement over every answer of the period
(`team_screen._answers_statement`, which SQLite runs): the same category cells and weakest steps for every rep, on
random small worlds with tests running and finished, disputed scores, ties, inactive reps and other roles."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from api_builders import (
    FEEDBACK,
    Clock,
    make_team,
    make_user,
    publish_scenario,
    publish_track,
    scenario_document,
    session_of,
)
from api_database import Database
from fastapi import FastAPI
from sqlmodel import Session, select
from training_builders import record_test

from api.models import Answer, Assignment, Role, ScenarioVersion, User
from api.services import exams as exam_service
from api.services import team_screen
from api.services.reports.period import Period

NOW = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
STEPS = [("price", "price"), ("pushback", "price"), ("timing", "timing"), ("budget", "budget"), ("later", "timing")]


def _world(app: FastAPI, rng: random.Random) -> list[int]:
    clock = Clock(NOW)
    teams = [make_team(app, name=f"Team {n}", clock=clock) for n in range(2)]
    trainer = make_user(app, role=Role.trainer, team=teams[0], clock=clock)
    scenarios = [
        publish_scenario(app, author=trainer, clock=clock, document=scenario_document(f"hvac-{n}")) for n in range(2)
    ]
    track = publish_track(app, author=trainer, clock=clock, scenario_ids=[s.id or 0 for s in scenarios], name="Basics")
    reps = [make_user(app, role=Role.trainee, team=teams[n % 2], clock=clock) for n in range(7)]
    with session_of(app) as session:
        versions = dict(session.exec(select(ScenarioVersion.scenario_id, ScenarioVersion.id)).all())
        for team in teams:
            session.add(Assignment(track_id=track.id or 0, team_id=team.id, assigned_at=NOW - timedelta(days=30)))
        gone = session.get(User, reps[-1].id)
        assert gone is not None
        gone.is_active = False  # an inactive rep's answers still make the screen's categories, as before
        session.add(gone)
        for person in [*reps, trainer]:
            for _ in range(rng.randint(5, 40)):
                scenario = rng.choice(scenarios)
                step, category = rng.choice(STEPS)
                score = rng.choice([30, 55, 70, 85])  # few values: ties in the weakest steps
                final = score if rng.random() < 0.85 else rng.choice([40, 90])  # a decided dispute
                session.add(
                    Answer(
                        user_id=person.id or 0,
                        kind="practice",
                        scenario_id=scenario.id or 0,
                        scenario_version_id=versions[scenario.id],
                        step_id=step,
                        category=category,
                        text="An answer.",
                        score=score,
                        passed=score >= 70,
                        pass_mark=70,
                        final_score=final,
                        result=FEEDBACK,
                        model="test",
                        created_at=NOW - timedelta(minutes=rng.randint(1, 120 * 24 * 60)),
                    )
                )
        session.commit()
    for rep in reps[:3]:  # finished tests count, a running one does not
        scores = {s: rng.choice([40, 80]) for s, _ in STEPS}
        record_test(app, rep=rep, track=track, scores=scores, at=NOW - timedelta(days=3))
    with session_of(app) as session:
        rep = session.get(User, reps[3].id)
        assert rep is not None
        running = exam_service.start_exam(session, rep=rep, track=track, now=NOW - timedelta(hours=1), settings=None)
        session.add(
            Answer(
                user_id=rep.id or 0,
                kind="test",
                test_id=running.id,
                scenario_id=scenarios[0].id or 0,
                scenario_version_id=versions[scenarios[0].id],
                step_id="price",
                category="price",
                text="An answer.",
                score=5,
                passed=False,
                pass_mark=70,
                final_score=5,
                result=FEEDBACK,
                model="test",
                created_at=NOW - timedelta(minutes=30),
            )
        )
        session.commit()
    return [t.id or 0 for t in teams]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rep_by_rep_reads_what_the_whole_period_reads(app: FastAPI, seed: int) -> None:
    with session_of(app) as session:
        if session.get_bind().dialect.name != "postgresql":
            pytest.skip("the rep-by-rep statement is PostgreSQL's (SQLite runs the whole-period one)")
    teams = _world(app, random.Random(seed))
    with session_of(app) as session:
        for team_id in (None, *teams):
            for days in (1, 30, 84, 365):
                p = Period(team_id, (NOW - timedelta(days=days - 1)).date(), NOW.date())
                fast = sorted(tuple(row) for row in team_screen.per_rep_answers(session, p))
                plain = sorted(tuple(row) for row in session.connection().execute(team_screen._answers_statement(p)))
                assert fast == plain, (team_id, days)
                if days == 84 and team_id is None:
                    assert {row[0] for row in fast} == {"c", "w"}
                    assert len({row[1] for row in fast}) >= 6


def test_a_pool_with_no_connection_to_spare_reads_in_the_session(app: FastAPI, db: Database) -> None:
    """A screen that cannot have connections of its own (the pool's one is the session's) reads both statements in
    the session, and says the same."""
    if db.kind != "postgres":
        pytest.skip("SQLite always reads in the session")
    _world(app, random.Random(5))
    p = Period(None, (NOW - timedelta(days=83)).date(), NOW.date())
    tiny = sa.create_engine(db.url, pool_size=1, max_overflow=0, pool_timeout=2)
    try:
        with Session(tiny) as session:
            alone = team_screen.team_screen(session, p=p, now=NOW)
            assert tiny.pool.checkedout() == 1  # type: ignore[attr-defined]
    finally:
        tiny.dispose()
    with session_of(app) as session:
        assert alone.model_dump() == team_screen.team_screen(session, p=p, now=NOW).model_dump()
        assert any(row.weakest for row in alone.rows)
