"""Delivery of spoken answers averaged per rep: the rep's progress (last 30 days) and the per-rep report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from statistics import fmean
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from api.models import Answer, User
from api.models.delivery import DeliveryAverages, DeliveryReport, RepDelivery
from voice.delivery import NORMS

if TYPE_CHECKING:  # reports import progress, which imports this module: they are imported where they are used
    from api.services.reports.period import Period

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


def delivery_report(session: Session, *, p: Period) -> DeliveryReport:
    """Per rep of the period's team (or every team), the spoken answers' delivery averaged; a running test's
    answers are left out, as in the other reports."""
    from api.services.reports.period import counted_answers

    query = counted_answers(select(Answer.user_id, Answer.delivery), p).where(col(Answer.delivery).is_not(None))
    per_rep: dict[int, list[Mapping[str, Any]]] = {}
    for user_id, delivery in session.exec(query):
        if delivery:  # a JSON null is not an SQL NULL on every database
            per_rep.setdefault(user_id, []).append(delivery)
    people = {u.id: u for u in session.exec(select(User).where(col(User.id).in_(list(per_rep))))}
    reps = [
        RepDelivery(user_id=u, name=people[u].name, team_id=people[u].team_id, **averages(rows).model_dump())
        for u, rows in per_rep.items()
    ]
    reps.sort(key=lambda r: (-r.answers, r.name))
    overall = averages(d for rows in per_rep.values() for d in rows)
    return DeliveryReport(period=p.public(), overall=overall, reps=reps)
