"""Every operation of the OpenAPI document, called by schemathesis with generated requests as each role and
anonymously, on SQLite and PostgreSQL: no reply is a server error, and every reply matches the document (its
status is declared, its body fits the declared schema). Bounded for CI: a few examples per operation, derandomized
so a run is repeatable."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import count
from typing import Any

import pytest
import schemathesis
from api_builders import Clock, make_session, session_of
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from role_world import World, build_world
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import update
from sqlmodel import col

from api.deps import CSRF_HEADER, SESSION_COOKIE
from api.models import Role, User

EXAMPLES = 5  # generated per operation (each sent by every caller), beside the boundary cases (the coverage phase)
# Only the documented operations: not every other method on each path (schemathesis' "unexpected methods").
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"unexpected-methods": []}}})
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def world(app: FastAPI, clock: Clock) -> World:
    return build_world(app, clock)


@pytest.fixture
def api_schema(app: FastAPI, world: World) -> Any:
    """The app's OpenAPI document, served in process."""
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app, config=CONFIG)


schema = schemathesis.pytest.from_fixture("api_schema")


def _as(app: FastAPI, world: World, clock: Clock, role: Role | None) -> dict[str, dict[str, str]]:
    """The cookies and headers of a fresh session of the world's user with `role` (none: anonymous), who is put
    back as built first: an earlier request may have logged them out, disabled them or changed their role."""
    if role is None:
        return {"cookies": {}, "headers": {}}
    user = world.user(role)
    with session_of(app) as session:
        session.exec(
            update(User).where(col(User.id) == user.id).values(role=role, is_active=True, team_id=user.team_id)
        )
        session.commit()
    token, csrf = make_session(app, user, clock=clock)
    return {"cookies": {SESSION_COOKIE: token}, "headers": {CSRF_HEADER: csrf}}


@pytest.mark.model
@schema.parametrize()
@settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
def test_every_operation_answers_without_server_errors_and_as_documented(
    case: Any, app: FastAPI, world: World, clock: Clock
) -> None:
    for role in _callers(case):
        try:
            case.call_and_validate(**_as(app, world, clock, role), checks=CHECKS)
        except BaseException as failure:
            failure.add_note(f"called as: {role.value if role else 'anonymous'}")
            raise


CALLERS: list[Role | None] = [None, *Role]
_turns: dict[str, Iterator[int]] = defaultdict(count)


def _callers(case: Any) -> list[Role | None]:
    """Who sends this case: a generated (fuzzing) case goes out as every caller; the boundary cases of the coverage
    phase (about seven in eight of all) as one caller each, in turn, so each operation still meets every caller."""
    if case.meta is None or case.meta.phase.name != "coverage":
        return CALLERS
    return [CALLERS[next(_turns[case.operation.label]) % len(CALLERS)]]
