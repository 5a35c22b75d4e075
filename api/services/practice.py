"""Practice: a drill walks a scenario version's branches until it is won or lost (scenarios/conversation.py); each
answer is scored, stored, then explained, and the last one brings the drill's summary (api/services/drill_summary)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlmodel import Session, col, select

from api.errors import ConflictError, InvalidError, NotFoundError, field_error
from api.models import Answer, Dispute, Drill, Exam, Scenario, ScenarioVersion, TrackVersion, User
from api.models.base import id_of
from api.models.drill_summary import Outcome
from api.models.training import DrillPublic, DrillTurn, PracticeFeedback, StepPublic
from api.scoring import ScoringService
from api.services import answers as answer_service
from api.services import cycles, drill_summary, stop_phrases, voice
from api.services import scenarios as scenario_service
from api.settings import Settings, get_settings
from scenarios import conversation, convert
from scenarios.schema import END, Step
from scenarios.schema import Scenario as Document
from scoring.scorer import ScoreResult, ScoringError
from voice.transcribe import Transcriber


def step_public(step: Step, *, hints: bool) -> StepPublic:
    """A step as the rep sees it before answering."""
    return StepPublic(
        id=step.id,
        category=step.category,
        custom_category=step.custom_category,
        customer_line=step.customer_line,
        hints=list(step.hints) if hints else [],
    )


def start_drill(
    session: Session,
    *,
    rep: User,
    row: Scenario,
    version_number: int | None,
    now: datetime,
    settings: Settings | None = None,
) -> Drill:
    """A new drill on the latest published version (or an older one), at the first step; refused while a test of
    a track with this scenario runs."""
    if row.latest_version == 0:
        raise ConflictError("scenario_not_published")
    refuse_during_test(session, rep=rep, scenario_id=id_of(row), now=now, settings=settings)
    version = scenario_service.get_version(session, row=row, number=version_number)
    first = version.content["steps"][0]["id"]
    drill = Drill(
        user_id=id_of(rep),
        scenario_id=id_of(row),
        scenario_version_id=id_of(version),
        current_step_id=first,
        started_at=now,
        updated_at=now,
    )
    session.add(drill)
    session.commit()
    return drill


def get_drill(session: Session, *, drill_id: int, user: User) -> Drill:
    """The user's own drill, or NotFoundError."""
    drill = session.get(Drill, drill_id)
    if drill is None or drill.user_id != user.id:
        raise NotFoundError("drill_not_found", id=drill_id)
    return drill


def list_drills(session: Session, *, user: User, limit: int) -> list[Drill]:
    """The user's drills, newest first."""
    query = select(Drill).where(col(Drill.user_id) == user.id)
    return list(session.exec(query.order_by(col(Drill.started_at).desc(), col(Drill.id).desc()).limit(limit)))


def document_of(session: Session, *, drill: Drill, scoring: ScoringService) -> Document:
    """The scenario version a drill runs on."""
    version = session.get(ScenarioVersion, drill.scenario_version_id)
    assert version is not None
    return scoring.scenario(id_of(version), version.content)


def drill_public(drill: Drill, document: Document) -> DrillPublic:
    """A drill with the step to answer now (its push-back, when it is asked again; hints included), or its outcome
    and the customer's last words when over."""
    done = drill.current_step_id == END
    current = None
    if not done:
        current = step_public(document.step(drill.current_step_id), hints=True)
        current.customer_line = drill.current_line or current.customer_line
    return DrillPublic(
        id=id_of(drill),
        scenario_id=drill.scenario_id,
        scenario_version_id=drill.scenario_version_id,
        title=document.title,
        language=document.language,
        context=document.context,
        persona=document.persona.model_dump(),
        status="finished" if done else "active",
        current_step=current,
        last_step_id=drill.last_step_id,
        closing_line=_closing(drill, document) if done else None,
        outcome=cast(Outcome, drill.outcome) if drill.outcome in ("won", "lost") else None,
        started_at=drill.started_at,
        finished_at=drill.finished_at,
    )


