"""Builders for API tests: users with sessions, scenario documents, published content, a controllable clock."""

from __future__ import annotations

import copy
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from api_database import Rows, rows
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from api.deps import CSRF_HEADER, SESSION_COOKIE
from api.models import Answer, AuthSession, Role, Scenario, ScenarioVersion, Team, Track, User
from api.models.content import AssignmentCreate, TrackRules
from api.scoring import ScoringService
from api.security import hash_password, new_token, token_id
from api.services import scenarios as scenario_service
from api.services import tracks as track_service

PASSWORD = "correct horse battery staple"
PASSWORD_HASH = hash_password(PASSWORD)


class Clock:
    """A clock for the app that moves only when told."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime.now(UTC).replace(microsecond=0)

    def now(self) -> datetime:
        """The current fake time."""
        return self.current

    def advance(self, **delta: float) -> datetime:
        """Move time forward (`seconds=`, `minutes=`, `hours=`, `days=`)."""
        self.current += timedelta(**delta)
        return self.current


def session_of(app: FastAPI) -> Session:
    """A database session on the app's engine."""
    engine: Engine = app.state.engine
    return Session(engine, expire_on_commit=False)


def make_team(app: FastAPI, *, name: str = "Sales", clock: Clock) -> Team:
    """A team."""
    with session_of(app) as session:
        team = Team(name=name, created_at=clock.now())
        session.add(team)
        session.commit()
        return team


def make_user(
    app: FastAPI,
    *,
    role: Role = Role.trainee,
    team: Team | None = None,
    email: str | None = None,
    name: str | None = None,
    clock: Clock,
) -> User:
    """A user whose password is PASSWORD (named after the role and a number unless `name` is given)."""
    with session_of(app) as session:
        count = session.exec(text('SELECT COUNT(*) FROM "user"')).one()[0]  # type: ignore[call-overload]
        user = User(
            email=email or f"{role.value}{count + 1}@example.com",
            name=name or f"{role.value.title()} {count + 1}",
            role=role,
            team_id=team.id if team else None,
            password_hash=PASSWORD_HASH,
            created_at=clock.now(),
            password_changed_at=clock.now(),
        )
        session.add(user)
        session.commit()
        return user


def north_and_south(
    app: FastAPI, *, clock: Clock, north: Iterable[str], south: Mapping[str, Role]
) -> tuple[Team, Team, dict[str, User]]:
    """Teams North and South; a head ("head"), North's trainer ("trainer"), the trainees `north` in North and
    South's people (name: role), these keyed and named by their names."""
    teams = make_team(app, name="North", clock=clock), make_team(app, name="South", clock=clock)
    people = {
        "head": make_user(app, role=Role.head, clock=clock),
        "trainer": make_user(app, role=Role.trainer, team=teams[0], clock=clock),
    }
    people |= {name: make_user(app, team=teams[0], name=name, clock=clock) for name in north}
    people |= {name: make_user(app, role=role, team=teams[1], name=name, clock=clock) for name, role in south.items()}
    return *teams, people


def make_session(app: FastAPI, user: User, *, clock: Clock) -> tuple[str, str]:
    """A login session made directly (without the slow password check): (cookie token, CSRF token)."""
    token, csrf_token = new_token(), new_token()
    secret = app.state.settings.secret_key.get_secret_value()
    with session_of(app) as session:
        expires = clock.now() + timedelta(hours=12)
        auth = AuthSession(
            id=token_id(token, secret),
            user_id=user.id,
            csrf_token=csrf_token,
            created_at=clock.now(),
            expires_at=expires,
        )
        session.add(auth)
        session.commit()
    return token, csrf_token


def client_for(app: FastAPI, user: User | None = None, *, clock: Clock, csrf: bool = True) -> TestClient:
    """A client logged in as `user`, sending the CSRF token unless told not to."""
    client = TestClient(app)
    if user is None:
        return client
    token, csrf_token = make_session(app, user, clock=clock)
    client.cookies.set(SESSION_COOKIE, token)
    if csrf:
        client.headers[CSRF_HEADER] = csrf_token
    return client


