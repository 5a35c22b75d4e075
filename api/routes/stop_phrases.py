"""The company's stop phrases: trainers, heads and admins read and edit them; export and import the whole list."""

from __future__ import annotations

from typing import Annotated

import yaml
from fastapi import APIRouter, File, Response, UploadFile

from api.deps import NowDep, PathId, RequireTrainer, SessionDep
from api.models.stop_phrases import StopPhraseCreate, StopPhraseList, StopPhrasePublic, StopPhraseUpdate
from api.services import stop_phrases as service
from scenarios.loader import MAX_FILE_BYTES

router = APIRouter(prefix="/stop-phrases", tags=["stop phrases"])


def _public(phrase: object) -> StopPhrasePublic:
    return StopPhrasePublic.model_validate(phrase, from_attributes=True)


@router.get("", response_model=list[StopPhrasePublic])
def list_stop_phrases(_: RequireTrainer, session: SessionDep) -> list[StopPhrasePublic]:
    """Every stop phrase of the company (trainers and up)."""
    return [_public(p) for p in service.list_phrases(session)]


@router.post("", response_model=StopPhrasePublic, status_code=201)
def create_stop_phrase(
    body: StopPhraseCreate, user: RequireTrainer, session: SessionDep, now: NowDep
) -> StopPhrasePublic:
    """Add a stop phrase; it applies to every answer scored from now on."""
    return _public(service.create_phrase(session, data=body, user=user, now=now))


@router.get("/export", response_class=Response)
def export_stop_phrases(_: RequireTrainer, session: SessionDep) -> Response:
    """The whole list as a YAML file, to edit or to import elsewhere."""
    document = service.export_list(session).model_dump(mode="json", by_alias=True)
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    headers = {"Content-Disposition": 'attachment; filename="parry-stop-phrases.yaml"'}
    return Response(text, media_type="application/yaml", headers=headers)


@router.put("", response_model=list[StopPhrasePublic])
def import_stop_phrases(
    body: StopPhraseList, user: RequireTrainer, session: SessionDep, now: NowDep
) -> list[StopPhrasePublic]:
    """Replace the whole list (an import of an exported file, sent as JSON): all of it or nothing."""
    return [_public(p) for p in service.replace_all(session, data=body, user=user, now=now)]


@router.post("/import", response_model=list[StopPhrasePublic])
def import_stop_phrase_file(
    file: Annotated[UploadFile, File(description="A .yaml, .yml or .json file in the export's format.")],
    user: RequireTrainer,
    session: SessionDep,
    now: NowDep,
) -> list[StopPhrasePublic]:
    """Replace the whole list with an uploaded file (as exported): all of it or, when anything in the file is
    wrong, nothing (422 with every problem's line and field)."""
    content = file.file.read(MAX_FILE_BYTES + 1)
    data = service.parse_file(content, name=file.filename or "stop-phrases.yaml")
    return [_public(p) for p in service.replace_all(session, data=data, user=user, now=now)]


@router.patch("/{phrase_id}", response_model=StopPhrasePublic)
def update_stop_phrase(
    phrase_id: PathId, body: StopPhraseUpdate, user: RequireTrainer, session: SessionDep, now: NowDep
) -> StopPhrasePublic:
    """Change a stop phrase."""
    phrase = service.get_phrase(session, phrase_id=phrase_id)
    return _public(service.update_phrase(session, phrase=phrase, data=body, user=user, now=now))


@router.delete("/{phrase_id}", status_code=204)
def delete_stop_phrase(phrase_id: PathId, _: RequireTrainer, session: SessionDep) -> Response:
    """Remove a stop phrase."""
    service.delete_phrase(session, phrase=service.get_phrase(session, phrase_id=phrase_id))
    return Response(status_code=204)
