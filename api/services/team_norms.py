"""The team screen's norm column: where each rep stands against their practice norm now, as `norms.progress` says,
for a whole team at once.

On PostgreSQL one statement does the reading (docs/performance.md): it counts each rep's practice answers per
local day from the Monday before last, and finds the day each objection step was mastered (its second pass day,
`norms.practice_of`) from the passes of that window and, per step, the first and the last pass before it. It
returns only what `norms.standing` looks at: the answers per day and the mastered days from that Monday on. On
SQLite (small databases) the answers are read and counted in Python (`norms.read_practice`).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from api.services import norms


def norm_standing(session: Session, reps: Sequence[norms.Member], *, now: datetime) -> dict[int, tuple[str, list[str]]]:
    """Per rep: `none` (no norm today), `on_track` or `behind` with the reasons, as `norms.progress` says."""
    reading = prepare(session, reps, now=now)
    return judge(reading, read(session, reading))


@dataclass(frozen=True)
class Reading:
    """What the norm column reads: the reps judged against a weekly norm, from `first_monday` (`since` widened by
    the time zones) to `end`; `settled` the others' standing."""

    settled: dict[int, tuple[str, list[str]]]
    judged: dict[int, tuple[norms.Timeline, date]]
    first_monday: date
    since: datetime
    end: datetime
    zones: str  # the judged reps' zone spans, as the statement reads them


def prepare(session: Session, reps: Sequence[norms.Member], *, now: datetime) -> Reading:
    """Each rep's timeline and today; who has a weekly norm to be judged against (`read`, then `judge`)."""
    lines = norms.timelines(session, reps)
    settled: dict[int, tuple[str, list[str]]] = {}
    judged: dict[int, tuple[norms.Timeline, date]] = {}
    for user_id, line in lines.items():
        today = norms.today_of(line, now)
        monday = norms.week_of(today)
        if line.on(today).source == "none":
            settled[user_id] = ("none", [])
        elif any(_weekly(line.on(d)) for d in (monday, monday - timedelta(days=7))):
            judged[user_id] = (line, today)
        else:
            settled[user_id] = ("on_track", [])  # a daily norm only: nothing weekly to fall behind on
    first_monday = min((norms.week_of(today) for _, today in judged.values()), default=now.date()) - timedelta(days=7)
    return Reading(settled, judged, first_monday, _margin(first_monday), now + timedelta(seconds=1), _spans(judged))


def read(session: Session, reading: Reading) -> dict[int, norms.Practice]:
    """The judged reps' practice: in one statement on PostgreSQL, every answer counted in Python on SQLite (small
    databases). Reads nothing the session has loaded: it may run on a connection of its own."""
    if not reading.judged:
        return {}
    if session.get_bind().dialect.name == "postgresql":
        return _practice_by_day(session, reading)
    lines = {u: line for u, (line, _) in reading.judged.items()}
    return norms.read_practice(session, lines, since=reading.since, end=reading.end)


def judge(reading: Reading, practice: dict[int, norms.Practice]) -> dict[int, tuple[str, list[str]]]:
    """Every rep's standing."""
    result = dict(reading.settled)
    for user_id, (line, today) in reading.judged.items():
        _, behind, reasons = norms.standing(line, practice[user_id], today=today)
        result[user_id] = ("behind" if behind else "on_track", reasons)
    return result


def _weekly(norm: Any) -> bool:
    return bool(norm.days_per_week or norm.mastered_per_week)


def _margin(day: date) -> datetime:
    """The start of a day widened by the largest time-zone offset, to read every answer of that local day."""
    return datetime.combine(day, time(), tzinfo=UTC) - timedelta(hours=14)