REFERENCES = {
    "price": [
        "I understand, the budget matters. May I ask what you are comparing our price with? Clients like you save "
        "two hours of dispatching a day, so the licence pays for itself in the first month. Shall we calculate "
        "your savings together on Thursday?",
        "That is a fair concern. Compared to what, if I may ask? Our customers usually cut overtime and fuel by "
        "about ten percent, so the system pays for itself. Let's book a short call on Tuesday to run the numbers "
        "for your fleet.",
    ],
    "pushback": [
        "I hear you. What part of the price feels too high: the licence or the setup? A company your size saved "
        "eighteen thousand a year on fuel with us. Can I send you that case and call you on Friday to go through it?",
        "Fair question. Is it the monthly fee or the total that worries you? The routing alone cuts fuel costs by "
        "a tenth for a fleet like yours. Let's put the figures side by side in a fifteen-minute call tomorrow.",
    ],
    "timing": [
        "I understand, the season is busy. What would need to be true to start next quarter? Setup takes two days "
        "and we do it outside your working hours. Shall we pencil in a kickoff for the first week of the quarter?",
        "Makes sense, you are busy now. What is keeping the team busy this month? Many clients start in the busy "
        "season because scheduling saves the most time then. Can we agree on a fifteen-minute planning call on "
        "Monday?",
    ],
}


def scenario_document(slug: str = "hvac-price", **changes: Any) -> dict[str, Any]:
    """A valid branching scenario: price -> (strong) timing / (weak) pushback -> timing or end."""
    document: dict[str, Any] = {
        "id": slug,
        "title": "Too expensive for an HVAC company",
        "language": "en",
        "context": "You sell field-service scheduling software to a regional HVAC company.",
        "persona": {"role": "Operations director", "company": "CoolAir Services", "temperament": "direct, busy"},
        "difficulty": "medium",
        "tags": ["SaaS", "price"],
        "pass_mark": 50,
        "closing_line": "All right, send me the calculation and let's talk on Thursday.",
        "steps": [
            {
                "id": "price",
                "category": "price",
                "customer_line": "Your software is too expensive for us.",
                "references": REFERENCES["price"],
                "key_points": [{"text": "acknowledges the concern"}, {"text": "proposes a concrete next step"}],
                "red_flags": [{"label": "immediate discount", "phrases": ["give you a discount"], "penalty": 30}],
                "hints": ["Ask what they compare the price with."],
                "follow_ups": {"strong": "timing", "weak": "pushback"},
            },
            {
                "id": "pushback",
                "category": "price",
                "customer_line": "I still don't see why it costs that much.",
                "references": REFERENCES["pushback"],
                "hints": ["Find out which part of the price feels high."],
                "follow_ups": {"strong": "timing", "weak": "end"},
            },
            {
                "id": "timing",
                "category": "timing",
                "customer_line": "Maybe next quarter, we are busy right now.",
                "references": REFERENCES["timing"],
                "hints": ["Ask what would need to be true to start."],
            },
        ],
    }
    document.update(changes)
    return copy.deepcopy(document)


STRONG = {step: refs[1] for step, refs in REFERENCES.items()}  # each scores well above the pass mark
WEAK = "No."  # too short: scored 0, whatever the step


def publish_scenario(app: FastAPI, *, author: User, clock: Clock, document: dict[str, Any] | None = None) -> Scenario:
    """A scenario created and published through the service (version 1)."""
    with session_of(app) as session:
        parsed = scenario_service.parse(document or scenario_document())
        row = scenario_service.create(session, document=parsed, author=author, now=clock.now())
        scenario_service.publish(session, row=row, author=author, now=clock.now(), scoring=ScoringService(None))
        return row


def draft_scenario(app: FastAPI, *, author: User, clock: Clock, document: dict[str, Any] | None = None) -> Scenario:
    """A scenario that is only a draft."""
    with session_of(app) as session:
        parsed = scenario_service.parse(document or scenario_document())
        return scenario_service.create(session, document=parsed, author=author, now=clock.now())


def track_rules(scenario_ids: list[int], **changes: Any) -> dict[str, Any]:
    """Valid track rules as JSON."""
    rules: dict[str, Any] = {
        "name": "Price objections",
        "description": "Handle price and timing push-back.",
        "scenario_ids": scenario_ids,
        "test_size": 3,
        "seconds_per_answer": 60,
        "pass_mark": 60,
        "floor": 30,
        "attempts_allowed": 2,
        "certificate_valid_days": 180,
    }
    rules.update(changes)
    return rules


