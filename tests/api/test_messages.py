"""The language of error messages: the catalogue (api/messages.py) covers every message the API sends, and the
API answers in Russian when the request asks for it (Accept-Language), in English otherwise."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pytest
from api_builders import PASSWORD, Clock, client_for, make_user, scenario_document
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, TypeAdapter, ValidationError
from starlette.requests import Request

import api
from api.errors import InvalidError
from api.main import _MESSAGES as HANDLER_MESSAGES
from api.main import _field_error
from api.messages import _CATALOGUE, CATALOGUE, placeholders, request_language, translate
from api.models import Role
from api.models.content import AssignmentCreate, TrackRules
from api.models.users import LoginRequest, PasswordChange, UserCreate, UserUpdate
from api.services import scenarios as scenario_service
from scenarios.loader import _MESSAGES as LOADER_MESSAGES

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
RU = {"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}


def _russian(message: str) -> bool:
    """Translated: the Russian text differs from the English one and is written in Russian."""
    text = translate(message, "ru")
    return text != message and bool(CYRILLIC.search(text)) and bool(text.strip())


# --- translate and request_language --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "russian"),
    [
        ("no attempts left: 3 of 3 used", "Попыток не осталось: использовано 3 из 3"),
        (
            "too many failed logins: wait 15 minutes and try again",
            "Слишком много неудачных попыток входа: подождите 15 мин. и попробуйте снова",
        ),
        ("no scenario with id 42", "Сценарий с id 42 не найден"),
        ("no scenario with id 4, 5", "Сценарии с id 4, 5 не найдены"),
        ("no item 3 in test 12", "В тесте 12 нет возражения 3"),
        ("a team named 'Sales' already exists", "Команда «Sales» уже существует"),
        (
            "this needs the admin role or higher; you are trainer",
            "Для этого нужна роль «администратор» или выше; ваша роль — «тренер»",
        ),
        ("Input should be 'comma' or 'semicolon'", "допустимые значения: «comma» или «semicolon»"),
        (
            "the request body is too large (limit 1,100,000 bytes)",
            "Тело запроса слишком большое (лимит в байтах: 1\u00a0100\u00a0000)",
        ),
        (
            "you are certified on this track until 2026-03-01; the renewal test opens on 2026-02-15",
            "Ваш сертификат по этой программе обучения действует до 01.03.2026; тест для продления откроется "
            "15.02.2026",
        ),
        (
            "time for this answer ran out at 2025-01-31T10:00:05+00:00: it counts as 0",
            "Время на этот ответ истекло 31.01.2025 10:00:05 UTC: ответ засчитан как 0",
        ),
        (
            "the scenario is not valid: steps[1].id: step id 'price' is used twice in this scenario (and 2 more)",
            "Сценарий не прошёл проверку: steps[1].id: id шага «price» встречается в этом сценарии дважды "
            "(и ещё ошибок: 2)",
        ),
        ("the scenario is not valid: the file is empty", "Сценарий не прошёл проверку: файл пуст"),
        ("key point 3 does not exist: this step has 2", "ключевого тезиса № 3 нет: ключевых тезисов у этого шага — 2"),
        ("key point 2 is listed twice", "ключевой тезис № 2 указан дважды"),
        ("Not Found", "Не найдено"),
    ],
)
def test_messages_with_parameters_are_translated_with_their_values(english: str, russian: str) -> None:
    assert translate(english, "ru") == russian
    assert translate(english, "en") == english


@pytest.mark.parametrize("message", ["something nobody wrote a pattern for", "no team with id seven", "", " "])
def test_a_message_without_a_pattern_stays_as_it_is(message: str) -> None:
    assert translate(message, "ru") == message


def _request(headers: dict[str, str]) -> Request:
    raw = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]
    return Request({"type": "http", "method": "GET", "path": "/", "headers": raw})


@pytest.mark.parametrize(
    ("headers", "language"),
    [
        ({"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"}, "ru"),
        ({"Accept-Language": "ru"}, "ru"),
        ({"Accept-Language": "RU"}, "ru"),
        ({"Accept-Language": "en-GB"}, "en"),
        ({"Accept-Language": "en-US,ru;q=0.9"}, "en"),
        ({"Accept-Language": ""}, "en"),
        ({"Accept-Language": "*"}, "en"),
        ({}, "en"),
    ],
)
def test_the_language_is_the_first_tag_of_accept_language(headers: dict[str, str], language: str) -> None:
    assert request_language(_request(headers)) == language


# --- the catalogue ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("pattern", "template"), _CATALOGUE, ids=[p for p, _ in _CATALOGUE])
def test_every_entry_compiles_and_its_template_is_russian_and_names_only_its_groups(
    pattern: str, template: str
) -> None:
    compiled = re.compile(pattern)
    assert set(placeholders(template)) <= set(compiled.groupindex), template
    assert CYRILLIC.search(template), template
    assert template.strip() == template
    assert template.format(**dict.fromkeys(compiled.groupindex, "x"))  # braces in the text are doubled


def test_the_catalogue_is_compiled_in_order() -> None:
    assert [p.pattern for p, _ in CATALOGUE] == [p for p, _ in _CATALOGUE]


# --- coverage: every message raised in api/ has a Russian pattern -------------------------------------------------

API_DIR = Path(api.__file__).parent

# Values for f-string placeholders that hold part of a sentence; any other placeholder becomes "7".
SAMPLES = {
    "what": "has no version 7",
    "where": "steps[0].id: ",
    "first['message']": "the file is empty",
    "more": " (and 2 more)",
    "who": "team 7",
    "now_open": "now: 'price'",
    "role.value": "trainer",
    "user.role.value": "trainee",
    "locked.status": "accepted",
    "item.deadline.isoformat()": "2025-01-31T10:00:00+00:00",
    "', '.join(map(str, missing))": "7, 8",
    "', '.join(map(str, unpublished))": "7, 8",
}


def _sample(value: ast.FormattedValue) -> str:
    text = SAMPLES.get(ast.unparse(value.value), "7")
    return repr(text) if value.conversion == ord("r") else text


def _text(node: ast.expr) -> str | None:
    """A message as the service would write it: a string, or an f-string with sample values."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [
            _sample(part) if isinstance(part, ast.FormattedValue) else str(getattr(part, "value", ""))
            for part in node.values
        ]
        return "".join(parts)
    return None


