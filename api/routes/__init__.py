"""Every route of the JSON API, mounted under /api/v1."""

from fastapi import APIRouter

from api.routes import (
    answers,
    attempt_requests,
    auth,
    delivery,
    exams,
    health,
    leaderboard,
    meta,
    norms,
    plans,
    practice,
    progress,
    reports,
    scenarios,
    stop_phrases,
    team_screen,
    tracks,
    users,
)

api_router = APIRouter()
routers = (
    health,
    meta,
    auth,
    users,
    scenarios,
    tracks,
    practice,
    attempt_requests,  # before exams: /tests/{test_id} would take /tests/attempt-requests
    exams,
    answers,
    progress,
    reports,
    delivery,
    stop_phrases,
    norms,
    plans,
    team_screen,
    leaderboard,
)
for module in routers:
    api_router.include_router(module.router)
