"""A team's leaderboard: off by default; the head or the team's trainer turns it on; reps see their own rank and
the top of their team."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import CurrentUser, NowDep, PathId, QueryId, RequireTrainer, SessionDep
from api.models.base import id_of
from api.models.leaderboard import Leaderboard, LeaderboardSetting, LeaderboardSettingPublic
from api.services import leaderboard as service

router = APIRouter(tags=["leaderboard"])


@router.get("/leaderboard", response_model=Leaderboard)
def leaderboard(viewer: CurrentUser, session: SessionDep, now: NowDep, team_id: QueryId = None) -> Leaderboard:
    """The ranking of the caller's team (a head: any `team_id`) by days the norm was met over four weeks, then
    objections mastered; the top five and the caller's own row; `404 leaderboard_off` while the team has it off."""
    return service.leaderboard(session, viewer=viewer, team_id=team_id, now=now)


@router.put("/teams/{team_id}/leaderboard", response_model=LeaderboardSettingPublic)
def set_leaderboard(
    team_id: PathId, body: LeaderboardSetting, viewer: RequireTrainer, session: SessionDep
) -> LeaderboardSettingPublic:
    """Turn the team's leaderboard on or off (a trainer: their own team; heads and admins: any)."""
    team = service.set_enabled(session, viewer=viewer, team_id=team_id, enabled=body.enabled)
    return LeaderboardSettingPublic(team_id=id_of(team), enabled=team.leaderboard)
