"""Training cycles, one rep × assigned track at a time, as a state machine:

    practising ──(every step practised enough)──> test_available
    practising | test_available ──(test passed)──> passed   (a certificate, valid for the track's period)
    practising | test_available ──(test failed)──> failed   (a new `retry` cycle on the failed steps starts)
    passed ──(warning window opens)──> expiring ──(certificate ends)──> expired   (a `recertification` cycle starts)
    passed | expiring ──(test passed again)──> passed   (renewed: a new certificate)

Every change is a `CycleTransition` row with the time the rule fired and its cause. Changes that come with
time (the warning, the expiry) are applied when anything touches the rep's cycles (`sync`): their progress,
a practice answer, a finished test; they carry the time they happened, not the time they were noticed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from api.models import Answer, Exam, ExamItem, ScenarioVersion, Track, TrackVersion, User
from api.models.base import id_of
from api.models.progress import Certificate, CycleKind, CycleState, CycleTransition, TrainingCycle
from api.services import scheduling
from api.services.curriculum import AssignedTrack, StepRef, assigned_tracks, step_key, track_steps
from api.settings import Settings, get_settings

S = CycleState
ALLOWED: dict[CycleState | None, frozenset[CycleState]] = {
    None: frozenset({S.practising}),
    S.practising: frozenset({S.test_available, S.passed, S.failed}),
    S.test_available: frozenset({S.passed, S.failed}),
    S.passed: frozenset({S.expiring, S.expired, S.passed}),
    S.expiring: frozenset({S.expired, S.passed}),
    S.failed: frozenset(),
    S.expired: frozenset(),
}
OPEN = frozenset({S.practising, S.test_available})
CERTIFIED = frozenset({S.passed, S.expiring})


class TransitionError(RuntimeError):
    """A state change the machine does not allow (a bug, never user input)."""


@dataclass(frozen=True)
class Rules:
    """What a new cycle copies from the settings."""

    practice_needed: int
    warning_days: int

    @classmethod
    def of(cls, settings: Settings) -> Rules:
        return cls(settings.practice_count_for_test, settings.expiry_warning_days)


def move(
    session: Session, *, cycle: TrainingCycle, to: CycleState, at: datetime, cause: str, test_id: int | None = None
) -> None:
    """Change the cycle's state and record the transition (not committed)."""
    current = CycleState(cycle.state) if cycle.state else None
    if to not in ALLOWED[current]:
        raise TransitionError(f"cycle {cycle.id}: {current} -> {to} is not a transition of the cycle")
    session.add(
        CycleTransition(
            cycle_id=id_of(cycle),
            user_id=cycle.user_id,
            track_id=cycle.track_id,
            from_state=current,
            to_state=to,
            at=at,
            cause=cause[:300],
            test_id=test_id,
        )
    )
    cycle.state, cycle.updated_at = to, at
    if to == S.test_available:
        cycle.test_available_at = at
    if to in (S.failed, S.expired):
        cycle.ended_at = at
    session.add(cycle)


def start(
    session: Session,
    *,
    user_id: int,
    track_id: int,
    kind: CycleKind,
    at: datetime,
    cause: str,
    rules: Rules,
    focus: list[str] | None = None,
    test_id: int | None = None,
) -> TrainingCycle:
    """Open the rep's next cycle on the track, practising (not committed)."""
    query = select(TrainingCycle.number).where(
        col(TrainingCycle.user_id) == user_id, col(TrainingCycle.track_id) == track_id
    )
    number = max(session.exec(query).all(), default=0) + 1
    cycle = TrainingCycle(
        user_id=user_id,
        track_id=track_id,
        number=number,
        kind=kind,
        state="",
        focus=focus or [],
        practice_needed=rules.practice_needed,
        warning_days=rules.warning_days,
        started_at=at,
        updated_at=at,
    )
    session.add(cycle)
    session.flush()
    move(session, cycle=cycle, to=S.practising, at=at, cause=cause, test_id=test_id)
    return cycle


def current(session: Session, *, user_id: int, track_id: int | None = None) -> dict[int, TrainingCycle]:
    """The rep's latest cycle of each track (or of one)."""
    query = select(TrainingCycle).where(col(TrainingCycle.user_id) == user_id)
    if track_id is not None:
        query = query.where(col(TrainingCycle.track_id) == track_id)
    latest: dict[int, TrainingCycle] = {}
    for cycle in session.exec(query.order_by(col(TrainingCycle.number))):
        latest[cycle.track_id] = cycle
    return latest


