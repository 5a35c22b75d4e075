"""What a rep has to learn: the published tracks assigned to them or their team, and the objection steps of
those tracks (from the latest published version of each scenario)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, or_, select

from api.models import Assignment, Scenario, ScenarioVersion, Track, TrackVersion, User
from api.models.base import id_of


@dataclass(frozen=True)
class StepRef:
    """An objection step as the schedule knows it: scenario + step id, with what to show about it."""

    scenario_id: int
    scenario_title: str
    step_id: str
    category: str
    customer_line: str

    @property
    def key(self) -> str:
        """`"scenario_id/step_id"`: how cycles name a step."""
        return step_key(self.scenario_id, self.step_id)


def step_key(scenario_id: int, step_id: str) -> str:
    """How cycles and focus lists name a step."""
    return f"{scenario_id}/{step_id}"


@dataclass(frozen=True)
class AssignedTrack:
    """A published track assigned to a rep, since when, and its latest version."""

    track: Track
    version: TrackVersion
    assigned_at: datetime


def assigned_tracks(session: Session, *, user: User) -> list[AssignedTrack]:
    """Published tracks assigned to the user or the user's team, oldest assignment first."""
    target = col(Assignment.user_id) == user.id
    if user.team_id is not None:
        target = or_(target, col(Assignment.team_id) == user.team_id)
    query = (
        select(Assignment, Track, TrackVersion)
        .join(Track, col(Track.id) == Assignment.track_id)
        .join(
            TrackVersion,
            (col(TrackVersion.track_id) == Track.id) & (col(TrackVersion.number) == Track.latest_version),
        )
        .where(target)
        .order_by(col(Assignment.assigned_at), col(Assignment.id))
    )
    found: dict[int, AssignedTrack] = {}
    for assignment, track, version in session.exec(query):
        if track.id not in found:
            found[id_of(track)] = AssignedTrack(track, version, assignment.assigned_at)
    return list(found.values())


def latest_versions(session: Session, *, scenario_ids: Iterable[int]) -> dict[int, ScenarioVersion]:
    """The latest published version of each scenario that has one."""
    ids = set(scenario_ids)
    if not ids:
        return {}
    query = select(ScenarioVersion).join(
        Scenario,
        (col(ScenarioVersion.scenario_id) == Scenario.id) & (col(ScenarioVersion.number) == Scenario.latest_version),
    )
    return {v.scenario_id: v for v in session.exec(query.where(col(Scenario.id).in_(ids)))}


def steps_of(version: ScenarioVersion) -> list[StepRef]:
    """The steps of a published scenario version, in order."""
    return [
        StepRef(version.scenario_id, version.title, s["id"], s["category"], s["customer_line"])
        for s in version.content["steps"]
    ]


def track_steps(session: Session, *, versions: Iterable[TrackVersion]) -> list[StepRef]:
    """Every step of the tracks' scenarios, track by track, in scenario and step order, each once."""
    versions = list(versions)
    published = latest_versions(session, scenario_ids=(i for v in versions for i in v.scenario_ids))
    seen: dict[str, StepRef] = {}
    for version in versions:
        for scenario_id in version.scenario_ids:
            if scenario_id in published:
                for step in steps_of(published[scenario_id]):
                    seen.setdefault(step.key, step)
    return list(seen.values())


def step_index(session: Session, *, scenario_ids: Iterable[int]) -> dict[tuple[int, str], StepRef]:
    """The steps of the latest published versions of these scenarios, by (scenario id, step id)."""
    published = latest_versions(session, scenario_ids=scenario_ids)
    return {(s.scenario_id, s.step_id): s for v in published.values() for s in steps_of(v)}
