"""Error codes and their texts: every refusal the API can send has a code, every code has an English and a Russian
text in one catalogue (api/message_catalogue.py, rendered by api/messages.py), and replies carry the code with the
text in the request's language."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from api_builders import PASSWORD, Clock, client_for, make_user, scenario_document
from fastapi import FastAPI
from fastapi.testclient import TestClient

import api
import scenarios
from api.message_catalogue import FILE_RUSSIAN, FILE_TEXTS, MESSAGES
from api.messages import parser_problem, placeholders, render
from api.models import Role
from scenarios.messages import MESSAGES as FILE_ENGLISH

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
RU = {"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}
COMPOSED = {"validation_failed", "body_unreadable", "invalid"}  # a text made of other texts: no words of its own

# --- the catalogue ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_an_english_and_a_russian_text_with_the_same_params(code: str) -> None:
    text = MESSAGES[code]
    assert re.fullmatch(r"[a-z][a-z0-9_]*", code), code
    assert text.en.strip()
    assert text.ru.strip()
    if code == "invalid":  # pydantic's English words are no use in Russian
        assert placeholders(text.ru) < placeholders(text.en)
    else:
        assert placeholders(text.en) == placeholders(text.ru), code
    if code not in COMPOSED:
        assert CYRILLIC.search(text.ru), code
        assert not CYRILLIC.search(text.en), code


@pytest.mark.parametrize("code", sorted(FILE_ENGLISH))
def test_every_code_of_the_file_validator_has_a_russian_text_with_the_same_params(code: str) -> None:
    assert code in FILE_RUSSIAN, f"{code}: add its Russian to FILE_RUSSIAN in api/message_catalogue.py"
    if code != "invalid":
        assert placeholders(FILE_TEXTS[code].en) == placeholders(FILE_TEXTS[code].ru), code
    assert code == "invalid" or CYRILLIC.search(FILE_TEXTS[code].ru), code


def test_the_file_validators_russian_has_no_code_without_english() -> None:
    assert set(FILE_RUSSIAN) == set(FILE_TEXTS) == set(FILE_ENGLISH)


@pytest.mark.parametrize(
    ("code", "params", "english", "russian"),
    [
        (
            "no_attempts",
            {"used": 3, "allowed": 3},
            "no attempts left: 3 of 3 used",
            "Попыток не осталось: использовано 3 из 3",
        ),
        (
            "login_throttled",
            {"minutes": 15},
            "too many failed logins: wait 15 minutes and try again",
            "Слишком много неудачных попыток входа: подождите 15 минут и попробуйте снова",
        ),
        (
            "login_throttled",
            {"minutes": 1},
            None,
            "Слишком много неудачных попыток входа: подождите 1 минуту и попробуйте снова",
        ),
        (
            "login_throttled",
            {"minutes": 2.5},
            None,
            "Слишком много неудачных попыток входа: подождите 2,5 минуты и попробуйте снова",
        ),
        ("scenarios_not_found", {"ids": [4, 5]}, "no scenario with id 4, 5", "Сценарии с id 4, 5 не найдены"),
        ("team_exists", {"name": "Sales"}, "a team named 'Sales' already exists", "Команда «Sales» уже существует"),
        (
            "role_needed",
            {"needed": "admin", "role": "trainer"},
            "this needs the admin role or higher; you are trainer",
            "Для этого нужна роль «администратор» или выше; ваша роль — «тренер»",
        ),
        ("literal_error", {"expected": "'comma' or 'semicolon'"}, None, "допустимые значения: «comma» или «semicolon»"),
        (
            "body_too_large",
            {"limit": 1_100_000},
            "the request body is too large (limit 1,100,000 bytes)",
            "Тело запроса слишком большое (лимит: 1\u00a0100\u00a0000 байт)",
        ),
        (
            "certified",
            {"until": date(2026, 3, 1), "opens": "2026-02-15"},
            "you are certified on this track until 2026-03-01; the renewal test opens on 2026-02-15",
            "Ваш сертификат по этой программе обучения действует до 01.03.2026; тест для продления откроется "
            "15.02.2026",
        ),
        (
            "practice_needed",
            {"missing": 1, "short": 1, "steps": 1, "times": 1},
            "the test opens after practice: 1 more practice answer needed on 1 of 1 step "
            "(each step 1 time in this cycle)",
            "Тест откроется после тренировки: нужно ещё 1 тренировочный ответ на 1 из 1 шага "
            "(в этом цикле каждый шаг — 1 раз)",
        ),
        (
            "answer_late",
            {"at": datetime(2025, 1, 31, 10, 0, 5, tzinfo=UTC)},
            "time for this answer ran out at 2025-01-31T10:00:05+00:00: it counts as 0",
            "Время на этот ответ истекло 31.01.2025 10:00:05 UTC: ответ засчитан как 0",
        ),
    ],
)
def test_params_are_written_each_languages_way(
    code: str, params: dict[str, object], english: str | None, russian: str
) -> None:
    if english is not None:
        assert render(code, params, "en") == english
    assert render(code, params, "ru") == russian


def test_a_users_text_in_a_param_is_carried_over_as_it_is() -> None:
    tricky = "no team with id 7: (and 2 more) {name} «x»"
    assert render("team_exists", {"name": tricky}, "ru") == f"Команда «{tricky}» уже существует"
    assert render("stop_phrase_exists", {"phrase": "wrong email or password", "id": 3}, "ru") == (
        "Стоп-фраза «wrong email or password» уже есть в списке (id 3)"
    )


def test_an_unknown_code_or_a_missing_param_still_gives_a_text() -> None:
    assert render("no_such_code", {}, "ru") == "no_such_code"
    assert render("team_not_found", {}, "ru") == "team_not_found"


def test_the_words_of_parsers_without_codes_are_matched() -> None:
    assert parser_problem("mapping values are not allowed here", "ru").startswith("здесь не может быть пары")
    assert parser_problem("Expecting ',' delimiter", "ru") == "ожидается запятая"
    assert (
        parser_problem("Missing boundary in multipart.", "ru")
        == "В данных формы (multipart) не указана граница (boundary)"
    )
    assert parser_problem("something new", "ru") == "something new"
    assert parser_problem("Expecting ',' delimiter", "en") == "Expecting ',' delimiter"


# --- every code raised in the source is in the catalogue ----------------------------------------------------------

# A call's argument that holds the code: (function name, position or keyword).
CODE_ARGUMENTS = {
    "field_error": 1,
    "PydanticCustomError": 0,
    "refusal": 0,
    "render": 0,
    "error_body": 0,
    "_FormatError": 0,
    "Problem": 1,
}
OF_CODE = 3  # ScenarioError.of(file, line, field, code)
ERRORS = {name for name, value in vars(api.errors).items() if isinstance(value, type) and issubclass(value, Exception)}


def _errors_defined_elsewhere() -> set[str]:
    """Subclasses of the service's errors that modules define for themselves."""
    found = set()
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(_name(base) in ERRORS for base in node.bases):
                found.add(node.name)
    return found


