"""Conversations that react: endings per outcome, push-backs, critical red flags and two weak answers lose, every
path ends, the same answers take the same path; the format's new fields validate with lines and round-trip."""

from __future__ import annotations

import itertools
import random

import pytest
from scenario_builders import VALID, edit, line_of

from scenarios.conversation import STANDARD_ENDINGS, STANDARD_PUSHBACK, Said, ending_line, longest_drill, reply, walk
from scenarios.loader import dump, load_text
from scenarios.schema import END, Scenario

NAME = "price.yaml"
PERSONA = {"role": "Buyer", "company": "Acme", "temperament": "Calm"}
PASS, FAIL = Said(True), Said(False)
ENDINGS = 'endings:\n  won: "Fine, send the contract."\n  lost: "No, thank you. Goodbye."\nsteps:\n'
PUSHBACK = "    customer_line: It is too expensive for us.\n    pushback: You are not listening, it costs too much.\n"
REACTION = "        penalty: 25\n        critical: true\n        reaction: So the price was padded all along.\n"


def scenario_of(text: str) -> Scenario:
    scenario, errors = load_text(text, NAME)
    assert errors == [], [str(e) for e in errors]
    assert scenario is not None
    return scenario


def errors_of(text: str) -> list[tuple[int | None, str | None, str]]:
    scenario, errors = load_text(text, NAME)
    assert scenario is None
    return [(e.line, e.field, e.message) for e in errors]


# the VALID scenario: price --strong--> close, price --weak--> pushback; pushback --strong--> close, --weak--> end
WITH_ENDINGS = edit("steps:\n", ENDINGS)


def test_a_file_without_endings_or_closing_line_ends_with_the_standard_lines() -> None:
    scenario = scenario_of(VALID)
    assert ending_line(scenario, "won") == STANDARD_ENDINGS["won"]["en"]
    assert ending_line(scenario, "lost") == STANDARD_ENDINGS["lost"]["en"]


def test_a_file_with_only_closing_line_still_validates_and_it_is_the_won_ending() -> None:
    scenario = scenario_of(edit("steps:\n", 'closing_line: "Send me the numbers."\nsteps:\n'))
    assert ending_line(scenario, "won") == "Send me the numbers."
    assert ending_line(scenario, "lost") == STANDARD_ENDINGS["lost"]["en"]  # never a reward for a lost drill
    assert walk(scenario, [PASS, PASS])[-1][1].closing == "Send me the numbers."
    assert walk(scenario, [FAIL, FAIL])[-1][1].closing == STANDARD_ENDINGS["lost"]["en"]


def test_endings_give_the_customers_words_per_outcome() -> None:
    scenario = scenario_of(WITH_ENDINGS)
    won = walk(scenario, [PASS, PASS])
    assert [(step, r.branch, r.outcome, r.reason) for step, r in won] == [
        ("price", "strong", None, None),
        ("close", "in_order", "won", "handled"),
    ]
    assert won[-1][1].closing == "Fine, send the contract."
    lost = walk(scenario, [FAIL, FAIL])
    assert [(step, r.branch, r.outcome, r.reason) for step, r in lost] == [
        ("price", "weak", None, None),
        ("pushback", "weak", "lost", "weak_branch_ended"),
    ]
    assert lost[-1][1].closing == "No, thank you. Goodbye."


def test_closing_line_and_endings_won_together_are_an_error_on_the_closing_lines_line() -> None:
    text = edit("steps:\n", 'closing_line: "Deal."\n' + ENDINGS)
    assert errors_of(text) == [
        (
            line_of(text, "closing_line:"),
            "closing_line",
            "`closing_line` is the won ending written the old way, and `endings.won` gives it too: keep "
            "`endings.won` and remove `closing_line`",
        )
    ]
    scenario_of(edit("steps:\n", 'closing_line: "Deal."\nendings:\n  lost: "No."\nsteps:\n'))  # won, lost apart


@pytest.mark.parametrize(
    ("endings", "field", "message"),
    [
        ("endings: {}\n", "endings", "give the customer's last words for `won`, `lost`, or both"),
        ('endings:\n  won: ""\n', "endings.won", "must not be empty"),
        ("endings:\n  won: Deal.\n  draw: Maybe.\n", "endings.draw", "unknown field"),
        ("endings: Deal.\n", "endings", "must be a set of fields"),
    ],
)
def test_bad_endings_are_errors_with_their_line(endings: str, field: str, message: str) -> None:
    text = edit("steps:\n", endings + "steps:\n")
    [(line, where, text_of_error)] = errors_of(text)
    assert (line, where) == (line_of(text, field.split(".")[-1] + ":"), field)
    assert text_of_error.startswith(message)


def test_a_step_without_follow_ups_pushes_back_once_then_loses() -> None:
    scenario = scenario_of(WITH_ENDINGS)
    first = reply(scenario, "close", FAIL, weak_before=False)
    assert (first.branch, first.next_step_id, first.asked) == ("pushback", "close", STANDARD_PUSHBACK["en"])
    second = reply(scenario, "close", FAIL, weak_before=True)
    assert (second.branch, second.next_step_id, second.outcome, second.reason) == (
        "lost",
        END,
        "lost",
        "second_weak_answer",
    )
    assert second.closing == "No, thank you. Goodbye."


