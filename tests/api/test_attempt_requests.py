"""Requests for more test attempts: a rep with none left asks; a trainer of the rep's team (heads and admins:
anyone's) grants extra attempts or declines with a note; the rep sees the state and, once granted, starts again.
One pending request per rep and track; refusals are 4xx with a message and change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from api_builders import Clock, client_for, make_team, make_user, publish_scenario, publish_track, session_of, snapshot
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError
from training_builders import record_test

from api.models import AttemptRequest, Role, Team, Track, User
from api.services import tracks as track_service

REQUESTS = "/api/v1/tests/attempt-requests"


def _world(app: FastAPI, clock: Clock) -> tuple[Team, User, User, Track]:
    """A team with a trainer and a rep; a track of two attempts assigned to the team."""
    team = make_team(app, clock=clock)
    trainer = make_user(app, role=Role.trainer, team=team, clock=clock)
    scenario = publish_scenario(app, author=trainer, clock=clock)
    track = publish_track(app, author=trainer, clock=clock, scenario_ids=[scenario.id or 0], team=team)
    rep = make_user(app, team=team, clock=clock)
    return team, trainer, rep, track


def _use_up(app: FastAPI, clock: Clock, rep: User, track: Track, times: int = 2) -> None:
    """The rep fails the track's test `times` times (every step answered with 10)."""
    for _ in range(times):
        record_test(app, rep=rep, track=track, scores={"price": 10, "pushback": 10, "timing": 10}, at=clock.now())
        clock.advance(minutes=10)


def _availability(client: TestClient, track: Track) -> dict[str, Any]:
    response = client.get("/api/v1/tests/availability")
    assert response.status_code == 200, response.text
    return next(a for a in response.json() if a["track_id"] == track.id)


def _ask(client: TestClient, track: Track, **body: Any) -> Any:
    return client.post(REQUESTS, json={"track_id": track.id, **body})


def test_a_rep_out_of_attempts_asks_a_trainer_grants_and_the_rep_starts_again(app: FastAPI, clock: Clock) -> None:
    _, trainer_user, rep_user, track = _world(app, clock)
    rep, trainer = client_for(app, rep_user, clock=clock), client_for(app, trainer_user, clock=clock)
    _use_up(app, clock, rep_user, track)
    before = _availability(rep, track)
    assert (before["attempts_left"], before["reason_code"], before["attempt_request"]) == (0, "no_attempts", None)
    assert rep.post("/api/v1/tests", json={"track_id": track.id}).json()["code"] == "no_attempts"

    asked = _ask(rep, track, message="  I practised the price step again.  ")
    assert asked.status_code == 201, asked.text
    request = asked.json()
    assert (request["status"], request["message"], request["user_name"]) == (
        "pending",
        "I practised the price step again.",
        rep_user.name,
    )
    assert (request["attempts_used"], request["attempts_allowed"], request["extra"]) == (2, 2, None)
    assert _availability(rep, track)["attempt_request"]["id"] == request["id"]
    assert [r["id"] for r in rep.get(REQUESTS).json()] == [request["id"]]
    assert [r["id"] for r in trainer.get(f"{REQUESTS}/queue").json()] == [request["id"]]

    clock.advance(minutes=5)
    granted = trainer.post(f"{REQUESTS}/{request['id']}/grant", json={"extra": 2, "note": "Go for it."})
    assert granted.status_code == 200, granted.text
    assert (granted.json()["status"], granted.json()["extra"], granted.json()["note"]) == ("granted", 2, "Go for it.")
    assert granted.json()["decided_by_name"] == trainer_user.name
    assert trainer.get(f"{REQUESTS}/queue").json() == []
    assert [r["id"] for r in trainer.get(f"{REQUESTS}/queue?status=granted").json()] == [request["id"]]

    after = _availability(rep, track)
    assert (after["attempts_allowed"], after["attempts_used"], after["attempts_left"]) == (4, 2, 2)
    assert (after["attempts_granted"], after["open"], after["reason_code"]) == (2, True, None)
    assert after["attempt_request"]["status"] == "granted"
    started = rep.post("/api/v1/tests", json={"track_id": track.id})
    assert started.status_code == 201, started.text
    assert (started.json()["number"], started.json()["attempts_allowed"]) == (3, 4)  # "attempt 3 of 4"


