"""What every table shares: the naming convention, UTC timestamps, JSON columns, roles."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Protocol

import sqlalchemy as sa
from annotated_types import Ge, Le
from pydantic import AfterValidator, BeforeValidator, Strict
from pydantic_core import PydanticCustomError
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION

MAX_ID = 2**31 - 1  # the largest value of an integer column on PostgreSQL; larger ids name nothing
Id = Annotated[int, Strict(), Ge(1), Le(MAX_ID)]
"""An id in a request body: a JSON number (not `true`, not text) that a table can hold."""


def _iso_day(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise PydanticCustomError("date_parsing", "must be a day written YYYY-MM-DD")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return value


NotBlank = AfterValidator(_not_blank)
"""A text that says something: not empty, not only spaces and line breaks (kept as written otherwise)."""

Day = Annotated[date, BeforeValidator(_iso_day)]
"""A day in a query: `YYYY-MM-DD` only (a bare number would otherwise be read as seconds since 1970)."""


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timestamp stored with its time zone and always read back as an aware UTC datetime (SQLite too)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware UTC datetime (use the clock)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONType: sa.types.TypeEngine[Any] = sa.JSON().with_variant(JSONB(), "postgresql")


class Stored(Protocol):
    """A table row: its `id` is None until it is inserted (flushed), then the database's."""

    @property
    def id(self) -> int | None: ...


def id_of(row: Stored) -> int:
    """The id of an inserted row, typed `int`. Every table declares `id: int | None` (None until the insert
    assigns it), so code that holds a stored row asks for its id here rather than asserting or falling back to 0;
    a row never inserted is a bug and raises."""
    if row.id is None:
        raise RuntimeError(f"{type(row).__name__} has no id: it was never inserted")
    return row.id


def utc_column(*, nullable: bool = False, index: bool = False) -> Any:
    """A `sa_column` for an aware UTC timestamp."""
    return sa.Column(UTCDateTime(), nullable=nullable, index=index)


def json_column(*, nullable: bool = False) -> Any:
    """A `sa_column` for a JSON document (JSONB on PostgreSQL)."""
    return sa.Column(JSONType, nullable=nullable)


class Role(StrEnum):
    """Roles from least to most allowed: each role may do everything the ones before it may."""

    trainee = "trainee"
    trainer = "trainer"
    head = "head"
    admin = "admin"

    @property
    def rank(self) -> int:
        """Position in the order trainee < trainer < head < admin."""
        return list(Role).index(self)

    def at_least(self, other: Role) -> bool:
        """True when this role may do what `other` may."""
        return self.rank >= other.rank
