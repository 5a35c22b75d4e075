"""Requests for more test attempts: a rep with none left asks; a trainer of the rep's team (heads and admins:
anyone's) grants extra attempts or declines. Mounted before the tests router: `/tests/{test_id}` would take the path."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import CurrentUser, NowDep, PathId, RequireTrainer, SessionDep
from api.models.attempt_requests import AttemptDecline, AttemptGrant, AttemptRequestCreate, AttemptRequestPublic
from api.services import attempt_requests as service
from api.services import tracks as track_service

router = APIRouter(prefix="/tests/attempt-requests", tags=["tests"])
Limit = Annotated[int, Query(ge=1, le=200)]


@router.post("", response_model=AttemptRequestPublic, status_code=201)
def ask(body: AttemptRequestCreate, user: CurrentUser, session: SessionDep, now: NowDep) -> AttemptRequestPublic:
    """Ask for more attempts at an assigned track's test, once none are left in this certification round (409
    while some are left, a test runs, or a request of the track is pending)."""
    track = track_service.get_track(session, track_id=body.track_id)
    request = service.ask(session, rep=user, track=track, message=body.message, now=now)
    return service.public(session, request=request)


@router.get("", response_model=list[AttemptRequestPublic])
def own_requests(user: CurrentUser, session: SessionDep, limit: Limit = 50) -> list[AttemptRequestPublic]:
    """One's own requests, newest first."""
    return [service.public(session, request=r) for r in service.own(session, rep=user, limit=limit)]


@router.get("/queue", response_model=list[AttemptRequestPublic])
def queue(
    user: RequireTrainer,
    session: SessionDep,
    status: Literal["pending", "granted", "declined"] | None = "pending",
    limit: Limit = 100,
) -> list[AttemptRequestPublic]:
    """The requests to decide, oldest first: a trainer's team's, everyone's for heads and admins (pending ones
    unless another `status` is asked for)."""
    requests = service.queue(session, viewer=user, status=status, limit=limit)
    return [service.public(session, request=r) for r in requests]


@router.post("/{request_id}/grant", response_model=AttemptRequestPublic)
def grant(
    request_id: PathId, body: AttemptGrant, user: RequireTrainer, session: SessionDep, now: NowDep
) -> AttemptRequestPublic:
    """Grant `extra` attempts: the rep may start the test again (once the cycle's practice allows it)."""
    request = service.decide(session, request_id=request_id, decider=user, extra=body.extra, note=body.note, now=now)
    return service.public(session, request=request)


@router.post("/{request_id}/decline", response_model=AttemptRequestPublic)
def decline(
    request_id: PathId, body: AttemptDecline, user: RequireTrainer, session: SessionDep, now: NowDep
) -> AttemptRequestPublic:
    """Decline, with an optional note the rep sees."""
    request = service.decide(session, request_id=request_id, decider=user, extra=None, note=body.note, now=now)
    return service.public(session, request=request)
