"""Disputes: a rep contests a score; a trainer accepts with a new score and reason, or rejects; the original
score, the reviewer and the time are kept; a test's result follows an accepted dispute."""

from __future__ import annotations

from datetime import timedelta

import pytest
from api_builders import (
    STRONG,
    WEAK,
    Clock,
    client_for,
    make_answer,
    make_team,
    make_user,
    publish_scenario,
    publish_track,
    session_of,
    snapshot,
)
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import col, select

from api.models import Answer, Dispute, Exam, Role
from api.models.progress import Certificate, CycleTransition, TrainingCycle


def _answer_scored_40(app: FastAPI, clock: Clock) -> tuple[TestClient, TestClient, int]:
    """A rep's practice answer scored 40, and logged-in clients of the rep and of their team's trainer."""
    team = make_team(app, clock=clock)
    trainer_user = make_user(app, role=Role.trainer, team=team, clock=clock)
    scenario = publish_scenario(app, author=trainer_user, clock=clock)
    rep_user = make_user(app, team=team, clock=clock)
    answer_id = make_answer(app, user=rep_user, scenario=scenario, clock=clock, score=40)
    return client_for(app, rep_user, clock=clock), client_for(app, trainer_user, clock=clock), answer_id


def test_trainer_accepts_a_dispute_with_a_new_score_and_the_original_is_kept(app: FastAPI, clock: Clock) -> None:
    rep, trainer, answer_id = _answer_scored_40(app, clock)

    opened = rep.post("/api/v1/disputes", json={"answer_id": answer_id, "comment": "I proposed a concrete call."})
    assert opened.status_code == 201, opened.text
    dispute = opened.json()
    assert (dispute["status"], dispute["original_score"], dispute["answer"]["dispute_id"]) == (
        "open",
        40,
        dispute["id"],
    )
    assert rep.post("/api/v1/disputes", json={"answer_id": answer_id, "comment": "again"}).status_code == 409
    assert [d["id"] for d in trainer.get("/api/v1/disputes", params={"status": "open"}).json()] == [dispute["id"]]

    refused = rep.post(f"/api/v1/disputes/{dispute['id']}/accept", json={"new_score": 100, "reason": "I say so"})
    assert refused.status_code == 403
    clock.advance(hours=2)
    accepted = trainer.post(
        f"/api/v1/disputes/{dispute['id']}/accept", json={"new_score": 75, "reason": "The next step is there."}
    )
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()
    assert (body["status"], body["new_score"], body["original_score"]) == ("accepted", 75, 40)
    assert body["reviewer_id"] == trainer.get("/api/v1/auth/me").json()["user"]["id"]
    assert body["reason"] == "The next step is there."
    assert body["reviewed_at"].startswith(clock.now().strftime("%Y-%m-%dT%H:%M"))
    assert (body["answer"]["score"], body["answer"]["final_score"], body["answer"]["passed"]) == (40, 75, True)
    with session_of(app) as session:
        stored = session.get(Answer, answer_id)
        assert stored is not None
        assert (stored.score, stored.final_score) == (40, 75)
    again = trainer.post(f"/api/v1/disputes/{dispute['id']}/reject", json={"reason": "changed my mind"})
    assert again.status_code == 409
    assert "already accepted" in again.json()["detail"]


def test_trainer_rejects_a_dispute_and_the_score_stays(app: FastAPI, clock: Clock) -> None:
    rep, trainer, answer_id = _answer_scored_40(app, clock)
    dispute = rep.post("/api/v1/disputes", json={"answer_id": answer_id, "comment": "Too harsh."}).json()
    rejected = trainer.post(f"/api/v1/disputes/{dispute['id']}/reject", json={"reason": "No next step proposed."})
    assert rejected.status_code == 200
    assert (rejected.json()["status"], rejected.json()["new_score"]) == ("rejected", None)
    assert rejected.json()["answer"]["final_score"] == 40
    assert rep.get(f"/api/v1/disputes/{dispute['id']}").json()["reason"] == "No next step proposed."


def test_a_rep_cannot_dispute_or_read_another_reps_answer(app: FastAPI, clock: Clock) -> None:
    trainer_user = make_user(app, role=Role.trainer, clock=clock)
    scenario = publish_scenario(app, author=trainer_user, clock=clock)
    owner, other = make_user(app, clock=clock), make_user(app, clock=clock)
    answer_id = make_answer(app, user=owner, scenario=scenario, clock=clock)
    dispute = (
        client_for(app, owner, clock=clock)
        .post("/api/v1/disputes", json={"answer_id": answer_id, "comment": "Please check."})
        .json()
    )
    intruder = client_for(app, other, clock=clock)
    before = snapshot(app)
    assert intruder.post("/api/v1/disputes", json={"answer_id": answer_id, "comment": "mine now"}).status_code == 404
    assert intruder.get(f"/api/v1/answers/{answer_id}").status_code == 404
    assert intruder.get(f"/api/v1/disputes/{dispute['id']}").status_code == 404
    assert intruder.get("/api/v1/disputes").json() == []
    assert snapshot(app) == before