def _name(function: ast.expr) -> str:
    if isinstance(function, ast.Name):
        return function.id
    return function.attr if isinstance(function, ast.Attribute) else ""


def _messages_in_api() -> Iterator[tuple[str, str]]:
    """(where, message) for every literal message given to an ...Error(...) in api/, and every literal
    `"message"` of the field errors passed along (`errors=[{"field": ..., "message": ...}]`)."""
    for path in sorted(API_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and _name(node.func).endswith("Error")):
                continue
            where = f"{path.relative_to(API_DIR.parent)}:{node.lineno}"
            if node.args and (text := _text(node.args[0])) is not None:
                yield where, text
            for keyword in node.keywords:
                if keyword.arg != "errors":
                    continue
                for item in ast.walk(keyword.value):
                    if isinstance(item, ast.Dict):
                        for key, value in zip(item.keys, item.values, strict=True):
                            text = _text(value) if isinstance(key, ast.Constant) and key.value == "message" else None
                            if text is not None:
                                yield where, text


def test_the_coverage_check_finds_the_messages_of_the_api() -> None:
    found = dict(_messages_in_api())
    assert len(found) >= 75
    assert "no attempts left: 7 of 7 used" in found.values()
    assert "no such team" in found.values()  # a field message


def test_every_message_raised_in_the_api_has_a_russian_translation() -> None:
    missing = [f"{where}: {message}" for where, message in _messages_in_api() if not _russian(message)]
    assert missing == [], "add a pattern to api/messages.py for:\n" + "\n".join(missing)


# Messages the API sends that are built away from an ...Error(...) call: passed in a variable or made elsewhere.
INDIRECT = [
    "a scenario with id 'hvac-price' already exists",
    "someone published this scenario at the same moment: reload and try again",
    "the latest version of scenario 3 has no step 'price'",
    "you are certified on this track until 2026-03-01; the renewal test opens on 2026-02-15",
    "the test opens after practice: 6 more practice answers needed on 3 of 4 steps (each step 2 times in this cycle)",
    "the request body is too large (limit 1,100,000 bytes)",
    "cross-origin request refused (PARRY_TRUSTED_ORIGINS lists origins allowed to write)",
    "internal error: the request was not completed",
    "step 'price' is not open in this drill: the conversation is over; start a new drill on this scenario to answer "
    "again",
    "step 'price' is not open in this drill (now: 'timing'; a retry may answer None)",
    "the answer is 2100 characters long; the limit is 2000",
    "a step needs at least one non-empty reference answer",
    "unknown language 'de': use one of ru, en",
    "pass mark 120 is outside 0-100",
    "sample grade -1 is outside 0-100",
    "a key point needs text and a positive weight",
    "red flag 'discount' needs phrases or a meaning",
    "(and 4 more)",
    "Not Found",
    "Method Not Allowed",
    "There was an error parsing the body",
]


