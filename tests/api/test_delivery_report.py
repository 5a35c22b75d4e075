"""Delivery of spoken answers: averaged on the rep's progress (last 30 days); medians per rep and per team in a
report (also CSV and XLSX) that a trainer sees for their own team and a head for every team."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from api_builders import Clock, client_for, make_answer, make_team, make_user, publish_scenario, session_of
from fastapi import FastAPI
from openpyxl import load_workbook

from api.models import Answer, Role, Scenario, User


def _spoken(
    app: FastAPI, rep: User, scenario: Scenario, clock: Clock, *, wpm: float, days_ago: int = 0, words: int = 20
) -> None:
    """A stored spoken answer whose delivery has `wpm`, fillers a minute of wpm/50 and a pause of wpm/100 s."""
    answer_id = make_answer(app, user=rep, scenario=scenario, clock=clock)
    delivery: dict[str, Any] = {
        "duration_s": 12.0,
        "words": words,
        "talk_time_s": wpm / 10,
        "words_per_minute": wpm,
        "fillers": [],
        "filler_count": 1,
        "fillers_per_minute": wpm / 50,
        "longest_pause_s": wpm / 100,
        "longest_pause_after": "so",
        "norms": {},
        "word_timings": [],
    }
    with session_of(app) as session:
        answer = session.get(Answer, answer_id)
        assert answer is not None
        answer.delivery = delivery
        answer.created_at = clock.now() - timedelta(days=days_ago)
        session.add(answer)
        session.commit()


def test_delivery_is_averaged_per_rep_on_progress_and_in_the_report_within_the_viewers_teams(
    app: FastAPI, clock: Clock
) -> None:
    north, south = make_team(app, name="North", clock=clock), make_team(app, name="South", clock=clock)
    trainer = make_user(app, role=Role.trainer, team=north, clock=clock)
    scenario = publish_scenario(app, author=trainer, clock=clock)
    rita, nina = make_user(app, team=north, clock=clock), make_user(app, team=north, clock=clock)
    sam = make_user(app, team=south, clock=clock)
    _spoken(app, rita, scenario, clock, wpm=120)
    _spoken(app, rita, scenario, clock, wpm=150)
    _spoken(app, rita, scenario, clock, wpm=60, days_ago=100)  # before the report's 12 weeks and progress' 30 days
    make_answer(app, user=rita, scenario=scenario, clock=clock)  # typed: no delivery
    _spoken(app, sam, scenario, clock, wpm=100)

    progress = client_for(app, rita, clock=clock).get("/api/v1/progress/me").json()["delivery"]
    assert progress == {
        "answers": 2,
        "words_per_minute": 135.0,
        "fillers_per_minute": 2.7,
        "longest_pause_s": 1.4,
        "talk_time_s": 13.5,
        "norms": {
            "words_per_minute_min": 120,
            "words_per_minute_max": 160,
            "fillers_per_minute_max": 3,
            "longest_pause_s_max": 3,
        },
    }
    quiet = client_for(app, nina, clock=clock).get("/api/v1/progress/me").json()["delivery"]
    assert (quiet["answers"], quiet["words_per_minute"]) == (0, None)

    own = client_for(app, trainer, clock=clock).get("/api/v1/reports/delivery").json()
    assert [(r["name"], r["answers"], r["words_per_minute"]) for r in own["reps"]] == [(rita.name, 2, 135.0)]
    assert own["period"]["team_id"] == north.id
    assert client_for(app, trainer, clock=clock).get(f"/api/v1/reports/delivery?team_id={south.id}").status_code in (
        403,
        404,
    )

    head = client_for(app, make_user(app, role=Role.head, clock=clock), clock=clock)
    since = (clock.now() - timedelta(days=120)).date().isoformat()
    every = head.get(f"/api/v1/reports/delivery?since={since}").json()
    assert [(r["name"], r["answers"], r["words_per_minute"]) for r in every["reps"]] == [
        (rita.name, 3, 120.0),  # the median of 60, 120 and 150
        (sam.name, 1, 100.0),
    ]
    assert (every["overall"]["answers"], every["overall"]["words_per_minute"]) == (4, 110.0)


def _two_teams(app: FastAPI, clock: Clock) -> dict[str, Any]:
    """North: Rita (a slow pace with many fillers and long pauses) and Nina (within the norms, one answer without
    words); South: Sam (fast). Every answer in the last two weeks."""
    north, south = make_team(app, name="North", clock=clock), make_team(app, name="South", clock=clock)
    head = make_user(app, role=Role.head, clock=clock)
    scenario = publish_scenario(app, author=head, clock=clock)
    rita, nina = make_user(app, team=north, clock=clock), make_user(app, team=north, clock=clock)
    sam = make_user(app, team=south, clock=clock)
    for wpm in (100, 110, 300):  # median 110: slow; fillers 2.2/min; pause 1.1 s
        _spoken(app, rita, scenario, clock, wpm=wpm, days_ago=3)
    _spoken(app, nina, scenario, clock, wpm=140, days_ago=1)
    _spoken(app, nina, scenario, clock, wpm=0, days_ago=1, words=0)  # silence kept: counts, not in the medians
    _spoken(app, sam, scenario, clock, wpm=170, days_ago=2)  # fast, and 3.4 fillers a minute
    return {"north": north, "south": south, "head": head, "rita": rita, "nina": nina, "sam": sam}


def test_the_report_gives_medians_per_rep_and_team_with_the_norms_they_miss(app: FastAPI, clock: Clock) -> None:
    w = _two_teams(app, clock)
    report = client_for(app, w["head"], clock=clock).get("/api/v1/reports/delivery").json()
    assert report["norms"]["words_per_minute_min"] == 120
    reps = {r["name"]: r for r in report["reps"]}
    rita, nina, sam = reps[w["rita"].name], reps[w["nina"].name], reps[w["sam"].name]
    assert (rita["answers"], rita["words_per_minute"], rita["fillers_per_minute"], rita["longest_pause_s"]) == (
        3,
        110.0,
        2.2,
        1.1,
    )
    assert rita["talk_time_s"] == 51.0
    assert rita["team_name"] == "North"
    assert rita["outside_norms"] == ["slow"]
    assert (nina["answers"], nina["words_per_minute"], nina["outside_norms"]) == (2, 140.0, [])
    assert (sam["words_per_minute"], sam["outside_norms"]) == (170.0, ["fast", "fillers"])  # 3.4 a minute
    teams = {t["name"]: t for t in report["teams"]}
    assert (teams["North"]["reps"], teams["North"]["answers"], teams["North"]["words_per_minute"]) == (2, 5, 125.0)
    assert (teams["South"]["reps"], teams["South"]["words_per_minute"]) == (1, 170.0)
    assert (report["overall"]["answers"], report["overall"]["words_per_minute"]) == (6, 140.0)

    north = client_for(app, w["head"], clock=clock).get(f"/api/v1/reports/delivery?team_id={w['north'].id}").json()
    assert [t["name"] for t in north["teams"]] == ["North"]
    assert sorted(r["name"] for r in north["reps"]) == sorted([w["rita"].name, w["nina"].name])
    week = (clock.now() - timedelta(days=1)).date().isoformat()  # the period filter: Nina's answers only
    recent = client_for(app, w["head"], clock=clock).get(f"/api/v1/reports/delivery?since={week}").json()
    assert [r["name"] for r in recent["reps"]] == [w["nina"].name]
    bad = client_for(app, w["head"], clock=clock).get(f"/api/v1/reports/delivery?since={week}&until=2020-01-01")
    assert bad.status_code == 422


def test_the_delivery_report_exports_as_csv_and_xlsx_in_the_callers_language(app: FastAPI, clock: Clock) -> None:
    w = _two_teams(app, clock)
    head = client_for(app, w["head"], clock=clock)
    response = head.get("/api/v1/reports/delivery.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].endswith(f'delivery-{clock.now():%Y-%m-%d}.csv"')
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:5] == ["level", "rep", "team", "spoken answers", "median words per minute"]
    by_name = {row[1]: row for row in table[1:] if row[0] == "rep"}
    assert by_name[w["rita"].name][2:] == ["North", "3", "110", "2.2", "1.1", "0.8", "no"]
    assert by_name[w["nina"].name][3:5] == ["2", "140"]
    assert by_name[w["nina"].name][-1] == "yes"
    assert [row[2] for row in table[1:] if row[0] == "team"] == ["North", "South"]
    assert table[-1][0] == "all"
    assert table[-1][3:5] == ["6", "140"]
    north = list(csv.reader(io.StringIO(head.get(f"/api/v1/reports/delivery.csv?team_id={w['north'].id}").text)))
    assert {row[1] for row in north[1:] if row[0] == "rep"} == {w["rita"].name, w["nina"].name}

    with session_of(app) as session:
        head_row = session.get(User, w["head"].id)
        assert head_row is not None
        head_row.language = "ru"
        session.add(head_row)
        session.commit()
    russian = head.get("/api/v1/reports/delivery.csv").content.decode("utf-8-sig").splitlines()
    assert russian[0].startswith("Уровень;Менеджер;Команда;Ответов голосом;Слов в минуту (медиана)")
    assert any(line.startswith(f"Менеджер;{w['rita'].name};North;3;110;2,2;1,1;0,8;нет") for line in russian)
    book = head.get("/api/v1/reports/delivery.xlsx")
    assert book.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    assert sheet.title == "delivery"
    assert sheet["E1"].value == "Слов в минуту (медиана)"
    rows = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "Менеджер"}
    assert rows[w["sam"].name][3:5] == (1, 170)
    assert rows[w["sam"].name][-1] == "нет"


def test_a_trainer_exports_only_their_own_teams_delivery(app: FastAPI, clock: Clock) -> None:
    w = _two_teams(app, clock)
    trainer = client_for(app, make_user(app, role=Role.trainer, team=w["south"], clock=clock), clock=clock)
    table = list(csv.reader(io.StringIO(trainer.get("/api/v1/reports/delivery.csv").content.decode("utf-8-sig"))))
    assert [row[1] for row in table[1:] if row[0] == "rep"] == [w["sam"].name]
    assert trainer.get(f"/api/v1/reports/delivery.xlsx?team_id={w['north'].id}").status_code in (403, 404)
    rep = client_for(app, w["rita"], clock=clock)
    assert rep.get("/api/v1/reports/delivery.csv").status_code == 403
