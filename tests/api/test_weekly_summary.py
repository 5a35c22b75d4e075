"""The weekly team summary the head forwards up: one workbook of a week with a sheet of figures and one per section
(certification changes, norm attainment, weakest objections, new hires behind plan), read back with openpyxl:
headers and status words in the interface language, dates as dates, numbers as numbers, header frozen, filters."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from api_builders import Clock, client_for, practice_answer, session_of
from fastapi import FastAPI
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import select
from test_team_screen import ALL_STRONG, NOW, RU, V1, _assign, _norm, _world
from training_builders import record_test

from api.models import Certificate, User
from api.models.plans import OnboardingPlan, PlanAssignment

MONDAY = datetime(2026, 3, 9, tzinfo=NOW.tzinfo)  # NOW is the Thursday of this week
PATH = f"{V1}/reports/weekly-summary.xlsx"


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


def _company(app: FastAPI, clock: Clock) -> dict[str, Any]:
    """North's week: anna practises on two days and fails a test, boris on one day and is certified, cara's old
    certificate runs out and she is behind her onboarding plan; dan (South) is certified too."""
    world = _world(app, clock)
    people, scenario, (basics, advanced) = world["people"], world["scenario"], world["tracks"]
    _norm(app, team_id=world["north"].id, valid_from=date(2026, 1, 5), days_per_week=2, time_zone="UTC")
    for day, score in ((0, 30), (1, 40), (1, 35)):
        practice_answer(app, people["anna"], scenario, MONDAY + timedelta(days=day, hours=9), step="price", score=score)
    practice_answer(app, people["boris"], scenario, MONDAY + timedelta(hours=9), step="timing", score=80)
    practice_answer(app, people["anna"], scenario, MONDAY - timedelta(days=3), step="timing", score=20)  # last week
    record_test(app, rep=people["anna"], track=basics, scores={"price": 20}, at=MONDAY + timedelta(days=1, hours=10))
    record_test(app, rep=people["boris"], track=basics, scores=ALL_STRONG, at=MONDAY + timedelta(days=2, hours=11))
    _assign(app, basics, world["south"], NOW - timedelta(days=60))
    record_test(app, rep=people["dan"], track=basics, scores=ALL_STRONG, at=MONDAY + timedelta(days=2, hours=12))
    record_test(app, rep=people["cara"], track=advanced, scores=ALL_STRONG, at=NOW - timedelta(days=200))
    with session_of(app) as session:
        old = session.exec(select(Certificate).where(Certificate.user_id == people["cara"].id)).one()
        old.warning_at, old.expires_at = NOW - timedelta(days=20), MONDAY + timedelta(days=1, hours=8)
        plan = OnboardingPlan(
            name="New hires",
            probation_days=90,
            milestones=[{"track_id": basics.id, "due_days": 14}],
            created_at=NOW,
            updated_at=NOW,
        )
        session.add_all([old, plan])
        session.flush()
        session.add(
            PlanAssignment(
                plan_id=plan.id or 0,
                user_id=people["cara"].id or 0,
                start_date=(NOW - timedelta(days=40)).date(),
                assigned_at=NOW,
            )
        )
        head = session.get(User, people["head"].id)
        assert head is not None
        head.language = "ru"
        session.add(head)
        session.commit()
    return world


def _rows(sheet: Worksheet) -> list[list[Any]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]


def _figures(sheet: Worksheet) -> dict[str, Any]:
    return {str(label): value for label, value in _rows(sheet)}


def test_the_head_downloads_one_workbook_of_the_week_in_russian(app: FastAPI, clock: Clock) -> None:
    world = _company(app, clock)
    people = world["people"]
    head = client_for(app, people["head"], clock=clock)
    response = head.get(PATH, params={"team_id": world["north"].id})
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="parry-weekly-summary-2026-03-09.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Сводка",
        "Изменения сертификации",
        "Выполнение нормативов",
        "Самые слабые возражения",
        "Отстают от плана ввода",
    ]
    for sheet in book.worksheets:
        assert str(sheet.freeze_panes).endswith("2"), sheet.title
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        assert all(cell.font.bold for cell in sheet[1]), sheet.title

    figures = _figures(book["Сводка"])
    assert figures["Команда"] == "North"
    assert (figures["Неделя с"], figures["Неделя по"]) == (datetime(2026, 3, 9), datetime(2026, 3, 15))
    assert book["Сводка"]["B3"].number_format == "dd.mm.yyyy"
    assert figures["Менеджеров"] == 3
    assert (figures["Выдано сертификатов"], figures["Не сдано тестов"], figures["Сертификатов истекло"]) == (1, 1, 1)
    assert (figures["С нормативом на неделе"], figures["Выполнили норматив недели"]) == (3, 1)
    assert (figures["Новичков на плане ввода"], figures["Новичков отстают от плана"]) == (1, 1)
    assert figures["Сертифицированы по всем назначенным программам"] == 0  # two tracks each; boris has one

    changes = book["Изменения сертификации"]
    assert [c.value for c in changes[1]] == ["Время", "Менеджер", "Команда", "Программа", "Изменение", "Балл"]
    rows = _rows(changes)
    assert [(r[1], r[3], r[4]) for r in rows] == [
        (people["cara"].name, "Advanced", "истёк"),
        (people["anna"].name, "Basics", "не сдан"),
        (people["boris"].name, "Basics", "сертифицирован"),
    ]  # dan is in South
    assert rows[0][0] == datetime(2026, 3, 10, 8, 0)
    assert isinstance(rows[2][5], float | int)
    assert rows[2][5] >= 70
    assert changes["A2"].number_format == "dd.mm.yyyy hh:mm"

    norm = {r[0]: r for r in _rows(book["Выполнение нормативов"])}
    assert norm[people["anna"].name][1:8] == ["North", 3, 2, 0, 2, None, "выполнен"]
    assert norm[people["boris"].name][2:4] == [1, 1]
    assert norm[people["boris"].name][7] == "не выполнен"
    assert norm[people["cara"].name][7] == "не выполнен"

    weakest = book["Самые слабые возражения"]
    assert [c.value for c in weakest[1]][:5] == ["Сценарий", "Шаг", "Категория", "Реплика клиента", "Ответов"]
    first = _rows(weakest)[0]
    assert (first[1], first[2], first[4]) == ("price", "Цена", 5)  # anna's three practice answers, two tests'
    assert first[6] == 43.0  # (30 + 40 + 35 + 20 + 90) / 5

    behind = _rows(book["Отстают от плана ввода"])
    assert len(behind) == 1
    assert behind[0][0] == people["cara"].name
    assert behind[0][5] == "отстаёт"
    assert behind[0][3] == datetime(2026, 1, 31)  # the start date, a date
    assert isinstance(behind[0][7], int)
    assert behind[0][7] > 0


def test_any_week_by_one_of_its_days_and_english_for_an_english_head(app: FastAPI, clock: Clock) -> None:
    world = _company(app, clock)
    with session_of(app) as session:
        head = session.get(User, world["people"]["head"].id)
        assert head is not None
        head.language = "en"
        session.add(head)
        session.commit()
    client = client_for(app, world["people"]["head"], clock=clock)
    last_week = client.get(PATH, params={"week": "2026-03-04"})  # every team, the week before
    assert last_week.status_code == 200
    book = load_workbook(io.BytesIO(last_week.content))
    assert book.sheetnames == [
        "Summary",
        "Certification changes",
        "Norm attainment",
        "Weakest objections",
        "Behind plan",
    ]
    figures = _figures(book["Summary"])
    assert figures["Team"] == "every team"
    assert (figures["Week from"], figures["Week to"]) == (datetime(2026, 3, 2), datetime(2026, 3, 8))
    assert figures["Reps"] == 4
    assert _rows(book["Certification changes"]) == []
    assert figures["New certificates"] == 0
    norm = {r[0]: r for r in _rows(book["Norm attainment"])}
    assert norm[world["people"]["anna"].name][2] == 1  # the one answer of last week
    assert norm[world["people"]["dan"].name][7] == "no norm"


def test_a_trainer_gets_their_own_team_and_a_week_to_come_is_refused(app: FastAPI, clock: Clock) -> None:
    world = _company(app, clock)
    trainer = client_for(app, world["people"]["trainer"], clock=clock)
    own = load_workbook(io.BytesIO(trainer.get(PATH).content))
    assert _figures(own.worksheets[0])["Team"] == "North"  # the trainer's own team
    other = trainer.get(PATH, params={"team_id": world["south"].id})
    assert (other.status_code, other.json()["code"]) == (403, "reports_other_team")
    rep = client_for(app, world["people"]["anna"], clock=clock)
    assert rep.get(PATH).status_code == 403
    head = client_for(app, world["people"]["head"], clock=clock)
    future = head.get(PATH, params={"week": "2026-03-16"}, headers=RU)
    assert (future.status_code, future.json()["code"]) == (422, "week_in_future")
    assert future.json()["errors"][0]["field"] == "week"
    assert "ещё не началась" in future.json()["detail"]
    assert head.get(PATH, params={"week": "12.03.2026"}).status_code == 422
