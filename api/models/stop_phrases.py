"""The company's stop phrases: checked in every answer on top of each step's red flags (docs/scoring.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import sqlalchemy as sa
from pydantic import ConfigDict, StringConstraints
from sqlmodel import Field, SQLModel

from api.models.base import utc_column

Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class StopPhraseBase(SQLModel):
    phrase: Phrase
    label: Label
    penalty: int = Field(default=10, ge=0, le=100)
    critical: bool = False
    language: Literal["ru", "en"] | None = None  # None: every language


class StopPhrase(StopPhraseBase, table=True):
    __tablename__ = "stop_phrase"

    id: int | None = Field(default=None, primary_key=True)
    phrase: str = Field(max_length=200)
    label: str = Field(max_length=100)
    language: Literal["ru", "en"] | None = Field(default=None, sa_type=sa.String(2))
    updated_at: datetime = Field(sa_column=utc_column())
    updated_by_id: int | None = Field(default=None, foreign_key="user.id")


class StopPhraseCreate(StopPhraseBase):
    pass


class StopPhraseUpdate(SQLModel):
    phrase: Phrase | None = None
    label: Label | None = None
    penalty: int | None = Field(default=None, ge=0, le=100)
    critical: bool | None = None
    language: Literal["ru", "en"] | None = None


class StopPhrasePublic(StopPhraseBase):
    id: int
    updated_at: datetime


class StopPhraseList(SQLModel):
    """The whole list, as exported and imported: `parry-stop-phrases: 1` names the format."""

    parry_stop_phrases: Literal[1] = Field(default=1, alias="parry-stop-phrases")
    phrases: list[StopPhraseCreate] = Field(max_length=1000)


class StopPhraseEntry(StopPhraseCreate):
    """One stop phrase of an imported file: a field the format does not have is an error."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # sqlmodel types it as its own dict


class StopPhraseFile(SQLModel):
    """An imported file, read strictly: `parry-stop-phrases: 1` and `phrases`, nothing else."""

    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]  # sqlmodel types it as its own dict

    parry_stop_phrases: Literal[1] = Field(alias="parry-stop-phrases")
    phrases: list[StopPhraseEntry] = Field(max_length=1000)
