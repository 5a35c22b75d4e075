"""The company's stop phrases: edited, exported and imported through the API, and applied to scored answers."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
import yaml
from api_builders import STRONG, Clock, client_for, make_user, scenario_document, snapshot
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.models import Role

V1 = "/api/v1"
PROMISE = {"phrase": "I'll do my best", "label": "Empty promise", "penalty": 10, "language": "en"}


def test_a_trainer_adds_changes_and_removes_a_stop_phrase(app: FastAPI, clock: Clock) -> None:
    trainer = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    before = trainer.get(f"{V1}/stop-phrases").json()
    created = trainer.post(f"{V1}/stop-phrases", json={**PROMISE, "phrase": "I'll do whatever I can"})
    assert created.status_code == 201, created.text
    phrase_id = created.json()["id"]
    changed = trainer.patch(f"{V1}/stop-phrases/{phrase_id}", json={"penalty": 25, "critical": True})
    assert (changed.json()["penalty"], changed.json()["critical"], changed.json()["phrase"]) == (
        25,
        True,
        "I'll do whatever I can",
    )
    everywhere = trainer.patch(f"{V1}/stop-phrases/{phrase_id}", json={"language": None})
    assert everywhere.json()["language"] is None
    assert trainer.delete(f"{V1}/stop-phrases/{phrase_id}").status_code == 204
    assert trainer.get(f"{V1}/stop-phrases").json() == before
    assert trainer.delete(f"{V1}/stop-phrases/{phrase_id}").status_code == 404


def test_the_exported_list_imports_back_and_a_bad_import_changes_nothing(app: FastAPI, clock: Clock) -> None:
    head = client_for(app, make_user(app, role=Role.head, clock=clock), clock=clock)
    head.post(f"{V1}/stop-phrases", json=PROMISE)
    exported = head.get(f"{V1}/stop-phrases/export")
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    document = yaml.safe_load(exported.text)
    assert document["parry-stop-phrases"] == 1
    listed = [{k: p[k] for k in PROMISE} for p in head.get(f"{V1}/stop-phrases").json()]
    assert [{k: p[k] for k in PROMISE} for p in document["phrases"]] == listed

    bad = {"parry-stop-phrases": 1, "phrases": [PROMISE, {**PROMISE, "penalty": 500}]}
    refused = head.put(f"{V1}/stop-phrases", json=bad)
    assert refused.status_code == 422
    assert [{k: p[k] for k in PROMISE} for p in head.get(f"{V1}/stop-phrases").json()] == listed

    replaced = head.put(f"{V1}/stop-phrases", json={"parry-stop-phrases": 1, "phrases": [PROMISE]})
    assert replaced.status_code == 200, replaced.text
    assert [p["phrase"] for p in replaced.json()] == ["I'll do my best"]


@pytest.mark.model
def test_a_company_stop_phrase_is_flagged_in_a_scored_answer(app: FastAPI, clock: Clock) -> None:
    trainer = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    trainer.put(f"{V1}/stop-phrases", json={"parry-stop-phrases": 1, "phrases": [PROMISE]})
    answer = STRONG["price"] + " I'll do my best to get you there."
    body = {"scenario": scenario_document(), "step_id": "price", "answer": answer}
    flags = trainer.post(f"{V1}/scenarios/try", json=body).json()["feedback"]["red_flags"]
    assert [(f["label"], f["words"], f["source"]) for f in flags] == [("Empty promise", "I'll do my best", "company")]
    trainer.put(f"{V1}/stop-phrases", json={"parry-stop-phrases": 1, "phrases": []})
    plain = trainer.post(f"{V1}/scenarios/try", json=body).json()["feedback"]["red_flags"]
    assert plain == []


def _upload(client: TestClient, content: bytes, name: str = "stop-phrases.yaml", **kwargs: Any) -> Any:
    files = {"file": (name, io.BytesIO(content), "application/yaml")}
    return client.post(f"{V1}/stop-phrases/import", files=files, **kwargs)


def test_the_exported_file_uploads_back_and_replaces_the_list(app: FastAPI, clock: Clock) -> None:
    trainer = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    trainer.put(f"{V1}/stop-phrases", json={"parry-stop-phrases": 1, "phrases": [PROMISE]})
    exported = trainer.get(f"{V1}/stop-phrases/export").content
    edited = exported.decode().replace("penalty: 10", "penalty: 35") + "- phrase: как бы\n  label: Неуверенная речь\n"
    replaced = _upload(trainer, edited.encode())
    assert replaced.status_code == 200, replaced.text
    assert [(p["phrase"], p["penalty"], p["language"]) for p in replaced.json()] == [
        ("как бы", 10, None),
        ("I'll do my best", 35, "en"),
    ]
    as_json = json.dumps({"parry-stop-phrases": 1, "phrases": [PROMISE]}).encode()
    assert [p["phrase"] for p in _upload(trainer, as_json, "list.json").json()] == ["I'll do my best"]


BAD_FILE = b"""parry-stop-phrases: 1
phrases:
  - phrase: "I'll do my best"
    label: Empty promise
    penalty: 500
  - phrase: I'll try
    label: Empty promise
    language: de
    colour: red
  - phrase: i'll  DO my best
    label: Empty promise
