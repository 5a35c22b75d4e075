"""The head's one team screen: per rep, certification on every assigned track, the mean score per objection
category and the three weakest objections over the period, the practice norm and the onboarding plan, and how
much the rep needs attention. Heads and admins see every team, a trainer their own (api/services/scope.py).

Attention adds up, per rep: 3 for each assigned track expired or failed, 1 for each not certified yet or
expiring, 2 behind the practice norm, 3 behind the onboarding plan, 1 for each category with a mean under
`WEAK_MEAN` (from `MIN_ANSWERS` answers). The screen lists the neediest first.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import func
from sqlalchemy.dialects import postgresql
from sqlalchemy.pool import QueuePool
from sqlmodel import Session, col, select

from api.models import Answer, Certificate, Role, Scenario, User
from api.models.plans import OnboardingPlan, PlanAssignment, RepPlan
from api.models.reports import TrackColumn
from api.models.team_screen import (
    CategoryCell,
    TeamScreen,
    TeamScreenRow,
    TeamTiles,
    TrackState,
    WeakObjection,
)
from api.services import plans, team_norms
from api.services.curriculum import step_index
from api.services.reports import certification
from api.services.reports.export import Table, Word
from api.services.reports.period import Period, counted_answers
from api.services.reports.query import as_utc, pass_flag, rounded_mean, select_columns, team_names, tune

WEAK_MEAN = 55.0
MIN_ANSWERS = 2
WEAKEST = 3
TRACK_POINTS = {"expired": 3, "failed": 3, "not_started": 1, "in_progress": 1, "expiring": 1}
NORM_POINTS, PLAN_POINTS = 2, 3
NOT_CERTIFIED = {"expired", "failed", "not_started", "in_progress"}
T = TypeVar("T")


def team_screen(session: Session, *, p: Period, now: datetime) -> TeamScreen:
    """Every active rep of the period's team (or of every team), the neediest first."""
    with _collection_paused():
        return _screen(session, p=p, now=now)


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while the screen is built: its 50,000 rows and models (1,000 reps) made Python
    walk every object of the app in two or three full collections, a third of the screen's time on the bench; what
    the screen makes is freed by reference counting, and collection resumes after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _screen(session: Session, *, p: Period, now: datetime) -> TeamScreen:
    query = select_columns(User.id, User.name, User.email, User.team_id).where(
        col(User.role) == Role.trainee, col(User.is_active).is_(True)
    )
    if p.team_id is not None:
        query = query.where(col(User.team_id) == p.team_id)
    reps = [certification.Rep(*row) for row in session.exec(query.order_by(col(User.name), col(User.id)))]
    ids = [r.id for r in reps]
    # the answers' and the norm's statements, and what is made of their rows, beside the rest
    with _aside(session, lambda aside: _answers(aside, _answer_rows(aside, p))) as answers:
        reading = team_norms.prepare(session, reps, now=now)
        with _aside(session, lambda aside: team_norms.judge(reading, team_norms.read(aside, reading))) as standing:
            tracks = certification.published_tracks(session)
            assigned = certification.assigned_tracks(session, reps=reps, tracks=tracks)
            facts = certification.track_facts(session, rep_ids=ids)
            placed = _plans(session, ids, tracks=tracks, today=now.date())
            teams = team_names(session)
            (cells, weakest), norm = answers(), standing()
    rows = []
    for rep in reps:
        states = [
            TrackState(
                track_id=t,
                status=certification.track_status(facts.get((rep.id, t), certification.RepTrack()), now),
                expires_at=_expiry(facts.get((rep.id, t))),
            )
            for t in assigned[rep.id]
        ]
        rows.append(
            _row(
                rep,
                teams,
                states,
                cells.get(rep.id, []),
                weakest.get(rep.id, []),
                norm.get(rep.id, ("none", [])),
                placed.get(rep.id),
            )
        )
    rows.sort(key=lambda r: (-r.attention, r.mean_score if r.mean_score is not None else 101, r.name, r.user_id))
    used = sorted({t for ts in assigned.values() for t in ts}, key=lambda t: (tracks[t].lower(), t))
    return TeamScreen(
        period=p.public(),
        today=now.date(),
        tracks=[TrackColumn(id=t, name=tracks[t]) for t in used],
        categories=sorted({c.category for cs in cells.values() for c in cs}),
        tiles=_tiles(rows),
        rows=rows,
    )


def _expiry(fact: Any) -> datetime | None:
    return fact.certificate.expires_at if fact is not None and fact.certificate is not None else None


