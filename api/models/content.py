"""Content: scenarios and tracks, each a draft plus immutable published versions; track assignments."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from pydantic import Field as PydanticField
from pydantic import StringConstraints, model_validator
from pydantic_core import PydanticCustomError
from sqlmodel import Field, SQLModel

from api.models.base import Id, NotBlank, json_column, utc_column
from scenarios.schema import Category, Language
from scoring.types import DEFAULT_PASS_MARK

# --- scenarios -------------------------------------------------------------------------------------------------


class ScenarioBase(SQLModel):
    slug: str = Field(max_length=64)
    title: str = Field(max_length=200)
    language: str = Field(max_length=2)
    difficulty: str = Field(max_length=16)


class Scenario(ScenarioBase, table=True):
    """A scenario: its draft (if any) and how many versions were published.

    The searchable columns describe the newest content: the draft when there is one, else the latest version.
    """

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=64, unique=True)
    tags: list[str] = Field(default_factory=list, sa_column=json_column())
    categories: list[str] = Field(default_factory=list, sa_column=json_column())
    tag_index: str = Field(default="", sa_type=sa.Text)
    category_index: str = Field(default="", max_length=400)
    search_text: str = Field(default="", sa_type=sa.Text)
    draft: dict[str, Any] | None = Field(default=None, sa_column=json_column(nullable=True))
    draft_updated_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    latest_version: int = 0
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())


class ScenarioVersion(SQLModel, table=True):
    """A published, immutable version of a scenario: the validated document as JSON."""

    __tablename__ = "scenario_version"
    __table_args__ = (sa.UniqueConstraint("scenario_id", "number", name="uq_scenario_version_number"),)

    id: int | None = Field(default=None, primary_key=True)
    scenario_id: int = Field(foreign_key="scenario.id", index=True)
    number: int
    content: dict[str, Any] = Field(sa_column=json_column())
    title: str = Field(max_length=200)
    language: str = Field(max_length=2)
    difficulty: str = Field(max_length=16)
    tag_index: str = Field(default="", sa_type=sa.Text)
    category_index: str = Field(default="", max_length=400)
    search_text: str = Field(default="", sa_type=sa.Text)
    step_count: int
    published_at: datetime = Field(sa_column=utc_column())
    published_by_id: int | None = Field(default=None, foreign_key="user.id")


class StepOutline(SQLModel):
    """What anyone may know about a step before answering it."""

    id: str
    category: str
    custom_category: str | None = None


class ScenarioSummary(ScenarioBase):
    """A scenario in a list. `version` is the latest published one (null for a draft never published)."""

    id: int
    tags: list[str]
    categories: list[str]
    version: int | None
    has_draft: bool
    updated_at: datetime


class ScenarioIntro(SQLModel):
    """What a rep sees before a conversation: who the customer is, not how to answer."""

    id: int
    slug: str
    version: int
    version_id: int
    title: str
    language: str
    difficulty: str
    context: str
    persona: dict[str, str]
    tags: list[str]
    steps: list[StepOutline]


class ScenarioVersionPublic(SQLModel):
    id: int
    number: int
    title: str
    published_at: datetime
    published_by_id: int | None
    content: dict[str, Any]


class ScenarioDetail(ScenarioSummary):
    """A scenario for its authors: the draft and the latest published content."""

    draft: dict[str, Any] | None
    draft_updated_at: datetime | None
    draft_valid: bool | None = None  # False: a draft saved as it is, which publishing will refuse until fixed
    published: ScenarioVersionPublic | None
    created_at: datetime


class ScenarioFilters(SQLModel):
    """Query filters of the scenario list."""

    language: Language | None = None
    category: Category | None = None
    tag: Annotated[str, StringConstraints(max_length=200)] | None = None
    q: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    include_drafts: bool = True


class ValidationReport(SQLModel):
    """The result of validating a scenario document."""

    ok: bool
    errors: list[dict[str, Any]]


class TryAnswer(SQLModel):
    """Score an answer against a step of an unsaved scenario document (nothing is stored)."""

    scenario: dict[str, Any]
    step_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    answer: Annotated[str, StringConstraints(max_length=2000), NotBlank]


# --- tracks ----------------------------------------------------------------------------------------------------

TrackName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
AnswerMode = Literal["text", "voice", "either"]


class TrackRules(SQLModel):
    """A track's content: which scenarios, and how its test works."""

    name: TrackName
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""
    scenario_ids: list[Id] = PydanticField(min_length=1, max_length=100)
    test_size: int = PydanticField(default=10, ge=1, le=100)
    seconds_per_answer: int = PydanticField(default=120, ge=10, le=1800)
    pass_mark: int = PydanticField(default=DEFAULT_PASS_MARK, ge=0, le=100)
    floor: int = PydanticField(default=40, ge=0, le=100)
    attempts_allowed: int = PydanticField(default=3, ge=1, le=20)
    certificate_valid_days: int = PydanticField(default=180, ge=1, le=3650)
    answer_mode: AnswerMode = "either"  # how the test's answers are given: typed, spoken, or either

    @model_validator(mode="after")
    def _consistent(self) -> TrackRules:
        if self.floor > self.pass_mark:
            raise PydanticCustomError("floor_above_pass_mark", "the floor must not be above the pass mark")
        if len(set(self.scenario_ids)) != len(self.scenario_ids):
            raise PydanticCustomError("scenario_listed_twice", "a scenario is listed twice in scenario_ids")
        return self