def test_a_trainer_cannot_review_their_own_dispute(app: FastAPI, clock: Clock) -> None:
    trainer_user = make_user(app, role=Role.trainer, clock=clock)
    scenario = publish_scenario(app, author=trainer_user, clock=clock)
    answer_id = make_answer(app, user=trainer_user, scenario=scenario, clock=clock)
    trainer = client_for(app, trainer_user, clock=clock)
    dispute = trainer.post("/api/v1/disputes", json={"answer_id": answer_id, "comment": "Mine."}).json()
    refused = trainer.post(f"/api/v1/disputes/{dispute['id']}/accept", json={"new_score": 90, "reason": "Self."})
    assert refused.status_code == 403
    with session_of(app) as session:
        stored = session.get(Dispute, dispute["id"])
        assert stored is not None
        assert stored.status == "open"


@pytest.mark.model
def test_accepted_dispute_regrades_a_finished_test(app: FastAPI, clock: Clock) -> None:
    team = make_team(app, clock=clock)
    trainer_user = make_user(app, role=Role.trainer, team=team, clock=clock)
    scenario = publish_scenario(app, author=trainer_user, clock=clock)
    track = publish_track(
        app,
        author=trainer_user,
        clock=clock,
        scenario_ids=[scenario.id or 0],
        team=team,
        test_size=2,
        floor=30,
        certificate_valid_days=30,
    )
    rep_user = make_user(app, team=team, clock=clock)
    rep, trainer = client_for(app, rep_user, clock=clock), client_for(app, trainer_user, clock=clock)
    test = rep.post("/api/v1/tests", json={"track_id": track.id}).json()
    item = test["current_item"]
    receipt = rep.post(f"/api/v1/tests/{test['id']}/answers", json={"item_id": item["id"], "answer": WEAK}).json()
    weak_id = rep.get("/api/v1/answers").json()[0]["id"]
    early = rep.post("/api/v1/disputes", json={"answer_id": weak_id, "comment": "Too early?"})
    assert early.status_code == 409  # no disputes while the test runs
    item = receipt["test"]["current_item"]
    result = rep.post(
        f"/api/v1/tests/{test['id']}/answers", json={"item_id": item["id"], "answer": STRONG[item["step"]["id"]]}
    ).json()["test"]
    assert result["status"] == "failed"  # the weak answer is under the floor

    dispute = rep.post("/api/v1/disputes", json={"answer_id": weak_id, "comment": "The network cut my answer."})
    assert dispute.status_code == 201
    trainer.post(f"/api/v1/disputes/{dispute.json()['id']}/accept", json={"new_score": 95, "reason": "Verified."})
    regraded = rep.get(f"/api/v1/tests/{test['id']}").json()
    assert (regraded["status"], regraded["passed"]) == ("passed", True)
    assert regraded["score"] > result["score"]
    with session_of(app) as session:
        stored = session.get(Exam, test["id"])
        assert stored is not None
        assert stored.passed is True
        assert stored.finished_at is not None
        (certificate,) = session.exec(select(Certificate).where(col(Certificate.user_id) == rep_user.id)).all()
        assert certificate.test_id == test["id"]
        assert certificate.score == regraded["score"]
        assert certificate.expires_at == stored.finished_at + timedelta(days=30)
        cycles = session.exec(select(TrainingCycle).where(col(TrainingCycle.user_id) == rep_user.id)).all()
        assert [(c.kind, c.state) for c in sorted(cycles, key=lambda c: c.number)] == [
            ("initial", "failed"),
            ("retry", "passed"),
        ]
        last = session.exec(select(CycleTransition).order_by(col(CycleTransition.id).desc())).first()
        assert last is not None
        assert last.to_state == "passed"
        assert last.cause.endswith(f"(dispute #{dispute.json()['id']} accepted by {trainer_user.name}: Verified.)")


def test_an_accepted_dispute_must_raise_the_score(app: FastAPI, clock: Clock) -> None:
    rep, trainer, answer_id = _answer_scored_40(app, clock)
    dispute = rep.post("/api/v1/disputes", json={"answer_id": answer_id, "comment": "Unfair."}).json()
    before = snapshot(app)
    lower = trainer.post(f"/api/v1/disputes/{dispute['id']}/accept", json={"new_score": 30, "reason": "Worse."})
    assert lower.status_code == 422
    assert lower.json()["detail"] == (
        "new_score: an accepted dispute raises the score, which is 40 now; to keep the score, reject the dispute"
    )
    assert snapshot(app) == before
    assert trainer.get(f"/api/v1/disputes/{dispute['id']}").json()["status"] == "open"
