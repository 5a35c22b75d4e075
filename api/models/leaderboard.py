"""A team's leaderboard: off by default; when its head or trainer turns it on, the reps see their own rank and the
top of the team, ranked by the days they met the practice norm, then the objections they mastered."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import StrictBool
from sqlmodel import SQLModel


class LeaderboardSetting(SQLModel):
    """Turn a team's leaderboard on or off."""

    enabled: StrictBool


class LeaderboardSettingPublic(SQLModel):
    team_id: int
    enabled: bool


class LeaderboardRow(SQLModel):
    """A rep's place: equal reps share a rank (1, 2, 2, 4)."""

    rank: int
    user_id: int
    name: str
    days_met: int
    mastered: int


class Leaderboard(SQLModel):
    """The top of the team and the caller's own row (null for a caller who is not one of its reps). `rule`: how
    reps are ranked (`norm_days_then_mastered`: days the practice norm was met over the period, then objections
    mastered in it; never raw scores)."""

    team_id: int
    team_name: str
    since: date
    until: date
    rule: Literal["norm_days_then_mastered"]
    reps: int
    top: list[LeaderboardRow]
    me: LeaderboardRow | None
