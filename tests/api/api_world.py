"""A world with one of everything and one user per role, and the table of every route with who may call it.
A world is built once per module and database; after each call, `reset` puts back what the call changed."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import Any

import yaml
from api_builders import (
    STRONG,
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
from attempt_world import out_of_attempts, pending_request
from fastapi import FastAPI
from sqlmodel import col, select

from api.models import Assignment, Dispute, Drill, Role, Scenario, StopPhrase, Team, Test, TestItem, Track, User
from api.models.content import TrackRules
from api.models.norms import PracticeNorm
from api.models.plans import OnboardingPlan, PlanAssignment
from api.models.training import AnswerAudio
from api.services import scenarios as scenario_service
from api.services import tests as test_service
from api.services import tracks as track_service
from voice.clips import default_clips_dir
from voice.transcribe import encode_webm

EVERYONE = frozenset(Role)
TRAINERS = frozenset({Role.trainer, Role.head, Role.admin})
ADMINS = frozenset({Role.admin})


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
            answer_id=world.answers[Role.trainee], user_id=trainee.id or 0, comment="I covered the next step.",
            original_score=40, created_at=clock.now(),
        )  # fmt: skip
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
            select(Test).where(col(Test.user_id) == user.id, col(Test.finished_at).is_(None))
        ).first()
        test = running or test_service.start_test(session, rep=user, track=track, now=world.clock.now(), settings=None)
        item = test_service.current_item(session, test=test)
        assert test.id is not None
        assert item is not None
        assert item.id is not None
        return test.id, item.id


def other(role: Role) -> Role:
    """Someone else than the caller."""
    return Role.head if role == Role.trainee else Role.trainee


Call = tuple[str, dict[str, Any]]  # path, keyword arguments of the client call


@dataclass(frozen=True)
class Route:
    """A route, who may call it, and how to call it in a world as a given role."""

    name: str
    method: str
    allowed: frozenset[Role]
    call: Callable[[World, Role], Call]
    denied: int = 403  # what a role outside `allowed` gets
    model: bool = False  # the allowed call scores an answer
    public: bool = False

    @property
    def writes(self) -> bool:
        """True for a state-changing method."""
        return self.method not in ("GET", "HEAD")


def _file(_: World, __: Role) -> dict[str, Any]:
    content = yaml.safe_dump(scenario_document("imported"), allow_unicode=True).encode()
    return {"files": {"file": ("imported.yaml", io.BytesIO(content), "application/yaml")}}


def _test_answer(world: World, role: Role) -> Call:
    test_id, item_id = own_test(world, role)
    with session_of(world.app) as session:
        item = session.get(TestItem, item_id)
        assert item is not None
        step = item.step_id
    return f"/api/v1/tests/{test_id}/answers", {"json": {"item_id": item_id, "answer": STRONG[step]}}


@cache
def _recording() -> bytes:
    """A spoken answer as a browser sends it (WebM/Opus), from the shared clips."""
    clips = default_clips_dir()
    assert clips is not None, "shared/benchmarks/voice is not beside the checkout"
    return encode_webm(clips / "en1.wav")


def _voice(data: dict[str, Any]) -> dict[str, Any]:
    return {"data": data, "files": {"audio": ("answer.webm", _recording(), "audio/webm;codecs=opus")}}


def _test_voice_answer(world: World, role: Role) -> Call:
    test_id, item_id = own_test(world, role)
    return f"/api/v1/tests/{test_id}/answers/voice", _voice({"item_id": str(item_id)})


def _answer_audio(world: World, role: Role) -> Call:
    """The recording of the caller's answer (stored for the first call)."""
    answer_id = world.answers[role]
    with session_of(world.app) as session:
        if session.exec(select(AnswerAudio.id).where(col(AnswerAudio.answer_id) == answer_id)).first() is None:
            session.add(
                AnswerAudio(
                    answer_id=answer_id, user_id=world.user(role).id or 0, content_type="audio/webm", size=4,
                    duration_s=1.0, data=b"\x1aE\xdf\xa3", created_at=world.clock.now(),
                )
            )  # fmt: skip
            session.commit()
    return f"/api/v1/answers/{answer_id}/audio", {}


