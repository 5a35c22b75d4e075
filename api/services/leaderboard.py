"""A team's leaderboard, off unless the head (any team) or the team's trainer turns it on. It ranks the team's
active reps by effort and progress, never by raw score: the days they met the practice norm over the last four
weeks, then the objection steps they mastered in them (`norm_report.report` counts both). Equal reps share a rank."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from sqlmodel import Session

from api.errors import ForbiddenError, NotFoundError
from api.models import Role, Team, User
from api.models.base import id_of
from api.models.leaderboard import Leaderboard, LeaderboardRow
from api.models.norms import RepAttainment
from api.services import norm_report, scope
from api.services.reports.period import Period

TOP = 5
DAYS = 28
RULE: Literal["norm_days_then_mastered"] = "norm_days_then_mastered"


def set_enabled(session: Session, *, viewer: User, team_id: int, enabled: bool) -> Team:
    """Turn the team's leaderboard on or off: the head and admins for any team, a trainer for their own."""
    team = session.get(Team, team_id)
    if team is None:
        raise NotFoundError("team_not_found", id=team_id)
    if not scope.sees_every_team(viewer) and team.id != viewer.team_id:
        raise ForbiddenError("leaderboard_other_team")
    team.leaderboard = enabled
    session.add(team)
    session.commit()
    return team


def leaderboard(session: Session, *, viewer: User, team_id: int | None, now: datetime) -> Leaderboard:
    """The team's ranking (the caller's own team by default): the top `TOP` and the caller's own row; `404
    leaderboard_off` while the team has it off."""
    wanted = team_id if team_id is not None else viewer.team_id
    if wanted is not None and wanted != viewer.team_id and not scope.sees_every_team(viewer):
        raise ForbiddenError("leaderboard_other_team")
    team = session.get(Team, wanted) if wanted is not None else None
    if team is None or not team.leaderboard:
        raise NotFoundError("leaderboard_off")
    until = now.date()
    p = Period(team.id, until - timedelta(days=DAYS - 1), until)
    rows = ranked(norm_report.report(session, viewer=viewer, p=p, now=now).reps)
    mine = next((r for r in rows if r.user_id == viewer.id), None) if viewer.role == Role.trainee else None
    return Leaderboard(
        team_id=id_of(team),
        team_name=team.name,
        since=p.since,
        until=p.until,
        rule=RULE,
        reps=len(rows),
        top=rows[:TOP],
        me=mine,
    )


def ranked(reps: list[RepAttainment]) -> list[LeaderboardRow]:
    """Most days the norm was met first, then most objections mastered; equal reps share a rank, by name."""
    order = sorted(reps, key=lambda r: (-r.days_met, -r.mastered, r.name, r.user_id))
    rows: list[LeaderboardRow] = []
    for place, rep in enumerate(order, start=1):
        tied = rows and (rows[-1].days_met, rows[-1].mastered) == (rep.days_met, rep.mastered)
        rank = rows[-1].rank if tied else place
        rows.append(
            LeaderboardRow(rank=rank, user_id=rep.user_id, name=rep.name, days_met=rep.days_met, mastered=rep.mastered)
        )
    return rows
