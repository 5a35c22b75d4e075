"""Every route × every role: allowed roles get through, the others get 403 (or 404 for what is not theirs),
and nobody without a session gets in (401). Refusals change nothing in the database."""

from __future__ import annotations

import re
from typing import Any

import pytest
from api_builders import Clock, client_for, snapshot
from api_database import Database
from api_world import ROUTES, Route, build_world
from fastapi import FastAPI

from api.models import Role


def _routes() -> list[Any]:
    return [pytest.param(r, id=r.name, marks=[pytest.mark.model] if r.model else []) for r in ROUTES]


@pytest.mark.parametrize("route", _routes())
def test_route_checks_the_role_of_every_caller(app: FastAPI, clock: Clock, db: Database, route: Route) -> None:
    """Refused callers share one world (a refusal changes nothing); each allowed caller gets a fresh one."""
    world = build_world(app, clock)
    fresh = True
    for role in [None, *Role]:
        if not fresh:
            db.empty()
            world = build_world(app, clock)
        client = client_for(app, world.user(role) if role is not None else None, clock=clock)
        path, kwargs = route.call(world, role or Role.trainee)
        before = snapshot(app)
        response = client.request(route.method, path, **kwargs)
        where = f"{role.value if role else 'anonymous'} {route.method} {path}: {response.status_code} {response.text}"
        if route.public or (role is not None and role in route.allowed):
            assert response.status_code < 300, where
            fresh = not route.writes
            continue
        assert response.status_code == (401 if role is None else route.denied), where
        assert response.json()["detail"], where
        assert snapshot(app) == before, where


def test_every_route_is_in_the_table(app: FastAPI, clock: Clock) -> None:
    """A new route must be added to the table above (login is tested in test_auth.py)."""
    world = build_world(app, clock)
    tabled = {(r.method, re.sub(r"/\d+", "/{}", r.call(world, Role.admin)[0].split("?")[0])) for r in ROUTES}
    paths = app.openapi()["paths"]
    served = {(method.upper(), re.sub(r"\{\w+\}", "{}", path)) for path, ops in paths.items() for method in ops}
    assert served - tabled == {("POST", "/api/v1/auth/login")}
    assert tabled <= served
