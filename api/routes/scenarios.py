"""Scenarios: list and read (everyone: published only); author, import, validate, try and publish (trainers)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, File, Form, Query, Request, UploadFile
from fastapi.responses import Response

from api.deps import CurrentUser, NowDep, PathId, RequireTrainer, ScoringDep, SessionDep
from api.errors import NotFoundError
from api.messages import field_errors, request_language
from api.models import Role
from api.models.base import MAX_ID, id_of
from api.models.content import (
    ScenarioDetail,
    ScenarioFilters,
    ScenarioIntro,
    ScenarioSummary,
    ScenarioVersionPublic,
    TryAnswer,
    ValidationReport,
)
from api.models.training import TryResult
from api.services import scenarios as service
from api.services.answers import try_answer
from scenarios.loader import MAX_FILE_BYTES
from scenarios.schema import Category, Language

router = APIRouter(prefix="/scenarios", tags=["scenarios"])
Document = Annotated[dict[str, Any], Body(description="A scenario in the file format (docs/authoring.md), as JSON.")]
AsIs = Annotated[
    bool,
    Query(description="Store a draft that does not pass the checks yet (it needs an id); publishing checks it."),
]


@router.get("", response_model=list[ScenarioSummary])
def list_scenarios(
    user: CurrentUser,
    session: SessionDep,
    language: Language | None = None,
    category: Category | None = None,
    tag: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in the title, context or lines.")] = None,
    include_drafts: bool = True,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
) -> list[ScenarioSummary]:
    """Scenarios, filtered; reps see published versions only, authors drafts too."""
    filters = ScenarioFilters(language=language, category=category, tag=tag, q=q, include_drafts=include_drafts)
    published_only = not user.role.at_least(Role.trainer)
    return service.list_scenarios(session, filters=filters, published_only=published_only, limit=limit, offset=offset)


@router.post("", response_model=ScenarioDetail, status_code=201)
def create_scenario(
    document: Document, author: RequireTrainer, session: SessionDep, now: NowDep, as_is: AsIs = False
) -> ScenarioDetail:
    """Create a scenario as a draft from a document (as it is, when asked: work in progress)."""
    if as_is:
        row = service.create_as_is(session, content=document, author=author, now=now)
    else:
        row = service.create(session, document=service.parse(document), author=author, now=now)
    return service.detail(session, row=row)


@router.post("/import", response_model=ScenarioDetail, status_code=201)
def import_scenario(
    file: Annotated[UploadFile, File(description="A .yaml, .yml or .json scenario file.")],
    author: RequireTrainer,
    session: SessionDep,
    scoring: ScoringDep,
    now: NowDep,
    publish: Annotated[bool, Form()] = False,
) -> ScenarioDetail:
    """Import a file: a new scenario, or a new draft of the scenario with the same id; optionally publish it."""
    name = file.filename or "upload.yaml"
    data = file.file.read(MAX_FILE_BYTES + 1)
    document = service.parse(data, name=name)
    row = service.import_document(
        session, document=document, author=author, now=now, publish_now=publish, scoring=scoring
    )
    return service.detail(session, row=row)


@router.post("/validate", response_model=ValidationReport)
def validate_scenario(document: Document, _: RequireTrainer, request: Request) -> ValidationReport:
    """Check a document without saving it: every error with its field (in the request's language)."""
    parsed, errors = service.validate(document)
    return ValidationReport(ok=parsed is not None, errors=field_errors(errors, request_language(request)))


@router.post("/try", response_model=TryResult)
def try_scenario_answer(body: TryAnswer, _: RequireTrainer, session: SessionDep, scoring: ScoringDep) -> TryResult:
    """Score an answer against a step of a document being edited; nothing is stored."""
    document = service.parse(body.scenario)
    return try_answer(session, document=document, step_id=body.step_id, text=body.answer, scoring=scoring)


@router.get("/{scenario_id}", response_model=ScenarioIntro)
def get_scenario(scenario_id: PathId, _: CurrentUser, session: SessionDep, scoring: ScoringDep) -> ScenarioIntro:
    """The latest published version as a rep sees it before answering."""
    row = service.get_scenario(session, scenario_id=scenario_id)
    if row.latest_version == 0:
        raise NotFoundError("scenario_no_published_version", id=scenario_id)
    version = service.get_version(session, row=row)
    return service.intro(row, version, scoring.scenario(id_of(version), version.content))


@router.get("/{scenario_id}/draft", response_model=ScenarioDetail)
def get_draft(scenario_id: PathId, _: RequireTrainer, session: SessionDep) -> ScenarioDetail:
    """The scenario for its authors: draft and latest published content."""
    return service.detail(session, row=service.get_scenario(session, scenario_id=scenario_id))


@router.put("/{scenario_id}/draft", response_model=ScenarioDetail)
def save_draft(
    scenario_id: PathId, document: Document, _: RequireTrainer, session: SessionDep, now: NowDep, as_is: AsIs = False
) -> ScenarioDetail:
    """Replace the draft with a valid document, or as it is when asked (the scenario id stays)."""
    row = service.get_scenario(session, scenario_id=scenario_id)
    if as_is:
        row = service.save_as_is(session, row=row, content=document, now=now)
    else:
        row = service.save_draft(session, row=row, document=service.parse(document), now=now)
    return service.detail(session, row=row)


@router.delete("/{scenario_id}/draft", response_model=ScenarioDetail)
def discard_draft(scenario_id: PathId, _: RequireTrainer, session: SessionDep, now: NowDep) -> ScenarioDetail:
    """Drop the draft and go back to the latest published version."""
    row = service.discard_draft(session, row=service.get_scenario(session, scenario_id=scenario_id), now=now)
    return service.detail(session, row=row)


@router.post("/{scenario_id}/publish", response_model=ScenarioVersionPublic, status_code=201)
def publish(
    scenario_id: PathId, author: RequireTrainer, session: SessionDep, scoring: ScoringDep, now: NowDep
) -> ScenarioVersionPublic:
    """Publish the draft as the next immutable version."""
    row = service.get_scenario(session, scenario_id=scenario_id)
    return service.version_public(service.publish(session, row=row, author=author, now=now, scoring=scoring))


@router.get("/{scenario_id}/versions", response_model=list[ScenarioVersionPublic])
def list_versions(scenario_id: PathId, _: RequireTrainer, session: SessionDep) -> list[ScenarioVersionPublic]:
    """Every published version, newest first."""
    row = service.get_scenario(session, scenario_id=scenario_id)
    return [service.version_public(v) for v in service.list_versions(session, row=row)]


@router.get("/{scenario_id}/export", response_class=Response)
def export(
    scenario_id: PathId,
    _: RequireTrainer,
    session: SessionDep,
    fmt: Annotated[Literal["yaml", "json"], Query(alias="format")] = "yaml",
    version: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="A version number; default the draft, else the latest.")
    ] = None,
) -> Response:
    """The scenario as a file in the import format."""
    row = service.get_scenario(session, scenario_id=scenario_id)
    text = service.export(session, row=row, version=version, fmt=fmt)
    media = "application/json" if fmt == "json" else "application/yaml"
    headers = {"Content-Disposition": f'attachment; filename="{row.slug}.{fmt}"'}
    return Response(text, media_type=f"{media}; charset=utf-8", headers=headers)
