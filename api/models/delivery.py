"""Delivery of spoken answers over a period: averaged for the rep's progress, and the per-rep and per-team report
(medians) for trainers and heads of sales."""

from __future__ import annotations

from sqlmodel import SQLModel

from api.models.reports import ReportPeriod


class DeliveryAverages(SQLModel):
    """Means over the spoken answers counted (`answers`; the figures are null when there are none), beside the
    stated `norms` (voice/delivery.py: 120–160 words a minute, at most 3 fillers a minute, pauses up to 3 s)."""

    answers: int
    words_per_minute: float | None
    fillers_per_minute: float | None
    longest_pause_s: float | None
    talk_time_s: float | None
    norms: dict[str, float]


class DeliveryFigures(SQLModel):
    """Medians over a rep's (or a team's) spoken answers in the period, the total talk time, and which stated norms
    the medians miss (`outside_norms`: `slow`, `fast`, `fillers`, `pauses`). Answers without words count toward
    `answers` and the talk time only."""

    answers: int
    words_per_minute: float | None
    fillers_per_minute: float | None
    longest_pause_s: float | None
    talk_time_s: float
    outside_norms: list[str]


class RepDelivery(DeliveryFigures):
    user_id: int
    name: str
    team_id: int | None
    team_name: str | None


class TeamDelivery(DeliveryFigures):
    team_id: int | None  # null: reps without a team
    name: str | None
    reps: int


class DeliveryReport(SQLModel):
    """Each rep's delivery in the period (reps with spoken answers, most answers first), each team's, everyone's
    (`overall`), and the `norms` they are read against."""

    period: ReportPeriod
    norms: dict[str, float]
    overall: DeliveryFigures
    teams: list[TeamDelivery]
    reps: list[RepDelivery]