def _name(function: ast.expr) -> str:
    return (
        function.attr if isinstance(function, ast.Attribute) else function.id if isinstance(function, ast.Name) else ""
    )


def _code_arguments(tree: ast.AST) -> Iterator[tuple[int, ast.expr | None]]:
    """(line, the expression given as a code) of each call that takes a code."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        position = 0 if name in ALL_ERRORS else CODE_ARGUMENTS.get(name)
        if name == "of" and isinstance(node.func, ast.Attribute) and _name(node.func.value) in ("ScenarioError", "cls"):
            position = OF_CODE
        if position is not None:
            yield node.lineno, node.args[position] if len(node.args) > position else None
        yield from ((node.lineno, k.value) for k in node.keywords if k.arg == "code")


def _sources() -> Iterator[Path]:
    for package in (api, scenarios):
        yield from sorted(Path(package.__file__).parent.rglob("*.py"))


def _tables_of_codes(tree: ast.AST) -> Iterator[tuple[int, ast.expr | None]]:
    """The values of each dict assigned to a name ending in `_CODES` (`_HTTP_CODES = {404: "not_found"}`)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Dict):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_name(target).endswith("_CODES") for target in targets):
                yield from ((node.lineno, value) for value in node.value.values)


def _codes_in_source() -> Iterator[tuple[str, str | None]]:
    """(where, code) for every code the source gives; code None where it is not written out."""
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        yield from ((f"{path.name}:{line}", _constant(value)) for line, value in _tables_of_codes(tree))
        for line, argument in _code_arguments(tree):
            where = f"{path.name}:{line}"
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                yield where, argument.value
            elif not _forwarded(argument):
                yield where, None


