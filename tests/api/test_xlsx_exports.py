"""Every report as an XLSX workbook that opens in Excel: headers and status words in the caller's interface
language, dates as dates, numbers as numbers, the header row frozen, an auto-filter, text never a formula; the
same rows as the CSV; CSV with semicolons by default for a Russian interface."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import Any

import pytest
from api_builders import Clock, client_for, make_team, make_user, publish_scenario, publish_track, session_of
from fastapi import FastAPI
from openpyxl import load_workbook
from training_builders import START, record_practice, record_test

from api.models import Answer, Role, User
from api.settings import Settings

V1 = "/api/v1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORTS = ["certification", "heatmap", "weakest-steps", "activity", "agreement", "stop-phrases", "norms"]


@pytest.fixture
def clock() -> Clock:
    return Clock(START + timedelta(days=10))


def _world(app: FastAPI, clock: Clock, settings: Settings) -> dict[str, Any]:
    team = make_team(app, name="Север", clock=clock)
    head = make_user(app, role=Role.head, team=team, clock=clock)
    rep = make_user(app, role=Role.trainee, team=team, clock=clock)
    scenario = publish_scenario(app, author=head, clock=clock)
    track = publish_track(app, author=head, clock=Clock(START), scenario_ids=[scenario.id or 0], team=team)
    for n, step in enumerate(["price", "price", "timing", "pushback"]):
        record_practice(
            app,
            rep=rep,
            scenario=scenario,
            step_id=step,
            score=40 + 10 * n,
            at=START + timedelta(days=n),
            settings=settings,
            text='=HYPERLINK("http://evil")' if n == 0 else "An answer.",
        )
    record_test(
        app, rep=rep, track=track, scores={"price": 90, "pushback": 90, "timing": 90}, at=START + timedelta(days=5)
    )
    return {"team": team, "head": head, "rep": rep}


def _set_language(app: FastAPI, user: User, language: str) -> None:
    with session_of(app) as session:
        row = session.get(User, user.id)
        assert row is not None
        row.language = language
        session.add(row)
        session.commit()


def _sheet(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content)).active


def _period() -> dict[str, str]:
    return {"since": START.date().isoformat(), "until": (START + timedelta(days=10)).date().isoformat()}


@pytest.mark.parametrize("report", REPORTS)
def test_every_report_is_a_workbook_with_a_frozen_header_and_a_filter(
    app: FastAPI, clock: Clock, settings: Settings, report: str
) -> None:
    world = _world(app, clock, settings)
    head = client_for(app, world["head"], clock=clock)
    response = head.get(f"{V1}/reports/{report}.xlsx", params=_period())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    assert response.headers["content-disposition"].endswith(f'{report}-{clock.now():%Y-%m-%d}.xlsx"')
    sheet = _sheet(response.content)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
    rows = list(csv.reader(io.StringIO(head.get(f"{V1}/reports/{report}.csv", params=_period()).text.lstrip("\ufeff"))))
    assert sheet.max_row == len(rows)  # the same rows as the CSV
    assert sheet.cell(1, 1).value == rows[0][0][:1].upper() + rows[0][0][1:]


def test_headers_status_words_and_dates_follow_the_interface_language(
    app: FastAPI, clock: Clock, settings: Settings
) -> None:
    world = _world(app, clock, settings)
    _set_language(app, world["head"], "ru")
    head = client_for(app, world["head"], clock=clock)
    sheet = _sheet(head.get(f"{V1}/reports/certification.xlsx").content)
    header = [c.value for c in sheet[1]]
    assert header == ["Менеджер", "E-mail", "Команда", "Price objections: статус", "Price objections: действует до"]
    row = [c.value for c in sheet[2]]
    assert row[2:4] == ["Север", "сертифицирован"]
    assert isinstance(row[4], datetime)  # a real date, shown as a day
    assert sheet.cell(2, 5).number_format == "dd.mm.yyyy"
    answers = _sheet(head.get(f"{V1}/reports/reps/{world['rep'].id}/answers.xlsx", params=_period()).content)
    assert [c.value for c in answers[1]][:3] == ["Время", "Вид", "Сценарий"]
    kinds = {answers.cell(r, 2).value for r in range(2, answers.max_row + 1)}
    assert kinds == {"тренировка", "тест"}
    assert {answers.cell(r, 8).value for r in range(2, answers.max_row + 1)} <= {"да", "нет"}
    scores = [answers.cell(r, 6).value for r in range(2, answers.max_row + 1)]
    assert all(isinstance(s, int) for s in scores)
    assert all(isinstance(answers.cell(r, 1).value, datetime) for r in range(2, answers.max_row + 1))


def test_text_that_looks_like_a_formula_stays_text(app: FastAPI, clock: Clock, settings: Settings) -> None:
    world = _world(app, clock, settings)
    head = client_for(app, world["head"], clock=clock)
    sheet = _sheet(head.get(f"{V1}/reports/reps/{world['rep'].id}/answers.xlsx", params=_period()).content)
    column = [c.value for c in sheet[1]].index("Answer") + 1
    cells = [sheet.cell(r, column) for r in range(2, sheet.max_row + 1)]
    evil = [c for c in cells if str(c.value).startswith("=")]
    assert [(c.value, c.data_type) for c in evil] == [('=HYPERLINK("http://evil")', "s")]


def test_numbers_are_numbers_in_english_too(app: FastAPI, clock: Clock, settings: Settings) -> None:
    world = _world(app, clock, settings)
    head = client_for(app, world["head"], clock=clock)
    sheet = _sheet(head.get(f"{V1}/reports/weakest-steps.xlsx", params={**_period(), "min_answers": 1}).content)
    assert [c.value for c in sheet[1]][-2:] == ["Mean score", "Pass rate"]
    assert all(isinstance(sheet.cell(r, 7).value, int | float) for r in range(2, sheet.max_row + 1))
    assert sheet.max_row > 1
    activity = _sheet(head.get(f"{V1}/reports/activity.xlsx", params=_period()).content)
    assert isinstance(activity.cell(2, 1).value, datetime)
    assert activity.cell(2, 1).number_format == "yyyy-mm-dd"


def test_csv_uses_semicolons_and_russian_words_by_default_for_a_russian_interface(
    app: FastAPI, clock: Clock, settings: Settings
) -> None:
    world = _world(app, clock, settings)
    head = client_for(app, world["head"], clock=clock)
    assert head.get(f"{V1}/reports/activity.csv", params=_period()).text.lstrip("\ufeff").startswith("week,")
    _set_language(app, world["head"], "ru")
    semicolons = head.get(f"{V1}/reports/activity.csv", params=_period()).text.lstrip("\ufeff")
    assert semicolons.startswith("Неделя;Ответов на тренировках;")  # headers in the interface language
    assert "," not in semicolons.splitlines()[0]
    commas = head.get(f"{V1}/reports/activity.csv", params={**_period(), "sep": "comma"}).text.lstrip("\ufeff")
    assert commas.startswith("Неделя,")  # commas when asked; the words stay the interface's


def test_a_trainer_exports_their_own_team_only(app: FastAPI, clock: Clock, settings: Settings) -> None:
    world = _world(app, clock, settings)
    other = make_team(app, name="Юг", clock=clock)
    outsider = client_for(app, make_user(app, role=Role.trainer, team=other, clock=clock), clock=clock)
    refused = outsider.get(f"{V1}/reports/certification.xlsx", params={"team_id": world["team"].id})
    assert refused.status_code == 403
    assert refused.json()["detail"]
    assert outsider.get(f"{V1}/reports/reps/{world['rep'].id}/answers.xlsx").status_code == 404
    mine = _sheet(outsider.get(f"{V1}/reports/certification.xlsx").content)
    assert mine.max_row == 1  # the header only: no rep of the other team


def test_answers_of_the_export_are_counted_as_in_the_report(app: FastAPI, clock: Clock, settings: Settings) -> None:
    world = _world(app, clock, settings)
    head = client_for(app, world["head"], clock=clock)
    sheet = _sheet(head.get(f"{V1}/reports/reps/{world['rep'].id}/answers.xlsx", params=_period()).content)
    with session_of(app) as session:
        from sqlmodel import col, select

        stored = len(session.exec(select(Answer.id).where(col(Answer.user_id) == world["rep"].id)).all())
    assert sheet.max_row - 1 == stored
