"""Exams (the URLs say tests): steps drawn server-side, one at a time against the clock, no feedback until the end."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.errors import ConflictError, ForbiddenError, InvalidError, NotFoundError
from api.messages import ENGLISH, render
from api.models import Answer, Exam, ExamItem, Scenario, ScenarioVersion, Track, TrackVersion, User
from api.models.base import id_of
from api.models.content import AnswerMode
from api.models.exams import ExamAvailability, ExamItemPublic, ExamPublic
from api.scoring import ScoringService
from api.services import answers as answer_service
from api.services import attempt_requests, cycles, scope, stop_phrases, voice
from api.services import tracks as track_service
from api.services.curriculum import assigned_tracks
from api.services.practice import step_public
from api.settings import Settings
from scoring.scorer import ScoringError
from voice.transcribe import Transcriber

_rng = random.SystemRandom()


def attempts_used(session: Session, *, rep: User, track: Track, since: datetime | None = None) -> int:
    """How many tests of this track the rep has started (since a time, when given)."""
    query = select(func.count()).select_from(Exam).where(col(Exam.user_id) == rep.id, col(Exam.track_id) == track.id)
    if since is not None:
        query = query.where(col(Exam.started_at) >= since)
    return int(session.exec(query).one())


def get_exam(session: Session, *, exam_id: int, user: User) -> Exam:
    """A test its rep may read (trainers may read any), or NotFoundError."""
    exam = session.get(Exam, exam_id)
    if exam is None or not scope.visible_owner(session, viewer=user, user_id=exam.user_id):
        raise NotFoundError("test_not_found", id=exam_id)
    return exam


def own_exam(session: Session, *, exam_id: int, user: User) -> Exam:
    """A test of the user's own, or NotFoundError."""
    exam = session.get(Exam, exam_id)
    if exam is None or exam.user_id != user.id:
        raise NotFoundError("test_not_found", id=exam_id)
    return exam


def list_exams(session: Session, *, user: User, track_id: int | None, limit: int) -> list[Exam]:
    """The user's tests, newest first."""
    query = select(Exam).where(col(Exam.user_id) == user.id)
    if track_id is not None:
        query = query.where(col(Exam.track_id) == track_id)
    return list(session.exec(query.order_by(col(Exam.started_at).desc(), col(Exam.id).desc()).limit(limit)))


def start_exam(
    session: Session, *, rep: User, track: Track, now: datetime, settings: Settings | None, grace_seconds: float = 0.0
) -> Exam:
    """Start the next attempt at an assigned track's test once the rep's cycle allows it (`cycles.exam_gate`,
    unless `settings.test_requires_practice` is off; `settings=None` skips the gate for tools that record
    history); its first step is shown at once."""
    version = track_service.latest_version(session, track=track)
    if version is None or not track_service.is_assigned(session, user=rep, track=track):
        raise ForbiddenError("track_not_assigned")
    if settings is not None and settings.test_requires_practice:
        current = {c.track_id: c for c in cycles.sync(session, user=rep, now=now, settings=settings)}
        gate = cycles.exam_gate(session, cycle=current.get(id_of(track)), now=now)
        if not gate.open:
            session.rollback()
            raise ConflictError(gate.code or "practice_needed", **gate.params)
    for running in session.exec(
        select(Exam).where(col(Exam.user_id) == rep.id, col(Exam.track_id) == track.id, col(Exam.finished_at).is_(None))
    ):
        refresh(session, exam=running, now=now, grace_seconds=grace_seconds)
        if running.finished_at is None:
            raise ConflictError("test_running", id=running.id)
    used = attempts_used(session, rep=rep, track=track)
    rep_id, track_id = id_of(rep), id_of(track)
    in_round, allowed = attempt_requests.round_attempts(session, user_id=rep_id, track_id=track_id, version=version)
    if in_round >= allowed:
        raise ConflictError("no_attempts", used=in_round, allowed=allowed)
    drawn = _draw(session, version=version)
    exam = Exam(
        user_id=rep_id,
        track_id=track_id,
        track_version_id=id_of(version),
        number=used + 1,
        status="in_progress",
        seconds_per_answer=version.seconds_per_answer,
        pass_mark=version.pass_mark,
        floor=version.floor,
        started_at=now,
    )
    session.add(exam)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise ConflictError("test_started_concurrently") from None
    for position, (version_id, step_id) in enumerate(drawn, start=1):
        item = ExamItem(test_id=id_of(exam), position=position, scenario_version_id=version_id, step_id=step_id)
        if position == 1:
            _show(item, at=now, seconds=exam.seconds_per_answer)
        session.add(item)
    session.commit()
    return exam