@pytest.mark.parametrize("message", INDIRECT)
def test_messages_made_away_from_an_error_call_are_translated(message: str) -> None:
    assert _russian(message)


@pytest.mark.parametrize("kind", sorted(HANDLER_MESSAGES))
def test_the_field_messages_of_the_validation_handler_are_translated(kind: str) -> None:
    assert _russian(HANDLER_MESSAGES[kind].format(ge=1, le=100))


@pytest.mark.parametrize("kind", sorted(LOADER_MESSAGES))
def test_the_field_messages_of_the_scenario_validator_are_translated(kind: str) -> None:
    assert _russian(LOADER_MESSAGES[kind].format(ge=0, le=100, gt=0, min_length=1, max_length=20))


# --- real messages: pydantic through the validation handler, the scenario validator --------------------------------


class _Query(BaseModel):
    sep: Literal["comma", "semicolon"]
    since: date
    role: Role
    limit: int
    flag: bool


def _pydantic_errors(model: type[BaseModel] | TypeAdapter[Any], data: Any) -> list[dict[str, Any]]:
    validate: Callable[[Any], Any] = (
        model.validate_python if isinstance(model, TypeAdapter) else model.model_validate  # type: ignore[assignment]
    )
    with pytest.raises(ValidationError) as caught:
        validate(data)
    return [dict(e) for e in caught.value.errors()]


BAD_BODIES: list[tuple[Any, Any]] = [
    (TrackRules, {}),
    (TrackRules, {"name": "", "scenario_ids": [], "test_size": 0, "pass_mark": 101, "extra": 1}),
    (TrackRules, {"name": "x" * 201, "scenario_ids": [1] * 101, "test_size": "many", "seconds_per_answer": 1.5}),
    (TrackRules, {"name": "T", "scenario_ids": [1, 1], "floor": 90, "pass_mark": 50}),
    (TrackRules, {"name": ["T"], "scenario_ids": "1", "description": 5}),
    (AssignmentCreate, {}),
    (AssignmentCreate, {"team_id": 1, "user_id": 2}),
    (UserCreate, {"email": "not an email", "name": " ", "password": "short", "role": "boss", "language": "de"}),
    (UserUpdate, {"is_active": "perhaps", "team_id": "x"}),
    (LoginRequest, {"email": "", "password": "p" * 129}),
    (PasswordChange, {}),
    (_Query, {"sep": "tab", "since": "yesterday", "role": "king", "limit": "ten", "flag": "maybe"}),
    (_Query, {"sep": "comma", "since": "2025-13-01", "role": "trainee", "limit": 1.5, "flag": [1]}),
    (TypeAdapter(list[int]), "not a list"),
    (TypeAdapter(dict[str, int]), "not an object"),
    (TypeAdapter(float), "not a number"),
]


@pytest.mark.parametrize(("model", "data"), BAD_BODIES)
def test_the_validation_handlers_messages_for_bad_bodies_are_translated(model: Any, data: Any) -> None:
    for error in _pydantic_errors(model, data):
        message = _field_error(error)["message"]
        assert _russian(message), f"{error['type']}: {message}"


