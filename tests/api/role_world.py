"""A world with one of everything and one user per role, all in one team, built once per module and database;
after each call, `reset` puts back what the call changed. What a call finds in it (the caller's drill, test,
someone else) and the rows made for a call are here; the table of every route and who may call it is
tests/api/api_world.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from api_builders import (
    Clock,
    draft_scenario,
    make_answer,
    make_team,
    make_user,
    publish_scenario,
    publish_track,
    scenario_document,
    session_of,
    snapshot,
    track_rules,
)
from api_database import Rows, restore
from attempt_world import pending_request
from fastapi import FastAPI
from sqlmodel import col, select

from api.models import Assignment, Dispute, Drill, Exam, Role, Scenario, StopPhrase, Team, Track, User
from api.models.content import TrackRules
from api.models.norms import PracticeNorm
from api.models.plans import OnboardingPlan, PlanAssignment
from api.models.training import AnswerAudio
from api.services import exams as exam_service
from api.services import scenarios as scenario_service
from api.services import tracks as track_service


@dataclass
class World:
    """One of everything, and one user per role, all in one team."""

    app: FastAPI
    clock: Clock
    team: Team
    users: dict[Role, User]
    scenario: Scenario  # published, with a pending draft
    draft: Scenario  # never published
    track: Track  # published, assigned to the team, with a pending draft
    answers: dict[Role, int] = field(default_factory=dict)
    dispute_id: int = 0
    assignment_id: int = 0
    built: Rows = field(default_factory=dict)  # every row as the world was built

    def user(self, role: Role) -> User:
        return self.users[role]

    def reset(self, now: Rows | None = None) -> None:
        """Put the world back as it was built (`now`: the rows it holds now, if already read)."""
        restore(self.app.state.engine, self.built, now=now)


def build_world(app: FastAPI, clock: Clock) -> World:
    team = make_team(app, clock=clock)
    users = {role: make_user(app, role=role, team=team, clock=clock) for role in Role}
    author = users[Role.trainer]
    scenario = publish_scenario(app, author=author, clock=clock)
    with session_of(app) as session:
        row = scenario_service.get_scenario(session, scenario_id=scenario.id or 0)
        changed = scenario_service.parse(scenario_document(title="Too expensive, take two"))
        scenario_service.save_draft(session, row=row, document=changed, now=clock.now())
    draft = draft_scenario(app, author=author, clock=clock, document=scenario_document("draft-only"))
    track = publish_track(app, author=author, clock=clock, scenario_ids=[scenario.id or 0], team=team)
    with session_of(app) as session:
        rules = TrackRules.model_validate(track_rules([scenario.id or 0], name="Renamed"))
        track_service.save_draft(
            session, track=track_service.get_track(session, track_id=track.id or 0), rules=rules, now=clock.now()
        )
    world = World(app, clock, team, users, scenario, draft, track)
    with session_of(app) as session:
        world.assignment_id = session.exec(select(Assignment.id).where(col(Assignment.track_id) == track.id)).one() or 0
    world.answers = {role: make_answer(app, user=user, scenario=scenario, clock=clock) for role, user in users.items()}
    with session_of(app) as session:
        trainee = users[Role.trainee]
        dispute = Dispute(
            answer_id=world.answers[Role.trainee],
            user_id=trainee.id or 0,
            comment="I covered the next step.",
            original_score=40,
            created_at=clock.now(),
        )
        session.add(dispute)
        session.commit()
        world.dispute_id = dispute.id or 0
    world.built = snapshot(app)
    return world


def own_drill(world: World, role: Role) -> int:
    with session_of(world.app) as session:
        query = select(Drill.id).where(col(Drill.user_id) == world.user(role).id)
        return session.exec(query).first() or 0


def own_test(world: World, role: Role) -> tuple[int, int]:
    """The caller's running test (started if there is none); returns (test id, id of the item on screen)."""
    with session_of(world.app) as session:
        user = session.get(User, world.user(role).id)
        track = session.get(Track, world.track.id)
        assert user is not None
        assert track is not None
        running = session.exec(
            select(Exam).where(col(Exam.user_id) == user.id, col(Exam.finished_at).is_(None))
        ).first()
        test = running or exam_service.start_exam(session, rep=user, track=track, now=world.clock.now(), settings=None)
        item = exam_service.current_item(session, exam=test)
        assert test.id is not None
        assert item is not None
        assert item.id is not None
        return test.id, item.id


