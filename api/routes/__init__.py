"""Every route of the JSON API, mounted under /api/v1."""

from fastapi import APIRouter

from api.routes import (
    answers,
    auth,
    health,
    practice,
    progress,
    reports,
    scenarios,
    stop_phrases,
    tests,
    tracks,
    users,
)

api_router = APIRouter()
for module in (health, auth, users, scenarios, tracks, practice, tests, answers, progress, reports, stop_phrases):
    api_router.include_router(module.router)
