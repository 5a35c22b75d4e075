"""Tracks: draft rules, immutable published versions, assignment to teams and reps."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from api.errors import ConflictError, InvalidError, NotFoundError
from api.models import Assignment, Role, Scenario, ScenarioVersion, Team, Track, TrackVersion, User
from api.models.base import id_of
from api.models.content import AssignmentCreate, AssignmentPublic, TrackPublic, TrackRules, TrackVersionPublic
from api.services import scope


def get_track(session: Session, *, track_id: int) -> Track:
    """The track or NotFoundError."""
    track = session.get(Track, track_id)
    if track is None:
        raise NotFoundError("track_not_found", id=track_id)
    return track


def latest_version(session: Session, *, track: Track) -> TrackVersion | None:
    """The latest published version, if any."""
    query = select(TrackVersion).where(col(TrackVersion.track_id) == track.id)
    return session.exec(query.where(col(TrackVersion.number) == track.latest_version)).first()


def is_assigned(session: Session, *, user: User, track: Track) -> bool:
    """True when the track is assigned to the user or to the user's team."""
    query = select(Assignment.id).where(col(Assignment.track_id) == track.id, _assigned_to(user))
    return session.exec(query).first() is not None


def _assigned_to(user: User) -> ColumnElement[bool]:
    if user.team_id is None:
        return col(Assignment.user_id) == user.id
    return or_(col(Assignment.user_id) == user.id, col(Assignment.team_id) == user.team_id)


def list_tracks(session: Session, *, user: User) -> list[Track]:
    """Authors see every track; reps see published tracks assigned to them or their team."""
    query = select(Track).order_by(col(Track.name), col(Track.id))
    if not user.role.at_least(Role.trainer):
        assigned = select(Assignment.track_id).where(_assigned_to(user))
        query = query.where(col(Track.id).in_(assigned), col(Track.latest_version) > 0)
    return list(session.exec(query))


def can_read(session: Session, *, user: User, track: Track) -> bool:
    """Authors read every track; reps only published ones assigned to them."""
    if user.role.at_least(Role.trainer):
        return True
    return track.latest_version > 0 and is_assigned(session, user=user, track=track)


def public(session: Session, *, track: Track, show_draft: bool) -> TrackPublic:
    """A track with its published rules, and its draft for authors."""
    version = latest_version(session, track=track)
    return TrackPublic(
        id=id_of(track),
        name=version.name if version and not show_draft else track.name,
        version=version.number if version else None,
        published=version_public(version) if version else None,
        draft=TrackRules.model_validate(track.draft) if show_draft and track.draft is not None else None,
        updated_at=track.updated_at,
    )


def version_public(version: TrackVersion) -> TrackVersionPublic:
    """A published track version."""
    return TrackVersionPublic.model_validate(version, from_attributes=True)


def create(session: Session, *, rules: TrackRules, author: User, now: datetime) -> Track:
    """A new track whose draft is `rules`."""
    _check_scenarios(session, scenario_ids=rules.scenario_ids)
    track = Track(
        name=rules.name, draft=rules.model_dump(mode="json"), created_by_id=author.id, created_at=now, updated_at=now
    )
    session.add(track)
    session.commit()
    return track


def save_draft(session: Session, *, track: Track, rules: TrackRules, now: datetime) -> Track:
    """Replace the draft rules."""
    _check_scenarios(session, scenario_ids=rules.scenario_ids)
    track.name, track.draft, track.updated_at = rules.name, rules.model_dump(mode="json"), now
    session.add(track)
    session.commit()
    return track


def publish(session: Session, *, track: Track, author: User, now: datetime) -> TrackVersion:
    """Publish the draft as the next version; every scenario must be published and hold enough steps."""
    if track.draft is None:
        raise ConflictError("nothing_to_publish")
    rules = TrackRules.model_validate(track.draft)
    latest = latest_version(session, track=track)
    if (
        latest is not None
        and version_public(latest).model_dump(include=set(TrackRules.model_fields)) == rules.model_dump()
    ):
        raise ConflictError("draft_unchanged", number=latest.number)
    steps = _published_steps(session, scenario_ids=rules.scenario_ids)
    if rules.test_size > steps:
        raise InvalidError("test_size_too_big", field="test_size", size=rules.test_size, steps=steps)
    version = TrackVersion(
        track_id=id_of(track),
        number=track.latest_version + 1,
        published_at=now,
        published_by_id=author.id,
        **rules.model_dump(),
    )
    track.latest_version, track.draft, track.updated_at = version.number, None, now
    session.add(version)
    session.add(track)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ConflictError("track_published_concurrently") from None
    return version


def _check_scenarios(session: Session, *, scenario_ids: list[int]) -> None:
    found = set(session.exec(select(Scenario.id).where(col(Scenario.id).in_(scenario_ids))))
    missing = [i for i in scenario_ids if i not in found]
    if missing:
        raise InvalidError("scenarios_not_found", field="scenario_ids", ids=missing)


def _published_steps(session: Session, *, scenario_ids: list[int]) -> int:
    query = select(Scenario.id, ScenarioVersion.step_count).join(
        ScenarioVersion,
        (col(ScenarioVersion.scenario_id) == Scenario.id) & (col(ScenarioVersion.number) == Scenario.latest_version),
    )
    counts = dict(session.exec(query.where(col(Scenario.id).in_(scenario_ids))).all())
    unpublished = [i for i in scenario_ids if i not in counts]
    if unpublished:
        raise InvalidError("scenarios_not_published", field="scenario_ids", ids=unpublished)
    return sum(counts.values())


# --- assignments -------------------------------------------------------------------------------------------------


def list_assignments(session: Session, *, track: Track) -> list[AssignmentPublic]:
    """Who the track is assigned to."""
    query = select(Assignment).where(col(Assignment.track_id) == track.id).order_by(col(Assignment.id))
    return [AssignmentPublic.model_validate(a, from_attributes=True) for a in session.exec(query)]


def assign(session: Session, *, track: Track, data: AssignmentCreate, author: User, now: datetime) -> Assignment:
    """Assign a published track to a team or a rep (once each)."""
    if track.latest_version == 0:
        raise ConflictError("track_not_published")
    if data.team_id is not None and session.get(Team, data.team_id) is None:
        raise InvalidError("team_not_found", field="team_id", id=data.team_id)
    if data.user_id is not None and session.get(User, data.user_id) is None:
        raise InvalidError("user_not_found", field="user_id", id=data.user_id)
    scope.check_assignable(session, viewer=author, team_id=data.team_id, user_id=data.user_id)
    assignment = Assignment(
        track_id=id_of(track), team_id=data.team_id, user_id=data.user_id, assigned_by_id=author.id, assigned_at=now
    )
    session.add(assignment)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        if data.team_id is not None:
            raise ConflictError("track_assigned_to_team", id=data.team_id) from None
        raise ConflictError("track_assigned_to_user", id=data.user_id) from None
    return assignment


def unassign(session: Session, *, track: Track, assignment_id: int, author: User) -> None:
    """Remove an assignment of this track."""
    assignment = session.get(Assignment, assignment_id)
    if assignment is None or assignment.track_id != track.id:
        raise NotFoundError("assignment_not_found", id=assignment_id, track=track.id)
    scope.check_assignable(session, viewer=author, team_id=assignment.team_id, user_id=assignment.user_id)
    session.delete(assignment)
    session.commit()
