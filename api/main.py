"""The FastAPI application: `create_app()` builds it; `parry serve` runs it."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import retention
from api.clock import get_now
from api.db import make_engine
from api.deps import SAFE_METHODS, checked_input
from api.errors import ERROR_RESPONSES, PayloadTooLargeError, ServiceError, field_error
from api.frontend import mount_frontend
from api.inputs import MAX_DEPTH
from api.message_catalogue import MESSAGES
from api.messages import field_errors, header_language, public, render, request_language, summary
from api.models.base import id_of
from api.routes import api_router
from api.scoring import ScoringService
from api.services import scenarios as scenario_service
from api.settings import SERVE_PID, Settings, get_settings
from scoring.scorer import Scorer
from scoring.types import LANGUAGES
from voice.transcribe import Transcriber

API_PREFIX = "/api/v1"
log = logging.getLogger("parry")


def create_app(
    settings: Settings | None = None, scorer: Scorer | None = None, *, engine: Engine | None = None
) -> FastAPI:
    """The app; pass a ready `scorer` to share one model (tests), else the model loads at start-up; pass an
    `engine` to share one (tests), else one is made from the settings' database URL."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Parry",
        version="0.1.0",
        summary="Objection-handling trainer for sales teams: practice, tests, disputes, content.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.database_url, pool_size=settings.db_pool_size)
    app.state.owns_engine = engine is None
    app.state.scoring = ScoringService(
        scorer,
        load=lambda: _load_scorer(settings),
        batch_window_s=settings.scoring_batch_window_ms / 1000,
        max_batch=settings.scoring_max_batch,
    )
    app.state.transcriber = Transcriber(cpu_threads=settings.speech_threads)
    app.include_router(api_router, prefix=API_PREFIX, responses=ERROR_RESPONSES, dependencies=[Depends(checked_input)])
    mount_frontend(app)
    _add_error_handlers(app)
    _declare_security(app)
    app.add_middleware(Guard, max_body_bytes=settings.max_body_bytes, trusted_origins=settings.trusted_origins)
    return app


def _declare_security(app: FastAPI) -> None:
    """In the OpenAPI document, every operation that needs a login (FastAPI lists both of `current_login`'s schemes
    as alternatives) needs the session cookie, and a write the CSRF header as well."""
    make_schema = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            for operations in make_schema()["paths"].values():
                for method, operation in operations.items():
                    if "security" in operation:
                        safe = method.upper() in SAFE_METHODS
                        operation["security"] = [{"session": []} if safe else {"session": [], "csrf": []}]
        return app.openapi_schema or make_schema()

    app.openapi = openapi  # type: ignore[method-assign]


def _load_scorer(settings: Settings) -> Scorer:
    from scoring.encoder import load_encoder

    return Scorer(load_encoder(settings.model))


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    scoring: ScoringService = app.state.scoring
    settings: Settings = app.state.settings
    _stop_with_server()
    if settings.preload_model and not scoring.loaded:
        await run_in_threadpool(scoring.scorer)  # once per process, before the first request
    if settings.preload_speech_model:
        await run_in_threadpool(app.state.transcriber.model)
    if settings.preload_model and settings.warm_on_start:
        threading.Thread(target=_warm, args=(app,), name="parry-warm", daemon=True).start()
    forgetting = None
    if settings.audio_retention_days > 0:
        days = settings.audio_retention_days
        forgetting = retention.start_daily(app.state.engine, days=days, clock=lambda: _app_now(app))
    yield
    if forgetting is not None:
        forgetting.set()
    scoring.close()
    if app.state.owns_engine:
        app.state.engine.dispose()


def _app_now(app: FastAPI) -> datetime:
    """The app's time: a test that moves `get_now` moves the background jobs' time too."""
    now: datetime = app.dependency_overrides.get(get_now, get_now)()
    return now


def _stop_with_server() -> None:
    """In a worker of `parry serve --workers N`: stop (as on SIGTERM: requests in progress finish) once the server
    process that started it is gone. Killed with -9, the server cannot stop its workers, and they would keep
    serving on its port as orphans, so that the next `parry serve` could not listen there."""
    server = os.environ.get(SERVE_PID, "")
    if not server.isdigit() or int(server) == os.getpid():
        return

    def watch() -> None:
        while os.getppid() == int(server):
            time.sleep(0.5)
        log.warning("parry serve (process %s) is gone: this worker stops", server)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parry-server-watch", daemon=True).start()


def _warm(app: FastAPI) -> None:
    """Fit the tone and move checks and compute the embeddings of every latest published version in the background, so
    first answers are quick."""
    scoring: ScoringService = app.state.scoring
    try:
        for language in LANGUAGES:
            scoring.scorer().tone.warm(language)
            scoring.scorer().moves.warm(language)
        with Session(app.state.engine) as session:
            versions = [(id_of(v), v.content) for v in scenario_service.latest_versions(session)]
        for version_id, content in versions:
            scoring.warm(scoring.scenario(version_id, content))
    except Exception:  # warming is an optimisation: scoring prepares on first use anyway
        log.exception("warming the scorer failed")


