"""A rep's progress and today's drill: the rep themself; trainers for their team; heads and admins for all."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import CurrentUser, NowDep, PathId, ScoringDep, SessionDep, SettingsDep
from api.models.progress import RepProgress, StartDrillAt, TodayPublic
from api.models.training import DrillPublic
from api.services import practice as practice_service
from api.services import progress as service
from api.services import scope

router = APIRouter(prefix="/progress", tags=["progress"])


@router.get("/me", response_model=RepProgress)
def my_progress(user: CurrentUser, session: SessionDep, settings: SettingsDep, now: NowDep) -> RepProgress:
    """One's own progress: today's drill, streak, mastery per step, score trend, tests, certificates, cycles."""
    return service.rep_progress(session, rep=user, now=now, settings=settings)


@router.get("/me/today", response_model=TodayPublic)
def my_today(user: CurrentUser, session: SessionDep, settings: SettingsDep, now: NowDep) -> TodayPublic:
    """Today's drill: due steps (least likely recalled first), then new steps, capped per day."""
    return service.today(session, rep=user, now=now, settings=settings)


@router.post("/me/today/drills", response_model=DrillPublic, status_code=201)
def start_today_drill(
    body: StartDrillAt, user: CurrentUser, session: SessionDep, scoring: ScoringDep, settings: SettingsDep, now: NowDep
) -> DrillPublic:
    """Start a drill at a step of today's drill (`scenario_id` and `step_id`, or `{}` for the first one)."""
    drill = service.start_drill_at(session, rep=user, body=body, now=now, settings=settings)
    return practice_service.drill_public(drill, practice_service.document_of(session, drill=drill, scoring=scoring))


@router.get("/reps/{user_id}", response_model=RepProgress)
def rep_progress(
    user_id: PathId, viewer: CurrentUser, session: SessionDep, settings: SettingsDep, now: NowDep
) -> RepProgress:
    """A rep's progress: oneself; a trainer's own team; anyone for heads and admins."""
    rep = scope.visible_rep(session, viewer=viewer, user_id=user_id)
    return service.rep_progress(session, rep=rep, now=now, settings=settings)
