"""The scenario format: one schema for YAML and JSON files, strict (unknown fields are errors)."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from scenarios.messages import refusal
from scoring.types import DEFAULT_PASS_MARK, DEFAULT_PENALTY
from scoring.types import Language as Language  # the scenario format speaks the scorer's languages

END = "end"
"""The follow-up target that closes the conversation."""

Category = Literal[
    "price",
    "competitor",
    "timing",
    "authority",
    "no_need",
    "trust",
    "send_info",
    "think_about_it",
    "custom",
]
CATEGORIES: tuple[Category, ...] = get_args(Category)
Difficulty = Literal["easy", "medium", "hard"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", strip_whitespace=True)]
Grade = Annotated[int, Field(ge=0, le=100)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Persona(_Strict):
    """Who the customer is: shown to the rep before the conversation starts."""

    role: ShortText
    company: ShortText
    temperament: ShortText


class KeyPoint(_Strict):
    """A short statement a good answer covers; `examples` are phrasings that express it."""

    text: ShortText
    weight: float = Field(default=1.0, gt=0, le=10)
    examples: list[Text] = Field(default_factory=list, max_length=10)


class RedFlag(_Strict):
    """Something that must not be said, matched by phrase (any word form) and/or by meaning."""

    label: ShortText
    phrases: list[ShortText] = Field(default_factory=list, max_length=30)
    meaning: Text | None = None
    penalty: int = Field(default=DEFAULT_PENALTY, ge=0, le=100)
    critical: bool = False
    reaction: Text | None = None  # what the customer says when an answer with this flag fails (names what was said)

    @model_validator(mode="after")
    def _needs_a_matcher(self) -> RedFlag:
        if not self.phrases and self.meaning is None:
            raise refusal("red_flag_empty")
        return self


class Sample(_Strict):
    """A graded sample answer: calibrates the scorer for its step. `covers`, when given, numbers the step's key
    points (from 1) that the answer covers in the trainer's judgement: `parry eval` measures key-point
    detection against it."""

    answer: Text
    grade: Grade
    covers: list[Annotated[int, Field(ge=1, le=20)]] | None = Field(default=None, max_length=20)


class FollowUps(_Strict):
    """Where the conversation goes after this step: a step id or `end`. No `weak` (or this step's own id): a weak
    answer gets the step's push-back and the rep answers this step again."""

    strong: Slug
    weak: Slug | None = None


class Step(_Strict):
    """One objection step: the customer's line and how a good answer looks."""

    id: Slug
    category: Category
    custom_category: ShortText | None = None
    customer_line: Text
    pushback: Text | None = None  # the customer's push-back after a weak answer; the rep answers this step again
    references: list[Text] = Field(min_length=2, max_length=20)
    key_points: list[KeyPoint] = Field(default_factory=list, max_length=20)
    red_flags: list[RedFlag] = Field(default_factory=list, max_length=30)
    hints: list[Text] = Field(default_factory=list, max_length=10)
    samples: list[Sample] = Field(default_factory=list, max_length=50)
    follow_ups: FollowUps | None = None
    pass_mark: Grade | None = None

    @model_validator(mode="after")
    def _custom_category_named(self) -> Step:
        if self.category == "custom" and not self.custom_category:
            raise refusal("custom_category_missing")
        if self.category != "custom" and self.custom_category:
            raise refusal("custom_category_unexpected")
        return self


class Endings(_Strict):
    """What the customer says when the conversation ends: won (every objection handled) or lost."""

    won: Text | None = None
    lost: Text | None = None

    @model_validator(mode="after")
    def _says_something(self) -> Endings:
        if self.won is None and self.lost is None:
            raise refusal("endings_empty")
        return self


class Scenario(_Strict):
    """One scripted customer conversation."""

    id: Slug
    title: ShortText
    language: Language
    context: Text
    persona: Persona
    difficulty: Difficulty = "medium"
    tags: list[ShortText] = Field(default_factory=list, max_length=20)
    pass_mark: Grade = DEFAULT_PASS_MARK
    closing_line: Text | None = None  # the won ending, as files written before `endings` give it
    endings: Endings | None = None
    steps: list[Step] = Field(min_length=1, max_length=100)

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError if none)."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def next_step_id(self, step_id: str, *, strong: bool) -> str:
        """Where the conversation goes after an answer to `step_id`: a step id (this one again for a push-back) or
        END. The whole rule, with critical red flags and two weak answers, is `scenarios.conversation.reply`."""
        index = next(i for i, s in enumerate(self.steps) if s.id == step_id)
        step = self.steps[index]
        if not strong:
            weak = step.follow_ups.weak if step.follow_ups is not None else None
            return weak or step.id
        if step.follow_ups is not None:
            return step.follow_ups.strong
        return self.steps[index + 1].id if index + 1 < len(self.steps) else END

    def ending(self, outcome: str) -> str | None:
        """The customer's last words for an outcome (`won` or `lost`) as the file gives them, or None."""
        if outcome == "won":
            return (self.endings.won if self.endings else None) or self.closing_line
        return self.endings.lost if self.endings else None
