"""The test database handle shared by the API tests' fixtures and tests, and the rows of its tables saved and put
back (so that tests can share data built once)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Table, literal_column, select, union_all
from sqlmodel import SQLModel

Rows = dict[str, list[tuple[Any, ...]]]  # table name -> every row, in primary-key order


@dataclass
class Database:
    """A migrated test database."""

    kind: str
    url: str
    engine: Engine

    def empty(self) -> None:
        """Delete the rows of the tables that have any; the schema stays. One query finds them: most tests fill a
        few of the 25 tables. DELETE, not TRUNCATE: on PostgreSQL `TRUNCATE … RESTART IDENTITY CASCADE` of every
        table took about 1 s, a DELETE of each 13 ms (2 cores, 2026-11-30); on SQLite, skipping the empty tables
        takes 0.6 ms instead of 3.6 ms."""
        tables = SQLModel.metadata.sorted_tables
        probe = union_all(*(select(literal_column(str(i))).where(t.select().exists()) for i, t in enumerate(tables)))
        with self.engine.begin() as connection:
            filled = set(connection.scalars(probe))
            for i in sorted(filled, reverse=True):  # children before the tables they refer to
                connection.execute(tables[i].delete())


def rows(engine: Engine) -> Rows:
    """Every row of every table."""
    with engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in connection.execute(table.select().order_by(*table.primary_key.columns))]
            for table in SQLModel.metadata.sorted_tables
        }


def restore(engine: Engine, saved: Rows, *, now: Rows | None = None) -> None:
    """Put back the rows `saved` held. Only the tables whose rows differ (`now`, read if not given) are rewritten,
    with the tables that refer to them: deleted children first, inserted parents first."""
    current = now if now is not None else rows(engine)
    changed = {name for name, held in saved.items() if current.get(name) != held}
    tables = SQLModel.metadata.sorted_tables
    rewritten = [table for table in tables if _refers_to(table, changed)]
    if not rewritten:
        return
    with engine.begin() as connection:
        for table in reversed(rewritten):
            connection.execute(table.delete())
        for table in rewritten:
            if saved[table.name]:
                keys = table.columns.keys()
                connection.execute(table.insert(), [dict(zip(keys, row, strict=True)) for row in saved[table.name]])


def _refers_to(table: Table, names: set[str]) -> bool:
    """True when the table is one of `names` or refers to one of them, directly or through other tables."""
    if table.name in names:
        return True
    return any(_refers_to(key.column.table, names) for key in table.foreign_keys if key.column.table is not table)
