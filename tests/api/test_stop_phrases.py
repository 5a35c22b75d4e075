"""The company's stop phrases: edited, exported and imported through the API, and applied to scored answers."""

from __future__ import annotations

import pytest
import yaml
from api_builders import STRONG, Clock, client_for, make_user, scenario_document
from fastapi import FastAPI

from api.models import Role

V1 = "/api/v1"
PROMISE = {"phrase": "I'll do my best", "label": "Empty promise", "penalty": 10, "language": "en"}


def test_a_trainer_adds_changes_and_removes_a_stop_phrase(app: FastAPI, clock: Clock) -> None:
    trainer = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    before = trainer.get(f"{V1}/stop-phrases").json()
    created = trainer.post(f"{V1}/stop-phrases", json=PROMISE)
    assert created.status_code == 201, created.text
    phrase_id = created.json()["id"]
    changed = trainer.patch(f"{V1}/stop-phrases/{phrase_id}", json={"penalty": 25, "critical": True})
    assert (changed.json()["penalty"], changed.json()["critical"], changed.json()["phrase"]) == (
        25,
        True,
        "I'll do my best",
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