class Track(SQLModel, table=True):
    """A track: its draft rules and how many versions were published."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    draft: dict[str, Any] | None = Field(default=None, sa_column=json_column(nullable=True))
    latest_version: int = 0
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())


class TrackVersion(SQLModel, table=True):
    """A published, immutable version of a track's rules; tests point at it."""

    __tablename__ = "track_version"
    __table_args__ = (sa.UniqueConstraint("track_id", "number", name="uq_track_version_number"),)

    id: int | None = Field(default=None, primary_key=True)
    track_id: int = Field(foreign_key="track.id", index=True)
    number: int
    name: str = Field(max_length=200)
    description: str = Field(default="", sa_type=sa.Text)
    scenario_ids: list[int] = Field(default_factory=list, sa_column=json_column())
    test_size: int
    seconds_per_answer: int
    pass_mark: int
    floor: int
    attempts_allowed: int
    certificate_valid_days: int
    answer_mode: str = Field(default="either", max_length=8)  # text | voice | either
    published_at: datetime = Field(sa_column=utc_column())
    published_by_id: int | None = Field(default=None, foreign_key="user.id")


class TrackVersionPublic(TrackRules):
    id: int
    number: int
    published_at: datetime


class TrackPublic(SQLModel):
    """A track: the published rules everyone works with, and the draft for its authors."""

    id: int
    name: str
    version: int | None
    published: TrackVersionPublic | None
    draft: TrackRules | None
    updated_at: datetime


class Assignment(SQLModel, table=True):
    """A track assigned to a whole team or to one rep."""

    __table_args__ = (
        sa.CheckConstraint("(team_id IS NULL) <> (user_id IS NULL)", name="team_or_user"),
        sa.UniqueConstraint("track_id", "team_id", name="uq_assignment_track_team"),
        sa.UniqueConstraint("track_id", "user_id", name="uq_assignment_track_user"),
    )

    id: int | None = Field(default=None, primary_key=True)
    track_id: int = Field(foreign_key="track.id", index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    assigned_by_id: int | None = Field(default=None, foreign_key="user.id")
    assigned_at: datetime = Field(sa_column=utc_column())


class AssignmentCreate(SQLModel):
    """Assign to a team or to a rep: exactly one of the two."""

    team_id: Id | None = None
    user_id: Id | None = None

    @model_validator(mode="after")
    def _one_target(self) -> AssignmentCreate:
        if (self.team_id is None) == (self.user_id is None):
            raise PydanticCustomError("one_target", "give either team_id or user_id, not both and not neither")
        return self


class AssignmentPublic(SQLModel):
    id: int
    track_id: int
    team_id: int | None
    user_id: int | None
    assigned_by_id: int | None
    assigned_at: datetime