def test_two_granted_attempts_are_two_and_then_the_rep_may_ask_again(app: FastAPI, clock: Clock) -> None:
    _, trainer_user, rep_user, track = _world(app, clock)
    rep, trainer = client_for(app, rep_user, clock=clock), client_for(app, trainer_user, clock=clock)
    _use_up(app, clock, rep_user, track)
    first = _ask(rep, track).json()
    assert first["message"] is None
    trainer.post(f"{REQUESTS}/{first['id']}/grant", json={"extra": 1})
    assert _ask(rep, track).json()["code"] == "attempts_left"  # one granted attempt is still to use
    _use_up(app, clock, rep_user, track, times=1)
    assert rep.post("/api/v1/tests", json={"track_id": track.id}).json()["params"] == {"used": 3, "allowed": 3}
    second = _ask(rep, track)
    assert second.status_code == 201, second.text
    assert (second.json()["attempts_used"], second.json()["attempts_allowed"]) == (3, 3)


def test_a_declined_request_keeps_the_rep_out_and_shows_the_note(app: FastAPI, clock: Clock) -> None:
    _, trainer_user, rep_user, track = _world(app, clock)
    rep, trainer = client_for(app, rep_user, clock=clock), client_for(app, trainer_user, clock=clock)
    _use_up(app, clock, rep_user, track)
    request = _ask(rep, track).json()
    declined = trainer.post(f"{REQUESTS}/{request['id']}/decline", json={"note": "Practise first, then ask."})
    assert declined.status_code == 200, declined.text
    assert (declined.json()["status"], declined.json()["extra"]) == ("declined", None)
    shown = _availability(rep, track)
    assert (shown["attempt_request"]["status"], shown["attempt_request"]["note"]) == (
        "declined",
        "Practise first, then ask.",
    )
    assert (shown["attempts_left"], shown["open"]) == (0, False)
    assert rep.post("/api/v1/tests", json={"track_id": track.id}).status_code == 409
    assert trainer.post(f"{REQUESTS}/{request['id']}/decline", json={}).json()["code"] == "attempt_request_decided"
    assert trainer.post(f"{REQUESTS}/{request['id']}/grant", json={"extra": 1}).status_code == 409
    assert _ask(rep, track).status_code == 201  # a declined request may be followed by a new one


def test_refusals_say_why_in_both_languages_and_change_nothing(app: FastAPI, clock: Clock) -> None:
    team, trainer_user, rep_user, track = _world(app, clock)
    rep = client_for(app, rep_user, clock=clock)
    rep_ru = client_for(app, rep_user, clock=clock)
    rep_ru.headers["Accept-Language"] = "ru"
    _use_up(app, clock, rep_user, track, times=1)
    before = snapshot(app)
    left = _ask(rep, track)
    assert (left.status_code, left.json()["code"]) == (409, "attempts_left")
    assert "1 attempt left" in left.json()["detail"]
    assert "1 попытка" in _ask(rep_ru, track).json()["detail"]
    assert snapshot(app) == before

    _use_up(app, clock, rep_user, track, times=1)
    assert _ask(rep, track).status_code == 201
    with session_of(app) as session:
        version = track_service.latest_version(session, track=track)
        assert version is not None
        scenario_ids = list(version.scenario_ids)
    other = publish_track(app, author=trainer_user, clock=clock, scenario_ids=scenario_ids, name="Other")
    before = snapshot(app)
    again = _ask(rep, track)
    assert (again.status_code, again.json()["code"]) == (409, "attempt_request_pending")
    assert "дождитесь ответа тренера" in _ask(rep_ru, track).json()["detail"]
    refusals = [
        (_ask(rep, other), 403, "track_not_assigned"),
        (rep.post(REQUESTS, json={"track_id": 999_999}), 404, "track_not_found"),
        (_ask(rep, track, message="x" * 1001), 422, None),
        (rep.post(REQUESTS, json={"track_id": "1"}), 422, None),
        (rep.get(f"{REQUESTS}/queue"), 403, "role_needed"),
    ]
    for response, status, code in refusals:
        assert response.status_code == status, response.text
        assert response.json()["detail"]
        if code is not None:
            assert response.json()["code"] == code
    assert snapshot(app) == before
    assert team.id is not None


