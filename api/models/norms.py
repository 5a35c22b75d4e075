"""Practice norms: versions of a team's norm (or a rep's own), each in force from its day; and how a rep meets it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from pydantic import ConfigDict, field_validator, model_validator
from pydantic import Field as PydanticField
from pydantic_core import PydanticCustomError
from sqlmodel import Field, SQLModel

from api.models.base import Id, utc_column
from api.models.reports import ReportPeriod

AnswersPerDay = Annotated[int, PydanticField(ge=1, le=500)]
DaysPerWeek = Annotated[int, PydanticField(ge=1, le=7)]
MasteredPerWeek = Annotated[int, PydanticField(ge=1, le=100)]


def check_time_zone(value: str) -> str:
    """An IANA time zone name (`Europe/Moscow`, `UTC`)."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError(
            "time_zone_unknown", "{zone!r} is not a time zone name (such as 'Europe/Moscow' or 'UTC')", {"zone": value}
        ) from None
    return value


class PracticeNorm(SQLModel, table=True):
    """One version of a team's practice norm (`team_id`) or of a rep's own (`user_id`), in force from `valid_from`
    (a day in its time zone) until the next version of the same team or rep. A rep's value left empty is the
    team's; a team's left empty is no norm on that measure."""

    __tablename__ = "practice_norm"
    __table_args__ = (
        sa.CheckConstraint("(team_id IS NULL) <> (user_id IS NULL)", name="team_or_user"),
        sa.UniqueConstraint("team_id", "valid_from", name="uq_practice_norm_team_day"),
        sa.UniqueConstraint("user_id", "valid_from", name="uq_practice_norm_user_day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    valid_from: date
    answers_per_day: int | None = None
    days_per_week: int | None = None
    mastered_per_week: int | None = None
    time_zone: str | None = Field(default=None, max_length=64)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_column=utc_column())


class NormCreate(SQLModel):
    """A new version of a team's norm (`team_id`) or of a rep's own (`user_id`), in force from `valid_from`
    (today by default; never a past day). Each measure is optional: on a team, no norm on it; on a rep, the team's.
    `time_zone` says where days begin (a team's default: UTC; a rep's: the team's)."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # sqlmodel types it as its own dict

    team_id: Id | None = None
    user_id: Id | None = None
    valid_from: date | None = None
    answers_per_day: AnswersPerDay | None = None
    days_per_week: DaysPerWeek | None = None
    mastered_per_week: MasteredPerWeek | None = None
    time_zone: Annotated[str, PydanticField(max_length=64)] | None = None

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return None if value is None else check_time_zone(value)

    @model_validator(mode="after")
    def _one_target(self) -> NormCreate:
        if (self.team_id is None) == (self.user_id is None):
            raise PydanticCustomError("one_target", "give either team_id or user_id, not both and not neither")
        return self


class NormPublic(SQLModel):
    id: int
    team_id: int | None
    user_id: int | None
    valid_from: date
    answers_per_day: int | None
    days_per_week: int | None
    mastered_per_week: int | None
    time_zone: str | None
    created_by_id: int | None
    created_at: datetime


class NormInForce(SQLModel):
    """The norm a rep has on a day: the team's, with the rep's own values over it (`source`: `team`, `rep`, or
    `none` when neither has a version in force)."""

    source: str
    valid_from: date | None
    answers_per_day: int | None
    days_per_week: int | None
    mastered_per_week: int | None
    time_zone: str


class NormDay(SQLModel):
    """A rep's practice on one day (in the norm's time zone): `met` is null without a norm on that day."""

    day: date
    answers: int
    practice_day: bool
    met: bool | None


class NormWeek(SQLModel):
    """A rep's week (Monday first): practice days (the daily norm met, or any practice without one), objection
    steps mastered, the weekly numbers of the norm in force on its Monday, and whether each was met (null without
    that measure)."""

    week: date
    answers: int
    practice_days: int
    mastered: int
    days_per_week: int | None
    mastered_per_week: int | None
    days_met: bool | None
    mastered_met: bool | None
    met: bool | None


class NormProgress(SQLModel):
    """Where a rep stands against their norm now: today, this week so far, and whether they are behind (`reasons`:
    `week_days`, `week_mastered`: short of the week's pace; `last_week`: last week's norm missed)."""

    user_id: int
    name: str
    norm: NormInForce
    today: NormDay
    week: NormWeek
    days_left_in_week: int
    behind: bool
    reasons: list[str]


class RepAttainment(SQLModel):
    """A rep over a period: days with a daily norm and how many met it; weeks with a weekly norm and how many
    met it; and where they stand now."""

    user_id: int
    name: str
    team_id: int | None
    team_name: str | None
    norm: NormInForce
    days_with_norm: int
    days_met: int
    weeks_with_norm: int
    weeks_met: int
    answers: int
    mastered: int
    behind: bool
    reasons: list[str]


class TeamAttainment(SQLModel):
    team_id: int
    team_name: str
    reps: int
    reps_behind: int
    days_with_norm: int
    days_met: int
    weeks_with_norm: int
    weeks_met: int


class NormReport(SQLModel):
    """Norm attainment of every rep in the period, per team and per rep (behind first)."""

    period: ReportPeriod
    teams: list[TeamAttainment]
    reps: list[RepAttainment]
