"""The catalogue of error texts, keyed by error code: each code's English and Russian template (`MESSAGES`), the
Russian of the scenario and stop-phrase file validator's codes (`FILE_RUSSIAN`, their English in
`scenarios/messages.py`), and the patterns for what parsers write without codes (`PARSER_PROBLEMS`).
`api/messages.py` renders them; its docstring lists the format specs a template may use."""

from __future__ import annotations

import re
from typing import NamedTuple

from scenarios.messages import MESSAGES as SCENARIO_MESSAGES


class Text(NamedTuple):
    """The English and the Russian template of one code."""

    en: str
    ru: str


MESSAGES: dict[str, Text] = {
    # --- logging in, sessions, roles (api/services/accounts.py, api/deps.py, api/passwords.py) -------------------
    "login_failed": Text("wrong email or password", "Неверный адрес электронной почты или пароль"),
    "login_throttled": Text(
        "too many failed logins: wait {minutes:g} minutes and try again",
        "Слишком много неудачных попыток входа: подождите {minutes:plural:минуту|минуты|минут} и попробуйте снова",
    ),
    "session_expired": Text(
        "your session has expired or you are logged out: log in again",
        "Сессия закончилась или вы вышли из системы: войдите снова",
    ),
    "account_disabled": Text("this account is disabled", "Эта учётная запись отключена"),
    "not_logged_in": Text("log in first", "Сначала войдите в систему"),
    "csrf_failed": Text(
        "missing or wrong CSRF token: send the {header} header given at login",
        "CSRF-токен отсутствует или неверен: передайте заголовок {header}, полученный при входе",
    ),
    "role_needed": Text(
        "this needs the {needed} role or higher; you are {role}",
        "Для этого нужна роль «{needed:role}» или выше; ваша роль — «{role:role}»",
    ),
    "password_wrong": Text("the current password is wrong", "Текущий пароль указан неверно"),
    "password_unchanged": Text(
        "the new password must differ from the current one", "Новый пароль должен отличаться от текущего"
    ),
    "password_too_easy": Text(
        "too easy to guess: a common password, a repeat or a sequence; a few unrelated words work well",
        "слишком простой пароль (распространённый, с повторами или последовательностью); "
        "надёжнее несколько не связанных слов",
    ),
    "password_personal": Text(
        "must not contain your e-mail address or name", "не должен содержать ваш адрес электронной почты или имя"
    ),
    # --- people and teams -----------------------------------------------------------------------------------------
    "team_not_found": Text("no team with id {id}", "Команда с id {id} не найдена"),
    "team_exists": Text("a team named {name!r} already exists", "Команда {name!r} уже существует"),
    "user_not_found": Text("no user with id {id}", "Пользователь с id {id} не найден"),
    "email_taken": Text("a user with email {email} already exists", "Пользователь с адресом {email} уже существует"),
    "last_admin": Text(
        "this is the last active admin: make another admin first",
        "Это последний активный администратор: сначала назначьте администратором кого-то ещё",
    ),
    "delete_self": Text(
        "you cannot delete your own account: another admin can",
        "Нельзя удалить свою учётную запись: это может сделать другой администратор",
    ),
    # --- who sees what (api/services/scope.py) ---------------------------------------------------------------------
    "reports_role_needed": Text(
        "reports need the trainer role or higher; you are {role}",
        "Для отчётов нужна роль «тренер» или выше; ваша роль — «{role:role}»",
    ),
    "reports_no_team": Text(
        "you are in no team: a trainer sees the reports of their own team",
        "Вы не состоите ни в одной команде: тренеру доступны отчёты только по своей команде",
    ),
    "reports_other_team": Text(
        "a trainer sees the reports of their own team only", "Тренеру доступны отчёты только по своей команде"
    ),
    "assign_other_team": Text(
        "a trainer assigns tracks to their own team and its members only",
        "Тренер назначает треки только своей команде и её участникам",
    ),
    "rep_not_found": Text("no rep with id {id} for you", "Менеджер с id {id} вам недоступен"),
    "answers_not_found": Text("no answers of user {id} for you", "Ответы пользователя {id} вам недоступны"),
    # --- reports --------------------------------------------------------------------------------------------------
    "period_reversed": Text(
        "since must not be after until", "Начало периода (since) не может быть позже его конца (until)"
    ),
    "period_too_long": Text(
        "a report covers at most {days} days", "Период отчёта слишком длинный (максимум дней: {days})"
    ),
    "week_in_future": Text("the week of {day} has not begun yet", "Неделя с {day} ещё не началась"),
    "leaderboard_off": Text(
        "the team's leaderboard is off (its head or trainer may turn it on)",
        "Рейтинг команды выключен (включить его может руководитель или тренер команды)",
    ),
    "leaderboard_other_team": Text(
        "the leaderboard of your own team only", "Рейтинг доступен только для своей команды"
    ),
    "step_needs_scenario": Text(
        "a step is asked for with both scenario_id and step_id",
        "Шаг задаётся двумя параметрами вместе: scenario_id и step_id",
    ),
    # --- company stop phrases (api/services/stop_phrases.py) ----------------------------------------------------
    "stop_phrase_not_found": Text("no stop phrase with id {id}", "Стоп-фраза с id {id} не найдена"),
    "stop_phrase_exists": Text(
        "the stop phrase {phrase!r} is already in the list (id {id})",
        "Стоп-фраза {phrase!r} уже есть в списке (id {id})",
    ),
    "stop_phrases_invalid": Text(
        "the stop-phrase list is not valid: {problems}", "Список стоп-фраз не прошёл проверку: {problems}"
    ),
    # --- scenarios (api/services/scenarios.py, api/routes/scenarios.py) -------------------------------------------
    "scenario_invalid": Text("the scenario is not valid: {problems}", "Сценарий не прошёл проверку: {problems}"),
    "scenario_not_found": Text("no scenario with id {id}", "Сценарий с id {id} не найден"),
    "scenarios_not_found": Text("no scenario with id {ids}", "Сценарии с id {ids} не найдены"),
    "scenario_no_published_version": Text(
        "scenario {id} has no published version", "У сценария {id} нет опубликованной версии"
    ),
    "scenario_version_not_found": Text("scenario {id} has no version {number}", "У сценария {id} нет версии {number}"),
    "scenario_exists": Text(
        "a scenario with id {id!r} already exists: edit its draft or import with another id",
        "Сценарий с id {id!r} уже существует: отредактируйте его черновик или импортируйте файл с другим id",
    ),
    "scenario_id_fixed": Text(
        "the scenario id cannot change (it is {id!r}): import the document as a new scenario",
        "id сценария нельзя изменить (сейчас это {id!r}): импортируйте документ как новый сценарий",
    ),
    "scenario_draft_needs_id": Text(
        "a draft needs an id to be saved: latin lowercase letters, digits, - and _ (up to 64)",
        "Чтобы сохранить черновик, нужен id: строчные латинские буквы, цифры, - и _ (до 64 знаков)",
    ),
    "scenario_no_draft": Text("this scenario has no draft", "У этого сценария нет черновика"),
    "scenario_never_published": Text(
        "this scenario was never published: its draft is all there is",
        "Этот сценарий ещё не публиковался: кроме черновика, у него ничего нет",
    ),
    "nothing_to_publish": Text("there is no draft to publish", "Нет черновика для публикации"),
    "draft_unchanged": Text(
        "the draft is the same as version {number}: nothing to publish",
        "Черновик совпадает с версией {number}: публиковать нечего",
    ),
    "scenario_published_concurrently": Text(
        "someone published this scenario at the same moment: reload and try again",
        "Кто-то опубликовал этот сценарий одновременно с вами: обновите страницу и попробуйте снова",
    ),
    "scenario_not_published": Text("this scenario has not been published yet", "Этот сценарий ещё не опубликован"),
    "step_not_in_scenario": Text("the scenario has no step {step!r}", "В сценарии нет шага {step!r}"),
    # --- tracks ---------------------------------------------------------------------------------------------------
    "track_not_found": Text("no track with id {id}", "Программа обучения с id {id} не найдена"),
    "test_size_too_big": Text(
        "the test draws {size} steps but the track's scenarios have {steps}",
        "Размер теста ({size}) больше числа шагов в сценариях программы обучения ({steps})",
    ),
    "track_published_concurrently": Text(
        "someone published this track at the same moment: reload and try again",
        "Кто-то опубликовал эту программу обучения одновременно с вами: обновите страницу и попробуйте снова",
    ),
    "scenarios_not_published": Text("publish these scenarios first: {ids}", "Сначала опубликуйте сценарии: {ids}"),
    "track_not_published": Text(
        "publish the track before assigning it", "Опубликуйте программу обучения, прежде чем назначать её"
    ),
    "track_assigned_to_team": Text(
        "the track is already assigned to team {id}", "Программа обучения уже назначена команде {id}"
    ),
    "track_assigned_to_user": Text(
        "the track is already assigned to user {id}", "Программа обучения уже назначена пользователю {id}"
    ),
    "assignment_not_found": Text(
        "no assignment with id {id} on track {track}", "У программы обучения {track} нет назначения с id {id}"
    ),
    "floor_above_pass_mark": Text(
        "the floor must not be above the pass mark", "Минимальный балл (floor) не может быть выше проходного"
    ),
    "scenario_listed_twice": Text(
        "a scenario is listed twice in scenario_ids", "Сценарий указан в scenario_ids дважды"
    ),
    "one_target": Text(
        "give either team_id or user_id, not both and not neither", "Укажите что-то одно: team_id или user_id"
    ),
    # --- practice norms (api/services/norms.py) --------------------------------------------------------------------
    "norm_other_team": Text(
        "a trainer sets the norms of their own team and its reps only",
        "Тренер задаёт нормативы тренировок только своей команде и её менеджерам",
    ),
    "norm_not_for_rep": Text(
        "user {id} is not a rep: norms are for reps (the trainee role)",
        "пользователь {id} не менеджер: нормативы задаются менеджерам (роль «стажёр»)",
    ),
    "norm_in_past": Text(
        "a norm cannot start in the past: {day:date} is before today ({today:date})",
        "норматив не может начинаться в прошлом: {day:date} раньше сегодняшнего дня ({today:date})",
    ),
    "norm_changed": Text(
        "this norm was changed at the same moment: reload and try again",
        "Этот норматив изменили одновременно с вами: обновите страницу и попробуйте снова",
    ),
    "norm_not_found": Text("no norm with id {id}", "Норматив с id {id} не найден"),
    "norm_in_force": Text(
        "norm {id} is in force since {day:date}: set a new version from a later day instead",
        "Норматив {id} действует с {day:date}: вместо удаления задайте новую версию с более поздней даты",
    ),
    "time_zone_unknown": Text(
        "{zone!r} is not a time zone name (such as 'Europe/Moscow' or 'UTC')",
        "{zone!r} — не название часового пояса (например, «Europe/Moscow» или «UTC»)",
    ),
    # --- onboarding plans (api/services/plans.py, api/models/plans.py) ------------------------------------------------
    "plan_not_found": Text("no onboarding plan with id {id}", "План ввода с id {id} не найден"),
    "plan_exists": Text("a plan named {name!r} already exists", "План ввода {name!r} уже существует"),
    "plan_tracks_unpublished": Text(
        "no published track with id {ids}", "нет опубликованной программы обучения с id {ids}"
    ),
    "plan_not_for_rep": Text(
        "user {id} is not a rep: plans are for reps (the trainee role)",
        "пользователь {id} не менеджер: план ввода назначается менеджерам (роль «стажёр»)",
    ),
    "plan_none": Text("user {id} is on no onboarding plan", "Пользователь {id} не включён ни в один план ввода"),
    "plan_out_of_order": Text(
        "the tracks' due days must not decrease along the plan",
        "сроки программ обучения в плане не должны уменьшаться от программы к программе",
    ),
    "plan_after_probation": Text(
        "a track is due after probation ends (day {due} of {probation})",
        "срок программы обучения позже конца испытательного срока (день {due} из {probation})",
    ),
    "plan_track_twice": Text("a track is listed twice in the plan", "программа обучения указана в плане дважды"),
    # --- practice ---------------------------------------------------------------------------------------------------
    "drill_not_found": Text("no drill with id {id}", "Тренировка с id {id} не найдена"),
    "step_choice": Text(
        "give both scenario_id and step_id, or neither (the first step of today's drill)",
        "Укажите и scenario_id, и step_id или не указывайте ни одного "
        "(тогда откроется первый шаг тренировки на сегодня)",
    ),
    "nothing_due": Text(
        "nothing to practise today: no step is due and no new step is left for today",
        "На сегодня тренироваться нечего: нет шагов для повторения и не осталось новых шагов на сегодня",
    ),
    "step_not_in_latest_version": Text(
        "the latest version of scenario {id} has no step {step!r}", "В последней версии сценария {id} нет шага {step!r}"
    ),
    "practice_during_test": Text(
        "your test {id} is running on a track with this scenario: practice on it opens again when the test ends",
        "Идёт ваш тест {id} по программе обучения с этим сценарием: тренировка по нему откроется, когда тест "
        "закончится",
    ),
    "conversation_over": Text(
        "step {step!r} is not open in this drill: the conversation is over; start a new drill on this scenario to "
        "answer again",
        "Шаг {step!r} сейчас недоступен в этой тренировке: разговор окончен; чтобы ответить снова, начните новую "
        "тренировку по этому сценарию",
    ),
    "step_not_open": Text(
        "step {step!r} is not open in this drill (now: {current!r}; a retry may answer {last!r})",
        "Шаг {step!r} сейчас недоступен в этой тренировке (сейчас открыт шаг {current!r}; повторно можно ответить "
        "на шаг {last!r})",
    ),
    # --- scoring an answer (api/scoring.py) -------------------------------------------------------------------------
    "answer_too_long": Text(
        "the answer is {length} characters long; the limit is {limit}",
        "Ответ слишком длинный (символов: {length}; лимит: {limit})",
    ),
    "answer_not_scored": Text("the answer cannot be scored: {reason}", "Ответ не удалось оценить: {reason}"),
    # --- disputes -----------------------------------------------------------------------------------------------------
    "answer_not_found": Text("no answer with id {id}", "Ответ с id {id} не найден"),
    "test_not_finished": Text(
        "test answers can be disputed once the test is finished",
        "Ответы теста можно обжаловать только после завершения теста",
    ),
    "answer_disputed": Text("this answer is already disputed", "На этот ответ уже подана апелляция"),
    "dispute_not_found": Text("no dispute with id {id}", "Апелляция с id {id} не найдена"),
    "dispute_key_points_count": Text(
        "give one tick per key point of the answer's feedback: {points:g}, not {count:g}",
        "отметьте каждый ключевой пункт из разбора ответа: их {points:g}, а не {count:g}",
    ),
    "dispute_score_not_raised": Text(
        "an accepted dispute raises the score, which is {score:g} now; to keep the score, reject the dispute",
        "принятая апелляция повышает оценку, а сейчас она равна {score:g}; чтобы оставить оценку прежней, "
        "отклоните апелляцию",
    ),
    "dispute_closed": Text("this dispute is already {status}", "Эта апелляция уже рассмотрена (статус: {status})"),
    "own_dispute": Text("you cannot review your own dispute", "Нельзя рассматривать собственную апелляцию"),
    # --- tests --------------------------------------------------------------------------------------------------------
    "test_not_found": Text("no test with id {id}", "Тест с id {id} не найден"),
    "track_not_assigned": Text("this track is not assigned to you", "Эта программа обучения вам не назначена"),
    "certified": Text(
        "you are certified on this track until {until:date}; the renewal test opens on {opens:date}",
        "Ваш сертификат по этой программе обучения действует до {until:date}; тест для продления откроется "
        "{opens:date}",
    ),
    "practice_needed": Text(
        "the test opens after practice: {missing:plural:more practice answer|more practice answers} needed on "
        "{short} of {steps:plural:step|steps} (each step {times:plural:time|times} in this cycle)",
        "Тест откроется после тренировки: нужно ещё {missing:plural:тренировочный ответ|тренировочных ответа|"
        "тренировочных ответов} на {short} из {steps:plural:шага|шагов|шагов} (в этом цикле каждый шаг — "
        "{times:plural:раз|раза|раз})",
    ),
    "test_running": Text(
        "finish your test in progress first (test {id})", "Сначала завершите начатый тест (тест {id})"
    ),
    "no_attempts": Text(
        "no attempts left: {used} of {allowed} used", "Попыток не осталось: использовано {used} из {allowed}"
    ),
    # --- requests for more attempts (api/services/attempt_requests.py) ---------------------------------------------
    "attempt_request_pending": Text(
        "you have already asked for more attempts on this track: wait for your trainer's answer",
        "Вы уже попросили дополнительные попытки по этой программе обучения: дождитесь ответа тренера",
    ),
    "attempts_left": Text(
        "you still have {left:plural:attempt|attempts} left ({used} of {allowed} used): ask for more once they are "
        "used",
        "У вас ещё есть попытки: {left:plural:попытка|попытки|попыток} (использовано {used} из {allowed}); "
        "просить о дополнительных можно, когда они закончатся",
    ),
    "attempt_request_not_found": Text(
        "no request for more attempts with id {id}", "Запрос дополнительных попыток с id {id} не найден"
    ),
    "attempt_request_decided": Text(
        "this request for more attempts has already been decided",
        "По этому запросу дополнительных попыток решение уже принято",
    ),
    "own_attempt_request": Text(
        "you cannot decide your own request for more attempts",
        "Нельзя решать собственный запрос дополнительных попыток",
    ),
    "test_started_concurrently": Text(
        "a test of this track was started at the same moment",
        "Тест по этой программе обучения только что начат другим запросом",
    ),
    "no_published_steps": Text(
        "the track's scenarios have no published steps", "В сценариях программы обучения нет опубликованных шагов"
    ),
    "item_not_found": Text("no item {item} in test {test}", "В тесте {test} нет возражения {item}"),
    "test_finished": Text("this test is finished", "Этот тест уже завершён"),
    "answer_late": Text(
        "time for this answer ran out at {at:moment}: it counts as 0",
        "Время на этот ответ истекло {at:moment}: ответ засчитан как 0",
    ),
    "item_answered": Text("this item is already answered", "На это возражение уже дан ответ"),
    "item_out_of_order": Text(
        "answer the items in order: this one is not on screen yet",
        "Отвечайте на возражения по порядку: это возражение ещё не показано",
    ),
    # --- spoken answers (api/services/voice.py) --------------------------------------------------------------------
    "voice_type": Text(
        "the recording must be audio/webm, audio/ogg or audio/wav, not {kind}",
        "Запись должна быть в формате audio/webm, audio/ogg или audio/wav, а не {kind}",
    ),
    "voice_too_large": Text(
        "the recording is {size:,} bytes; the limit is {limit:,}", "Запись занимает {size:,} байт; предел — {limit:,}"
    ),
    "voice_empty": Text("the recording is empty: record the answer again", "Запись пуста: запишите ответ ещё раз"),
    "voice_unreadable": Text(
        "the recording could not be read as audio: record the answer again",
        "Запись не удалось прочитать как звук: запишите ответ ещё раз",
    ),
    "voice_too_long": Text(
        "the recording is {seconds:g} seconds long; the limit is {limit:g}: answer more briefly",
        "Запись длится {seconds:plural:секунду|секунды|секунд}, а можно не больше {limit:g}: ответьте короче",
    ),
    "voice_silent": Text(
        "no speech was heard in the recording: check the microphone and record again",
        "В записи не слышно речи: проверьте микрофон и запишите ответ ещё раз",
    ),
    "voice_not_found": Text("answer {id} has no recording", "У ответа {id} нет записи"),
    "test_voice_only": Text(
        "this test takes spoken answers only: record the answer",
        "В этом тесте отвечают только голосом: запишите ответ",
    ),
    "test_text_only": Text(
        "this test takes typed answers only: type the answer", "В этом тесте отвечают только текстом: напечатайте ответ"
    ),
    # --- the command line (api/services/demo.py) --------------------------------------------------------------------
    "demo_exists": Text(
        "the demo company is already in this database", "Демонстрационная компания уже есть в этой базе данных"
    ),
    # --- the app itself (api/main.py, api/inputs.py) -----------------------------------------------------------------
    "internal_error": Text("internal error: the request was not completed", "Внутренняя ошибка: запрос не выполнен"),
    "body_too_large": Text(
        "the request body is too large (limit {limit:,} bytes)",
        "Тело запроса слишком большое (лимит: {limit:plural:байт|байта|байт})",
    ),
    "cross_origin": Text(
        "cross-origin request refused (PARRY_TRUSTED_ORIGINS lists origins allowed to write)",
        "Запрос с другого сайта отклонён (сайты, которым разрешена запись, перечислены в PARRY_TRUSTED_ORIGINS)",
    ),
    "validation_failed": Text("{problems}", "{problems}"),
    "more_problems": Text("(and {more} more)", "(и ещё ошибок: {more})"),
    "body_not_utf8": Text("the body is not valid UTF-8 text", "тело запроса — не текст в кодировке UTF-8"),
    "body_too_deep": Text(
        "the body is nested too deeply (at most {depth} levels)",
        "в теле запроса слишком глубокая вложенность (не больше уровней: {depth})",
    ),
    "body_unreadable": Text("{problem}", "{problem}"),
    "nul_character": Text("must not contain the NUL character (\\u0000)", "не должно содержать символ NUL (\\u0000)"),
    # Starlette's replies by status: a route that does not exist, a method it does not take.
    "not_found": Text("Not Found", "Не найдено"),
    "forbidden": Text("Forbidden", "Доступ запрещён"),
    "method_not_allowed": Text("Method Not Allowed", "Метод не поддерживается"),
    "not_acceptable": Text("Not Acceptable", "Запрошенный формат ответа не поддерживается"),
    "unsupported_media_type": Text("Unsupported Media Type", "Неподдерживаемый тип содержимого"),
    "http_error": Text("the request failed ({status})", "Запрос не выполнен ({status})"),
    # --- field errors: pydantic's error types (api/main.py) ----------------------------------------------------------
    "missing": Text("is required", "обязательное поле"),
    "json_invalid": Text("the body is not valid JSON", "тело запроса — некорректный JSON"),
    "string_type": Text("must be text", "должно быть текстом"),
    "int_type": Text("must be a whole number", "должно быть целым числом"),
    "int_parsing": Text("must be a whole number", "должно быть целым числом"),
    "int_from_float": Text("must be a whole number, without a fraction", "должно быть целым числом, без дробной части"),
    "float_type": Text("must be a number", "должно быть числом"),
    "float_parsing": Text("must be a number", "должно быть числом"),
    "finite_number": Text("must be a finite number", "должно быть конечным числом"),
    "bool_type": Text("must be true or false", "должно быть true или false"),
    "bool_parsing": Text("must be true or false", "должно быть true или false"),
    "dict_type": Text("must be an object", "должно быть объектом"),
    "model_type": Text("must be an object", "должно быть объектом"),
    "model_attributes_type": Text("must be an object", "должно быть объектом"),
    "list_type": Text("must be a list", "должно быть списком"),
    "extra_forbidden": Text("is not a known field", "неизвестное поле"),
    "greater_than_equal": Text("must be at least {ge:,}", "должно быть не меньше {ge:,}"),
    "greater_than": Text("must be more than {gt:,}", "должно быть больше {gt:,}"),
    "less_than_equal": Text("must be at most {le:,}", "должно быть не больше {le:,}"),
    "less_than": Text("must be less than {lt:,}", "должно быть меньше {lt:,}"),
    "string_too_short": Text("must not be empty", "не должно быть пустым"),
    "string_too_long": Text(
        "must be at most {max_length} characters (got {got})",
        "слишком длинный текст (символов: {got}; максимум: {max_length})",
    ),
    "too_short": Text(
        "needs at least {min_length} items (got {actual_length})",
        "слишком мало элементов (минимум: {min_length}; сейчас: {actual_length})",
    ),
    "too_long": Text(
        "has too many items (at most {max_length}, got {actual_length})",
        "слишком много элементов (максимум: {max_length}; сейчас: {actual_length})",
    ),
    "string_pattern_mismatch": Text("has the wrong format", "неверный формат"),
    "literal_error": Text("must be one of {expected}", "допустимые значения: {expected:choices}"),
    "enum": Text("must be one of {expected}", "допустимые значения: {expected:choices}"),
    "date_parsing": Text("must be a day written YYYY-MM-DD", "должно быть датой в виде ГГГГ-ММ-ДД"),
    "date_type": Text("must be a day written YYYY-MM-DD", "должно быть датой в виде ГГГГ-ММ-ДД"),
    "date_from_datetime_parsing": Text("must be a day written YYYY-MM-DD", "должно быть датой в виде ГГГГ-ММ-ДД"),
    "date_from_datetime_inexact": Text("must be a day written YYYY-MM-DD", "должно быть датой в виде ГГГГ-ММ-ДД"),
    "datetime_parsing": Text("must be a date and time (ISO 8601)", "должно быть датой и временем в формате ISO 8601"),
    "datetime_type": Text("must be a date and time (ISO 8601)", "должно быть датой и временем в формате ISO 8601"),
    "value_error": Text("{error}", "некорректное значение: {error}"),
    "invalid": Text("{error}", "некорректное значение"),
    # Parry's own validators (api/models/)
    "blank": Text("must not be empty", "не должно быть пустым"),
}
"""Every code's texts. A code a validator of a library raises without an entry here reads `invalid`."""

