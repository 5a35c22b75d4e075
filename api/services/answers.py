"""Scored answers: storing them, showing them (to their rep and to trainers), and who may read which."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col, select

from api.errors import InvalidError, NotFoundError
from api.models import Answer, AnswerRedFlag, Dispute, Exam, User
from api.models.base import id_of
from api.models.drill_summary import DrillSummary
from api.models.training import AnswerPublic, DeliveryPublic, Feedback, TryResult
from api.scoring import ScoringService
from api.services import drill_summary, scope, stop_phrases
from scenarios.schema import Scenario as Document
from scoring.scorer import ScoreResult, ScoringError
from scoring.types import StopPhrase as ScoringStopPhrase


def from_result(result: ScoreResult) -> dict[str, object]:
    """The stored form of a score result."""
    return result.to_dict()


def record_red_flags(session: Session, *, answer: Answer, phrases: Sequence[ScoringStopPhrase]) -> None:
    """Store the answer's red flags as rows the reports count; a company hit names its stop phrase (`phrases`: the
    company's list the answer was scored with)."""
    if answer.id is None:
        session.flush()
    for hit in Feedback.model_validate(answer.result).red_flags:
        phrase = None
        if hit.source == "company":
            phrase = stop_phrases.phrase_said(
                phrases, label=hit.label, words=hit.words, penalty=hit.penalty, critical=hit.critical
            )
        session.add(
            AnswerRedFlag(
                answer_id=id_of(answer),
                source=hit.source[:16],
                label=hit.label[:200],
                phrase=phrase,
                words=hit.words[:200],
                penalty=hit.penalty,
                critical=hit.critical,
            )
        )


def public(
    answer: Answer, *, reveal: bool = True, dispute_id: int | None = None, drill_summary: DrillSummary | None = None
) -> AnswerPublic:
    """An answer as the API shows it; with `reveal` False (a test still running) no score and no feedback. The
    answer that ended a drill carries the drill's summary."""
    return AnswerPublic(
        id=id_of(answer),
        user_id=answer.user_id,
        kind=answer.kind,
        drill_id=answer.drill_id,
        test_id=answer.test_id,
        scenario_id=answer.scenario_id,
        scenario_version_id=answer.scenario_version_id,
        step_id=answer.step_id,
        category=answer.category,
        text=answer.text,
        pass_mark=answer.pass_mark,
        retry=answer.retry,
        created_at=answer.created_at,
        dispute_id=dispute_id,
        score=answer.score if reveal else None,
        final_score=answer.final_score if reveal else None,
        passed=effective_passed(answer) if reveal else None,
        feedback=Feedback.model_validate(answer.result) if reveal else None,
        drill_summary=drill_summary,
        mode="voice" if answer.delivery is not None else "text",
        delivery=delivery_public(answer) if reveal else None,
        audio_url=f"/api/v1/answers/{answer.id}/audio" if has_recording(answer) else None,
    )


_INSIDE = ("word_timings", "recording_removed_at")  # what a spoken answer's stored delivery keeps to itself


def has_recording(answer: Answer) -> bool:
    """True for a spoken answer whose recording is kept (PARRY_AUDIO_RETENTION_DAYS deletes old ones)."""
    return answer.delivery is not None and "recording_removed_at" not in answer.delivery


def delivery_public(answer: Answer) -> DeliveryPublic | None:
    """A spoken answer's delivery as the API shows it (the stored word timings stay inside)."""
    if answer.delivery is None:
        return None
    return DeliveryPublic.model_validate({k: v for k, v in answer.delivery.items() if k not in _INSIDE})


def effective_passed(answer: Answer) -> bool:
    """Whether an answer passes: the scorer's verdict, or the pass mark applied to the score a trainer set on a
    dispute. `effective_passed_sql` is the same rule in a query; test_pass_rule checks that they agree."""
    return answer.passed if answer.final_score == answer.score else answer.final_score >= answer.pass_mark


