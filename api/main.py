"""The FastAPI application: `create_app()` builds it; `parry serve` runs it."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
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

from api.db import make_engine
from api.deps import SAFE_METHODS, checked_input
from api.errors import ERROR_RESPONSES, ServiceError
from api.frontend import mount_frontend
from api.inputs import MAX_DEPTH
from api.messages import header_language, request_language, translate, translate_errors
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
    yield
    scoring.close()
    if app.state.owns_engine:
        app.state.engine.dispose()


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
    """Fit the tone check and compute the embeddings of every latest published version in the background, so
    first answers are quick."""
    scoring: ScoringService = app.state.scoring
    try:
        for language in LANGUAGES:
            scoring.scorer().tone.warm(language)
        with Session(app.state.engine) as session:
            versions = [(v.id, v.content) for v in scenario_service.latest_versions(session) if v.id is not None]
        for version_id, content in versions:
            scoring.warm(scoring.scenario(version_id, content))
    except Exception:  # warming is an optimisation: scoring prepares on first use anyway
        log.exception("warming the scorer failed")


# --- errors: always {"detail": "message", "errors": [{"field": ..., "message": ...}]} -----------------------------


def _add_error_handlers(app: FastAPI) -> None:
    """Each reply's `detail` and `errors[].message` are in the request's language (`api/messages.py`)."""

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, error: ServiceError) -> JSONResponse:
        language = request_language(request)
        return JSONResponse(
            {"detail": translate(error.message, language), "errors": translate_errors(error.errors, language)},
            status_code=error.status_code,
            headers=error.headers,
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        language = request_language(request)
        errors = translate_errors([_field_error(e) for e in error.errors()], language)
        detail = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors[:3])
        if len(errors) > 3:
            detail += " " + translate(f"(and {len(errors) - 3} more)", language)
        return JSONResponse({"detail": detail, "errors": errors}, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
        log.error("unexpected error", exc_info=error)
        detail = translate("internal error: the request was not completed", request_language(request))
        return JSONResponse({"detail": detail, "errors": []}, status_code=500)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        status, detail = error.status_code, str(error.detail)
        cause = error.__cause__
        unreadable = _UNREADABLE_BODY.get(type(cause)) if status == 400 and cause is not None else None
        if unreadable is not None:  # FastAPI could not read a JSON body: invalid input like any other (422)
            status, detail = 422, unreadable
        elif status == 400:  # a body FastAPI or the form parser could not read (multipart): invalid input too
            status = 422
        return JSONResponse(
            {"detail": translate(detail, request_language(request)), "errors": []},
            status_code=status,
            headers=error.headers,
        )


# Why FastAPI could not parse a JSON body (it answers 400 "There was an error parsing the body" for these).
_UNREADABLE_BODY: dict[type[BaseException], str] = {
    UnicodeDecodeError: "the body is not valid UTF-8 text",
    RecursionError: f"the body is nested too deeply (at most {MAX_DEPTH} levels)",
}


_MESSAGES = {
    "missing": "is required",
    "json_invalid": "the body is not valid JSON",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "dict_type": "must be an object",
    "model_attributes_type": "must be an object",
    "list_type": "must be a list",
    "extra_forbidden": "is not a known field",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "string_too_short": "must not be empty",
    "string_pattern_mismatch": "has the wrong format",
    "date_parsing": "must be a day written YYYY-MM-DD",
    "date_from_datetime_parsing": "must be a day written YYYY-MM-DD",
    "date_from_datetime_inexact": "must be a day written YYYY-MM-DD",
    "date_type": "must be a day written YYYY-MM-DD",
}


def _field_error(error: dict[str, Any]) -> dict[str, Any]:
    location = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "form")]
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "string_too_long":
        got = len(error["input"]) if isinstance(error.get("input"), str) else "more"
        message = f"must be at most {ctx.get('max_length')} characters (got {got})"
    elif kind in _MESSAGES:
        message = _MESSAGES[kind].format(**ctx)
    else:
        message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    return {"field": ".".join(location), "message": message}


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
            status, message = refusal
            detail = translate(message, header_language(headers.get("accept-language")))
            await JSONResponse({"detail": detail, "errors": []}, status_code=status)(scope, receive, send)
            return
        api = scope["path"].startswith(API_PREFIX)
        await self.app(scope, self._limited(receive), self._with_headers(send, api=api))

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body_bytes:
            return 413, f"the request body is too large (limit {self.max_body_bytes:,} bytes)"
        origin = headers.get("origin")
        if scope["method"] in _UNSAFE and origin:  # "null" (a sandboxed frame, a file) matches no host
            netloc = urlsplit(origin).netloc.lower()
            if netloc != headers.get("host", "").lower() and netloc not in self.trusted:
                return 403, "cross-origin request refused (PARRY_TRUSTED_ORIGINS lists origins allowed to write)"
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
                    raise HTTPException(413, f"the request body is too large (limit {limit:,} bytes)")
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
