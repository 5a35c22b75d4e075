"""One rep's answers in a period: the drill-down behind every report."""

from __future__ import annotations

from sqlmodel import Session, col, select

from api.models import Answer, Dispute, Scenario, User
from api.models.base import id_of
from api.models.reports import DrillDown, DrillDownAnswer
from api.services.answers import effective_passed
from api.services.reports.period import Period, counted_answers


def drill_down(
    session: Session,
    *,
    rep: User,
    p: Period,
    limit: int,
    category: str | None = None,
    step: tuple[int, str] | None = None,
) -> DrillDown:
    """The rep's answers in the period, newest first; only one objection category's, or one step's, when asked."""
    query = select(Answer, Scenario.title, Dispute.id).select_from(Answer)
    query = query.join(Scenario, col(Scenario.id) == Answer.scenario_id).outerjoin(
        Dispute, col(Dispute.answer_id) == Answer.id
    )
    query = counted_answers(query, Period(None, p.since, p.until), reps_only=False).where(col(Answer.user_id) == rep.id)
    if category is not None:
        query = query.where(col(Answer.category) == category)
    if step is not None:
        query = query.where(col(Answer.scenario_id) == step[0], col(Answer.step_id) == step[1])
    rows = session.exec(query.order_by(col(Answer.created_at).desc(), col(Answer.id).desc()).limit(limit))
    answers = [
        DrillDownAnswer(
            id=id_of(a),
            created_at=a.created_at,
            kind=a.kind,
            scenario_id=a.scenario_id,
            scenario_title=title,
            step_id=a.step_id,
            category=a.category,
            text=a.text,
            score=a.score,
            final_score=a.final_score,
            passed=effective_passed(a),
            test_id=a.test_id,
            disputed=dispute is not None,
        )
        for a, title, dispute in rows
    ]
    return DrillDown(user_id=id_of(rep), name=rep.name, period=p.public(), answers=answers)
