"""The test database handle shared by the API tests' fixtures and tests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import SQLModel


@dataclass
class Database:
    """A migrated test database."""

    kind: str
    url: str
    engine: Engine

    def empty(self) -> None:
        """Delete every row of every table (the schema stays; on tables this small DELETE beats TRUNCATE)."""
        with self.engine.begin() as connection:
            for table in reversed(SQLModel.metadata.sorted_tables):
                connection.execute(table.delete())
