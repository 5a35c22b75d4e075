"""Scored answers and their disputes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import CurrentUser, NowDep, PathId, QueryId, RequireTrainer, SessionDep
from api.models.disputes import DisputeAccept, DisputeCreate, DisputePublic, DisputeReject
from api.models.training import AnswerPublic
from api.services import answers as answer_service
from api.services import disputes as service
from api.services import voice as voice_service

router = APIRouter(tags=["answers and disputes"])
Status = Annotated[str | None, Query(pattern="^(open|accepted|rejected)$")]


@router.get("/answers", response_model=list[AnswerPublic])
def list_answers(
    user: CurrentUser,
    session: SessionDep,
    user_id: QueryId = None,
    drill_id: QueryId = None,
    test_id: QueryId = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AnswerPublic]:
    """One's own answers, newest first; trainers may ask for a rep's (`user_id`)."""
    return answer_service.list_answers(
        session, user=user, user_id=user_id, drill_id=drill_id, test_id=test_id, limit=limit
    )


@router.get("/answers/{answer_id}", response_model=AnswerPublic)
def get_answer(answer_id: PathId, user: CurrentUser, session: SessionDep) -> AnswerPublic:
    """One answer with its score and feedback (hidden while its test runs)."""
    return answer_service.show(session, answer=answer_service.get_answer(session, answer_id=answer_id, user=user))


@router.get(
    "/answers/{answer_id}/audio",
    response_class=Response,
    responses={200: {"content": {"audio/webm": {}, "audio/ogg": {}, "audio/wav": {}}, "description": "The recording"}},
)
def get_answer_audio(answer_id: PathId, user: CurrentUser, session: SessionDep) -> Response:
    """The recording of a spoken answer, for whoever may read the answer (404 for a typed one)."""
    audio = voice_service.recording_of(session, answer_id=answer_id, user=user)
    return Response(audio.data, media_type=audio.content_type, headers={"Cache-Control": "private, no-store"})


@router.post("/disputes", response_model=DisputePublic, status_code=201)
def open_dispute(body: DisputeCreate, user: CurrentUser, session: SessionDep, now: NowDep) -> DisputePublic:
    """Dispute the score of one's own answer, with a comment."""
    dispute = service.open_dispute(session, rep=user, answer_id=body.answer_id, comment=body.comment, now=now)
    return service.public(session, dispute=dispute)


@router.get("/disputes", response_model=list[DisputePublic])
def list_disputes(
    user: CurrentUser, session: SessionDep, status: Status = None, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[DisputePublic]:
    """Trainers: every dispute, oldest first (the queue); reps: their own."""
    disputes = service.list_disputes(session, user=user, status=status, limit=limit)
    return [service.public(session, dispute=d) for d in disputes]


@router.get("/disputes/{dispute_id}", response_model=DisputePublic)
def get_dispute(dispute_id: PathId, user: CurrentUser, session: SessionDep) -> DisputePublic:
    """A dispute with its answer."""
    return service.public(session, dispute=service.get_dispute(session, dispute_id=dispute_id, user=user))


@router.post("/disputes/{dispute_id}/accept", response_model=DisputePublic)
def accept_dispute(
    dispute_id: PathId, body: DisputeAccept, reviewer: RequireTrainer, session: SessionDep, now: NowDep
) -> DisputePublic:
    """Accept: set a new score with a reason, and the key points' ticks if the scorer's were wrong (the original
    score and ticks are kept)."""
    dispute = service.get_dispute(session, dispute_id=dispute_id, user=reviewer)
    dispute = service.accept(
        session,
        dispute=dispute,
        reviewer=reviewer,
        new_score=body.new_score,
        reason=body.reason,
        now=now,
        key_points=body.key_points,
    )
    return service.public(session, dispute=dispute)


@router.post("/disputes/{dispute_id}/reject", response_model=DisputePublic)
def reject_dispute(
    dispute_id: PathId, body: DisputeReject, reviewer: RequireTrainer, session: SessionDep, now: NowDep
) -> DisputePublic:
    """Reject with a reason; the score stays (the trainer may still correct the key points' ticks)."""
    dispute = service.get_dispute(session, dispute_id=dispute_id, user=reviewer)
    dispute = service.reject(
        session, dispute=dispute, reviewer=reviewer, reason=body.reason, now=now, key_points=body.key_points
    )
    return service.public(session, dispute=dispute)