def _json(path: str, body: Any) -> Call:
    return path, {"json": body}


def _get(path: str) -> Call:
    return path, {}


def _leaderboard_on(world: World, role: Role) -> Call:
    """The team's leaderboard, turned on for the call (it is off by default: tests/api/test_leaderboard.py)."""
    with session_of(world.app) as session:
        team = session.get(Team, world.team.id)
        assert team is not None
        team.leaderboard = True
        session.add(team)
        session.commit()
    return _get(f"{V1}/leaderboard")


def _stop_phrase(world: World) -> int:
    """A stop phrase of the company, made for the call (each role's call may delete its own)."""
    with session_of(world.app) as session:
        phrase = StopPhrase(phrase="я постараюсь", label="Пустое обещание", language="ru", updated_at=world.clock.now())
        session.add(phrase)
        session.commit()
        assert phrase.id is not None
        return phrase.id


def _phrase_file() -> dict[str, Any]:
    content = yaml.safe_dump({"parry-stop-phrases": 1, "phrases": [STOP_PHRASE]}, allow_unicode=True).encode()
    return {"files": {"file": ("stop-phrases.yaml", io.BytesIO(content), "application/yaml")}}


NORM = {"answers_per_day": 10, "days_per_week": 4, "mastered_per_week": 2, "time_zone": "Europe/Moscow"}


def _future_norm(world: World) -> int:
    """A version of the team's norm that starts next week (made for the call: each role's call may withdraw it)."""
    with session_of(world.app) as session:
        later = 7 + len(session.exec(select(PracticeNorm.id)).all())  # one version a day
        norm = PracticeNorm(
            team_id=world.team.id, valid_from=world.clock.now().date() + timedelta(days=later), answers_per_day=5,
            created_at=world.clock.now(),
        )  # fmt: skip
        session.add(norm)
        session.commit()
        assert norm.id is not None
        return norm.id


def _plan(world: World) -> int:
    """An onboarding plan over the world's track (made for the call, under a name of its own)."""
    with session_of(world.app) as session:
        number = len(session.exec(select(OnboardingPlan.id)).all()) + 1
        plan = OnboardingPlan(
            name=f"New hires {number}", probation_days=90, milestones=[{"track_id": world.track.id, "due_days": 30}],
            created_at=world.clock.now(), updated_at=world.clock.now(),
        )  # fmt: skip
        session.add(plan)
        session.commit()
        assert plan.id is not None
        return plan.id


def _on_plan(world: World, role: Role) -> int:
    """The user of `role` put on a plan (if not on one yet); their id."""
    user_id = world.user(role).id or 0
    with session_of(world.app) as session:
        placed = session.exec(select(PlanAssignment).where(col(PlanAssignment.user_id) == user_id)).first()
    if placed is None:
        plan_id = _plan(world)
        with session_of(world.app) as session:
            session.add(
                PlanAssignment(plan_id=plan_id, user_id=user_id, start_date=world.clock.now().date(),
                               assigned_at=world.clock.now())
            )  # fmt: skip
            session.commit()
    return user_id


def _pending(world: World) -> int:
    return pending_request(world.app, world.user(Role.trainee), world.track, now=world.clock.now())


PLAN = {"name": "Sales new hires", "probation_days": 90, "milestones": [{"track_id": 0, "due_days": 30}]}
STOP_PHRASE = {"phrase": "как-нибудь решим", "label": "Пустое обещание", "penalty": 10, "language": "ru"}
NEW_PASSWORD = {"current_password": "correct horse battery staple", "new_password": "another good secret"}
NEW_USER = {"email": "new@example.com", "name": "New", "password": "long enough pw"}
V1 = "/api/v1"

