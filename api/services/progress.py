"""A rep's progress: today's drill, streak, mastery per step, score trend, tests, certificates, cycles."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from api.errors import ConflictError, InvalidError
from api.models import Answer, Drill, Exam, Track, User
from api.models.base import id_of
from api.models.progress import (
    Certificate,
    CertificatePublic,
    CyclePublic,
    CycleState,
    CycleTransition,
    ExamSummary,
    RepProgress,
    ReviewCard,
    StartDrillAt,
    StepMastery,
    StepPractice,
    StreakPublic,
    TodayPublic,
    TrainingCycle,
    TransitionPublic,
    TrendPoint,
)
from api.services import cycles as cycle_service
from api.services import delivery, scheduling
from api.services import practice as practice_service
from api.services import scenarios as scenario_service
from api.services.curriculum import StepRef, assigned_tracks, step_index, track_steps
from api.settings import Settings

RECENT_SCORES = 5
TREND_WEEKS = 12


@dataclass(frozen=True)
class _Plan:
    """What the rep has to learn now: every step of their tracks, the steps their open cycles still need for
    the test, and the focus of retry cycles."""

    steps: list[StepRef]
    needed: list[StepRef]
    focus: set[str]


def _plan(session: Session, *, rep: User, current: list[TrainingCycle], now: datetime) -> _Plan:
    assigned = {a.track.id: a.version for a in assigned_tracks(session, user=rep)}
    needed: dict[str, StepRef] = {}
    for cycle in current:
        version = assigned.get(cycle.track_id)
        if cycle.state == CycleState.practising and version is not None:
            practice = cycle_service.step_practice(session, cycle=cycle, now=now, version=version)
            needed.update((s.key, s) for s, done in practice if done < cycle.practice_needed)
    focus = {key for c in current if c.state in cycle_service.OPEN for key in c.focus}
    return _Plan(track_steps(session, versions=assigned.values()), list(needed.values()), focus)


def today(session: Session, *, rep: User, now: datetime, settings: Settings) -> TodayPublic:
    """Today's drill of the rep (applies what time changed to their cycles first)."""
    current = cycle_service.sync(session, user=rep, now=now, settings=settings)
    session.commit()
    return _today(session, rep=rep, plan=_plan(session, rep=rep, current=current, now=now), now=now, settings=settings)


def _today(session: Session, *, rep: User, plan: _Plan, now: datetime, settings: Settings) -> TodayPublic:
    return scheduling.today(
        session,
        user_id=id_of(rep),
        curriculum=plan.steps,
        needed=plan.needed,
        focus=plan.focus,
        now=now,
        desired_retention=settings.desired_retention,
        new_per_day=settings.new_steps_per_day,
        max_per_day=settings.drill_max_per_day,
    )


def start_drill_at(session: Session, *, rep: User, body: StartDrillAt, now: datetime, settings: Settings) -> Drill:
    """A drill on the latest version of a scenario, opened at a step of today's drill (the first by default)."""
    if (body.scenario_id is None) != (body.step_id is None):
        raise InvalidError("step_choice")
    scenario_id, step_id = body.scenario_id, body.step_id
    if scenario_id is None or step_id is None:
        items = today(session, rep=rep, now=now, settings=settings).items
        if not items:
            raise ConflictError("nothing_due")
        scenario_id, step_id = items[0].scenario_id, items[0].step_id
    row = scenario_service.get_scenario(session, scenario_id=scenario_id)
    if (scenario_id, step_id) not in step_index(session, scenario_ids=[scenario_id]):
        raise InvalidError("step_not_in_latest_version", field="step_id", id=scenario_id, step=step_id)
    drill = practice_service.start_drill(session, rep=rep, row=row, version_number=None, now=now, settings=settings)
    drill.current_step_id = step_id
    session.add(drill)
    session.commit()
    return drill


