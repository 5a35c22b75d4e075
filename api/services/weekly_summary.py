"""The weekly team summary the head of sales forwards up: one workbook of a week (Monday to Sunday, UTC days as in
every report, up to today for the running week) with a sheet per section: the key figures, certification changes,
norm attainment, the weakest objections and the new hires behind their onboarding plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from api.errors import InvalidError, field_error
from api.models import Certificate, Exam, Role, Team, Track, User
from api.models.plans import PlanReport
from api.services import norms, plans, team_screen
from api.services.reports import team as team_reports
from api.services.reports.export import Table, Word, weakest_table
from api.services.reports.period import Period
from api.services.reports.period import period as report_period
from api.services.reports.query import as_utc
from api.services.spreadsheets import Label

WEAKEST_LIMIT, WEAKEST_MIN_ANSWERS = 10, 3


@dataclass(frozen=True)
class Week:
    """The summary's team and week: `since` is a Monday, `until` its Sunday or today."""

    period: Period
    monday: date

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def week_of(viewer: User, *, team_id: int | None, day: date | None, now: datetime) -> Week:
    """The week of `day` (this week by default) for the team, within what the viewer may see."""
    today = now.date()
    monday = norms.week_of(day or today)
    if monday > today:
        raise InvalidError("week_in_future", errors=[field_error("week", "week_in_future")], day=monday)
    until = min(monday + timedelta(days=6), today)
    return Week(report_period(viewer, team_id=team_id, since=monday, until=until, now=now), monday)


def summary(session: Session, *, week: Week, now: datetime) -> list[Table]:
    """The workbook's sheets: figures first, then one per section."""
    reps = _reps(session, week.period.team_id)
    changes = certification_changes(session, reps=reps, week=week)
    screen = team_screen.team_screen(session, p=week.period, now=now)
    attainment = norm_attainment(
        session, reps=reps, week=week, now=now, now_standing={r.user_id: r.norm for r in screen.rows}
    )
    weakest = team_reports.weakest_steps(session, p=week.period, limit=WEAKEST_LIMIT, min_answers=WEAKEST_MIN_ANSWERS)
    on_plan = plans.report(session, p=week.period, now=now)
    behind = PlanReport(period=on_plan.period, reps=[r for r in on_plan.reps if r.status == "behind"])
    team = session.get(Team, week.period.team_id) if week.period.team_id is not None else None
    figures = [
        ("team", team.name if team else Word("every team")),
        ("week from", week.monday),
        ("week to", week.sunday),
        ("reps", len(reps)),
        ("certified on every assigned track", screen.tiles.reps - screen.tiles.not_certified),
        ("not certified", screen.tiles.not_certified),
        *((FIGURES[kind], sum(row[4] == kind for row in changes.rows)) for kind in CHANGES),
        ("with a norm this week", sum(row[7] != "none" for row in attainment.rows)),
        ("met the week's norm", sum(row[7] == "met" for row in attainment.rows)),
        ("behind the norm now", screen.tiles.behind_norm),
        ("new hires on a plan", len(on_plan.reps)),
        ("new hires behind plan", len(behind.reps)),
    ]
    return [
        Table("summary", ["figure", "value"], [[Label(name), value] for name, value in figures], freeze_columns=1),
        changes,
        attainment,
        Table("weakest objections", *_rows_of(weakest_table(weakest))),
        Table("behind plan", *_rows_of(plans.report_table(behind)), freeze_columns=1),
    ]


def _rows_of(table: Table) -> tuple[list[str], list[list[Any]]]:
    return table.header, table.rows


@dataclass(frozen=True)
class _Rep:
    id: int
    name: str
    team: str | None


def _reps(session: Session, team_id: int | None) -> dict[int, _Rep]:
    """The active reps of the team (or of every team), by id."""
    query = select(User.id, User.name, Team.name).join(Team, col(Team.id) == col(User.team_id), isouter=True)
    query = query.where(col(User.role) == Role.trainee, col(User.is_active).is_(True))
    if team_id is not None:
        query = query.where(col(User.team_id) == team_id)
    return {i: _Rep(i, name, team) for i, name, team in session.exec(query.order_by(col(User.name))) if i is not None}


