"""Training: drills (practice) and scored answers. Tests (exams) are in `exams.py`, disputes in `disputes.py`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from pydantic import StringConstraints
from sqlmodel import Field, SQLModel

from api.models.base import Id, NotBlank, json_column, utc_column
from api.models.drill_summary import DrillSummary

AnswerText = Annotated[str, StringConstraints(max_length=2000), NotBlank]
StepId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]

# --- practice ----------------------------------------------------------------------------------------------------


class Drill(SQLModel, table=True):
    """A rep's practice conversation on one scenario version, following its branches until it is won or lost
    (scenarios/conversation.py). `turns`: what the customer said to each answer; `summary`: a `DrillSummary`."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    scenario_id: int = Field(foreign_key="scenario.id", index=True)
    scenario_version_id: int = Field(foreign_key="scenario_version.id", index=True)
    current_step_id: str = Field(max_length=64)
    last_step_id: str | None = Field(default=None, max_length=64)
    started_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())
    finished_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    outcome: str | None = Field(default=None, max_length=8)  # won | lost, once finished
    current_line: str | None = Field(default=None, sa_type=sa.Text)  # the push-back asking the current step again
    turns: list[dict[str, Any]] | None = Field(default=None, sa_column=json_column(nullable=True))
    summary: dict[str, Any] | None = Field(default=None, sa_column=json_column(nullable=True))


class DrillCreate(SQLModel):
    """Start a drill on a scenario's latest published version, or on an older `version` number."""

    scenario_id: Id
    version: Id | None = None


class StepPublic(SQLModel):
    """A step as the rep sees it before answering; `hints` only in practice."""

    id: str
    category: str
    custom_category: str | None = None
    customer_line: str
    hints: list[str] = []


class DrillPublic(SQLModel):
    id: int
    scenario_id: int
    scenario_version_id: int
    title: str
    language: str
    context: str
    persona: dict[str, str]
    status: Literal["active", "finished"]
    current_step: StepPublic | None
    last_step_id: str | None
    closing_line: str | None  # the customer's last words, once finished
    outcome: Literal["won", "lost"] | None = None
    started_at: datetime
    finished_at: datetime | None
    history: list[DrillTurn] = []  # oldest first; filled by GET /drills/{id} only
    drill_summary: DrillSummary | None = None  # once finished; filled by GET /drills/{id} only


class AnswerCreate(SQLModel):
    """An answer to a drill's current step, or again to the step just answered (a retry)."""

    step_id: StepId
    answer: AnswerText


# --- scored answers ---------------------------------------------------------------------------------------------


# what the reports read of an answer (see the index below)
REPORTED_COLUMNS = ["user_id", "test_id", "kind", "scenario_id", "step_id", "category", "score", "final_score"]
REPORTED_COLUMNS += ["passed", "pass_mark"]
PRACTICE_PASSES = sa.text("kind = 'practice' AND passed AND NOT retry")  # passes that count towards mastery


class Answer(SQLModel, table=True):
    """One scored answer: practice or test. `score` is the scorer's and never changes; `final_score` is the
    score after an accepted dispute."""

    __table_args__ = (
        # a rep's answers of a period; on PostgreSQL it covers them too (the team screen's per-rep aggregate)
        sa.Index("ix_answer_user_created", "user_id", "created_at", postgresql_include=REPORTED_COLUMNS[1:]),
        # reports scan a period of every team's answers: on PostgreSQL this index covers them (index-only scans)
        sa.Index("ix_answer_created_at", "created_at", postgresql_include=REPORTED_COLUMNS),
        # the team screen's mastery reads: a step's first and last pass before a week, two probes per step
        sa.Index(
            "ix_answer_practice_passes",
            "user_id",
            "scenario_id",
            "step_id",
            "created_at",
            postgresql_where=PRACTICE_PASSES,
            sqlite_where=PRACTICE_PASSES,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    kind: str = Field(max_length=16)  # practice | test
    drill_id: int | None = Field(default=None, foreign_key="drill.id", index=True)
    test_id: int | None = Field(default=None, foreign_key="test.id", index=True)
    scenario_id: int = Field(foreign_key="scenario.id", index=True)
    scenario_version_id: int = Field(foreign_key="scenario_version.id", index=True)
    step_id: str = Field(max_length=64)
    category: str = Field(max_length=32)
    text: str = Field(sa_type=sa.Text)
    score: int
    passed: bool
    pass_mark: int
    final_score: int
    retry: bool = False
    result: dict[str, Any] = Field(sa_column=json_column())
    model: str = Field(max_length=200)
    created_at: datetime = Field(sa_column=utc_column())
    # a spoken answer: `text` is its transcript; delivery figures, word timings (api/services/voice.py)
    delivery: dict[str, Any] | None = Field(default=None, sa_column=json_column(nullable=True))


class AnswerAudio(SQLModel, table=True):
    """The recording of a spoken answer, kept in the database beside it: written in the answer's transaction (a
    refused upload stores nothing), read only by whoever may read the answer, gone with the answer or its user."""

    __tablename__ = "answer_audio"

    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("answer.id", ondelete="CASCADE"), nullable=False, unique=True)
    )
    user_id: int = Field(sa_column=sa.Column(sa.ForeignKey("user.id", ondelete="CASCADE"), nullable=False, index=True))
    content_type: str = Field(max_length=64)
    size: int
    duration_s: float
    data: bytes = Field(sa_column=sa.Column(sa.LargeBinary(), nullable=False))
    created_at: datetime = Field(sa_column=utc_column(index=True))


