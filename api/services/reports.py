"""The head of sales' reports and the trainers' agreement view, each also as a CSV table.

Reports count the answers of reps (users with the trainee role), grouped by the team they are in now; a test
answer counts once its test is finished. Periods are whole UTC days; by default the last 12 weeks.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, case, distinct, func, or_, tuple_
from sqlmodel import Session, col, select

from api.errors import InvalidError, field_error
from api.models import (
    Answer,
    AnswerRedFlag,
    Assignment,
    Dispute,
    Role,
    Scenario,
    Team,
    Test,
    Track,
    TrackVersion,
    User,
)
from api.models.progress import Certificate, SampleScore, TrainingCycle
from api.models.reports import (
    Activity,
    ActivityWeek,
    Agreement,
    CertificationCell,
    CertificationMatrix,
    CertificationRow,
    DrillDown,
    DrillDownAnswer,
    HeatCell,
    HeatMap,
    ReportPeriod,
    StepAgreement,
    StopPhrasesUsed,
    StopPhraseUse,
    TrackColumn,
    WeakestSteps,
    WeakStep,
)
from api.scoring import ScoringService
from api.services import cycles as cycle_service
from api.services import scope
from api.services.answers import effective_passed, effective_passed_sql
from api.services.curriculum import StepRef, latest_versions, step_index
from api.services.progress import certificate_status
from scenarios.convert import step_spec
from scenarios.schema import Scenario as Document

DEFAULT_DAYS = 84
MAX_DAYS = 3660


@dataclass(frozen=True)
class Period:
    """A report's team (None: every team) and days."""

    team_id: int | None
    since: date
    until: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.since, time(), tzinfo=UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.until + timedelta(days=1), time(), tzinfo=UTC)

    def public(self) -> ReportPeriod:
        return ReportPeriod(team_id=self.team_id, since=self.since, until=self.until)


def period(viewer: User, *, team_id: int | None, since: date | None, until: date | None, now: datetime) -> Period:
    """The period asked for (the last 12 weeks by default), within what the viewer may see."""
    team = scope.team_filter(viewer, team_id=team_id)
    until = until or now.date()
    since = since or until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise InvalidError("period_reversed", errors=[field_error("since", "period_reversed")])
    if (until - since).days > MAX_DAYS:
        errors = [field_error("since", "period_too_long", days=MAX_DAYS)]
        raise InvalidError("period_too_long", errors=errors, days=MAX_DAYS)
    return Period(team, since, until)


def _counted(query: Any, p: Period, *, reps_only: bool = True) -> Any:
    """Answers of the period (and team), of reps; a test's answers once the test is finished."""
    running = select(Test.id).where(col(Test.finished_at).is_(None))
    query = query.where(
        col(Answer.created_at) >= p.start, col(Answer.created_at) < p.end,
        or_(col(Answer.test_id).is_(None), col(Answer.test_id).not_in(running)),
    )  # fmt: skip
    people = select(User.id)
    if reps_only:
        people = people.where(col(User.role) == Role.trainee)
    if p.team_id is not None:
        people = people.where(col(User.team_id) == p.team_id)
    return query.where(col(Answer.user_id).in_(people)) if reps_only or p.team_id is not None else query


def _per_rep(session: Session, p: Period, keys: Sequence[Any], extra: Sequence[Any] = ()) -> Any:
    """The first level of a report: answers counted per rep and `keys` (then counting reps is counting rows,
    with no DISTINCT over every answer)."""
    _tune(session)
    labels = [key.label(f"k{n}") for n, key in enumerate(keys)]
    score = func.sum(col(Answer.final_score)).label("total")
    query = _columns(*labels, col(Answer.user_id), func.count().label("n"), score, *extra).select_from(Answer)
    return _counted(query, p).group_by(*keys, col(Answer.user_id)).subquery()


