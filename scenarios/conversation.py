"""How a drill moves: the customer's reply to each answer, and the outcome, won or lost, that ends every drill.

The rules (docs/authoring.md, "How the conversation reacts"), for an answer to the step on screen:

1. a critical red flag (the step's, a company stop phrase, the tone check): **lost** at once;
2. a passed answer: `follow_ups.strong`, else the next step in the list; past the last step, **won**;
3. a weak answer, the second weak one on this step: **lost**;
4. a weak answer: `follow_ups.weak` when it names another step (`end`: **lost**); otherwise the customer pushes
   back (the flag's `reaction`, the step's `pushback`, or a standard line) and the rep answers the step again.

Every drill ends: a step gives at most one weak answer without losing (so at most n + 1 weak answers on n steps), and
strong answers cannot go round in a loop (the validator refuses that, `scenarios.graph`), so between two weak answers
at most n pass: fewer than (n + 2)² answers in all (`longest_drill` gives the exact figure).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from scenarios.schema import END, Scenario, Step

Outcome = Literal["won", "lost"]
Branch = Literal["strong", "in_order", "weak", "pushback", "lost"]
EndReason = Literal["handled", "critical_red_flag", "second_weak_answer", "weak_branch_ended"]

STANDARD_PUSHBACK = {
    "ru": "Что-то вы меня не убедили. Объясните ещё раз: зачем мне это?",
    "en": "I'm not convinced. Tell me again why this should matter to me.",
}
"""The push-back of a step that has no `pushback` of its own."""

STANDARD_ENDINGS = {
    "won": {"ru": "Хорошо, договорились. Давайте так и сделаем.", "en": "All right, you've got a deal. Let's do that."},
    "lost": {
        "ru": "Нет, давайте на этом закончим. Если понадобится, я сам позвоню.",
        "en": "No, let's leave it there. If we need anything, I'll call you.",
    },
}
"""The last words of a scenario that gives none for an outcome (a file with only `closing_line` has a won one)."""


@dataclass(frozen=True)
class Said:
    """What the scorer found in an answer, as far as the conversation cares."""

    passed: bool
    critical: bool = False
    flags: tuple[str, ...] = ()  # labels of the step's own red flags found in the answer


@dataclass(frozen=True)
class Reply:
    """The customer's reply to one answer: where the conversation goes and what the customer says first."""

    branch: Branch
    next_step_id: str  # a step id (the same step after a push-back), or END
    reaction: str | None  # said first, naming what the rep said (a red flag's `reaction`)
    asked: str | None  # the push-back that asks the same step again; None: the next step's own customer line
    closing: str | None  # the customer's last words when the conversation ends
    outcome: Outcome | None
    reason: EndReason | None


def ending_line(scenario: Scenario, outcome: Outcome) -> str:
    """The customer's last words for an outcome: the file's, else the standard ones in its language."""
    return scenario.ending(outcome) or STANDARD_ENDINGS[outcome][scenario.language]


def reply(scenario: Scenario, step_id: str, said: Said, *, weak_before: bool) -> Reply:
    """The customer's reply to an answer to `step_id`; `weak_before`: this drill had a weak answer on the step."""
    step = scenario.step(step_id)
    reaction = _reaction(step, said)
    if said.critical:
        return _end(scenario, "lost", "critical_red_flag", "lost", reaction)
    if said.passed:
        target = scenario.next_step_id(step_id, strong=True)
        branch: Branch = "strong" if step.follow_ups is not None else "in_order"
        if target == END:
            return _end(scenario, "won", "handled", branch, None)
        return Reply(branch, target, None, None, None, None, None)
    if weak_before:
        return _end(scenario, "lost", "second_weak_answer", "lost", reaction)
    target = scenario.next_step_id(step_id, strong=False)
    if target == END:
        return _end(scenario, "lost", "weak_branch_ended", "weak", reaction)
    if target != step_id:
        return Reply("weak", target, reaction, None, None, None, None)
    asked = reaction or step.pushback or STANDARD_PUSHBACK[scenario.language]
    return Reply("pushback", step_id, None, asked, None, None, None)


def walk(scenario: Scenario, answers: Iterable[Said], *, start: str | None = None) -> list[tuple[str, Reply]]:
    """The path a run of answers takes from `start` (the first step): (step answered, reply) for each answer given
    until the conversation ends; answers left over are not used."""
    step_id, weak, path = start or scenario.steps[0].id, set[str](), list[tuple[str, Reply]]()
    for said in answers:
        answer = reply(scenario, step_id, said, weak_before=step_id in weak)
        path.append((step_id, answer))
        if not said.passed:
            weak.add(step_id)
        if answer.next_step_id == END:
            break
        step_id = answer.next_step_id
    return path


def longest_drill(scenario: Scenario) -> int:
    """The most answers any drill on this scenario can take before it ends, from any step it may open at (today's
    drill opens a scenario at any step). Needs a validated scenario: strong answers never loop."""

    @cache
    def most(step_id: str, weak: frozenset[str]) -> int:
        passed = reply(scenario, step_id, Said(True), weak_before=step_id in weak).next_step_id
        failed = reply(scenario, step_id, Said(False), weak_before=step_id in weak).next_step_id
        after_pass = 0 if passed == END else most(passed, weak)
        after_fail = 0 if failed == END else most(failed, weak | {step_id})
        return 1 + max(after_pass, after_fail)

    return max(most(step.id, frozenset()) for step in scenario.steps)


def _reaction(step: Step, said: Said) -> str | None:
    """The reaction of the first red flag found that has one, critical flags first."""
    if said.passed:
        return None
    found = [f for f in step.red_flags if f.label in said.flags and f.reaction]
    found.sort(key=lambda f: not f.critical)
    return found[0].reaction if found else None


def _end(scenario: Scenario, outcome: Outcome, reason: EndReason, branch: Branch, reaction: str | None) -> Reply:
    return Reply(branch, END, reaction, None, ending_line(scenario, outcome), outcome, reason)
