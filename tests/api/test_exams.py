"""Tests (exams): assigned tracks only, steps drawn by the server, a timer per answer, no feedback until the
end, pass mark on average and a floor for every answer, limited attempts."""

from __future__ import annotations

from typing import Any

import pytest
from api_builders import (
    STRONG,
    WEAK,
    Clock,
    client_for,
    count,
    make_team,
    make_user,
    publish_scenario,
    publish_track,
    snapshot,
)
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.models import Role, Team, User

pytestmark = pytest.mark.model


def _setup(app: FastAPI, clock: Clock, **rules: Any) -> tuple[TestClient, int, User, Team]:
    team = make_team(app, clock=clock)
    author = make_user(app, role=Role.trainer, team=team, clock=clock)
    scenario = publish_scenario(app, author=author, clock=clock)
    track = publish_track(app, author=author, clock=clock, scenario_ids=[scenario.id or 0], team=team, **rules)
    rep_user = make_user(app, team=team, clock=clock)
    return client_for(app, rep_user, clock=clock), track.id or 0, rep_user, team


def _answer(client: TestClient, test: dict[str, Any], text: str | None = None) -> dict[str, Any]:
    item = test["current_item"]
    answer = text if text is not None else STRONG[item["step"]["id"]]
    response = client.post(f"/api/v1/tests/{test['id']}/answers", json={"item_id": item["id"], "answer": answer})
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_whole_test_flow_hides_scores_until_the_end(app: FastAPI, clock: Clock) -> None:
    rep, track_id, _, _ = _setup(app, clock)
    started = rep.post("/api/v1/tests", json={"track_id": track_id})
    assert started.status_code == 201, started.text
    test = started.json()
    assert (test["status"], test["item_count"], test["number"], test["items"]) == ("in_progress", 3, 1, None)
    first = test["current_item"]
    assert first["step"]["hints"] == []  # no hints in a test
    assert first["deadline"] is not None
    drawn = [first["step"]["id"]]

    for position in (1, 2, 3):
        clock.advance(seconds=20)
        receipt = _answer(rep, test)
        assert receipt["accepted"] is True
        test = receipt["test"]
        if position < 3:
            assert (test["status"], test["score"], test["passed"]) == ("in_progress", None, None)
            drawn.append(test["current_item"]["step"]["id"])
            latest = rep.get("/api/v1/answers").json()[0]
            assert (latest["score"], latest["passed"], latest["feedback"]) == (None, None, None)
            assert rep.get(f"/api/v1/answers/{latest['id']}").json()["feedback"] is None

    assert sorted(drawn) == ["price", "pushback", "timing"]  # all three steps, in an order the server chose
    assert test["status"] == "passed"
    assert test["passed"] is True
    assert test["score"] >= 60
    assert [i["answer"]["score"] for i in test["items"]] == [i["answer"]["final_score"] for i in test["items"]]
    assert all(i["answer"]["feedback"] is not None for i in test["items"])
    assert rep.get(f"/api/v1/tests/{test['id']}").json()["status"] == "passed"


def test_failing_by_the_floor_even_with_a_passing_average(app: FastAPI, clock: Clock) -> None:
    rep, track_id, _, _ = _setup(app, clock, pass_mark=40, floor=30, test_size=3)
    test = rep.post("/api/v1/tests", json={"track_id": track_id}).json()
    test = _answer(rep, test)["test"]
    test = _answer(rep, test)["test"]
    test = _answer(rep, test, WEAK)["test"]  # scores 0: below the floor
    assert test["score"] >= 40
    assert (test["status"], test["passed"]) == ("failed", False)


def test_failing_by_the_average(app: FastAPI, clock: Clock) -> None:
    rep, track_id, _, _ = _setup(app, clock, pass_mark=60, floor=0, test_size=3)
    test = rep.post("/api/v1/tests", json={"track_id": track_id}).json()
    test = _answer(rep, test)["test"]
    finished = rep.post(f"/api/v1/tests/{test['id']}/finish")  # two items left unanswered: they count as 0
    assert finished.status_code == 200
    result = finished.json()
    assert (result["status"], result["passed"]) == ("failed", False)
    assert [i["status"] for i in result["items"]] == ["answered", "missed", "missed"]
    assert result["score"] == pytest.approx(result["items"][0]["answer"]["score"] / 3, abs=0.01)