def availability(
    session: Session, *, rep: User, now: datetime, settings: Settings, language: str = ENGLISH
) -> list[ExamAvailability]:
    """For each track assigned to the rep: may a test start now (and why not, `reason` in `language`), and the
    attempts of this certification round (commits the cycles' time-driven changes, as any look at them does)."""
    current = {c.track_id: c for c in cycles.sync(session, user=rep, now=now, settings=settings)}
    session.commit()
    rep_id = id_of(rep)
    out = []
    for assigned in assigned_tracks(session, user=rep):
        version, track_id = assigned.version, id_of(assigned.track)
        cycle = current.get(track_id)
        used, allowed = attempt_requests.round_attempts(session, user_id=rep_id, track_id=track_id, version=version)
        request = attempt_requests.latest(session, user_id=rep_id, track_id=track_id)
        running = session.exec(
            select(Exam.id).where(
                col(Exam.user_id) == rep_id, col(Exam.track_id) == track_id, col(Exam.finished_at).is_(None)
            )
        ).first()
        gate = cycles.exam_gate(session, cycle=cycle, now=now) if settings.test_requires_practice else cycles.Gate(True)
        left = max(0, allowed - used)
        if gate.open and not left and running is None:
            params = {"used": used, "allowed": allowed}
            gate = cycles.Gate(open=False, code="no_attempts", params=params)
        out.append(
            ExamAvailability(
                track_id=track_id,
                track_name=version.name,
                cycle_state=cycle.state if cycle else None,
                attempts_allowed=allowed,
                attempts_used=used,
                attempts_left=left,
                attempts_granted=allowed - version.attempts_allowed,
                attempt_request=attempt_requests.public(session, request=request) if request is not None else None,
                running_test_id=running,
                open=gate.open or running is not None,
                reason_code=gate.code,
                reason=render(gate.code, gate.params, language) if gate.code else None,
                practice_missing=gate.practice_missing,
                steps_short=gate.steps_short,
                opens_at=gate.opens_at,
            )
        )
    return out


def _draw(session: Session, *, version: TrackVersion) -> list[tuple[int, str]]:
    query = select(ScenarioVersion).join(
        Scenario,
        (col(ScenarioVersion.scenario_id) == Scenario.id) & (col(ScenarioVersion.number) == Scenario.latest_version),
    )
    versions = session.exec(query.where(col(Scenario.id).in_(version.scenario_ids))).all()
    pool = [(id_of(v), s["id"]) for v in versions for s in v.content["steps"]]
    if not pool:
        raise ConflictError("no_published_steps")
    return _rng.sample(pool, min(version.test_size, len(pool)))


def _show(item: ExamItem, *, at: datetime, seconds: int) -> None:
    item.shown_at, item.deadline = at, at + timedelta(seconds=seconds)


def items(session: Session, *, exam: Exam) -> list[ExamItem]:
    """A test's items in order."""
    return list(session.exec(select(ExamItem).where(col(ExamItem.test_id) == exam.id).order_by(col(ExamItem.position))))


def refresh(session: Session, *, exam: Exam, now: datetime, grace_seconds: float = 0.0) -> None:
    """Apply the clock: items past their deadline time out (the next one is shown at that deadline); an exam
    with nothing left to answer is finished."""
    if exam.finished_at is not None:
        return
    changed = False
    grace = timedelta(seconds=grace_seconds)
    all_items = items(session, exam=exam)
    for index, item in enumerate(all_items):
        if item.status != "pending":
            continue
        if item.deadline is None or now <= item.deadline + grace:
            break
        item.status, changed = "timed_out", True
        session.add(item)
        if index + 1 < len(all_items):
            _show(all_items[index + 1], at=item.deadline, seconds=exam.seconds_per_answer)
            session.add(all_items[index + 1])
    if all(i.status != "pending" for i in all_items):
        _finish(session, exam=exam, all_items=all_items, now=now)
        changed = True
    if changed:
        session.commit()


def current_item(session: Session, *, exam: Exam) -> ExamItem | None:
    """The item on screen: the first one not answered yet."""
    query = select(ExamItem).where(col(ExamItem.test_id) == exam.id, col(ExamItem.status) == "pending")
    return session.exec(query.order_by(col(ExamItem.position))).first()


