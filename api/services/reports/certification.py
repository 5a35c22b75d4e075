"""The certification matrix: every active rep × every published track assigned to them, where they stand now."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlmodel import Session, col, select

from api.models import Assignment, Exam, Role, Track, TrackVersion, User
from api.models.progress import Certificate, TrainingCycle
from api.models.reports import CertificationCell, CertificationMatrix, CertificationRow, TrackColumn
from api.services import cycles as cycle_service
from api.services import scope
from api.services.progress import certificate_status
from api.services.reports.query import as_utc, select_columns, team_names


class _Cycle(NamedTuple):
    number: int
    state: str


class _Certificate(NamedTuple):
    issued_at: datetime
    warning_at: datetime
    expires_at: datetime


class Rep(NamedTuple):
    id: int
    name: str
    email: str
    team_id: int | None


@dataclass
class RepTrack:
    cycle: _Cycle | None = None
    certificate: _Certificate | None = None
    tests: int = 0
    last_test: tuple[datetime, float, bool] | None = None


def certification(session: Session, *, viewer: User, team_id: int | None, now: datetime) -> CertificationMatrix:
    """Every active rep (of the team) × every published track assigned to them: where they stand now."""
    team = scope.team_filter(viewer, team_id=team_id)
    reps_query = select_columns(User.id, User.name, User.email, User.team_id).where(
        col(User.role) == Role.trainee, col(User.is_active).is_(True)
    )
    if team is not None:
        reps_query = reps_query.where(col(User.team_id) == team)
    reps = [Rep(*row) for row in session.exec(reps_query.order_by(col(User.name), col(User.id)))]
    tracks = published_tracks(session)
    assigned = assigned_tracks(session, reps=reps, tracks=tracks)
    facts = track_facts(session, rep_ids=[r.id for r in reps])
    teams = team_names(session)
    rows = [
        CertificationRow(
            user_id=r.id,
            name=r.name,
            email=r.email,
            team_id=r.team_id,
            team_name=teams.get(r.team_id) if r.team_id is not None else None,
            tracks=[_cell(t, tracks[t], facts.get((r.id, t), RepTrack()), now) for t in assigned[r.id]],
        )
        for r in reps
    ]
    used = sorted({t for ts in assigned.values() for t in ts}, key=lambda t: (tracks[t].lower(), t))
    return CertificationMatrix(team_id=team, tracks=[TrackColumn(id=t, name=tracks[t]) for t in used], rows=rows)


def published_tracks(session: Session) -> dict[int, str]:
    query = select(Track.id, TrackVersion.name).join(
        TrackVersion, (col(TrackVersion.track_id) == Track.id) & (col(TrackVersion.number) == Track.latest_version)
    )
    return {i: n for i, n in session.exec(query) if i is not None}


def assigned_tracks(session: Session, *, reps: list[Rep], tracks: dict[int, str]) -> dict[int, list[int]]:
    by_team: dict[int, set[int]] = defaultdict(set)
    by_user: dict[int, set[int]] = defaultdict(set)
    for track_id, team_id, user_id in session.exec(select(Assignment.track_id, Assignment.team_id, Assignment.user_id)):
        if track_id in tracks and team_id is not None:
            by_team[team_id].add(track_id)
        elif track_id in tracks and user_id is not None:
            by_user[user_id].add(track_id)
    result = {}
    for rep in reps:
        ids = by_user[rep.id] | (by_team[rep.team_id] if rep.team_id is not None else set())
        result[rep.id] = sorted(ids, key=lambda t: (tracks[t].lower(), t))
    return result


def track_facts(session: Session, *, rep_ids: list[int]) -> dict[tuple[int, int], RepTrack]:
    facts: dict[tuple[int, int], RepTrack] = defaultdict(RepTrack)
    if not rep_ids:
        return facts
    cycles = select_columns(TrainingCycle.user_id, TrainingCycle.track_id, TrainingCycle.number, TrainingCycle.state)
    for user_id, track_id, number, state in session.exec(
        cycles.where(col(TrainingCycle.user_id).in_(rep_ids)).order_by(col(TrainingCycle.number))
    ):
        facts[(user_id, track_id)].cycle = _Cycle(number, state)
    certificates = select_columns(
        Certificate.user_id, Certificate.track_id, Certificate.issued_at, Certificate.warning_at, Certificate.expires_at
    ).where(col(Certificate.user_id).in_(rep_ids))
    for user_id, track_id, *dates in session.exec(certificates.order_by(col(Certificate.issued_at))):
        facts[(user_id, track_id)].certificate = _Certificate(*(as_utc(d) for d in dates))
    tests = select_columns(Exam.user_id, Exam.track_id, Exam.finished_at, Exam.score, Exam.passed).where(
        col(Exam.user_id).in_(rep_ids)
    )
    for user_id, track_id, finished_at, score, passed in session.exec(tests.order_by(col(Exam.started_at))):
        fact = facts[(user_id, track_id)]
        fact.tests += 1
        if finished_at is not None:
            fact.last_test = (finished_at, score or 0.0, bool(passed))
    return facts


def _cell(track_id: int, name: str, fact: RepTrack, now: datetime) -> CertificationCell:
    certificate, cycle = fact.certificate, fact.cycle
    status = track_status(fact, now)
    cycle_state = cycle.state if cycle is not None else None
    if cycle is not None and cycle.state in cycle_service.CERTIFIED and certificate is not None:
        cycle_state = {"valid": "passed", "expiring": "expiring", "expired": "expired"}[
            certificate_status(warning_at=certificate.warning_at, expires_at=certificate.expires_at, now=now)
        ]
    return CertificationCell(
        track_id=track_id,
        track_name=name,
        status=status,
        cycle_state=cycle_state,
        cycle_number=cycle.number if cycle else None,
        certified_at=certificate.issued_at if certificate else None,
        expires_at=certificate.expires_at if certificate else None,
        last_test_at=fact.last_test[0] if fact.last_test else None,
        last_test_score=fact.last_test[1] if fact.last_test else None,
        tests_taken=fact.tests,
    )


def track_status(fact: RepTrack, now: datetime) -> str:
    if fact.certificate is not None:
        certificate = fact.certificate
        return {"valid": "certified", "expiring": "expiring", "expired": "expired"}[
            certificate_status(warning_at=certificate.warning_at, expires_at=certificate.expires_at, now=now)
        ]
    if fact.last_test is not None and not fact.last_test[2]:
        return "failed"
    return "in_progress" if fact.cycle is not None or fact.tests else "not_started"
