"""Head of sales' reports, checked against numbers computed here from the raw answers (tests/api/reports_world.py);
who may see which team; periods that make no sense. CSV exports: test_report_csv.py; the agreement view:
test_report_agreement.py."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from api_builders import Clock, client_for, publish_track
from fastapi import FastAPI
from reports_world import (
    DEFAULT_SINCE,
    DEFAULT_UNTIL,
    NOW,
    V1,
    Raw,
    build_company,
    counted_in,
    get_json,
    rounded_mean,
)
from training_builders import START, record_practice, record_test

from api.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"expiry_warning_days": 7})


def test_heatmap_is_the_mean_score_of_each_team_and_category(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = build_company(app, clock, settings)
    report = get_json(app, clock, company.head, "/reports/heatmap")
    assert (report["period"]["since"], report["period"]["until"]) == (f"{DEFAULT_SINCE}", f"{DEFAULT_UNTIL}")
    groups: dict[tuple[int, str], list[Raw]] = defaultdict(list)
    for r in counted_in(company.raw, since=DEFAULT_SINCE, until=DEFAULT_UNTIL):
        if r.team_id is not None:
            groups[(r.team_id, r.category)].append(r)
    expected = {k: (len(v), len({r.user_id for r in v}), rounded_mean([r.final for r in v])) for k, v in groups.items()}
    got = {(c["team_id"], c["category"]): (c["answers"], c["reps"], c["mean_score"]) for c in report["cells"]}
    assert got == expected
    assert report["categories"] == sorted({c for _, c in expected})
    assert {t["name"] for t in report["teams"]} == {"Москва, отдел 1", "Export"}


def test_heatmap_filters_by_team_and_period(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = build_company(app, clock, settings)
    since, until = START.date() + timedelta(days=10), START.date() + timedelta(days=40)
    report = get_json(
        app, clock, company.admin, f"/reports/heatmap?team_id={company.export.id}&since={since}&until={until}"
    )
    rows = counted_in(company.raw, since=since, until=until, team=company.export.id)
    assert sum(c["answers"] for c in report["cells"]) == len(rows)
    assert {c["team_id"] for c in report["cells"]} == {company.export.id}


def test_weakest_steps_are_the_lowest_means(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = build_company(app, clock, settings)
    report = get_json(app, clock, company.head, "/reports/weakest-steps?limit=100&min_answers=1")
    groups: dict[tuple[int, str], list[Raw]] = defaultdict(list)
    for r in counted_in(company.raw, since=DEFAULT_SINCE, until=DEFAULT_UNTIL):
        groups[(r.scenario_id, r.step_id)].append(r)
    expected = {
        k: (
            len(v),
            len({r.user_id for r in v}),
            rounded_mean([r.final for r in v]),
            round(sum(r.effective_passed for r in v) / len(v), 3),
        )
        for k, v in groups.items()
    }
    got = {
        (s["scenario_id"], s["step_id"]): (s["answers"], s["reps"], s["mean_score"], s["pass_rate"])
        for s in report["steps"]
    }
    assert got == expected
    means = [s["mean_score"] for s in report["steps"]]
    assert means == sorted(means)
    top = get_json(app, clock, company.head, "/reports/weakest-steps?limit=2&min_answers=1")["steps"]
    assert [s["mean_score"] for s in top] == means[:2]
    assert {s["customer_line"] for s in report["steps"]} >= {"Your software is too expensive for us."}
    crowded = get_json(app, clock, company.head, "/reports/weakest-steps?limit=100&min_answers=12")["steps"]
    assert {(s["scenario_id"], s["step_id"]) for s in crowded} == {k for k, v in expected.items() if v[0] >= 12}


def test_activity_counts_each_week(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = build_company(app, clock, settings)
    report = get_json(app, clock, company.head, f"/reports/activity?team_id={company.moscow.id}")
    rows = counted_in(company.raw, since=DEFAULT_SINCE, until=DEFAULT_UNTIL, team=company.moscow.id)
    weeks: dict[date, list[Raw]] = defaultdict(list)
    for r in rows:
        weeks[r.at.date() - timedelta(days=r.at.weekday())].append(r)
    first = DEFAULT_SINCE - timedelta(days=DEFAULT_SINCE.weekday())
    assert report["weeks"][0]["week"] == f"{first}"
    assert len(report["weeks"]) == (DEFAULT_UNTIL - first).days // 7 + 1
    for week in report["weeks"]:
        group = weeks.get(date.fromisoformat(week["week"]), [])
        practice = [r.final for r in group if r.kind == "practice"]
        assert (week["practice_answers"], week["test_answers"], week["active_reps"], week["mean_practice_score"]) == (
            len(practice),
            sum(r.kind == "test" for r in group),
            len({r.user_id for r in group}),
            rounded_mean(practice) if practice else None,
        ), week
    assert sum(w["test_answers"] for w in report["weeks"]) == 3  # the finished test; the running one is hidden


def test_drill_down_lists_a_reps_answers_newest_first(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = build_company(app, clock, settings)
    ivan = company.reps["ivan"]
    report = get_json(app, clock, company.trainer, f"/reports/reps/{ivan.id}/answers")
    expected = sorted(
        (r for r in company.raw if r.user_id == ivan.id and r.counted and r.at.date() >= DEFAULT_SINCE),
        key=lambda r: (r.at, r.id),
        reverse=True,
    )
    assert [a["id"] for a in report["answers"]] == [r.id for r in expected]
    assert report["name"] == "Иван Смирнов"
    anna = get_json(app, clock, company.head, f"/reports/reps/{company.reps['anna'].id}/answers?since={START.date()}")
    disputed = [a for a in anna["answers"] if a["disputed"]]
    assert [(a["final_score"], a["passed"]) for a in disputed] == [(88, True)]


def test_certification_matrix_shows_where_each_rep_stands(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = build_company(app, clock, settings)
    reps, track = company.reps, company.track
    perfect = {"price": 95, "pushback": 95, "timing": 95}
    for key, days_ago, scores in (("ivan", 25, perfect), ("olga", 40, perfect), ("petr", 2, {"price": 10})):
        record_test(app, rep=reps[key], track=track, scores=scores, at=NOW - timedelta(days=days_ago))
    record_practice(
        app,
        rep=reps["maria"],
        scenario=company.scenarios[0],
        step_id="price",
        score=70,
        at=NOW - timedelta(days=1),
        settings=settings,
    )
    other = publish_track(
        app,
        author=company.head,
        clock=clock,
        scenario_ids=[company.scenarios[0].id or 0],
        user=reps["kate"],
        name="Export basics",
    )
    matrix = get_json(app, clock, company.head, "/reports/certification")
    cells = {(row["name"], cell["track_name"]): cell for row in matrix["rows"] for cell in row["tracks"]}
    moscow_track = "Цена и конкуренты"
    expected = {
        "Анна Петрова": "certified",
        "Иван Смирнов": "expiring",
        "=Ольга": "expired",
        "Пётр": "failed",
        "Мария": "in_progress",
    }
    assert {name: cells[(name, moscow_track)]["status"] for name in expected} == expected
    assert cells[("Иван Смирнов", moscow_track)]["cycle_state"] == "expiring"
    assert cells[("=Ольга", moscow_track)]["cycle_state"] == "expired"
    assert cells[("Kate", "Export basics")]["status"] == "not_started"
    assert [t["name"] for t in matrix["tracks"]] == ["Export basics", moscow_track]
    anna = cells[("Анна Петрова", moscow_track)]
    assert anna["expires_at"][:10] == f"{(NOW - timedelta(days=3, minutes=-5) + timedelta(days=30)).date()}"
    assert anna["tests_taken"] == 1  # passed with 77 (see _fill)
    names = [row["name"] for row in matrix["rows"]]
    assert len(names) == len(reps)
    assert other.id is not None


def test_a_trainer_sees_only_their_own_team(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = build_company(app, clock, settings)
    matrix = get_json(app, clock, company.trainer, "/reports/certification")
    assert {row["team_name"] for row in matrix["rows"]} == {"Москва, отдел 1"}
    heat = get_json(app, clock, company.trainer, "/reports/heatmap")
    assert {c["team_id"] for c in heat["cells"]} == {company.moscow.id}
    client = client_for(app, company.trainer, clock=clock)
    for path in ("heatmap", "activity", "weakest-steps", "certification", "heatmap.csv"):
        refused = client.get(f"{V1}/reports/{path}?team_id={company.export.id}")
        assert refused.status_code == 403, path
    assert client.get(f"{V1}/reports/reps/{company.reps['john'].id}/answers").status_code == 404
    trainee = client_for(app, company.reps["anna"], clock=clock)
    for path in (
        "heatmap",
        "activity",
        "weakest-steps",
        "certification",
        "agreement",
        "certification.csv",
        f"reps/{company.reps['anna'].id}/answers",
    ):
        assert trainee.get(f"{V1}/reports/{path}").status_code == 403, path


def test_a_period_must_make_sense(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = build_company(app, clock, settings)
    client = client_for(app, company.head, clock=clock)
    assert client.get(f"{V1}/reports/heatmap?since=2026-03-01&until=2026-02-01").status_code == 422
    assert client.get(f"{V1}/reports/heatmap?since=2000-01-01&until=2026-02-01").status_code == 422
    assert client.get(f"{V1}/reports/heatmap?since=yesterday").status_code == 422
