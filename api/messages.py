"""The texts of error replies: one catalogue keyed by error code, in English and Russian, with named parameters.

Every error reply carries a `code` (a condition, stable across releases), its `params` and `detail`, the text
for the request's language (`Accept-Language`). A template fills in its parameters with Python's format syntax,
and a few format specs that write a value each language's way:

- `{name!r}`: quoted: `'price'` in English, `«price»` in Russian;
- `{n:,}`, `{n:g}`: a number: `1,048,576` / `0.5` in English, `1 048 576` / `0,5` in Russian;
- `{day:date}`, `{at:moment}`: a day or a moment: `2025-01-31` / ISO 8601 in English, `31.01.2025` /
  `31.01.2025 10:00:05 UTC` in Russian;
- `{role:role}`: a role by its name in the language (`тренер`);
- `{n:plural:минуту|минуты|минут}`: the number with the word in its plural form (English: `one|other`);
- `{expected:choices}`: pydantic's `'a', 'b' or 'c'` with «ёлочки» and «или» in Russian;
- a list value is written with commas.

Field errors (`errors[]`) carry a code too: pydantic's error type (`missing`, `string_too_long`) with its context
as params, or a code of Parry's own. Errors of a scenario or stop-phrase file use the file validator's texts
(`FILE_TEXTS`, English from `scenarios/messages.py`). The one place left for matching text is what parsers write
without codes (YAML, JSON, multipart forms): `PARSER_PROBLEMS`.

The catalogue itself (`MESSAGES`, `FILE_RUSSIAN`, `FILE_TEXTS`, `PARSER_PROBLEMS`) is data, in
`api/message_catalogue.py`; this module renders it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from string import Formatter
from typing import Any

from starlette.requests import HTTPConnection

from api.message_catalogue import FILE_TEXTS, MESSAGES, PARSER_PROBLEMS, Text

RUSSIAN = "ru"
ENGLISH = "en"
LANGUAGES = (ENGLISH, RUSSIAN)
NBSP = "\u00a0"


# --- rendering -------------------------------------------------------------------------------------------------


def text_of(code: str, *, file: bool = False) -> Text | None:
    """The templates of a code (a file's error: the file validator's wording first), or None when unknown."""
    return (FILE_TEXTS.get(code) if file else None) or MESSAGES.get(code) or FILE_TEXTS.get(code)


def render(code: str, params: Mapping[str, Any], language: str, *, file: bool = False) -> str:
    """The text of `code` in `language` ("en" or "ru") with its params filled in. An unknown code reads as itself
    (tests/api/test_messages.py keeps every code raised in `api/` in the catalogue)."""
    text = text_of(code, file=file)
    if text is None:
        return code
    template = text.ru if language == RUSSIAN else text.en
    params = {**params, "problem": parser_problem(params["problem"], language)} if "problem" in params else params
    try:
        return _Formatter(language).vformat(template, (), params)
    except (KeyError, IndexError, ValueError, TypeError):  # a parameter missing or odd: English without it
        return code if language == ENGLISH else render(code, params, ENGLISH, file=file)


def field_message(error: Mapping[str, Any], language: str) -> str:
    """The text of one field error (`code`, `params`; a file's error has `file`); a code without a text of its own
    (a type of pydantic's the catalogue does not word) reads as `invalid`."""
    code, params, file = error["code"], error.get("params") or {}, "file" in error
    if text_of(code, file=file) is None:
        return render("invalid", {"error": params.get("error", code)}, language, file=file)
    return render(code, params, language, file=file)


def field_errors(errors: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """Field errors as a reply gives them: each with its `message` in `language` and JSON params."""
    return [{**e, "params": public(e.get("params") or {}), "message": field_message(e, language)} for e in errors]


def summary(errors: list[dict[str, Any]], language: str, *, at_most: int = 1) -> str:
    """The first `at_most` field errors as `field: message` joined by "; ", then "(and N more)"."""
    parts = [f"{e['field']}: {e['message']}" if e.get("field") else e["message"] for e in errors[:at_most]]
    text = _lower_first("; ".join(parts))
    if len(errors) > at_most:
        text += " " + render("more_problems", {"more": len(errors) - at_most}, language)
    return text


def parser_problem(problem: str, language: str) -> str:
    """A parser's English text in `language`: its Russian when a pattern of PARSER_PROBLEMS matches."""
    if language != RUSSIAN:
        return problem
    for pattern, russian in PARSER_PROBLEMS:
        match = pattern.fullmatch(problem)
        if match is not None:
            return russian.format(**match.groupdict())
    return problem


def public(params: Mapping[str, Any]) -> dict[str, Any]:
    """Params as JSON: days and moments in ISO 8601."""
    return {name: value.isoformat() if isinstance(value, date) else value for name, value in params.items()}


def request_language(request: HTTPConnection) -> str:
    """Russian ("ru") when the request's Accept-Language header starts with a Russian tag, else English ("en")."""
    return header_language(request.headers.get("accept-language"))


def header_language(accept_language: str | None) -> str:
    """Russian ("ru") when the first tag of an Accept-Language value starts with "ru", else English ("en")."""
    first = (accept_language or "").split(",")[0].split(";")[0].strip().lower()
    return RUSSIAN if first.startswith(RUSSIAN) else ENGLISH


def placeholders(template: str) -> set[str]:
    """The parameter names a template fills in."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}


# --- writing values each language's way ------------------------------------------------------------------------

_ROLES = {"trainee": "стажёр", "trainer": "тренер", "head": "РОП", "admin": "администратор"}


class _Formatter(Formatter):
    def __init__(self, language: str) -> None:
        self.russian = language == RUSSIAN

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "r" and self.russian:
            return f"«{value}»"
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> str:
        kind, _, argument = format_spec.partition(":")
        if kind == "plural":
            return self._plural(value, argument.split("|"))
        if kind in ("date", "moment"):
            return self._moment(value, day=kind == "date")
        if kind == "role":
            return _ROLES.get(str(value), str(value)) if self.russian else str(value)
        if kind == "choices":
            return re.sub(r"'([^']*)'", r"«\1»", str(value)).replace(" or ", " или ") if self.russian else str(value)
        if isinstance(value, list | tuple):
            value = ", ".join(map(str, value))
        text = format(value, format_spec)
        if self.russian and isinstance(value, int | float) and not isinstance(value, bool):
            text = text.replace(",", NBSP).replace(".", ",")
        return text

    def _plural(self, value: Any, forms: list[str]) -> str:
        number = self.format_field(value, "g" if isinstance(value, float) else ",")
        if not self.russian:
            return f"{number} {forms[0] if value == 1 else forms[-1]}"
        one, few, many = (forms + forms[-1:] * 2)[:3]
        if value != int(value):
            return f"{number} {few}"  # a fraction: «1,5 минуты»
        n = int(value)
        if n % 10 == 1 and n % 100 != 11:
            return f"{number} {one}"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return f"{number} {few}"
        return f"{number} {many}"

    def _moment(self, value: Any, *, day: bool) -> str:
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
            except ValueError:
                return str(value)
        if isinstance(value, datetime) and day:
            value = value.date()
        if not self.russian:
            return value.isoformat() if isinstance(value, date) else str(value)
        if isinstance(value, datetime):
            moment = value.astimezone(UTC) if value.tzinfo else value
            return moment.strftime("%d.%m.%Y %H:%M:%S") + (" UTC" if value.tzinfo else "")
        return value.strftime("%d.%m.%Y") if isinstance(value, date) else str(value)


def _lower_first(text: str) -> str:
    """ "Файл пуст" → "файл пуст" after other words (a sentence's capital letter, not an acronym's)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
