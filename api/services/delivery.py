"""Delivery of spoken answers averaged for the rep's progress (last 30 days); the per-rep and per-team report is
api/services/delivery_report.py."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from statistics import fmean
from typing import Any

from sqlmodel import Session, col, select

from api.models import Answer
from api.models.delivery import DeliveryAverages
from voice.delivery import NORMS

PROGRESS_DAYS = 30
FIGURES = ("words_per_minute", "fillers_per_minute", "longest_pause_s", "talk_time_s")


def averages(deliveries: Iterable[Mapping[str, Any]]) -> DeliveryAverages:
    """The mean of each figure over stored deliveries (answers without words do not count toward the pace)."""
    rows = list(deliveries)
    said = [d for d in rows if d.get("words")]
    means = {f: round(fmean(float(d[f]) for d in said), 1) if said else None for f in FIGURES}
    return DeliveryAverages(answers=len(rows), norms=dict(NORMS), **means)


def rep_delivery(session: Session, *, user_id: int, now: datetime) -> DeliveryAverages:
    """The rep's spoken answers of the last 30 days (practice and tests), averaged."""
    query = select(Answer.delivery).where(
        col(Answer.user_id) == user_id,
        col(Answer.delivery).is_not(None),
        col(Answer.created_at) >= now - timedelta(days=PROGRESS_DAYS),
    )
    return averages(d for d in session.exec(query) if d)
