"""The browser interface: serves `frontend/` at `/` (index.html for client routes) with security headers."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from starlette.routing import Match, Route
from starlette.types import Scope

FRONTEND_DIR = Path(str(resources.files("frontend")))  # the `frontend` package: in the checkout or installed

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "media-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
_MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
}
# Paths the interface leaves alone, so that the JSON API and FastAPI's own pages keep their 404s and 405s.
_NOT_CLIENT_ROUTES = ("/api/", "/docs", "/redoc", "/openapi.json")
_METHODS = frozenset({"GET", "HEAD"})


class _FrontendRoute(Route):
    """The catch-all route of the interface: GET and HEAD only, never a path of the API."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or scope["method"] not in _METHODS or scope["path"].startswith(_NOT_CLIENT_ROUTES):
            return Match.NONE, {}
        return super().matches(scope)


def mount_frontend(app: FastAPI, directory: Path | None = None) -> None:
    """Serve the browser interface at `/`: files from `directory`, index.html for every client route.

    Call it after the API routers are included: its catch-all route must come last.
    """
    root = (directory or FRONTEND_DIR).resolve()

    async def frontend(request: Request) -> Response:
        return _respond(root, request.path_params.get("path", ""))

    for path in ("/", "/{path:path}"):
        app.router.routes.append(_FrontendRoute(path, frontend, methods=list(_METHODS), include_in_schema=False))


def _respond(root: Path, path: str) -> Response:
    """A file under `root`, index.html for a client route, or a 404."""
    if "\x00" in path:  # no file is named so, and the file system refuses to look
        return _not_found()
    file = _file_under(root, path)
    if file is not None:
        return _file_response(file)
    if "." in path.rsplit("/", 1)[-1]:  # a missing asset, not a client route
        return _not_found()
    return _file_response(root / "index.html")


def _not_found() -> Response:
    return Response("not found", status_code=404, media_type="text/plain", headers=SECURITY_HEADERS)


def _file_under(root: Path, path: str) -> Path | None:
    """The asset at `path` inside `root` (a file of a type the page uses, _MEDIA_TYPES); None for anything else:
    outside it, hidden, missing, or a file of the package that is not the page's (`__init__.py`)."""
    if not path or any(part.startswith(".") for part in path.split("/")):
        return None
    if Path(path).suffix.lower() not in _MEDIA_TYPES:
        return None
    candidate = (root / path).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def _file_response(file: Path) -> FileResponse:
    # No build step, so no hashed file names: let the browser revalidate (ETag) instead of caching blindly.
    headers = {**SECURITY_HEADERS, "Cache-Control": "no-cache"}
    media_type = _MEDIA_TYPES.get(file.suffix.lower(), "application/octet-stream")
    return FileResponse(file, media_type=media_type, headers=headers)