# --- time passes -------------------------------------------------------------------------------------------------


def sync(session: Session, *, user: User, now: datetime, settings: Settings) -> list[TrainingCycle]:
    """Open a cycle for every newly assigned track and apply what time and practice changed since the last
    look; returns the current cycle of each assigned track (not committed)."""
    latest = current(session, user_id=id_of(user))
    result = []
    for assigned in assigned_tracks(session, user=user):
        cycle = latest.get(id_of(assigned.track))
        if cycle is None:
            at = min(now, max(assigned.assigned_at, user.created_at))
            cycle = start(
                session,
                user_id=id_of(user),
                track_id=id_of(assigned.track),
                kind=CycleKind.initial,
                at=at,
                cause=f"track «{assigned.version.name}» assigned",
                rules=Rules.of(settings),
            )
        result.append(advance(session, cycle=cycle, assigned=assigned, now=now))
    return result


def advance(session: Session, *, cycle: TrainingCycle, assigned: AssignedTrack, now: datetime) -> TrainingCycle:
    """Apply every rule that fired by `now`, in order; returns the cycle that is current afterwards."""
    if cycle.state == S.practising:
        steps = needed_steps(session, cycle=cycle, version=assigned.version)
        done_at = practice_done_at(session, cycle=cycle, steps=steps, until=now)
        if done_at is not None:
            cause = f"each of {len(steps)} steps practised {cycle.practice_needed} times"
            move(session, cycle=cycle, to=S.test_available, at=done_at, cause=cause)
    if cycle.state in CERTIFIED:
        return _age(session, cycle=cycle, assigned=assigned, now=now)
    return cycle


def _age(session: Session, *, cycle: TrainingCycle, assigned: AssignedTrack, now: datetime) -> TrainingCycle:
    certificate = session.get(Certificate, cycle.certificate_id)
    assert certificate is not None
    if cycle.state == S.passed and certificate.warning_at <= now and certificate.warning_at < certificate.expires_at:
        cause = f"certificate expires on {certificate.expires_at:%Y-%m-%d}: recertify"
        move(session, cycle=cycle, to=S.expiring, at=certificate.warning_at, cause=cause)
    if certificate.expires_at > now:
        return cycle
    move(session, cycle=cycle, to=S.expired, at=certificate.expires_at, cause="certificate expired")
    following = start(
        session,
        user_id=cycle.user_id,
        track_id=cycle.track_id,
        kind=CycleKind.recertification,
        at=certificate.expires_at,
        cause="recertification after the certificate expired",
        rules=Rules(cycle.practice_needed, cycle.warning_days),
    )
    return advance(session, cycle=following, assigned=assigned, now=now)


def needed_steps(session: Session, *, cycle: TrainingCycle, version: TrackVersion) -> list[StepRef]:
    """The steps the cycle must practise: its focus, else every step of the track."""
    steps = track_steps(session, versions=[version])
    if cycle.focus:
        focus = set(cycle.focus)
        return [s for s in steps if s.key in focus]
    return steps


def step_practice(
    session: Session, *, cycle: TrainingCycle, now: datetime, version: TrackVersion | None = None
) -> list[tuple[StepRef, int]]:
    """Each step the cycle must practise with its practice answers so far (on the track's latest version unless
    one is given; none when the track has no published version)."""
    version = version or latest_track_version(session, track_id=cycle.track_id)
    if version is None:
        return []
    steps = needed_steps(session, cycle=cycle, version=version)
    counts = practice_counts(session, cycle=cycle, steps=steps, until=now)
    return [(step, counts[step.key]) for step in steps]


def practice_counts(session: Session, *, cycle: TrainingCycle, steps: list[StepRef], until: datetime) -> Counter[str]:
    """Practice answers (retries not counted) to each step since the cycle started."""
    return Counter(step_key(s, t) for s, t, _ in _practice(session, cycle=cycle, steps=steps, until=until))


def practice_done_at(
    session: Session, *, cycle: TrainingCycle, steps: list[StepRef], until: datetime
) -> datetime | None:
    """When the last step got its last needed practice answer, or None while some step still needs more."""
    if not steps:
        return None
    counts: Counter[str] = Counter()
    reached: dict[str, datetime] = {}
    for scenario_id, step_id, at in _practice(session, cycle=cycle, steps=steps, until=until):
        key = step_key(scenario_id, step_id)
        counts[key] += 1
        if counts[key] == cycle.practice_needed:
            reached[key] = at
    if len(reached) < len(steps):
        return None
    return max(reached.values())


