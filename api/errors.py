"""Errors the services raise, one code per condition: the app turns each into a JSON reply (`ErrorBody`) with its
status, `code`, `params` and `detail`, the code's text (api/messages.py) in the request's language."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from api.messages import ENGLISH, render


class ServiceError(Exception):
    """A request the service refuses: a code from the catalogue (api/message_catalogue.py) and its params.

    `field` names the one field at fault: `errors` then holds it with the same code, and `detail` reads
    `field: message` like a validation error's. `errors` lists the fields otherwise (each `field_error`)."""

    status_code = 400

    def __init__(
        self, code: str, /, *, field: str | None = None, errors: list[dict[str, Any]] | None = None, **params: Any
    ) -> None:
        self.code, self.params, self.field = code, params, field
        self.errors = errors if errors is not None else [field_error(field, code, **params)] if field else []
        self.headers: dict[str, str] = {}
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The English text (the command line's, and the API's for a request in English)."""
        text = render(self.code, self.params, ENGLISH)
        return f"{self.field}: {text}" if self.field else text


def field_error(field: str, code: str, **params: Any) -> dict[str, Any]:
    """One field at fault, with the code and params of its problem."""
    return {"field": field, "code": code, "params": params}


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


class PayloadTooLargeError(ServiceError):
    status_code = 413


class TooManyRequestsError(ServiceError):
    status_code = 429

    def __init__(self, code: str, /, *, retry_after: int, **params: Any) -> None:
        super().__init__(code, **params)
        self.headers = {"Retry-After": str(retry_after)}


class FieldProblem(BaseModel):
    """One field at fault: its path (`steps[0].references`), a code and params, and the text in the request's
    language; a file's problem adds the `file` and its `line`."""

    field: str | None
    code: str
    params: dict[str, Any] = {}
    message: str
    file: str | None = None
    line: int | None = None


class ErrorBody(BaseModel):
    """Every error reply: a machine-readable `code` with its `params`, a `detail` to show the user (in the
    request's language), and the fields at fault when there are any."""

    detail: str
    code: str
    params: dict[str, Any] = {}
    errors: list[FieldProblem] = []


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in [
        (401, "Not logged in, or the session expired"),
        (403, "The role does not allow it, or the CSRF token is missing"),
        (404, "No such thing, or not yours"),
        (409, "Not possible in the current state"),
        (422, "The request is not valid: `errors` names the fields"),
    ]
}
