"""A trainer saves work in progress: a draft that does not pass the checks yet is stored as it is (it needs an id),
found in the list, checked only when published, and exported once it passes."""

from __future__ import annotations

from api_builders import Clock, client_for, make_user, publish_scenario, scenario_document, snapshot
from fastapi import FastAPI

from api.models import Role

UNFINISHED = {
    "id": "half-written",
    "title": "Цена: половина работы",
    "language": "ru",
    "context": "",
    "persona": {"role": "", "company": "", "temperament": ""},
    "steps": [{"id": "price", "category": "price", "customer_line": "Дорого.", "references": ["", ""]}],
}


def test_an_unfinished_new_scenario_is_saved_as_it_is_and_refused_only_on_publishing(
    app: FastAPI, clock: Clock
) -> None:
    trainer = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    assert trainer.post("/api/v1/scenarios", json=UNFINISHED).status_code == 422  # the strict path stays strict
    created = trainer.post("/api/v1/scenarios?as_is=true", json=UNFINISHED)
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["slug"], body["title"], body["language"], body["draft_valid"]) == (
        "half-written",
        "Цена: половина работы",
        "ru",
        False,
    )
    assert body["draft"] == UNFINISHED
    listed = trainer.get("/api/v1/scenarios", params={"q": "половина"}).json()
    assert [s["slug"] for s in listed] == ["half-written"]

    published = trainer.post(f"/api/v1/scenarios/{body['id']}/publish")
    assert published.status_code == 422
    assert published.json()["code"] == "scenario_invalid"
    assert {e["field"] for e in published.json()["errors"]} >= {"context", "persona.role"}
    assert trainer.get(f"/api/v1/scenarios/{body['id']}/export").json()["code"] == "scenario_invalid"

    fixed = scenario_document("half-written")
    saved = trainer.put(f"/api/v1/scenarios/{body['id']}/draft?as_is=true", json=fixed)
    assert saved.json()["draft_valid"] is True
    assert trainer.post(f"/api/v1/scenarios/{body['id']}/publish").status_code == 201


def test_a_draft_saved_as_it_is_keeps_its_id_and_needs_one(app: FastAPI, clock: Clock) -> None:
    trainer_user = make_user(app, role=Role.trainer, clock=clock)
    row = publish_scenario(app, author=trainer_user, clock=clock)
    trainer = client_for(app, trainer_user, clock=clock)
    before = snapshot(app)
    moved = trainer.put(f"/api/v1/scenarios/{row.id}/draft?as_is=true", json={**UNFINISHED, "id": "elsewhere"})
    assert moved.json()["code"] == "scenario_id_fixed"
    nameless = trainer.post("/api/v1/scenarios?as_is=true", json={**UNFINISHED, "id": "Цена"})
    assert (nameless.status_code, nameless.json()["code"]) == (422, "scenario_draft_needs_id")
    assert snapshot(app) == before

    kept = trainer.put(f"/api/v1/scenarios/{row.id}/draft?as_is=true", json={**UNFINISHED, "id": row.slug})
    assert (kept.status_code, kept.json()["draft_valid"], kept.json()["version"]) == (200, False, 1)
    intro = trainer.get(f"/api/v1/scenarios/{row.id}")  # reps still get the published version
    assert intro.status_code == 200
    assert intro.json()["title"] != UNFINISHED["title"]
    assert trainer.delete(f"/api/v1/scenarios/{row.id}/draft").json()["draft_valid"] is None
