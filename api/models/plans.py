"""Onboarding plans: an ordered list of tracks, each due some days after a new rep's start, ending with probation;
and a plan given to a rep with their start date."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import ConfigDict, StringConstraints, model_validator
from pydantic import Field as PydanticField
from pydantic_core import PydanticCustomError
from sqlmodel import Field, SQLModel

from api.models.base import Id, json_column, utc_column
from api.models.reports import ReportPeriod

PlanName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Days = Annotated[int, PydanticField(ge=1, le=730)]


class OnboardingPlan(SQLModel, table=True):
    """A plan: `milestones` is a list of `{"track_id", "due_days"}`, in order; probation ends `probation_days` after
    the start."""

    __tablename__ = "onboarding_plan"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    description: str = Field(default="", sa_type=sa.Text)
    probation_days: int
    milestones: list[dict[str, Any]] = Field(sa_column=json_column())
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())


class PlanAssignment(SQLModel, table=True):
    """A rep on a plan from their start date (one plan per rep)."""

    __tablename__ = "plan_assignment"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="onboarding_plan.id", index=True)
    user_id: int = Field(foreign_key="user.id", unique=True)
    start_date: date
    assigned_by_id: int | None = Field(default=None, foreign_key="user.id")
    assigned_at: datetime = Field(sa_column=utc_column())


class Milestone(SQLModel):
    """A track to be certified on within `due_days` of the start."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # sqlmodel types it as its own dict

    track_id: Id
    due_days: Days


class PlanCreate(SQLModel):
    """A plan: tracks in order, each due `due_days` after the start (not decreasing), all within probation."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    name: PlanName
    description: Annotated[str, StringConstraints(max_length=2000)] = ""
    probation_days: Days
    milestones: Annotated[list[Milestone], PydanticField(min_length=1, max_length=50)]

    @model_validator(mode="after")
    def _in_order(self) -> PlanCreate:
        days = [m.due_days for m in self.milestones]
        if days != sorted(days):
            raise PydanticCustomError("plan_out_of_order", "the tracks' due days must not decrease along the plan")
        if days[-1] > self.probation_days:
            raise PydanticCustomError(
                "plan_after_probation",
                "a track is due after probation ends (day {due} of {probation})",
                {"due": days[-1], "probation": self.probation_days},
            )
        if len({m.track_id for m in self.milestones}) != len(days):
            raise PydanticCustomError("plan_track_twice", "a track is listed twice in the plan")
        return self


class PlanPublic(SQLModel):
    id: int
    name: str
    description: str
    probation_days: int
    milestones: list[Milestone]
    created_at: datetime
    updated_at: datetime


class PlanAssign(SQLModel):
    """Put a rep on the plan from `start_date` (today by default); a rep already on a plan moves to this one."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]

    user_id: Id
    start_date: date | None = None


class MilestoneStatus(SQLModel):
    """A track of a rep's plan: due on `due`; `status` `done` (certified on `done_on`), `late` (not certified, the
    due day has passed: `days_late`) or `open`."""

    track_id: int
    track_name: str
    due: date
    status: str
    done_on: date | None
    days_late: int


class RepPlan(SQLModel):
    """A rep's plan with its dates. `status`: `done` (every track certified, by the end of probation), `behind` (a
    track late: `behind_track_id`, `days_late`), `on_plan`."""

    user_id: int
    name: str
    team_id: int | None
    team_name: str | None
    plan_id: int
    plan_name: str
    start_date: date
    probation_end: date
    status: str
    behind_track_id: int | None
    behind_track_name: str | None
    days_late: int
    milestones: list[MilestoneStatus]


class PlanReport(SQLModel):
    """Every rep on a plan, behind first."""

    period: ReportPeriod
    reps: list[RepPlan]
