"""Exams, at /tests: start on an assigned track, answer against the clock, finish for the verdict."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query

from api.deps import CurrentUser, LanguageDep, NowDep, PathId, QueryId, ScoringDep, SessionDep, SettingsDep
from api.models.base import MAX_ID, id_of
from api.models.exams import ExamAnswerCreate, ExamAnswerReceipt, ExamAvailability, ExamCreate, ExamPublic
from api.services import exams as service
from api.services import tracks as track_service
from api.speech import Recording, TranscriberDep

router = APIRouter(prefix="/tests", tags=["tests"])


@router.post("", response_model=ExamPublic, status_code=201)
def start_test(
    body: ExamCreate, user: CurrentUser, session: SessionDep, scoring: ScoringDep, settings: SettingsDep, now: NowDep
) -> ExamPublic:
    """Start the next attempt at an assigned track's test; the first item's timer starts now."""
    track = track_service.get_track(session, track_id=body.track_id)
    exam = service.start_exam(
        session, rep=user, track=track, now=now, settings=settings, grace_seconds=settings.test_grace_seconds
    )
    return service.public(session, exam=exam, scoring=scoring)


@router.get("/availability", response_model=list[ExamAvailability])
def availability(
    user: CurrentUser, session: SessionDep, settings: SettingsDep, now: NowDep, language: LanguageDep
) -> list[ExamAvailability]:
    """For each track assigned to oneself: whether a test may start now (and why not, in the request's language),
    and the attempts left in this certification round."""
    return service.availability(session, rep=user, now=now, settings=settings, language=language)


@router.get("", response_model=list[ExamPublic])
def list_tests(
    user: CurrentUser,
    session: SessionDep,
    scoring: ScoringDep,
    settings: SettingsDep,
    now: NowDep,
    track_id: QueryId = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[ExamPublic]:
    """One's own tests, newest first."""
    tests = service.list_exams(session, user=user, track_id=track_id, limit=limit)
    for exam in tests:
        service.refresh(session, exam=exam, now=now, grace_seconds=settings.test_grace_seconds)
    return [service.public(session, exam=t, scoring=scoring) for t in tests]


@router.get("/{test_id}", response_model=ExamPublic)
def get_test(
    test_id: PathId, user: CurrentUser, session: SessionDep, scoring: ScoringDep, settings: SettingsDep, now: NowDep
) -> ExamPublic:
    """An exam: the item on screen while it runs; every score and feedback once it is finished."""
    exam = service.get_exam(session, exam_id=test_id, user=user)
    service.refresh(session, exam=exam, now=now, grace_seconds=settings.test_grace_seconds)
    return service.public(session, exam=exam, scoring=scoring)


@router.post("/{test_id}/answers", response_model=ExamAnswerReceipt, status_code=201)
def submit_answer(
    test_id: PathId,
    body: ExamAnswerCreate,
    user: CurrentUser,
    session: SessionDep,
    scoring: ScoringDep,
    settings: SettingsDep,
    now: NowDep,
) -> ExamAnswerReceipt:
    """Answer the item on screen before its deadline; stored, no score until the exam is finished."""
    exam = service.own_exam(session, exam_id=test_id, user=user)
    item = service.submit_answer(
        session,
        exam=exam,
        item_id=body.item_id,
        text=body.answer,
        now=now,
        scoring=scoring,
        grace_seconds=settings.test_grace_seconds,
    )
    return ExamAnswerReceipt(
        accepted=True, item_id=id_of(item), test=service.public(session, exam=exam, scoring=scoring)
    )


@router.post("/{test_id}/answers/voice", response_model=ExamAnswerReceipt, status_code=201)
def submit_spoken_answer(
    test_id: PathId,
    item_id: Annotated[int, Form(ge=1, le=MAX_ID)],
    audio: Recording,
    user: CurrentUser,
    session: SessionDep,
    scoring: ScoringDep,
    transcriber: TranscriberDep,
    settings: SettingsDep,
    now: NowDep,
) -> ExamAnswerReceipt:
    """Answer the item on screen by voice (a track whose tests take `voice` or `either`): transcribed in the
    scenario's language, stored with the recording; no score until the exam is finished."""
    exam = service.own_exam(session, exam_id=test_id, user=user)
    item = service.submit_spoken_answer(
        session,
        exam=exam,
        item_id=item_id,
        data=audio.file.read(settings.voice_max_bytes + 1),
        content_type=audio.content_type,
        now=now,
        scoring=scoring,
        transcriber=transcriber,
        settings=settings,
    )
    return ExamAnswerReceipt(
        accepted=True, item_id=id_of(item), test=service.public(session, exam=exam, scoring=scoring)
    )


@router.post("/{test_id}/finish", response_model=ExamPublic)
def finish_test(
    test_id: PathId, user: CurrentUser, session: SessionDep, scoring: ScoringDep, settings: SettingsDep, now: NowDep
) -> ExamPublic:
    """End the test now (unanswered items count as 0) and get the result."""
    exam = service.own_exam(session, exam_id=test_id, user=user)
    exam = service.finish(session, exam=exam, now=now, grace_seconds=settings.test_grace_seconds)
    return service.public(session, exam=exam, scoring=scoring)
