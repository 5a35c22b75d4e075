"""What the head of sales' and trainers' reports return (no tables of their own)."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel


class ReportPeriod(SQLModel):
    """The team and the days (UTC, both ends included) a report covers."""

    team_id: int | None
    since: date
    until: date


class CertificationCell(SQLModel):
    """One rep on one track.

    `status`: `certified`, `expiring`, `expired`, `failed` (the last test failed, no valid certificate),
    `in_progress` or `not_started`; `cycle_state` is the state of the current cycle.
    """

    track_id: int
    track_name: str
    status: str
    cycle_state: str | None
    cycle_number: int | None
    certified_at: datetime | None
    expires_at: datetime | None
    last_test_at: datetime | None
    last_test_score: float | None
    tests_taken: int


class CertificationRow(SQLModel):
    user_id: int
    name: str
    email: str
    team_id: int | None
    team_name: str | None
    tracks: list[CertificationCell]


class Column(SQLModel):
    """What heads a column of a matrix: an id and a name."""

    id: int
    name: str


class TrackColumn(Column):
    """A track heading a column of the certification matrix or the team screen."""


class TeamColumn(Column):
    """A team heading a column of the heat map."""


class CertificationMatrix(SQLModel):
    """Reps × assigned tracks."""

    team_id: int | None
    tracks: list[TrackColumn]
    rows: list[CertificationRow]


class HeatCell(SQLModel):
    """Answers of one team in one objection category within the period."""

    team_id: int
    team_name: str
    category: str
    answers: int
    reps: int
    mean_score: float


class HeatMap(SQLModel):
    period: ReportPeriod
    teams: list[TeamColumn]
    categories: list[str]
    cells: list[HeatCell]


class WeakStep(SQLModel):
    """An objection step with its answers in the period, weakest (lowest mean) first."""

    scenario_id: int
    scenario_title: str
    step_id: str
    category: str
    customer_line: str
    answers: int
    reps: int
    mean_score: float
    pass_rate: float


class WeakestSteps(SQLModel):
    period: ReportPeriod
    steps: list[WeakStep]


class ActivityWeek(SQLModel):
    """Practice in one week (starting Monday)."""

    week: date
    practice_answers: int
    test_answers: int
    active_reps: int
    mean_practice_score: float | None


class Activity(SQLModel):
    period: ReportPeriod
    weeks: list[ActivityWeek]


class DrillDownAnswer(SQLModel):
    """One answer of a rep."""

    id: int
    created_at: datetime
    kind: str
    scenario_id: int
    scenario_title: str
    step_id: str
    category: str
    text: str
    score: int
    final_score: int
    passed: bool
    test_id: int | None
    disputed: bool


class DrillDown(SQLModel):
    user_id: int
    name: str
    period: ReportPeriod
    answers: list[DrillDownAnswer]


class StopPhraseUse(SQLModel):
    """A stop phrase (or another red flag) the reps used in the period. `phrase`: the company stop phrase (null
    for a step's red flag, the tone check, or a hit stored before stop phrases were named); `words`: what the reps
    said most often (at most three forms)."""

    source: str
    label: str
    phrase: str | None
    answers: int
    reps: int
    last_used: datetime
    words: list[str]


class StopPhrasesUsed(SQLModel):
    """The red flags of `source` most used in the period, most answers first; `answers`: the answers counted,
    `flagged_answers`: how many of them have at least one."""

    period: ReportPeriod
    source: str
    answers: int
    flagged_answers: int
    phrases: list[StopPhraseUse]


class StepAgreement(SQLModel):
    """How the scorer agrees with trainers on one step: pairs from decided disputes (the scorer's original
    score against the trainer's: the new score, or the same score when the dispute was rejected) and from
    graded sample answers (each scored with itself left out of the calibration)."""

    scenario_id: int
    scenario_title: str
    step_id: str
    customer_line: str = ""  # what people read for the step; the id is for machines
    category: str
    disputes: int
    samples: int
    pairs: int
    mean_abs_difference: float | None
    spearman: float | None


class Agreement(SQLModel):
    steps: list[StepAgreement]
    samples_missing: int


class SampleScoring(SQLModel):
    """Scoring the graded sample answers of the latest published versions, a background job that runs once at a
    time for the whole service."""

    running: bool = Field(description="a job is scoring the samples now (in any worker)")
    started: bool = Field(default=False, description="this request started it (POST); false: it joined one")
    samples: int = Field(description="graded sample answers of the latest published versions")
    scored: int = Field(description="of them, scored by the model so far")
    missing: int = Field(description="of them, not scored yet")
