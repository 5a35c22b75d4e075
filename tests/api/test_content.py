"""Scenarios and tracks: drafts, validation, import, publishing immutable versions, search, assignment."""

from __future__ import annotations

import json

import yaml
from api_builders import (
    Clock,
    client_for,
    count,
    make_team,
    make_user,
    publish_scenario,
    scenario_document,
    snapshot,
    track_rules,
)
from fastapi import FastAPI

from api.models import Role


def test_trainer_creates_edits_and_publishes_versions(app: FastAPI, clock: Clock) -> None:
    trainer = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    created = trainer.post("/api/v1/scenarios", json=scenario_document())
    assert created.status_code == 201, created.text
    scenario = created.json()
    assert (scenario["version"], scenario["has_draft"]) == (None, True)
    sid = scenario["id"]

    first = trainer.post(f"/api/v1/scenarios/{sid}/publish")
    assert first.status_code == 201
    assert first.json()["number"] == 1
    again = trainer.post(f"/api/v1/scenarios/{sid}/publish")
    assert again.status_code == 409

    edited = trainer.put(f"/api/v1/scenarios/{sid}/draft", json=scenario_document(title="Price, second edition"))
    assert edited.status_code == 200
    assert edited.json()["draft"]["title"] == "Price, second edition"
    assert edited.json()["published"]["content"]["title"] == "Too expensive for an HVAC company"
    same = trainer.post(f"/api/v1/scenarios/{sid}/publish")
    assert same.json()["number"] == 2

    versions = trainer.get(f"/api/v1/scenarios/{sid}/versions").json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[1]["content"]["title"] == "Too expensive for an HVAC company"  # version 1 never changes


def test_invalid_document_is_refused_with_every_error_and_nothing_saved(app: FastAPI, clock: Clock) -> None:
    trainer = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    document = scenario_document()
    document["steps"][0]["references"] = ["only one"]
    document["steps"][0]["follow_ups"]["weak"] = "nowhere"
    document["colour"] = "blue"
    before = snapshot(app)
    response = trainer.post("/api/v1/scenarios", json=document)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("the scenario is not valid")
    fields = {e["field"] for e in body["errors"]}
    assert "colour" in fields
    assert "steps[0].references" in fields
    assert snapshot(app) == before
    report = trainer.post("/api/v1/scenarios/validate", json=document).json()
    assert report["ok"] is False
    assert {e["field"] for e in report["errors"]} == fields
    assert trainer.post("/api/v1/scenarios/validate", json=scenario_document()).json() == {"ok": True, "errors": []}


def test_broken_follow_up_link_is_reported_on_its_field(app: FastAPI, clock: Clock) -> None:
    trainer = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    document = scenario_document()
    document["steps"][0]["follow_ups"]["weak"] = "nowhere"
    response = trainer.post("/api/v1/scenarios", json=document)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "steps[0].follow_ups.weak"


def test_a_draft_cannot_change_the_scenario_id(app: FastAPI, clock: Clock) -> None:
    trainer_user = make_user(app, role=Role.trainer, clock=clock)
    row = publish_scenario(app, author=trainer_user, clock=clock)
    trainer = client_for(app, trainer_user, clock=clock)
    before = snapshot(app)
    response = trainer.put(f"/api/v1/scenarios/{row.id}/draft", json=scenario_document("another-id"))
    assert response.status_code == 422
    assert "cannot change" in response.json()["detail"]
    assert snapshot(app) == before


def test_discarding_a_draft_goes_back_to_the_published_version(app: FastAPI, clock: Clock) -> None:
    trainer_user = make_user(app, role=Role.trainer, clock=clock)
    row = publish_scenario(app, author=trainer_user, clock=clock)
    trainer = client_for(app, trainer_user, clock=clock)
    trainer.put(f"/api/v1/scenarios/{row.id}/draft", json=scenario_document(title="Work in progress"))
    listed = trainer.get("/api/v1/scenarios", params={"q": "work in progress"}).json()
    assert [s["id"] for s in listed] == [row.id]
    discarded = trainer.delete(f"/api/v1/scenarios/{row.id}/draft")
    assert discarded.status_code == 200
    assert discarded.json()["draft"] is None
    assert discarded.json()["title"] == "Too expensive for an HVAC company"
    assert trainer.delete(f"/api/v1/scenarios/{row.id}/draft").status_code == 409