def _constant(value: ast.expr | None) -> str | None:
    return value.value if isinstance(value, ast.Constant) and isinstance(value.value, str) else None


def _forwarded(argument: ast.expr | None) -> bool:
    """A code handed on from where it was named (`error.code`, `gate.code or "..."`, a parameter `code`)."""
    if isinstance(argument, ast.BoolOp):
        return all(_forwarded(v) or isinstance(v, ast.Constant) for v in argument.values)
    if isinstance(argument, ast.Attribute):
        return argument.attr in ("code", "type")
    if isinstance(argument, ast.Call) and isinstance(argument.func, ast.Attribute) and argument.func.attr == "get":
        return _name(argument.func.value).endswith("_CODES")  # a table of codes, checked on its own
    if isinstance(argument, ast.Subscript):
        return _name(argument.value).endswith("_CODES")
    return isinstance(argument, ast.Name) and argument.id in ("code", "kind", "top")


ALL_ERRORS = ERRORS | _errors_defined_elsewhere()


def test_the_check_of_the_source_finds_the_codes() -> None:
    assert {"NotFoundError", "TooManyRequestsError"} <= ALL_ERRORS
    found = dict(_codes_in_source())
    assert len(found) > 100
    assert {"login_failed", "login_throttled", "practice_needed", "csrf_failed", "step_id_twice", "blank"} <= set(
        found.values()
    )


def test_every_error_raised_in_the_source_names_a_code_of_the_catalogue() -> None:
    unnamed = [where for where, code in _codes_in_source() if code is None]
    unknown = [f"{where}: {code}" for where, code in _codes_in_source() if code and code not in MESSAGES | FILE_TEXTS]
    assert not unnamed, f"give these errors a code (a string, a key of api/message_catalogue.py MESSAGES): {unnamed}"
    assert not unknown, f"add these codes to api/message_catalogue.py with English and Russian texts: {unknown}"


