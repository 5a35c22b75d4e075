"""The period a report covers (a team, or every team, and whole UTC days) and the answers it counts: reps'
answers of those days, a test's once the test is finished."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from api.errors import InvalidError, field_error
from api.models import Answer, Exam, Role, User
from api.models.reports import ReportPeriod
from api.services import scope
from api.services.reports.query import select_columns, tune

DEFAULT_DAYS = 84
MAX_DAYS = 3660


@dataclass(frozen=True)
class Period:
    """A report's team (None: every team) and days."""

    team_id: int | None
    since: date
    until: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.since, time(), tzinfo=UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.until + timedelta(days=1), time(), tzinfo=UTC)

    def public(self) -> ReportPeriod:
        return ReportPeriod(team_id=self.team_id, since=self.since, until=self.until)


def period(viewer: User, *, team_id: int | None, since: date | None, until: date | None, now: datetime) -> Period:
    """The period asked for (the last 12 weeks by default), within what the viewer may see."""
    team = scope.team_filter(viewer, team_id=team_id)
    until = until or now.date()
    since = since or until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise InvalidError("period_reversed", errors=[field_error("since", "period_reversed")])
    if (until - since).days > MAX_DAYS:
        errors = [field_error("since", "period_too_long", days=MAX_DAYS)]
        raise InvalidError("period_too_long", errors=errors, days=MAX_DAYS)
    return Period(team, since, until)


def counted_answers(query: Any, p: Period, *, reps_only: bool = True) -> Any:
    """Answers of the period (and team), of reps; a test's answers once the test is finished."""
    running = select(Exam.id).where(col(Exam.finished_at).is_(None))
    query = query.where(
        col(Answer.created_at) >= p.start,
        col(Answer.created_at) < p.end,
        or_(col(Answer.test_id).is_(None), col(Answer.test_id).not_in(running)),
    )
    people = select(User.id)
    if reps_only:
        people = people.where(col(User.role) == Role.trainee)
    if p.team_id is not None:
        people = people.where(col(User.team_id) == p.team_id)
    return query.where(col(Answer.user_id).in_(people)) if reps_only or p.team_id is not None else query


def per_rep(session: Session, p: Period, keys: Sequence[Any], extra: Sequence[Any] = ()) -> Any:
    """The first level of a report: answers counted per rep and `keys` (then counting reps is counting rows,
    with no DISTINCT over every answer)."""
    tune(session)
    labels = [key.label(f"k{n}") for n, key in enumerate(keys)]
    score = func.sum(col(Answer.final_score)).label("total")
    query = select_columns(*labels, col(Answer.user_id), func.count().label("n"), score, *extra).select_from(Answer)
    return counted_answers(query, p).group_by(*keys, col(Answer.user_id)).subquery()