def _tune(session: Session) -> None:
    """On PostgreSQL, give this transaction's aggregations memory enough to hash rather than sort on disk, and
    no JIT compilation (it costs more than it saves on queries of this size)."""
    if session.get_bind().dialect.name == "postgresql":
        connection = session.connection()
        connection.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        connection.exec_driver_sql("SET LOCAL jit = off")


def _columns(*columns: Any) -> Any:
    """`select` over more columns than sqlmodel's type hints list (they stop at four)."""
    return select(*columns)


def _mean(value: Any) -> float:
    return round(float(value), 1)


def _utc(value: datetime) -> datetime:
    """A timestamp read as a plain column (no type decorator applied on SQLite) as aware UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _teams(session: Session) -> dict[int, str]:
    return {i: n for i, n in session.exec(select(Team.id, Team.name)) if i is not None}


# --- heat map: team × objection category -------------------------------------------------------------------------


def heatmap(session: Session, *, p: Period) -> HeatMap:
    """Mean score of every team in every objection category."""
    reps = _per_rep(session, p, [col(Answer.category)])
    team = col(User.team_id)
    query = _columns(team, reps.c.k0, func.sum(reps.c.n), func.count(), func.sum(reps.c.total))
    query = query.select_from(reps).join(User, col(User.id) == reps.c.user_id).where(team.is_not(None))
    query = query.group_by(team, reps.c.k0)
    names = _teams(session)
    cells = [
        HeatCell(team_id=t, team_name=names.get(t, ""), category=c, answers=n, reps=r, mean_score=_mean(total / n))
        for t, c, n, r, total in session.exec(query)
    ]
    cells.sort(key=lambda c: (c.team_name, c.category))
    teams = sorted({(c.team_name, c.team_id) for c in cells})
    return HeatMap(
        period=p.public(), teams=[TrackColumn(id=i, name=n) for n, i in teams],
        categories=sorted({c.category for c in cells}), cells=cells,
    )  # fmt: skip


# --- weakest steps -----------------------------------------------------------------------------------------------


def _effectively_passed() -> ColumnElement[int]:
    """1 for an answer that passes (answers.effective_passed), else 0: summed, it counts passes."""
    return case((effective_passed_sql(), 1), else_=0)


def weakest_steps(session: Session, *, p: Period, limit: int, min_answers: int) -> WeakestSteps:
    """The steps with the lowest mean score in the period (with at least `min_answers` answers)."""
    _tune(session)
    step = (col(Answer.scenario_id), col(Answer.step_id))
    answers, total = func.count(), func.sum(col(Answer.final_score))
    query = _counted(_columns(*step, answers, total, func.sum(_effectively_passed())).select_from(Answer), p)
    query = query.group_by(*step).having(answers >= min_answers)
    rows = list(session.exec(query.order_by(total * 1.0 / answers, answers.desc(), *step).limit(limit)))
    reps = _reps_per_step(session, p, steps=[(r[0], r[1]) for r in rows])  # only for the steps shown
    index = step_index(session, scenario_ids={r[0] for r in rows})
    titles = dict(
        session.exec(select(Scenario.id, Scenario.title).where(col(Scenario.id).in_({r[0] for r in rows}))).all()
    )
    steps = []
    for scenario_id, step_id, n, score, passed in rows:
        known = index.get((scenario_id, step_id)) or _gone_step(session, scenario_id=scenario_id, step_id=step_id)
        steps.append(
            WeakStep(
                scenario_id=scenario_id, scenario_title=titles.get(scenario_id, ""), step_id=step_id,
                category=known.category, customer_line=known.customer_line, answers=n,
                reps=reps.get((scenario_id, step_id), 0), mean_score=_mean(score / n),
                pass_rate=round(int(passed) / n, 3),
            )
        )  # fmt: skip
    return WeakestSteps(period=p.public(), steps=steps)


def _reps_per_step(session: Session, p: Period, *, steps: list[tuple[int, str]]) -> dict[tuple[int, str], int]:
    if not steps:
        return {}
    step = (col(Answer.scenario_id), col(Answer.step_id))
    query = _columns(*step, func.count(distinct(col(Answer.user_id)))).select_from(Answer)
    query = _counted(query, p).where(tuple_(*step).in_(steps)).group_by(*step)
    return {(s, t): n for s, t, n in session.exec(query)}


def _gone_step(session: Session, *, scenario_id: int, step_id: str) -> StepRef:
    """A step that the latest version of its scenario no longer has: its category from an answer."""
    query = select(Answer.category).where(col(Answer.scenario_id) == scenario_id, col(Answer.step_id) == step_id)
    return StepRef(scenario_id, "", step_id, session.exec(query.limit(1)).first() or "", "")


# --- activity per week -------------------------------------------------------------------------------------------


def _week(session: Session) -> ColumnElement[Any]:
    if session.get_bind().dialect.name == "postgresql":
        return func.date_trunc("week", func.timezone("UTC", Answer.created_at))
    return func.date(Answer.created_at, "-6 days", "weekday 1")  # SQLite: the Monday on or before the day


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def activity(session: Session, *, p: Period) -> Activity:
    """Practice and test answers, active reps and mean practice score per week (Monday first) of the period."""
    practice = col(Answer.kind) == "practice"
    extra = [
        func.sum(case((practice, 1), else_=0)).label("practice"),
        func.sum(case((practice, col(Answer.final_score)), else_=0)).label("practice_total"),
    ]
    reps = _per_rep(session, p, [_week(session)], extra)
    query = _columns(
        reps.c.k0, func.sum(reps.c.practice), func.sum(reps.c.n), func.count(), func.sum(reps.c.practice_total)
    ).group_by(reps.c.k0)
    found = {_as_date(w): (int(a), int(n) - int(a), r, int(t)) for w, a, n, r, t in session.exec(query)}
    first = p.since - timedelta(days=p.since.weekday())
    weeks = []
    for n in range((p.until - first).days // 7 + 1):
        day = first + timedelta(weeks=n)
        a, b, r, total = found.get(day, (0, 0, 0, 0))
        mean = _mean(total / a) if a else None
        weeks.append(
            ActivityWeek(week=day, practice_answers=a, test_answers=b, active_reps=r, mean_practice_score=mean)
        )
    return Activity(period=p.public(), weeks=weeks)


# --- stop phrases used -------------------------------------------------------------------------------------------

FLAG_SOURCES = ("company", "step", "tone")
MOST_WORDS = 3


def stop_phrases_used(session: Session, *, p: Period, source: str, limit: int) -> StopPhrasesUsed:
    """The stop phrases (`source` "company"; or the steps' red flags, the tone check, "all") the reps used most in
    the period: answers, reps and the last time, per label and phrase."""
    _tune(session)
    flag = AnswerRedFlag
    key = (col(flag.source), col(flag.label), col(flag.phrase))
    answers, reps = func.count(distinct(col(flag.answer_id))), func.count(distinct(col(Answer.user_id)))
    last = func.max(col(Answer.created_at))
    query = _flagged(_columns(*key, answers, reps, last), p, source).group_by(*key)
    order = (answers.desc(), reps.desc(), last.desc(), col(flag.label), func.coalesce(col(flag.phrase), ""))
    rows = list(session.exec(query.order_by(*order).limit(limit)))
    said = _words_said(session, p, source)
    counted = session.exec(_counted(_columns(func.count()).select_from(Answer), p)).one()
    flagged = session.exec(_flagged(_columns(func.count(distinct(col(flag.answer_id)))), p, source)).one()
    uses = [
        StopPhraseUse(
            source=s, label=label, phrase=phrase, answers=n, reps=r, last_used=_utc(at),
            words=said.get((s, label, phrase), []),
        )
        for s, label, phrase, n, r, at in rows
    ]  # fmt: skip
    return StopPhrasesUsed(
        period=p.public(), source=source, answers=int(counted), flagged_answers=int(flagged), phrases=uses
    )


def _flagged(query: Any, p: Period, source: str) -> Any:
    """Red-flag hits of the period's counted answers, of one source or all."""
    query = _counted(query.select_from(AnswerRedFlag).join(Answer, col(Answer.id) == AnswerRedFlag.answer_id), p)
    return query if source == "all" else query.where(col(AnswerRedFlag.source) == source)


def _words_said(session: Session, p: Period, source: str) -> dict[tuple[str, str, str | None], list[str]]:
    """Per label and phrase, the forms said most often (letter case and ё aside), most frequent first."""
    flag = AnswerRedFlag
    key = (col(flag.source), col(flag.label), col(flag.phrase), col(flag.words))
    forms: dict[tuple[str, str, str | None], dict[str, list[Any]]] = defaultdict(dict)
    for s, label, phrase, words, n in session.exec(_flagged(_columns(*key, func.count()), p, source).group_by(*key)):
        found = forms[(s, label, phrase)].setdefault(" ".join(words.casefold().replace("ё", "е").split()), [0, words])
        found[0], found[1] = found[0] + n, min(found[1], words)  # one spelling of a form, whichever comes first
    return {
        name: [w for _, w in sorted(counts.values(), key=lambda c: (-c[0], c[1]))[:MOST_WORDS]]
        for name, counts in forms.items()
    }


# --- a rep's answers ---------------------------------------------------------------------------------------------


def drill_down(
    session: Session, *, rep: User, p: Period, limit: int, category: str | None = None,
    step: tuple[int, str] | None = None,
) -> DrillDown:  # fmt: skip
    """The rep's answers in the period, newest first; only one objection category's, or one step's, when asked."""
    query = select(Answer, Scenario.title, Dispute.id).select_from(Answer)
    query = query.join(Scenario, col(Scenario.id) == Answer.scenario_id).outerjoin(
        Dispute, col(Dispute.answer_id) == Answer.id
    )
    query = _counted(query, Period(None, p.since, p.until), reps_only=False).where(col(Answer.user_id) == rep.id)
    if category is not None:
        query = query.where(col(Answer.category) == category)
    if step is not None:
        query = query.where(col(Answer.scenario_id) == step[0], col(Answer.step_id) == step[1])
    rows = session.exec(query.order_by(col(Answer.created_at).desc(), col(Answer.id).desc()).limit(limit))
    answers = [
        DrillDownAnswer(
            id=a.id or 0,
            created_at=a.created_at,
            kind=a.kind,
            scenario_id=a.scenario_id,
            scenario_title=title,
            step_id=a.step_id,
            category=a.category,
            text=a.text,
            score=a.score,
            final_score=a.final_score,
            passed=effective_passed(a),
            test_id=a.test_id,
            disputed=dispute is not None,
        )
        for a, title, dispute in rows
    ]
    return DrillDown(user_id=rep.id or 0, name=rep.name, period=p.public(), answers=answers)


# --- certification matrix ----------------------------------------------------------------------------------------


class _Cycle(NamedTuple):
    number: int
    state: str


class _Certificate(NamedTuple):
    issued_at: datetime
    warning_at: datetime
    expires_at: datetime


class _Rep(NamedTuple):
    id: int
    name: str
    email: str
    team_id: int | None


@dataclass
class _RepTrack:
    cycle: _Cycle | None = None
    certificate: _Certificate | None = None
    tests: int = 0
    last_test: tuple[datetime, float, bool] | None = None


def certification(session: Session, *, viewer: User, team_id: int | None, now: datetime) -> CertificationMatrix:
    """Every active rep (of the team) × every published track assigned to them: where they stand now."""
    team = scope.team_filter(viewer, team_id=team_id)
    reps_query = _columns(User.id, User.name, User.email, User.team_id).where(
        col(User.role) == Role.trainee, col(User.is_active).is_(True)
    )
    if team is not None:
        reps_query = reps_query.where(col(User.team_id) == team)
    reps = [_Rep(*row) for row in session.exec(reps_query.order_by(col(User.name), col(User.id)))]
    tracks = _published_tracks(session)
    assigned = _assigned(session, reps=reps, tracks=tracks)
    facts = _facts(session, rep_ids=[r.id for r in reps])
    teams = _teams(session)
    rows = [
        CertificationRow(
            user_id=r.id,
            name=r.name,
            email=r.email,
            team_id=r.team_id,
            team_name=teams.get(r.team_id) if r.team_id is not None else None,
            tracks=[_cell(t, tracks[t], facts.get((r.id, t), _RepTrack()), now) for t in assigned[r.id]],
        )
        for r in reps
    ]
    used = sorted({t for ts in assigned.values() for t in ts}, key=lambda t: (tracks[t].lower(), t))
    return CertificationMatrix(team_id=team, tracks=[TrackColumn(id=t, name=tracks[t]) for t in used], rows=rows)


def _published_tracks(session: Session) -> dict[int, str]:
    query = select(Track.id, TrackVersion.name).join(
        TrackVersion, (col(TrackVersion.track_id) == Track.id) & (col(TrackVersion.number) == Track.latest_version)
    )
    return {i: n for i, n in session.exec(query) if i is not None}


def _assigned(session: Session, *, reps: list[_Rep], tracks: dict[int, str]) -> dict[int, list[int]]:
    by_team: dict[int, set[int]] = defaultdict(set)
    by_user: dict[int, set[int]] = defaultdict(set)
    for track_id, team_id, user_id in session.exec(select(Assignment.track_id, Assignment.team_id, Assignment.user_id)):
        if track_id in tracks:
            (by_team[team_id] if team_id is not None else by_user[user_id or 0]).add(track_id)
    result = {}
    for rep in reps:
        ids = by_user[rep.id] | (by_team[rep.team_id] if rep.team_id is not None else set())
        result[rep.id] = sorted(ids, key=lambda t: (tracks[t].lower(), t))
    return result


def _facts(session: Session, *, rep_ids: list[int]) -> dict[tuple[int, int], _RepTrack]:
    facts: dict[tuple[int, int], _RepTrack] = defaultdict(_RepTrack)
    if not rep_ids:
        return facts
    cycles = _columns(TrainingCycle.user_id, TrainingCycle.track_id, TrainingCycle.number, TrainingCycle.state)
    for user_id, track_id, number, state in session.exec(
        cycles.where(col(TrainingCycle.user_id).in_(rep_ids)).order_by(col(TrainingCycle.number))
    ):
        facts[(user_id, track_id)].cycle = _Cycle(number, state)
    certificates = _columns(
        Certificate.user_id, Certificate.track_id, Certificate.issued_at, Certificate.warning_at, Certificate.expires_at
    ).where(col(Certificate.user_id).in_(rep_ids))
    for user_id, track_id, *dates in session.exec(certificates.order_by(col(Certificate.issued_at))):
        facts[(user_id, track_id)].certificate = _Certificate(*(_utc(d) for d in dates))
    tests = _columns(Test.user_id, Test.track_id, Test.finished_at, Test.score, Test.passed).where(
        col(Test.user_id).in_(rep_ids)
    )
    for user_id, track_id, finished_at, score, passed in session.exec(tests.order_by(col(Test.started_at))):
        fact = facts[(user_id, track_id)]
        fact.tests += 1
        if finished_at is not None:
            fact.last_test = (finished_at, score or 0.0, bool(passed))
    return facts


def _cell(track_id: int, name: str, fact: _RepTrack, now: datetime) -> CertificationCell:
    certificate, cycle = fact.certificate, fact.cycle
    status = _status(fact, now)
    cycle_state = cycle.state if cycle is not None else None
    if cycle is not None and cycle.state in cycle_service.CERTIFIED and certificate is not None:
        cycle_state = {"valid": "passed", "expiring": "expiring", "expired": "expired"}[
            certificate_status(warning_at=certificate.warning_at, expires_at=certificate.expires_at, now=now)
        ]
    return CertificationCell(
        track_id=track_id, track_name=name, status=status, cycle_state=cycle_state,
        cycle_number=cycle.number if cycle else None,
        certified_at=certificate.issued_at if certificate else None,
        expires_at=certificate.expires_at if certificate else None,
        last_test_at=fact.last_test[0] if fact.last_test else None,
        last_test_score=fact.last_test[1] if fact.last_test else None, tests_taken=fact.tests,
    )  # fmt: skip


def _status(fact: _RepTrack, now: datetime) -> str:
    if fact.certificate is not None:
        certificate = fact.certificate
        return {"valid": "certified", "expiring": "expiring", "expired": "expired"}[
            certificate_status(warning_at=certificate.warning_at, expires_at=certificate.expires_at, now=now)
        ]
    if fact.last_test is not None and not fact.last_test[2]:
        return "failed"
    return "in_progress" if fact.cycle is not None or fact.tests else "not_started"


# --- agreement between the scorer and trainers -------------------------------------------------------------------


def spearman(a: Sequence[float], b: Sequence[float]) -> float | None:
    """Spearman's rank correlation (ties get their average rank); None when it is undefined."""
    if len(a) < 2:
        return None
    ra, rb = _ranks(a), _ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    var = math.sqrt(sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb))
    return round(cov / var, 3) if var > 0 else None


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


