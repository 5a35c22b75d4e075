"""Requests for more test attempts (issue 14): a rep with no attempts left in this certification round asks; a
trainer of the rep's team, a head of sales or an admin (`scope`) grants extra attempts or declines. Granted
attempts add to the track's allowance in the round the grant falls in (`round_attempts`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from api.errors import ConflictError, ForbiddenError, NotFoundError
from api.models import Exam, Track, TrackVersion, User
from api.models.attempt_requests import AttemptRequest, AttemptRequestPublic
from api.models.base import id_of
from api.services import cycles, scope
from api.services import tracks as track_service


def round_attempts(session: Session, *, user_id: int, track_id: int, version: TrackVersion) -> tuple[int, int]:
    """The rep's tests of the track started in the current certification round (`cycles.attempts_counted_since`),
    and the attempts the round allows: the track's own and those granted since the round began."""
    since = cycles.attempts_counted_since(session, user_id=user_id, track_id=track_id)
    used = select(func.count()).select_from(Exam).where(col(Exam.user_id) == user_id, col(Exam.track_id) == track_id)
    granted = select(func.coalesce(func.sum(AttemptRequest.extra), 0)).where(
        col(AttemptRequest.user_id) == user_id,
        col(AttemptRequest.track_id) == track_id,
        col(AttemptRequest.status) == "granted",
    )
    if since is not None:
        used = used.where(col(Exam.started_at) >= since)
        granted = granted.where(col(AttemptRequest.decided_at) >= since)
    return int(session.exec(used).one()), version.attempts_allowed + int(session.exec(granted).one() or 0)


def latest(session: Session, *, user_id: int, track_id: int) -> AttemptRequest | None:
    """The rep's request on the track to show beside the exam: the pending one, else the newest decided in this
    round (none once a new round began)."""
    since = cycles.attempts_counted_since(session, user_id=user_id, track_id=track_id)
    query = select(AttemptRequest).where(
        col(AttemptRequest.user_id) == user_id, col(AttemptRequest.track_id) == track_id
    )
    if since is not None:
        query = query.where(or_(col(AttemptRequest.status) == "pending", col(AttemptRequest.created_at) >= since))
    return session.exec(query.order_by(col(AttemptRequest.id).desc())).first()


def ask(session: Session, *, rep: User, track: Track, message: str | None, now: datetime) -> AttemptRequest:
    """The rep asks for more attempts at an assigned track's exam: only with none left in this round and no exam
    running, and one pending request per track at a time."""
    version = track_service.latest_version(session, track=track)
    if version is None or not track_service.is_assigned(session, user=rep, track=track):
        raise ForbiddenError("track_not_assigned")
    pending = session.exec(
        select(AttemptRequest.id).where(
            col(AttemptRequest.user_id) == rep.id,
            col(AttemptRequest.track_id) == track.id,
            col(AttemptRequest.status) == "pending",
        )
    ).first()
    if pending is not None:
        raise ConflictError("attempt_request_pending")
    running = session.exec(
        select(Exam.id).where(
            col(Exam.user_id) == rep.id, col(Exam.track_id) == track.id, col(Exam.finished_at).is_(None)
        )
    ).first()
    if running is not None:
        raise ConflictError("test_running", id=running)
    used, allowed = round_attempts(session, user_id=id_of(rep), track_id=id_of(track), version=version)
    if used < allowed:
        raise ConflictError("attempts_left", left=allowed - used, used=used, allowed=allowed)
    request = AttemptRequest(
        user_id=id_of(rep),
        track_id=id_of(track),
        message=message or None,
        attempts_used=used,
        attempts_allowed=allowed,
        created_at=now,
    )
    session.add(request)
    try:
        session.commit()
    except IntegrityError:  # a second request raced this one past the check above
        session.rollback()
        raise ConflictError("attempt_request_pending") from None
    return request


def own(session: Session, *, rep: User, limit: int) -> list[AttemptRequest]:
    """The rep's own requests, newest first."""
    query = select(AttemptRequest).where(col(AttemptRequest.user_id) == rep.id)
    return list(session.exec(query.order_by(col(AttemptRequest.id).desc()).limit(limit)))


def queue(session: Session, *, viewer: User, status: str | None, limit: int) -> list[AttemptRequest]:
    """The requests of the reps `viewer` acts on (a trainer: their team's; heads and admins: everyone's), not their
    own, oldest first: the queue."""
    query = select(AttemptRequest).where(col(AttemptRequest.user_id) != viewer.id)
    visible = scope.visible_users(viewer, AttemptRequest.user_id)
    if visible is not None:
        query = query.where(visible)
    if status is not None:
        query = query.where(col(AttemptRequest.status) == status)
    return list(session.exec(query.order_by(col(AttemptRequest.created_at), col(AttemptRequest.id)).limit(limit)))


def decide(
    session: Session, *, request_id: int, decider: User, extra: int | None, note: str | None, now: datetime
) -> AttemptRequest:
    """Grant `extra` attempts (None: decline) to a pending request of a rep the decider acts on."""
    request = session.exec(select(AttemptRequest).where(col(AttemptRequest.id) == request_id).with_for_update()).first()
    if request is None or not scope.visible_owner(session, viewer=decider, user_id=request.user_id):
        session.rollback()
        raise NotFoundError("attempt_request_not_found", id=request_id)
    if request.user_id == decider.id:
        session.rollback()
        raise ForbiddenError("own_attempt_request")
    if request.status != "pending":
        session.rollback()
        raise ConflictError("attempt_request_decided", status=request.status)
    request.status = "granted" if extra is not None else "declined"
    request.extra, request.note = extra, note or None
    request.decided_by_id, request.decided_at = decider.id, now
    session.add(request)
    session.commit()
    return request


def public(session: Session, *, request: AttemptRequest) -> AttemptRequestPublic:
    """A request with the names a screen shows: the rep, the track (its published name) and the decider."""
    rep = session.get(User, request.user_id)
    track = session.get(Track, request.track_id)
    assert rep is not None
    assert track is not None
    version = track_service.latest_version(session, track=track)
    decider = session.get(User, request.decided_by_id) if request.decided_by_id is not None else None
    return AttemptRequestPublic(
        id=id_of(request),
        user_id=request.user_id,
        user_name=rep.name,
        team_id=rep.team_id,
        track_id=request.track_id,
        track_name=version.name if version is not None else track.name,
        status=request.status,  # type: ignore[arg-type]
        message=request.message,
        attempts_used=request.attempts_used,
        attempts_allowed=request.attempts_allowed,
        extra=request.extra,
        note=request.note,
        decided_by_name=decider.name if decider is not None else None,
        created_at=request.created_at,
        decided_at=request.decided_at,
    )
