"""Checks every request's text before anything reads it: no NUL character (PostgreSQL cannot store one) and JSON
nested no deeper than a request ever needs."""

from __future__ import annotations

from typing import Any

from api.errors import InvalidError, field_error

MAX_DEPTH = 32  # the deepest body Parry takes (a scenario document) nests 6 levels
NUL = "\x00"


def nul_message(field: str) -> InvalidError:
    """The refusal of a text holding a NUL character."""
    if field:
        return InvalidError("nul_character", field=field)
    return InvalidError("nul_character", errors=[field_error("", "nul_character")])


def check_json(data: Any) -> None:
    """Refuse a JSON document that holds a NUL character in any key or text, or nests deeper than MAX_DEPTH
    (walked without recursion, so any depth the parser took is safe here)."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while stack:
        value, where = stack.pop()
        if len(where) > MAX_DEPTH:
            errors = [field_error(".".join(where[:3]), "body_too_deep", depth=MAX_DEPTH)]
            raise InvalidError("body_too_deep", errors=errors, depth=MAX_DEPTH)
        if isinstance(value, str) and NUL in value:
            raise nul_message(".".join(where))
        if isinstance(value, dict):
            for key, item in value.items():
                if NUL in key:
                    raise nul_message(".".join(where))
                stack.append((item, (*where, key)))
        elif isinstance(value, list):
            stack.extend((item, (*where, str(index))) for index, item in enumerate(value))


def check_query(params: list[tuple[str, str]]) -> None:
    """Refuse a query string with a NUL character in a name or value."""
    for name, value in params:
        if NUL in name or NUL in value:
            raise nul_message(name.replace(NUL, ""))
