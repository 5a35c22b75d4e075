"""SQL helpers shared by the reports (and the team screen built on them)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, case
from sqlmodel import Session, select

from api.models import Team
from api.services.answers import effective_passed_sql


def tune(session: Session) -> None:
    """On PostgreSQL, give this transaction's aggregations memory enough to hash rather than sort on disk, and
    no JIT compilation (it costs more than it saves on queries of this size)."""
    if session.get_bind().dialect.name == "postgresql":
        connection = session.connection()
        connection.exec_driver_sql("SET LOCAL work_mem = '64MB'")
        connection.exec_driver_sql("SET LOCAL jit = off")


def select_columns(*columns: Any) -> Any:
    """`select` over more columns than sqlmodel's type hints list (they stop at four)."""
    return select(*columns)


def rounded_mean(value: Any) -> float:
    return round(float(value), 1)


def as_utc(value: datetime) -> datetime:
    """A timestamp read as a plain column (no type decorator applied on SQLite) as aware UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def team_names(session: Session) -> dict[int, str]:
    return {i: n for i, n in session.exec(select(Team.id, Team.name)) if i is not None}


def pass_flag() -> ColumnElement[int]:
    """1 for an answer that passes (answers.effective_passed), else 0: summed, it counts passes."""
    return case((effective_passed_sql(), 1), else_=0)
