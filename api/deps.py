"""Dependencies, as `Annotated` aliases: settings, database session, time, scorer, the user and their role."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Annotated
from weakref import WeakKeyDictionary

import anyio.to_thread
from fastapi import Depends, Path, Query, Request, Security
from fastapi.security import APIKeyCookie, APIKeyHeader
from sqlalchemy import Engine
from sqlmodel import Session

from api import inputs, security
from api.clock import get_now
from api.db import begin_read
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


async def get_db(request: Request, engine: Annotated[Engine, Depends(get_engine)]) -> AsyncIterator[Session]:
    """A database session for one request; what a service did not commit is rolled back.

    Only so many requests of a process hold a session at once (`_db_slots`); the others wait here, on the event
    loop, without a thread. Sync code runs on a few threads (40), and a request holding a connection or SQLite's
    write lock needs one of them again (its next dependency, the check of its reply, closing): were they all taken
    by requests waiting for a connection or for that lock, it would wait for them as they wait for it, until the
    pool or SQLite gave up (500: "QueuePool limit reached", "database is locked"). Closed on the event loop too."""
    async with _db_slots(request.app.state.settings):
        with Session(engine, expire_on_commit=False) as session:
            yield session


SPARE_THREADS = 8  # of the threads sync routes and dependencies run on, left to requests not holding a session
_SLOTS: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = WeakKeyDictionary()


def _db_slots(settings: Settings) -> asyncio.Semaphore:
    """The running event loop's slots (one loop per process in production; a test client may start one per
    request): as many as the pool's connections, and fewer than the threads."""
    loop = asyncio.get_running_loop()
    if loop not in _SLOTS:
        threads = int(anyio.to_thread.current_default_thread_limiter().total_tokens)
        _SLOTS[loop] = asyncio.Semaphore(max(1, min(2 * settings.db_pool_size, threads - SPARE_THREADS)))
    return _SLOTS[loop]


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
    name=SESSION_COOKIE,
    scheme_name="session",
    auto_error=False,
    description="The session cookie set by `POST /auth/login` (HttpOnly).",
)
_CSRF_SCHEME = APIKeyHeader(
    name=CSRF_HEADER,
    scheme_name="csrf",
    auto_error=False,
    description="The `csrf_token` given by `POST /auth/login` and `GET /auth/me`: every write sends it.",
)


def current_login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    _cookie: Annotated[str | None, Security(_SESSION_SCHEME)] = None,
    _csrf: Annotated[str | None, Security(_CSRF_SCHEME)] = None,
) -> AuthSession:  # the two schemes declare the cookie and the header in the OpenAPI document
    """The session of the cookie; state-changing requests must also carry its CSRF token in a header."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise NotAuthenticatedError("not_logged_in")
    begin_read(session)  # every request reads its session: on SQLite, without taking the one write lock
    _, auth_session = accounts.authenticate(session, token=token, now=now, settings=settings)
    session.commit()  # end the read (the user and the session stay loaded); what the route does begins anew
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not sent or not same(sent, auth_session.csrf_token):
            raise ForbiddenError("csrf_failed", header=CSRF_HEADER)
    return auth_session


LoginDep = Annotated[AuthSession, Depends(current_login)]


def current_user(login: LoginDep, session: SessionDep) -> User:
    """The logged-in user."""
    begin_read(session)
    user = session.get(User, login.user_id)
    session.commit()
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
