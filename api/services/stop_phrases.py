"""The company's stop-phrase list: read for every scored answer, edited by trainers and heads, exported and
imported whole. A new database starts with the stop phrases Parry ships (migration 0003, `scoring.stop_phrases`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, delete, select

from api import inputs
from api.errors import ConflictError, InvalidError, NotFoundError, field_error
from api.models import StopPhrase, User
from api.models.stop_phrases import (
    StopPhraseBase,
    StopPhraseCreate,
    StopPhraseFile,
    StopPhraseList,
    StopPhraseUpdate,
)
from scenarios.convert import step_spec
from scenarios.loader import MAX_FILE_BYTES, field_name, load_data
from scenarios.messages import Problem
from scenarios.schema import Scenario, Step
from scoring import types as scoring_types
from scoring.red_flags import AnswerWords, find_phrase, phrase_keys
from scoring.types import StepSpec


def list_phrases(session: Session) -> list[StopPhrase]:
    """Every stop phrase, by language (every language first), label and phrase."""
    language = col(StopPhrase.language).nulls_first()
    order = (language, col(StopPhrase.label), col(StopPhrase.phrase), col(StopPhrase.id))
    return list(session.exec(select(StopPhrase).order_by(*order)).all())


def for_scoring(session: Session) -> tuple[scoring_types.StopPhrase, ...]:
    """The list as the scorer takes it."""
    return tuple(
        scoring_types.StopPhrase(p.phrase, p.label, p.penalty, p.critical, p.language) for p in list_phrases(session)
    )


def spec_for(session: Session, document: Scenario, step: Step) -> StepSpec:
    """The scorer's input for a step, with the company's stop phrases."""
    return dataclasses.replace(step_spec(document, step), stop_phrases=for_scoring(session))


def phrase_said(
    phrases: Sequence[scoring_types.StopPhrase], *, label: str, words: str, penalty: int, critical: bool
) -> str | None:
    """The company stop phrase behind a hit the scorer reported (label and words said): the label's first phrase
    that the words match, one as severe as the hit first (the scorer keeps a label's most severe hit), and of
    those the phrase written as said («постараюсь», not «постараемся», which matches it too)."""
    said = AnswerWords.of(words)
    everywhere = [True] * len(said.keys)
    candidates = [p for p in phrases if p.label == label]
    candidates.sort(
        key=lambda p: ((p.penalty, p.critical) != (penalty, critical), _key(p.phrase, None) != _key(words, None))
    )
    for candidate in candidates:
        if find_phrase(phrase_keys(candidate.phrase), said.keys, everywhere) is not None:
            return candidate.phrase
    return None


def get_phrase(session: Session, *, phrase_id: int) -> StopPhrase:
    """One stop phrase, or 404."""
    phrase = session.get(StopPhrase, phrase_id)
    if phrase is None:
        raise NotFoundError("stop_phrase_not_found", id=phrase_id)
    return phrase


def _key(phrase: str, language: str | None) -> tuple[str, str | None]:
    """What makes two stop phrases the same: the words (letter case, ё and spacing aside) and the language."""
    return " ".join(phrase.casefold().replace("ё", "е").split()), language


def _check_new(session: Session, *, phrase: str, language: str | None, other_than: int | None = None) -> None:
    """ConflictError when the list has the phrase for the language already."""
    key = _key(phrase, language)
    for known in list_phrases(session):
        if known.id != other_than and _key(known.phrase, known.language) == key:
            params: dict[str, Any] = {"phrase": known.phrase, "id": known.id}
            raise ConflictError(
                "stop_phrase_exists", errors=[field_error("phrase", "stop_phrase_exists", **params)], **params
            )


def repeated(phrases: Sequence[StopPhraseBase]) -> list[Problem]:
    """Every phrase of a list given again for the same language (at its field)."""
    first: dict[tuple[str, str | None], int] = {}
    problems: list[Problem] = []
    for n, item in enumerate(phrases):
        seen = first.setdefault(_key(item.phrase, item.language), n)
        if seen != n:
            problems.append(Problem(("phrases", n, "phrase"), "phrase_twice", {"phrase": item.phrase, "first": seen}))
    return problems


def parse_file(content: bytes, *, name: str) -> StopPhraseList:
    """An uploaded stop-phrase file (YAML or JSON, the export's format), or InvalidError with every problem (file,
    line, field, message)."""
    if len(content) > MAX_FILE_BYTES:
        content = content[: MAX_FILE_BYTES + 1]
    top = "not_a_stop_phrase_list"
    document, errors = load_data(content, name, StopPhraseFile, top=top, check=lambda d: repeated(d.phrases))
    if document is None:
        raise InvalidError("stop_phrases_invalid", errors=[dataclasses.asdict(e) for e in errors])
    result = StopPhraseList(phrases=list(document.phrases))
    inputs.check_json(result.model_dump(mode="json"))  # a file's text may hold a NUL, which no database stores
    return result


def create_phrase(session: Session, *, data: StopPhraseCreate, user: User, now: datetime) -> StopPhrase:
    """Add a stop phrase (one the list has for the language already is refused)."""
    _check_new(session, phrase=data.phrase, language=data.language)
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
    if "phrase" in changes or "language" in changes:
        language = changes.get("language", phrase.language)
        _check_new(session, phrase=changes.get("phrase", phrase.phrase), language=language, other_than=phrase.id)
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
    problems = repeated(data.phrases)
    if problems:
        errors = [field_error(field_name(p.path), p.code, **p.params) for p in problems]
        raise InvalidError("stop_phrases_invalid", errors=errors)
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