def rep_progress(session: Session, *, rep: User, now: datetime, settings: Settings) -> RepProgress:
    """Everything about the rep's training as of `now`."""
    current = cycle_service.sync(session, user=rep, now=now, settings=settings)
    session.commit()
    plan = _plan(session, rep=rep, current=current, now=now)
    rep_id = id_of(rep)
    practice = _practice_answers(session, user_id=rep_id)
    tracks = _track_names(session)
    return RepProgress(
        user_id=rep_id,
        name=rep.name,
        team_id=rep.team_id,
        today=_today(session, rep=rep, plan=plan, now=now, settings=settings),
        streak=streak({a.created_at.date() for a in practice}, today=now.date()),
        mastery=_mastery(session, rep=rep, plan=plan, practice=practice, now=now, settings=settings),
        trend=trend(practice, now=now),
        tests=_tests(session, rep=rep, tracks=tracks),
        certificates=_certificates(session, rep=rep, tracks=tracks, now=now),
        cycles=_cycles(session, rep=rep, tracks=tracks, now=now),
        delivery=delivery.rep_delivery(session, user_id=rep_id, now=now),
    )


@dataclass(frozen=True)
class _Practice:
    scenario_id: int
    step_id: str
    score: int
    created_at: datetime


def _practice_answers(session: Session, *, user_id: int) -> list[_Practice]:
    query = select(Answer.scenario_id, Answer.step_id, Answer.final_score, Answer.created_at).where(
        col(Answer.user_id) == user_id, col(Answer.kind) == "practice"
    )
    rows = session.exec(query.order_by(col(Answer.created_at).desc(), col(Answer.id).desc()))
    return [_Practice(*row) for row in rows]


def streak(days: set[date], *, today: date) -> StreakPublic:
    """Consecutive practice days ending today, or yesterday while today has no practice yet; and the longest."""
    longest = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest, previous = max(longest, run), day
    end = today if today in days else today - timedelta(days=1)
    current = 0
    while end - timedelta(days=current) in days:
        current += 1
    return StreakPublic(current=current, longest=longest, practised_today=today in days, last_day=previous)


def trend(practice: list[_Practice], *, now: datetime) -> list[TrendPoint]:
    """Mean practice score per week (Monday first) over the last weeks, weeks without practice left out."""
    this_week = now.date() - timedelta(days=now.weekday())
    first = this_week - timedelta(weeks=TREND_WEEKS - 1)
    weeks: dict[date, list[int]] = defaultdict(list)
    for answer in practice:
        day = answer.created_at.date()
        week = day - timedelta(days=day.weekday())
        if week >= first:
            weeks[week].append(answer.score)
    return [TrendPoint(week=w, answers=len(s), mean_score=round(sum(s) / len(s), 1)) for w, s in sorted(weeks.items())]


def _mastery(
    session: Session, *, rep: User, plan: _Plan, practice: list[_Practice], now: datetime, settings: Settings
) -> list[StepMastery]:
    cards = {(c.scenario_id, c.step_id): c for c in scheduling.cards(session, user_id=id_of(rep))}
    index = step_index(session, scenario_ids={s for s, _ in cards})
    steps = list(plan.steps) + [
        index[k] for k in cards if k in index and index[k].key not in {s.key for s in plan.steps}
    ]
    recent: dict[tuple[int, str], list[int]] = defaultdict(list)
    for answer in practice:  # newest first
        scores = recent[(answer.scenario_id, answer.step_id)]
        if len(scores) < RECENT_SCORES:
            scores.append(answer.score)
    return [
        _step_mastery(s, cards.get((s.scenario_id, s.step_id)), recent[(s.scenario_id, s.step_id)], now, settings)
        for s in steps
    ]


def _step_mastery(
    step: StepRef, card: ReviewCard | None, scores: list[int], now: datetime, settings: Settings
) -> StepMastery:
    chance = None
    if card is not None and card.last_review is not None:
        chance = round(scheduling.retrievability(card, now=now, desired_retention=settings.desired_retention), 4)
    return StepMastery(
        scenario_id=step.scenario_id,
        scenario_title=step.scenario_title,
        step_id=step.step_id,
        customer_line=step.customer_line,
        category=step.category,
        state=_card_state(card),
        retrievability=chance,
        stability_days=round(card.stability, 2) if card is not None and card.stability is not None else None,
        due=card.due if card is not None else None,
        reviews=card.reviews if card else 0,
        lapses=card.lapses if card else 0,
        recent_scores=scores,
        recent_mean=round(sum(scores) / len(scores), 1) if scores else None,
    )


