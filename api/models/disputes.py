"""Disputes: a rep's objection to a score, and the trainer's decision."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import sqlalchemy as sa
from pydantic import Field as PydanticField
from pydantic import StringConstraints
from sqlmodel import Field, SQLModel

from api.models.base import Id, json_column, utc_column
from api.models.training import AnswerPublic

Comment = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class Dispute(SQLModel, table=True):
    """A rep's objection to a score; the decision keeps the original score, reviewer and time."""

    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="answer.id", unique=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    comment: str = Field(sa_type=sa.Text)
    status: str = Field(default="open", max_length=16, index=True)  # open | accepted | rejected
    original_score: int
    new_score: int | None = None
    reason: str | None = Field(default=None, sa_type=sa.Text)
    reviewer_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_column=utc_column())
    reviewed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # The trainer's ticks of the answer's key points, in the feedback's order, when the decision corrected them;
    # the scorer's own ticks stay in the answer's feedback.
    key_points: list[bool] | None = Field(default=None, sa_column=json_column(nullable=True))


class DisputeCreate(SQLModel):
    answer_id: Id
    comment: Comment


KeyPointTicks = Annotated[list[bool], PydanticField(max_length=20)]  # a step holds at most 20 key points


class DisputeAccept(SQLModel):
    new_score: int = Field(ge=0, le=100)
    reason: Comment
    key_points: KeyPointTicks | None = None  # the trainer's ticks, one per key point of the feedback


class DisputeReject(SQLModel):
    reason: Comment
    key_points: KeyPointTicks | None = None


class DisputePublic(SQLModel):
    id: int
    answer_id: int
    user_id: int
    comment: str
    status: str
    original_score: int
    new_score: int | None
    reason: str | None
    reviewer_id: int | None
    created_at: datetime
    reviewed_at: datetime | None
    key_points: list[bool] | None = None  # the trainer's ticks, when the decision corrected the scorer's
    answer: AnswerPublic | None = None
    customer_line: str | None = None  # the customer's words the answer replied to, as that version had them