def publish_track(
    app: FastAPI,
    *,
    author: User,
    clock: Clock,
    scenario_ids: list[int],
    team: Team | None = None,
    user: User | None = None,
    **changes: Any,
) -> Track:
    """A published track, assigned to a team and/or a rep when given."""
    with session_of(app) as session:
        rules = TrackRules.model_validate(track_rules(scenario_ids, **changes))
        track = track_service.create(session, rules=rules, author=author, now=clock.now())
        track_service.publish(session, track=track, author=author, now=clock.now())
        for target in (
            AssignmentCreate(team_id=team.id) if team else None,
            AssignmentCreate(user_id=user.id) if user else None,
        ):
            if target is not None:
                track_service.assign(session, track=track, data=target, author=author, now=clock.now())
        return track


def snapshot(app: FastAPI) -> Rows:
    """Every row of every table, to show that a refused request changed nothing."""
    return rows(app.state.engine)


def count(app: FastAPI, table: str) -> int:
    """Rows in a table."""
    with session_of(app) as session:
        return int(session.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one())


FEEDBACK: dict[str, Any] = {
    "reason_code": None,
    "reason": None,
    "best_reference": 0,
    "best_reference_text": "a reference",
    "meaning": 50.0,
    "key_point_coverage": None,
    "key_points": [],
    "red_flags": [],
    "penalty": 0,
}


def make_answer(app: FastAPI, *, user: User, scenario: Scenario, clock: Clock, score: int = 40) -> int:
    """A stored practice answer (as if scored), without running the model; returns its id."""
    from sqlmodel import col, select

    from api.models import Answer, Drill, ScenarioVersion

    with session_of(app) as session:
        version = session.exec(select(ScenarioVersion).where(col(ScenarioVersion.scenario_id) == scenario.id)).first()
        assert version is not None
        assert user.id is not None
        assert scenario.id is not None
        assert version.id is not None
        drill = Drill(
            user_id=user.id,
            scenario_id=scenario.id,
            scenario_version_id=version.id,
            current_step_id="pushback",
            last_step_id="price",
            started_at=clock.now(),
            updated_at=clock.now(),
        )
        session.add(drill)
        session.flush()
        answer = Answer(
            user_id=user.id,
            kind="practice",
            drill_id=drill.id,
            scenario_id=scenario.id,
            scenario_version_id=version.id,
            step_id="price",
            category="price",
            text="We will see what we can do.",
            score=score,
            passed=False,
            pass_mark=50,
            final_score=score,
            result=FEEDBACK,
            model="test",
            created_at=clock.now(),
        )
        session.add(answer)
        session.commit()
        assert answer.id is not None
        return answer.id


def practice_answer(app: FastAPI, rep: User, scenario: Scenario, at: datetime, *, step: str, score: int) -> None:
    """A practice answer to a step of the scenario's first version, stored at `at` as if scored, passed from 70 up;
    its category is the step's."""
    with session_of(app) as session:
        version = session.exec(select(ScenarioVersion).where(col(ScenarioVersion.scenario_id) == scenario.id)).first()
        assert version is not None
        category = next(s["category"] for s in version.content["steps"] if s["id"] == step)
        answer = Answer(
            user_id=rep.id or 0,
            kind="practice",
            scenario_id=scenario.id or 0,
            scenario_version_id=version.id or 0,
            step_id=step,
            category=category,
            text=f"An answer to {step}.",
            score=score,
            passed=score >= 70,
            pass_mark=70,
            final_score=score,
            result=FEEDBACK,
            model="test",
            created_at=at,
        )
        session.add(answer)
        session.commit()


def wait_for_sample_scoring(client: TestClient, *, seconds: float = 300) -> dict[str, Any]:
    """Wait until no job scores the graded samples (`POST /reports/agreement/samples` started one); its progress."""
    deadline = time.monotonic() + seconds
    while (progress := client.get("/api/v1/reports/agreement/samples").json())["running"]:
        assert time.monotonic() < deadline, f"the graded samples were still being scored after {seconds:g} s"
        time.sleep(0.1)
    return dict(progress)