def _card_state(card: ReviewCard | None) -> str:
    if card is None or card.reviews == 0:
        return "new"
    return {1: "learning", 2: "review", 3: "relearning"}[card.state]


def _track_names(session: Session) -> dict[int, str]:
    return {i: n for i, n in session.exec(select(Track.id, Track.name)) if i is not None}


def _tests(session: Session, *, rep: User, tracks: dict[int, str]) -> list[ExamSummary]:
    query = select(Exam).where(col(Exam.user_id) == rep.id).order_by(col(Exam.started_at).desc(), col(Exam.id).desc())
    return [
        ExamSummary(
            id=id_of(t),
            track_id=t.track_id,
            track_name=tracks.get(t.track_id, ""),
            number=t.number,
            status=t.status,
            score=t.score,
            passed=t.passed,
            started_at=t.started_at,
            finished_at=t.finished_at,
        )
        for t in session.exec(query.limit(100))
    ]


def certificate_status(*, warning_at: datetime, expires_at: datetime, now: datetime) -> str:
    """A certificate is `valid`, `expiring` (within the warning window) or `expired`."""
    if now >= expires_at:
        return "expired"
    return "expiring" if now >= warning_at else "valid"


def _certificates(session: Session, *, rep: User, tracks: dict[int, str], now: datetime) -> list[CertificatePublic]:
    query = select(Certificate).where(col(Certificate.user_id) == rep.id)
    return [
        CertificatePublic(
            id=id_of(c),
            track_id=c.track_id,
            track_name=tracks.get(c.track_id, ""),
            test_id=c.test_id,
            score=c.score,
            status=certificate_status(warning_at=c.warning_at, expires_at=c.expires_at, now=now),
            issued_at=c.issued_at,
            warning_at=c.warning_at,
            expires_at=c.expires_at,
        )
        for c in session.exec(query.order_by(col(Certificate.issued_at).desc(), col(Certificate.id).desc()))
    ]


def _cycles(session: Session, *, rep: User, tracks: dict[int, str], now: datetime) -> list[CyclePublic]:
    query = select(TrainingCycle).where(col(TrainingCycle.user_id) == rep.id)
    all_cycles = list(session.exec(query.order_by(col(TrainingCycle.track_id), col(TrainingCycle.number).desc())))
    moves = select(CycleTransition).where(col(CycleTransition.user_id) == rep.id)
    history: dict[int, list[TransitionPublic]] = defaultdict(list)
    for t in session.exec(moves.order_by(col(CycleTransition.at), col(CycleTransition.id))):
        history[t.cycle_id].append(TransitionPublic.model_validate(t, from_attributes=True))
    return [
        CyclePublic(
            id=id_of(c),
            track_id=c.track_id,
            track_name=tracks.get(c.track_id, ""),
            number=c.number,
            kind=c.kind,
            state=c.state,
            focus=c.focus,
            practice_needed=c.practice_needed,
            started_at=c.started_at,
            test_available_at=c.test_available_at,
            ended_at=c.ended_at,
            certificate_id=c.certificate_id,
            practice=_cycle_practice(session, cycle=c, now=now) if c.state in cycle_service.OPEN else [],
            transitions=history[id_of(c)],
        )
        for c in all_cycles
    ]


def _cycle_practice(session: Session, *, cycle: TrainingCycle, now: datetime) -> list[StepPractice]:
    return [
        StepPractice(scenario_id=s.scenario_id, step_id=s.step_id, done=done, needed=cycle.practice_needed)
        for s, done in cycle_service.step_practice(session, cycle=cycle, now=now)
    ]
