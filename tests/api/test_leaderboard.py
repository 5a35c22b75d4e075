"""A team's leaderboard: off by default (`404 leaderboard_off` for everyone), turned on by the head or the team's
trainer only; it ranks reps by the days they met the practice norm, then the objections they mastered, never by
raw score; equal reps share a rank; a rep sees their own rank and the top five of their team."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from api_builders import Clock, client_for, north_and_south, practice_answer, publish_scenario, session_of, snapshot
from fastapi import FastAPI

from api.models import Role
from api.models.norms import PracticeNorm

V1 = "/api/v1"
NOW = datetime(2026, 3, 12, 10, 0, tzinfo=UTC)
RU = {"Accept-Language": "ru-RU"}
NAMES = ("Anna", "Boris", "Cara", "Dan", "Eve", "Fay")


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


def _world(app: FastAPI, clock: Clock) -> dict[str, Any]:
    """North (six reps, a norm of one answer a day) and South; the reps practise over the last days:
    Anna 5 days and 2 steps mastered, Boris and Dan 5 days and 1 step, Cara 2 days with perfect scores, Eve and
    Fay not at all."""
    south = {"other trainer": Role.trainer, "south rep": Role.trainee}
    north, south_team, people = north_and_south(app, clock=clock, north=NAMES, south=south)
    with session_of(app) as session:
        norm = PracticeNorm(
            team_id=north.id,
            valid_from=date(2026, 1, 5),
            answers_per_day=1,
            time_zone="UTC",
            created_at=NOW - timedelta(days=70),
        )
        session.add(norm)
        session.commit()
    scenario = publish_scenario(app, author=people["trainer"], clock=clock)
    plan = {  # per rep, a day's answer: (step, score), from yesterday back; a step passed on two days is mastered
        "Anna": [("price", 80), ("price", 80), ("timing", 80), ("timing", 80), ("pushback", 40)],
        "Boris": [("price", 80), ("price", 80), ("pushback", 40), ("pushback", 40), ("pushback", 40)],
        "Dan": [("timing", 80), ("timing", 80), ("pushback", 40), ("pushback", 40), ("pushback", 40)],
        "Cara": [("price", 100), ("timing", 100)],
    }
    for name, answers in plan.items():
        for day, (step, score) in enumerate(answers, start=1):
            practice_answer(app, people[name], scenario, NOW - timedelta(days=day), step=step, score=score)
    return {"north": north, "south": south_team, "people": people}


def _toggle(client: Any, team_id: int, enabled: Any) -> Any:
    return client.put(f"{V1}/teams/{team_id}/leaderboard", json={"enabled": enabled})


def test_the_leaderboard_is_off_until_the_team_turns_it_on(app: FastAPI, clock: Clock) -> None:
    world = _world(app, clock)
    people, north = world["people"], world["north"]
    anna = client_for(app, people["Anna"], clock=clock)
    off = anna.get(f"{V1}/leaderboard", headers=RU)
    assert (off.status_code, off.json()["code"]) == (404, "leaderboard_off")
    assert "Рейтинг команды выключен" in off.json()["detail"]
    trainer = client_for(app, people["trainer"], clock=clock)
    assert trainer.get(f"{V1}/leaderboard").json()["code"] == "leaderboard_off"
    assert [t["leaderboard"] for t in trainer.get(f"{V1}/teams").json()] == [False, False]

    before = snapshot(app)["team"]
    assert _toggle(anna, north.id, True).status_code == 403  # a rep
    refused = _toggle(client_for(app, people["other trainer"], clock=clock), north.id, True)
    assert (refused.status_code, refused.json()["code"]) == (403, "leaderboard_other_team")
    assert _toggle(trainer, north.id, "yes").status_code == 422
    missing = _toggle(client_for(app, people["head"], clock=clock), 999_999, True)
    assert (missing.status_code, missing.json()["code"]) == (404, "team_not_found")
    assert snapshot(app)["team"] == before  # nothing changed

    assert _toggle(trainer, north.id, True).json() == {"team_id": north.id, "enabled": True}
    assert anna.get(f"{V1}/leaderboard").status_code == 200
    south = client_for(app, people["south rep"], clock=clock).get(f"{V1}/leaderboard")
    assert south.json()["code"] == "leaderboard_off"  # South's stays off
    head = client_for(app, people["head"], clock=clock)
    assert _toggle(head, north.id, False).json()["enabled"] is False
    assert anna.get(f"{V1}/leaderboard").json()["code"] == "leaderboard_off"


def test_reps_are_ranked_by_days_the_norm_was_met_then_objections_mastered(app: FastAPI, clock: Clock) -> None:
    world = _world(app, clock)
    people, north = world["people"], world["north"]
    assert _toggle(client_for(app, people["head"], clock=clock), north.id, True).status_code == 200
    board = client_for(app, people["Anna"], clock=clock).get(f"{V1}/leaderboard").json()
    assert (board["team_name"], board["rule"], board["reps"]) == ("North", "norm_days_then_mastered", 6)
    assert (board["since"], board["until"]) == ("2026-02-13", "2026-03-12")  # four weeks
    assert [(r["rank"], r["name"], r["days_met"], r["mastered"]) for r in board["top"]] == [
        (1, "Anna", 5, 2),
        (2, "Boris", 5, 1),
        (2, "Dan", 5, 1),
        (4, "Cara", 2, 0),
        (5, "Eve", 0, 0),
    ]
    assert board["me"]["rank"] == 1
    fay = client_for(app, people["Fay"], clock=clock).get(f"{V1}/leaderboard").json()
    assert [r["name"] for r in fay["top"]] == ["Anna", "Boris", "Dan", "Cara", "Eve"]  # the top of the team
    assert (fay["me"]["name"], fay["me"]["rank"]) == ("Fay", 5)  # her own rank, shared with Eve
    cara = client_for(app, people["Cara"], clock=clock).get(f"{V1}/leaderboard").json()
    assert cara["me"]["rank"] == 4  # perfect scores, fewer days: never raw score

    head = client_for(app, people["head"], clock=clock)
    assert head.get(f"{V1}/leaderboard").json()["code"] == "leaderboard_off"  # no team of the head's own
    seen = head.get(f"{V1}/leaderboard", params={"team_id": north.id}).json()
    assert (seen["reps"], seen["me"]) == (6, None)
    other = client_for(app, people["other trainer"], clock=clock).get(f"{V1}/leaderboard", params={"team_id": north.id})
    assert (other.status_code, other.json()["code"]) == (403, "leaderboard_other_team")
    south_rep = client_for(app, people["south rep"], clock=clock)
    assert south_rep.get(f"{V1}/leaderboard", params={"team_id": north.id}).status_code == 403
