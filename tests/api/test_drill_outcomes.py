"""Every drill ends won or lost (issue 11): each built-in scenario drilled with its own reference answers is won, and
with a discount or with empty answers is lost, in other words of the customer's; a critical red flag loses at once;
two weak answers on one step lose; the same answers take the same path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from api_builders import Clock, client_for, make_user, publish_scenario, scenario_document, session_of
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.models import Role, StopPhrase
from scenarios.conversation import STANDARD_ENDINGS, STANDARD_PUSHBACK
from scenarios.loader import builtin_library, load_paths
from scenarios.schema import Scenario, Step
from scoring.stop_phrases import default_stop_phrases

pytestmark = pytest.mark.model

LIBRARY = {s.id: s for s in load_paths([builtin_library()]).scenarios}
DISCOUNT = {
    "ru": "Хорошо, могу дать скидку 20%, если подпишем договор сегодня.",
    "en": "OK, I can give you a 20% discount if we sign today.",
}
EMPTY = {"ru": "Нет.", "en": "No."}  # too short: scored 0, not critical
Answer = Callable[[Step, int], str]  # the step on screen, how many times it was answered before -> the answer


@pytest.fixture(autouse=True)
def company_stop_phrases(app: FastAPI, clock: Clock) -> None:
    """The stop phrases a new Parry starts with, whatever ran before (tests empty the database)."""
    with session_of(app) as session:
        session.execute(sa.delete(StopPhrase))
        for p in default_stop_phrases():
            session.add(
                StopPhrase(
                    phrase=p.phrase,
                    label=p.label,
                    penalty=p.penalty,
                    critical=p.critical,
                    language=p.language,
                    updated_at=clock.now(),
                )
            )
        session.commit()


def drill(rep: TestClient, row: int, document: Scenario, answer: Answer, *, limit: int = 30) -> list[dict[str, Any]]:
    """Answer every step the customer brings up until the conversation ends; the replies, in order."""
    started = rep.post("/api/v1/drills", json={"scenario_id": row}).json()
    url, step, replies = f"/api/v1/drills/{started['id']}/answers", started["current_step"], []
    seen: dict[str, int] = {}
    while step is not None and len(replies) < limit:
        text = answer(document.step(step["id"]), seen.get(step["id"], 0))
        seen[step["id"]] = seen.get(step["id"], 0) + 1
        reply = rep.post(url, json={"step_id": step["id"], "answer": text})
        assert reply.status_code == 201, reply.text
        replies.append(reply.json())
        step = reply.json()["next_step"]
    return replies


def published(app: FastAPI, clock: Clock, scenario: Scenario) -> int:
    author = make_user(app, role=Role.trainer, clock=clock)
    row = publish_scenario(
        app, author=author, clock=clock, document=scenario.model_dump(mode="json", exclude_none=True)
    )
    assert row.id is not None
    return row.id


@pytest.mark.slow
@pytest.mark.parametrize("scenario_id", sorted(LIBRARY))
def test_every_built_in_scenario_is_won_with_its_references_and_lost_with_bad_answers(
    app: FastAPI, clock: Clock, scenario_id: str
) -> None:
    scenario = LIBRARY[scenario_id]
    assert scenario.endings is not None
    row = published(app, clock, scenario)
    rep = client_for(app, make_user(app, clock=clock), clock=clock)

    won = drill(rep, row, scenario, lambda step, n: step.references[n % len(step.references)])
    assert [r["outcome"] for r in won] == [None] * (len(won) - 1) + ["won"]
    assert all(r["answer"]["passed"] for r in won), [(r["answer"]["step_id"], r["answer"]["score"]) for r in won]
    assert won[-1]["closing_line"] == scenario.endings.won
    assert won[-1]["drill_summary"]["outcome"] == "won"

    discount = drill(rep, row, scenario, lambda step, n: DISCOUNT[scenario.language])
    assert len(discount) == 1  # a critical red flag (the company's "instant discount") loses at once
    lost = discount[0]
    assert (lost["outcome"], lost["branch"], lost["closing_line"]) == ("lost", "lost", scenario.endings.lost)
    assert lost["closing_line"] != won[-1]["closing_line"]
    assert lost["drill_summary"]["reason"] == "critical_red_flag"
    assert lost["drill_summary"]["lost_on"]["critical"] is True
    assert lost["drill_summary"]["lost_on"]["sentence"] == DISCOUNT[scenario.language]

    empty = drill(rep, row, scenario, lambda step, n: EMPTY[scenario.language])
    assert [r["outcome"] for r in empty] == [None] * (len(empty) - 1) + ["lost"]
    assert empty[0]["branch"] in ("weak", "pushback")  # the first weak answer is pushed back, never rewarded
    assert all(r["closing_line"] is None for r in empty[:-1])
    assert empty[-1]["closing_line"] == scenario.endings.lost
    assert empty[-1]["drill_summary"]["reason"] in ("second_weak_answer", "weak_branch_ended")


def test_a_push_back_asks_the_step_again_and_a_second_weak_answer_loses(app: FastAPI, clock: Clock) -> None:
    scenario = LIBRARY["ru-crm-price"]
    row = published(app, clock, scenario)
    rep = client_for(app, make_user(app, clock=clock), clock=clock)
    drill_id = rep.post("/api/v1/drills", json={"scenario_id": row}).json()["id"]
    url = f"/api/v1/drills/{drill_id}/answers"
    first = rep.post(url, json={"step_id": "price", "answer": "Нет."}).json()
    assert (first["branch"], first["next_step"]["id"]) == ("weak", "price-pushback")  # the push-back step
    second = rep.post(url, json={"step_id": "price-pushback", "answer": "Нет."}).json()
    pushback = scenario.step("price-pushback").pushback
    assert (second["branch"], second["next_step"]["id"], second["next_step"]["customer_line"]) == (
        "pushback",
        "price-pushback",
        pushback,
    )
    shown = rep.get(f"/api/v1/drills/{drill_id}").json()
    assert shown["current_step"]["customer_line"] == pushback  # coming back: the push-back is still on screen
    third = rep.post(url, json={"step_id": "price-pushback", "answer": "Нет."}).json()
    assert (third["branch"], third["outcome"], third["next_step"]) == ("lost", "lost", None)
    assert third["drill_summary"]["reason"] == "second_weak_answer"
    history = rep.get(f"/api/v1/drills/{drill_id}").json()["history"]
    assert [(t["answer"]["step_id"], t["kind"], t["customer_line"]) for t in history] == [
        ("price", "first", scenario.step("price").customer_line),
        ("price-pushback", "first", scenario.step("price-pushback").customer_line),
        ("price-pushback", "pushback", pushback),
    ]


def test_a_rude_answer_loses_at_once_and_the_customer_names_it(app: FastAPI, clock: Clock) -> None:
    scenario = LIBRARY["ru-crm-price"]
    row = published(app, clock, scenario)
    rep = client_for(app, make_user(app, clock=clock), clock=clock)
    drill_id = rep.post("/api/v1/drills", json={"scenario_id": row}).json()["id"]
    rude = "Ну не хотите — как хотите, у нас и без вас клиентов хватает."
    reply = rep.post(f"/api/v1/drills/{drill_id}/answers", json={"step_id": "price", "answer": rude}).json()
    flag = next(f for f in scenario.step("price").red_flags if f.label == "Грубит клиенту")
    assert (reply["outcome"], reply["reaction"], reply["closing_line"]) == (
        "lost",
        flag.reaction,
        scenario.endings.lost,
    )
    assert reply["drill_summary"]["ending"] == f"{flag.reaction} {scenario.endings.lost}"
    assert reply["drill_summary"]["lost_on"]["critical"] is True


def test_an_old_file_with_only_closing_line_drills_and_is_never_rewarded_when_lost(app: FastAPI, clock: Clock) -> None:
    scenario = publish_scenario(app, author=make_user(app, role=Role.trainer, clock=clock), clock=clock)
    rep = client_for(app, make_user(app, clock=clock), clock=clock)
    drill_id = rep.post("/api/v1/drills", json={"scenario_id": scenario.id}).json()["id"]
    url = f"/api/v1/drills/{drill_id}/answers"
    assert rep.post(url, json={"step_id": "price", "answer": "No."}).json()["next_step"]["id"] == "pushback"
    lost = rep.post(url, json={"step_id": "pushback", "answer": "No."}).json()  # pushback's weak branch: end
    assert (lost["outcome"], lost["branch"]) == ("lost", "weak")
    assert lost["closing_line"] == STANDARD_ENDINGS["lost"]["en"] != scenario_document()["closing_line"]


def test_a_step_without_a_pushback_gets_the_standard_one(app: FastAPI, clock: Clock) -> None:
    scenario = publish_scenario(app, author=make_user(app, role=Role.trainer, clock=clock), clock=clock)
    rep = client_for(app, make_user(app, clock=clock), clock=clock)
    drill_id = rep.post("/api/v1/drills", json={"scenario_id": scenario.id}).json()["id"]
    url = f"/api/v1/drills/{drill_id}/answers"
    strong = scenario_document()["steps"][0]["references"][0]
    assert rep.post(url, json={"step_id": "price", "answer": strong}).json()["next_step"]["id"] == "timing"
    weak = rep.post(url, json={"step_id": "timing", "answer": "No."}).json()
    assert (weak["branch"], weak["next_step"]["customer_line"]) == ("pushback", STANDARD_PUSHBACK["en"])


def test_the_same_answers_always_take_the_same_path(app: FastAPI, clock: Clock) -> None:
    scenario = LIBRARY["en-fleet-leasing-send-info"]
    row = published(app, clock, scenario)
    rep = client_for(app, make_user(app, clock=clock), clock=clock)
    answers = {0: "Sure, I'll email it. Let me know if you have questions.", 1: "No."}

    def answer(step: Step, n: int) -> str:
        return answers.get(n, step.references[0]) if step.id.startswith("send-info") else step.references[0]

    paths = [
        [(r["answer"]["step_id"], r["branch"], r["answer"]["score"]) for r in drill(rep, row, scenario, answer)]
        for _ in "ab"
    ]
    assert paths[0] == paths[1]
    assert [branch for _, branch, _ in paths[0]][:2] == ["weak", "pushback"]
