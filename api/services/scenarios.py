"""Scenarios: drafts validated by the file format's validator, immutable published versions, search."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api import inputs
from api.errors import ConflictError, InvalidError, NotFoundError
from api.models import Scenario, ScenarioVersion, User
from api.models.base import id_of
from api.models.content import (
    ScenarioDetail,
    ScenarioFilters,
    ScenarioIntro,
    ScenarioSummary,
    ScenarioVersionPublic,
    StepOutline,
)
from api.scoring import ScoringService
from scenarios.graph import check_graph
from scenarios.loader import ScenarioError, dump, load_text
from scenarios.schema import Scenario as Document

# --- validation --------------------------------------------------------------------------------------------------


def validate(
    content: dict[str, Any] | str | bytes, *, name: str = "scenario.json"
) -> tuple[Document | None, list[dict[str, Any]]]:
    """Validate a scenario document (parsed JSON, or a file's text) with the loader that checks files."""
    if isinstance(content, dict):
        fast = _valid_document(content)
        if fast is not None:
            return fast, []
        content = json.dumps(content, ensure_ascii=False, indent=2)
    document, errors = load_text(content, name)
    return document, [_error(e) for e in errors]


def _valid_document(content: dict[str, Any]) -> Document | None:
    """The document when it is valid, checked without the line-tracking YAML parse (slow in pure Python).

    The same rules as `load_text` (schema, then links): a parsed JSON object has no syntax, alias or duplicate-key
    problems left to find. InvalidError documents go through `load_text` for its messages."""
    try:
        document = Document.model_validate(content)
    except ValidationError:
        return None
    return None if check_graph(document) else document


def parse(content: dict[str, Any] | str | bytes, *, name: str = "scenario.json") -> Document:
    """A valid scenario document, or InvalidError with every error (file, line, field, message)."""
    document, errors = validate(content, name=name)
    if document is None:
        raise InvalidError("scenario_invalid", errors=errors)
    inputs.check_json(as_json(document))  # a file's text may hold a NUL character, which no database stores
    return document


def _error(error: ScenarioError) -> dict[str, Any]:
    return asdict(error)


def as_json(document: Document) -> dict[str, Any]:
    """The stored form of a document: JSON, without empty optional fields."""
    return document.model_dump(mode="json", exclude_none=True)


def _index(document: Document) -> dict[str, Any]:
    """The searchable columns of a document."""
    categories = sorted({step.category for step in document.steps})
    words = [document.title, document.context, *document.persona.model_dump().values(), *document.tags]
    words += [step.customer_line for step in document.steps]
    words += [step.custom_category for step in document.steps if step.custom_category]
    return {
        "title": document.title,
        "language": document.language,
        "difficulty": document.difficulty,
        "tag_index": "".join(f"|{tag.lower()}" for tag in document.tags) + "|",
        "category_index": "".join(f"|{c}" for c in categories) + "|",
        "search_text": "\n".join(words).lower(),
    }


def _apply_index(row: Scenario, document: Document) -> None:
    for name, value in _index(document).items():
        setattr(row, name, value)
    row.tags = list(document.tags)
    row.categories = sorted({step.category for step in document.steps})


SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def _texts(value: Any) -> list[str]:
    """The texts of a JSON value (an unchecked draft): a string, or the strings of a list."""
    if isinstance(value, str):
        return [value]
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _draft_index(content: dict[str, Any]) -> dict[str, Any]:
    """The searchable columns of a draft saved as it is: what its fields hold, within the columns' limits."""
    steps_value, persona_value = content.get("steps"), content.get("persona")
    steps = [step for step in steps_value if isinstance(step, dict)] if isinstance(steps_value, list) else []
    persona: dict[str, Any] = persona_value if isinstance(persona_value, dict) else {}
    tags = _texts(content.get("tags"))
    categories = sorted({c for step in steps for c in _texts(step.get("category"))})[:20]
    words = [*_texts(content.get("title")), *_texts(content.get("context")), *tags]
    words += [text for value in persona.values() for text in _texts(value)]
    words += [text for step in steps for text in _texts(step.get("customer_line"))]
    language, difficulty = content.get("language"), content.get("difficulty")
    return {
        "title": (_texts(content.get("title")) or [""])[0][:200],
        "language": language if language in ("ru", "en") else "en",
        "difficulty": difficulty if difficulty in ("easy", "medium", "hard") else "medium",
        "tag_index": "".join(f"|{tag.lower()}" for tag in tags) + "|",
        "category_index": ("".join(f"|{c}" for c in categories) + "|")[:400],
        "search_text": "\n".join(words).lower(),
        "tags": tags,
        "categories": categories,
    }


def _draft_slug(content: dict[str, Any]) -> str:
    """The id of a draft saved as it is: without one that fits, it cannot be stored."""
    slug = content.get("id")
    slug = slug.strip() if isinstance(slug, str) else ""
    if not SLUG.fullmatch(slug):
        raise InvalidError("scenario_draft_needs_id", field="id")
    return slug


def draft_valid(row: Scenario) -> bool | None:
    """Whether the draft passes every check (None without a draft): a draft saved as it is may not yet."""
    return None if row.draft is None else _valid_document(row.draft) is not None


# --- reading -----------------------------------------------------------------------------------------------------


def get_scenario(session: Session, *, scenario_id: int) -> Scenario:
    """The scenario or NotFoundError."""
    row = session.get(Scenario, scenario_id)
    if row is None:
        raise NotFoundError("scenario_not_found", id=scenario_id)
    return row


def get_version(session: Session, *, row: Scenario, number: int | None = None) -> ScenarioVersion:
    """A published version (the latest when `number` is None), or NotFoundError."""
    number = row.latest_version if number is None else number
    version = session.exec(
        select(ScenarioVersion).where(col(ScenarioVersion.scenario_id) == row.id, col(ScenarioVersion.number) == number)
    ).first()
    if version is None:
        if number == 0:
            raise NotFoundError("scenario_no_published_version", id=row.id)
        raise NotFoundError("scenario_version_not_found", id=row.id, number=number)
    return version


def list_versions(session: Session, *, row: Scenario) -> list[ScenarioVersion]:
    """Every published version, newest first."""
    query = select(ScenarioVersion).where(col(ScenarioVersion.scenario_id) == row.id)
    return list(session.exec(query.order_by(col(ScenarioVersion.number).desc())))


def latest_versions(session: Session) -> list[ScenarioVersion]:
    """The latest published version of every scenario."""
    query = select(ScenarioVersion).join(
        Scenario,
        (col(ScenarioVersion.scenario_id) == Scenario.id) & (col(ScenarioVersion.number) == Scenario.latest_version),
    )
    return list(session.exec(query))


def list_scenarios(
    session: Session, *, filters: ScenarioFilters, published_only: bool, limit: int, offset: int
) -> list[ScenarioSummary]:
    """Scenarios matching the filters; reps see published versions only."""
    if published_only or not filters.include_drafts:
        return _list_published(session, filters=filters, limit=limit, offset=offset)
    query = select(Scenario)
    for condition in _conditions(Scenario, filters):
        query = query.where(condition)
    rows = session.exec(query.order_by(col(Scenario.title), col(Scenario.id)).limit(limit).offset(offset))
    return [summary(row) for row in rows]


def _list_published(session: Session, *, filters: ScenarioFilters, limit: int, offset: int) -> list[ScenarioSummary]:
    query = select(Scenario, ScenarioVersion).join(
        ScenarioVersion,
        (col(ScenarioVersion.scenario_id) == Scenario.id) & (col(ScenarioVersion.number) == Scenario.latest_version),
    )
    for condition in _conditions(ScenarioVersion, filters):
        query = query.where(condition)
    rows = session.exec(query.order_by(col(ScenarioVersion.title), col(Scenario.id)).limit(limit).offset(offset))
    return [published_summary(row, version) for row, version in rows]


def _conditions(table: type[Scenario] | type[ScenarioVersion], filters: ScenarioFilters) -> list[Any]:
    conditions = []
    if filters.language:
        conditions.append(col(table.language) == filters.language)
    if filters.category:
        conditions.append(col(table.category_index).contains(f"|{filters.category}|", autoescape=True))
    if filters.tag:
        conditions.append(col(table.tag_index).contains(f"|{filters.tag.strip().lower()}|", autoescape=True))
    if filters.q:
        conditions.append(col(table.search_text).contains(filters.q.lower(), autoescape=True))
    return conditions


def export(session: Session, *, row: Scenario, version: int | None, fmt: str) -> str:
    """The scenario in the file format: a given version, else the draft, else the latest version."""
    if version is None and row.draft is not None:
        content = row.draft
    else:
        content = get_version(session, row=row, number=version).content
    return dump(parse(content), fmt)  # a draft saved as it is exports once it passes the checks


def summary(row: Scenario) -> ScenarioSummary:
    """A scenario in a list, as its authors see it."""
    return ScenarioSummary(
        id=id_of(row),
        slug=row.slug,
        title=row.title,
        language=row.language,
        difficulty=row.difficulty,
        tags=row.tags,
        categories=row.categories,
        version=row.latest_version or None,
        has_draft=row.draft is not None,
        updated_at=row.updated_at,
    )


def published_summary(row: Scenario, version: ScenarioVersion) -> ScenarioSummary:
    """A scenario in a list as reps see it: its latest published version only."""
    content = version.content
    return ScenarioSummary(
        id=id_of(row),
        slug=row.slug,
        title=version.title,
        language=version.language,
        difficulty=version.difficulty,
        tags=list(content.get("tags", [])),
        categories=sorted({s["category"] for s in content["steps"]}),
        version=version.number,
        has_draft=False,
        updated_at=version.published_at,
    )


def version_public(version: ScenarioVersion) -> ScenarioVersionPublic:
    """A published version with its full content (for authors)."""
    return ScenarioVersionPublic(
        id=id_of(version),
        number=version.number,
        title=version.title,
        published_at=version.published_at,
        published_by_id=version.published_by_id,
        content=version.content,
    )


def detail(session: Session, *, row: Scenario) -> ScenarioDetail:
    """A scenario for its authors: draft and latest published content."""
    published = version_public(get_version(session, row=row)) if row.latest_version else None
    return ScenarioDetail(
        **summary(row).model_dump(),
        draft=row.draft,
        draft_updated_at=row.draft_updated_at,
        draft_valid=draft_valid(row),
        published=published,
        created_at=row.created_at,
    )


def intro(row: Scenario, version: ScenarioVersion, document: Document) -> ScenarioIntro:
    """What a rep may see of a published version before answering: no reference answers, no key points."""
    return ScenarioIntro(
        id=id_of(row),
        slug=row.slug,
        version=version.number,
        version_id=id_of(version),
        title=document.title,
        language=document.language,
        difficulty=document.difficulty,
        context=document.context,
        persona=document.persona.model_dump(),
        tags=list(document.tags),
        steps=[StepOutline(id=s.id, category=s.category, custom_category=s.custom_category) for s in document.steps],
    )


# --- writing -----------------------------------------------------------------------------------------------------


def create(session: Session, *, document: Document, author: User, now: datetime) -> Scenario:
    """A new scenario whose draft is the document; ids (slugs) are unique."""
    if session.exec(select(Scenario.id).where(col(Scenario.slug) == document.id)).first() is not None:
        raise ConflictError("scenario_exists", field="id", id=document.id)
    row = Scenario(
        slug=document.id,
        draft=as_json(document),
        draft_updated_at=now,
        created_by_id=author.id,
        created_at=now,
        updated_at=now,
        **_index(document),
    )
    row.tags, row.categories = list(document.tags), sorted({s.category for s in document.steps})
    session.add(row)
    _commit(session, conflict=ConflictError("scenario_exists", field="id", id=document.id))
    return row


def save_draft(session: Session, *, row: Scenario, document: Document, now: datetime) -> Scenario:
    """Replace the draft with a valid document; the scenario's id cannot change."""
    if document.id != row.slug:
        raise InvalidError("scenario_id_fixed", field="id", id=row.slug)
    row.draft, row.draft_updated_at, row.updated_at = as_json(document), now, now
    _apply_index(row, document)
    session.add(row)
    session.commit()
    return row


def create_as_is(session: Session, *, content: dict[str, Any], author: User, now: datetime) -> Scenario:
    """A new scenario whose draft is the document as it is (checked on publishing); it needs a fitting id."""
    document, _ = validate(content)
    if document is not None:
        return create(session, document=document, author=author, now=now)
    slug = _draft_slug(content)
    inputs.check_json(content)
    index = _draft_index(content)
    row = Scenario(slug=slug, created_by_id=author.id, created_at=now, **_unchecked(content, index, now))
    session.add(row)
    _commit(session, conflict=ConflictError("scenario_exists", field="id", id=slug))
    return row


def save_as_is(session: Session, *, row: Scenario, content: dict[str, Any], now: datetime) -> Scenario:
    """Replace the draft with the document as it is: work in progress, checked on publishing; the id stays."""
    document, _ = validate(content)
    if document is not None:
        return save_draft(session, row=row, document=document, now=now)
    if _draft_slug(content) != row.slug:
        raise InvalidError("scenario_id_fixed", field="id", id=row.slug)
    inputs.check_json(content)
    for name, value in _unchecked(content, _draft_index(content), now).items():
        setattr(row, name, value)
    session.add(row)
    session.commit()
    return row


def _unchecked(content: dict[str, Any], index: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {**index, "draft": content, "draft_updated_at": now, "updated_at": now}


def discard_draft(session: Session, *, row: Scenario, now: datetime) -> Scenario:
    """Drop the draft; the latest version stays."""
    if row.draft is None:
        raise ConflictError("scenario_no_draft")
    if row.latest_version == 0:
        raise ConflictError("scenario_never_published")
    version = get_version(session, row=row)
    row.draft, row.draft_updated_at, row.updated_at = None, None, now
    _apply_index(row, Document.model_validate(version.content))
    session.add(row)
    session.commit()
    return row


def publish(
    session: Session, *, row: Scenario, author: User, now: datetime, scoring: ScoringService
) -> ScenarioVersion:
    """Publish the draft as the next immutable version and compute its embeddings."""
    if row.draft is None:
        raise ConflictError("nothing_to_publish")
    document = parse(row.draft)
    if row.latest_version and get_version(session, row=row).content == row.draft:
        raise ConflictError("draft_unchanged", number=row.latest_version)
    version = ScenarioVersion(
        scenario_id=_id(row),
        number=row.latest_version + 1,
        content=row.draft,
        step_count=len(document.steps),
        published_at=now,
        published_by_id=author.id,
        **_index(document),
    )
    row.latest_version, row.draft, row.draft_updated_at, row.updated_at = version.number, None, None, now
    session.add(version)
    session.add(row)
    _commit(session, conflict=ConflictError("scenario_published_concurrently"))
    scoring.warm(scoring.scenario(_id(version), version.content))
    return version


def import_document(
    session: Session, *, document: Document, author: User, now: datetime, publish_now: bool, scoring: ScoringService
) -> Scenario:
    """A validated file into the database: a new scenario, or a new draft of the one with the same id."""
    row = session.exec(select(Scenario).where(col(Scenario.slug) == document.id)).first()
    if row is None:
        row = create(session, document=document, author=author, now=now)
    else:
        row = save_draft(session, row=row, document=document, now=now)
    if publish_now:
        latest = get_version(session, row=row).content if row.latest_version else None
        if latest != row.draft:
            publish(session, row=row, author=author, now=now, scoring=scoring)
        elif row.draft is not None:
            discard_draft(session, row=row, now=now)
    return row


def _commit(session: Session, *, conflict: ConflictError) -> None:
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise conflict from None


def _id(row: Scenario | ScenarioVersion) -> int:
    return id_of(row)