def _practice(
    session: Session, *, cycle: TrainingCycle, steps: list[StepRef], until: datetime
) -> list[tuple[int, str, datetime]]:
    wanted = {(s.scenario_id, s.step_id) for s in steps}
    query = (
        select(Answer.scenario_id, Answer.step_id, Answer.created_at)
        .where(
            col(Answer.user_id) == cycle.user_id,
            col(Answer.kind) == "practice",
            col(Answer.retry).is_(False),
            col(Answer.created_at) >= cycle.started_at,
            col(Answer.created_at) <= until,
            col(Answer.scenario_id).in_({s for s, _ in wanted}),
        )
        .order_by(col(Answer.created_at), col(Answer.id))
    )
    return [(s, t, at) for s, t, at in session.exec(query) if (s, t) in wanted]


# --- may a test start? ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gate:
    """Whether the cycle lets the rep start the track's exam, and if not, why: an error code (`practice_needed`,
    `certified`) and its params (api/messages.py words them)."""

    open: bool
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    practice_missing: int = 0  # practice answers still needed in this cycle
    steps_short: int = 0  # steps that still need practice
    opens_at: datetime | None = None  # for a certified rep: when the renewal test opens


def exam_gate(session: Session, *, cycle: TrainingCycle | None, now: datetime) -> Gate:
    """A test opens when the cycle is `test_available`, and for renewal once the certificate is `expiring`."""
    if cycle is None or cycle.state in (S.test_available, S.expiring):
        return Gate(open=True)
    if cycle.state == S.passed:
        certificate = session.get(Certificate, cycle.certificate_id)
        assert certificate is not None
        days = {"until": certificate.expires_at.date(), "opens": certificate.warning_at.date()}
        return Gate(open=False, code="certified", params=days, opens_at=certificate.warning_at)
    practice = step_practice(session, cycle=cycle, now=now)
    missing = sum(max(0, cycle.practice_needed - done) for _, done in practice)
    short = sum(1 for _, done in practice if done < cycle.practice_needed)
    params = {"missing": missing, "short": short, "steps": len(practice), "times": cycle.practice_needed}
    return Gate(open=False, code="practice_needed", params=params, practice_missing=missing, steps_short=short)


# --- hooks of practice and tests ---------------------------------------------------------------------------------


def on_practice_answer(session: Session, *, rep: User, answer: Answer, now: datetime, settings: Settings) -> None:
    """After a practice answer is stored: review its step's card, then see whether a test became available
    (not committed)."""
    scheduling.review_practice_answer(session, answer=answer, desired_retention=settings.desired_retention)
    sync(session, user=rep, now=now, settings=settings)


def on_exam_finished(session: Session, *, exam: Exam, all_items: list[ExamItem], now: datetime) -> None:
    """After an exam is graded: a failed one makes its failed steps due now and starts a cycle on them; a
    passed one certifies (not committed). The practice schedule is otherwise left alone."""
    user = session.get(User, exam.user_id)
    version = session.get(TrackVersion, exam.track_version_id)
    assert user is not None
    assert version is not None
    cycle = _cycle_for_exam(session, user=user, exam=exam, version=version, now=now)
    if exam.passed:
        _certify(session, cycle=cycle, exam=exam, version=version, now=now)
        return
    failed = failed_steps(session, exam=exam, all_items=all_items)
    scheduling.mark_due(session, user_id=exam.user_id, steps=failed, at=now)
    if cycle.state in OPEN:
        cause = f"test #{exam.number} failed with {exam.score:g}"
        move(session, cycle=cycle, to=S.failed, at=now, cause=cause, test_id=exam.id)
        cycle.test_id = exam.id
        start(
            session,
            user_id=exam.user_id,
            track_id=exam.track_id,
            kind=CycleKind.retry,
            at=now,
            cause=f"practise the {len(failed)} steps failed in test #{exam.number}",
            rules=Rules(cycle.practice_needed, cycle.warning_days),
            focus=sorted({step_key(s, t) for s, t, _ in failed}),
            test_id=exam.id,
        )


