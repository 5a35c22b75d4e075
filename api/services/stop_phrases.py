"""The company's stop-phrase list: read for every scored answer, edited by trainers and heads, exported and
imported whole. A new database starts with the stop phrases Parry ships (migration 0003, `scoring.stop_phrases`)."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlmodel import Session, col, delete, select

from api.errors import NotFoundError
from api.models import StopPhrase, User
from api.models.stop_phrases import StopPhraseCreate, StopPhraseList, StopPhraseUpdate
from scenarios.convert import step_spec
from scenarios.schema import Scenario, Step
from scoring import types as scoring_types
from scoring.types import StepSpec


def list_phrases(session: Session) -> list[StopPhrase]:
    """Every stop phrase, by language, label and phrase."""
    order = (col(StopPhrase.language), col(StopPhrase.label), col(StopPhrase.phrase), col(StopPhrase.id))
    return list(session.exec(select(StopPhrase).order_by(*order)).all())


def for_scoring(session: Session) -> tuple[scoring_types.StopPhrase, ...]:
    """The list as the scorer takes it."""
    return tuple(
        scoring_types.StopPhrase(p.phrase, p.label, p.penalty, p.critical, p.language) for p in list_phrases(session)
    )


def spec_for(session: Session, document: Scenario, step: Step) -> StepSpec:
    """The scorer's input for a step, with the company's stop phrases."""
    return dataclasses.replace(step_spec(document, step), stop_phrases=for_scoring(session))


def get_phrase(session: Session, *, phrase_id: int) -> StopPhrase:
    """One stop phrase, or 404."""
    phrase = session.get(StopPhrase, phrase_id)
    if phrase is None:
        raise NotFoundError(f"no stop phrase with id {phrase_id}")
    return phrase


def create_phrase(session: Session, *, data: StopPhraseCreate, user: User, now: datetime) -> StopPhrase:
    """Add a stop phrase."""
    phrase = StopPhrase.model_validate(data, update={"updated_at": now, "updated_by_id": user.id})
    session.add(phrase)
    session.commit()
    session.refresh(phrase)
    return phrase


def update_phrase(
    session: Session, *, phrase: StopPhrase, data: StopPhraseUpdate, user: User, now: datetime
) -> StopPhrase:
    """Change a stop phrase; fields not sent stay (`language: null` means every language)."""
    changes = data.model_dump(exclude_unset=True)
    for field in ("phrase", "label", "penalty", "critical"):
        if changes.get(field, ...) is None:
            changes.pop(field)
    phrase.sqlmodel_update(changes)
    phrase.updated_at, phrase.updated_by_id = now, user.id
    session.add(phrase)
    session.commit()
    session.refresh(phrase)
    return phrase


def delete_phrase(session: Session, *, phrase: StopPhrase) -> None:
    """Remove a stop phrase."""
    session.delete(phrase)
    session.commit()


def replace_all(session: Session, *, data: StopPhraseList, user: User, now: datetime) -> list[StopPhrase]:
    """Replace the whole list (an import): all of it or, when anything is invalid, nothing."""
    session.exec(delete(StopPhrase))
    for item in data.phrases:
        session.add(StopPhrase.model_validate(item, update={"updated_at": now, "updated_by_id": user.id}))
    session.commit()
    return list_phrases(session)


def export_list(session: Session) -> StopPhraseList:
    """The whole list in the import format."""
    return StopPhraseList(
        phrases=[StopPhraseCreate.model_validate(p, from_attributes=True) for p in list_phrases(session)]
    )
