"""Bad input on every write route gets a 4xx with a message and changes nothing in the database."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from api_builders import Clock, client_for, scenario_document, snapshot
from api_world import ROUTES, Route
from fastapi import FastAPI
from fastapi.testclient import TestClient
from role_world import build_world, own_drill, own_test

from api.message_catalogue import MESSAGES
from api.models import Role

WRITES = [pytest.param(r, id=r.name) for r in ROUTES if r.writes and not r.public]
ALL_OPTIONAL = {
    "update me",
    "update user",
    "update team",
    "start today's drill",
    "update stop phrase",
    "decline attempt request",  # the note is optional
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
    assert response.json()["code"] in MESSAGES, response.text
    assert all(isinstance(e["code"], str) for e in response.json()["errors"]), response.text
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
    if route.name in ("import scenario", "import a stop-phrase file"):
        assert "file: is required" in _refused(app, client, method, path, 422, data={"publish": "true"})
        bad = {"file": ("bad.yaml", b"phrases: [unclosed\n", "application/yaml")}
        assert "invalid YAML" in _refused(app, client, method, path, 422, files=bad)
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


# --- ids, NUL characters, strict types, bodies that are not JSON text (issue 12, items 4, 5, 14) ---------------------

BIG_IDS = [2**31, 2**63]  # past PostgreSQL's integer and past SQLite's (and PostgreSQL's bigint)
NUL = "bad\x00text"


def _operation(app: FastAPI, method: str, path: str) -> dict[str, Any]:
    """The OpenAPI operation a concrete path (ids filled in) belongs to."""
    bare = re.sub(r"/\d+", "/{}", path.split("?")[0])
    for template, operations in app.openapi()["paths"].items():
        if re.sub(r"\{\w+\}", "{}", template) == bare and method.lower() in operations:
            return dict(operations[method.lower()])
    raise AssertionError(f"no operation for {method} {path}")


def _query_params(app: FastAPI, method: str, path: str, kind: str) -> list[str]:
    """The names of the operation's query parameters of a JSON schema type (`integer`, `string`)."""
    names = []
    for param in _operation(app, method, path).get("parameters", []):
        schema = param.get("schema", {})
        types = {schema.get("type"), *(s.get("type") for s in schema.get("anyOf", []))}
        if param["in"] == "query" and kind in types:
            names.append(param["name"])
    return names


def _with_query(path: str, name: str, value: str) -> str:
    bare, _, query = path.partition("?")
    kept = [p for p in query.split("&") if p and not p.startswith(f"{name}=")]
    return f"{bare}?{'&'.join([*kept, f'{name}={value}'])}"


def _id_fields(body: Any) -> list[str]:
    """The fields of a body that hold ids (numbers; `step_id` names a step)."""
    if not isinstance(body, dict):
        return []
    return [k for k, v in body.items() if (k.endswith("_id") and isinstance(v, int)) or k == "scenario_ids"]


def _big_id_requests(app: FastAPI, route: Route, path: str, kwargs: dict[str, Any], big: int) -> list[Any]:
    """The request with one id at a time made `big`: in the path, in an integer query parameter, in the body."""
    requests = []
    bare = path.split("?")[0]
    for match in re.finditer(r"/\d+", bare):
        requests.append((path[: match.start()] + f"/{big}" + path[match.end() :], kwargs))
    for name in _query_params(app, route.method, path, "integer"):
        requests.append((_with_query(path, name, str(big)), kwargs))
    body = kwargs.get("json")
    if route.name != "try an answer":  # its step_id names a step of the posted document
        for field in _id_fields(body):
            requests.append((path, {**kwargs, "json": {**body, field: [big] if field == "scenario_ids" else big}}))
    return requests


def test_ids_too_large_for_the_database_get_404_or_422_never_500(app: FastAPI, clock: Clock) -> None:
    """2^31 (past PostgreSQL's integer) and 2^63 (past SQLite's) in every path id, integer query parameter and
    body id of every route; refusals change nothing."""
    world = build_world(app, clock)
    tried = 0
    for route in ROUTES:
        role = _caller(route)
        path, kwargs = route.call(world, role)
        client = client_for(app, world.user(role), clock=clock)
        for big in BIG_IDS:
            for big_path, big_kwargs in _big_id_requests(app, route, path, kwargs, big):
                assert _refused(app, client, route.method, big_path, {404, 422}, **big_kwargs), route.name
                tried += 1
    assert tried > 100


def _strings(body: Any) -> list[str]:
    return [k for k, v in body.items() if isinstance(v, str)] if isinstance(body, dict) else []


