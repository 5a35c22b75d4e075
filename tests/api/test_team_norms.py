"""The team screen's norm column reads PostgreSQL in one statement (api/services/team_norms.py); it must say what the
straightforward reading says: every answer and pass read and counted in Python (`norms.read_practice`) and judged by
`norms.standing`. Random small worlds: reps in zones from UTC-11 to UTC+14, team and rep versions that change the
zone (spans before, inside and after the window), passes, fails and retries over seven weeks."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from api_builders import FEEDBACK, Clock, make_team, make_user, publish_scenario, session_of
from fastapi import FastAPI
from sqlmodel import select

from api.models import Answer, Role, ScenarioVersion, User
from api.models.norms import PracticeNorm
from api.services import norms, team_norms

NOW = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)  # a Thursday
ZONES = ["UTC", "Europe/Moscow", "Asia/Vladivostok", "Pacific/Kiritimati", "Pacific/Pago_Pago", "America/New_York"]
STEPS = [f"step-{n}" for n in range(16)]


def _world(app: FastAPI, rng: random.Random) -> list[User]:
    clock = Clock(NOW)
    teams = [make_team(app, name=f"Team {n}", clock=clock) for n in range(2)]
    trainer = make_user(app, role=Role.trainer, team=teams[0], clock=clock)
    scenario = publish_scenario(app, author=trainer, clock=clock)
    reps = [make_user(app, role=Role.trainee, team=teams[n % 2], clock=clock) for n in range(8)]
    with session_of(app) as session:
        version = session.exec(select(ScenarioVersion.id)).first() or 0
        for team in teams:  # three versions: long ago, inside the window's two weeks, and none at all for some reps
            for start in (date(2026, 1, 5), NOW.date() - timedelta(days=rng.randint(0, 12))):
                session.add(
                    PracticeNorm(
                        team_id=team.id,
                        valid_from=start,
                        answers_per_day=rng.choice([None, 2]),
                        days_per_week=rng.choice([None, 2, 3]),
                        mastered_per_week=rng.choice([1, 2]),
                        time_zone=rng.choice(ZONES),
                        created_at=NOW,
                    )
                )
        for rep in reps[:4]:  # a rep's own zone from a day in the last three weeks
            session.add(
                PracticeNorm(
                    user_id=rep.id,
                    valid_from=NOW.date() - timedelta(days=rng.randint(0, 20)),
                    mastered_per_week=rng.choice([None, 1, 3]),
                    time_zone=rng.choice(ZONES),
                    created_at=NOW,
                )
            )
        for rep in reps:
            for _ in range(rng.randint(20, 60)):
                days = rng.choice([14, 49])  # half of them in the last two weeks
                at = NOW - timedelta(minutes=rng.randint(1, days * 24 * 60))
                score, retry = rng.choice([40, 80, 90]), rng.random() < 0.2
                session.add(
                    Answer(
                        user_id=rep.id or 0,
                        kind=rng.choice(["practice"] * 9 + ["drill"]),
                        scenario_id=scenario.id or 0,
                        scenario_version_id=version,
                        step_id=rng.choice(STEPS),
                        category="price",
                        text="An answer.",
                        score=score,
                        passed=score >= 70,
                        pass_mark=70,
                        final_score=score,
                        retry=retry,
                        result=FEEDBACK,
                        model="test",
                        created_at=at,
                    )
                )
        session.commit()
        return [session.get(User, rep.id) or rep for rep in reps]


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_norm_column_says_what_reading_every_answer_says(app: FastAPI, seed: int) -> None:
    rng = random.Random(seed)
    reps = _world(app, rng)
    with session_of(app) as session:
        reps = [session.get(User, rep.id) or rep for rep in reps]
        fast = team_norms.norm_standing(session, reps, now=NOW)
        lines = norms.timelines(session, reps)
        since = NOW - timedelta(days=60)
        slow = norms.read_practice(session, lines, since=since, end=NOW + timedelta(seconds=1))
        expected = {}
        for user_id, line in lines.items():
            today = norms.today_of(line, NOW)
            if line.on(today).source == "none":
                expected[user_id] = ("none", [])
                continue
            _, behind, reasons = norms.standing(line, slow[user_id], today=today)
            weekly = any(
                line.on(d).days_per_week or line.on(d).mastered_per_week
                for d in (norms.week_of(today), norms.week_of(today) - timedelta(days=7))
            )
            expected[user_id] = ("behind" if behind else "on_track", reasons) if weekly else ("on_track", [])
        assert fast == expected
        if session.get_bind().dialect.name != "postgresql":
            return
        # the statement's own reading, day by day, from the Monday before last
        reading = team_norms.prepare(session, reps, now=NOW)
        first, read = reading.first_monday, team_norms.read(session, reading)
        assert len(read) >= 6
        mastered_seen = 0
        for user_id, practice in read.items():
            own = slow[user_id]
            assert dict(practice.answers) == {d: n for d, n in own.answers.items() if d >= first}, user_id
            assert practice.mastered == [d for d in own.mastered if d >= first], user_id
            mastered_seen += len(practice.mastered)
        assert mastered_seen > 0  # the worlds do master steps in the window
