"""Liveness: is the service up, is the model loaded, does the database answer."""

from __future__ import annotations

from fastapi import APIRouter
from sqlmodel import SQLModel, text

from api.deps import ScoringDep, SessionDep

router = APIRouter(tags=["health"])


class Health(SQLModel):
    status: str
    model_loaded: bool
    database: bool


@router.get("/health", response_model=Health)
def health(session: SessionDep, scoring: ScoringDep) -> Health:
    """Anyone may ask; no login needed."""
    session.connection().execute(text("SELECT 1"))
    return Health(status="ok", model_loaded=scoring.loaded, database=True)