# Each rep's zone spans come as one JSON text (a thousand reps' spans as arrays took psycopg longer to send than the
# statement took to run). `practice` is every practice answer of the window on the covering index; `passes` the
# first-answer passes of the window on ix_answer_practice_passes (its predicate written out, so that the planner
# uses it when psycopg prepares the statement). A step is mastered on the second of its distinct pass days: the
# days of its passes in the window and of its first and last pass before the window in each zone span (within a
# span, days follow the moments). `near` reads those in the span the window starts in; a step passed on two days
# there was mastered before the window and is left out (`open` keeps the others); only those are looked up in the
# earlier spans (`far`).
PRACTICE_STATEMENT = sa.text("""
WITH zones AS MATERIALIZED (
    SELECT * FROM json_to_recordset(CAST(:zones AS json))
        AS z(uid int, from_at timestamptz, until timestamptz, zone text)
), recent AS MATERIALIZED (
    SELECT user_id, created_at FROM answer WHERE created_at >= :since AND created_at < :end AND kind = 'practice'
), practice AS (
    SELECT z.uid, date(timezone(z.zone, a.created_at)) AS day, count(*) AS n
    FROM recent AS a JOIN zones AS z ON z.uid = a.user_id AND a.created_at >= z.from_at AND a.created_at < z.until
    GROUP BY 1, 2
), passed AS MATERIALIZED (
    SELECT user_id, scenario_id, step_id, created_at FROM answer
    WHERE kind = 'practice' AND passed AND NOT retry AND created_at >= :since AND created_at < :end
      AND user_id = ANY(CAST(:reps AS int[]))
), passes AS (
    SELECT a.user_id, a.scenario_id, a.step_id, date(timezone(z.zone, a.created_at)) AS day
    FROM passed AS a JOIN zones AS z ON z.uid = a.user_id AND a.created_at >= z.from_at AND a.created_at < z.until
    GROUP BY 1, 2, 3, 4
), steps AS MATERIALIZED (
    SELECT DISTINCT user_id, scenario_id, step_id FROM passed
), near AS (
    SELECT s.user_id, s.scenario_id, s.step_id, date(timezone(z.zone, p.first_at)) AS first_day,
           date(timezone(z.zone, p.last_at)) AS last_day
    FROM steps AS s JOIN zones AS z ON z.uid = s.user_id AND z.from_at < :since AND z.until >= :since
    CROSS JOIN LATERAL (
        SELECT min(b.created_at) AS first_at, max(b.created_at) AS last_at FROM answer AS b
        WHERE b.user_id = s.user_id AND b.scenario_id = s.scenario_id AND b.step_id = s.step_id
          AND b.kind = 'practice' AND b.passed AND NOT b.retry AND b.created_at >= z.from_at AND b.created_at < :since
    ) AS p
    WHERE p.first_at IS NOT NULL
), open AS MATERIALIZED (
    SELECT s.user_id, s.scenario_id, s.step_id FROM steps AS s
    LEFT JOIN near AS n ON n.user_id = s.user_id AND n.scenario_id = s.scenario_id AND n.step_id = s.step_id
    WHERE n.first_day IS NULL OR n.first_day = n.last_day
), far AS (
    SELECT s.user_id, s.scenario_id, s.step_id, date(timezone(z.zone, p.first_at)) AS first_day,
           date(timezone(z.zone, p.last_at)) AS last_day
    FROM open AS s JOIN zones AS z ON z.uid = s.user_id AND z.until < :since
    CROSS JOIN LATERAL (
        SELECT min(b.created_at) AS first_at, max(b.created_at) AS last_at FROM answer AS b
        WHERE b.user_id = s.user_id AND b.scenario_id = s.scenario_id AND b.step_id = s.step_id
          AND b.kind = 'practice' AND b.passed AND NOT b.retry AND b.created_at >= z.from_at AND b.created_at < z.until
    ) AS p
    WHERE p.first_at IS NOT NULL
), before AS (
    SELECT * FROM near WHERE first_day = last_day
    UNION ALL SELECT * FROM far
), days AS (
    SELECT p.user_id, p.scenario_id, p.step_id, p.day FROM passes AS p
    JOIN open AS o ON o.user_id = p.user_id AND o.scenario_id = p.scenario_id AND o.step_id = p.step_id
    UNION SELECT user_id, scenario_id, step_id, first_day FROM before
    UNION SELECT user_id, scenario_id, step_id, last_day FROM before
), ordered AS (
    SELECT user_id, day, row_number() OVER (PARTITION BY user_id, scenario_id, step_id ORDER BY day) AS nth
    FROM days
)
SELECT 'a' AS what, uid, day, n FROM practice WHERE day >= :first_monday
UNION ALL
SELECT 'm', user_id, day, count(*) FROM ordered WHERE nth = 2 AND day >= :first_monday GROUP BY user_id, day
""")


def _spans(judged: dict[int, tuple[norms.Timeline, date]]) -> str:
    """The judged reps' zone spans as the statement's JSON (a team's reps share their spans: written once)."""
    spans: dict[tuple[int, int], list[str]] = {}
    zones: list[str] = []
    for user_id, (line, _) in judged.items():
        key = (id(line.team), id(line.rep))
        if key not in spans:
            spans[key] = [
                json.dumps({"from_at": b.isoformat(), "until": e.isoformat(), "zone": z})[1:]
                for b, e, z in line.zone_spans()
            ]
        zones.extend(f'{{"uid": {user_id}, {span}' for span in spans[key])
    return f"[{', '.join(zones)}]"


def _practice_by_day(session: Session, reading: Reading) -> dict[int, norms.Practice]:
    """Each judged rep's practice answers per local day and mastered days, from `first_monday` (earlier ones are
    left out: `norms.standing` reads this week and the last)."""
    answers: dict[int, Counter[date]] = defaultdict(Counter)
    mastered: dict[int, list[date]] = defaultdict(list)
    values = {
        "zones": reading.zones,
        "reps": list(reading.judged),
        "since": reading.since,
        "end": reading.end,
        "first_monday": reading.first_monday,
    }
    for what, user_id, day, n in session.connection().execute(PRACTICE_STATEMENT, values).all():
        if what == "a":
            answers[user_id][day] = n
        else:
            mastered[user_id].extend([day] * n)
    return {u: norms.Practice(answers[u], sorted(mastered[u])) for u in reading.judged}
