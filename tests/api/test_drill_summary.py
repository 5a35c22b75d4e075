"""The summary that closes a drill (issue 11): outcome, why, each step's scores with retries, the two things to fix
first with the sentence concerned, the weakest step's best reference, try again and the next objection. The rep
gets it with the last answer, from GET /drills/{id} and on that answer; a trainer on the rep's answers."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from alembic import command
from api_builders import (
    FEEDBACK,
    STRONG,
    Clock,
    client_for,
    make_team,
    make_user,
    publish_scenario,
    publish_track,
    scenario_document,
    session_of,
    snapshot,
)
from api_database import Database
from fastapi import FastAPI
from sqlmodel import col, select
from training_builders import latest_version

from api.migrate import alembic_config
from api.models import Answer, Drill, Role, StopPhrase, User
from scenarios.conversation import STANDARD_ENDINGS, STANDARD_PUSHBACK

V1 = "/api/v1"
DISCOUNT = "Fine. I can give you a discount of twenty percent if you sign this week."


@pytest.fixture(autouse=True)
def no_company_stop_phrases(app: FastAPI) -> None:
    """Only the steps' own red flags: the discount below is the step's (not critical), whatever ran before."""
    with session_of(app) as session:
        session.execute(sa.delete(StopPhrase))
        session.commit()


@pytest.mark.model
def test_a_drill_ends_with_a_summary_the_rep_and_their_trainer_see(app: FastAPI, clock: Clock) -> None:
    team, other_team = make_team(app, clock=clock), make_team(app, name="Other", clock=clock)
    trainer = make_user(app, role=Role.trainer, team=team, clock=clock)
    rep_user = make_user(app, team=team, clock=clock)
    hvac = publish_scenario(app, author=trainer, clock=clock)
    other = publish_scenario(app, author=trainer, clock=clock, document=scenario_document("hvac-other"))
    publish_track(app, author=trainer, clock=clock, scenario_ids=[hvac.id or 0, other.id or 0], team=team)
    rep = client_for(app, rep_user, clock=clock)
    drill_id = rep.post(f"{V1}/drills", json={"scenario_id": hvac.id}).json()["id"]
    url = f"{V1}/drills/{drill_id}/answers"

    def say(step_id: str, text: str) -> dict[str, Any]:
        clock.advance(minutes=1)
        reply = rep.post(url, json={"step_id": step_id, "answer": text})
        assert reply.status_code == 201, reply.text
        return dict(reply.json())

    discount = say("price", DISCOUNT)
    assert (discount["branch"], discount["next_step"]["id"]) == ("weak", "pushback")
    assert say("price", STRONG["price"])["branch"] == "retry"  # practice: the push-back is still on screen
    assert say("pushback", STRONG["pushback"])["next_step"]["id"] == "timing"
    weak = say("timing", "No.")
    assert (weak["branch"], weak["next_step"]["customer_line"]) == ("pushback", STANDARD_PUSHBACK["en"])
    assert weak["drill_summary"] is None
    last = say("timing", STRONG["timing"])
    summary = last["drill_summary"]

    assert (summary["outcome"], summary["reason"], summary["ended_on_step"]) == ("won", "handled", "timing")
    assert summary["ending"] == scenario_document()["closing_line"]
    assert summary["lost_on"] is None
    attempts = {s["step_id"]: [(a["kind"], a["passed"]) for a in s["attempts"]] for s in summary["steps"]}
    assert attempts == {
        "price": [("first", False), ("retry", True)],
        "pushback": [("first", True)],
        "timing": [("first", False), ("pushback", True)],
    }
    assert all(s["best_score"] == max(a["score"] for a in s["attempts"]) for s in summary["steps"])
    assert 1 <= len(summary["fix_first"]) <= 2
    first = summary["fix_first"][0]
    assert (first["kind"], first["text"], first["step_id"]) == ("red_flag", "immediate discount", "price")
    assert first["sentence"] == "I can give you a discount of twenty percent if you sign this week."
    assert first["words"].lower() == "give you a discount"
    said = {a["answer"]["id"]: a["answer"]["text"] for a in (discount, weak, last)}
    assert all(item["sentence"] in said.get(item["answer_id"], item["sentence"]) for item in summary["fix_first"])
    weakest = summary["weakest_step"]
    steps = {s["id"]: s for s in scenario_document()["steps"]}
    assert weakest["score"] == min(s["best_score"] for s in summary["steps"])
    assert weakest["best_reference"] in steps[weakest["step_id"]]["references"]
    assert summary["try_again_scenario_id"] == hvac.id
    assert summary["next_objection"]["scenario_id"] == other.id  # today's drill goes on with another scenario
    assert summary["answers"] == 5

    shown = rep.get(f"{V1}/drills/{drill_id}").json()
    assert (shown["outcome"], shown["drill_summary"]) == ("won", summary)
    own = rep.get(f"{V1}/answers").json()
    assert [a["drill_summary"] for a in own] == [summary, None, None, None, None]  # on the answer that ended it
    by_trainer = client_for(app, trainer, clock=clock)
    answers = by_trainer.get(f"{V1}/answers", params={"user_id": rep_user.id}).json()
    assert answers[0]["drill_summary"] == summary
    assert by_trainer.get(f"{V1}/answers/{last['answer']['id']}").json()["drill_summary"] == summary
    stranger = client_for(app, make_user(app, role=Role.trainer, team=other_team, clock=clock), clock=clock)
    assert stranger.get(f"{V1}/answers/{last['answer']['id']}").status_code == 404
    assert stranger.get(f"{V1}/answers", params={"user_id": rep_user.id}).status_code == 404
    another_rep = client_for(app, make_user(app, team=team, clock=clock), clock=clock)
    assert another_rep.get(f"{V1}/drills/{drill_id}").status_code == 404
    assert another_rep.get(f"{V1}/answers/{last['answer']['id']}").status_code == 404


def _legacy_drill(app: FastAPI, clock: Clock) -> tuple[User, int]:
    """A drill that ended before outcomes: at `end`, no turns, no summary; (its rep, its id)."""
    scenario = publish_scenario(app, author=make_user(app, role=Role.trainer, clock=clock), clock=clock)
    rep = make_user(app, clock=clock)
    version = latest_version(app, scenario)
    with session_of(app) as session:
        drill = Drill(
            user_id=rep.id or 0,
            scenario_id=scenario.id or 0,
            scenario_version_id=version.id or 0,
            current_step_id="end",
            last_step_id="pushback",
            started_at=clock.now(),
            updated_at=clock.now(),
            finished_at=clock.now(),
        )
        session.add(drill)
        session.flush()
        for step_id in ("price", "pushback"):
            session.add(
                Answer(
                    user_id=rep.id or 0,
                    kind="practice",
                    drill_id=drill.id,
                    scenario_id=scenario.id or 0,
                    scenario_version_id=version.id or 0,
                    step_id=step_id,
                    category="price",
                    text="We will see. What we can do is up to you.",
                    score=20,
                    passed=False,
                    pass_mark=50,
                    final_score=20,
                    result={**FEEDBACK, "answer": "We will see. What we can do is up to you."},
                    model="test",
                    created_at=clock.now(),
                )
            )
        session.commit()
        return rep, drill.id or 0


def test_a_drill_finished_before_outcomes_gets_its_summary_when_read(app: FastAPI, clock: Clock) -> None:
    owner, drill_id = _legacy_drill(app, clock)
    shown = client_for(app, owner, clock=clock).get(f"{V1}/drills/{drill_id}").json()
    assert shown["outcome"] == "lost"
    assert shown["closing_line"] == STANDARD_ENDINGS["lost"]["en"]
    assert shown["drill_summary"]["reason"] == "weak_branch_ended"
    assert [s["step_id"] for s in shown["drill_summary"]["steps"]] == ["price", "pushback"]
    assert shown["drill_summary"]["next_objection"] is None
    with session_of(app) as session:
        stored = session.get(Drill, drill_id)
        assert stored is not None
        assert stored.summary == shown["drill_summary"]


def test_the_migration_adds_the_drill_columns_and_goes_back(app: FastAPI, clock: Clock, db: Database) -> None:
    config = alembic_config()

    def migrate(step: Any, revision: str) -> None:
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, revision)

    _, drill_id = _legacy_drill(app, clock)
    with session_of(app) as session:
        drill = session.get(Drill, drill_id)
        assert drill is not None
        drill.outcome, drill.turns, drill.summary = "lost", [{"answer": 1}], {"outcome": "lost"}
        session.add(drill)
        session.commit()
    migrate(command.downgrade, "0004")
    try:
        with db.engine.connect() as connection:
            columns = {c["name"] for c in sa.inspect(connection).get_columns("drill")}
        assert not columns & {"outcome", "current_line", "turns", "summary"}
        assert "current_step_id" in columns
    finally:
        migrate(command.upgrade, "head")
    with session_of(app) as session:
        drill = session.get(Drill, drill_id)
        assert drill is not None
        assert (drill.current_step_id, drill.outcome, drill.turns, drill.summary) == ("end", None, None, None)
        assert len(session.exec(select(Answer).where(col(Answer.drill_id) == drill_id)).all()) == 2


def test_endings_push_backs_and_reactions_import_export_and_errors_name_their_line(app: FastAPI, clock: Clock) -> None:
    trainer = client_for(app, make_user(app, role=Role.trainer, clock=clock), clock=clock)
    document = scenario_document("hvac-reacts")
    del document["closing_line"]
    document["endings"] = {"won": "Deal, send the contract.", "lost": "No, thank you."}
    document["steps"][0]["red_flags"][0]["reaction"] = "A discount already? Then the price was padded."
    document["steps"][1]["follow_ups"] = {"strong": "timing"}
    document["steps"][1]["pushback"] = "You still haven't told me why it costs that much."
    content = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    created = trainer.post(f"{V1}/scenarios/import", files={"file": ("reacts.yaml", content, "application/yaml")})
    assert created.status_code == 201, created.text
    scenario_id = created.json()["id"]
    exported = trainer.get(f"{V1}/scenarios/{scenario_id}/export", params={"format": "json"})
    assert exported.status_code == 200
    data = exported.json()
    assert data["endings"] == document["endings"]
    assert "closing_line" not in data
    assert data["steps"][1]["pushback"] == document["steps"][1]["pushback"]
    assert data["steps"][1]["follow_ups"] == {"strong": "timing"}
    assert data["steps"][0]["red_flags"][0]["reaction"] == document["steps"][0]["red_flags"][0]["reaction"]
    again = trainer.post(f"{V1}/scenarios/import", files={"file": ("reacts.json", exported.text, "application/json")})
    assert again.status_code == 201
    assert again.json()["id"] == scenario_id

    broken = content.replace("  customer_line: Your software", "  pushback: So what?\n  customer_line: Your software")
    before = snapshot(app)
    refused = trainer.post(f"{V1}/scenarios/import", files={"file": ("broken.yaml", broken, "application/yaml")})
    assert refused.status_code == 422
    [error] = refused.json()["errors"]
    assert (error["file"], error["field"]) == ("broken.yaml", "steps[0].pushback")
    assert error["line"] == broken.splitlines().index("  pushback: So what?") + 1
    assert error["message"].startswith("the customer never says this push-back")
    ru = trainer.post(
        f"{V1}/scenarios/import",
        files={"file": ("broken.yaml", broken, "application/yaml")},
        headers={"Accept-Language": "ru"},
    )
    assert ru.json()["errors"][0]["message"].startswith("клиент никогда не произнесёт это возражение-повтор")
    assert snapshot(app) == before
