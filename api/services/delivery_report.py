"""The delivery report: per rep and per team, the medians of the spoken answers' pace, fillers a minute and longest
pause in the period, the total talk time, and the stated norms each median misses; also as a table for CSV/XLSX."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from statistics import median
from typing import Any

from sqlmodel import Session, col, select

from api.models import Answer, Team, User
from api.models.delivery import DeliveryFigures, DeliveryReport, RepDelivery, TeamDelivery
from api.services.reports.export import Table, Word
from api.services.reports.period import Period, counted_answers
from voice.delivery import NORMS

MEDIANS = ("words_per_minute", "fillers_per_minute", "longest_pause_s")


def figures(deliveries: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The medians of stored deliveries (answers without words do not count toward them), the total talk time and
    the norms the medians miss."""
    rows = list(deliveries)
    said = [d for d in rows if d.get("words")]
    medians = {f: round(float(median(float(d[f]) for d in said)), 1) if said else None for f in MEDIANS}
    talk = round(sum(float(d.get("talk_time_s") or 0) for d in rows), 1)
    return {"answers": len(rows), **medians, "talk_time_s": talk, "outside_norms": outside_norms(medians)}


def outside_norms(medians: Mapping[str, float | None]) -> list[str]:
    """`slow` or `fast` (pace), `fillers`, `pauses`: the stated norms the figures miss."""
    pace, fillers, pause = (medians.get(f) for f in MEDIANS)
    missed = []
    if pace is not None and pace < NORMS["words_per_minute_min"]:
        missed.append("slow")
    if pace is not None and pace > NORMS["words_per_minute_max"]:
        missed.append("fast")
    if fillers is not None and fillers > NORMS["fillers_per_minute_max"]:
        missed.append("fillers")
    if pause is not None and pause > NORMS["longest_pause_s_max"]:
        missed.append("pauses")
    return missed


def delivery_report(session: Session, *, p: Period) -> DeliveryReport:
    """Per rep of the period's team (or every team), per team and overall; a running test's answers are left out,
    as in the other reports."""
    query = counted_answers(select(Answer.user_id, Answer.delivery), p).where(col(Answer.delivery).is_not(None))
    per_rep: dict[int, list[Mapping[str, Any]]] = {}
    for user_id, delivery in session.exec(query):
        if delivery:  # a JSON null is not an SQL NULL on every database
            per_rep.setdefault(user_id, []).append(delivery)
    people = {u.id: u for u in session.exec(select(User).where(col(User.id).in_(list(per_rep))))}
    team_ids = {u.team_id for u in people.values() if u.team_id is not None}
    team_names = {t.id: t.name for t in session.exec(select(Team).where(col(Team.id).in_(list(team_ids))))}
    reps = [
        RepDelivery(
            user_id=u,
            name=people[u].name,
            team_id=people[u].team_id,
            team_name=team_names.get(people[u].team_id or 0),
            **figures(rows),
        )
        for u, rows in per_rep.items()
    ]
    reps.sort(key=lambda r: (-r.answers, r.name))
    per_team: dict[int | None, list[int]] = {}
    for user_id in per_rep:
        per_team.setdefault(people[user_id].team_id, []).append(user_id)
    teams = [
        TeamDelivery(
            team_id=team_id,
            name=team_names.get(team_id or 0),
            reps=len(members),
            **figures(d for user_id in members for d in per_rep[user_id]),
        )
        for team_id, members in per_team.items()
    ]
    teams.sort(key=lambda t: (t.name is None, t.name or ""))
    overall = DeliveryFigures(**figures(d for rows in per_rep.values() for d in rows))
    return DeliveryReport(period=p.public(), norms=dict(NORMS), overall=overall, teams=teams, reps=reps)


def delivery_table(report: DeliveryReport) -> Table:
    """One row per rep, then one per team and one for everyone listed (`level`: rep, team, all)."""
    header = [
        "level",
        "rep",
        "team",
        "spoken answers",
        "median words per minute",
        "median fillers per minute",
        "median longest pause s",
        "talk time min",
        "within norms",
    ]

    def row(level: str, name: str | None, team: str | None, f: DeliveryFigures) -> list[Any]:
        within = None if f.words_per_minute is None else not f.outside_norms
        return [
            Word(level),
            name,
            team,
            f.answers,
            f.words_per_minute,
            f.fillers_per_minute,
            f.longest_pause_s,
            round(f.talk_time_s / 60, 1),
            within,
        ]

    rows = [row("rep", r.name, r.team_name, r) for r in report.reps]
    rows += [row("team", None, t.name or Word("no team"), t) for t in report.teams]
    rows.append(row("all", None, None, report.overall))
    return Table(name="delivery", header=header, rows=rows, freeze_columns=2)
