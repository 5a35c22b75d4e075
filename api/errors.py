"""Errors the services raise; the app turns each into a JSON reply `{"detail": message}` with its status."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ServiceError(Exception):
    """A request the service refuses, with a message for the user."""

    status_code = 400

    def __init__(self, message: str, *, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []
        self.headers: dict[str, str] = {}


class NotAuthenticatedError(ServiceError):
    status_code = 401


class ForbiddenError(ServiceError):
    status_code = 403


class NotFoundError(ServiceError):
    status_code = 404


class ConflictError(ServiceError):
    status_code = 409


class InvalidError(ServiceError):
    status_code = 422


class TooManyRequestsError(ServiceError):
    status_code = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.headers = {"Retry-After": str(retry_after)}


class ErrorBody(BaseModel):
    """Every error reply: a message to show, and the problems field by field (`field`, `message`; a file
    import adds `file` and `line`) when there are any."""

    detail: str
    errors: list[dict[str, Any]] = []


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": description}
    for code, description in [
        (401, "Not logged in, or the session expired"),
        (403, "The role does not allow it, or the CSRF token is missing"),
        (404, "No such thing, or not yours"),
        (409, "Not possible in the current state"),
        (422, "The request is not valid: `errors` names the fields"),
    ]
}
