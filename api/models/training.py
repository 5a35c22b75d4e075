"""Training: drills (practice), scored answers, tests (exams) and their items, disputes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from pydantic import Field as PydanticField
from pydantic import StringConstraints
from sqlmodel import Field, SQLModel

from api.models.attempt_requests import AttemptRequestPublic
from api.models.base import Id, NotBlank, json_column, utc_column
from api.models.drill_summary import DrillSummary

AnswerText = Annotated[str, StringConstraints(max_length=2000), NotBlank]
StepId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Comment = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]

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
        sa.Index("ix_answer_user_created", "user_id", "created_at"),
        # reports scan a period of every team's answers: on PostgreSQL this index covers them (index-only scans)
        sa.Index("ix_answer_created_at", "created_at", postgresql_include=REPORTED_COLUMNS),
        # the team screen's mastery reads: a step's first and last pass before a week, two probes per step
        sa.Index("ix_answer_practice_passes", "user_id", "scenario_id", "step_id", "created_at",
                 postgresql_where=PRACTICE_PASSES, sqlite_where=PRACTICE_PASSES),
    )  # fmt: skip

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


# --- tests -------------------------------------------------------------------------------------------------------


class Test(SQLModel, table=True):
    """One attempt at a track's test; rules copied from the track version it was started on."""

    __test__ = False
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


class TestItem(SQLModel, table=True):
    """One step drawn for a test. Its timer starts when it is shown."""

    __test__ = False
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


class TestCreate(SQLModel):
    __test__ = False

    track_id: Id


class TestAnswerCreate(SQLModel):
    """An answer to the test item on screen."""

    __test__ = False

    item_id: Id
    answer: AnswerText


class TestItemPublic(SQLModel):
    """A test item: the customer's line while it is open; the score and feedback once the test is over."""

    __test__ = False

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


class TestPublic(SQLModel):
    __test__ = False

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
    current_item: TestItemPublic | None
    items: list[TestItemPublic] | None


class TestAvailability(SQLModel):
    """May the rep start this track's test now; the attempts of the current certification round."""

    __test__ = False

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


class TestAnswerReceipt(SQLModel):
    """The reply to a test answer: stored, no score until the end."""

    __test__ = False

    accepted: bool
    item_id: int
    test: TestPublic


# --- disputes ----------------------------------------------------------------------------------------------------


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