def test_a_nul_character_in_any_text_is_refused_with_422(app: FastAPI, clock: Clock) -> None:
    """PostgreSQL cannot store NUL: every text field of every body and every text query parameter refuses it."""
    world = build_world(app, clock)
    tried = 0
    for route in ROUTES:
        role = _caller(route)
        path, kwargs = route.call(world, role)
        client = client_for(app, world.user(role), clock=clock)
        body = kwargs.get("json")
        requests = [(path, {**kwargs, "json": {**body, field: NUL}}) for field in _strings(body)]
        if isinstance(body, dict) and isinstance(body.get("scenario"), dict):  # a document inside the body
            requests.append((path, {"json": {**body, "scenario": {**body["scenario"], "context": NUL}}}))
        requests += [(_with_query(path, n, "a%00b"), kwargs) for n in _query_params(app, route.method, path, "string")]
        for nul_path, nul_kwargs in requests:
            message = _refused(app, client, route.method, nul_path, 422, **nul_kwargs)
            assert "NUL" in message, f"{route.name}: {message}"
            tried += 1
    assert tried > 40


def test_a_nul_character_in_the_login_email_or_an_imported_file_is_refused(app: FastAPI, clock: Clock) -> None:
    world = build_world(app, clock)
    anonymous = TestClient(app)
    for body in ({"email": "a\x00@example.com", "password": "whatever it is"}, {"email": "a@b.c", "password": NUL}):
        message = _refused(app, anonymous, "POST", "/api/v1/auth/login", 422, json=body)
        assert "NUL" in message
    client = client_for(app, world.user(Role.trainer), clock=clock)
    document = json.dumps(scenario_document("with-nul", context=NUL)).encode()
    files = {"file": ("with-nul.json", io.BytesIO(document), "application/json")}
    message = _refused(app, client, "POST", "/api/v1/scenarios/import", 422, files=files)
    assert "NUL" in message


def test_ids_in_a_body_must_be_numbers_not_true_or_text(app: FastAPI, clock: Clock) -> None:
    world = build_world(app, clock)
    tried = 0
    for route in ROUTES:
        role = _caller(route)
        path, kwargs = route.call(world, role)
        client = client_for(app, world.user(role), clock=clock)
        body = kwargs.get("json")
        for field in _id_fields(body):
            for wrong in (True, "1"):
                value = [wrong] if field == "scenario_ids" else wrong
                message = _refused(app, client, route.method, path, 422, json={**body, field: value})
                assert "whole number" in message, f"{route.name}: {message}"
                tried += 1
    assert tried >= 10


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b'{"name": "caf\xe9"}', "UTF-8"),  # Latin-1, not UTF-8
        (b"[" * 100_000 + b"]" * 100_000, "nested"),
        (b'{"name": ' + b"[" * 40 + b"]" * 40 + b"}", "nested"),
    ],
    ids=["invalid UTF-8", "nested past the parser", "nested past the limit"],
)
def test_a_body_that_is_not_json_text_gets_422(app: FastAPI, clock: Clock, content: bytes, words: str) -> None:
    world = build_world(app, clock)
    client = client_for(app, world.user(Role.admin), clock=clock)
    headers = {"Content-Type": "application/json"}
    message = _refused(app, client, "POST", "/api/v1/teams", 422, content=content, headers=headers)
    assert words in message


@pytest.mark.parametrize("path", ["/api/v1/scenarios/import", "/api/v1/stop-phrases/import"])
@pytest.mark.parametrize(
    ("content_type", "words"),
    [("multipart/form-data; boundary=xyz", "multipart"), ("multipart/form-data", "boundary")],
    ids=["broken parts", "no boundary"],
)
def test_a_file_upload_that_is_not_multipart_form_data_gets_422(
    app: FastAPI, clock: Clock, path: str, content_type: str, words: str
) -> None:
    """Found by schemathesis: the form parser's refusal was a 400, a status the API does not use."""
    world = build_world(app, clock)
    client = client_for(app, world.user(Role.trainer), clock=clock)
    body = b"--xyz\r\nTrue--xyz--\r\n"
    message = _refused(app, client, "POST", path, 422, content=body, headers={"Content-Type": content_type})
    assert words in message


@pytest.mark.parametrize("day", ["0", "1700000000", "20260101", "2026-13-01", "yesterday"])
def test_report_days_are_written_as_dates_not_numbers(app: FastAPI, clock: Clock, day: str) -> None:
    world = build_world(app, clock)
    client = client_for(app, world.user(Role.head), clock=clock)
    for name in ("since", "until"):
        response = client.get(f"/api/v1/reports/activity?{name}={day}")
        assert response.status_code == 422, response.text
        assert "YYYY-MM-DD" in response.json()["detail"]
        assert [e["code"] for e in response.json()["errors"]] in (["date_parsing"], ["date_from_datetime_parsing"])
    assert client.get("/api/v1/reports/activity?since=2026-01-05&until=2026-02-01").status_code == 200


@pytest.mark.parametrize("name", ANSWER_ROUTES)
@pytest.mark.parametrize("blank", ["", "   ", "\n\t \u00a0"])
def test_an_empty_answer_is_refused_and_nothing_is_stored(app: FastAPI, clock: Clock, name: str, blank: str) -> None:
    route = next(r for r in ROUTES if r.name == name)
    world = build_world(app, clock)
    path, kwargs = route.call(world, Role.trainer)
    client = client_for(app, world.user(Role.trainer), clock=clock)
    message = _refused(app, client, route.method, path, 422, json={**kwargs["json"], "answer": blank})
    assert message == "answer: must not be empty"