def other(role: Role) -> Role:
    """Someone else than the caller."""
    return Role.head if role == Role.trainee else Role.trainee


# --- rows made for a call -----------------------------------------------------------------------------------------


def stored_audio(world: World, role: Role) -> int:
    """The caller's answer, with a recording stored for it (for the first call); its id."""
    answer_id = world.answers[role]
    with session_of(world.app) as session:
        if session.exec(select(AnswerAudio.id).where(col(AnswerAudio.answer_id) == answer_id)).first() is None:
            session.add(
                AnswerAudio(
                    answer_id=answer_id,
                    user_id=world.user(role).id or 0,
                    content_type="audio/webm",
                    size=4,
                    duration_s=1.0,
                    data=b"\x1aE\xdf\xa3",
                    created_at=world.clock.now(),
                )
            )
            session.commit()
    return answer_id


def leaderboard_on(world: World) -> None:
    """The team's leaderboard, turned on for the call (it is off by default: tests/api/test_leaderboard.py)."""
    with session_of(world.app) as session:
        team = session.get(Team, world.team.id)
        assert team is not None
        team.leaderboard = True
        session.add(team)
        session.commit()


def stop_phrase(world: World) -> int:
    """A stop phrase of the company, made for the call (each role's call may delete its own)."""
    with session_of(world.app) as session:
        phrase = StopPhrase(phrase="я постараюсь", label="Пустое обещание", language="ru", updated_at=world.clock.now())
        session.add(phrase)
        session.commit()
        assert phrase.id is not None
        return phrase.id


def future_norm(world: World) -> int:
    """A version of the team's norm that starts next week (made for the call: each role's call may withdraw it)."""
    with session_of(world.app) as session:
        later = 7 + len(session.exec(select(PracticeNorm.id)).all())  # one version a day
        norm = PracticeNorm(
            team_id=world.team.id,
            valid_from=world.clock.now().date() + timedelta(days=later),
            answers_per_day=5,
            created_at=world.clock.now(),
        )
        session.add(norm)
        session.commit()
        assert norm.id is not None
        return norm.id


def plan(world: World) -> int:
    """An onboarding plan over the world's track (made for the call, under a name of its own)."""
    with session_of(world.app) as session:
        number = len(session.exec(select(OnboardingPlan.id)).all()) + 1
        plan = OnboardingPlan(
            name=f"New hires {number}",
            probation_days=90,
            milestones=[{"track_id": world.track.id, "due_days": 30}],
            created_at=world.clock.now(),
            updated_at=world.clock.now(),
        )
        session.add(plan)
        session.commit()
        assert plan.id is not None
        return plan.id


def on_plan(world: World, role: Role) -> int:
    """The user of `role` put on a plan (if not on one yet); their id."""
    user_id = world.user(role).id or 0
    with session_of(world.app) as session:
        placed = session.exec(select(PlanAssignment).where(col(PlanAssignment.user_id) == user_id)).first()
    if placed is None:
        plan_id = plan(world)
        with session_of(world.app) as session:
            session.add(
                PlanAssignment(
                    plan_id=plan_id, user_id=user_id, start_date=world.clock.now().date(), assigned_at=world.clock.now()
                )
            )
            session.commit()
    return user_id


def pending(world: World) -> int:
    """A pending request for more attempts, made for the call."""
    return pending_request(world.app, world.user(Role.trainee), world.track, now=world.clock.now())