@dataclass
class _Pairs:
    disputes: int = 0
    samples: int = 0
    scorer: list[float] = field(default_factory=list)
    trainer: list[float] = field(default_factory=list)

    def add(self, scorer: int, trainer: int) -> None:
        self.scorer.append(float(scorer))
        self.trainer.append(float(trainer))


def agreement(session: Session, *, scenario_id: int | None) -> Agreement:
    """Per step: mean absolute difference and Spearman between the scorer and trainers' grades."""
    pairs: dict[tuple[int, str], _Pairs] = defaultdict(_Pairs)
    decided = _columns(Dispute.status, Dispute.original_score, Dispute.new_score, Answer.scenario_id, Answer.step_id)
    decided = decided.join(Answer, col(Answer.id) == Dispute.answer_id).where(
        col(Dispute.status).in_(["accepted", "rejected"])
    )
    if scenario_id is not None:
        decided = decided.where(col(Answer.scenario_id) == scenario_id)
    for status, original, new, sid, step in session.exec(decided):
        pair = pairs[(sid, step)]
        pair.disputes += 1
        pair.add(original, new if status == "accepted" and new is not None else original)
    versions = latest_versions(session, scenario_ids=_scenario_ids(session, scenario_id=scenario_id))
    missing = 0
    stored = _sample_scores(session, version_ids=[v.id for v in versions.values() if v.id is not None])
    for version in versions.values():
        for step in version.content["steps"]:
            for index, sample in enumerate(step.get("samples", [])):
                score = stored.get((version.id or 0, step["id"], index))
                if score is None:
                    missing += 1
                    continue
                pair = pairs[(version.scenario_id, step["id"])]
                pair.samples += 1
                pair.add(score, int(sample["grade"]))
    steps = _agreement_rows(session, pairs)
    steps.sort(key=lambda s: (s.mean_abs_difference is None, -(s.mean_abs_difference or 0), s.scenario_id, s.step_id))
    return Agreement(steps=steps, samples_missing=missing)