def on_exam_regraded(session: Session, *, exam: Exam, was_passed: bool, now: datetime, cause: str) -> None:
    """After an accepted dispute changed a finished test's score: a test that failed and now passes certifies
    the rep, unless they are certified on the track already; the certificate counts its validity from the
    exam, not from the review (not committed). A passed test keeps its certificate, with the new score."""
    issued = session.exec(select(Certificate).where(col(Certificate.test_id) == exam.id)).first()
    if issued is not None:
        issued.score = exam.score or 0.0
        session.add(issued)
        return
    if was_passed or not exam.passed:
        return
    cycle = current(session, user_id=exam.user_id, track_id=exam.track_id).get(exam.track_id)
    version = session.get(TrackVersion, exam.track_version_id)
    assert version is not None
    assert exam.finished_at is not None
    if (
        cycle is None
        or cycle.state not in OPEN
        or exam.finished_at + timedelta(days=version.certificate_valid_days) <= now
    ):
        return
    _certify(session, cycle=cycle, exam=exam, version=version, now=now, since=exam.finished_at, note=cause)


def _cycle_for_exam(session: Session, *, user: User, exam: Exam, version: TrackVersion, now: datetime) -> TrainingCycle:
    track = session.get(Track, exam.track_id)
    assert track is not None
    cycle = current(session, user_id=id_of(user), track_id=exam.track_id).get(exam.track_id)
    if cycle is None:
        cycle = start(
            session,
            user_id=id_of(user),
            track_id=exam.track_id,
            kind=CycleKind.initial,
            at=min(now, exam.started_at),
            cause=f"track «{version.name}» tested",
            rules=Rules.of(get_settings()),
        )
    return advance(session, cycle=cycle, assigned=AssignedTrack(track, version, cycle.started_at), now=now)


def _certify(
    session: Session,
    *,
    cycle: TrainingCycle,
    exam: Exam,
    version: TrackVersion,
    now: datetime,
    since: datetime | None = None,
    note: str = "",
) -> None:
    expires = (since or now) + timedelta(days=version.certificate_valid_days)
    certificate = Certificate(
        user_id=exam.user_id,
        track_id=exam.track_id,
        track_version_id=id_of(version),
        test_id=id_of(exam),
        score=exam.score or 0.0,
        issued_at=now,
        warning_at=max(now, expires - timedelta(days=cycle.warning_days)),
        expires_at=expires,
    )
    session.add(certificate)
    session.flush()
    renewed = cycle.state in CERTIFIED
    cause = f"test #{exam.number} passed with {exam.score:g}: certified until {expires:%Y-%m-%d}"
    cause = ("renewed: " if renewed else "") + cause + (f" ({note})" if note else "")
    move(session, cycle=cycle, to=S.passed, at=now, cause=cause, test_id=exam.id)
    cycle.test_id, cycle.certificate_id = exam.id, certificate.id


def failed_steps(session: Session, *, exam: Exam, all_items: list[ExamItem]) -> list[tuple[int, str, str]]:
    """The test's steps answered below its pass mark or not answered: (scenario id, step id, category)."""
    answer_ids = [i.answer_id for i in all_items if i.answer_id is not None]
    scores = (
        dict(session.exec(select(Answer.id, Answer.final_score).where(col(Answer.id).in_(answer_ids))).all())
        if answer_ids
        else {}
    )
    versions = {i.scenario_version_id for i in all_items}
    contents = {v.id: v for v in session.exec(select(ScenarioVersion).where(col(ScenarioVersion.id).in_(versions)))}
    failed = []
    for item in all_items:
        score = scores.get(item.answer_id, 0) if item.answer_id is not None else 0
        if score < exam.pass_mark:
            version = contents[item.scenario_version_id]
            category = next(s["category"] for s in version.content["steps"] if s["id"] == item.step_id)
            failed.append((version.scenario_id, item.step_id, str(category)))
    return failed


def attempts_counted_since(session: Session, *, user_id: int, track_id: int) -> datetime | None:
    """Test attempts count anew with each certification round: since the rep's latest initial or
    recertification cycle of the track started (None when the rep has no cycle yet)."""
    query = select(TrainingCycle.started_at).where(
        col(TrainingCycle.user_id) == user_id,
        col(TrainingCycle.track_id) == track_id,
        col(TrainingCycle.kind).in_([CycleKind.initial, CycleKind.recertification]),
    )
    return session.exec(query.order_by(col(TrainingCycle.number).desc())).first()


def latest_track_version(session: Session, *, track_id: int) -> TrackVersion | None:
    """The track's latest published version."""
    track = session.get(Track, track_id)
    if track is None or track.latest_version == 0:
        return None
    query = select(TrackVersion).where(col(TrackVersion.track_id) == track_id)
    return session.exec(query.where(col(TrackVersion.number) == track.latest_version)).first()