class AnswerRedFlag(SQLModel, table=True):
    """A red flag found in a stored answer, one row per hit, for the reports to count (the answer's `result` keeps
    the whole explanation). `phrase`: the company stop phrase that matched, when the hit is one."""

    __tablename__ = "answer_red_flag"

    id: int | None = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="answer.id", index=True)
    source: str = Field(max_length=16)  # step | company | tone
    label: str = Field(max_length=200)
    phrase: str | None = Field(default=None, max_length=200)
    words: str = Field(max_length=200)  # as said, cut to 200 characters
    penalty: int
    critical: bool


class KeyPointFeedback(SQLModel):
    text: str
    weight: float
    covered: bool
    sentence: str | None
    start: int | None
    end: int | None
    refused: bool = False  # a clause of the answer refuses what this key point asks


class RedFlagFeedback(SQLModel):
    label: str
    penalty: int
    critical: bool
    matched_by: str
    words: str
    start: int
    end: int
    source: str = "step"  # the step's red flag, a company stop phrase ("company"), or the tone check ("tone")


class Feedback(SQLModel):
    """Why the answer got its score."""

    reason_code: str | None
    reason: str | None
    best_reference: int | None
    best_reference_text: str | None
    meaning: float
    key_point_coverage: float | None
    key_points: list[KeyPointFeedback]
    red_flags: list[RedFlagFeedback]
    penalty: int


class FillerPublic(SQLModel):
    phrase: str
    count: int


class DeliveryPublic(SQLModel):
    """How a spoken answer was said (voice/delivery.py): shown beside the score against `norms`; never part of it.
    `talk_time_s`: first word to last; `longest_pause_s`: the longest silence between two words."""

    duration_s: float
    words: int
    talk_time_s: float
    words_per_minute: float
    fillers: list[FillerPublic]
    filler_count: int
    fillers_per_minute: float
    longest_pause_s: float
    longest_pause_after: str | None
    norms: dict[str, float]


class AnswerPublic(SQLModel):
    """A stored answer with its score; `feedback` is null for a test answer until the test is finished. A spoken
    answer (`mode` voice) has its transcript as `text`, its `delivery`, and its recording at `audio_url`."""

    id: int
    user_id: int
    kind: str
    drill_id: int | None
    test_id: int | None
    scenario_id: int
    scenario_version_id: int
    step_id: str
    category: str
    text: str
    score: int | None
    final_score: int | None
    passed: bool | None
    pass_mark: int
    retry: bool
    created_at: datetime
    feedback: Feedback | None
    dispute_id: int | None = None
    drill_summary: DrillSummary | None = None  # on the answer that ended its drill
    mode: Literal["text", "voice"] = "text"
    delivery: DeliveryPublic | None = None  # a spoken answer's, revealed with its feedback
    audio_url: str | None = None


class DrillTurn(SQLModel):
    """One answer of a drill with the customer line it answered (the push-back, when the step was asked again) and
    the customer's `reaction` to it (a red flag's, said before what comes next), to show the conversation again.
    `kind`: the first answer to the line, the answer to the push-back, or a retry (practice only)."""

    customer_line: str
    reaction: str | None = None
    kind: Literal["first", "pushback", "retry"] = "first"
    answer: AnswerPublic


DrillPublic.model_rebuild()  # its history refers to the answer models defined above


class TryResult(SQLModel):
    """A score of an answer that is not stored (trying a step while editing it)."""

    score: int
    passed: bool
    pass_mark: int
    feedback: Feedback


class PracticeFeedback(SQLModel):
    """The reply to a practice answer: the stored answer, hints, and what the customer says: `reaction` first (a red
    flag's), then the next step (its line is the push-back when the step is asked again) or the `closing_line`.
    `branch`: the step's follow-up taken (`strong`, `weak`), on to the next step in order (`in_order`), the same step
    pushed back (`pushback`), the conversation lost on this answer (`lost`), or a retry that moves nothing
    (`retry`). The last answer brings the `drill_summary`."""

    answer: AnswerPublic
    hints: list[str]
    next_step: StepPublic | None
    reaction: str | None = None
    closing_line: str | None
    outcome: Literal["won", "lost"] | None = None
    drill: DrillPublic
    branch: Literal["strong", "weak", "in_order", "pushback", "lost", "retry"]
    drill_summary: DrillSummary | None = None
