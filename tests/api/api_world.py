"""The table of every route with who may call it, and how to call it as each role in a world of one of everything
(tests/api/role_world.py); tests/api/test_permissions.py calls every route as every role."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml
from api_builders import STRONG, scenario_document, session_of, track_rules
from attempt_world import out_of_attempts
from role_world import (
    World,
    future_norm,
    leaderboard_on,
    on_plan,
    other,
    own_drill,
    own_test,
    pending,
    plan,
    stop_phrase,
    stored_audio,
)

from api.models import ExamItem, Role
from voice.clips import default_clips_dir
from voice.transcribe import encode_webm

EVERYONE = frozenset(Role)
TRAINERS = frozenset({Role.trainer, Role.head, Role.admin})
ADMINS = frozenset({Role.admin})

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
        item = session.get(ExamItem, item_id)
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


def _json(path: str, body: Any) -> Call:
    return path, {"json": body}


def _get(path: str) -> Call:
    return path, {}


def _phrase_file() -> dict[str, Any]:
    content = yaml.safe_dump({"parry-stop-phrases": 1, "phrases": [STOP_PHRASE]}, allow_unicode=True).encode()
    return {"files": {"file": ("stop-phrases.yaml", io.BytesIO(content), "application/yaml")}}


NORM = {"answers_per_day": 10, "days_per_week": 4, "mastered_per_week": 2, "time_zone": "Europe/Moscow"}


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
    Route("read leaderboard", "GET", EVERYONE, lambda w, r: (leaderboard_on(w), _get(f"{V1}/leaderboard"))[1]),
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
    Route("hear own answer", "GET", EVERYONE, lambda w, r: _get(f"{V1}/answers/{stored_audio(w, r)}/audio")),
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
        lambda w, r: _json(f"{V1}/tests/attempt-requests/{pending(w)}/grant", {"extra": 1}),
    ),
    Route(
        "decline attempt request",
        "POST",
        TRAINERS,
        lambda w, r: _json(f"{V1}/tests/attempt-requests/{pending(w)}/decline", {"note": "Practise first."}),
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
        lambda w, r: _json(f"{V1}/stop-phrases/{stop_phrase(w)}", {"penalty": 20}),
    ),
    Route("delete stop phrase", "DELETE", TRAINERS, lambda w, r: _get(f"{V1}/stop-phrases/{stop_phrase(w)}")),
    # practice norms (tests/api/test_norms.py: trainers set them for their own team and its reps)
    Route("list norms", "GET", TRAINERS, lambda w, r: _get(f"{V1}/norms")),
    Route("set a team norm", "POST", TRAINERS, lambda w, r: _json(f"{V1}/norms", {"team_id": w.team.id, **NORM})),
    Route(
        "set a rep's norm",
        "POST",
        TRAINERS,
        lambda w, r: _json(f"{V1}/norms", {"user_id": w.user(Role.trainee).id, **NORM}),
    ),
    Route("withdraw a norm", "DELETE", TRAINERS, lambda w, r: _get(f"{V1}/norms/{future_norm(w)}")),
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
    Route("read plan", "GET", TRAINERS, lambda w, r: _get(f"{V1}/plans/{plan(w)}")),
    Route(
        "assign plan",
        "POST",
        TRAINERS,
        lambda w, r: _json(f"{V1}/plans/{plan(w)}/assignments", {"user_id": w.user(Role.trainee).id}),
    ),
    Route("own plan", "GET", EVERYONE, lambda w, r: (on_plan(w, r), _get(f"{V1}/plans/me"))[1]),
    Route("read own plan", "GET", EVERYONE, lambda w, r: _get(f"{V1}/plans/reps/{on_plan(w, r)}")),
    Route(
        "read a rep's plan", "GET", TRAINERS, lambda w, r: _get(f"{V1}/plans/reps/{on_plan(w, other(r))}"), denied=404
    ),
]
