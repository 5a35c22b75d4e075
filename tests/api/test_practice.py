"""Practice: a drill follows the scenario's branches; every answer is scored, stored before the reply, explained."""

from __future__ import annotations

import pytest
from api_builders import (
    STRONG,
    WEAK,
    Clock,
    client_for,
    count,
    make_user,
    publish_scenario,
    scenario_document,
    session_of,
)
from fastapi import FastAPI
from sqlmodel import col, select

from api.models import Answer, Role

pytestmark = pytest.mark.model


def test_whole_practice_flow_follows_branches_and_allows_retry(app: FastAPI, clock: Clock) -> None:
    scenario = publish_scenario(app, author=make_user(app, role=Role.trainer, clock=clock), clock=clock)
    rep_user = make_user(app, clock=clock)
    rep = client_for(app, rep_user, clock=clock)

    started = rep.post("/api/v1/drills", json={"scenario_id": scenario.id})
    assert started.status_code == 201, started.text
    drill = started.json()
    assert drill["status"] == "active"
    assert drill["persona"]["company"] == "CoolAir Services"
    assert drill["current_step"]["id"] == "price"
    assert drill["current_step"]["hints"] == ["Ask what they compare the price with."]
    url = f"/api/v1/drills/{drill['id']}/answers"

    weak = rep.post(url, json={"step_id": "price", "answer": WEAK})
    assert weak.status_code == 201, weak.text
    feedback = weak.json()
    assert feedback["answer"]["score"] == 0
    assert feedback["answer"]["passed"] is False
    assert feedback["answer"]["feedback"]["reason_code"] == "too_short"
    assert feedback["hints"] == ["Ask what they compare the price with."]
    assert feedback["next_step"]["id"] == "pushback"  # a weak answer gets the customer's push-back
    assert feedback["branch"] == "weak"

    retry = rep.post(url, json={"step_id": "price", "answer": STRONG["price"]})  # practice: the customer waits
    assert retry.status_code == 201
    feedback = retry.json()
    assert feedback["answer"]["retry"] is True
    assert feedback["answer"]["score"] >= feedback["answer"]["pass_mark"]
    assert feedback["answer"]["feedback"]["best_reference_text"] in scenario_document()["steps"][0]["references"]
    assert (feedback["branch"], feedback["next_step"]["id"], feedback["outcome"]) == ("retry", "pushback", None)

    assert rep.post(url, json={"step_id": "timing", "answer": STRONG["timing"]}).status_code == 409
    moved = rep.post(url, json={"step_id": "pushback", "answer": STRONG["pushback"]})
    assert (moved.json()["branch"], moved.json()["next_step"]["id"]) == ("strong", "timing")
    last = rep.post(url, json={"step_id": "timing", "answer": STRONG["timing"]})
    assert last.status_code == 201
    assert last.json()["next_step"] is None
    assert last.json()["branch"] == "in_order"  # the last step has no follow-ups: the conversation ends
    assert last.json()["outcome"] == "won"
    assert last.json()["closing_line"] == scenario_document()["closing_line"]  # a file with only closing_line
    assert last.json()["drill"]["status"] == "finished"
    assert last.json()["drill_summary"]["outcome"] == "won"
    over = rep.post(url, json={"step_id": "timing", "answer": STRONG["timing"]})
    assert over.status_code == 409
    assert "the conversation is over" in over.json()["detail"]

    with session_of(app) as session:
        stored = list(session.exec(select(Answer).where(col(Answer.user_id) == rep_user.id).order_by(col(Answer.id))))
    assert [(a.step_id, a.retry) for a in stored] == [
        ("price", False),
        ("price", True),
        ("pushback", False),
        ("timing", False),
    ]
    assert [a.score for a in stored[:2]] == [weak.json()["answer"]["score"], retry.json()["answer"]["score"]]
    assert all(a.scenario_version_id == drill["scenario_version_id"] for a in stored)
    history = rep.get("/api/v1/answers", params={"drill_id": drill["id"]}).json()
    assert [a["id"] for a in history] == [a.id for a in reversed(stored)]
    again = rep.get(f"/api/v1/drills/{drill['id']}").json()  # coming back: the whole conversation
    lines = {s["id"]: s["customer_line"] for s in scenario_document()["steps"]}
    assert [(t["customer_line"], t["answer"]["id"], t["kind"]) for t in again["history"]] == [
        (lines[a.step_id], a.id, kind) for a, kind in zip(stored, ["first", "retry", "first", "first"], strict=True)
    ]
    assert again["history"][0]["answer"]["feedback"]["reason_code"] == "too_short"
    assert (again["outcome"], again["drill_summary"]) == ("won", last.json()["drill_summary"])


