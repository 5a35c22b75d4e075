"""Disputes: a rep contests a score; a trainer accepts with a new score and reason, or rejects. The original
score, the reviewer and the time are kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.errors import ConflictError, ForbiddenError, InvalidError, NotFoundError
from api.models import Answer, Dispute, Exam, ScenarioVersion, User
from api.models.disputes import DisputePublic
from api.services import answers as answer_service
from api.services import exams as exam_service
from api.services import scope


def open_dispute(session: Session, *, rep: User, answer_id: int, comment: str, now: datetime) -> Dispute:
    """Dispute one's own scored answer (a test answer once the exam is over); one dispute per answer."""
    answer = session.get(Answer, answer_id)
    if answer is None or answer.user_id != rep.id:
        raise NotFoundError("answer_not_found", id=answer_id)
    if answer.test_id is not None:
        exam = session.get(Exam, answer.test_id)
        if exam is None or exam.finished_at is None:
            raise ConflictError("test_not_finished")
    if session.exec(select(Dispute.id).where(col(Dispute.answer_id) == answer_id)).first() is not None:
        raise ConflictError("answer_disputed")
    dispute = Dispute(answer_id=answer_id, user_id=rep.id, comment=comment, original_score=answer.score, created_at=now)
    session.add(dispute)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ConflictError("answer_disputed") from None
    return dispute


def get_dispute(session: Session, *, dispute_id: int, user: User) -> Dispute:
    """A dispute its rep or a trainer may read, or NotFoundError."""
    dispute = session.get(Dispute, dispute_id)
    if dispute is None or not scope.visible_owner(session, viewer=user, user_id=dispute.user_id):
        raise NotFoundError("dispute_not_found", id=dispute_id)
    return dispute


def list_disputes(session: Session, *, user: User, status: str | None, limit: int) -> list[Dispute]:
    """The disputes `user` may see (`scope`: their own; a trainer's team's; everyone's for heads and admins), oldest
    first: the queue."""
    query = select(Dispute)
    visible = scope.visible_users(user, Dispute.user_id)
    if visible is not None:
        query = query.where(visible)
    if status is not None:
        query = query.where(col(Dispute.status) == status)
    return list(session.exec(query.order_by(col(Dispute.created_at), col(Dispute.id)).limit(limit)))


def accept(
    session: Session,
    *,
    dispute: Dispute,
    reviewer: User,
    new_score: int,
    reason: str,
    now: datetime,
    key_points: list[bool] | None = None,
) -> Dispute:
    """Accept: the answer's final score becomes `new_score` (its exam is regraded); the original stays.
    Accepting agrees with the rep, so the new score must be above the current one (else reject)."""
    answer = _review(session, dispute=dispute, reviewer=reviewer, reason=reason, now=now, key_points=key_points)
    if new_score <= answer.final_score:
        session.rollback()
        raise InvalidError("dispute_score_not_raised", field="new_score", score=answer.final_score)
    dispute.status, dispute.new_score = "accepted", new_score
    answer.final_score = new_score
    session.add(answer)
    session.add(dispute)
    if answer.test_id is not None:
        session.flush()
        cause = f"dispute #{dispute.id} accepted by {reviewer.name}: {reason}"
        exam_service.regrade(session, exam_id=answer.test_id, now=now, cause=cause)
    session.commit()
    return dispute


def reject(
    session: Session,
    *,
    dispute: Dispute,
    reviewer: User,
    reason: str,
    now: datetime,
    key_points: list[bool] | None = None,
) -> Dispute:
    """Reject: the score stays; the reason, reviewer and time are recorded (and the trainer's ticks, if given)."""
    _review(session, dispute=dispute, reviewer=reviewer, reason=reason, now=now, key_points=key_points)
    dispute.status = "rejected"
    session.add(dispute)
    session.commit()
    return dispute


def _review(
    session: Session, *, dispute: Dispute, reviewer: User, reason: str, now: datetime, key_points: list[bool] | None
) -> Answer:
    locked = session.exec(select(Dispute).where(col(Dispute.id) == dispute.id).with_for_update()).one()
    if locked.status != "open":
        raise ConflictError("dispute_closed", status=locked.status)
    if locked.user_id == reviewer.id:
        raise ForbiddenError("own_dispute")
    answer = session.get(Answer, locked.answer_id)
    assert answer is not None
    if key_points is not None:
        scored = len((answer.result or {}).get("key_points") or [])
        if len(key_points) != scored:
            session.rollback()
            raise InvalidError("dispute_key_points_count", field="key_points", count=len(key_points), points=scored)
    dispute.reviewer_id, dispute.reviewed_at, dispute.reason = reviewer.id, now, reason
    dispute.key_points = key_points
    return answer


def public(session: Session, *, dispute: Dispute, with_answer: bool = True) -> DisputePublic:
    """A dispute, with the answer it is about."""
    answer = session.get(Answer, dispute.answer_id) if with_answer else None
    data = DisputePublic.model_validate(dispute, from_attributes=True)
    if answer is not None:
        data.answer = answer_service.show(session, answer=answer)
        version = session.get(ScenarioVersion, answer.scenario_version_id)
        steps = version.content.get("steps", []) if version is not None else []
        data.customer_line = next((s["customer_line"] for s in steps if s.get("id") == answer.step_id), None)
    return data