# --- errors: always {"detail", "code", "params", "errors": [{"field", "code", "params", "message"}]} ------------


def _add_error_handlers(app: FastAPI) -> None:
    """Each reply's `detail` and `errors[].message` are the texts of their codes in the request's language."""

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, error: ServiceError) -> JSONResponse:
        body = error_body(error.code, error.params, request_language(request), errors=error.errors, field=error.field)
        return JSONResponse(body, status_code=error.status_code, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        language = request_language(request)
        errors = [_field_error(e) for e in error.errors()]
        return JSONResponse(error_body("validation_failed", {}, language, errors=errors, at_most=3), status_code=422)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
        log.error("unexpected error", exc_info=error)
        return JSONResponse(error_body("internal_error", {}, request_language(request)), status_code=500)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        status, code, params = _http_code(error)
        body = error_body(code, params, request_language(request))
        return JSONResponse(body, status_code=status, headers=error.headers)


def error_body(
    code: str,
    params: dict[str, Any],
    language: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    field: str | None = None,
    at_most: int = 1,
) -> dict[str, Any]:
    """The JSON of an error reply (`ErrorBody`): the texts of the codes in `language`; a template's `{problems}`
    is the first `at_most` field errors (`field: message`)."""
    problems = field_errors(errors or [], language)
    detail = render(code, {**params, "problems": summary(problems, language, at_most=at_most)}, language)
    if field:
        detail = f"{field}: {detail}"
    return {"detail": detail, "code": code, "params": public(params), "errors": problems}


_HTTP_CODES = {
    401: "not_logged_in",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    415: "unsupported_media_type",
}


def _http_code(error: HTTPException) -> tuple[int, str, dict[str, Any]]:
    """Status, code and params of an error Starlette or FastAPI raised; a body it could not read is invalid input
    like any other (422), with the parser's words when it has some (multipart)."""
    status, cause = error.status_code, error.__cause__
    if isinstance(cause, ServiceError):  # raised while FastAPI read the body (the guard's size limit)
        return cause.status_code, cause.code, cause.params
    if status != 400:
        code = _HTTP_CODES.get(status)
        return (status, code, {}) if code else (status, "http_error", {"status": status})
    if isinstance(cause, UnicodeDecodeError):
        return 422, "body_not_utf8", {}
    if isinstance(cause, RecursionError):
        return 422, "body_too_deep", {"depth": MAX_DEPTH}
    return 422, "body_unreadable", {"problem": str(error.detail)}


def _field_error(error: dict[str, Any]) -> dict[str, Any]:
    """A pydantic error as a field error: its type is the code (Parry's own validators raise theirs), its context
    the params; a type the catalogue has no text for reads as pydantic's words (`invalid`)."""
    location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "form")]
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    params = {name: value if isinstance(value, str | int | float | bool) else str(value) for name, value in ctx.items()}
    if kind == "string_too_long":
        params["got"] = len(error["input"]) if isinstance(error.get("input"), str) else "more"
    elif kind == "value_error" or kind not in MESSAGES:
        params["error"] = str(error.get("msg", "")).removeprefix("Value error, ")
    return field_error(".".join(location), kind, **params)


# --- the guard: body size limit, same-origin writes, security headers -------------------------------------------

_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
_API_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")


class Guard:
    """Refuses bodies over the limit (413) and cross-origin writes (403); adds security headers."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, trusted_origins: list[str]) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.trusted = {urlsplit(o).netloc.lower() for o in trusted_origins}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            status, code, params = refusal
            body = error_body(code, params, header_language(headers.get("accept-language")))
            await JSONResponse(body, status_code=status)(scope, receive, send)
            return
        api = scope["path"].startswith(API_PREFIX)
        await self.app(scope, self._limited(receive), self._with_headers(send, api=api))

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str, dict[str, Any]] | None:
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body_bytes:
            return 413, "body_too_large", {"limit": self.max_body_bytes}
        origin = headers.get("origin")
        if scope["method"] in _UNSAFE and origin:  # "null" (a sandboxed frame, a file) matches no host
            netloc = urlsplit(origin).netloc.lower()
            if netloc != headers.get("host", "").lower() and netloc not in self.trusted:
                return 403, "cross_origin", {}
        return None

    def _limited(self, receive: Receive) -> Receive:
        received = 0
        limit = self.max_body_bytes

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise PayloadTooLargeError("body_too_large", limit=limit)
            return message

        return limited

    @staticmethod
    def _with_headers(send: Send, *, api: bool) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = [*_HEADERS, _API_CSP] if api else _HEADERS
                message["headers"] = headers + [(name, value) for name, value in extra if name not in present]
            await send(message)

        return sending