def test_time_limit_per_answer_is_enforced_by_the_server(app: FastAPI, clock: Clock) -> None:
    rep, track_id, _, _ = _setup(app, clock, seconds_per_answer=60, test_size=3)
    test = rep.post("/api/v1/tests", json={"track_id": track_id}).json()
    first = test["current_item"]
    clock.advance(seconds=62)  # past the deadline, within the grace for the network
    test = _answer(rep, test)["test"]
    second = test["current_item"]
    clock.advance(seconds=70)  # too late
    before = count(app, "answer")
    late = rep.post(
        f"/api/v1/tests/{test['id']}/answers", json={"item_id": second["id"], "answer": STRONG[second["step"]["id"]]}
    )
    assert late.status_code == 409
    assert "time for this answer ran out" in late.json()["detail"]
    assert count(app, "answer") == before
    now = rep.get(f"/api/v1/tests/{test['id']}").json()
    third = now["current_item"]
    assert third["position"] == 3
    assert third["shown_at"] == second["deadline"]  # the next step appeared when the previous one ran out
    clock.advance(minutes=5)  # the last one runs out as well: the test is over
    over = rep.get(f"/api/v1/tests/{test['id']}").json()
    assert over["status"] == "failed"
    assert [i["status"] for i in over["items"]] == ["answered", "timed_out", "timed_out"]
    assert over["items"][0]["id"] == first["id"]


def test_attempts_are_limited(app: FastAPI, clock: Clock) -> None:
    rep, track_id, _, _ = _setup(app, clock, attempts_allowed=2, test_size=1)
    first = rep.post("/api/v1/tests", json={"track_id": track_id}).json()
    busy = rep.post("/api/v1/tests", json={"track_id": track_id})
    assert busy.status_code == 409
    assert "in progress" in busy.json()["detail"]
    rep.post(f"/api/v1/tests/{first['id']}/finish")
    second = rep.post("/api/v1/tests", json={"track_id": track_id})
    assert second.status_code == 201
    assert second.json()["number"] == 2
    rep.post(f"/api/v1/tests/{second.json()['id']}/finish")
    before = snapshot(app)
    third = rep.post("/api/v1/tests", json={"track_id": track_id})
    assert third.status_code == 409
    assert third.json()["detail"] == "no attempts left: 2 of 2 used"
    assert snapshot(app) == before


def test_only_reps_with_the_track_assigned_can_start_its_test(app: FastAPI, clock: Clock) -> None:
    _, track_id, _, _ = _setup(app, clock)
    outsider = client_for(app, make_user(app, clock=clock), clock=clock)
    before = snapshot(app)
    refused = outsider.post("/api/v1/tests", json={"track_id": track_id})
    assert refused.status_code == 403
    assert "not assigned" in refused.json()["detail"]
    assert snapshot(app) == before


def test_a_rep_cannot_see_or_answer_another_reps_test(app: FastAPI, clock: Clock) -> None:
    rep, track_id, _, team = _setup(app, clock)
    test = rep.post("/api/v1/tests", json={"track_id": track_id}).json()
    colleague = client_for(app, make_user(app, team=team, clock=clock), clock=clock)
    before = snapshot(app)
    assert colleague.get(f"/api/v1/tests/{test['id']}").status_code == 404
    item = test["current_item"]
    answer = {"item_id": item["id"], "answer": STRONG[item["step"]["id"]]}
    assert colleague.post(f"/api/v1/tests/{test['id']}/answers", json=answer).status_code == 404
    assert colleague.post(f"/api/v1/tests/{test['id']}/finish").status_code == 404
    assert snapshot(app) == before


def test_practice_on_the_tracks_scenarios_is_refused_while_its_test_runs(app: FastAPI, clock: Clock) -> None:
    """Practice shows reference answers: while a test runs, practice on its track's scenarios is refused (409) and
    nothing changes; once the test is over (here: its time ran out) practice opens again."""
    rep, track_id, _, _ = _setup(app, clock)
    scenario_id = rep.get(f"/api/v1/tracks/{track_id}").json()["published"]["scenario_ids"][0]
    drill = rep.post("/api/v1/drills", json={"scenario_id": scenario_id}).json()
    test = rep.post("/api/v1/tests", json={"track_id": track_id}).json()
    before = snapshot(app)
    for path, body in [
        ("/api/v1/drills", {"scenario_id": scenario_id}),
        (f"/api/v1/drills/{drill['id']}/answers", {"step_id": "price", "answer": STRONG["price"]}),
        ("/api/v1/progress/me/today/drills", {"scenario_id": scenario_id, "step_id": "price"}),
    ]:
        refused = rep.post(path, json=body)
        assert refused.status_code == 409, f"{path}: {refused.text}"
        assert f"test {test['id']}" in refused.json()["detail"]
    assert snapshot(app) == before
    clock.advance(minutes=4)  # every item's time (60 s each) ran out: the test is over
    answered = rep.post(f"/api/v1/drills/{drill['id']}/answers", json={"step_id": "price", "answer": STRONG["price"]})
    assert answered.status_code == 201, answered.text
    assert rep.get(f"/api/v1/tests/{test['id']}").json()["status"] == "failed"