@pytest.mark.parametrize("body", [{"extra": 0}, {"extra": 11}, {"extra": "2"}, {}, {"extra": 1, "note": "x" * 1001}])
def test_a_grant_takes_one_to_ten_attempts(app: FastAPI, clock: Clock, body: dict[str, Any]) -> None:
    _, trainer_user, rep_user, track = _world(app, clock)
    _use_up(app, clock, rep_user, track)
    request = _ask(client_for(app, rep_user, clock=clock), track).json()
    trainer = client_for(app, trainer_user, clock=clock)
    before = snapshot(app)
    refused = trainer.post(f"{REQUESTS}/{request['id']}/grant", json=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"]
    assert snapshot(app) == before


def test_only_someone_who_acts_on_the_rep_decides(app: FastAPI, clock: Clock) -> None:
    """A trainer of another team gets 404 and sees nothing; the rep cannot grant themself; nobody decides their own
    request; a head of sales of another team may."""
    team, trainer_user, rep_user, track = _world(app, clock)
    enterprise = make_team(app, name="Enterprise", clock=clock)
    outsider = client_for(app, make_user(app, role=Role.trainer, team=enterprise, clock=clock), clock=clock)
    head = client_for(app, make_user(app, role=Role.head, team=enterprise, clock=clock), clock=clock)
    rep, trainer = client_for(app, rep_user, clock=clock), client_for(app, trainer_user, clock=clock)
    _use_up(app, clock, rep_user, track)
    _use_up(app, clock, trainer_user, track)  # the trainer is in the team the track is assigned to
    request = _ask(rep, track).json()
    own = _ask(trainer, track).json()
    before = snapshot(app)
    assert outsider.get(f"{REQUESTS}/queue").json() == []
    for path, body in (
        (f"{REQUESTS}/{request['id']}/grant", {"extra": 1}),
        (f"{REQUESTS}/{request['id']}/decline", {}),
    ):
        refused = outsider.post(path, json=body)
        assert (refused.status_code, refused.json()["code"]) == (404, "attempt_request_not_found")
        assert rep.post(path, json=body).json()["code"] == "role_needed"
    assert trainer.post(f"{REQUESTS}/{own['id']}/grant", json={"extra": 1}).json()["code"] == "own_attempt_request"
    assert trainer.post(f"{REQUESTS}/999999/grant", json={"extra": 1}).status_code == 404
    assert [r["id"] for r in trainer.get(f"{REQUESTS}/queue").json()] == [request["id"]]  # not the trainer's own
    assert snapshot(app) == before
    assert {r["id"] for r in head.get(f"{REQUESTS}/queue").json()} == {request["id"], own["id"]}
    assert head.post(f"{REQUESTS}/{own['id']}/grant", json={"extra": 1}).status_code == 200
    assert team.id is not None


def test_the_database_keeps_one_pending_request_per_rep_and_track(app: FastAPI, clock: Clock) -> None:
    """Two requests racing past the service's check: the partial unique index refuses the second pending one, and
    decided ones do not count."""
    _, _, rep_user, track = _world(app, clock)

    def add(status: str) -> None:
        with session_of(app) as session:
            session.add(
                AttemptRequest(
                    user_id=rep_user.id or 0,
                    track_id=track.id or 0,
                    status=status,
                    attempts_used=2,
                    attempts_allowed=2,
                    created_at=clock.now(),
                )
            )
            session.commit()

    add("declined")
    add("granted")
    add("pending")
    with pytest.raises(IntegrityError):
        add("pending")