def test_the_models_validators_refuse_with_codes_not_bare_value_errors() -> None:
    """A `ValueError` in a validator reaches the reply as pydantic's `value_error`: Parry's rules name their own
    code with `PydanticCustomError` (the only ValueError left is for code, not users: a naive datetime)."""
    for path in sorted((Path(api.__file__).parent / "models").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and _name(node.exc.func) == "ValueError":
                message = node.exc.args[0] if node.exc.args else None
                text = message.value if isinstance(message, ast.Constant) else ""
                assert str(text).startswith("naive datetime"), f"{path.name}:{node.lineno}: raise PydanticCustomError"


def test_the_interface_decides_on_codes_never_on_the_servers_words() -> None:
    """No page compares an error's message (`detail`) with a text: the server's words change with the language."""
    frontend = Path(api.__file__).parent.parent / "frontend" / "js"
    for path in sorted(frontend.rglob("*.js")):
        source = re.sub(r"typeof [\w.]+", "", path.read_text(encoding="utf-8"))
        assert not re.search(r"\.(message|detail)\s*(===|!==|==|!=)\s*[\"'`]", source), path.name
        assert not re.search(r"/\^?\(?[^/\n]*(not found|не найдено)", source, re.IGNORECASE), path.name


# --- replies -------------------------------------------------------------------------------------------------------


def _refusal(response: object, status: int, code: str) -> dict[str, object]:
    body = response.json()  # type: ignore[attr-defined]
    assert response.status_code == status, body  # type: ignore[attr-defined]
    assert body["code"] == code, body
    return body  # type: ignore[no-any-return]


def test_a_wrong_login_is_refused_with_its_code_in_the_language_asked_for(app: FastAPI, clock: Clock) -> None:
    user = make_user(app, clock=clock)
    client = TestClient(app)
    body = {"email": user.email, "password": "not the password"}
    russian = _refusal(client.post("/api/v1/auth/login", json=body, headers=RU), 401, "login_failed")
    english = _refusal(client.post("/api/v1/auth/login", json=body, headers=EN), 401, "login_failed")
    plain = _refusal(client.post("/api/v1/auth/login", json=body), 401, "login_failed")
    assert russian == {
        "detail": "Неверный адрес электронной почты или пароль",
        "code": "login_failed",
        "params": {},
        "errors": [],
    }
    assert english == plain == {**russian, "detail": "wrong email or password"}
    assert client.post("/api/v1/auth/login", json={**body, "password": PASSWORD}, headers=RU).status_code == 200


def test_too_many_failed_logins_are_refused_with_their_code_and_wait(app: FastAPI, clock: Clock) -> None:
    user = make_user(app, clock=clock)
    client = TestClient(app)
    body = {"email": user.email, "password": "not the password"}
    replies = [client.post("/api/v1/auth/login", json=body, headers=RU) for _ in range(6)]
    throttled = _refusal(replies[-1], 429, "login_throttled")
    minutes = throttled["params"]["minutes"]  # type: ignore[index]
    assert throttled["detail"] == render("login_throttled", {"minutes": minutes}, "ru")
    assert "подождите" in str(throttled["detail"])
    assert replies[-1].headers["Retry-After"]


def test_the_session_and_the_role_are_refused_with_their_codes(app: FastAPI, clock: Clock) -> None:
    trainee = make_user(app, clock=clock)
    anonymous = _refusal(TestClient(app).get("/api/v1/auth/me", headers=RU), 401, "not_logged_in")
    assert anonymous["detail"] == "Сначала войдите в систему"
    client = client_for(app, trainee, clock=clock)
    role = _refusal(client.get("/api/v1/users", headers=RU), 403, "role_needed")
    assert role["params"] == {"needed": "trainer", "role": "trainee"}
    assert role["detail"] == "Для этого нужна роль «тренер» или выше; ваша роль — «стажёр»"
    no_token = client_for(app, trainee, clock=clock, csrf=False)
    csrf = _refusal(no_token.patch("/api/v1/auth/me", json={"name": "X"}, headers=RU), 403, "csrf_failed")
    assert str(csrf["detail"]).startswith("CSRF-токен отсутствует или неверен")
    cross = client.patch("/api/v1/auth/me", json={"name": "X"}, headers={**RU, "Origin": "https://evil.example"})
    assert str(_refusal(cross, 403, "cross_origin")["detail"]).startswith("Запрос с другого сайта отклонён")


def test_a_missing_thing_and_a_missing_route_are_refused_with_their_codes(app: FastAPI, clock: Clock) -> None:
    client = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    missing = _refusal(client.get("/api/v1/scenarios/999999", headers=RU), 404, "scenario_not_found")
    assert missing == {
        "detail": "Сценарий с id 999999 не найден",
        "code": "scenario_not_found",
        "params": {"id": 999999},
        "errors": [],
    }
    assert client.get("/api/v1/scenarios/999999").json()["detail"] == "no scenario with id 999999"
    no_route = _refusal(client.get("/api/v1/no-such-route", headers=RU), 404, "not_found")
    assert no_route["detail"] == "Не найдено"


def test_a_conflict_is_refused_with_its_code_and_params(app: FastAPI, clock: Clock) -> None:
    client = client_for(app, make_user(app, role=Role.admin, clock=clock), clock=clock)
    assert client.post("/api/v1/teams", json={"name": "North"}).status_code == 201
    again = _refusal(client.post("/api/v1/teams", json={"name": "North"}, headers=RU), 409, "team_exists")
    assert again["params"] == {"name": "North"}
    assert again["detail"] == "Команда «North» уже существует"


def test_validation_errors_carry_pydantics_types_and_russian_field_by_field(app: FastAPI, clock: Clock) -> None:
    trainer = make_user(app, role=Role.trainer, clock=clock)
    client = client_for(app, trainer, clock=clock)
    bad = {"name": "", "scenario_ids": [], "test_size": 0, "pass_mark": 101, "floor": "low"}
    russian = _refusal(client.post("/api/v1/tracks", json=bad, headers=RU), 422, "validation_failed")
    english = _refusal(client.post("/api/v1/tracks", json=bad), 422, "validation_failed")
    codes = {e["field"]: e["code"] for e in russian["errors"]}  # type: ignore[attr-defined]
    assert codes == {
        "name": "string_too_short",
        "scenario_ids": "too_short",
        "test_size": "greater_than_equal",
        "pass_mark": "less_than_equal",
        "floor": "int_parsing",
    }
    messages = {e["field"]: e["message"] for e in russian["errors"]}  # type: ignore[attr-defined]
    assert messages["name"] == "не должно быть пустым"
    assert messages["test_size"] == "должно быть не меньше 1"
    assert messages["pass_mark"] == "должно быть не больше 100"
    assert messages["scenario_ids"] == "слишком мало элементов (минимум: 1; сейчас: 0)"
    assert messages["floor"] == "должно быть целым числом"
    assert {e["field"]: e["params"] for e in russian["errors"]}["test_size"] == {"ge": 1}  # type: ignore[attr-defined]
    assert str(russian["detail"]).startswith("name: не должно быть пустым; ")
    assert str(russian["detail"]).endswith("(и ещё ошибок: 2)")
    assert str(english["detail"]).endswith("(and 2 more)")
    rules = {**bad, "name": "Rules", "scenario_ids": [1], "test_size": 1, "pass_mark": 50, "floor": 60}
    own = _refusal(client.post("/api/v1/tracks", json=rules, headers=RU), 422, "validation_failed")
    assert [e["code"] for e in own["errors"]] == ["floor_above_pass_mark"]  # type: ignore[attr-defined]
    headers = {**RU, "Content-Type": "application/json"}
    broken = _refusal(client.post("/api/v1/tracks", content=b'{"oops": ', headers=headers), 422, "validation_failed")
    assert [e["code"] for e in broken["errors"]] == ["json_invalid"]  # type: ignore[attr-defined]
    assert str(broken["detail"]).endswith("тело запроса — некорректный JSON")


def test_an_invalid_scenario_is_refused_with_the_validators_codes_in_russian(app: FastAPI, clock: Clock) -> None:
    client = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    document = scenario_document(language="de")
    document["steps"][0]["references"] = ["only one"]
    body = _refusal(client.post("/api/v1/scenarios", json=document, headers=RU), 422, "scenario_invalid")
    assert str(body["detail"]).startswith("Сценарий не прошёл проверку: ")
    assert str(body["detail"]).endswith("(и ещё ошибок: 1)")
    errors = {e["field"]: e for e in body["errors"]}  # type: ignore[attr-defined]
    assert errors["language"]["code"] == "literal_error"
    assert errors["language"]["message"] == "значение «de» недопустимо; допустимые значения: «ru» или «en»"
    assert errors["steps[0].references"]["code"] == "references_too_few"
    assert errors["steps[0].references"]["message"].startswith("нужны хотя бы два эталонных ответа")
    for headers, expected in [
        (RU, "значение «de» недопустимо; допустимые значения: «ru» или «en»"),
        ({}, "'de' is not allowed: use one of 'ru' or 'en'"),
    ]:
        report = client.post("/api/v1/scenarios/validate", json=document, headers=headers)
        assert report.status_code == 200, report.text
        assert {e["field"]: e["message"] for e in report.json()["errors"]}["language"] == expected


def test_a_broken_scenario_file_is_refused_with_the_parsers_words_in_russian(app: FastAPI, clock: Clock) -> None:
    client = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    files = {"file": ("broken.yaml", b"id: a\ntitle: x: y\n", "application/x-yaml")}
    body = _refusal(client.post("/api/v1/scenarios/import", files=files, headers=RU), 422, "scenario_invalid")
    [error] = body["errors"]  # type: ignore[misc]
    assert (error["code"], error["line"]) == ("yaml_invalid", 2)
    assert error["message"].startswith("Ошибка в YAML: здесь не может быть пары")