def submit_answer(
    session: Session,
    *,
    exam: Exam,
    item_id: int,
    text: str,
    now: datetime,
    scoring: ScoringService,
    grace_seconds: float,
    recording: voice.Recording | None = None,
) -> ExamItem:
    """Score and store an answer (typed, or the transcript of a `recording`) to the item on screen, if its time has
    not run out and the track takes this kind of answer; show the next item."""
    refresh(session, exam=exam, now=now, grace_seconds=grace_seconds)
    item = _open_item(session, exam=exam, item_id=item_id)
    voice.check_test_mode(session, track_version_id=exam.track_version_id, spoken=recording is not None)
    version = session.get(ScenarioVersion, item.scenario_version_id)
    assert version is not None
    document = scoring.scenario(id_of(version), version.content)
    step = document.step(item.step_id)
    exam_id, user_id, scenario_id = exam.id, exam.user_id, version.scenario_id
    spec = stop_phrases.spec_for(session, document, step)
    session.commit()  # end the read transaction: scoring happens outside any transaction
    try:
        result = scoring.score(spec, text)
    except ScoringError as error:
        raise InvalidError("answer_not_scored", field="answer", reason=str(error)) from None
    exam = session.exec(select(Exam).where(col(Exam.id) == exam_id).with_for_update()).one()
    item = _open_item(session, exam=exam, item_id=item_id)  # a second answer may have raced this one
    answer = Answer(
        user_id=user_id,
        kind="test",
        test_id=exam_id,
        scenario_id=scenario_id,
        scenario_version_id=id_of(version),
        step_id=step.id,
        category=step.category,
        text=text,
        score=result.score,
        passed=result.passed,
        pass_mark=result.pass_mark,
        final_score=result.score,
        result=answer_service.from_result(result),
        model=result.model,
        created_at=now,
        delivery=voice.delivery_of(recording) if recording is not None else None,
    )
    session.add(answer)
    session.flush()
    if recording is not None:
        voice.store(session, answer=answer, recording=recording)
    answer_service.record_red_flags(session, answer=answer, phrases=spec.stop_phrases)
    item.status, item.answer_id = "answered", answer.id
    session.add(item)
    following = current_item(session, exam=exam)
    if following is None:
        _finish(session, exam=exam, all_items=items(session, exam=exam), now=now)
    else:
        _show(following, at=now, seconds=exam.seconds_per_answer)
        session.add(following)
    session.commit()
    return item


def submit_spoken_answer(
    session: Session,
    *,
    exam: Exam,
    item_id: int,
    data: bytes,
    content_type: str | None,
    now: datetime,
    scoring: ScoringService,
    transcriber: Transcriber,
    settings: Settings,
) -> ExamItem:
    """Transcribe a recorded answer to the item on screen in its scenario's language, then score and store it like a
    typed one; the item, its time and the track's answer mode are checked before the CPU is spent."""
    grace = settings.test_grace_seconds
    refresh(session, exam=exam, now=now, grace_seconds=grace)
    item = _open_item(session, exam=exam, item_id=item_id)
    voice.check_test_mode(session, track_version_id=exam.track_version_id, spoken=True)
    version = session.get(ScenarioVersion, item.scenario_version_id)
    assert version is not None
    fillers = voice.company_fillers(session, language=version.language)
    session.commit()  # no transaction stays open while the recording is transcribed
    recording = voice.transcribe_upload(
        transcriber,
        data=data,
        content_type=content_type,
        language=version.language,
        settings=settings,
        fillers=fillers,
    )
    return submit_answer(
        session,
        exam=exam,
        item_id=item_id,
        text=recording.transcript.text,
        now=now,
        scoring=scoring,
        grace_seconds=grace,
        recording=recording,
    )


def _open_item(session: Session, *, exam: Exam, item_id: int) -> ExamItem:
    item = session.get(ExamItem, item_id)
    if item is None or item.test_id != exam.id:
        raise NotFoundError("item_not_found", item=item_id, test=exam.id)
    if exam.finished_at is not None:
        raise ConflictError("test_finished")
    if item.status == "timed_out":
        assert item.deadline is not None
        raise ConflictError("answer_late", at=item.deadline)
    if item.status != "pending":
        raise ConflictError("item_answered")
    if item.shown_at is None:
        raise ConflictError("item_out_of_order")
    return item