FILE_RUSSIAN: dict[str, str] = {
    "extra_forbidden": (
        "неизвестное поле: проверьте написание; все поля перечислены в «Формат файла сценария» на странице «Сценарии» "
        "(docs/authoring.md)"
    ),
    "missing": "обязательное поле",
    "string_too_short": "не должно быть пустым",
    "too_short": "слишком мало элементов (минимум: {min_length})",
    "too_long": "слишком много элементов (максимум: {max_length})",
    "string_too_long": "слишком длинный текст (максимум символов: {max_length})",
    "greater_than_equal": "должно быть не меньше {ge:,}",
    "less_than_equal": "должно быть не больше {le:,}",
    "greater_than": "должно быть больше {gt:,}",
    "string_type": "должно быть текстом: заключите значение в кавычки (YAML читает no, yes, числа и даты как "
    "значения других типов)",
    "list_type": "должно быть списком: пишите каждый элемент с новой строки, начиная с `- `, или в виде [a, b]",
    "int_type": "должно быть целым числом",
    "int_parsing": "должно быть целым числом",
    "int_from_float": "должно быть целым числом, без дробной части",
    "float_parsing": "должно быть числом",
    "bool_type": "должно быть true или false",
    "bool_parsing": "должно быть true или false",
    "dict_type": "должно быть набором полей (строки вида «имя: значение»)",
    "model_type": "должно быть набором полей (строки вида «имя: значение»)",
    "model_attributes_type": "должно быть набором полей (строки вида «имя: значение»)",
    "string_pattern_mismatch": "должно быть идентификатором в нижнем регистре: латинские буквы a-z, цифры, - и _ "
    "(например, price-objection)",
    "literal_error": "значение {input!r} недопустимо; допустимые значения: {expected:choices}",
    "not_a_scenario": "Файл должен содержать один сценарий: на верхнем уровне — поля id:, title:, steps: и другие",
    "not_a_stop_phrase_list": "Файл должен содержать список стоп-фраз: на верхнем уровне — `parry-stop-phrases: 1` "
    "и `phrases:`",
    "references_too_few": "нужны хотя бы два эталонных ответа (хорошие ответы с разными формулировками)",
    "red_flag_empty": "стоп-фразе нужно поле `phrases`, поле `meaning` или оба",
    "custom_category_missing": "для категории `custom` нужно назвать её в поле `custom_category`",
    "custom_category_unexpected": "поле `custom_category` нужно только для категории `custom`",
    "endings_empty": "укажите последние слова клиента для `won` (успех), `lost` (неудача) или для обоих исходов",
    "end_reserved": "id `end` зарезервирован для завершения разговора",
    "step_id_twice": "id шага {id!r} встречается в этом сценарии дважды",
    "key_point_missing": "ключевого тезиса № {point} нет: ключевых тезисов у этого шага — {count}",
    "key_point_twice": "ключевой тезис № {point} указан дважды",
    "closing_line_twice": "`closing_line` — это прежняя запись финала при успехе, а `endings.won` задаёт его ещё "
    "раз: оставьте `endings.won` и удалите `closing_line`",
    "unknown_step": "указывает на шаг {target!r}, которого нет в этом сценарии (id шагов: {ids}; или `end`)",
    "pushback_unused": "клиент никогда не произнесёт это возражение-повтор: после слабого ответа разговор идёт на "
    "{target!r} (follow_ups.weak); удалите `pushback` или удалите `follow_ups.weak`, чтобы после слабого ответа "
    "клиент возражал на этом же шаге",
    "unreachable": "ни один путь от первого шага не ведёт к шагу {id!r}: добавьте переход на него в follow_ups",
    "strong_loop": "сильные ответы ходят по кругу ({path}): сильный ответ должен продвигать разговор; направьте "
    "ветку strong одного из шагов этого круга на следующий шаг или в `end`",
    "file_too_large": "Файл слишком большой (байт: {size:,}; лимит: {limit:,}): разделите его на несколько сценариев",
    "file_utf16": "Файл в кодировке UTF-16: сохраните его в UTF-8",
    "file_binary": "Это двоичный файл, а не текстовый файл YAML или JSON",
    "file_not_utf8": "Файл не в кодировке UTF-8 (ошибка в байте {byte}): сохраните его в UTF-8",
    "json_invalid": "Ошибка в JSON: {problem} (столбец {column})",
    "yaml_invalid": "Ошибка в YAML: {problem}",
    "file_too_deep": "Слишком глубокая вложенность в файле (максимум уровней: {depth})",
    "file_empty": "Файл пуст",
    "file_too_many_items": "В файле слишком много элементов YAML (максимум: {limit:,}): разделите его на несколько "
    "сценариев",
    "yaml_alias": "Якоря и ссылки YAML (& и *) не допускаются: запишите каждое значение полностью",
    "key_not_text": "Имена полей должны быть текстом, а здесь: {key!r}",
    "key_twice": "Поле {key!r} указано дважды",
    "file_unreadable": "Не удаётся прочитать файл: {reason}",
    "no_such_file": "Такого файла или папки нет",
    "scenario_id_taken": "id сценария {id!r} уже используется в файле {file}",
    "phrase_twice": "фраза {phrase!r} указана дважды (впервые — в phrases[{first}])",
    "invalid": "некорректное значение",
}
"""The Russian of the file validator's codes (`scenarios/messages.py` has their English)."""

