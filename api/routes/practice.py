"""Practice: drills on a scenario version, answered step by step, each answer scored and explained."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query

from api.deps import CurrentUser, NowDep, PathId, ScoringDep, SessionDep, SettingsDep
from api.models.training import AnswerCreate, DrillCreate, DrillPublic, PracticeFeedback, StepId
from api.services import practice as service
from api.services import scenarios as scenario_service
from api.speech import Recording, TranscriberDep

router = APIRouter(prefix="/drills", tags=["practice"])


@router.post("", response_model=DrillPublic, status_code=201)
def start_drill(
    body: DrillCreate, user: CurrentUser, session: SessionDep, scoring: ScoringDep, settings: SettingsDep, now: NowDep
) -> DrillPublic:
    """Start a drill on a published scenario (its latest version unless `version` is given); refused (409) while a
    test of a track with this scenario runs."""
    row = scenario_service.get_scenario(session, scenario_id=body.scenario_id)
    drill = service.start_drill(session, rep=user, row=row, version_number=body.version, now=now, settings=settings)
    return service.drill_public(drill, service.document_of(session, drill=drill, scoring=scoring))


@router.get("", response_model=list[DrillPublic])
def list_drills(
    user: CurrentUser, session: SessionDep, scoring: ScoringDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[DrillPublic]:
    """One's own drills, newest first."""
    drills = service.list_drills(session, user=user, limit=limit)
    return [service.drill_public(d, service.document_of(session, drill=d, scoring=scoring)) for d in drills]


@router.get("/{drill_id}", response_model=DrillPublic)
def get_drill(drill_id: PathId, user: CurrentUser, session: SessionDep, scoring: ScoringDep) -> DrillPublic:
    """One's own drill with the step to answer now and the conversation so far (`history`)."""
    drill = service.get_drill(session, drill_id=drill_id, user=user)
    return service.with_history(
        session, drill=drill, document=service.document_of(session, drill=drill, scoring=scoring)
    )


@router.post("/{drill_id}/answers", response_model=PracticeFeedback, status_code=201)
def submit_answer(
    drill_id: PathId,
    body: AnswerCreate,
    user: CurrentUser,
    session: SessionDep,
    scoring: ScoringDep,
    settings: SettingsDep,
    now: NowDep,
) -> PracticeFeedback:
    """Answer the current step (or the last one again, to retry): scored, stored, then explained."""
    drill = service.get_drill(session, drill_id=drill_id, user=user)
    return service.submit_answer(
        session,
        drill=drill,
        rep=user,
        step_id=body.step_id,
        text=body.answer,
        now=now,
        scoring=scoring,
        settings=settings,
    )


@router.post("/{drill_id}/answers/voice", response_model=PracticeFeedback, status_code=201)
def submit_spoken_answer(
    drill_id: PathId,
    step_id: Annotated[StepId, Form()],
    audio: Recording,
    user: CurrentUser,
    session: SessionDep,
    scoring: ScoringDep,
    transcriber: TranscriberDep,
    settings: SettingsDep,
    now: NowDep,
) -> PracticeFeedback:
    """Answer by voice: the recording is transcribed in the scenario's language and the transcript scored like a
    typed answer; the reply adds the answer's `delivery`. 413/415/422 for a recording too large, of the wrong type,
    empty, unreadable, too long or silent (nothing is stored)."""
    drill = service.get_drill(session, drill_id=drill_id, user=user)
    return service.submit_spoken_answer(
        session,
        drill=drill,
        rep=user,
        step_id=step_id,
        data=audio.file.read(settings.voice_max_bytes + 1),
        content_type=audio.content_type,
        now=now,
        scoring=scoring,
        transcriber=transcriber,
        settings=settings,
    )