def _scenario_ids(session: Session, *, scenario_id: int | None) -> list[int]:
    if scenario_id is not None:
        return [scenario_id]
    return [i for i in session.exec(select(Scenario.id).where(col(Scenario.latest_version) > 0)) if i is not None]


def _sample_scores(session: Session, *, version_ids: list[int]) -> dict[tuple[int, str, int], int]:
    if not version_ids:
        return {}
    query = select(SampleScore).where(col(SampleScore.scenario_version_id).in_(version_ids))
    return {
        (s.scenario_version_id, s.step_id, s.sample_index): s.score
        for s in session.exec(query.order_by(col(SampleScore.scored_at), col(SampleScore.id)))
    }


def _agreement_rows(session: Session, pairs: dict[tuple[int, str], _Pairs]) -> list[StepAgreement]:
    index = step_index(session, scenario_ids={s for s, _ in pairs})
    titles = dict(
        session.exec(select(Scenario.id, Scenario.title).where(col(Scenario.id).in_({s for s, _ in pairs}))).all()
    )
    rows = []
    for (sid, step_id), pair in pairs.items():
        n = len(pair.scorer)
        mad = sum(abs(x - y) for x, y in zip(pair.scorer, pair.trainer, strict=True)) / n if n else None
        known = index.get((sid, step_id))
        rows.append(
            StepAgreement(
                scenario_id=sid, scenario_title=titles.get(sid, ""), step_id=step_id,
                customer_line=known.customer_line if known else "", category=known.category if known else "",
                disputes=pair.disputes, samples=pair.samples, pairs=n,
                mean_abs_difference=round(mad, 1) if mad is not None else None,
                spearman=spearman(pair.scorer, pair.trainer),
            )
        )  # fmt: skip
    return rows