ROUTES = [
    Route("health", "GET", EVERYONE, lambda w, r: _get(f"{V1}/health"), public=True),
    Route("meta", "GET", EVERYONE, lambda w, r: _get(f"{V1}/meta"), public=True),
    Route("me", "GET", EVERYONE, lambda w, r: _get(f"{V1}/auth/me")),
    Route("update me", "PATCH", EVERYONE, lambda w, r: _json(f"{V1}/auth/me", {"language": "ru"})),
    Route("logout", "POST", EVERYONE, lambda w, r: _get(f"{V1}/auth/logout")),
    Route("change password", "POST", EVERYONE, lambda w, r: _json(f"{V1}/auth/password", NEW_PASSWORD)),
    Route("list users", "GET", TRAINERS, lambda w, r: _get(f"{V1}/users")),
    Route("create user", "POST", ADMINS, lambda w, r: _json(f"{V1}/users", NEW_USER)),
    Route("read own user", "GET", EVERYONE, lambda w, r: _get(f"{V1}/users/{w.user(r).id}")),
    Route("read other user", "GET", TRAINERS, lambda w, r: _get(f"{V1}/users/{w.user(other(r)).id}"), denied=404),
    Route("update user", "PATCH", ADMINS, lambda w, r: _json(f"{V1}/users/{w.user(other(r)).id}", {"name": "Renamed"})),
    Route("delete user", "DELETE", ADMINS, lambda w, r: _get(f"{V1}/users/{w.user(other(r)).id}")),
    Route("list teams", "GET", TRAINERS, lambda w, r: _get(f"{V1}/teams")),
    Route("create team", "POST", ADMINS, lambda w, r: _json(f"{V1}/teams", {"name": "Enterprise"})),
    Route("update team", "PATCH", ADMINS, lambda w, r: _json(f"{V1}/teams/{w.team.id}", {"name": "SMB"})),
    # the team's leaderboard (tests/api/test_leaderboard.py)
    Route("read leaderboard", "GET", EVERYONE, _leaderboard_on),
    Route(
        "turn leaderboard on",
        "PUT",
        TRAINERS,
        lambda w, r: _json(f"{V1}/teams/{w.team.id}/leaderboard", {"enabled": True}),
    ),
    Route("list scenarios", "GET", EVERYONE, lambda w, r: _get(f"{V1}/scenarios")),
    Route("create scenario", "POST", TRAINERS, lambda w, r: _json(f"{V1}/scenarios", scenario_document("new-one"))),
    Route("import scenario", "POST", TRAINERS, lambda w, r: (f"{V1}/scenarios/import", _file(w, r))),
    Route("validate scenario", "POST", TRAINERS, lambda w, r: _json(f"{V1}/scenarios/validate", scenario_document())),
    Route(
        "try an answer",
        "POST",
        TRAINERS,
        lambda w, r: _json(
            f"{V1}/scenarios/try", {"scenario": scenario_document(), "step_id": "price", "answer": STRONG["price"]}
        ),
        model=True,
    ),
    Route("read scenario", "GET", EVERYONE, lambda w, r: _get(f"{V1}/scenarios/{w.scenario.id}")),
    Route("read draft", "GET", TRAINERS, lambda w, r: _get(f"{V1}/scenarios/{w.scenario.id}/draft")),
    Route(
        "save draft",
        "PUT",
        TRAINERS,
        lambda w, r: _json(f"{V1}/scenarios/{w.draft.id}/draft", scenario_document("draft-only", title="New title")),
    ),
    Route("discard draft", "DELETE", TRAINERS, lambda w, r: _get(f"{V1}/scenarios/{w.scenario.id}/draft")),
    Route("publish scenario", "POST", TRAINERS, lambda w, r: _get(f"{V1}/scenarios/{w.draft.id}/publish")),
    Route("list versions", "GET", TRAINERS, lambda w, r: _get(f"{V1}/scenarios/{w.scenario.id}/versions")),
    Route("export scenario", "GET", TRAINERS, lambda w, r: _get(f"{V1}/scenarios/{w.scenario.id}/export?format=json")),
    Route("list tracks", "GET", EVERYONE, lambda w, r: _get(f"{V1}/tracks")),
    Route("create track", "POST", TRAINERS, lambda w, r: _json(f"{V1}/tracks", track_rules([w.scenario.id]))),
    Route("read track", "GET", EVERYONE, lambda w, r: _get(f"{V1}/tracks/{w.track.id}")),
    Route(
        "save track draft",
        "PUT",
        TRAINERS,
        lambda w, r: _json(f"{V1}/tracks/{w.track.id}/draft", track_rules([w.scenario.id], test_size=2)),
    ),
    Route("publish track", "POST", TRAINERS, lambda w, r: _get(f"{V1}/tracks/{w.track.id}/publish")),
    Route("list assignments", "GET", TRAINERS, lambda w, r: _get(f"{V1}/tracks/{w.track.id}/assignments")),
    Route(
        "assign track",
        "POST",
        TRAINERS,
        lambda w, r: _json(f"{V1}/tracks/{w.track.id}/assignments", {"user_id": w.user(Role.trainee).id}),
    ),
    Route(
        "unassign track",
        "DELETE",
        TRAINERS,
        lambda w, r: _get(f"{V1}/tracks/{w.track.id}/assignments/{w.assignment_id}"),
    ),
    Route("start drill", "POST", EVERYONE, lambda w, r: _json(f"{V1}/drills", {"scenario_id": w.scenario.id})),
    Route("list drills", "GET", EVERYONE, lambda w, r: _get(f"{V1}/drills")),
    Route("read drill", "GET", EVERYONE, lambda w, r: _get(f"{V1}/drills/{own_drill(w, r)}")),
    Route(
        "answer in a drill",
        "POST",
        EVERYONE,
        lambda w, r: _json(
            f"{V1}/drills/{own_drill(w, r)}/answers", {"step_id": "pushback", "answer": STRONG["pushback"]}
        ),
        model=True,
    ),
    Route(
        "answer by voice in a drill",
        "POST",
        EVERYONE,
        lambda w, r: (f"{V1}/drills/{own_drill(w, r)}/answers/voice", _voice({"step_id": "pushback"})),
        model=True,
    ),
    Route("hear own answer", "GET", EVERYONE, _answer_audio),
    Route("start test", "POST", EVERYONE, lambda w, r: _json(f"{V1}/tests", {"track_id": w.track.id})),
    Route("list tests", "GET", EVERYONE, lambda w, r: _get(f"{V1}/tests")),
    Route("test availability", "GET", EVERYONE, lambda w, r: _get(f"{V1}/tests/availability")),
    Route("read test", "GET", EVERYONE, lambda w, r: _get(f"{V1}/tests/{own_test(w, r)[0]}")),
    Route("answer in a test", "POST", EVERYONE, _test_answer, model=True),
    Route("answer by voice in a test", "POST", EVERYONE, _test_voice_answer, model=True),
    Route("finish test", "POST", EVERYONE, lambda w, r: _get(f"{V1}/tests/{own_test(w, r)[0]}/finish")),
    # requests for more attempts (tests/api/test_attempt_requests.py)
    Route(
        "ask for more attempts",
        "POST",
        EVERYONE,
        lambda w, r: out_of_attempts(w.app, w.user(r), w.track, now=w.clock.now()),
    ),
    Route("own attempt requests", "GET", EVERYONE, lambda w, r: _get(f"{V1}/tests/attempt-requests")),
    Route("attempt request queue", "GET", TRAINERS, lambda w, r: _get(f"{V1}/tests/attempt-requests/queue")),
    Route(
        "grant attempts",
        "POST",
        TRAINERS,
        lambda w, r: _json(f"{V1}/tests/attempt-requests/{_pending(w)}/grant", {"extra": 1}),
    ),
    Route(
        "decline attempt request",
        "POST",
        TRAINERS,
        lambda w, r: _json(f"{V1}/tests/attempt-requests/{_pending(w)}/decline", {"note": "Practise first."}),
    ),
    Route("list answers", "GET", EVERYONE, lambda w, r: _get(f"{V1}/answers")),
    Route("read own answer", "GET", EVERYONE, lambda w, r: _get(f"{V1}/answers/{w.answers[r]}")),
    Route("read a rep's answer", "GET", TRAINERS, lambda w, r: _get(f"{V1}/answers/{w.answers[other(r)]}"), denied=404),
    Route(
        "read a rep's answers",
        "GET",
        TRAINERS,
        lambda w, r: _get(f"{V1}/answers?user_id={w.user(other(r)).id}"),
        denied=404,
    ),
    Route(
        "open dispute",
        "POST",
        EVERYONE - {Role.trainee},  # the trainee's answer is already disputed in this world
        lambda w, r: _json(f"{V1}/disputes", {"answer_id": w.answers[r], "comment": "Please look again."}),
        denied=409,
    ),
    Route("list disputes", "GET", EVERYONE, lambda w, r: _get(f"{V1}/disputes")),
    Route("read dispute", "GET", EVERYONE, lambda w, r: _get(f"{V1}/disputes/{w.dispute_id}")),
    Route(
        "accept dispute",
        "POST",
        TRAINERS,
        lambda w, r: _json(f"{V1}/disputes/{w.dispute_id}/accept", {"new_score": 75, "reason": "Has a next step."}),
    ),
    Route(
        "reject dispute",
        "POST",
        TRAINERS,
        lambda w, r: _json(f"{V1}/disputes/{w.dispute_id}/reject", {"reason": "The score stands."}),
    ),
    # progress and today's drill (tests/api/test_scheduling.py, test_cycles.py)
    Route("own progress", "GET", EVERYONE, lambda w, r: _get(f"{V1}/progress/me")),
    Route("own drill for today", "GET", EVERYONE, lambda w, r: _get(f"{V1}/progress/me/today")),
    Route(
        "start today's drill",
        "POST",
        EVERYONE,
        lambda w, r: _json(f"{V1}/progress/me/today/drills", {"scenario_id": w.scenario.id, "step_id": "price"}),
    ),
    Route("read own progress", "GET", EVERYONE, lambda w, r: _get(f"{V1}/progress/reps/{w.user(r).id}")),
    Route(
        "read a rep's progress",
        "GET",
        TRAINERS,
        lambda w, r: _get(f"{V1}/progress/reps/{w.user(other(r)).id}"),
        denied=404,
    ),
    # reports (tests/api/test_reports.py: trainers see their own team only)
    *(
        Route(f"report {name}", "GET", TRAINERS, lambda w, r, name=name: _get(f"{V1}/reports/{name}"))
        for name in (
            "certification",
            "certification.csv",
            "heatmap",
            "heatmap.csv",
            "weakest-steps",
            "weakest-steps.csv",
            "activity",
            "activity.csv",
            "agreement",
            "agreement.csv",
            "stop-phrases",
            "stop-phrases.csv",
            # XLSX exports (tests/api/test_xlsx_exports.py)
            "certification.xlsx",
            "heatmap.xlsx",
            "weakest-steps.xlsx",
            "activity.xlsx",
            "agreement.xlsx",
            "stop-phrases.xlsx",
            # practice norms (tests/api/test_norms.py)
            "norms",
            "norms.csv",
            "norms.xlsx",
            # onboarding plans (tests/api/test_plans.py)
            "plans",
            "plans.csv",
            "plans.xlsx",
            # the team screen (tests/api/test_team_screen.py)
            "team",
            "team.csv",
            "team.xlsx",
            # the weekly team summary (tests/api/test_weekly_summary.py)
            "weekly-summary.xlsx",
        )
    ),
    Route(
        "a rep's answers report",
        "GET",
        TRAINERS,
        lambda w, r: _get(f"{V1}/reports/reps/{w.user(other(r)).id}/answers"),
    ),
    Route(
        "a rep's answers report as CSV",
        "GET",
        TRAINERS,
        lambda w, r: _get(f"{V1}/reports/reps/{w.user(other(r)).id}/answers.csv"),
    ),
    Route(
        "a rep's answers report as XLSX",
        "GET",
        TRAINERS,
        lambda w, r: _get(f"{V1}/reports/reps/{w.user(other(r)).id}/answers.xlsx"),
    ),
    Route("report delivery", "GET", TRAINERS, lambda w, r: _get(f"{V1}/reports/delivery")),
    Route("report delivery as CSV", "GET", TRAINERS, lambda w, r: _get(f"{V1}/reports/delivery.csv")),
    Route("report delivery as XLSX", "GET", TRAINERS, lambda w, r: _get(f"{V1}/reports/delivery.xlsx")),
    Route("score graded samples", "POST", TRAINERS, lambda w, r: _get(f"{V1}/reports/agreement/samples")),
    Route("graded samples scoring progress", "GET", TRAINERS, lambda w, r: _get(f"{V1}/reports/agreement/samples")),
    Route("list stop phrases", "GET", TRAINERS, lambda w, r: _get(f"{V1}/stop-phrases")),
    Route("create stop phrase", "POST", TRAINERS, lambda w, r: _json(f"{V1}/stop-phrases", STOP_PHRASE)),
    Route("export stop phrases", "GET", TRAINERS, lambda w, r: _get(f"{V1}/stop-phrases/export")),
    Route(
        "import stop phrases",
        "PUT",
        TRAINERS,
        lambda w, r: _json(f"{V1}/stop-phrases", {"parry-stop-phrases": 1, "phrases": [STOP_PHRASE]}),
    ),
    Route("import a stop-phrase file", "POST", TRAINERS, lambda w, r: (f"{V1}/stop-phrases/import", _phrase_file())),
    Route(
        "update stop phrase",
        "PATCH",
        TRAINERS,
        lambda w, r: _json(f"{V1}/stop-phrases/{_stop_phrase(w)}", {"penalty": 20}),
    ),
    Route("delete stop phrase", "DELETE", TRAINERS, lambda w, r: _get(f"{V1}/stop-phrases/{_stop_phrase(w)}")),
    # practice norms (tests/api/test_norms.py: trainers set them for their own team and its reps)
    Route("list norms", "GET", TRAINERS, lambda w, r: _get(f"{V1}/norms")),
    Route("set a team norm", "POST", TRAINERS, lambda w, r: _json(f"{V1}/norms", {"team_id": w.team.id, **NORM})),
    Route(
        "set a rep's norm",
        "POST",
        TRAINERS,
        lambda w, r: _json(f"{V1}/norms", {"user_id": w.user(Role.trainee).id, **NORM}),
    ),
    Route("withdraw a norm", "DELETE", TRAINERS, lambda w, r: _get(f"{V1}/norms/{_future_norm(w)}")),
    Route("own norm", "GET", EVERYONE, lambda w, r: _get(f"{V1}/norms/me")),
    Route("read own norm", "GET", EVERYONE, lambda w, r: _get(f"{V1}/norms/reps/{w.user(r).id}")),
    Route(
        "read a rep's norm", "GET", TRAINERS, lambda w, r: _get(f"{V1}/norms/reps/{w.user(other(r)).id}"), denied=404
    ),
    # onboarding plans (tests/api/test_plans.py)
    Route("list plans", "GET", TRAINERS, lambda w, r: _get(f"{V1}/plans")),
    Route(
        "create plan",
        "POST",
        TRAINERS,
        lambda w, r: _json(f"{V1}/plans", {**PLAN, "milestones": [{"track_id": w.track.id, "due_days": 30}]}),
    ),
    Route("read plan", "GET", TRAINERS, lambda w, r: _get(f"{V1}/plans/{_plan(w)}")),
    Route(
        "assign plan",
        "POST",
        TRAINERS,
        lambda w, r: _json(f"{V1}/plans/{_plan(w)}/assignments", {"user_id": w.user(Role.trainee).id}),
    ),
    Route("own plan", "GET", EVERYONE, lambda w, r: (_on_plan(w, r), _get(f"{V1}/plans/me"))[1]),
    Route("read own plan", "GET", EVERYONE, lambda w, r: _get(f"{V1}/plans/reps/{_on_plan(w, r)}")),
    Route(
        "read a rep's plan", "GET", TRAINERS, lambda w, r: _get(f"{V1}/plans/reps/{_on_plan(w, other(r))}"), denied=404
    ),
]