def test_import_creates_then_updates_a_scenario_and_reports_file_errors_with_lines(app: FastAPI, clock: Clock) -> None:
    trainer = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    content = yaml.safe_dump(scenario_document(), allow_unicode=True, sort_keys=False)
    created = trainer.post("/api/v1/scenarios/import", files={"file": ("hvac.yaml", content, "application/yaml")})
    assert created.status_code == 201, created.text
    assert created.json()["has_draft"] is True
    updated = trainer.post(
        "/api/v1/scenarios/import",
        files={"file": ("hvac.json", json.dumps(scenario_document(title="Imported again")), "application/json")},
        data={"publish": "true"},
    )
    assert updated.status_code == 201
    assert (updated.json()["id"], updated.json()["version"]) == (created.json()["id"], 1)
    assert updated.json()["published"]["content"]["title"] == "Imported again"

    broken = content.replace("category: timing", "category: weather")
    before = snapshot(app)
    refused = trainer.post("/api/v1/scenarios/import", files={"file": ("broken.yaml", broken, "application/yaml")})
    assert refused.status_code == 422
    error = refused.json()["errors"][0]
    assert error["file"] == "broken.yaml"
    assert error["field"] == "steps[2].category"
    assert error["line"] == broken.splitlines().index("  category: weather") + 1
    assert "not allowed" in error["message"]
    assert snapshot(app) == before


def test_export_gives_back_a_file_that_imports_to_the_same_scenario(app: FastAPI, clock: Clock) -> None:
    trainer_user = make_user(app, role=Role.trainer, clock=clock)
    row = publish_scenario(app, author=trainer_user, clock=clock)
    trainer = client_for(app, trainer_user, clock=clock)
    exported = trainer.get(f"/api/v1/scenarios/{row.id}/export", params={"format": "yaml"})
    assert exported.status_code == 200
    assert "attachment" in exported.headers["content-disposition"]
    assert yaml.safe_load(exported.text) == json.loads(
        json.dumps(trainer.get(f"/api/v1/scenarios/{row.id}/draft").json()["published"]["content"])
    )


def test_reps_see_published_scenarios_without_answers(app: FastAPI, clock: Clock) -> None:
    author = make_user(app, role=Role.trainer, clock=clock)
    row = publish_scenario(app, author=author, clock=clock)
    trainer = client_for(app, author, clock=clock)
    trainer.post("/api/v1/scenarios", json=scenario_document("unpublished"))
    rep = client_for(app, make_user(app, clock=clock), clock=clock)
    listed = rep.get("/api/v1/scenarios").json()
    assert [s["slug"] for s in listed] == ["hvac-price"]
    assert {s["slug"] for s in trainer.get("/api/v1/scenarios").json()} == {"hvac-price", "unpublished"}
    intro = rep.get(f"/api/v1/scenarios/{row.id}").json()
    assert intro["persona"]["company"] == "CoolAir Services"
    assert [s["id"] for s in intro["steps"]] == ["price", "pushback", "timing"]
    assert "references" not in json.dumps(intro)
    assert rep.get(f"/api/v1/scenarios/{row.id}/draft").status_code == 403


def test_scenario_list_filters_by_language_category_tag_and_text(app: FastAPI, clock: Clock) -> None:
    author = make_user(app, role=Role.trainer, clock=clock)
    publish_scenario(app, author=author, clock=clock)
    russian = scenario_document(
        "ru-price",
        title="Дорого для сервисной компании",
        language="ru",
        tags=["Цена"],
        context="Вы продаёте систему планирования выездов сервисной компании.",
        persona={"role": "Операционный директор", "company": "ООО Холод", "temperament": "прямой"},
        closing_line="Хорошо, пришлите расчёт.",
    )
    for step in russian["steps"]:
        step["customer_line"] = "Это слишком дорого для нас, честно говоря."
        step["references"] = [
            "Понимаю, бюджет важен. С чем вы сравниваете цену? Давайте посчитаем экономию в четверг.",
            "Согласен, это важный вопрос. Что именно кажется дорогим? Предлагаю созвониться завтра.",
        ]
        step.pop("key_points", None)
        step.pop("red_flags", None)
        step["hints"] = ["Спросите, с чем сравнивают."]
    publish_scenario(app, author=author, clock=clock, document=russian)
    rep = client_for(app, make_user(app, clock=clock), clock=clock)

    def slugs(**params: str) -> list[str]:
        response = rep.get("/api/v1/scenarios", params=params)
        assert response.status_code == 200, response.text
        return sorted(s["slug"] for s in response.json())

    assert slugs(language="ru") == ["ru-price"]
    assert slugs(language="en") == ["hvac-price"]
    assert slugs(category="timing") == ["hvac-price", "ru-price"]
    assert slugs(category="trust") == []
    assert slugs(tag="saas") == ["hvac-price"]
    assert slugs(tag="цена") == ["ru-price"]
    assert slugs(q="ДОРОГО") == ["ru-price"]
    assert slugs(q="coolair") == ["hvac-price"]
    assert slugs(q="100%_") == []
    assert rep.get("/api/v1/scenarios", params={"language": "de"}).status_code == 422


