"""Tracks: authors create, edit, publish and assign them; reps read the ones assigned to them."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import CurrentUser, NowDep, PathId, RequireTrainer, SessionDep
from api.errors import NotFoundError
from api.models import Role
from api.models.content import AssignmentCreate, AssignmentPublic, TrackPublic, TrackRules, TrackVersionPublic
from api.services import tracks as service

router = APIRouter(prefix="/tracks", tags=["tracks"])


@router.get("", response_model=list[TrackPublic])
def list_tracks(user: CurrentUser, session: SessionDep) -> list[TrackPublic]:
    """Authors see every track; reps the published tracks assigned to them or their team."""
    authors = user.role.at_least(Role.trainer)
    return [service.public(session, track=t, show_draft=authors) for t in service.list_tracks(session, user=user)]


@router.post("", response_model=TrackPublic, status_code=201)
def create_track(body: TrackRules, author: RequireTrainer, session: SessionDep, now: NowDep) -> TrackPublic:
    """Create a track as a draft."""
    return service.public(session, track=service.create(session, rules=body, author=author, now=now), show_draft=True)


@router.get("/{track_id}", response_model=TrackPublic)
def get_track(track_id: PathId, user: CurrentUser, session: SessionDep) -> TrackPublic:
    """A track: authors see the draft too; reps only a published track assigned to them."""
    track = service.get_track(session, track_id=track_id)
    if not service.can_read(session, user=user, track=track):
        raise NotFoundError("track_not_found", id=track_id)
    return service.public(session, track=track, show_draft=user.role.at_least(Role.trainer))


@router.put("/{track_id}/draft", response_model=TrackPublic)
def save_draft(track_id: PathId, body: TrackRules, _: RequireTrainer, session: SessionDep, now: NowDep) -> TrackPublic:
    """Replace the draft rules."""
    track = service.save_draft(session, track=service.get_track(session, track_id=track_id), rules=body, now=now)
    return service.public(session, track=track, show_draft=True)


@router.post("/{track_id}/publish", response_model=TrackVersionPublic, status_code=201)
def publish(track_id: PathId, author: RequireTrainer, session: SessionDep, now: NowDep) -> TrackVersionPublic:
    """Publish the draft as the next version; tests started from now on use it."""
    track = service.get_track(session, track_id=track_id)
    return service.version_public(service.publish(session, track=track, author=author, now=now))


@router.get("/{track_id}/assignments", response_model=list[AssignmentPublic])
def list_assignments(track_id: PathId, _: RequireTrainer, session: SessionDep) -> list[AssignmentPublic]:
    """The teams and reps the track is assigned to."""
    return service.list_assignments(session, track=service.get_track(session, track_id=track_id))


@router.post("/{track_id}/assignments", response_model=AssignmentPublic, status_code=201)
def assign(
    track_id: PathId, body: AssignmentCreate, author: RequireTrainer, session: SessionDep, now: NowDep
) -> AssignmentPublic:
    """Assign the track to a team or a rep."""
    track = service.get_track(session, track_id=track_id)
    assignment = service.assign(session, track=track, data=body, author=author, now=now)
    return AssignmentPublic.model_validate(assignment, from_attributes=True)


@router.delete("/{track_id}/assignments/{assignment_id}", status_code=204)
def unassign(track_id: PathId, assignment_id: PathId, author: RequireTrainer, session: SessionDep) -> None:
    """Remove an assignment."""
    track = service.get_track(session, track_id=track_id)
    service.unassign(session, track=track, assignment_id=assignment_id, author=author)