def with_history(session: Session, *, drill: Drill, document: Document) -> DrillPublic:
    """A drill with every answer given in it, oldest first, each beside the customer line it answered and what the
    customer said to it; a finished drill with its summary."""
    answers = session.exec(
        select(Answer).where(col(Answer.drill_id) == drill.id).order_by(col(Answer.created_at), col(Answer.id))
    ).all()
    query = select(Dispute.answer_id, Dispute.id).where(col(Dispute.answer_id).in_([a.id for a in answers]))
    disputes = dict(session.exec(query).all())
    turns = {t["answer"]: t for t in drill.turns or []}
    public = drill_public(drill, document)
    public.history = [
        DrillTurn(
            customer_line=turns.get(a.id, {}).get("asked") or document.step(a.step_id).customer_line,
            reaction=turns.get(a.id, {}).get("reaction"),
            kind=turns.get(a.id, {}).get("kind") or ("retry" if a.retry else "first"),
            answer=answer_service.public(a, dispute_id=disputes.get(id_of(a))),
        )
        for a in answers
    ]
    public.drill_summary = drill_summary.stored(session, drill=drill, document=document)
    if public.drill_summary is not None:  # a drill finished before outcomes gets them from its summary
        public.outcome, public.closing_line = public.drill_summary.outcome, public.drill_summary.ending
    return public


def submit_answer(
    session: Session,
    *,
    drill: Drill,
    rep: User,
    step_id: str,
    text: str,
    now: datetime,
    scoring: ScoringService,
    settings: Settings | None = None,
    recording: voice.Recording | None = None,
) -> PracticeFeedback:
    """Score an answer (typed, or the transcript of a `recording`) to the step on screen (the customer replies to
    it), or again to the step just answered when the conversation has moved on (a retry: practice, the conversation
    stays where it is); store it, then explain it. Refused while a test of a track with the drill's scenario runs,
    and once the conversation is over."""
    settings = settings or get_settings()
    refuse_during_test(session, rep=rep, scenario_id=drill.scenario_id, now=now, settings=settings)
    document = document_of(session, drill=drill, scoring=scoring)
    _check_step(drill, step_id)
    step = document.step(step_id)
    drill_id, rep_id = drill.id, rep.id
    spec = stop_phrases.spec_for(session, document, step)
    session.commit()  # end the read transaction: scoring happens outside any transaction
    try:
        result = scoring.score(spec, text)
    except ScoringError as error:
        raise InvalidError("answer_not_scored", field="answer", reason=str(error)) from None
    drill = session.exec(select(Drill).where(col(Drill.id) == drill_id).with_for_update()).one()
    _check_step(drill, step_id)  # another answer may have moved the drill on meanwhile
    said = step_id == drill.current_step_id  # else a retry of the step just answered
    kind = ("pushback" if drill.current_line else "first") if said else "retry"
    assert rep_id is not None
    answer = Answer(
        user_id=rep_id,
        kind="practice",
        drill_id=drill_id,
        scenario_id=drill.scenario_id,
        scenario_version_id=drill.scenario_version_id,
        step_id=step_id,
        category=step.category,
        text=text,
        score=result.score,
        passed=result.passed,
        pass_mark=result.pass_mark,
        final_score=result.score,
        retry=kind != "first",
        result=answer_service.from_result(result),
        model=result.model,
        created_at=now,
        delivery=voice.delivery_of(recording) if recording is not None else None,
    )
    session.add(answer)
    session.flush()
    if recording is not None:
        voice.store(session, answer=answer, recording=recording)
    reply = _move(drill, document, answer, result, kind=kind, now=now) if said else None
    session.add(drill)
    answer_service.record_red_flags(session, answer=answer, phrases=spec.stop_phrases)
    cycles.on_practice_answer(session, rep=rep, answer=answer, now=now, settings=settings)
    session.commit()
    summary = None
    if reply is not None and reply.outcome is not None:
        summary = drill_summary.finish(session, drill=drill, document=document, rep=rep, now=now, settings=settings)
    next_id = drill.current_step_id
    next_step = None if next_id == END else step_public(document.step(next_id), hints=True)
    if next_step is not None and drill.current_line:
        next_step.customer_line = drill.current_line
    return PracticeFeedback(
        answer=answer_service.public(answer, drill_summary=summary),
        hints=list(step.hints),
        next_step=next_step,
        reaction=reply.reaction if reply else None,
        closing_line=reply.closing if reply else None,
        outcome=reply.outcome if reply else None,
        drill=drill_public(drill, document),
        branch=reply.branch if reply else "retry",
        drill_summary=summary,
    )