# --- certification changes -----------------------------------------------------------------------------------------

CHANGES = ("certified", "failed", "expiring", "expired")
FIGURES = {
    "certified": "new certificates",
    "failed": "failed tests",
    "expiring": "certificates expiring",
    "expired": "certificates expired",
}


def certification_changes(session: Session, *, reps: dict[int, _Rep], week: Week) -> Table:
    """Every change of the week, oldest first: a certificate issued (`certified`), a test failed (`failed`), the
    expiry warning begun (`expiring`) or the certificate run out (`expired`) on a rep's latest certificate of a
    track (a renewed one no longer warns or expires)."""
    start, end = week.period.start, week.period.end
    names = dict(session.exec(select(Track.id, Track.name)).all())
    ids = list(reps)
    latest: dict[tuple[int, int], Certificate] = {}
    query = select(Certificate).where(col(Certificate.user_id).in_(ids)).order_by(col(Certificate.issued_at))
    events: list[tuple[datetime, int, int, str, float | None]] = []
    for certificate in session.exec(query):
        latest[(certificate.user_id, certificate.track_id)] = certificate
        if start <= certificate.issued_at < end:
            events.append(
                (certificate.issued_at, certificate.user_id, certificate.track_id, "certified", certificate.score)
            )
    for (user_id, track_id), certificate in latest.items():
        for kind, moment in (("expiring", certificate.warning_at), ("expired", certificate.expires_at)):
            if start <= moment < end:
                events.append((moment, user_id, track_id, kind, None))
    failed = select(Exam.user_id, Exam.track_id, Exam.finished_at, Exam.score).where(
        col(Exam.user_id).in_(ids),
        col(Exam.passed).is_(False),
        col(Exam.finished_at) >= start,
        col(Exam.finished_at) < end,
    )
    for user_id, track_id, finished_at, score in session.exec(failed):
        if finished_at is not None:
            events.append((as_utc(finished_at), user_id, track_id, "failed", score))
    events.sort(key=lambda e: (e[0], reps[e[1]].name, e[1], e[2], CHANGES.index(e[3])))
    rows = [
        [moment, reps[user].name, reps[user].team, names.get(track, ""), Word(kind), score]
        for moment, user, track, kind, score in events
    ]
    return Table("certification changes", ["time", "rep", "team", "track", "change", "score"], rows)


# --- norm attainment -----------------------------------------------------------------------------------------------


def norm_attainment(
    session: Session, *, reps: dict[int, _Rep], week: Week, now: datetime, now_standing: dict[int, str]
) -> Table:
    """Per rep, the week's practice against the norm in force on its Monday, and whether the rep is behind now."""
    users = list(session.exec(select(User).where(col(User.id).in_(list(reps)))))
    lines = norms.timelines(session, users)
    since = norms.window_start(week.monday)
    practice = norms.read_practice(session, lines, since=since, end=min(now, week.period.end) + timedelta(seconds=1))
    rows = []
    for rep in reps.values():
        line, done = lines[rep.id], practice[rep.id]
        result = norms.norm_week(line, done, week.monday, today=min(week.sunday, norms.today_of(line, now)))
        rows.append(
            [
                rep.name,
                rep.team,
                result.answers,
                result.practice_days,
                result.mastered,
                result.days_per_week,
                result.mastered_per_week,
                Word(_met(result.met)),
                Word(now_standing.get(rep.id, "none")),
            ]
        )
    header = [
        "rep",
        "team",
        "answers",
        "practice days",
        "mastered",
        "days per week",
        "mastered per week",
        "week's norm",
        "norm now",
    ]
    return Table("norm attainment", header, rows, freeze_columns=1)


def _met(met: bool | None) -> str:
    return "none" if met is None else "met" if met else "missed"