def _row(
    rep: certification.Rep,
    teams: dict[int, str],
    states: list[TrackState],
    cells: list[CategoryCell],
    weakest: list[WeakObjection],
    norm: tuple[str, list[str]],
    plan: RepPlan | None,
) -> TeamScreenRow:
    answers = sum(c.answers for c in cells)
    total = sum(c.mean_score * c.answers for c in cells)
    points, reasons = 0, []
    for state in states:
        if state.status in TRACK_POINTS:
            points += TRACK_POINTS[state.status]
            reasons.append(f"track_{state.status}")
    if norm[0] == "behind":
        points, reasons = points + NORM_POINTS, [*reasons, "norm_behind"]
    if plan is not None and plan.status == "behind":
        points, reasons = points + PLAN_POINTS, [*reasons, "plan_behind"]
    weak = [c for c in cells if c.answers >= MIN_ANSWERS and c.mean_score < WEAK_MEAN]
    points, reasons = points + len(weak), reasons + ["weak_category"] * len(weak)
    return TeamScreenRow(
        user_id=rep.id,
        name=rep.name,
        team_id=rep.team_id,
        team_name=teams.get(rep.team_id) if rep.team_id is not None else None,
        tracks=states,
        certified=sum(s.status in ("certified", "expiring") for s in states),
        categories=cells,
        weakest=weakest,
        answers=answers,
        mean_score=round(total / answers, 1) if answers else None,
        norm=norm[0],
        norm_reasons=norm[1],
        plan=plan.status if plan else None,
        plan_name=plan.plan_name if plan else None,
        plan_behind_track=plan.behind_track_name if plan else None,
        plan_days_late=plan.days_late if plan else 0,
        attention=points,
        reasons=sorted(set(reasons), key=reasons.index),
    )


def _tiles(rows: Sequence[TeamScreenRow]) -> TeamTiles:
    return TeamTiles(
        reps=len(rows),
        not_certified=sum(any(s.status in NOT_CERTIFIED for s in r.tracks) for r in rows),
        behind_norm=sum(r.norm == "behind" for r in rows),
        behind_plan=sum(r.plan == "behind" for r in rows),
        need_attention=sum(r.attention > 0 for r in rows),
    )


# --- answers: per category, and the weakest steps ------------------------------------------------------------------


