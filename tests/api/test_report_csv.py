"""The reports as CSV: a header, Cyrillic intact, one row per entity, no formulas from user text; semicolons and
decimal commas for Excel in a Russian locale."""

from __future__ import annotations

import csv
import io

import pytest
from api_builders import Clock, client_for
from fastapi import FastAPI
from reports_world import NOW, V1, build_company, get_json

from api.models import User
from api.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"expiry_warning_days": 7})


def _csv(app: FastAPI, clock: Clock, user: User, path: str) -> list[list[str]]:
    clock.current = NOW
    response = client_for(app, user, clock=clock).get(f"{V1}{path}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="parry-')
    assert response.content.startswith("\ufeff".encode())  # the BOM: Excel reads UTF-8
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    delimiter = ";" if "sep=semicolon" in path else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_csv_exports_have_a_header_cyrillic_intact_and_one_row_per_entity(
    app: FastAPI, clock: Clock, settings: Settings
) -> None:
    company = build_company(app, clock, settings)
    head = company.head
    matrix = _csv(app, clock, head, "/reports/certification.csv")
    assert matrix[0] == ["rep", "email", "team", "Цена и конкуренты: status", "Цена и конкуренты: expires"]
    assert len(matrix) - 1 == len(company.reps)
    by_name = {row[0]: row for row in matrix[1:]}
    assert by_name["Анна Петрова"][2] == "Москва, отдел 1"
    assert "'=Ольга" in by_name  # a cell that starts like a formula is not a formula
    assert by_name["John"][3] == "not_assigned"

    heat = _csv(app, clock, head, "/reports/heatmap.csv")
    report = get_json(app, clock, head, "/reports/heatmap")
    assert heat[0] == ["team", "answers", *report["categories"]]
    assert sorted(row[0] for row in heat[1:]) == sorted(t["name"] for t in report["teams"])

    weakest = _csv(app, clock, head, "/reports/weakest-steps.csv?min_answers=1&limit=100")
    assert weakest[0][:3] == ["scenario", "step", "category"]
    assert len(weakest) - 1 == len(
        get_json(app, clock, head, "/reports/weakest-steps?min_answers=1&limit=100")["steps"]
    )
    assert "Уже есть поставщик" in {row[0] for row in weakest[1:]}

    activity = _csv(app, clock, head, "/reports/activity.csv")
    assert len(activity) - 1 == len(get_json(app, clock, head, "/reports/activity")["weeks"])

    ivan = company.reps["ivan"]
    answers = _csv(app, clock, head, f"/reports/reps/{ivan.id}/answers.csv")
    assert answers[0][-1] == "answer"
    assert len(answers) - 1 == len(get_json(app, clock, head, f"/reports/reps/{ivan.id}/answers")["answers"])

    agreement = _csv(app, clock, head, "/reports/agreement.csv")
    assert agreement[0][-2:] == ["mean abs difference", "spearman"]


def test_csv_for_excel_in_a_russian_locale_uses_semicolons_and_decimal_commas(
    app: FastAPI, clock: Clock, settings: Settings
) -> None:
    company = build_company(app, clock, settings)
    rows = _csv(app, clock, company.head, "/reports/weakest-steps.csv?min_answers=1&sep=semicolon")
    means = [row[6] for row in rows[1:]]
    assert all("." not in m for m in means)
    assert any("," in m for m in means)