def finish(session: Session, *, exam: Exam, now: datetime, grace_seconds: float) -> Exam:
    """End the test now: unanswered items count as 0; pass needs the pass mark on average and no item below
    the floor."""
    refresh(session, exam=exam, now=now, grace_seconds=grace_seconds)
    if exam.finished_at is not None:
        return exam
    _finish(session, exam=exam, all_items=items(session, exam=exam), now=now)
    session.commit()
    return exam


def _finish(session: Session, *, exam: Exam, all_items: list[ExamItem], now: datetime) -> None:
    for item in all_items:
        if item.status == "pending":
            item.status = "missed"
            session.add(item)
    exam.finished_at = now
    grade(session, exam=exam, all_items=all_items)
    cycles.on_exam_finished(session, exam=exam, all_items=all_items, now=now)


def grade(session: Session, *, exam: Exam, all_items: list[ExamItem]) -> None:
    """Score and verdict of a finished test from its answers' final scores (after disputes)."""
    ids = [i.answer_id for i in all_items if i.answer_id is not None]
    scores = (
        dict(session.exec(select(Answer.id, Answer.final_score).where(col(Answer.id).in_(ids))).all()) if ids else {}
    )
    per_item = [scores.get(i.answer_id, 0) if i.answer_id is not None else 0 for i in all_items]
    exam.score = round(sum(per_item) / len(per_item), 2) if per_item else 0.0
    exam.passed = bool(per_item) and exam.score >= exam.pass_mark and min(per_item) >= exam.floor
    exam.status = "passed" if exam.passed else "failed"
    session.add(exam)


def regrade(session: Session, *, exam_id: int, now: datetime, cause: str) -> None:
    """Recompute a finished test's result after a dispute changed one of its scores; a failed test that now
    passes certifies the rep (see `cycles.on_exam_regraded`) (not committed)."""
    exam = session.get(Exam, exam_id)
    if exam is not None and exam.finished_at is not None:
        was_passed = bool(exam.passed)
        grade(session, exam=exam, all_items=items(session, exam=exam))
        cycles.on_exam_regraded(session, exam=exam, was_passed=was_passed, now=now, cause=cause)


def public(session: Session, *, exam: Exam, scoring: ScoringService) -> ExamPublic:
    """An exam: the item on screen while it runs; every item with its score and feedback once finished."""
    all_items = items(session, exam=exam)
    version = session.get(TrackVersion, exam.track_version_id)
    assert version is not None
    finished = exam.finished_at is not None
    pending = next((i for i in all_items if i.status == "pending"), None)
    # the round's allowance, with the attempts a trainer granted (the version's own count otherwise)
    _, allowed = attempt_requests.round_attempts(session, user_id=exam.user_id, track_id=exam.track_id, version=version)
    return ExamPublic(
        id=id_of(exam),
        track_id=exam.track_id,
        track_version_id=exam.track_version_id,
        number=exam.number,
        status=exam.status,
        item_count=len(all_items),
        answered=sum(i.status == "answered" for i in all_items),
        seconds_per_answer=exam.seconds_per_answer,
        pass_mark=exam.pass_mark,
        floor=exam.floor,
        score=exam.score,
        passed=exam.passed,
        started_at=exam.started_at,
        finished_at=exam.finished_at,
        attempts_allowed=allowed,
        answer_mode=cast(AnswerMode, version.answer_mode),
        current_item=None if pending is None else _item_public(session, item=pending, scoring=scoring, reveal=False),
        items=[_item_public(session, item=i, scoring=scoring, reveal=True) for i in all_items] if finished else None,
    )


def _item_public(session: Session, *, item: ExamItem, scoring: ScoringService, reveal: bool) -> ExamItemPublic:
    version = session.get(ScenarioVersion, item.scenario_version_id)
    assert version is not None
    document = scoring.scenario(id_of(version), version.content)
    answer = session.get(Answer, item.answer_id) if reveal and item.answer_id is not None else None
    return ExamItemPublic(
        id=id_of(item),
        position=item.position,
        status=item.status,
        scenario_title=document.title,
        language=version.language,
        persona=document.persona.model_dump(),
        context=document.context,
        step=step_public(document.step(item.step_id), hints=False),
        shown_at=item.shown_at,
        deadline=item.deadline,
        answer=answer_service.show(session, answer=answer) if answer is not None else None,
    )
