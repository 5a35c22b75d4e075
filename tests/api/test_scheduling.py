"""Spaced repetition: one FSRS card per rep × step, reviewed by practice answers (score → rating), never by
tests except that a failed test makes its failed steps due; today's drill from the cards and the rep's tracks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api_builders import Clock, client_for, make_team, make_user, publish_scenario, publish_track, scenario_document
from fastapi import FastAPI
from fsrs import Rating
from training_builders import START, card_fields, cards, record_practice, record_test

from api.models import Role, Scenario, Track, User
from api.services.scheduling import rating_for
from api.settings import Settings

V1 = "/api/v1"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"new_steps_per_day": 2, "practice_count_for_test": 1})


def _world(app: FastAPI, clock: Clock) -> tuple[User, Scenario, Track]:
    clock.current = START
    team = make_team(app, clock=clock)
    trainer = make_user(app, role=Role.trainer, team=team, clock=clock)
    scenario = publish_scenario(app, author=trainer, clock=clock)
    track = publish_track(app, author=trainer, clock=clock, scenario_ids=[scenario.id or 0], team=team)
    return make_user(app, team=team, clock=clock), scenario, track


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (0, Rating.Again),
        (39, Rating.Again),
        (40, Rating.Hard),
        (69, Rating.Hard),
        (70, Rating.Good),
        (89, Rating.Good),
        (90, Rating.Easy),
        (100, Rating.Easy),
    ],
)
def test_the_score_maps_to_the_rating(score: int, rating: Rating) -> None:
    assert rating_for(score) == rating


def test_practice_reviews_the_card_and_a_low_score_is_a_lapse(app: FastAPI, clock: Clock, settings: Settings) -> None:
    rep, scenario, _ = _world(app, clock)
    key = (scenario.id or 0, "price")
    record_practice(app, rep=rep, scenario=scenario, step_id="price", score=75, at=START, settings=settings)
    card = cards(app, rep)[key]
    assert (card.state, card.learning_step, card.reviews, card.lapses) == (1, 1, 1, 0)  # learning, second step
    assert card.due == START + timedelta(minutes=10)
    record_practice(
        app, rep=rep, scenario=scenario, step_id="price", score=80, at=START + timedelta(days=1), settings=settings
    )
    card = cards(app, rep)[key]
    assert card.state == 2  # review
    assert card.due >= START + timedelta(days=3)
    record_practice(app, rep=rep, scenario=scenario, step_id="price", score=20, at=card.due, settings=settings)
    lapsed = cards(app, rep)[key]
    assert (lapsed.state, lapsed.lapses, lapsed.reviews, lapsed.last_score) == (3, 1, 3, 20)  # relearning
    assert lapsed.due == card.due + timedelta(minutes=10)


def test_the_same_answers_give_the_same_schedule(app: FastAPI, clock: Clock, settings: Settings) -> None:
    first, scenario, _ = _world(app, clock)
    second = make_user(app, clock=clock)
    for rep in (first, second):
        for day, score in enumerate([70, 85, 95, 45, 90]):
            at = START + timedelta(days=day * 3)
            record_practice(app, rep=rep, scenario=scenario, step_id="timing", score=score, at=at, settings=settings)
    fields = ("state", "learning_step", "stability", "difficulty", "due", "last_review", "reviews", "lapses")
    a, b = (next(iter(card_fields(app, rep).values())) for rep in (first, second))
    assert {f: a[f] for f in fields} == {f: b[f] for f in fields}


def test_a_higher_desired_retention_brings_reviews_sooner(app: FastAPI, clock: Clock, settings: Settings) -> None:
    rep, scenario, _ = _world(app, clock)
    dues = {}
    for retention, step in ((0.8, "price"), (0.95, "timing")):
        rules = settings.model_copy(update={"desired_retention": retention})
        for day in range(3):
            record_practice(
                app, rep=rep, scenario=scenario, step_id=step, score=80, at=START + timedelta(days=day), settings=rules
            )
        dues[retention] = cards(app, rep)[(scenario.id or 0, step)].due
    assert dues[0.95] < dues[0.8]


def test_todays_drill_lists_due_steps_least_recalled_first_then_new_ones_within_the_cap(
    app: FastAPI, clock: Clock, settings: Settings
) -> None:
    rep, scenario, _ = _world(app, clock)
    client = client_for(app, rep, clock=clock)
    first = client.get(f"{V1}/progress/me/today").json()
    assert [(i["kind"], i["step_id"]) for i in first["items"]] == [("new", "price"), ("new", "pushback")]
    assert (first["new_left_today"], first["due_count"]) == (2, 0)

    record_practice(app, rep=rep, scenario=scenario, step_id="price", score=95, at=START, settings=settings)
    record_practice(app, rep=rep, scenario=scenario, step_id="pushback", score=50, at=START, settings=settings)
    later = client.get(f"{V1}/progress/me/today").json()  # both introduced today: no new step left
    assert [(i["kind"], i["step_id"]) for i in later["items"]] == [("due", "pushback")]  # learning, due in minutes
    assert later["new_left_today"] == 0

    clock.current = START + timedelta(days=20)
    client = client_for(app, rep, clock=clock)
    items = client.get(f"{V1}/progress/me/today").json()["items"]
    assert [(i["kind"], i["step_id"]) for i in items] == [("due", "pushback"), ("due", "price"), ("new", "timing")]
    assert items[0]["retrievability"] < items[1]["retrievability"]


def test_todays_drill_is_capped(app: FastAPI, clock: Clock, settings: Settings) -> None:
    rep, _, _ = _world(app, clock)
    app.state.settings = settings.model_copy(update={"drill_max_per_day": 1})
    items = client_for(app, rep, clock=clock).get(f"{V1}/progress/me/today").json()["items"]
    assert len(items) == 1


def test_a_passed_test_leaves_the_schedule_alone(app: FastAPI, clock: Clock, settings: Settings) -> None:
    rep, scenario, track = _world(app, clock)
    for step in ("price", "pushback", "timing"):
        record_practice(app, rep=rep, scenario=scenario, step_id=step, score=80, at=START, settings=settings)
    before = card_fields(app, rep)
    test = record_test(app, rep=rep, track=track, scores={"price": 90, "pushback": 90, "timing": 90}, at=START)
    assert test.status == "passed"
    assert card_fields(app, rep) == before


def test_a_failed_test_makes_only_its_failed_steps_due_now(app: FastAPI, clock: Clock, settings: Settings) -> None:
    rep, scenario, track = _world(app, clock)
    for step in ("price", "pushback"):
        record_practice(app, rep=rep, scenario=scenario, step_id=step, score=95, at=START, settings=settings)
    before = card_fields(app, rep)
    at = START + timedelta(days=1)
    test = record_test(app, rep=rep, track=track, scores={"price": 20, "pushback": 95}, at=at)  # timing unanswered
    assert test.status == "failed"
    after = card_fields(app, rep)
    price, pushback, timing = ((scenario.id or 0, s) for s in ("price", "pushback", "timing"))
    assert after[pushback] == before[pushback]
    assert after[price] == {**before[price], "due": test.finished_at}
    assert (after[timing]["due"], after[timing]["reviews"], after[timing]["stability"]) == (test.finished_at, 0, None)
    clock.current = at + timedelta(minutes=10)
    items = client_for(app, rep, clock=clock).get(f"{V1}/progress/me/today").json()["items"]
    assert [(i["kind"], i["step_id"], i["focus"]) for i in items][:2] == [
        ("due", "timing", True),
        ("due", "price", True),
    ]


def test_a_rep_starts_a_drill_at_the_first_step_of_todays_drill(app: FastAPI, clock: Clock) -> None:
    rep, scenario, _ = _world(app, clock)
    client = client_for(app, rep, clock=clock)
    drill = client.post(f"{V1}/progress/me/today/drills", json={})
    assert drill.status_code == 201, drill.text
    assert (drill.json()["scenario_id"], drill.json()["current_step"]["id"]) == (scenario.id, "price")
    named = client.post(f"{V1}/progress/me/today/drills", json={"scenario_id": scenario.id, "step_id": "timing"})
    assert named.json()["current_step"]["id"] == "timing"
    assert client.post(f"{V1}/progress/me/today/drills", json={"scenario_id": scenario.id}).status_code == 422
    unknown = client.post(f"{V1}/progress/me/today/drills", json={"scenario_id": scenario.id, "step_id": "nope"})
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "step_not_in_latest_version"
    assert [(e["field"], e["code"], e["params"]) for e in unknown.json()["errors"]] == [
        ("step_id", "step_not_in_latest_version", {"id": scenario.id, "step": "nope"})
    ]


def test_nothing_to_practise_is_a_conflict(app: FastAPI, clock: Clock, settings: Settings) -> None:
    clock.current = START
    rep = make_user(app, clock=clock)  # no track assigned, no card
    response = client_for(app, rep, clock=clock).post(f"{V1}/progress/me/today/drills", json={})
    assert response.status_code == 409


def test_practice_outside_the_tracks_is_scheduled_too(app: FastAPI, clock: Clock, settings: Settings) -> None:
    rep, _, _ = _world(app, clock)
    author = make_user(app, role=Role.trainer, clock=clock)
    extra = publish_scenario(app, author=author, clock=clock, document=scenario_document("extra"))
    record_practice(app, rep=rep, scenario=extra, step_id="timing", score=30, at=START, settings=settings)
    clock.current = START + timedelta(hours=1)
    items = client_for(app, rep, clock=clock).get(f"{V1}/progress/me/today").json()["items"]
    assert ("due", extra.id, "timing") in {(i["kind"], i["scenario_id"], i["step_id"]) for i in items}


def test_progress_shows_streak_mastery_and_trend(app: FastAPI, clock: Clock, settings: Settings) -> None:
    rep, scenario, _ = _world(app, clock)
    days = [0, 1, 2, 4, 5]  # a break on day 3
    for day in days:
        at = START + timedelta(days=day)
        record_practice(app, rep=rep, scenario=scenario, step_id="price", score=60 + day, at=at, settings=settings)
    clock.current = START + timedelta(days=5, hours=3)
    progress = client_for(app, rep, clock=clock).get(f"{V1}/progress/me").json()
    assert progress["streak"] == {
        "current": 2,
        "longest": 3,
        "practised_today": True,
        "last_day": f"{START + timedelta(days=5):%Y-%m-%d}",
    }
    price = next(m for m in progress["mastery"] if m["step_id"] == "price")
    assert price["recent_scores"] == [65, 64, 62, 61, 60]
    assert price["recent_mean"] == 62.4
    assert 0 < price["retrievability"] <= 1
    assert [(m["step_id"], m["state"]) for m in progress["mastery"][1:]] == [("pushback", "new"), ("timing", "new")]
    assert [(t["answers"], t["mean_score"]) for t in progress["trend"]] == [(5, 62.4)]  # one Monday-to-Sunday week