def test_answer_is_stored_before_the_reply(app: FastAPI, clock: Clock) -> None:
    scenario = publish_scenario(app, author=make_user(app, role=Role.trainer, clock=clock), clock=clock)
    rep = client_for(app, make_user(app, clock=clock), clock=clock)
    drill = rep.post("/api/v1/drills", json={"scenario_id": scenario.id}).json()
    reply = rep.post(f"/api/v1/drills/{drill['id']}/answers", json={"step_id": "price", "answer": STRONG["price"]})
    with session_of(app) as session:
        stored = session.get(Answer, reply.json()["answer"]["id"])
    assert stored is not None
    assert (stored.score, stored.text) == (reply.json()["answer"]["score"], STRONG["price"])
    assert stored.result["best_reference_text"] == reply.json()["answer"]["feedback"]["best_reference_text"]


def test_drill_stays_on_its_version_when_a_new_one_is_published(app: FastAPI, clock: Clock) -> None:
    author = make_user(app, role=Role.trainer, clock=clock)
    scenario = publish_scenario(app, author=author, clock=clock)
    rep = client_for(app, make_user(app, clock=clock), clock=clock)
    drill = rep.post("/api/v1/drills", json={"scenario_id": scenario.id}).json()
    trainer = client_for(app, author, clock=clock)
    changed = scenario_document()
    changed["steps"][0]["customer_line"] = "Honestly, the price is way above our budget."
    trainer.put(f"/api/v1/scenarios/{scenario.id}/draft", json=changed)
    assert trainer.post(f"/api/v1/scenarios/{scenario.id}/publish").json()["number"] == 2
    reply = rep.post(f"/api/v1/drills/{drill['id']}/answers", json={"step_id": "price", "answer": STRONG["price"]})
    assert reply.json()["answer"]["scenario_version_id"] == drill["scenario_version_id"]
    assert rep.get(f"/api/v1/drills/{drill['id']}").json()["scenario_version_id"] == drill["scenario_version_id"]
    fresh = rep.post("/api/v1/drills", json={"scenario_id": scenario.id}).json()
    assert fresh["current_step"]["customer_line"] == "Honestly, the price is way above our budget."
    old = rep.post("/api/v1/drills", json={"scenario_id": scenario.id, "version": 1}).json()
    assert old["scenario_version_id"] == drill["scenario_version_id"]


def test_degenerate_answers_get_a_low_score_and_a_plain_reason(app: FastAPI, clock: Clock) -> None:
    scenario = publish_scenario(app, author=make_user(app, role=Role.trainer, clock=clock), clock=clock)
    rep = client_for(app, make_user(app, clock=clock), clock=clock)
    drill = rep.post("/api/v1/drills", json={"scenario_id": scenario.id}).json()
    url = f"/api/v1/drills/{drill['id']}/answers"
    for text, reason in [  # an empty answer is refused before scoring (test_bad_input.py)
        ("😀 😀 😀", "no_words"),
        ("Это слишком дорого, я понимаю вас.", "wrong_language"),
    ]:
        reply = rep.post(url, json={"step_id": "price", "answer": text})
        assert reply.status_code == 201, reply.text
        assert reply.json()["answer"]["score"] <= 10
        assert reply.json()["answer"]["feedback"]["reason_code"] == reason
        url_step = reply.json()["drill"]["last_step_id"]
        assert url_step == "price"
    assert count(app, "answer") == 2


def test_trainer_tries_an_answer_on_an_unsaved_step_without_storing_it(app: FastAPI, clock: Clock) -> None:
    trainer = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    document = scenario_document()
    reply = trainer.post(
        "/api/v1/scenarios/try", json={"scenario": document, "step_id": "price", "answer": STRONG["price"]}
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["passed"] is True
    discount = trainer.post(
        "/api/v1/scenarios/try",
        json={"scenario": document, "step_id": "price", "answer": "Fine, I can give you a discount of twenty percent."},
    )
    assert discount.json()["feedback"]["red_flags"][0]["label"] == "immediate discount"
    assert discount.json()["feedback"]["red_flags"][0]["words"].lower() == "give you a discount"
    missing = trainer.post("/api/v1/scenarios/try", json={"scenario": document, "step_id": "nope", "answer": "Hi"})
    assert missing.status_code == 422
    assert count(app, "answer") == 0
