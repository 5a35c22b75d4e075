"""The head's practice-norm report: per rep and per team, the days and weeks of a period with a norm and how many
met it, and who is behind now (`norms` holds the norms and how one rep meets them)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from api.models import Role, Team, User
from api.models.base import id_of
from api.models.norms import NormReport, RepAttainment, TeamAttainment
from api.services.norms import (
    Practice,
    Timeline,
    norm_day,
    norm_week,
    read_practice,
    standing,
    timelines,
    today_of,
    week_of,
    window_start,
)
from api.services.reports.export import Table
from api.services.reports.period import Period


def report(session: Session, *, viewer: User, p: Period, now: datetime) -> NormReport:
    """Per rep and per team: days and weeks of the period with a norm and how many met it (days and weeks still
    running not counted), and who is behind now."""
    reps = _reps(session, viewer=viewer, team_id=p.team_id)
    lines = timelines(session, reps)
    practice = read_practice(session, lines, since=window_start(week_of(p.since)), end=now + timedelta(seconds=1))
    teams = dict(session.exec(select(Team.id, Team.name)).all())
    rows = [_attainment(rep, lines[id_of(rep)], practice[id_of(rep)], p, now, teams) for rep in reps]
    rows.sort(key=lambda r: (not r.behind, r.team_name or "", r.name, r.user_id))
    return NormReport(period=p.public(), teams=_teams(rows), reps=rows)


def _reps(session: Session, *, viewer: User, team_id: int | None) -> list[User]:
    query = select(User).where(col(User.role) == Role.trainee, col(User.is_active).is_(True))
    if team_id is not None:
        query = query.where(col(User.team_id) == team_id)
    return list(session.exec(query.order_by(col(User.name), col(User.id))))


def _attainment(
    rep: User, timeline: Timeline, practice: Practice, p: Period, now: datetime, teams: dict[int | None, str]
) -> RepAttainment:
    today = today_of(timeline, now)
    last = min(p.until, today - timedelta(days=1))
    days = [norm_day(timeline, practice, p.since + timedelta(days=n)) for n in range((last - p.since).days + 1)]
    judged = [d for d in days if d.met is not None]
    mondays = [week_of(p.since) + timedelta(weeks=n) for n in range((week_of(last) - week_of(p.since)).days // 7 + 1)]
    weeks = [
        norm_week(timeline, practice, m, today=m + timedelta(days=6))
        for m in mondays
        if m >= p.since and m + timedelta(days=6) <= last
    ]
    _, behind, reasons = standing(timeline, practice, today=today)
    in_period = [d for d in practice.mastered if p.since <= d <= p.until]
    return RepAttainment(
        user_id=id_of(rep),
        name=rep.name,
        team_id=rep.team_id,
        team_name=teams.get(rep.team_id),
        norm=timeline.on(today),
        days_with_norm=len(judged),
        days_met=sum(bool(d.met) for d in judged),
        weeks_with_norm=sum(w.met is not None for w in weeks),
        weeks_met=sum(w.met is True for w in weeks),
        answers=sum(n for d, n in practice.answers.items() if p.since <= d <= p.until),
        mastered=len(in_period),
        behind=behind,
        reasons=reasons,
    )


def _teams(rows: list[RepAttainment]) -> list[TeamAttainment]:
    grouped: dict[tuple[str, int], list[RepAttainment]] = defaultdict(list)
    for row in rows:
        if row.team_id is not None:
            grouped[(row.team_name or "", row.team_id)].append(row)
    return [
        TeamAttainment(
            team_id=team_id,
            team_name=name,
            reps=len(rs),
            reps_behind=sum(r.behind for r in rs),
            days_with_norm=sum(r.days_with_norm for r in rs),
            days_met=sum(r.days_met for r in rs),
            weeks_with_norm=sum(r.weeks_with_norm for r in rs),
            weeks_met=sum(r.weeks_met for r in rs),
        )
        for (name, team_id), rs in sorted(grouped.items())
    ]


def report_table(report_: NormReport) -> Table:
    """One row per rep."""
    header = [
        "rep",
        "team",
        "behind now",
        "answers per day",
        "days per week",
        "mastered per week",
        "days met",
        "days with norm",
        "weeks met",
        "weeks with norm",
        "answers",
        "mastered",
    ]
    rows = [
        [
            r.name,
            r.team_name,
            r.behind,
            r.norm.answers_per_day,
            r.norm.days_per_week,
            r.norm.mastered_per_week,
            r.days_met,
            r.days_with_norm,
            r.weeks_met,
            r.weeks_with_norm,
            r.answers,
            r.mastered,
        ]
        for r in report_.reps
    ]
    return Table("norms", header, rows)