FILE_TEXTS: dict[str, Text] = {
    code: Text(SCENARIO_MESSAGES[code], russian) for code, russian in FILE_RUSSIAN.items() if code in SCENARIO_MESSAGES
}
"""The texts of a scenario or stop-phrase file's errors: the same codes as pydantic's where they are pydantic's,
worded for a file's author."""

# What parsers write without codes: YAML (libyaml or PyYAML), JSON (Python's json module) and multipart forms
# (Starlette). The first pattern that matches the whole text wins; a text no pattern matches stays as it is.
PARSER_PROBLEMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(pattern), russian)
    for pattern, russian in [
        # JSON
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
        # YAML
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
        (
            r"found character '(?P<char>.+)' that cannot start any token",
            "значение не может начинаться с символа «{char}»",
        ),
        (r"found character that cannot start any token", "найден символ, с которого не может начинаться значение"),
        (r"could not find expected ':'", "не найдено ожидаемое двоеточие"),
        (r"did not find expected key", "не найдено ожидаемое имя поля (проверьте отступы)"),
        (
            r"did not find expected node content|expected the node content, but found .+",
            "не найдено ожидаемое значение",
        ),
        (r"did not find expected '-' indicator", "не найден ожидаемый элемент списка «- »"),
        (
            r"did not find expected ',' or '\]'|expected ',' or '\]', but got .+",
            "ожидается «,» или «]»: проверьте, закрыт ли список",
        ),
        (
            r"did not find expected ',' or '\}'|expected ',' or '\}', but got .+",
            "ожидается «,» или «}»: проверьте, закрыты ли фигурные скобки",
        ),
        (r"invalid indentation or unclosed '\[' or '\{'", "неверный отступ или незакрытая скобка «[» либо «{»"),
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
        (r"found unexpected document (?:separator|indicator)", "неожиданный разделитель документов («---» или «...»)"),
        (
            r"did not find expected <document start>|expected '<document start>', but found .+",
            "ожидается начало документа («---»)",
        ),
        (r"expected a single document in the stream", "в файле должен быть один документ YAML"),
        (r"but found another document", "в файле больше одного документа YAML (после «---»)"),
        (r"(?:special|control) characters are not allowed", "в файле есть недопустимые управляющие символы"),
        # multipart forms (Starlette, python-multipart)
        (r"There was an error parsing the body", "Не удалось разобрать тело запроса"),
        (
            r"(?:Field|Part) exceeded maximum size of (?P<size>\d+)KB\.",
            "Часть формы слишком большая (лимит в КБ: {size})",
        ),
        (r"Too many fields\. Maximum number of fields is (?P<n>\d+)\.", "Слишком много полей в форме (максимум: {n})"),
        (r"Too many files\. Maximum number of files is (?P<n>\d+)\.", "Слишком много файлов (максимум: {n})"),
        (
            r'The Content-Disposition header field "name" must be provided\.',
            "В заголовке Content-Disposition должно быть поле «name»",
        ),
        (r"Missing boundary in multipart\.", "В данных формы (multipart) не указана граница (boundary)"),
        (r"Invalid multipart data\.", "Некорректные данные формы (multipart)"),
    ]
]
