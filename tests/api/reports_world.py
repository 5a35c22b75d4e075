"""The company the report tests share: two teams of reps, a trainer, a head and an admin, two scenarios and a
track, and random answers over 100 days, each kept as `Raw` beside what the database stores, so that a test can
compute what a report should say."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from api_builders import (
    FEEDBACK,
    Clock,
    client_for,
    make_team,
    make_user,
    publish_scenario,
    publish_track,
    scenario_document,
    session_of,
)
from fastapi import FastAPI
from training_builders import START, category_of, latest_version

from api.models import Answer, Dispute, Role, Scenario, ScenarioVersion, Team, Track, User
from api.services import exams as exam_service
from api.settings import Settings

V1 = "/api/v1"
NOW = START + timedelta(days=100)


def second_document() -> dict[str, Any]:
    document = scenario_document("second", title="Уже есть поставщик", language="en")
    for step, category in zip(document["steps"], ["competitor", "competitor", "trust"], strict=True):
        step["category"] = category
    document["steps"][0]["samples"] = [
        {"answer": "We are cheaper, just switch.", "grade": 20},
        {"answer": "I understand. What do you value most in your current supplier?", "grade": 70},
        {
            "answer": "Fair enough. What would make a comparison worth your time? Shall we compare on Tuesday?",
            "grade": 90,
        },
    ]
    return document


@dataclass
class Raw:
    """One answer as the test stored it, and whether a report should count it."""

    id: int
    user_id: int
    team_id: int | None
    role: Role
    scenario_id: int
    step_id: str
    category: str
    kind: str
    score: int
    final: int
    passed: bool
    pass_mark: int
    at: datetime
    counted: bool = True  # False for an answer of a test still running

    @property
    def effective_passed(self) -> bool:
        return self.passed if self.final == self.score else self.final >= self.pass_mark


@dataclass
class Company:
    moscow: Team
    export: Team
    reps: dict[str, User]
    trainer: User
    head: User
    admin: User
    scenarios: list[Scenario]
    track: Track
    raw: list[Raw]


def _new_answer(
    *, user: User, version: ScenarioVersion, step_id: str, score: int, at: datetime, **extra: Any
) -> Answer:
    return Answer(
        user_id=user.id or 0,
        kind=extra.get("kind", "practice"),
        test_id=extra.get("test_id"),
        scenario_id=version.scenario_id,
        scenario_version_id=version.id or 0,
        step_id=step_id,
        category=category_of(version, step_id),
        text=extra.get("text", f"Answer {score}"),
        score=score,
        passed=score >= 50,
        pass_mark=50,
        final_score=score,
        result=FEEDBACK,
        model="test",
        created_at=at,
    )


def _add_answer(app: FastAPI, *, user: User, scenario: Scenario, step_id: str, score: int, at: datetime) -> int:
    with session_of(app) as session:
        version = latest_version(app, scenario)
        answer = _new_answer(user=user, version=version, step_id=step_id, score=score, at=at)
        session.add(answer)
        session.commit()
        return answer.id or 0


def build_company(app: FastAPI, clock: Clock, settings: Settings) -> Company:
    clock.current = START
    moscow, export = make_team(app, name="Москва, отдел 1", clock=clock), make_team(app, name="Export", clock=clock)
    names = {
        "anna": ("Анна Петрова", moscow),
        "ivan": ("Иван Смирнов", moscow),
        "olga": ("=Ольга", moscow),
        "petr": ("Пётр", moscow),
        "maria": ("Мария", moscow),
        "john": ("John", export),
        "kate": ("Kate", export),
        "loner": ("Без команды", None),
    }
    reps = {}
    for key, (name, team) in names.items():
        reps[key] = make_user(app, team=team, clock=clock, email=f"{key}@example.com")
        with session_of(app) as session:
            user = session.get(User, reps[key].id)
            assert user is not None
            user.name = name
            session.add(user)
            session.commit()
            reps[key] = user
    trainer = make_user(app, role=Role.trainer, team=moscow, clock=clock)
    head, admin = make_user(app, role=Role.head, clock=clock), make_user(app, role=Role.admin, clock=clock)
    scenarios = [
        publish_scenario(app, author=trainer, clock=clock),
        publish_scenario(app, author=trainer, clock=clock, document=second_document()),
    ]
    track = publish_track(
        app,
        author=trainer,
        clock=clock,
        scenario_ids=[s.id or 0 for s in scenarios],
        team=moscow,
        certificate_valid_days=30,
        attempts_allowed=3,
        test_size=3,
        name="Цена и конкуренты",
    )
    company = Company(moscow, export, reps, trainer, head, admin, scenarios, track, [])
    _fill(app, company)
    return company


def _fill(app: FastAPI, company: Company) -> None:
    """Random practice answers over 100 days (some before the default 12-week period), a trainer's answers
    (not a rep: not counted), a finished test's answers (counted) and a running test's (not counted)."""
    rng = random.Random(5)
    steps = [(s, step) for s in company.scenarios for step in ("price", "pushback", "timing")]
    people = [*company.reps.values(), company.trainer]
    for user in people:
        for _ in range(rng.randint(15, 30)):
            scenario, step = rng.choice(steps)
            at = START + timedelta(days=rng.randint(0, 99), minutes=rng.randint(0, 600))
            score = rng.randint(0, 100)
            answer_id = _add_answer(app, user=user, scenario=scenario, step_id=step, score=score, at=at)
            company.raw.append(_raw(app, answer_id, user))
    _accept_a_dispute(app, company)
    anna = company.reps["anna"]
    finished = _started_test_answers(app, company, user=anna, at=NOW - timedelta(days=3), finish=True)
    running = _started_test_answers(app, company, user=company.reps["maria"], at=NOW - timedelta(hours=1), finish=False)
    company.raw += [_raw(app, i, anna) for i in finished]
    company.raw += [_raw(app, i, company.reps["maria"], counted=False) for i in running]


def _raw(app: FastAPI, answer_id: int, user: User, *, counted: bool = True) -> Raw:
    with session_of(app) as session:
        a = session.get(Answer, answer_id)
        assert a is not None
        return Raw(
            a.id or 0,
            a.user_id,
            user.team_id,
            user.role,
            a.scenario_id,
            a.step_id,
            a.category,
            a.kind,
            a.score,
            a.final_score,
            a.passed,
            a.pass_mark,
            a.created_at,
            counted,
        )


def _accept_a_dispute(app: FastAPI, company: Company) -> None:
    target = next(r for r in company.raw if r.user_id == company.reps["anna"].id and r.score < 50)
    with session_of(app) as session:
        answer = session.get(Answer, target.id)
        assert answer is not None
        answer.final_score = 88
        session.add(answer)
        session.add(
            Dispute(
                answer_id=target.id,
                user_id=target.user_id,
                comment="Covered it.",
                status="accepted",
                original_score=target.score,
                new_score=88,
                reason="Yes.",
                reviewer_id=company.trainer.id,
                created_at=target.at,
                reviewed_at=target.at,
            )
        )
        session.commit()
    target.final = 88


def _started_test_answers(app: FastAPI, company: Company, *, user: User, at: datetime, finish: bool) -> list[int]:
    with session_of(app) as session:
        rep, track = session.get(User, user.id), session.get(Track, company.track.id)
        assert rep is not None
        assert track is not None
        test = exam_service.start_exam(session, rep=rep, track=track, now=at, settings=None)
        ids = []
        for item in exam_service.items(session, exam=test):
            version = session.get(ScenarioVersion, item.scenario_version_id)
            assert version is not None
            answer = _new_answer(
                user=user, version=version, step_id=item.step_id, score=77, at=at, kind="test", test_id=test.id
            )
            session.add(answer)
            session.flush()
            item.status, item.answer_id = "answered", answer.id
            session.add(item)
            ids.append(answer.id or 0)
        session.commit()
        if finish:
            exam_service.finish(session, exam=test, now=at + timedelta(minutes=5), grace_seconds=0)
        return ids


def counted_in(raw: list[Raw], *, since: date, until: date, team: int | None = None) -> list[Raw]:
    chosen = [r for r in raw if r.counted and r.role == Role.trainee and since <= r.at.date() <= until]
    return [r for r in chosen if team is None or r.team_id == team]


def rounded_mean(values: list[int]) -> float:
    return round(sum(values) / len(values), 1)


def get_json(app: FastAPI, clock: Clock, user: User, path: str) -> Any:
    clock.current = NOW
    response = client_for(app, user, clock=clock).get(f"{V1}{path}")
    assert response.status_code == 200, response.text
    return response.json()


DEFAULT_SINCE, DEFAULT_UNTIL = NOW.date() - timedelta(days=83), NOW.date()
