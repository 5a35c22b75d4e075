"""Every route × every role: allowed roles get through, the others get 403 (or 404 for what is not theirs),
and nobody without a session gets in (401). Refusals change nothing in the database.

One world is built per database for the whole module; every call meets it as it was built (`World.reset` puts
back whatever the call before changed, rewriting only the tables it touched)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from api_builders import client_for, make_team, make_user, snapshot
from api_world import ROUTES, Route
from fastapi import FastAPI
from role_world import World, build_world, own_test

from api.message_catalogue import MESSAGES
from api.models import Role


@pytest.fixture(scope="module")
def built_world(module_app: FastAPI) -> World:
    """The module's world, built once per database."""
    return build_world(module_app, module_app.state.clock)


@pytest.fixture
def world(shared_app: FastAPI, built_world: World) -> Iterator[World]:
    """The world as it was built, for one test; put back after it."""
    built_world.reset()
    yield built_world
    built_world.reset()


def _routes() -> list[Any]:
    return [pytest.param(r, id=r.name, marks=[pytest.mark.model] if r.model else []) for r in ROUTES]


@pytest.mark.parametrize("route", _routes())
def test_route_checks_the_role_of_every_caller(world: World, route: Route) -> None:
    """Every caller meets the world as it was built: what a call changed is put back before the next one."""
    app, clock = world.app, world.clock
    for role in [None, *Role]:
        client = client_for(app, world.user(role) if role is not None else None, clock=clock)
        path, kwargs = route.call(world, role or Role.trainee)
        before = snapshot(app)
        response = client.request(route.method, path, **kwargs)
        where = f"{role.value if role else 'anonymous'} {route.method} {path}: {response.status_code} {response.text}"
        if route.public or (role is not None and role in route.allowed):
            assert response.status_code < 300, where
            world.reset()
            continue
        assert response.status_code == (401 if role is None else route.denied), where
        assert response.json()["detail"], where
        assert response.json()["code"] in (["not_logged_in"] if role is None else MESSAGES), where
        after = snapshot(app)
        assert after == before, where
        world.reset(after)


def test_every_route_is_in_the_table(world: World) -> None:
    """A new route must be added to the table above (login is tested in test_auth.py)."""
    app = world.app
    tabled = {(r.method, re.sub(r"/\d+", "/{}", r.call(world, Role.admin)[0].split("?")[0])) for r in ROUTES}
    paths = app.openapi()["paths"]
    served = {(method.upper(), re.sub(r"\{\w+\}", "{}", path)) for path, ops in paths.items() for method in ops}
    assert served - tabled == {("POST", "/api/v1/auth/login")}
    assert tabled <= served


# --- the team rule: trainers act on their own team's reps; heads of sales and admins on everyone ---------------------

# Routes that act on the world's trainee when called as a trainer, and what a trainer of another team gets.
CROSS_TEAM = {
    "read a rep's answer": 404,
    "read a rep's answers": 404,
    "read dispute": 404,
    "accept dispute": 404,
    "reject dispute": 404,
    "read a rep's progress": 404,
    "a rep's answers report": 404,
    "a rep's answers report as CSV": 404,
    "a rep's answers report as XLSX": 404,
    "read a rep's norm": 404,
    "set a rep's norm": 404,
    "set a team norm": 403,
    "withdraw a norm": 404,
    "assign plan": 404,
    "read a rep's plan": 404,
    "assign track": 403,
    "unassign track": 403,
    "grant attempts": 404,
    "decline attempt request": 404,
}


@pytest.mark.parametrize(("name", "status"), CROSS_TEAM.items(), ids=list(CROSS_TEAM))
def test_a_trainer_acts_on_their_own_teams_reps_only(world: World, name: str, status: int) -> None:
    """A trainer of another team is refused and nothing changes; a head of sales of another team gets through."""
    route = next(r for r in ROUTES if r.name == name)
    app, clock = world.app, world.clock
    enterprise = make_team(app, name="Enterprise", clock=clock)
    outsider = client_for(app, make_user(app, role=Role.trainer, team=enterprise, clock=clock), clock=clock)
    head = client_for(app, make_user(app, role=Role.head, team=enterprise, clock=clock), clock=clock)
    path, kwargs = route.call(world, Role.trainer)
    before = snapshot(app)
    refused = outsider.request(route.method, path, **kwargs)
    assert refused.status_code == status, refused.text
    assert refused.json()["detail"]
    assert snapshot(app) == before
    allowed = head.request(route.method, path, **kwargs)
    assert allowed.status_code < 300, allowed.text


def test_a_trainer_of_another_team_sees_neither_the_disputes_nor_the_tests_of_a_rep(world: World) -> None:
    app, clock = world.app, world.clock
    enterprise = make_team(app, name="Enterprise", clock=clock)
    outsider = client_for(app, make_user(app, role=Role.trainer, team=enterprise, clock=clock), clock=clock)
    colleague = client_for(app, world.user(Role.trainer), clock=clock)
    test_id, _ = own_test(world, Role.trainee)
    assert [d["id"] for d in colleague.get("/api/v1/disputes").json()] == [world.dispute_id]
    assert outsider.get("/api/v1/disputes").json() == []
    assert colleague.get(f"/api/v1/tests/{test_id}").status_code == 200
    assert outsider.get(f"/api/v1/tests/{test_id}").status_code == 404
    trainee_id = world.user(Role.trainee).id
    assignment = {"team_id": world.team.id}
    assert outsider.post(f"/api/v1/tracks/{world.track.id}/assignments", json=assignment).status_code == 403
    assert colleague.get(f"/api/v1/answers?user_id={trainee_id}").status_code == 200
