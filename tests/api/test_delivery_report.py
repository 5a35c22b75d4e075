"""Delivery of spoken answers averaged: on the rep's progress (last 30 days) and per rep in a report that a
trainer sees for their own team and a head for every team."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from api_builders import Clock, client_for, make_answer, make_team, make_user, publish_scenario, session_of
from fastapi import FastAPI

from api.models import Answer, Role, Scenario, User


def _spoken(app: FastAPI, rep: User, scenario: Scenario, clock: Clock, *, wpm: float, days_ago: int = 0) -> None:
    """A stored spoken answer whose delivery has `wpm`, fillers a minute of wpm/50 and a pause of wpm/100 s."""
    answer_id = make_answer(app, user=rep, scenario=scenario, clock=clock)
    delivery: dict[str, Any] = {
        "duration_s": 12.0, "words": 20, "talk_time_s": wpm / 10, "words_per_minute": wpm, "fillers": [],
        "filler_count": 1, "fillers_per_minute": wpm / 50, "longest_pause_s": wpm / 100, "longest_pause_after": "so",
        "norms": {}, "word_timings": [],
    }  # fmt: skip
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
        "answers": 2, "words_per_minute": 135.0, "fillers_per_minute": 2.7, "longest_pause_s": 1.4,
        "talk_time_s": 13.5,
        "norms": {"words_per_minute_min": 120, "words_per_minute_max": 160, "fillers_per_minute_max": 3,
                  "longest_pause_s_max": 3},
    }  # fmt: skip
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
        (rita.name, 3, 110.0),
        (sam.name, 1, 100.0),
    ]
    assert (every["overall"]["answers"], every["overall"]["words_per_minute"]) == (4, 107.5)
