"""Requests for more test attempts: a rep who has used every attempt of a track's test in this certification round
asks in the app; a trainer of the rep's team (a head of sales, an admin: anyone's) grants extra attempts or
declines, with a note. The extra attempts count in the round the grant falls in (api/services/exams.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import sqlalchemy as sa
from pydantic import Strict, StringConstraints
from sqlmodel import Field, SQLModel

from api.models.base import Id, utc_column

PENDING = sa.text("status = 'pending'")
MAX_EXTRA = 10  # the most attempts one grant adds
RequestStatus = Literal["pending", "granted", "declined"]
Note = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]


class AttemptRequest(SQLModel, table=True):
    """One request: what the rep wrote and their attempts when asking; the decision, who made it and when."""

    __tablename__ = "attempt_request"
    __table_args__ = (
        # one pending request per rep and track: a second is refused (the database decides a race)
        sa.Index(
            "uq_attempt_request_pending",
            "user_id",
            "track_id",
            unique=True,
            postgresql_where=PENDING,
            sqlite_where=PENDING,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    track_id: int = Field(foreign_key="track.id", index=True)
    status: str = Field(default="pending", max_length=16, index=True)  # pending | granted | declined
    message: str | None = Field(default=None, sa_type=sa.Text)  # the rep's words, if any
    attempts_used: int  # of the round, when asking
    attempts_allowed: int  # of the round, when asking
    extra: int | None = None  # attempts added, once granted
    note: str | None = Field(default=None, sa_type=sa.Text)  # the decider's words, if any
    decided_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_column=utc_column())
    decided_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class AttemptRequestCreate(SQLModel):
    """Ask for more attempts at an assigned track's test, with an optional message to the trainer."""

    track_id: Id
    message: Note | None = None


class AttemptGrant(SQLModel):
    """Grant `extra` attempts (1 to 10), with an optional note to the rep."""

    extra: Annotated[int, Strict()] = Field(ge=1, le=MAX_EXTRA)  # a JSON number, not "2"
    note: Note | None = None


class AttemptDecline(SQLModel):
    """Decline, with an optional note to the rep."""

    note: Note | None = None


class AttemptRequestPublic(SQLModel):
    id: int
    user_id: int
    user_name: str
    team_id: int | None
    track_id: int
    track_name: str
    status: RequestStatus
    message: str | None
    attempts_used: int
    attempts_allowed: int
    extra: int | None
    note: str | None
    decided_by_name: str | None
    created_at: datetime
    decided_at: datetime | None
