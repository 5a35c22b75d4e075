"""The head's one team screen: every rep × objection category with certification, the weakest objections, the
norm and the onboarding plan in one row, ranked by how much the rep needs attention."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import SQLModel

from api.models.reports import ReportPeriod, TrackColumn


class TrackState(SQLModel):
    """A rep on an assigned track: `certified`, `expiring`, `expired`, `failed`, `in_progress` or `not_started`."""

    track_id: int
    status: str
    expires_at: datetime | None


class CategoryCell(SQLModel):
    """A rep's answers in one objection category over the period."""

    category: str
    answers: int
    mean_score: float
    pass_rate: float


class WeakObjection(SQLModel):
    """One of a rep's weakest objection steps over the period (lowest mean score, at least two answers)."""

    scenario_id: int
    scenario_title: str
    step_id: str
    category: str
    customer_line: str
    answers: int
    mean_score: float


class TeamScreenRow(SQLModel):
    """One rep. `norm`: `behind`, `on_track` or `none` (no norm); `plan`: `behind`, `on_plan`, `done` or null (on no
    plan). `attention` adds up what needs the head (docs/training.md): the higher, the sooner; `reasons` names it."""

    user_id: int
    name: str
    team_id: int | None
    team_name: str | None
    tracks: list[TrackState]
    certified: int
    categories: list[CategoryCell]
    weakest: list[WeakObjection]
    answers: int
    mean_score: float | None
    norm: str
    norm_reasons: list[str]
    plan: str | None
    plan_name: str | None
    plan_behind_track: str | None
    plan_days_late: int
    attention: int
    reasons: list[str]


class TeamTiles(SQLModel):
    """People, never rep × track cells: reps shown, reps not certified on every assigned track, behind the norm,
    behind their onboarding plan, and needing attention (attention > 0)."""

    reps: int
    not_certified: int
    behind_norm: int
    behind_plan: int
    need_attention: int


class TeamScreen(SQLModel):
    """Every active rep of the team (or every team) × objection category, most in need of attention first."""

    period: ReportPeriod
    today: date
    tracks: list[TrackColumn]
    categories: list[str]
    tiles: TeamTiles
    rows: list[TeamScreenRow]
