"""Reports as tables (one row per entity, a header first) and tables as CSV; `api.services.spreadsheets` writes
them as XLSX."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from api.models.reports import (
    Activity,
    Agreement,
    CertificationMatrix,
    DrillDown,
    HeatMap,
    StopPhrasesUsed,
    WeakestSteps,
)


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
        [
            a.created_at,
            Word(a.kind),
            a.scenario_title,
            a.step_id,
            Word(a.category),
            a.score,
            a.final_score,
            a.passed,
            a.disputed,
            a.text,
        ]
        for a in report.answers
    ]
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
        [
            s.scenario_title,
            s.step_id,
            Word(s.category),
            s.disputes,
            s.samples,
            s.pairs,
            s.mean_abs_difference,
            s.spearman,
        ]
        for s in report.steps
    ]
    return Table("agreement", header, rows)
