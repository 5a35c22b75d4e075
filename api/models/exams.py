"""Exams (the product and its URLs say "tests") of a track: one attempt, the steps drawn for it, what the rep sees."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from api.models.attempt_requests import AttemptRequestPublic
from api.models.base import Id, utc_column
from api.models.training import AnswerPublic, AnswerText, StepPublic


class Exam(SQLModel, table=True):
    """One attempt at a track's test; rules copied from the track version it was started on."""

    __tablename__ = "test"  # the table keeps the product's word; the class says Exam, which pytest does not collect
    __table_args__ = (sa.UniqueConstraint("user_id", "track_id", "number", name="uq_test_attempt"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    track_id: int = Field(foreign_key="track.id", index=True)
    track_version_id: int = Field(foreign_key="track_version.id")
    number: int
    status: str = Field(max_length=16)  # in_progress | passed | failed
    seconds_per_answer: int
    pass_mark: int
    floor: int
    score: float | None = None
    passed: bool | None = None
    started_at: datetime = Field(sa_column=utc_column())
    finished_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class ExamItem(SQLModel, table=True):
    """One step drawn for a test. Its timer starts when it is shown."""

    __tablename__ = "test_item"
    __table_args__ = (sa.UniqueConstraint("test_id", "position", name="uq_test_item_position"),)

    id: int | None = Field(default=None, primary_key=True)
    test_id: int = Field(foreign_key="test.id", index=True)
    position: int
    scenario_version_id: int = Field(foreign_key="scenario_version.id")
    step_id: str = Field(max_length=64)
    status: str = Field(default="pending", max_length=16)  # pending | answered | timed_out
    shown_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    deadline: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    answer_id: int | None = Field(default=None, foreign_key="answer.id")


class ExamCreate(SQLModel):
    track_id: Id


class ExamAnswerCreate(SQLModel):
    """An answer to the test item on screen."""

    item_id: Id
    answer: AnswerText


class ExamItemPublic(SQLModel):
    """A test item: the customer's line while it is open; the score and feedback once the test is over."""

    id: int
    position: int
    status: str
    scenario_title: str
    language: str  # the scenario's: the customer's line is read aloud in it, a spoken answer transcribed in it
    persona: dict[str, str]
    context: str
    step: StepPublic
    shown_at: datetime | None
    deadline: datetime | None
    answer: AnswerPublic | None = None


class ExamPublic(SQLModel):
    id: int
    track_id: int
    track_version_id: int
    number: int
    status: str
    item_count: int
    answered: int
    seconds_per_answer: int
    pass_mark: int
    floor: int
    score: float | None
    passed: bool | None
    started_at: datetime
    finished_at: datetime | None
    attempts_allowed: int
    answer_mode: Literal["text", "voice", "either"] = "either"  # the track's: typed, spoken or either answers
    current_item: ExamItemPublic | None
    items: list[ExamItemPublic] | None


class ExamAvailability(SQLModel):
    """May the rep start this track's test now; the attempts of the current certification round."""

    track_id: int
    track_name: str
    cycle_state: str | None
    attempts_allowed: int
    attempts_used: int
    attempts_left: int
    running_test_id: int | None
    open: bool
    reason_code: str | None  # practice_needed | certified | no_attempts
    reason: str | None
    practice_missing: int
    steps_short: int
    opens_at: datetime | None
    attempts_granted: int = 0  # of `attempts_allowed`: added by a trainer's grant in this round
    attempt_request: AttemptRequestPublic | None = None  # the pending request, else the latest of this round


class ExamAnswerReceipt(SQLModel):
    """The reply to a test answer: stored, no score until the end."""

    accepted: bool
    item_id: int
    test: ExamPublic
