"""GET /meta: the constants the browser uses, as the Python code has them, for anyone (issue 13)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.models import Role
from api.models.content import TrackRules
from api.models.stop_phrases import StopPhraseBase
from scenarios.schema import CATEGORIES, Scenario
from scoring.types import DEFAULT_PASS_MARK, DEFAULT_PENALTY, LANGUAGES


def test_meta_sends_the_defaults_categories_roles_and_languages(app: FastAPI) -> None:
    response = TestClient(app).get("/api/v1/meta")  # no session: the login page may ask too
    assert response.status_code == 200
    meta = response.json()
    assert (meta["pass_mark"], meta["penalty"]) == (DEFAULT_PASS_MARK, DEFAULT_PENALTY) == (70, 15)
    assert meta["stop_phrase_penalty"] == StopPhraseBase.model_fields["penalty"].default == 10
    assert meta["categories"] == list(CATEGORIES)
    assert (meta["categories"][0], meta["categories"][-1]) == ("price", "custom")
    assert sorted(meta["languages"]) == sorted(LANGUAGES) == ["en", "ru"]
    assert meta["roles"] == [role.value for role in Role] == ["trainee", "trainer", "head", "admin"]
    assert meta["difficulties"] == ["easy", "medium", "hard"]
    assert Scenario.model_fields["pass_mark"].default == meta["pass_mark"]


def test_meta_track_rules_are_the_defaults_and_bounds_the_server_accepts(app: FastAPI) -> None:
    rules = TestClient(app).get("/api/v1/meta").json()["track_rules"]
    assert list(rules) == [
        "test_size",
        "seconds_per_answer",
        "pass_mark",
        "floor",
        "attempts_allowed",
        "certificate_valid_days",
    ]
    assert rules["pass_mark"] == {"default": DEFAULT_PASS_MARK, "min": 0, "max": 100}
    assert rules["seconds_per_answer"] == {"default": 120, "min": 10, "max": 1800}
    defaults = TrackRules(name="T", scenario_ids=[1])
    assert {name: rule["default"] for name, rule in rules.items()} == {name: getattr(defaults, name) for name in rules}


def test_meta_is_read_only(app: FastAPI) -> None:
    client = TestClient(app)
    assert client.post("/api/v1/meta", json={}).status_code == 405
    assert client.get("/api/v1/meta").json()["pass_mark"] == DEFAULT_PASS_MARK
