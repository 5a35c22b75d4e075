"""Cyclic training: review cards (spaced repetition per rep × objection step), training cycles and their
transitions, certificates, scores of graded sample answers; and the rep's progress as the API shows it."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from api.models.base import Id, json_column, utc_column
from api.models.delivery import DeliveryAverages

# --- spaced repetition -------------------------------------------------------------------------------------------


class ReviewCard(SQLModel, table=True):
    """The FSRS memory state of one objection step for one rep. A step is `scenario_id` + `step_id`, so the
    card survives new versions of the scenario. `state`, `learning_step`, `stability`, `difficulty`, `due`
    and `last_review` are FSRS's own card fields; a card that was never reviewed (a step a failed test made
    due) has no stability yet."""

    __tablename__ = "review_card"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "scenario_id", "step_id", name="uq_review_card_step"),
        sa.Index("ix_review_card_user_due", "user_id", "due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    scenario_id: int = Field(foreign_key="scenario.id", index=True)
    step_id: str = Field(max_length=64)
    category: str = Field(max_length=32)
    state: int = 1  # fsrs.State: 1 learning, 2 review, 3 relearning
    learning_step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime = Field(sa_column=utc_column())
    last_review: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    reviews: int = 0
    lapses: int = 0
    last_score: int | None = None
    first_reviewed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_at: datetime = Field(sa_column=utc_column())


# --- training cycles ---------------------------------------------------------------------------------------------


class CycleState(StrEnum):
    """Where a rep stands in a cycle of a track."""

    practising = "practising"
    test_available = "test_available"
    passed = "passed"
    failed = "failed"
    expiring = "expiring"
    expired = "expired"


class CycleKind(StrEnum):
    """Why a cycle started: the track was assigned, a test failed, or a certificate expired."""

    initial = "initial"
    retry = "retry"
    recertification = "recertification"


class TrainingCycle(SQLModel, table=True):
    """One cycle of a rep on an assigned track: practice, then the test, then a certificate or a new cycle.

    The rules a cycle runs by are copied when it starts (as a test copies its track's rules): how many
    practice answers each step needs before the test, and how many days before expiry the warning starts.
    `focus` lists the steps (`"scenario_id/step_id"`) a retry cycle practises; empty means the whole track.
    """

    __tablename__ = "training_cycle"
    __table_args__ = (sa.UniqueConstraint("user_id", "track_id", "number", name="uq_training_cycle_number"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    track_id: int = Field(foreign_key="track.id", index=True)
    number: int
    kind: str = Field(max_length=16)
    state: str = Field(max_length=16, index=True)
    focus: list[str] = Field(default_factory=list, sa_column=json_column())
    practice_needed: int
    warning_days: int
    started_at: datetime = Field(sa_column=utc_column())
    test_available_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    test_id: int | None = Field(default=None, foreign_key="test.id")
    certificate_id: int | None = Field(default=None, foreign_key="certificate.id")
    ended_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    updated_at: datetime = Field(sa_column=utc_column())


class CycleTransition(SQLModel, table=True):
    """A change of a cycle's state: when the rule fired, from which state, to which, and why."""

    __tablename__ = "cycle_transition"

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="training_cycle.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    track_id: int = Field(foreign_key="track.id")
    from_state: str | None = Field(default=None, max_length=16)
    to_state: str = Field(max_length=16)
    at: datetime = Field(sa_column=utc_column())
    cause: str = Field(max_length=300)
    test_id: int | None = Field(default=None, foreign_key="test.id")


class Certificate(SQLModel, table=True):
    """A passed test's certificate: valid until `expires_at`; the expiry warning starts at `warning_at`."""

    __table_args__ = (sa.Index("ix_certificate_user_track", "user_id", "track_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    track_id: int = Field(foreign_key="track.id", index=True)
    track_version_id: int = Field(foreign_key="track_version.id")
    test_id: int = Field(foreign_key="test.id", unique=True)
    score: float
    issued_at: datetime = Field(sa_column=utc_column())
    warning_at: datetime = Field(sa_column=utc_column())
    expires_at: datetime = Field(sa_column=utc_column())


class SampleScore(SQLModel, table=True):
    """The scorer's score of a step's graded sample answer, scored with that sample left out of the step's
    calibration (so the score is honest); computed once per published version and model."""

    __tablename__ = "sample_score"
    __table_args__ = (
        sa.UniqueConstraint("scenario_version_id", "step_id", "sample_index", "model", name="uq_sample_score"),
    )

    id: int | None = Field(default=None, primary_key=True)
    scenario_version_id: int = Field(foreign_key="scenario_version.id", index=True)
    scenario_id: int = Field(foreign_key="scenario.id")
    step_id: str = Field(max_length=64)
    sample_index: int
    grade: int
    score: int
    model: str = Field(max_length=200)
    scored_at: datetime = Field(sa_column=utc_column())


# --- what the API shows ------------------------------------------------------------------------------------------


class DrillItem(SQLModel):
    """A step in today's drill: `due` (scheduled for review) or `new` (never practised)."""

    kind: str
    scenario_id: int
    scenario_title: str
    step_id: str
    category: str
    customer_line: str
    due: datetime | None
    retrievability: float | None
    focus: bool


class TodayPublic(SQLModel):
    """Today's drill (days are UTC days): due steps, lowest retrievability first, then new steps."""

    day: date
    due_count: int
    new_count: int
    new_left_today: int
    items: list[DrillItem]


class StartDrillAt(SQLModel):
    """Start a drill at a step of today's drill: the first one when no step is named."""

    scenario_id: Id | None = None
    step_id: str | None = Field(default=None, max_length=64)


class StreakPublic(SQLModel):
    """Consecutive UTC days with practice, up to today (or yesterday when today has none yet)."""

    current: int
    longest: int
    practised_today: bool
    last_day: date | None


class StepMastery(SQLModel):
    """How well a rep holds one step: FSRS retrievability now and the latest practice scores."""

    scenario_id: int
    scenario_title: str
    step_id: str
    customer_line: str = ""  # what people read for the step; the id is for machines
    category: str
    state: str
    retrievability: float | None
    stability_days: float | None
    due: datetime | None
    reviews: int
    lapses: int
    recent_scores: list[int]
    recent_mean: float | None


class TrendPoint(SQLModel):
    """Practice scores of one week (starting Monday)."""

    week: date
    answers: int
    mean_score: float


class ExamSummary(SQLModel):
    id: int
    track_id: int
    track_name: str
    number: int
    status: str
    score: float | None
    passed: bool | None
    started_at: datetime
    finished_at: datetime | None


class CertificatePublic(SQLModel):
    """A certificate and where it stands now: `valid`, `expiring` (in the warning window) or `expired`."""

    id: int
    track_id: int
    track_name: str
    test_id: int
    score: float
    status: str
    issued_at: datetime
    warning_at: datetime
    expires_at: datetime


class TransitionPublic(SQLModel):
    from_state: str | None
    to_state: str
    at: datetime
    cause: str
    test_id: int | None


class StepPractice(SQLModel):
    """Practice answers a cycle counted for one step, against what it needs."""

    scenario_id: int
    step_id: str
    done: int
    needed: int


class CyclePublic(SQLModel):
    """A training cycle with its history."""

    id: int
    track_id: int
    track_name: str
    number: int
    kind: str
    state: str
    focus: list[str]
    practice_needed: int
    started_at: datetime
    test_available_at: datetime | None
    ended_at: datetime | None
    certificate_id: int | None
    practice: list[StepPractice]
    transitions: list[TransitionPublic]


class RepProgress(SQLModel):
    """Everything about one rep's training."""

    user_id: int
    name: str
    team_id: int | None
    today: TodayPublic
    streak: StreakPublic
    mastery: list[StepMastery]
    trend: list[TrendPoint]
    tests: list[ExamSummary]
    certificates: list[CertificatePublic]
    cycles: list[CyclePublic]
    delivery: DeliveryAverages | None = None  # spoken answers of the last 30 days (api/services/delivery.py)
