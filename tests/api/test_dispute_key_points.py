"""A trainer deciding a dispute may correct the key points' ticks too (issue 14): the trainer's ticks are stored
with the decision and shown with it; the scorer's ticks stay in the answer's feedback; a wrong number of ticks is
refused with a clear message and changes nothing."""

from __future__ import annotations

from typing import Any

from api_builders import Clock, client_for, make_answer, make_team, make_user, publish_scenario, session_of, snapshot
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.models import Answer, Role

POINTS = [
    {
        "text": "Asks what the current price includes",
        "weight": 1.0,
        "covered": False,
        "sentence": None,
        "start": None,
        "end": None,
    },
    {
        "text": "Proposes a next step with a date",
        "weight": 1.0,
        "covered": True,
        "sentence": "Friday?",
        "start": 0,
        "end": 7,
    },
]


def _dispute_on_two_key_points(app: FastAPI, clock: Clock) -> tuple[TestClient, TestClient, int, int]:
    """A rep's answer whose feedback ticks two key points (one missed), disputed; the rep's and trainer's clients."""
    sales = make_team(app, clock=clock)
    trainer_user = make_user(app, role=Role.trainer, team=sales, clock=clock)
    scenario = publish_scenario(app, author=trainer_user, clock=clock)
    rep_user = make_user(app, team=sales, clock=clock)
    answer_id = make_answer(app, user=rep_user, scenario=scenario, clock=clock, score=40)
    with session_of(app) as session:
        answer = session.get(Answer, answer_id)
        assert answer is not None
        answer.result = {**answer.result, "key_points": POINTS, "key_point_coverage": 0.5}
        session.add(answer)
        session.commit()
    rep, trainer = client_for(app, rep_user, clock=clock), client_for(app, trainer_user, clock=clock)
    dispute = rep.post("/api/v1/disputes", json={"answer_id": answer_id, "comment": "I asked what it includes."})
    assert dispute.status_code == 201, dispute.text
    return rep, trainer, dispute.json()["id"], answer_id


def _scorer_ticks(app: FastAPI, answer_id: int) -> list[Any]:
    with session_of(app) as session:
        answer = session.get(Answer, answer_id)
        assert answer is not None
        return [point["covered"] for point in answer.result["key_points"]]


def test_accepting_with_corrected_ticks_keeps_the_scorers_ticks(app: FastAPI, clock: Clock) -> None:
    rep, trainer, dispute_id, answer_id = _dispute_on_two_key_points(app, clock)
    body = {"new_score": 70, "reason": "The first point is there.", "key_points": [True, True]}
    accepted = trainer.post(f"/api/v1/disputes/{dispute_id}/accept", json=body)
    assert accepted.status_code == 200, accepted.text
    assert (accepted.json()["status"], accepted.json()["key_points"]) == ("accepted", [True, True])
    assert rep.get(f"/api/v1/disputes/{dispute_id}").json()["key_points"] == [True, True]  # the rep sees them
    assert _scorer_ticks(app, answer_id) == [False, True]  # the original stays


def test_rejecting_may_correct_the_ticks_too(app: FastAPI, clock: Clock) -> None:
    _, trainer, dispute_id, answer_id = _dispute_on_two_key_points(app, clock)
    body = {"reason": "The score stands, but the date was vague.", "key_points": [False, False]}
    rejected = trainer.post(f"/api/v1/disputes/{dispute_id}/reject", json=body)
    assert rejected.status_code == 200, rejected.text
    assert (rejected.json()["status"], rejected.json()["key_points"]) == ("rejected", [False, False])
    assert _scorer_ticks(app, answer_id) == [False, True]


def test_a_decision_without_ticks_stores_none(app: FastAPI, clock: Clock) -> None:
    _, trainer, dispute_id, _ = _dispute_on_two_key_points(app, clock)
    plain = trainer.post(f"/api/v1/disputes/{dispute_id}/reject", json={"reason": "No."})
    assert plain.status_code == 200, plain.text
    assert plain.json()["key_points"] is None


def test_a_wrong_number_of_ticks_is_refused_and_changes_nothing(app: FastAPI, clock: Clock) -> None:
    _, trainer, dispute_id, _ = _dispute_on_two_key_points(app, clock)
    before = snapshot(app)
    body = {"new_score": 70, "reason": "Better.", "key_points": [True]}
    refused = trainer.post(f"/api/v1/disputes/{dispute_id}/accept", json=body)
    assert refused.status_code == 422
    assert refused.json()["code"] == "dispute_key_points_count"
    assert refused.json()["detail"] == "key_points: give one tick per key point of the answer's feedback: 2, not 1"
    russian = trainer.post(
        f"/api/v1/disputes/{dispute_id}/reject",
        json={"reason": "Нет.", "key_points": []},
        headers={"Accept-Language": "ru"},
    )
    assert russian.status_code == 422
    assert "отметьте каждый ключевой пункт из разбора ответа: их 2, а не 0" in russian.json()["detail"]
    assert snapshot(app) == before
    too_many = trainer.post(f"/api/v1/disputes/{dispute_id}/reject", json={"reason": "No.", "key_points": [True] * 21})
    assert too_many.status_code == 422
    assert snapshot(app) == before
