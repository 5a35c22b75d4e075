"""The language of error messages: the service writes them in English; `translate` gives the Russian text.

The catalogue is a list of (compiled regex over the whole English message, Russian template). A template names
the regex's groups as `{placeholders}`; a group's name prefix says how its value is carried over:

- `t_`: the value is a message itself and is translated too (its first letter made lower-case when it follows
  other words, as in "scenario not valid: <message>");
- `q_`: Python-quoted values (`'price'`, `'a', 'b' or 'c'`) get «ёлочки» and "or" becomes «или»;
- `n_`: a number gets Russian separators: thousands commas become non-breaking spaces (`1,048,576` →
  `1 048 576`), a decimal point a comma (`0.5` → `0,5`);
- `r_`: a role (`trainer`) gets its Russian name (`тренер`);
- `d_`: an ISO date or date-time becomes `31.01.2025` or `31.01.2025 10:00:00 UTC`;
- any other group is carried over as it is (ids, numbers, field names, e-mail addresses).

The first pattern that matches wins, so specific patterns come before general ones. A message that no pattern
matches stays English. Every message raised in `api/` must have a pattern: tests/api/test_messages.py checks it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from string import Formatter
from typing import Any

from starlette.requests import HTTPConnection

RUSSIAN = "ru"
ENGLISH = "en"

_ROLES = {"trainee": "стажёр", "trainer": "тренер", "head": "РОП", "admin": "администратор"}

_CATALOGUE: list[tuple[str, str]] = [
    # --- logging in, sessions, roles (api/services/accounts.py, api/deps.py) ----------------------------------
    (r"wrong email or password", "Неверный адрес электронной почты или пароль"),
    (
        r"too many failed logins: wait (?P<n_minutes>[\d.]+) minutes and try again",
        "Слишком много неудачных попыток входа: подождите {n_minutes} мин. и попробуйте снова",
    ),
    (
        r"your session has expired or you are logged out: log in again",
        "Сессия закончилась или вы вышли из системы: войдите снова",
    ),
    (r"this account is disabled", "Эта учётная запись отключена"),
    (r"log in first", "Сначала войдите в систему"),
    (
        r"missing or wrong CSRF token: send the (?P<header>\S+) header given at login",
        "CSRF-токен отсутствует или неверен: передайте заголовок {header}, полученный при входе",
    ),
    (
        r"this needs the (?P<r_needed>\S+) role or higher; you are (?P<r_role>\S+)",
        "Для этого нужна роль «{r_needed}» или выше; ваша роль — «{r_role}»",
    ),
    (r"the current password is wrong", "Текущий пароль указан неверно"),
    (r"wrong password", "неверный пароль"),
    (r"the new password must differ from the current one", "Новый пароль должен отличаться от текущего"),
    (r"same as the current password", "совпадает с текущим паролем"),
    (
        r"(?P<field>\w+): too easy to guess: a common password, a repeat or a sequence; a few unrelated words "
        r"work well",
        "{field}: слишком простой пароль (распространённый, с повторами или последовательностью); "
        "надёжнее несколько не связанных слов",
    ),
    (
        r"too easy to guess: a common password, a repeat or a sequence; a few unrelated words work well",
        "слишком простой пароль (распространённый, с повторами или последовательностью); "
        "надёжнее несколько не связанных слов",
    ),
    (
        r"(?P<field>\w+): must not contain your e-mail address or name",
        "{field}: пароль не должен содержать ваш адрес электронной почты или имя",
    ),
    (r"must not contain your e-mail address or name", "не должен содержать ваш адрес электронной почты или имя"),
    # --- people and teams ---------------------------------------------------------------------------------------
    (r"no team with id (?P<id>\d+)", "Команда с id {id} не найдена"),
    (r"a team named (?P<q_name>.+) already exists", "Команда {q_name} уже существует"),
    (r"no user with id (?P<id>\d+)", "Пользователь с id {id} не найден"),
    (r"no stop phrase with id (?P<id>\d+)", "Стоп-фраза с id {id} не найдена"),
    (r"a user with email (?P<email>.+) already exists", "Пользователь с адресом {email} уже существует"),
    (
        r"this is the last active admin: make another admin first",
        "Это последний активный администратор: сначала назначьте администратором кого-то ещё",
    ),
    (r"no such team", "такой команды нет"),
    (r"no such user", "такого пользователя нет"),
    # --- reports ---------------------------------------------------------------------------------------------------
    (
        r"reports need the trainer role or higher; you are (?P<r_role>\S+)",
        "Для отчётов нужна роль «тренер» или выше; ваша роль — «{r_role}»",
    ),
    (
        r"you are in no team: a trainer sees the reports of their own team",
        "Вы не состоите ни в одной команде: тренеру доступны отчёты только по своей команде",
    ),
    (r"a trainer sees the reports of their own team only", "Тренеру доступны отчёты только по своей команде"),
    (
        r"your test (?P<id>\d+) is running on a track with this scenario: practice on it opens again when the test "
        r"ends",
        "Идёт ваш тест {id} по треку с этим сценарием: тренировка по нему откроется, когда тест закончится",
    ),
    (
        r"a trainer assigns tracks to their own team and its members only",
        "Тренер назначает треки только своей команде и её участникам",
    ),
    (r"no rep with id (?P<id>\d+) for you", "Менеджер с id {id} вам недоступен"),
    (r"no answers of user (?P<id>\d+) for you", "Ответы пользователя {id} вам недоступны"),
    (
        r"since must not be after until",
        "Начало периода (since) не может быть позже его конца (until)",
    ),
    (r"after until", "позже конца периода (until)"),
    (r"a report covers at most (?P<days>\d+) days", "Период отчёта слишком длинный (максимум дней: {days})"),
    (r"too early", "слишком ранняя дата"),
    # --- company stop phrases (api/services/stop_phrases.py) ------------------------------------------------
    (
        r"the stop phrase (?P<q_phrase>.+) is already in the list \(id (?P<id>\d+)\)",
        "Стоп-фраза {q_phrase} уже есть в списке (id {id})",
    ),
    (r"already in the list", "уже есть в списке"),
    (
        r"(?P<q_phrase>.+) is listed twice \(first as (?P<field>phrases\[\d+\])\)",
        "фраза {q_phrase} указана дважды (впервые — в {field})",
    ),
    (
        r"the stop-phrase list is not valid: (?P<field>[\w\[\].-]+): (?P<t_message>.+) \(and (?P<more>\d+) more\)",
        "Список стоп-фраз не прошёл проверку: {field}: {t_message} (и ещё ошибок: {more})",
    ),
    (
        r"the stop-phrase list is not valid: (?P<field>[\w\[\].-]+): (?P<t_message>.+)",
        "Список стоп-фраз не прошёл проверку: {field}: {t_message}",
    ),
    (
        r"the stop-phrase list is not valid: (?P<t_message>.+) \(and (?P<more>\d+) more\)",
        "Список стоп-фраз не прошёл проверку: {t_message} (и ещё ошибок: {more})",
    ),
    (r"the stop-phrase list is not valid: (?P<t_message>.+)", "Список стоп-фраз не прошёл проверку: {t_message}"),
    (
        r"the file must hold the stop-phrase list: `parry-stop-phrases: 1` and `phrases:` at the top",
        "Файл должен содержать список стоп-фраз: на верхнем уровне — `parry-stop-phrases: 1` и `phrases:`",
    ),
    # --- scenarios (api/services/scenarios.py, api/routes/scenarios.py) ---------------------------------------
    (
        r"the scenario is not valid: (?P<field>[\w\[\].-]+): (?P<t_message>.+) \(and (?P<more>\d+) more\)",
        "Сценарий не прошёл проверку: {field}: {t_message} (и ещё ошибок: {more})",
    ),
    (
        r"the scenario is not valid: (?P<field>[\w\[\].-]+): (?P<t_message>.+)",
        "Сценарий не прошёл проверку: {field}: {t_message}",
    ),
    (
        r"the scenario is not valid: (?P<t_message>.+) \(and (?P<more>\d+) more\)",
        "Сценарий не прошёл проверку: {t_message} (и ещё ошибок: {more})",
    ),
    (r"the scenario is not valid: (?P<t_message>.+)", "Сценарий не прошёл проверку: {t_message}"),
    (r"no scenario with id (?P<id>\d+)", "Сценарий с id {id} не найден"),
    (r"no scenario with id (?P<ids>\d+(?:, \d+)+)", "Сценарии с id {ids} не найдены"),
    (r"scenario (?P<id>\d+) has no published version", "У сценария {id} нет опубликованной версии"),
    (r"scenario (?P<id>\d+) has no version (?P<number>\d+)", "У сценария {id} нет версии {number}"),
    (
        r"a scenario with id (?P<q_id>.+) already exists: edit its draft or import with another id",
        "Сценарий с id {q_id} уже существует: отредактируйте его черновик или импортируйте файл с другим id",
    ),
    (r"a scenario with id (?P<q_id>.+) already exists", "Сценарий с id {q_id} уже существует"),
    (r"already used", "уже используется"),
    (
        r"the scenario id cannot change \(it is (?P<q_id>.+)\): import the document as a new scenario",
        "id сценария нельзя изменить (сейчас это {q_id}): импортируйте документ как новый сценарий",
    ),
    (r"must stay (?P<q_id>.+)", "должен остаться {q_id}"),
    (r"this scenario has no draft", "У этого сценария нет черновика"),
    (
        r"this scenario was never published: its draft is all there is",
        "Этот сценарий ещё не публиковался: кроме черновика, у него ничего нет",
    ),
    (r"there is no draft to publish", "Нет черновика для публикации"),
    (
        r"the draft is the same as version (?P<number>\d+): nothing to publish",
        "Черновик совпадает с версией {number}: публиковать нечего",
    ),
    (
        r"someone published this scenario at the same moment: reload and try again",
        "Кто-то опубликовал этот сценарий одновременно с вами: обновите страницу и попробуйте снова",
    ),
    (r"this scenario has not been published yet", "Этот сценарий ещё не опубликован"),
    (r"the scenario has no step (?P<q_step>.+)", "В сценарии нет шага {q_step}"),
    (r"no such step", "такого шага нет"),
    # --- tracks -----------------------------------------------------------------------------------------------
    (r"no track with id (?P<id>\d+)", "Программа обучения с id {id} не найдена"),
    (
        r"the test draws (?P<size>\d+) steps but the track's scenarios have (?P<steps>\d+)",
        "Размер теста ({size}) больше числа шагов в сценариях программы обучения ({steps})",
    ),
    (r"at most (?P<n>\d+)", "не больше {n}"),
    (
        r"someone published this track at the same moment: reload and try again",
        "Кто-то опубликовал эту программу обучения одновременно с вами: обновите страницу и попробуйте снова",
    ),
    (r"unknown: (?P<ids>.+)", "не найдены: {ids}"),
    (r"publish these scenarios first: (?P<ids>.+)", "Сначала опубликуйте сценарии: {ids}"),
    (r"not published: (?P<ids>.+)", "не опубликованы: {ids}"),
    (r"publish the track before assigning it", "Опубликуйте программу обучения, прежде чем назначать её"),
    (r"the track is already assigned to team (?P<id>\S+)", "Программа обучения уже назначена команде {id}"),
    (r"the track is already assigned to user (?P<id>\S+)", "Программа обучения уже назначена пользователю {id}"),
    (r"the track is already assigned to (?P<who>.+)", "Программа обучения уже назначена: {who}"),
    (
        r"no assignment with id (?P<id>\d+) on track (?P<track>\d+)",
        "У программы обучения {track} нет назначения с id {id}",
    ),
    (r"the floor must not be above the pass mark", "Минимальный балл (floor) не может быть выше проходного"),
    (r"a scenario is listed twice in scenario_ids", "Сценарий указан в scenario_ids дважды"),
    (
        r"give either team_id or user_id, not both and not neither",
        "Укажите что-то одно: team_id или user_id",
    ),
    # --- practice -------------------------------------------------------------------------------------------------
    (r"no drill with id (?P<id>\d+)", "Тренировка с id {id} не найдена"),
    (
        r"give both scenario_id and step_id, or neither \(the first step of today's drill\)",
        "Укажите и scenario_id, и step_id или не указывайте ни одного "
        "(тогда откроется первый шаг тренировки на сегодня)",
    ),
    (
        r"nothing to practise today: no step is due and no new step is left for today",
        "На сегодня тренироваться нечего: нет шагов для повторения и не осталось новых шагов на сегодня",
    ),
    (
        r"the latest version of scenario (?P<id>\d+) has no step (?P<q_step>.+)",
        "В последней версии сценария {id} нет шага {q_step}",
    ),
    (
        r"step (?P<q_step>.+?) is not open in this drill: the conversation is over; start a new drill on this "
        r"scenario to answer again",
        "Шаг {q_step} сейчас недоступен в этой тренировке: разговор окончен; чтобы ответить снова, начните новую "
        "тренировку по этому сценарию",
    ),
    (r"the conversation is over", "разговор окончен"),
    (
        r"step (?P<q_step>.+?) is not open in this drill \(the conversation is over; a retry may answer None\)",
        "Шаг {q_step} сейчас недоступен в этой тренировке (разговор окончен)",
    ),
    (
        r"step (?P<q_step>.+?) is not open in this drill "
        r"\(the conversation is over; a retry may answer (?P<q_last>.+)\)",
        "Шаг {q_step} сейчас недоступен в этой тренировке (разговор окончен; повторно можно ответить на шаг {q_last})",
    ),
    (
        r"step (?P<q_step>.+?) is not open in this drill \(now: (?P<q_now>.+?); a retry may answer None\)",
        "Шаг {q_step} сейчас недоступен в этой тренировке (сейчас открыт шаг {q_now})",
    ),
    (
        r"step (?P<q_step>.+?) is not open in this drill \(now: (?P<q_now>.+?); a retry may answer (?P<q_last>.+)\)",
        "Шаг {q_step} сейчас недоступен в этой тренировке (сейчас открыт шаг {q_now}; "
        "повторно можно ответить на шаг {q_last})",
    ),
    (
        r"step (?P<q_step>.+?) is not open in this drill \((?P<why>.+)\)",
        "Шаг {q_step} сейчас недоступен в этой тренировке ({why})",
    ),
    (
        r"not the current step nor the last one answered",
        "это не текущий шаг и не последний шаг, на который дан ответ",
    ),
    # --- scoring an answer (api/scoring.py, scoring/scorer.py) --------------------------------------------------
    (
        r"the answer is (?P<length>\d+) characters long; the limit is (?P<limit>\d+)",
        "Ответ слишком длинный (символов: {length}; лимит: {limit})",
    ),
    (
        r"a step needs at least one non-empty reference answer",
        "Шагу нужен хотя бы один непустой эталонный ответ",
    ),
    (
        r"unknown language (?P<q_language>.+?): use one of (?P<languages>.+)",
        "Неизвестный язык {q_language}: допустимые языки — {languages}",
    ),
    (r"pass mark (?P<mark>\S+) is outside 0-100", "Проходной балл {mark} вне диапазона 0–100"),
    (r"sample grade (?P<grade>\S+) is outside 0-100", "Оценка примера {grade} вне диапазона 0–100"),
    (r"a key point needs text and a positive weight", "Ключевому тезису нужны текст и положительный вес"),
    (r"red flag (?P<q_label>.+) needs phrases or a meaning", "Стоп-фразе {q_label} нужны фразы или смысл (meaning)"),
    (r"no scorer and no way to load one", "Модель оценки не загружена, и загрузить её нечем"),
    # --- disputes -------------------------------------------------------------------------------------------------
    (r"no answer with id (?P<id>\d+)", "Ответ с id {id} не найден"),
    (
        r"test answers can be disputed once the test is finished",
        "Ответы теста можно обжаловать только после завершения теста",
    ),
    (r"this answer is already disputed", "На этот ответ уже подана апелляция"),
    (r"no dispute with id (?P<id>\d+)", "Апелляция с id {id} не найдена"),
    (
        r"new_score: an accepted dispute raises the score, which is (?P<score>\S+) now; "
        r"to keep the score, reject the dispute",
        "new_score: принятая апелляция повышает оценку, а сейчас она равна {score}; "
        "чтобы оставить оценку прежней, отклоните апелляцию",
    ),
    (r"this dispute is already accepted", "Эта апелляция уже принята"),
    (r"this dispute is already rejected", "Эта апелляция уже отклонена"),
    (r"this dispute is already (?P<status>.+)", "Эта апелляция уже рассмотрена (статус: {status})"),
    (r"you cannot review your own dispute", "Нельзя рассматривать собственную апелляцию"),
    # --- tests ------------------------------------------------------------------------------------------------
    (r"no test with id (?P<id>\d+)", "Тест с id {id} не найден"),
    (r"this track is not assigned to you", "Эта программа обучения вам не назначена"),
    (r"the test is not open", "Тест пока закрыт"),
    (
        r"you are certified on this track until (?P<d_until>\S+); the renewal test opens on (?P<d_opens>\S+)",
        "Ваш сертификат по этой программе обучения действует до {d_until}; тест для продления откроется {d_opens}",
    ),
    (
        r"the test opens after practice: (?P<missing>\d+) more practice answers needed on (?P<short>\d+) "
        r"of (?P<steps>\d+) steps \(each step (?P<times>\d+) times in this cycle\)",
        "Тест откроется после тренировки: нужно ещё тренировочных ответов: {missing}; шагов, где их не хватает: "
        "{short} из {steps} (в этом цикле на каждый шаг нужно ответов: {times})",
    ),
    (
        r"finish your test in progress first \(test (?P<id>\d+)\)",
        "Сначала завершите начатый тест (тест {id})",
    ),
    (
        r"no attempts left: (?P<used>\d+) of (?P<allowed>\d+) used",
        "Попыток не осталось: использовано {used} из {allowed}",
    ),
    (
        r"a test of this track was started at the same moment",
        "Тест по этой программе обучения только что начат другим запросом",
    ),
    (r"the track's scenarios have no published steps", "В сценариях программы обучения нет опубликованных шагов"),
    (r"no item (?P<item>\d+) in test (?P<test>\d+)", "В тесте {test} нет возражения {item}"),
    (r"this test is finished", "Этот тест уже завершён"),
    (
        r"time for this answer ran out at (?P<d_at>.+): it counts as 0",
        "Время на этот ответ истекло {d_at}: ответ засчитан как 0",
    ),
    (r"this item is already answered", "На это возражение уже дан ответ"),
    (
        r"answer the items in order: this one is not on screen yet",
        "Отвечайте на возражения по порядку: это возражение ещё не показано",
    ),
    # --- internal and start-up messages (not meant for users, translated all the same) ------------------------
    (r"the demo company is already in this database", "Демонстрационная компания уже есть в этой базе данных"),
    (
        r"cycle (?P<id>\S+): (?P<current>\S+) -> (?P<to>\S+) is not a transition of the cycle",
        "Цикл {id}: переход {current} -> {to} не предусмотрен",
    ),
    (
        r"naive datetime: pass an aware UTC datetime \(use the clock\)",
        "Время без часового пояса: передайте время в UTC с указанием пояса (используйте clock)",
    ),
    (
        r"PARRY_SECRET_KEY must be set to a random value of at least 32 characters outside development "
        r"\(for example: (?P<example>.+)\)",
        "Вне среды разработки PARRY_SECRET_KEY должен быть случайным значением не короче 32 символов "
        "(например: {example})",
    ),
    (
        r"PARRY_TRUSTED_PROXIES: (?P<q_entry>.+) is not an IP address or network",
        "PARRY_TRUSTED_PROXIES: {q_entry} — не IP-адрес и не сеть",
    ),
    # --- the app itself (api/main.py) ---------------------------------------------------------------------------
    (r"internal error: the request was not completed", "Внутренняя ошибка: запрос не выполнен"),
    (
        r"the request body is too large \(limit (?P<n_limit>[\d,]+) bytes\)",
        "Тело запроса слишком большое (лимит в байтах: {n_limit})",
    ),
    (
        r"cross-origin request refused \(PARRY_TRUSTED_ORIGINS lists origins allowed to write\)",
        "Запрос с другого сайта отклонён (сайты, которым разрешена запись, перечислены в PARRY_TRUSTED_ORIGINS)",
    ),
    (r"\(and (?P<more>\d+) more\)", "(и ещё ошибок: {more})"),
    (r"the body is not valid UTF-8 text", "тело запроса — не текст в кодировке UTF-8"),
    (
        r"the body is nested too deeply \(at most (?P<n>\d+) levels\)",
        "в теле запроса слишком глубокая вложенность (не больше уровней: {n})",
    ),
    (
        r"(?P<field>[\w.]+): must not contain the NUL character \(\\u0000\)",
        "{field}: не должно содержать символ NUL (\\u0000)",
    ),
    (r"must not contain the NUL character \(\\u0000\)", "не должно содержать символ NUL (\\u0000)"),
    (r"Not Found", "Не найдено"),
    (r"Method Not Allowed", "Метод не поддерживается"),
    (r"Bad Request", "Некорректный запрос"),
    (r"Unauthorized", "Требуется вход в систему"),
    (r"Forbidden", "Доступ запрещён"),
    (r"Not Acceptable", "Запрошенный формат ответа не поддерживается"),
    (r"Request Timeout", "Время ожидания запроса истекло"),
    (r"Conflict", "Действие невозможно в текущем состоянии"),
    (r"(?:Content|Request Entity) Too Large", "Тело запроса слишком большое"),
    (r"Unsupported Media Type", "Неподдерживаемый тип содержимого"),
    (r"Unprocessable (?:Content|Entity)", "Запрос содержит ошибки"),
    (r"Too Many Requests", "Слишком много запросов"),
    (r"Internal Server Error", "Внутренняя ошибка сервера"),
    (r"Service Unavailable", "Сервис временно недоступен"),
    (r"There was an error parsing the body", "Не удалось разобрать тело запроса"),
    (r"(?:Field|Part) exceeded maximum size of (?P<size>\d+)KB\.", "Часть формы слишком большая (лимит в КБ: {size})"),
    (
        r"Too many fields\. Maximum number of fields is (?P<n>\d+)\.",
        "Слишком много полей в форме (максимум: {n})",
    ),
    (r"Too many files\. Maximum number of files is (?P<n>\d+)\.", "Слишком много файлов (максимум: {n})"),
    (
        r'The Content-Disposition header field "name" must be provided\.',
        "В заголовке Content-Disposition должно быть поле «name»",
    ),
    (r"Missing boundary in multipart\.", "В данных формы (multipart) не указана граница (boundary)"),
    (r"Invalid multipart data\.", "Некорректные данные формы (multipart)"),
    # --- field messages of the validation handler (api/main.py `_MESSAGES`, `_field_error`) -------------------
    (r"is required", "обязательное поле"),
    (r"the body is not valid JSON", "тело запроса — некорректный JSON"),
    (r"must be text", "должно быть текстом"),
    (r"must be a whole number", "должно быть целым числом"),
    (r"must be true or false", "должно быть true или false"),
    (r"must be an object", "должно быть объектом"),
    (r"must be a list", "должно быть списком"),
    (r"is not a known field", "неизвестное поле"),
    (r"must be at least (?P<n_n>\S+)", "должно быть не меньше {n_n}"),
    (r"must be at most (?P<n>\d+) characters \(got more\)", "слишком длинное значение (максимум символов: {n})"),
    (
        r"must be at most (?P<n>\d+) characters \(got (?P<got>\d+)\)",
        "слишком длинный текст (символов: {got}; максимум: {n})",
    ),
    (r"must be at most (?P<n_n>\S+)", "должно быть не больше {n_n}"),
    (r"must be more than (?P<n_n>\S+)", "должно быть больше {n_n}"),
    (r"must not be empty", "не должно быть пустым"),
    (r"has the wrong format", "неверный формат"),
    (r"must be a day written YYYY-MM-DD", "должно быть датой в виде ГГГГ-ММ-ДД"),
    (r"is not valid", "некорректное значение"),
    # --- pydantic's own messages (types the handler does not name) ----------------------------------------------
    (r"Field required", "обязательное поле"),
    (r"Extra inputs are not permitted", "неизвестное поле"),
    (r"JSON decode error", "ошибка разбора JSON"),
    (r"Invalid JSON: (?P<reason>.+)", "некорректный JSON: {reason}"),
    (r"Value error, (?P<t_message>.+)", "некорректное значение: {t_message}"),
    (r"Assertion failed, (?P<t_message>.+)", "условие не выполнено: {t_message}"),
    (r"Input should be a valid string", "должно быть текстом"),
    (
        r"Input should be a valid integer, got a number with a fractional part",
        "должно быть целым числом, без дробной части",
    ),
    (r"Input should be a valid integer(?:, .+)?", "должно быть целым числом"),
    (r"Input should be a finite number", "должно быть конечным числом"),
    (r"Input should be a valid number(?:, .+)?", "должно быть числом"),
    (r"Input should be a valid boolean(?:, .+)?", "должно быть true или false"),
    (r"Input should be a valid list", "должно быть списком"),
    (r"Input should be a valid tuple", "должно быть списком"),
    (r"Input should be a valid set", "должно быть списком"),
    (
        r"Input should be a valid dictionary(?: or (?:object to extract fields from|instance of .+))?",
        "должно быть объектом (набором полей)",
    ),
    (r"Input should be a valid date or datetime(?:, .+)?", "должно быть датой в формате ГГГГ-ММ-ДД"),
    (r"Input should be a valid date(?:, .+)?", "должно быть датой в формате ГГГГ-ММ-ДД"),
    (r"Input should be a valid datetime(?: or date)?(?:, .+)?", "должно быть датой и временем в формате ISO 8601"),
    (r"Input should be a valid time(?:, .+)?", "должно быть временем в формате ЧЧ:ММ"),
    (r"Input should be a valid UUID(?:, .+)?", "должно быть UUID"),
    (r"Input should be a valid bytes", "должно быть двоичными данными"),
    (r"Input should be None", "должно быть пустым (null)"),
    (r"Input should be greater than or equal to (?P<n_n>\S+)", "должно быть не меньше {n_n}"),
    (r"Input should be greater than (?P<n_n>\S+)", "должно быть больше {n_n}"),
    (r"Input should be less than or equal to (?P<n_n>\S+)", "должно быть не больше {n_n}"),
    (r"Input should be less than (?P<n_n>\S+)", "должно быть меньше {n_n}"),
    (r"Input should be (?P<q_expected>'[^']*')", "допустимое значение: {q_expected}"),
    (r"Input should be (?P<q_expected>'.*)", "допустимые значения: {q_expected}"),
    (r"String should have at least (?P<n>\d+) characters?", "слишком короткий текст (минимум символов: {n})"),
    (r"String should have at most (?P<n>\d+) characters?", "слишком длинный текст (максимум символов: {n})"),
    (r"String should match pattern .+", "не соответствует требуемому формату"),
    (
        r"(?:List|Tuple|Set) should have at least (?P<n>\d+) items? after validation, not (?P<got>\d+)",
        "слишком мало элементов (минимум: {n}; сейчас: {got})",
    ),
    (
        r"(?:List|Tuple|Set) should have at most (?P<n>\d+) items? after validation, not (?P<got>\d+)",
        "слишком много элементов (максимум: {n}; сейчас: {got})",
    ),
    (r"Expected UploadFile, received: .+", "ожидается файл"),
    # --- the scenario validator: fields (scenarios/loader.py `_MESSAGES`, scenarios/schema.py) ------------------
    (
        r"unknown field: check the spelling; docs/authoring.md lists every field",
        "неизвестное поле: проверьте написание; все поля перечислены в docs/authoring.md",
    ),
    (r"this field is required", "обязательное поле"),
    (r"needs at least (?P<n>\d+) item\(s\)", "слишком мало элементов (минимум: {n})"),
    (r"has too many items \(at most (?P<n>\d+)\)", "слишком много элементов (максимум: {n})"),
    (r"is too long \(at most (?P<n>\d+) characters\)", "слишком длинный текст (максимум символов: {n})"),
    (
        r"must be text: put it in quotes \(YAML reads no, yes, numbers and dates as other types\)",
        "должно быть текстом: заключите значение в кавычки (YAML читает no, yes, числа и даты как значения "
        "других типов)",
    ),
    (
        r"must be a list: write each item on its own line starting with `- `, or \[a, b\]",
        "должно быть списком: пишите каждый элемент с новой строки, начиная с `- `, или в виде [a, b]",
    ),
    (r"must be a whole number, without a fraction", "должно быть целым числом, без дробной части"),
    (r"must be a number", "должно быть числом"),
    (r"must be a set of fields \(name: value lines\)", "должно быть набором полей (строки вида «имя: значение»)"),
    (
        r"must be a lowercase id: letters a-z, digits, - and _ \(for example price-objection\)",
        "должно быть идентификатором в нижнем регистре: латинские буквы a-z, цифры, - и _ (например, price-objection)",
    ),
    (
        r"the file must hold one scenario: fields such as id:, title:, steps: at the top",
        "Файл должен содержать один сценарий: на верхнем уровне — поля id:, title:, steps: и другие",
    ),
    (
        r"(?P<q_value>.+) is not allowed: use one of (?P<q_expected>.+)",
        "значение {q_value} недопустимо; допустимые значения: {q_expected}",
    ),
    (
        r"needs at least two reference answers \(good answers that differ in wording\)",
        "нужны хотя бы два эталонных ответа (хорошие ответы с разными формулировками)",
    ),
    (
        r"a red flag needs `phrases`, a `meaning`, or both",
        "стоп-фразе нужно поле `phrases`, поле `meaning` или оба",
    ),
    (
        r"category `custom` needs `custom_category` to name it",
        "для категории `custom` нужно назвать её в поле `custom_category`",
    ),
    (r"`custom_category` is only for category `custom`", "поле `custom_category` нужно только для категории `custom`"),
    # --- the scenario validator: the conversation (scenarios/graph.py) ----------------------------------------
    (r"`end` is reserved for closing the conversation", "id `end` зарезервирован для завершения разговора"),
    (
        r"key point (?P<n>\d+) does not exist: this step has (?P<count>\d+)",
        "ключевого тезиса № {n} нет: ключевых тезисов у этого шага — {count}",
    ),
    (r"key point (?P<n>\d+) is listed twice", "ключевой тезис № {n} указан дважды"),
    (
        r"step id (?P<q_id>.+) is used twice in this scenario",
        "id шага {q_id} встречается в этом сценарии дважды",
    ),
    (
        r"points to step (?P<q_target>.+?), which this scenario does not have \(step ids: (?P<ids>.+); or `end`\)",
        "указывает на шаг {q_target}, которого нет в этом сценарии (id шагов: {ids}; или `end`)",
    ),
    (
        r"no path from the first step reaches step (?P<q_id>.+): link it in follow_ups",
        "ни один путь от первого шага не ведёт к шагу {q_id}: добавьте переход на него в follow_ups",
    ),
    (
        r"strong answers go round in a loop \((?P<path>.+)\): a strong answer must move the conversation on; send "
        r"the strong branch of a step in the loop to a later step or to `end`",
        "сильные ответы ходят по кругу ({path}): сильный ответ должен продвигать разговор; направьте ветку strong "
        "одного из шагов этого круга на следующий шаг или в `end`",
    ),
    (
        r"the customer never says this push-back: a weak answer goes to (?P<q_target>.+) \(follow_ups\.weak\); "
        r"remove `pushback`, or remove `follow_ups\.weak` so that a weak answer is pushed back on this step",
        "клиент никогда не произнесёт это возражение-повтор: после слабого ответа разговор идёт на {q_target} "
        "(follow_ups.weak); удалите `pushback` или удалите `follow_ups.weak`, чтобы после слабого ответа клиент "
        "возражал на этом же шаге",
    ),
    (
        r"`closing_line` is the won ending written the old way, and `endings\.won` gives it too: keep "
        r"`endings\.won` and remove `closing_line`",
        "`closing_line` — это прежняя запись финала при успехе, а `endings.won` задаёт его ещё раз: оставьте "
        "`endings.won` и удалите `closing_line`",
    ),
    (
        r"give the customer's last words for `won`, `lost`, or both",
        "укажите последние слова клиента для `won` (успех), `lost` (неудача) или для обоих исходов",
    ),
    # --- the scenario validator: the file (scenarios/loader.py) -----------------------------------------------
    (
        r"the file is (?P<n_size>[\d,]+) bytes; the limit is (?P<n_limit>[\d,]+) bytes: "
        r"split it into several scenarios",
        "Файл слишком большой (байт: {n_size}; лимит: {n_limit}): разделите его на несколько сценариев",
    ),
    (r"the file is UTF-16: save it as UTF-8", "Файл в кодировке UTF-16: сохраните его в UTF-8"),
    (
        r"this is a binary file, not a YAML or JSON text file",
        "Это двоичный файл, а не текстовый файл YAML или JSON",
    ),
    (
        r"the file is not valid UTF-8 \(byte (?P<byte>\d+)\): save it as UTF-8",
        "Файл не в кодировке UTF-8 (ошибка в байте {byte}): сохраните его в UTF-8",
    ),
    (r"invalid JSON: (?P<t_problem>.+) \(column (?P<column>\d+)\)", "Ошибка в JSON: {t_problem} (столбец {column})"),
    (r"invalid JSON: (?P<t_problem>.+)", "Ошибка в JSON: {t_problem}"),
    (r"invalid YAML: (?P<t_problem>.+)", "Ошибка в YAML: {t_problem}"),
    (
        r"the file nests deeper than (?P<n>\d+) levels",
        "Слишком глубокая вложенность в файле (максимум уровней: {n})",
    ),
    (r"the file is empty", "Файл пуст"),
    (
        r"the file has more than (?P<n_n>[\d,]+) YAML items: split it into several scenarios",
        "В файле слишком много элементов YAML (максимум: {n_n}): разделите его на несколько сценариев",
    ),
    (
        r"YAML anchors and aliases \(& and \*\) are not allowed: write each value out",
        "Якоря и ссылки YAML (& и *) не допускаются: запишите каждое значение полностью",
    ),
    (r"field names must be text, got (?P<q_key>.+)", "Имена полей должны быть текстом, а здесь: {q_key}"),
    (r"field (?P<q_key>.+) appears twice", "Поле {q_key} указано дважды"),
    (r"cannot read the file: (?P<reason>.+)", "Не удаётся прочитать файл: {reason}"),
    (r"no such file or folder", "Такого файла или папки нет"),
    (
        r"scenario id (?P<q_id>.+) is already used by (?P<file>.+)",
        "id сценария {q_id} уже используется в файле {file}",
    ),
    # JSON problems (Python's json module), inside "invalid JSON: ..."
    (r"Expecting value", "ожидается значение"),
    (r"Expecting property name enclosed in double quotes", "ожидается имя поля в двойных кавычках"),
    (r"Expecting ',' delimiter", "ожидается запятая"),
    (r"Expecting ':' delimiter", "ожидается двоеточие"),
    (r"Extra data", "лишние данные после конца документа"),
    (r"Unterminated string starting at", "незакрытая строка"),
    (r"Invalid control character at", "недопустимый управляющий символ"),
    (r"Invalid \\escape", "недопустимая escape-последовательность"),
    (r"Illegal trailing comma before end of object", "лишняя запятая перед концом объекта"),
    (r"Illegal trailing comma before end of array", "лишняя запятая перед концом массива"),
    # YAML problems (libyaml or PyYAML, whichever reads the file), inside "invalid YAML: ..."
    (
        r"mapping values are not allowed (?:here|in this context)",
        "здесь не может быть пары «имя: значение» (возможно, в тексте есть «: » без кавычек)",
    ),
    (r"mapping keys are not allowed (?:here|in this context)", "здесь не может быть имени поля"),
    (
        r"(?:block )?sequence entries are not allowed (?:here|in this context)",
        "здесь не может быть элемента списка «- »",
    ),
    (
        r"found a tab character (?:that violates indentation|where an indentation space is expected)",
        "найден символ табуляции: делайте отступы пробелами",
    ),
    (r"found character (?P<q_char>.+) that cannot start any token", "значение не может начинаться с символа {q_char}"),
    (r"found character that cannot start any token", "найден символ, с которого не может начинаться значение"),
    (r"could not find expected ':'", "не найдено ожидаемое двоеточие"),
    (r"did not find expected key", "не найдено ожидаемое имя поля (проверьте отступы)"),
    (r"did not find expected node content|expected the node content, but found .+", "не найдено ожидаемое значение"),
    (r"did not find expected '-' indicator", "не найден ожидаемый элемент списка «- »"),
    (
        r"did not find expected ',' or '\]'|expected ',' or '\]', but got .+",
        "ожидается «,» или «]»: проверьте, закрыт ли список",
    ),
    (
        r"did not find expected ',' or '\}'|expected ',' or '\}', but got .+",
        "ожидается «,» или «}}»: проверьте, закрыты ли фигурные скобки",
    ),
    (r"invalid indentation or unclosed '\[' or '\{'", "неверный отступ или незакрытая скобка «[» либо «{{»"),
    (r"found unexpected end of stream", "файл неожиданно закончился (возможно, не закрыты кавычки)"),
    (r"found unexpected ':'", "неожиданное двоеточие"),
    (r"found undefined alias.*", "ссылка на несуществующий якорь"),
    (r"found duplicate anchor.*", "якорь указан дважды"),
    (r"found unknown escape character.*", "неизвестная escape-последовательность"),
    (r"expected <block end>, but found .+", "неверный отступ: блок не закрыт там, где ожидалось"),
    (
        r"did not find expected comment or line break|expected a comment or a line break, but found .+",
        "после значения ожидается комментарий или конец строки",
    ),
    (
        r"found unexpected document (?:separator|indicator)",
        "неожиданный разделитель документов («---» или «...»)",
    ),
    (
        r"did not find expected <document start>|expected '<document start>', but found .+",
        "ожидается начало документа («---»)",
    ),
    (r"expected a single document in the stream", "в файле должен быть один документ YAML"),
    (r"but found another document", "в файле больше одного документа YAML (после «---»)"),
    (r"(?:special|control) characters are not allowed", "в файле есть недопустимые управляющие символы"),
]

CATALOGUE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern, re.DOTALL), template) for pattern, template in _CATALOGUE
]
"""(English message as a regex, Russian template with the regex's named groups), the first match wins."""


def translate(message: str, language: str) -> str:
    """The message in `language`: the Russian text for "ru" when a pattern matches, else the message as it is."""
    if language != RUSSIAN or not message:
        return message
    for pattern, template in CATALOGUE:
        match = pattern.fullmatch(message)
        if match is None:
            continue
        try:
            values = {name: _carry(name, value or "", language) for name, value in match.groupdict().items()}
            text = template.format(**values)
        except (KeyError, IndexError, ValueError):  # a broken entry: better English than no message
            return message
        return text if text.strip() else message
    return message


def translate_errors(errors: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """Field errors with each `message` in `language` (the other keys as they are)."""
    return [
        {**e, "message": translate(e["message"], language)} if isinstance(e.get("message"), str) else e for e in errors
    ]


def request_language(request: HTTPConnection) -> str:
    """Russian ("ru") when the request's Accept-Language header starts with a Russian tag, else English ("en")."""
    return header_language(request.headers.get("accept-language"))


def header_language(accept_language: str | None) -> str:
    """Russian ("ru") when the first tag of an Accept-Language value starts with "ru", else English ("en")."""
    first = (accept_language or "").split(",")[0].split(";")[0].strip().lower()
    return RUSSIAN if first.startswith(RUSSIAN) else ENGLISH


def placeholders(template: str) -> set[str]:
    """The names a template fills in."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}


# --- carrying group values over ----------------------------------------------------------------------------------


def _carry(name: str, value: str, language: str) -> str:
    convert = _CONVERTERS.get(name[:2])
    return convert(value, language) if convert else value


def _inner(value: str, language: str) -> str:
    text = translate(value, language)
    if text != value and len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")


def _quoted(value: str, _: str) -> str:
    text = _QUOTED.sub(lambda m: f"«{m.group(1) if m.group(1) is not None else m.group(2)}»", value)
    return re.sub(r"» or «", "» или «", text)


def _number(value: str, _: str) -> str:
    return value.replace(",", "\u00a0").replace(".", ",")


def _role(value: str, _: str) -> str:
    return _ROLES.get(value, value)


def _date(value: str, _: str) -> str:
    try:
        if len(value) == 10:
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        return moment.strftime("%d.%m.%Y %H:%M:%S")
    return moment.astimezone(UTC).strftime("%d.%m.%Y %H:%M:%S UTC")


_CONVERTERS: dict[str, Callable[[str, str], str]] = {
    "t_": _inner,
    "q_": _quoted,
    "n_": _number,
    "r_": _role,
    "d_": _date,
}