@contextmanager
def _aside(session: Session, read: Callable[[Session], T]) -> Iterator[Callable[[], T]]:
    """`read`'s result, to be asked for at the end of the block. On PostgreSQL `read` runs on a connection of its
    own while the block reads and builds the rest of the screen (the answers' and the norm's statements are most of
    the screen's database time: docs/performance.md). On SQLite, or when the engine's pool has no connection to
    spare (screens holding theirs while waiting for more would stall each other), it runs in the session when asked
    for."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql" or not isinstance(bind, sa.Engine) or not _spare_connection(bind):

        def inline() -> T:
            tune(session)
            return read(session)

        yield inline
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="team-screen") as pool:
        future = pool.submit(_on_own_connection, bind, read)
        yield future.result


def _spare_connection(engine: sa.Engine) -> bool:
    """Whether the pool has a connection beyond those checked out, without opening more than it may."""
    pool = engine.pool
    if not isinstance(pool, QueuePool):
        return True
    return pool.checkedout() < pool.size() + max(getattr(pool, "_max_overflow", 0), 0)


def _on_own_connection(engine: sa.Engine, read: Callable[[Session], T]) -> T:
    with engine.connect() as connection:
        aside = Session(connection)
        tune(aside)
        return read(aside)


def _answer_rows(session: Session, p: Period) -> Sequence[Any]:
    """The rows of `_answers_statement` (on PostgreSQL, of `per_rep_answers`)."""
    if session.get_bind().dialect.name == "postgresql":
        return per_rep_answers(session, p)
    return session.connection().execute(_answers_statement(p)).all()


def per_rep_answers(session: Session, p: Period) -> Sequence[Any]:
    """PostgreSQL: the rows of `_answers_statement`, aggregated rep by rep (`PER_REP_ANSWERS`)."""
    statement = PER_REP_ANSWERS + (" AND r.team_id = :team" if p.team_id is not None else "")
    values = {"start": p.start, "end": p.end, "role": Role.trainee.value, "team": p.team_id}
    return session.connection().execute(sa.text(statement), values).all()


# The answers' aggregate on PostgreSQL: for each rep a few hundred entries of the covering ix_answer_user_created
# (migration 0013) grouped in a hash table of fifty steps, then their category cells and weakest steps, instead of
# one hash table of 50,000 rep × step groups over every answer of the period (a third of the time on the bench).
_PASSED = pass_flag().compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})  # type: ignore[no-untyped-call]
PER_REP_ANSWERS = f"""
SELECT x.what, r.id, x.category, x.scenario_id, x.step_id, x.n, x.total, x.ok_or_rank
FROM "user" AS r CROSS JOIN LATERAL (
    WITH steps AS (
        SELECT answer.scenario_id, answer.step_id, answer.category, CAST(count(*) AS INTEGER) AS n,
               CAST(sum(answer.final_score) AS INTEGER) AS total, CAST(sum({_PASSED}) AS INTEGER) AS ok
        FROM answer
        WHERE answer.user_id = r.id AND answer.created_at >= :start AND answer.created_at < :end
          AND (answer.test_id IS NULL
               OR answer.test_id NOT IN (SELECT test.id FROM test WHERE test.finished_at IS NULL))
        GROUP BY answer.scenario_id, answer.step_id, answer.category
    )
    SELECT 'c' AS what, category, CAST(NULL AS INTEGER) AS scenario_id, CAST(NULL AS VARCHAR) AS step_id,
           CAST(sum(n) AS BIGINT) AS n, CAST(sum(total) AS BIGINT) AS total, CAST(sum(ok) AS BIGINT) AS ok_or_rank
    FROM steps GROUP BY category
    UNION ALL
    SELECT 'w', category, scenario_id, step_id, n, total, rank FROM (
        SELECT scenario_id, step_id, min(category) AS category, CAST(sum(n) AS BIGINT) AS n,
               CAST(sum(total) AS BIGINT) AS total,
               row_number() OVER (ORDER BY CAST(sum(total) AS FLOAT) / CAST(sum(n) AS FLOAT), sum(n) DESC,
                                  scenario_id, step_id) AS rank
        FROM steps GROUP BY scenario_id, step_id HAVING sum(n) >= {MIN_ANSWERS}
    ) AS ranked WHERE rank <= {WEAKEST}
) AS x
WHERE r.role = :role"""


def _answers_statement(p: Period) -> Any:
    """Per rep, answers, score sum and passes in each objection category of the period (rows tagged `c`), and the
    `WEAKEST` steps with the lowest mean score from `MIN_ANSWERS` answers (tagged `w`): one statement over one
    rep × step aggregate."""
    key = (col(Answer.user_id), col(Answer.scenario_id), col(Answer.step_id), col(Answer.category))
    # integers, so that the sums over them stay integers (PostgreSQL sums bigints as numeric, five times slower)
    n, score = sa.cast(func.count(), sa.Integer), sa.cast(func.sum(col(Answer.final_score)), sa.Integer)
    passed = sa.cast(func.sum(pass_flag()), sa.Integer)
    # every person's answers (the team's with a team), then the reps' rows of them: matching the 50,000 rep × step
    # rows against the reps costs less than matching the 200,000 answers
    counted = counted_answers(
        select_columns(*key, n.label("n"), score.label("total"), passed.label("ok")).select_from(Answer),
        p,
        reps_only=False,
    )
    per_step = counted.group_by(*key).cte("per_step")
    c = per_step.c
    of_reps = c.user_id.in_(select(User.id).where(col(User.role) == Role.trainee))

    def total(column: Any) -> Any:
        return sa.cast(func.sum(column), sa.BigInteger)

    none = sa.null()
    categories = (
        select_columns(
            sa.literal("c"),
            c.user_id,
            c.category,
            sa.cast(none, sa.Integer),
            sa.cast(none, sa.String),
            total(c.n),
            total(c.total),
            total(c.ok),
        )
        .where(of_reps)
        .group_by(c.user_id, c.category)
    )
    step = (c.user_id, c.scenario_id, c.step_id)
    steps = (
        select_columns(
            *step, func.min(c.category).label("category"), total(c.n).label("n"), total(c.total).label("total")
        )
        .where(of_reps)
        .group_by(*step)
        .having(func.sum(c.n) >= MIN_ANSWERS)
    )
    s = steps.subquery()
    order = (sa.cast(s.c.total, sa.Float) / s.c.n, s.c.n.desc(), s.c.scenario_id, s.c.step_id)
    ranked = select_columns(*s.c, func.row_number().over(partition_by=s.c.user_id, order_by=order).label("rank"))
    r = ranked.subquery()
    weakest_q = select_columns(
        sa.literal("w"), r.c.user_id, r.c.category, r.c.scenario_id, r.c.step_id, r.c.n, r.c.total, r.c.rank
    ).where(r.c.rank <= WEAKEST)
    return sa.union_all(categories, weakest_q)


def _answers(
    session: Session, rows: Sequence[Any]
) -> tuple[dict[int, list[CategoryCell]], dict[int, list[WeakObjection]]]:
    """The category cells and the weakest objections of each rep, from the rows of `_answers_statement`."""
    cells: dict[int, list[CategoryCell]] = defaultdict(list)
    for _, user_id, category, _, _, n, sum_, ok in (row for row in rows if row[0] == "c"):
        cells[user_id].append(
            CategoryCell(category=category, answers=n, mean_score=rounded_mean(sum_ / n), pass_rate=round(ok / n, 3))
        )
    for found in cells.values():
        found.sort(key=lambda cell: cell.category)
    ranked_rows = sorted((row[1:] for row in rows if row[0] == "w"), key=lambda row: (row[0], row[6]))
    return cells, _weakest(session, ranked_rows)


def _weakest(session: Session, rows: Sequence[Any]) -> dict[int, list[WeakObjection]]:
    """The weakest steps (user, category, scenario, step, answers, score sum, rank), named as on screen."""
    scenario_ids = {row[2] for row in rows}
    index = step_index(session, scenario_ids=scenario_ids)
    titles = dict(session.exec(select(Scenario.id, Scenario.title).where(col(Scenario.id).in_(scenario_ids))).all())
    weakest: dict[int, list[WeakObjection]] = defaultdict(list)
    for user_id, category, scenario_id, step_id, count, score, _ in rows:
        known = index.get((scenario_id, step_id))
        weakest[user_id].append(
            WeakObjection(
                scenario_id=scenario_id,
                scenario_title=titles.get(scenario_id, ""),
                step_id=step_id,
                category=known.category if known else category,
                customer_line=known.customer_line if known else "",
                answers=count,
                mean_score=rounded_mean(score / count),
            )
        )
    return weakest


# --- onboarding plans ----------------------------------------------------------------------------------------------


def _plans(session: Session, ids: list[int], *, tracks: dict[int, str], today: date) -> dict[int, RepPlan]:
    """Where each rep on a plan stands (from their first certificate on each of its tracks)."""
    if not ids:
        return {}
    wanted = set(ids)  # every assignment read (a few per new hire), not 1,000 ids bound and sent
    placed = [a for a in session.exec(select(PlanAssignment)) if a.user_id in wanted]
    if not placed:
        return {}
    by_id = {plan.id: plan for plan in session.exec(select(OnboardingPlan))}
    on_plan = [a.user_id for a in placed]
    first: dict[tuple[int, int], date] = {}
    query = select(Certificate.user_id, Certificate.track_id, func.min(col(Certificate.issued_at)))
    query = query.where(col(Certificate.user_id).in_(on_plan))
    query = query.group_by(col(Certificate.user_id), col(Certificate.track_id))
    for user_id, track_id, issued_at in session.exec(query):
        first[(user_id, track_id)] = as_utc(issued_at).date()
    names: dict[int | None, str] = dict(tracks.items())
    result = {}
    for a in placed:
        plan = by_id[a.plan_id]
        certified = {t: d for (u, t), d in first.items() if u == a.user_id}
        milestones = plans.milestones_of(plan, start=a.start_date, names=names, certified=certified, today=today)
        result[a.user_id] = plans.placed_plan(plan, start=a.start_date, milestones=milestones, user_id=a.user_id)
    return result


# --- the table -----------------------------------------------------------------------------------------------------


def screen_table(screen: TeamScreen) -> Table:
    """One row per rep: attention, certification, norm, plan, a mean score per category, the weakest objections."""
    header = [
        "rep",
        "team",
        "attention",
        "certified tracks",
        "assigned tracks",
        "norm",
        "plan",
        "days late",
        "answers",
        "mean score",
        *screen.categories,
        "weakest objections",
    ]
    rows = []
    for r in screen.rows:
        means = {c.category: c.mean_score for c in r.categories}
        weakest = " | ".join(f"{w.scenario_title} · {w.step_id} ({w.mean_score:g})" for w in r.weakest)
        rows.append(
            [
                r.name,
                r.team_name,
                r.attention,
                r.certified,
                len(r.tracks),
                Word(r.norm),
                Word(r.plan) if r.plan else None,
                r.plan_days_late,
                r.answers,
                r.mean_score,
                *(means.get(c) for c in screen.categories),
                weakest,
            ]
        )
    return Table("team", header, rows, freeze_columns=1)