"""


def test_a_bad_file_changes_nothing_and_every_problem_names_its_line(app: FastAPI, clock: Clock) -> None:
    head = client_for(app, make_user(app, role=Role.head, clock=clock), clock=clock)
    head.put(f"{V1}/stop-phrases", json={"parry-stop-phrases": 1, "phrases": [PROMISE]})
    before = snapshot(app)
    refused = _upload(head, BAD_FILE)
    assert refused.status_code == 422
    assert (
        refused.json()["detail"]
        == "the stop-phrase list is not valid: phrases[0].penalty: must be at most 100 (and 2 more)"
    )
    assert [(e["line"], e["field"]) for e in refused.json()["errors"]] == [
        (5, "phrases[0].penalty"),
        (8, "phrases[1].language"),
        (9, "phrases[1].colour"),
    ]
    assert snapshot(app) == before
    twice = BAD_FILE.replace(b"penalty: 500", b"penalty: 50").replace(b"    language: de\n    colour: red\n", b"")
    repeated = _upload(head, twice).json()
    assert repeated["errors"] == [
        {
            "file": "stop-phrases.yaml",
            "line": 8,
            "field": "phrases[2].phrase",
            "message": '"i\'ll  DO my best" is listed twice (first as phrases[0])',
            "code": "phrase_twice",
            "params": {"phrase": "i'll  DO my best", "first": 0},
        }
    ]
    russian = _upload(head, b"phrases: [a, b\n", headers={"Accept-Language": "ru"}).json()
    assert russian["detail"].startswith("Список стоп-фраз не прошёл проверку: ошибка в YAML")
    assert russian["errors"][0]["line"] == 2
    for content, message in [
        (b"- just a list\n", "`parry-stop-phrases: 1` and `phrases:` at the top"),
        (b"phrases: []\n", "parry-stop-phrases: this field is required"),
        (b"\xff\xfe p\x00", "UTF-16"),
    ]:
        reply = _upload(head, content)
        assert reply.status_code == 422
        assert message in reply.json()["detail"]
    assert snapshot(app) == before


def test_the_same_phrase_twice_for_one_language_is_refused(app: FastAPI, clock: Clock) -> None:
    trainer = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    trainer.put(f"{V1}/stop-phrases", json={"parry-stop-phrases": 1, "phrases": [PROMISE]})
    again = trainer.post(f"{V1}/stop-phrases", json={**PROMISE, "phrase": "  i'll do MY best "})
    assert again.status_code == 409
    assert again.json()["code"] == "stop_phrase_exists"
    assert [(e["field"], e["code"]) for e in again.json()["errors"]] == [("phrase", "stop_phrase_exists")]
    other_language = trainer.post(f"{V1}/stop-phrases", json={**PROMISE, "language": None})
    assert other_language.status_code == 201
    renamed = trainer.patch(f"{V1}/stop-phrases/{other_language.json()['id']}", json={"language": "en"})
    assert renamed.status_code == 409
    assert "is already in the list" in renamed.json()["detail"]
    both = {"parry-stop-phrases": 1, "phrases": [PROMISE, PROMISE]}
    listed = trainer.put(f"{V1}/stop-phrases", json=both)
    assert listed.status_code == 422
    assert listed.json()["errors"][0]["field"] == "phrases[1].phrase"


def test_a_file_with_a_nul_character_is_refused_and_changes_nothing(app: FastAPI, clock: Clock) -> None:
    trainer = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    before = snapshot(app)
    document = {"parry-stop-phrases": 1, "phrases": [{"phrase": "I'll\u0000 try", "label": "Empty promise"}]}
    refused = _upload(trainer, json.dumps(document).encode(), "list.json")
    assert refused.status_code == 422
    assert "NUL" in refused.json()["detail"]
    assert snapshot(app) == before
