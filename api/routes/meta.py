"""What the browser must agree with the server on: categories, roles, languages and the defaults of scoring and
tracks, read from the Python constants so that the interface repeats none of them."""

from __future__ import annotations

from typing import get_args

from annotated_types import Ge, Le
from fastapi import APIRouter
from sqlmodel import SQLModel

from api.models import Role
from api.models.content import TrackRules
from api.models.stop_phrases import StopPhraseBase
from scenarios.schema import CATEGORIES, Category, Difficulty
from scoring.types import DEFAULT_PASS_MARK, DEFAULT_PENALTY, LANGUAGES, Language

router = APIRouter(tags=["meta"])


class NumberRule(SQLModel):
    """A number a trainer sets: what a new one holds, and the bounds the server accepts."""

    default: int
    min: int
    max: int


class Meta(SQLModel):
    pass_mark: int  # an answer passes at this score unless its scenario or step sets another
    penalty: int  # what a red flag takes off the score unless it says otherwise
    stop_phrase_penalty: int  # what a new stop phrase takes off
    languages: list[Language]
    categories: list[Category]  # in the order the interface lists them
    difficulties: list[Difficulty]
    roles: list[Role]  # from least to most allowed
    track_rules: dict[str, NumberRule]  # a track's numbers (test_size, pass_mark, floor…), in the form's order


def _track_rules() -> dict[str, NumberRule]:
    """The int fields of TrackRules with their defaults and bounds."""
    rules = {}
    for name, info in TrackRules.model_fields.items():
        low = next((m.ge for m in info.metadata if isinstance(m, Ge)), None)
        high = next((m.le for m in info.metadata if isinstance(m, Le)), None)
        if info.annotation is int and low is not None and high is not None:
            rules[name] = NumberRule(default=info.default, min=int(low), max=int(high))  # type: ignore[call-overload]
    return rules


META = Meta(
    pass_mark=DEFAULT_PASS_MARK,
    penalty=DEFAULT_PENALTY,
    stop_phrase_penalty=StopPhraseBase.model_fields["penalty"].default,
    languages=list(LANGUAGES),
    categories=list(CATEGORIES),
    difficulties=list(get_args(Difficulty)),
    roles=list(Role),
    track_rules=_track_rules(),
)


@router.get("/meta", response_model=Meta)
def meta() -> Meta:
    """Anyone may ask; no login needed: the same for every caller, and nothing in it is private."""
    return META