def test_the_steps_own_pushback_is_said_and_follow_ups_without_weak_push_back_on_the_step() -> None:
    text = edit("      weak: pushback\n", "", edit("    customer_line: It is too expensive for us.\n", PUSHBACK))
    text = edit(
        "      strong: close\n  - id: pushback", "      strong: pushback\n  - id: pushback", text
    )  # price → pushback
    text = edit(
        "    follow_ups:\n      strong: close\n      weak: end\n", "    follow_ups:\n      strong: close\n", text
    )
    text = edit("  - id: pushback\n", "  - id: pushback\n    pushback: Really, why should I switch?\n", text)
    scenario = scenario_of(text)
    path = walk(scenario, [FAIL, PASS, FAIL, FAIL])
    assert [(step, r.branch, r.asked) for step, r in path] == [
        ("price", "pushback", "You are not listening, it costs too much."),
        ("price", "strong", None),
        ("pushback", "pushback", "Really, why should I switch?"),
        ("pushback", "lost", None),
    ]


def test_a_pushback_the_customer_never_says_is_an_error_on_its_line() -> None:
    text = edit("    customer_line: It is too expensive for us.\n", PUSHBACK)
    [(line, field, message)] = errors_of(text)
    assert (line, field) == (line_of(text, "pushback: You are not"), "steps[0].pushback")
    assert message.startswith("the customer never says this push-back: a weak answer goes to 'pushback'")


def test_a_critical_red_flag_loses_at_once_with_the_flags_reaction() -> None:
    text = edit("        penalty: 25\n", REACTION, WITH_ENDINGS)
    scenario = scenario_of(text)
    lost = reply(scenario, "price", Said(False, critical=True, flags=("Discount at once",)), weak_before=False)
    assert (lost.branch, lost.outcome, lost.reason, lost.next_step_id) == ("lost", "lost", "critical_red_flag", END)
    assert (lost.reaction, lost.closing) == ("So the price was padded all along.", "No, thank you. Goodbye.")
    company = reply(scenario, "price", Said(False, critical=True), weak_before=False)  # a company stop phrase
    assert (company.outcome, company.reaction) == ("lost", None)


def test_a_non_critical_flags_reaction_names_what_was_said_before_the_push_back() -> None:
    text = edit("        penalty: 25\n", "        penalty: 25\n        reaction: A discount, just like that?\n")
    discount = Said(False, flags=("Discount at once",))
    to_step = reply(scenario_of(text), "price", discount, weak_before=False)  # follow_ups.weak: pushback
    assert (to_step.branch, to_step.next_step_id, to_step.reaction) == (
        "weak",
        "pushback",
        "A discount, just like that?",
    )
    same_step = scenario_of(edit("      strong: close\n      weak: pushback\n", "      strong: pushback\n", text))
    again = reply(same_step, "price", discount, weak_before=False)
    assert (again.branch, again.next_step_id, again.asked) == ("pushback", "price", "A discount, just like that?")
    other = reply(same_step, "close", discount, weak_before=False)  # the flag is price's, not close's
    assert other.asked == STANDARD_PUSHBACK["en"]


def test_a_strong_answer_that_loops_back_to_its_own_step_is_an_error() -> None:
    text = edit("      strong: close\n      weak: pushback\n", "      strong: price\n      weak: pushback\n")
    errors = errors_of(text)
    assert (errors[0][0], errors[0][1]) == (line_of(text, "strong: price"), "steps[0].follow_ups.strong")
    assert "(price → price)" in errors[0][2]


def test_the_same_answers_always_take_the_same_path() -> None:
    scenario = scenario_of(WITH_ENDINGS)
    for answers in itertools.product([PASS, FAIL, Said(False, critical=True)], repeat=4):
        assert walk(scenario, answers) == walk(scenario, answers)


def test_the_new_fields_round_trip_through_yaml_and_json() -> None:
    text = edit("        penalty: 25\n", REACTION, edit("steps:\n", ENDINGS))
    text = edit("  - id: close\n", "  - id: close\n    pushback: Thinking is free, you know.\n", text)
    scenario = scenario_of(edit("      strong: close\n      weak: pushback\n", "      strong: pushback\n", text))
    assert scenario.steps[0].follow_ups is not None
    assert scenario.steps[0].follow_ups.weak is None
    for fmt in ("yaml", "json"):
        loaded, errors = load_text(dump(scenario, fmt), f"{NAME}.{fmt}")
        assert errors == []
        assert loaded == scenario
    assert scenario.step("close").pushback == "Thinking is free, you know."
    assert scenario.steps[0].red_flags[0].reaction == "So the price was padded all along."
    assert scenario.endings is not None
    assert scenario.endings.lost == "No, thank you. Goodbye."


@pytest.mark.parametrize("start", ["price", "pushback", "close"])
def test_every_path_ends_within_the_bound(start: str) -> None:
    scenario = scenario_of(WITH_ENDINGS)
    bound = longest_drill(scenario)
    for answers in itertools.product([PASS, FAIL], repeat=bound + 1):
        path = walk(scenario, answers, start=start)
        assert len(path) <= bound
        assert path[-1][1].next_step_id == END
        assert path[-1][1].outcome in ("won", "lost")


def test_weak_branches_back_to_the_start_still_end_within_the_bound() -> None:
    steps = [
        {
            "id": f"s{i}",
            "category": "price",
            "customer_line": f"Objection {i}.",
            "references": ["A good answer.", "Another good answer."],
            **({"follow_ups": {"strong": f"s{i + 1}" if i < 4 else END, "weak": "s0"}} if i else {}),
        }
        for i in range(5)
    ]
    scenario = Scenario.model_validate(
        {"id": "back", "title": "Back", "language": "en", "context": "C.", "persona": PERSONA, "steps": steps}
    )
    bound = longest_drill(scenario)
    assert len(scenario.steps) * 2 < bound < (len(scenario.steps) + 2) ** 2  # longer than a chain, still bounded
    rng = random.Random(11)
    for _ in range(2000):
        path = walk(scenario, [Said(rng.random() < 0.6) for _ in range(bound + 1)])
        assert len(path) <= bound
        assert path[-1][1].outcome in ("won", "lost")