def _broken(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = scenario_document()
    change(document)
    return document


def _step(index: int, **fields: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        for name, value in fields.items():
            if value is None:
                document["steps"][index].pop(name, None)
            else:
                document["steps"][index][name] = value

    return change


def _both(*changes: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        for one in changes:
            one(document)

    return change


BROKEN_DOCUMENTS: list[Callable[[dict[str, Any]], None]] = [
    lambda d: d.update(dificulty="hard"),
    lambda d: d["persona"].pop("temperament"),
    lambda d: d.update(title="x" * 201, tags=["t"] * 21, language="de", difficulty="extreme", id="Bad Id"),
    lambda d: d.update(steps=[]),
    lambda d: d.update(persona="a buyer", pass_mark="high", closing_line=None),
    lambda d: d.update(pass_mark=70.5, context=" "),
    _step(0, customer_line=" ", references=["only one"]),
    _step(0, customer_line=None, category="budget"),
    _step(0, category="custom"),
    _step(0, custom_category="Lock-in"),
    _step(0, red_flags=[{"label": "x", "penalty": 120}], key_points=[{"text": "y", "weight": 0}]),
    _step(0, samples=[{"answer": "a", "grade": 92.5}, {"answer": "b", "grade": 120}], hints="one hint"),
    _step(0, pushback="I still think it's too expensive."),
    _step(2, follow_ups={"strong": "timing"}),
    lambda d: d.update(endings={}),
    lambda d: d.update(endings={"won": "Deal.", "lost": "No deal.", "draw": "Maybe."}),
    lambda d: d.update(endings={"won": "Deal."}),
    _step(0, follow_ups={"strong": "timing", "weak": "push-back"}),
    _step(0, follow_ups={"strong": "timing", "weak": "timing"}),
    _step(1, id="price"),
    _step(1, id="end"),
    _both(
        _step(1, follow_ups={"strong": "timing", "weak": "timing"}),
        _step(2, follow_ups={"strong": "pushback", "weak": "pushback"}),
    ),
]


@pytest.mark.parametrize("change", BROKEN_DOCUMENTS)
def test_the_scenario_validators_messages_are_translated(change: Callable[[dict[str, Any]], None]) -> None:
    document = _broken(change)
    parsed, errors = scenario_service.validate(document)
    assert parsed is None
    for error in errors:
        assert _russian(error["message"]), f"{error['field']}: {error['message']}"
    with pytest.raises(InvalidError) as caught:
        scenario_service.parse(document)
    assert _russian(caught.value.message), caught.value.message


BROKEN_FILES: list[tuple[str, bytes]] = [
    ("empty.yaml", b"# only a comment\n"),
    ("binary.yaml", b"\x89PNG\x00\x01"),
    ("utf16.yaml", "id: x".encode("utf-16")),
    ("latin1.yaml", "title: caf\u00e9\n".encode("latin-1")),
    ("colon.yaml", b'id: x\ntitle: Workwear: "We already have"\n'),
    ("tabs.yaml", b"id: x\n\ttitle: y\n"),
    ("anchors.yaml", b"a: &x 1\nb: *x\n"),
    ("deep.yaml", b"a: " + b"[" * 20 + b"]" * 20 + b"\n"),
    ("dup-key.yaml", b"id: a\nid: b\n"),
    ("int-key.yaml", b"1: x\n"),
    ("list-top.yaml", b"- id: x\n"),
    ("bad.json", b'{"id": "x",}'),
    ("garbage.json", b"{oops"),
    ("too-big.yaml", b"#" * 1_000_001),
    ("unclosed-list.yaml", b"tags: [a, b\n"),
    ("unclosed-map.yaml", b"persona: {role: x\n"),
    ("unclosed-quote.yaml", b'title: "Too expensive\n'),
    ("indent.yaml", b"id: x\n  title: y\n"),
    ("two-documents.yaml", b"id: x\n---\nid: y\n"),
    ("at-sign.yaml", b"title: @home\n"),
    ("list-indent.yaml", b"tags:\n  - a\n - b\n"),
]


@pytest.mark.parametrize(("name", "content"), BROKEN_FILES, ids=[n for n, _ in BROKEN_FILES])
def test_the_scenario_validators_file_messages_are_translated(name: str, content: bytes) -> None:
    parsed, errors = scenario_service.validate(content, name=name)
    assert parsed is None
    assert errors
    for error in errors:
        assert _russian(error["message"]), error["message"]
        problem = error["message"].partition("invalid YAML: ")[2]
        assert not problem or _russian(problem), problem  # the parser's own words too


# --- through the app -----------------------------------------------------------------------------------------------


def test_a_wrong_login_is_refused_in_the_language_asked_for(app: FastAPI, clock: Clock) -> None:
    user = make_user(app, clock=clock)
    client = TestClient(app)
    body = {"email": user.email, "password": "not the password"}
    russian = client.post("/api/v1/auth/login", json=body, headers=RU)
    english = client.post("/api/v1/auth/login", json=body, headers=EN)
    plain = client.post("/api/v1/auth/login", json=body)
    assert russian.status_code == english.status_code == plain.status_code == 401
    assert russian.json() == {"detail": "Неверный адрес электронной почты или пароль", "errors": []}
    assert english.json() == plain.json() == {"detail": "wrong email or password", "errors": []}
    assert client.post("/api/v1/auth/login", json={**body, "password": PASSWORD}, headers=RU).status_code == 200


def test_validation_errors_come_in_russian_field_by_field(app: FastAPI, clock: Clock) -> None:
    trainer = make_user(app, role=Role.trainer, clock=clock)
    client = client_for(app, trainer, clock=clock)
    bad = {"name": "", "scenario_ids": [], "test_size": 0, "pass_mark": 101, "floor": "low"}
    russian = client.post("/api/v1/tracks", json=bad, headers=RU)
    english = client.post("/api/v1/tracks", json=bad)
    assert russian.status_code == english.status_code == 422
    ru_errors, en_errors = russian.json()["errors"], english.json()["errors"]
    assert [e["field"] for e in ru_errors] == [e["field"] for e in en_errors]
    messages = {e["field"]: e["message"] for e in ru_errors}
    assert messages["name"] == "не должно быть пустым"
    assert messages["test_size"] == "должно быть не меньше 1"
    assert messages["pass_mark"] == "должно быть не больше 100"
    assert messages["scenario_ids"] == "слишком мало элементов (минимум: 1; сейчас: 0)"
    assert messages["floor"] == "должно быть целым числом"
    assert all(CYRILLIC.search(e["message"]) for e in ru_errors)
    detail = russian.json()["detail"]
    assert detail.startswith("name: не должно быть пустым; ")
    assert detail.endswith("(и ещё ошибок: 2)")
    assert english.json()["detail"].endswith("(and 2 more)")
    broken = client.post("/api/v1/tracks", content=b'{"oops": ', headers={**RU, "Content-Type": "application/json"})
    assert broken.status_code == 422
    assert broken.json()["detail"].endswith("тело запроса — некорректный JSON")


def test_a_missing_thing_is_reported_in_russian(app: FastAPI, clock: Clock) -> None:
    client = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    missing = client.get("/api/v1/scenarios/999999", headers=RU)
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Сценарий с id 999999 не найден", "errors": []}
    assert client.get("/api/v1/scenarios/999999").json()["detail"] == "no scenario with id 999999"
    no_route = client.get("/api/v1/no-such-route", headers=RU)
    assert no_route.status_code == 404
    assert no_route.json()["detail"] == "Не найдено"


def test_an_invalid_scenario_is_refused_in_russian_with_its_fields(app: FastAPI, clock: Clock) -> None:
    client = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    document = scenario_document(language="de")
    document["steps"][0]["references"] = ["only one"]
    response = client.post("/api/v1/scenarios", json=document, headers=RU)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("Сценарий не прошёл проверку: ")
    assert body["detail"].endswith("(и ещё ошибок: 1)")
    messages = {e["field"]: e["message"] for e in body["errors"]}
    assert messages["language"] == "значение «de» недопустимо; допустимые значения: «ru» или «en»"
    assert messages["steps[0].references"].startswith("нужны хотя бы два эталонных ответа")


def test_checking_a_scenario_in_the_editor_reports_in_russian(app: FastAPI, clock: Clock) -> None:
    client = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    document = scenario_document(language="de")
    for headers, expected in [
        (RU, "значение «de» недопустимо; допустимые значения: «ru» или «en»"),
        ({}, "'de' is not allowed: use one of 'ru' or 'en'"),
    ]:
        report = client.post("/api/v1/scenarios/validate", json=document, headers=headers)
        assert report.status_code == 200, report.text
        assert report.json()["ok"] is False
        assert {e["field"]: e["message"] for e in report.json()["errors"]}["language"] == expected


def test_refusals_of_the_guard_and_the_session_come_in_russian(app: FastAPI, clock: Clock) -> None:
    user = make_user(app, clock=clock)
    client = client_for(app, user, clock=clock)
    cross = client.patch("/api/v1/auth/me", json={"name": "X"}, headers={**RU, "Origin": "https://evil.example"})
    assert cross.status_code == 403
    assert cross.json()["detail"].startswith("Запрос с другого сайта отклонён")
    no_token = client_for(app, user, clock=clock, csrf=False)
    refused = no_token.patch("/api/v1/auth/me", json={"name": "X"}, headers=RU)
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("CSRF-токен отсутствует или неверен")
    assert TestClient(app).get("/api/v1/auth/me", headers=RU).json()["detail"] == "Сначала войдите в систему"