def test_track_is_drafted_published_and_assigned(app: FastAPI, clock: Clock) -> None:
    team = make_team(app, clock=clock)
    author = make_user(app, role=Role.trainer, team=team, clock=clock)  # a trainer assigns to their own team
    rep_user = make_user(app, team=team, clock=clock)
    other_rep = make_user(app, clock=clock)
    row = publish_scenario(app, author=author, clock=clock)
    trainer = client_for(app, author, clock=clock)
    created = trainer.post("/api/v1/tracks", json=track_rules([row.id]))
    assert created.status_code == 201, created.text
    tid = created.json()["id"]
    assert created.json()["draft"]["pass_mark"] == 60
    assert trainer.post(f"/api/v1/tracks/{tid}/assignments", json={"team_id": team.id}).status_code == 409
    published = trainer.post(f"/api/v1/tracks/{tid}/publish")
    assert published.status_code == 201
    assert published.json()["number"] == 1
    assigned = trainer.post(f"/api/v1/tracks/{tid}/assignments", json={"team_id": team.id})
    assert assigned.status_code == 201
    assert trainer.post(f"/api/v1/tracks/{tid}/assignments", json={"team_id": team.id}).status_code == 409

    rep = client_for(app, rep_user, clock=clock)
    assert [t["id"] for t in rep.get("/api/v1/tracks").json()] == [tid]
    assert rep.get(f"/api/v1/tracks/{tid}").json()["draft"] is None
    other = client_for(app, other_rep, clock=clock)
    assert other.get("/api/v1/tracks").json() == []
    assert other.get(f"/api/v1/tracks/{tid}").status_code == 404

    removed = trainer.delete(f"/api/v1/tracks/{tid}/assignments/{assigned.json()['id']}")
    assert removed.status_code == 204
    assert rep.get("/api/v1/tracks").json() == []


def test_track_rules_are_checked(app: FastAPI, clock: Clock) -> None:
    author = make_user(app, role=Role.trainer, clock=clock)
    row = publish_scenario(app, author=author, clock=clock)
    trainer = client_for(app, author, clock=clock)
    unpublished = trainer.post("/api/v1/scenarios", json=scenario_document("draft-only")).json()["id"]
    before = snapshot(app)
    cases = [
        (track_rules([row.id], floor=80, pass_mark=70), "floor"),
        (track_rules([row.id, row.id]), "twice"),
        (track_rules([999_999]), "999999"),
        (track_rules([]), "scenario_ids"),
        (track_rules([row.id], seconds_per_answer=1), "seconds_per_answer"),
    ]
    for rules, words in cases:
        response = trainer.post("/api/v1/tracks", json=rules)
        assert response.status_code == 422, rules
        assert words in response.text
    assert snapshot(app) == before
    too_big = trainer.post("/api/v1/tracks", json=track_rules([row.id], test_size=4)).json()["id"]
    refused = trainer.post(f"/api/v1/tracks/{too_big}/publish")
    assert refused.status_code == 422
    assert "have 3" in refused.json()["detail"]
    needs_publish = trainer.post("/api/v1/tracks", json=track_rules([unpublished])).json()["id"]
    refused = trainer.post(f"/api/v1/tracks/{needs_publish}/publish")
    assert refused.status_code == 422
    assert "publish these scenarios first" in refused.json()["detail"]
    assert count(app, "track_version") == 0