def submit_spoken_answer(
    session: Session,
    *,
    drill: Drill,
    rep: User,
    step_id: str,
    data: bytes,
    content_type: str | None,
    now: datetime,
    scoring: ScoringService,
    transcriber: Transcriber,
    settings: Settings,
) -> PracticeFeedback:
    """Transcribe a recorded answer in the scenario's language, then score and store it like a typed one, with its
    recording and delivery. The step is checked before the CPU is spent; a refused recording stores nothing."""
    refuse_during_test(session, rep=rep, scenario_id=drill.scenario_id, now=now, settings=settings)
    _check_step(drill, step_id)
    language = document_of(session, drill=drill, scoring=scoring).language
    fillers = voice.company_fillers(session, language=language)
    session.commit()  # no transaction stays open while the recording is transcribed
    recording = voice.transcribe_upload(
        transcriber, data=data, content_type=content_type, language=language, settings=settings, fillers=fillers
    )
    return submit_answer(
        session,
        drill=drill,
        rep=rep,
        step_id=step_id,
        text=recording.transcript.text,
        now=now,
        scoring=scoring,
        settings=settings,
        recording=recording,
    )


def _move(
    drill: Drill, document: Document, answer: Answer, result: ScoreResult, *, kind: str, now: datetime
) -> conversation.Reply:
    """The customer's reply to an answer to the step on screen; the drill moves on (not committed)."""
    turns: list[dict[str, Any]] = list(drill.turns or [])
    weak_before = any(t["step"] == answer.step_id and not t["passed"] and t["kind"] != "retry" for t in turns)
    reply = conversation.reply(document, answer.step_id, convert.said(result), weak_before=weak_before)
    turns.append(
        {
            "answer": answer.id,
            "step": answer.step_id,
            "kind": kind,
            "asked": drill.current_line,
            "passed": result.passed,
            "branch": reply.branch,
            "reaction": reply.reaction,
            "closing": reply.closing,
            "reason": reply.reason,
        }
    )
    drill.turns, drill.current_line = turns, reply.asked
    drill.last_step_id, drill.current_step_id, drill.updated_at = answer.step_id, reply.next_step_id, now
    if reply.outcome is not None:
        drill.outcome, drill.finished_at = reply.outcome, now
    return reply


def _closing(drill: Drill, document: Document) -> str:
    """The customer's last words in a finished drill (a drill finished before outcomes: by its last answer)."""
    last = (drill.turns or [{}])[-1]
    if last.get("closing"):
        return str(last["closing"])
    return conversation.ending_line(document, "lost" if drill.outcome == "lost" else "won")


def refuse_during_test(
    session: Session, *, rep: User, scenario_id: int, now: datetime, settings: Settings | None
) -> None:
    """ConflictError while the rep has a test running on a track that holds this scenario: practice shows the
    reference answers, so it waits until the test ends (answered, finished, or out of time)."""
    from api.services import exams as exam_service  # exams.py builds on this module

    grace = (settings or get_settings()).test_grace_seconds
    for exam in session.exec(select(Exam).where(col(Exam.user_id) == rep.id, col(Exam.finished_at).is_(None))):
        exam_service.refresh(session, exam=exam, now=now, grace_seconds=grace)
        version = session.get(TrackVersion, exam.track_version_id)
        if exam.finished_at is None and version is not None and scenario_id in version.scenario_ids:
            raise ConflictError("practice_during_test", id=exam.id)


def _check_step(drill: Drill, step_id: str) -> None:
    if drill.current_step_id == END:
        errors = [field_error("step_id", "conversation_over", step=step_id)]
        raise ConflictError("conversation_over", errors=errors, step=step_id)
    if step_id not in (drill.current_step_id, drill.last_step_id):
        now, last = drill.current_step_id, drill.last_step_id
        errors = [field_error("step_id", "step_not_open", step=step_id, current=now, last=last)]
        raise ConflictError("step_not_open", errors=errors, step=step_id, current=now, last=last)
