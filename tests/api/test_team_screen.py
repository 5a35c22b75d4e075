"""The head's one team screen: each rep once, with certification, category means, the three weakest objections,
norm and plan standing, the neediest first; tiles count people; trainers see their own team; the norm standing
is the rep's own (`/norms/reps/{id}`) whatever the time zone and week; a cell opens the rep's answers for it."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from api_builders import (
    Clock,
    client_for,
    north_and_south,
    practice_answer,
    publish_scenario,
    publish_track,
    session_of,
)
from fastapi import FastAPI
from openpyxl import load_workbook
from training_builders import record_test

from api.models import Assignment, Role, Team, Track, User
from api.models.norms import PracticeNorm
from api.models.plans import OnboardingPlan, PlanAssignment

V1 = "/api/v1"
NOW = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)  # a Thursday
RU = {"Accept-Language": "ru-RU"}
ALL_STRONG = {"price": 90, "pushback": 90, "timing": 90}


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


def _assign(app: FastAPI, track: Track, team: Team, at: datetime) -> None:
    with session_of(app) as session:
        session.add(Assignment(track_id=track.id or 0, team_id=team.id, assigned_at=at))
        session.commit()


def _world(app: FastAPI, clock: Clock) -> dict[str, Any]:
    north, south, people = north_and_south(
        app, clock=clock, north=("anna", "boris", "cara"), south={"dan": Role.trainee}
    )
    scenario = publish_scenario(app, author=people["trainer"], clock=clock)
    tracks = [
        publish_track(app, author=people["trainer"], clock=clock, scenario_ids=[scenario.id or 0], name=name)
        for name in ("Basics", "Advanced")
    ]
    for track in tracks:
        _assign(app, track, north, NOW - timedelta(days=60))
    return {"north": north, "south": south, "people": people, "scenario": scenario, "tracks": tracks}


def _screen(client: Any, **params: Any) -> dict[str, Any]:
    response = client.get(f"{V1}/reports/team", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_each_rep_once_the_neediest_first_and_the_tiles_count_people(app: FastAPI, clock: Clock) -> None:
    world = _world(app, clock)
    people, scenario, (basics, _) = world["people"], world["scenario"], world["tracks"]
    for day, (step, score) in enumerate(
        [
            ("price", 30),
            ("price", 34),
            ("pushback", 70),
            ("pushback", 74),
            ("timing", 60),
            ("timing", 62),
            ("timing", 64),
        ]
    ):
        practice_answer(app, people["anna"], scenario, NOW - timedelta(days=day + 1), step=step, score=score)
    record_test(app, rep=people["boris"], track=basics, scores=ALL_STRONG, at=NOW - timedelta(days=5))
    with session_of(app) as session:
        plan = OnboardingPlan(
            name="New hires",
            probation_days=90,
            milestones=[{"track_id": basics.id, "due_days": 14}],
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(plan)
        session.flush()
        start = (NOW - timedelta(days=40)).date()
        session.add(
            PlanAssignment(plan_id=plan.id or 0, user_id=people["cara"].id or 0, start_date=start, assigned_at=NOW)
        )
        session.commit()

    head = client_for(app, people["head"], clock=clock)
    every = _screen(head)
    assert sorted(r["name"] for r in every["rows"]) == sorted(people[n].name for n in ("anna", "boris", "cara", "dan"))
    screen = _screen(head, team_id=world["north"].id)
    rows = {r["name"]: r for r in screen["rows"]}
    anna, boris, cara = (rows[people[n].name] for n in ("anna", "boris", "cara"))
    # cara: two tracks not started (1 + 1) and 26 days behind plan (3); anna: two tracks (2) and a weak category (1)
    assert [r["name"] for r in screen["rows"]] == [cara["name"], anna["name"], boris["name"]]
    assert (cara["attention"], cara["plan"], cara["plan_behind_track"], cara["plan_days_late"]) == (
        5,
        "behind",
        "Basics",
        26,
    )
    assert cara["reasons"] == ["track_not_started", "plan_behind"]
    assert (anna["attention"], anna["reasons"]) == (3, ["track_not_started", "weak_category"])
    assert {t["status"] for t in boris["tracks"]} == {"certified", "not_started"}
    assert boris["certified"] == 1
    # tiles count people: three reps have a track to certify (five rep × track cells), one is behind plan
    assert screen["tiles"] == {"reps": 3, "not_certified": 3, "behind_norm": 0, "behind_plan": 1, "need_attention": 3}
    assert [(c["category"], c["answers"], c["mean_score"]) for c in anna["categories"]] == [
        ("price", 4, 52.0),
        ("timing", 3, 62.0),
    ]
    assert [(w["step_id"], w["mean_score"], w["answers"]) for w in anna["weakest"]] == [
        ("price", 32.0, 2),
        ("timing", 62.0, 3),
        ("pushback", 72.0, 2),
    ]
    assert anna["weakest"][0]["customer_line"]
    assert screen["categories"] == ["price", "timing"]
    assert [t["name"] for t in screen["tracks"]] == ["Advanced", "Basics"]


def test_a_trainer_sees_their_own_team_only(app: FastAPI, clock: Clock) -> None:
    world = _world(app, clock)
    trainer = client_for(app, world["people"]["trainer"], clock=clock)
    names = {r["name"] for r in _screen(trainer)["rows"]}
    assert names == {world["people"][n].name for n in ("anna", "boris", "cara")}
    refused = trainer.get(f"{V1}/reports/team", params={"team_id": world["south"].id})
    assert (refused.status_code, refused.json()["code"]) == (403, "reports_other_team")
    rep = client_for(app, world["people"]["anna"], clock=clock)
    assert rep.get(f"{V1}/reports/team").status_code == 403


def _norm(app: FastAPI, **values: Any) -> None:
    with session_of(app) as session:
        session.add(PracticeNorm(created_at=NOW - timedelta(days=60), **values))
        session.commit()


def test_the_norm_standing_is_the_reps_own_across_weeks_and_time_zones(app: FastAPI, clock: Clock) -> None:
    world = _world(app, clock)
    people, scenario, north = world["people"], world["scenario"], world["north"]
    _norm(app, team_id=north.id, valid_from=date(2026, 1, 5), days_per_week=2, time_zone="UTC")
    _norm(
        app,
        team_id=north.id,
        valid_from=date(2026, 2, 2),
        days_per_week=2,
        mastered_per_week=3,
        time_zone="Europe/Moscow",
    )
    _norm(
        app, user_id=people["cara"].id, valid_from=date(2026, 2, 16), mastered_per_week=2, time_zone="Asia/Vladivostok"
    )
    monday = datetime(2026, 3, 9, tzinfo=UTC)
    # anna: last week on two days; this week passes a step first passed three weeks ago, and one passed before
    # then twice (mastered long ago), and a new one twice on one day: one mastered this week
    for at in (monday - timedelta(days=6, hours=-8), monday - timedelta(days=2, hours=-8)):
        practice_answer(app, people["anna"], scenario, at, step="timing", score=40)
    practice_answer(app, people["anna"], scenario, monday - timedelta(days=21), step="price", score=90)
    for days in (40, 30):
        practice_answer(app, people["anna"], scenario, monday - timedelta(days=days), step="pushback", score=90)
    for hours in (8, 9):
        practice_answer(app, people["anna"], scenario, monday + timedelta(days=1, hours=hours), step="timing", score=90)
        practice_answer(
            app, people["anna"], scenario, monday + timedelta(days=1, hours=hours), step="pushback", score=90
        )
    practice_answer(app, people["anna"], scenario, monday + timedelta(days=2, hours=8), step="price", score=90)
    # boris: last week on one day only (22:30 UTC on Sunday is Monday in Moscow: this week)
    practice_answer(app, people["boris"], scenario, monday - timedelta(days=3, hours=-8), step="price", score=90)
    practice_answer(app, people["boris"], scenario, monday - timedelta(minutes=90), step="price", score=95)
    # cara (Vladivostok, 2 mastered a week): two steps mastered last week on two days; the third passed again at
    # 08:00 on Monday there (Sunday in UTC)
    for at in (monday - timedelta(days=12, hours=-10), monday - timedelta(days=5, hours=-10)):
        for step in ("price", "pushback"):
            practice_answer(app, people["cara"], scenario, at, step=step, score=90)
    practice_answer(app, people["cara"], scenario, monday - timedelta(days=4, hours=-10), step="timing", score=90)
    practice_answer(app, people["cara"], scenario, monday - timedelta(hours=2), step="timing", score=90)
    head = client_for(app, people["head"], clock=clock)
    rows = {r["user_id"]: r for r in _screen(head, team_id=north.id)["rows"]}
    seen = set()
    for name in ("anna", "boris", "cara"):
        own = head.get(f"{V1}/norms/reps/{people[name].id}").json()
        row = rows[people[name].id]
        assert (row["norm"], row["norm_reasons"]) == ("behind" if own["behind"] else "on_track", own["reasons"]), name
        seen.add(row["norm"])
    assert seen == {"behind", "on_track"}
    assert rows[people["cara"].id]["norm"] == "on_track"
    assert rows[people["anna"].id]["norm_reasons"] == ["last_week"]  # one mastered this week: the pace; none last
    dan = _screen(head, team_id=world["south"].id)["rows"][0]
    assert (dan["norm"], dan["norm_reasons"]) == ("none", [])


def test_a_cell_opens_the_reps_answers_for_that_objection(app: FastAPI, clock: Clock) -> None:
    world = _world(app, clock)
    people, scenario = world["people"], world["scenario"]
    for step, score in (("price", 40), ("pushback", 60), ("timing", 80)):
        practice_answer(app, people["anna"], scenario, NOW - timedelta(days=1), step=step, score=score)
    head = client_for(app, people["head"], clock=clock)
    path = f"{V1}/reports/reps/{people['anna'].id}/answers"
    timing = head.get(path, params={"category": "timing"}).json()["answers"]
    assert [a["step_id"] for a in timing] == ["timing"]
    price = head.get(path, params={"category": "price"}).json()["answers"]
    assert sorted(a["step_id"] for a in price) == ["price", "pushback"]
    step = head.get(path, params={"scenario_id": scenario.id, "step_id": "pushback"}).json()["answers"]
    assert [a["final_score"] for a in step] == [60]
    half = head.get(path, params={"scenario_id": scenario.id}, headers=RU)
    assert (half.status_code, half.json()["code"]) == (422, "step_needs_scenario")
    assert half.json()["errors"][0]["field"] == "step_id"
    assert "scenario_id и step_id" in half.json()["detail"]


def test_the_team_screen_opens_in_excel(app: FastAPI, clock: Clock) -> None:
    world = _world(app, clock)
    people, scenario = world["people"], world["scenario"]
    practice_answer(app, people["anna"], scenario, NOW - timedelta(days=1), step="timing", score=50)
    practice_answer(app, people["anna"], scenario, NOW - timedelta(days=1), step="price", score=90)
    with session_of(app) as session:
        head_user = session.get(User, people["head"].id)
        assert head_user is not None
        head_user.language = "ru"
        session.add(head_user)
        session.commit()
    head = client_for(app, people["head"], clock=clock)
    response = head.get(f"{V1}/reports/team.xlsx", params={"team_id": world["north"].id})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Менеджер", "Команда", "Внимание"]
    assert {"Цена", "Не время"} <= set(header)
    assert sheet.max_row == 4  # three reps
    assert sheet.freeze_panes == "B2"
    csv = head.get(f"{V1}/reports/team.csv", params={"team_id": world["north"].id}).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Менеджер;Команда;Внимание;")  # a Russian interface: Russian headers