_Job = tuple[int, int, Document, int, int]  # version id, scenario id, the document, step number, sample number


def sample_counts(session: Session) -> tuple[int, int]:
    """(graded sample answers of the latest published versions, of them scored by the model)."""
    versions = latest_versions(session, scenario_ids=_scenario_ids(session, scenario_id=None))
    stored = _sample_scores(session, version_ids=[v.id for v in versions.values() if v.id is not None])
    keys = [
        (version.id, step["id"], index)
        for version in versions.values()
        for step in version.content["steps"]
        for index in range(len(step.get("samples", [])))
    ]
    return len(keys), sum(key in stored for key in keys)


def score_samples(
    session: Session, *, scoring: ScoringService, now: datetime, limit: int | None = None, batch: int = 8
) -> int:
    """Score the graded samples of the latest published versions not scored yet, each with itself left out of
    the step's calibration, and store the scores; returns how many. Slow (a model pass per sample): it runs as a
    background job (`api.services.sample_scoring`), and each batch is stored as it is done, in a short transaction,
    so the job shows progress and holds no lock while it scores."""
    versions = latest_versions(session, scenario_ids=_scenario_ids(session, scenario_id=None))
    stored = _sample_scores(session, version_ids=[v.id for v in versions.values() if v.id is not None])
    jobs: list[_Job] = []
    for version in versions.values():
        assert version.id is not None
        document = scoring.scenario(version.id, version.content)
        for number, step in enumerate(document.steps):
            jobs += [
                (version.id, version.scenario_id, document, number, i)
                for i in range(len(step.samples))
                if (version.id, step.id, i) not in stored
            ]
    session.commit()  # end the reading transaction (on SQLite it holds the write lock) before scoring
    jobs = jobs[:limit] if limit is not None else jobs
    if not jobs:
        return 0
    scorer = scoring.scorer()
    for chunk in _chunks(jobs, batch):
        items = [(step_spec(d, d.steps[n], without_sample=i), d.steps[n].samples[i].answer) for *_, d, n, i in chunk]
        for (version_id, scenario_id, document, n, i), result in zip(chunk, scorer.score_batch(items), strict=True):
            step = document.steps[n]
            session.add(
                SampleScore(
                    scenario_version_id=version_id,
                    scenario_id=scenario_id,
                    step_id=step.id,
                    sample_index=i,
                    grade=step.samples[i].grade,
                    score=result.score,
                    model=result.model[:200],
                    scored_at=now,
                )
            )
        session.commit()
    return len(jobs)


