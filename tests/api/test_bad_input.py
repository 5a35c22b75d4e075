"""Bad input on every write route gets a 4xx with a message and changes nothing in the database."""

from __future__ import annotations

import re
from typing import Any

import pytest
from api_builders import Clock, client_for, snapshot
from api_world import ROUTES, Route, build_world, own_drill, own_test
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.models import Role

WRITES = [pytest.param(r, id=r.name) for r in ROUTES if r.writes and not r.public]
ALL_OPTIONAL = {
    "update me",
    "update user",
    "update team",
    "start today's drill",
    "update stop phrase",
}  # `{}`: the first step


def _caller(route: Route) -> Role:
    return Role.admin if Role.admin in route.allowed else Role.trainer


def _refused(app: FastAPI, client: TestClient, method: str, path: str, status: int | set[int], **kwargs: Any) -> str:
    """Send the request; check the status, the message and that no row changed; return the message."""
    before = snapshot(app)
    response = client.request(method, path, **kwargs)
    expected = status if isinstance(status, set) else {status}
    assert response.status_code in expected, f"{method} {path}: {response.status_code} {response.text}"
    detail = response.json()["detail"]
    assert isinstance(detail, str)
    assert detail
    assert snapshot(app) == before
    return detail


def _wrong_types(body: dict[str, Any]) -> dict[str, Any]:
    return {key: [] if isinstance(value, str) else "not a number" for key, value in body.items()}


def _unknown_ids(route: Route, path: str, kwargs: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The request pointed at ids that do not exist: in the path, then in each id field of the body."""
    requests = []
    unknown_path = re.sub(r"/\d+", "/999999", path)
    if unknown_path != path:
        requests.append((unknown_path, kwargs))
    body = kwargs.get("json")
    if isinstance(body, dict) and route.name != "try an answer":  # its step_id names a step of the posted document
        for field in (k for k in body if k.endswith("_id") or k == "scenario_ids"):
            requests.append((path, {"json": {**body, field: [999_999] if field == "scenario_ids" else 999_999}}))
    return requests


@pytest.mark.parametrize("route", WRITES)
def test_bad_input_is_refused_and_changes_nothing(app: FastAPI, clock: Clock, route: Route) -> None:
    """Missing CSRF token, expired session, missing fields, wrong types, a body that is not JSON, unknown ids."""
    world = build_world(app, clock)
    role = _caller(route)
    path, kwargs = route.call(world, role)
    client = client_for(app, world.user(role), clock=clock)
    method = route.method

    no_token = client_for(app, world.user(role), clock=clock, csrf=False)
    assert "CSRF" in _refused(app, no_token, method, path, 403, **kwargs)
    for unknown_path, unknown in _unknown_ids(route, path, kwargs):
        assert _refused(app, client, method, unknown_path, {404, 422}, **unknown)
    body = kwargs.get("json")
    if isinstance(body, dict) and route.name != "validate scenario":  # validating reports errors with a 200
        if route.name not in ALL_OPTIONAL:
            assert _refused(app, client, method, path, 422, json={})
        assert _refused(app, client, method, path, 422, json=_wrong_types(body))
        headers = {"Content-Type": "application/json"}
        assert "not valid JSON" in _refused(app, client, method, path, 422, content=b'{"oops": ', headers=headers)
    if route.name == "import scenario":
        assert "file: is required" in _refused(app, client, method, path, 422, data={"publish": "true"})
    clock.advance(hours=13)
    assert "expired" in _refused(app, client, method, path, 401, **kwargs)


ANSWER_ROUTES = ["answer in a drill", "answer in a test", "try an answer"]


@pytest.mark.model
@pytest.mark.parametrize("name", ANSWER_ROUTES)
def test_an_answer_of_100_kb_is_refused(app: FastAPI, clock: Clock, name: str) -> None:
    route = next(r for r in ROUTES if r.name == name)
    world = build_world(app, clock)
    path, kwargs = route.call(world, Role.trainer)
    client = client_for(app, world.user(Role.trainer), clock=clock)
    body = {**kwargs["json"], "answer": "word " * 20_480}
    message = _refused(app, client, route.method, path, 422, json=body)
    assert message == "answer: must be at most 2000 characters (got 102400)"


def test_another_users_drill_test_and_answer_are_not_found(app: FastAPI, clock: Clock) -> None:
    world = build_world(app, clock)
    intruder = client_for(app, world.user(Role.trainee), clock=clock)
    victim = Role.head
    drill = own_drill(world, victim)
    test_id, item_id = own_test(world, victim)
    requests: list[tuple[str, dict[str, Any]]] = [
        (f"/api/v1/drills/{drill}/answers", {"json": {"step_id": "pushback", "answer": "Let me explain the value."}}),
        (f"/api/v1/tests/{test_id}/answers", {"json": {"item_id": item_id, "answer": "Let me explain the value."}}),
        (f"/api/v1/tests/{test_id}/finish", {}),
        ("/api/v1/disputes", {"json": {"answer_id": world.answers[victim], "comment": "Mine now."}}),
    ]
    for path, kwargs in requests:
        assert "no " in _refused(app, intruder, "POST", path, 404, **kwargs)


def test_a_body_over_the_size_limit_is_refused(app: FastAPI, clock: Clock) -> None:
    world = build_world(app, clock)
    client = client_for(app, world.user(Role.trainer), clock=clock)
    huge = b'{"name": "' + b"x" * 1_200_000 + b'"}'
    headers = {"Content-Type": "application/json"}
    message = _refused(app, client, "POST", "/api/v1/tracks", 413, content=huge, headers=headers)
    assert "too large" in message
    chunks = iter([huge[:600_000], huge[600_000:]])  # no Content-Length: counted while reading
    message = _refused(app, client, "POST", "/api/v1/tracks", 413, content=chunks, headers=headers)
    assert "too large" in message