def effective_passed_sql() -> ColumnElement[bool]:
    """`effective_passed` as a condition on the answer table, to count or filter passes in SQL."""
    changed = col(Answer.final_score) != col(Answer.score)
    kept = and_(~changed, col(Answer.passed).is_(True))
    return or_(kept, and_(changed, col(Answer.final_score) >= col(Answer.pass_mark)))


def revealed(session: Session, *, answer: Answer) -> bool:
    """A test answer's score stays hidden until its exam is finished."""
    if answer.test_id is None:
        return True
    exam = session.get(Exam, answer.test_id)
    return exam is not None and exam.finished_at is not None


def get_answer(session: Session, *, answer_id: int, user: User) -> Answer:
    """An answer its rep or a trainer may read; NotFoundError for anyone else."""
    answer = session.get(Answer, answer_id)
    if answer is None or not scope.visible_owner(session, viewer=user, user_id=answer.user_id):
        raise NotFoundError("answer_not_found", id=answer_id)
    return answer


def show(session: Session, *, answer: Answer) -> AnswerPublic:
    """An answer with its dispute, revealed only when allowed."""
    dispute_id = session.exec(select(Dispute.id).where(col(Dispute.answer_id) == answer.id)).first()
    summaries = drill_summary.summaries_of(session, drill_ids={answer.drill_id} if answer.drill_id else set())
    return public(
        answer, reveal=revealed(session, answer=answer), dispute_id=dispute_id, drill_summary=summaries.get(answer.id)
    )


def list_answers(
    session: Session, *, user: User, user_id: int | None, drill_id: int | None, test_id: int | None, limit: int
) -> list[AnswerPublic]:
    """Answers, newest first: a rep's own; a trainer may ask for their team's members', heads and admins for
    anyone's (`scope`)."""
    owner = user.id if user_id is None else user_id
    if user_id is not None and not scope.visible_owner(session, viewer=user, user_id=user_id):
        raise NotFoundError("answers_not_found", id=user_id)
    query = select(Answer).where(col(Answer.user_id) == owner)
    if drill_id is not None:
        query = query.where(col(Answer.drill_id) == drill_id)
    if test_id is not None:
        query = query.where(col(Answer.test_id) == test_id)
    answers = list(session.exec(query.order_by(col(Answer.created_at).desc(), col(Answer.id).desc()).limit(limit)))
    query_disputes = select(Dispute.answer_id, Dispute.id).where(col(Dispute.answer_id).in_([a.id for a in answers]))
    disputes = dict(session.exec(query_disputes).all())
    finished = _finished_tests(session, test_ids={a.test_id for a in answers if a.test_id is not None})
    summaries = drill_summary.summaries_of(session, drill_ids={a.drill_id for a in answers if a.drill_id is not None})
    return [
        public(
            a,
            reveal=a.test_id is None or a.test_id in finished,
            dispute_id=disputes.get(id_of(a)),
            drill_summary=summaries.get(a.id),
        )
        for a in answers
    ]


def _finished_tests(session: Session, *, test_ids: set[int]) -> set[int]:
    if not test_ids:
        return set()
    query = select(Exam.id).where(col(Exam.id).in_(test_ids), col(Exam.finished_at).is_not(None))
    return {i for i in session.exec(query) if i is not None}


def try_answer(session: Session, *, document: Document, step_id: str, text: str, scoring: ScoringService) -> TryResult:
    """Score an answer against a step of a (possibly unsaved) document, with the company's stop phrases; nothing
    is stored."""
    try:
        step = document.step(step_id)
    except KeyError:
        raise InvalidError("step_not_in_scenario", field="step_id", step=step_id) from None
    try:
        result = scoring.score(stop_phrases.spec_for(session, document, step), text)
    except ScoringError as error:
        raise InvalidError("answer_not_scored", field="answer", reason=str(error)) from None
    return TryResult(
        score=result.score,
        passed=result.passed,
        pass_mark=result.pass_mark,
        feedback=Feedback.model_validate(from_result(result)),
    )
