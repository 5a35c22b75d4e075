"""Dependencies, as `Annotated` aliases: settings, database session, time, scorer, the user and their role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Path, Query, Request, Security
from fastapi.security import APIKeyCookie, APIKeyHeader
from sqlalchemy import Engine
from sqlmodel import Session

from api import inputs, security
from api.clock import get_now
from api.errors import ForbiddenError, NotAuthenticatedError
from api.messages import request_language
from api.models import AuthSession, Role, User
from api.models.base import MAX_ID
from api.scoring import ScoringService
from api.security import same
from api.services import accounts
from api.settings import Settings

SESSION_COOKIE = "parry_session"
CSRF_COOKIE = "parry_csrf"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_app_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    """The app's database engine."""
    engine: Engine = request.app.state.engine
    return engine


def get_db(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Session]:
    """A database session for one request; what a service did not commit is rolled back."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


def get_scoring(request: Request) -> ScoringService:
    """The process's scoring service (one model per process)."""
    scoring: ScoringService = request.app.state.scoring
    return scoring


PathId = Annotated[int, Path(ge=1, le=MAX_ID, description="An id (1 to 2147483647).")]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID, description="An id (1 to 2147483647).")]

SettingsDep = Annotated[Settings, Depends(get_app_settings)]


def client_address(request: Request, settings: SettingsDep) -> str:
    """Where the request came from: X-Forwarded-For is believed only from PARRY_TRUSTED_PROXIES."""
    peer = request.client.host if request.client else None
    return security.client_address(peer, request.headers.get("x-forwarded-for"), settings.proxy_networks)


ClientAddress = Annotated[str, Depends(client_address)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SessionDep = Annotated[Session, Depends(get_db)]
NowDep = Annotated[datetime, Depends(get_now)]
ScoringDep = Annotated[ScoringService, Depends(get_scoring)]
LanguageDep = Annotated[str, Depends(request_language)]
"""The language of messages for this request ("en" or "ru", from Accept-Language)."""


async def checked_input(request: Request) -> None:
    """Every API request: no NUL character in the path, the query or a JSON body, and no JSON nested too deeply
    (`api.inputs`); runs before any other dependency."""
    if inputs.NUL in request.url.path:
        raise inputs.nul_message("path")
    inputs.check_query(request.query_params.multi_items())
    if request.method in SAFE_METHODS or "json" not in request.headers.get("content-type", ""):
        return
    try:
        data = await request.json()  # parsed once: FastAPI reads the same cached body
    except (ValueError, RecursionError):  # not JSON: the body's own validation says so
        return
    inputs.check_json(data)


_SESSION_SCHEME = APIKeyCookie(
    name=SESSION_COOKIE, scheme_name="session", auto_error=False,
    description="The session cookie set by `POST /auth/login` (HttpOnly).",
)  # fmt: skip
_CSRF_SCHEME = APIKeyHeader(
    name=CSRF_HEADER, scheme_name="csrf", auto_error=False,
    description="The `csrf_token` given by `POST /auth/login` and `GET /auth/me`: every write sends it.",
)  # fmt: skip


def current_login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    _cookie: Annotated[str | None, Security(_SESSION_SCHEME)] = None,
    _csrf: Annotated[str | None, Security(_CSRF_SCHEME)] = None,
) -> AuthSession:  # fmt: skip (the two schemes declare the cookie and the header in the OpenAPI document)
    """The session of the cookie; state-changing requests must also carry its CSRF token in a header."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise NotAuthenticatedError("not_logged_in")
    _, auth_session = accounts.authenticate(session, token=token, now=now, settings=settings)
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent or not same(sent, auth_session.csrf_token):
            raise ForbiddenError("csrf_failed", header=CSRF_HEADER)
    return auth_session


LoginDep = Annotated[AuthSession, Depends(current_login)]


def current_user(login: LoginDep, session: SessionDep) -> User:
    """The logged-in user."""
    user = session.get(User, login.user_id)
    if user is None:
        raise NotAuthenticatedError("not_logged_in")
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require(role: Role) -> Callable[[User], User]:
    """A dependency that lets through users with `role` or a higher one."""

    def check(user: CurrentUser) -> User:
        if not user.role.at_least(role):
            raise ForbiddenError("role_needed", needed=role.value, role=user.role.value)
        return user

    return check


RequireTrainer = Annotated[User, Depends(require(Role.trainer))]
RequireHead = Annotated[User, Depends(require(Role.head))]
RequireAdmin = Annotated[User, Depends(require(Role.admin))]
