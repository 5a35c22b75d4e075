"""Delivery of spoken answers averaged over a period: for the rep's progress and the per-rep report."""

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


class RepDelivery(DeliveryAverages):
    user_id: int
    name: str
    team_id: int | None


class DeliveryReport(SQLModel):
    """Each rep's delivery in the period (reps with spoken answers, most answers first) and the team's."""

    period: ReportPeriod
    overall: DeliveryAverages
    reps: list[RepDelivery]