def _chunks(items: list[_Job], size: int) -> Iterable[list[_Job]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- CSV ---------------------------------------------------------------------------------------------------------


class Word(str):
    """A status word in a table (`certified`, `practice`, `price`): written as it is in CSV, in the interface
    language in XLSX."""

    __slots__ = ()


@dataclass(frozen=True)
class Table:
    """A report as rows for a spreadsheet: one row per entity, a header first."""

    name: str
    header: list[str]
    rows: list[list[Any]]
    freeze_columns: int = 0  # columns that stay in view beside the header row (XLSX)


def to_csv(table: Table, *, semicolon: bool = False) -> bytes:
    """UTF-8 with a byte order mark (so Excel reads Cyrillic right), CRLF line ends; `semicolon` separates
    with `;` and writes decimal commas, as Excel in a Russian locale expects."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if semicolon else ",")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_cell_text(value, decimal_comma=semicolon) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell_text(value: Any, *, decimal_comma: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        text = f"{value:g}"
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text  # no formulas from user text


def certification_table(matrix: CertificationMatrix) -> Table:
    """One row per rep; a status and an expiry column per track."""
    header = ["rep", "email", "team"]
    for track in matrix.tracks:
        header += [f"{track.name}: status", f"{track.name}: expires"]
    rows = []
    for row in matrix.rows:
        cells = {c.track_id: c for c in row.tracks}
        line: list[Any] = [row.name, row.email, row.team_name]
        for track in matrix.tracks:
            cell = cells.get(track.id)
            line += (
                [Word(cell.status), cell.expires_at.date() if cell.expires_at else None]
                if cell
                else [Word("not_assigned"), None]
            )
        rows.append(line)
    return Table("certification", header, rows)


def heatmap_table(report: HeatMap) -> Table:
    """One row per team; the mean score of each category in its own column."""
    means = {(c.team_id, c.category): c.mean_score for c in report.cells}
    answers: dict[int, int] = defaultdict(int)
    for cell in report.cells:
        answers[cell.team_id] += cell.answers
    rows = [[t.name, answers[t.id], *(means.get((t.id, c)) for c in report.categories)] for t in report.teams]
    return Table("heatmap", ["team", "answers", *report.categories], rows)


def weakest_table(report: WeakestSteps) -> Table:
    header = ["scenario", "step", "category", "customer line", "answers", "reps", "mean score", "pass rate"]
    rows = [
        [s.scenario_title, s.step_id, Word(s.category), s.customer_line, s.answers, s.reps, s.mean_score, s.pass_rate]
        for s in report.steps
    ]
    return Table("weakest-steps", header, rows)


def activity_table(report: Activity) -> Table:
    header = ["week", "practice answers", "test answers", "active reps", "mean practice score"]
    rows = [[w.week, w.practice_answers, w.test_answers, w.active_reps, w.mean_practice_score] for w in report.weeks]
    return Table("activity", header, rows)


def drill_down_table(report: DrillDown) -> Table:
    header = ["time", "kind", "scenario", "step", "category", "score", "final score", "passed", "disputed", "answer"]
    rows = [
        [a.created_at, Word(a.kind), a.scenario_title, a.step_id, Word(a.category), a.score, a.final_score, a.passed,
         a.disputed, a.text]
        for a in report.answers
    ]  # fmt: skip
    return Table(f"answers-{report.user_id}", header, rows)


def stop_phrases_table(report: StopPhrasesUsed) -> Table:
    """One row per stop phrase (or red flag) used."""
    header = ["source", "label", "phrase", "answers", "reps", "last used", "words said"]
    rows = [
        [Word(u.source), u.label, u.phrase, u.answers, u.reps, u.last_used, " | ".join(u.words)] for u in report.phrases
    ]
    return Table("stop-phrases", header, rows)


def agreement_table(report: Agreement) -> Table:
    header = ["scenario", "step", "category", "disputes", "samples", "pairs", "mean abs difference", "spearman"]
    rows = [
        [s.scenario_title, s.step_id, Word(s.category), s.disputes, s.samples, s.pairs, s.mean_abs_difference,
         s.spearman]
        for s in report.steps
    ]  # fmt: skip
    return Table("agreement", header, rows)
