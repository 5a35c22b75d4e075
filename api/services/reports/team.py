"""The team reports over a period: the heat map (team × objection category), the weakest steps, activity per
week and the stop phrases used."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, distinct, func, tuple_
from sqlmodel import Session, col, select

from api.models import Answer, AnswerRedFlag, Scenario, User
from api.models.reports import (
    Activity,
    ActivityWeek,
    HeatCell,
    HeatMap,
    StopPhrasesUsed,
    StopPhraseUse,
    TeamColumn,
    WeakestSteps,
    WeakStep,
)
from api.services.curriculum import StepRef, step_index
from api.services.reports.period import Period, counted_answers, per_rep
from api.services.reports.query import as_utc, pass_flag, rounded_mean, select_columns, team_names, tune

# --- heat map: team × objection category -------------------------------------------------------------------------


def heatmap(session: Session, *, p: Period) -> HeatMap:
    """Mean score of every team in every objection category."""
    reps = per_rep(session, p, [col(Answer.category)])
    team = col(User.team_id)
    query = select_columns(team, reps.c.k0, func.sum(reps.c.n), func.count(), func.sum(reps.c.total))
    query = query.select_from(reps).join(User, col(User.id) == reps.c.user_id).where(team.is_not(None))
    query = query.group_by(team, reps.c.k0)
    names = team_names(session)
    cells = [
        HeatCell(
            team_id=t, team_name=names.get(t, ""), category=c, answers=n, reps=r, mean_score=rounded_mean(total / n)
        )
        for t, c, n, r, total in session.exec(query)
    ]
    cells.sort(key=lambda c: (c.team_name, c.category))
    teams = sorted({(c.team_name, c.team_id) for c in cells})
    return HeatMap(
        period=p.public(),
        teams=[TeamColumn(id=i, name=n) for n, i in teams],
        categories=sorted({c.category for c in cells}),
        cells=cells,
    )


# --- weakest steps -----------------------------------------------------------------------------------------------


def weakest_steps(session: Session, *, p: Period, limit: int, min_answers: int) -> WeakestSteps:
    """The steps with the lowest mean score in the period (with at least `min_answers` answers)."""
    tune(session)
    step = (col(Answer.scenario_id), col(Answer.step_id))
    answers, total = func.count(), func.sum(col(Answer.final_score))
    query = counted_answers(select_columns(*step, answers, total, func.sum(pass_flag())).select_from(Answer), p)
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
                scenario_id=scenario_id,
                scenario_title=titles.get(scenario_id, ""),
                step_id=step_id,
                category=known.category,
                customer_line=known.customer_line,
                answers=n,
                reps=reps.get((scenario_id, step_id), 0),
                mean_score=rounded_mean(score / n),
                pass_rate=round(int(passed) / n, 3),
            )
        )
    return WeakestSteps(period=p.public(), steps=steps)


def _reps_per_step(session: Session, p: Period, *, steps: list[tuple[int, str]]) -> dict[tuple[int, str], int]:
    if not steps:
        return {}
    step = (col(Answer.scenario_id), col(Answer.step_id))
    query = select_columns(*step, func.count(distinct(col(Answer.user_id)))).select_from(Answer)
    query = counted_answers(query, p).where(tuple_(*step).in_(steps)).group_by(*step)
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
    reps = per_rep(session, p, [_week(session)], extra)
    query = select_columns(
        reps.c.k0, func.sum(reps.c.practice), func.sum(reps.c.n), func.count(), func.sum(reps.c.practice_total)
    ).group_by(reps.c.k0)
    found = {_as_date(w): (int(a), int(n) - int(a), r, int(t)) for w, a, n, r, t in session.exec(query)}
    first = p.since - timedelta(days=p.since.weekday())
    weeks = []
    for n in range((p.until - first).days // 7 + 1):
        day = first + timedelta(weeks=n)
        a, b, r, total = found.get(day, (0, 0, 0, 0))
        mean = rounded_mean(total / a) if a else None
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
    tune(session)
    flag = AnswerRedFlag
    key = (col(flag.source), col(flag.label), col(flag.phrase))
    answers, reps = func.count(distinct(col(flag.answer_id))), func.count(distinct(col(Answer.user_id)))
    last = func.max(col(Answer.created_at))
    query = _flagged(select_columns(*key, answers, reps, last), p, source).group_by(*key)
    order = (answers.desc(), reps.desc(), last.desc(), col(flag.label), func.coalesce(col(flag.phrase), ""))
    rows = list(session.exec(query.order_by(*order).limit(limit)))
    said = _words_said(session, p, source)
    counted = session.exec(counted_answers(select_columns(func.count()).select_from(Answer), p)).one()
    flagged = session.exec(_flagged(select_columns(func.count(distinct(col(flag.answer_id)))), p, source)).one()
    uses = [
        StopPhraseUse(
            source=s,
            label=label,
            phrase=phrase,
            answers=n,
            reps=r,
            last_used=as_utc(at),
            words=said.get((s, label, phrase), []),
        )
        for s, label, phrase, n, r, at in rows
    ]
    return StopPhrasesUsed(
        period=p.public(), source=source, answers=int(counted), flagged_answers=int(flagged), phrases=uses
    )


def _flagged(query: Any, p: Period, source: str) -> Any:
    """Red-flag hits of the period's counted answers, of one source or all."""
    query = counted_answers(query.select_from(AnswerRedFlag).join(Answer, col(Answer.id) == AnswerRedFlag.answer_id), p)
    return query if source == "all" else query.where(col(AnswerRedFlag.source) == source)


def _words_said(session: Session, p: Period, source: str) -> dict[tuple[str, str, str | None], list[str]]:
    """Per label and phrase, the forms said most often (letter case and ё aside), most frequent first."""
    flag = AnswerRedFlag
    key = (col(flag.source), col(flag.label), col(flag.phrase), col(flag.words))
    forms: dict[tuple[str, str, str | None], dict[str, list[Any]]] = defaultdict(dict)
    for s, label, phrase, words, n in session.exec(
        _flagged(select_columns(*key, func.count()), p, source).group_by(*key)
    ):
        found = forms[(s, label, phrase)].setdefault(" ".join(words.casefold().replace("ё", "е").split()), [0, words])
        found[0], found[1] = found[0] + n, min(found[1], words)  # one spelling of a form, whichever comes first
    return {
        name: [w for _, w in sorted(counts.values(), key=lambda c: (-c[0], c[1]))[:MOST_WORDS]]
        for name, counts in forms.items()
    }
