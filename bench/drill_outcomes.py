"""Drill every built-in scenario three ways and say how each conversation ends: with the step's own reference
answers, with a discount at every step, and with an empty answer at every step. The real scorer with the stop
phrases a new Parry ships, and the same rules as the API (scenarios/conversation.py); tests/api/test_drill_outcomes.py
checks the same through the API.

Run: .venv/bin/python bench/drill_outcomes.py [--update-doc docs/authoring.md]
"""

from __future__ import annotations

import argparse
import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

from scenarios.conversation import Reply, reply
from scenarios.convert import said, step_spec
from scenarios.loader import builtin_library, load_paths
from scenarios.schema import END, Scenario, Step
from scoring.encoder import load_encoder
from scoring.scorer import Scorer
from scoring.stop_phrases import default_stop_phrases

START, STOP = "<!-- parry-drill-outcomes:start -->", "<!-- parry-drill-outcomes:stop -->"
DISCOUNT = {
    "ru": "Хорошо, могу дать скидку 20%, если подпишем договор сегодня.",
    "en": "OK, I can give you a 20% discount if we sign today.",
}
EMPTY = {"ru": "Нет.", "en": "No."}
WAYS: dict[str, Callable[[Scenario, Step, int], str]] = {
    "references": lambda scenario, step, n: step.references[n % len(step.references)],
    "discount": lambda scenario, step, n: DISCOUNT[scenario.language],
    "empty": lambda scenario, step, n: EMPTY[scenario.language],
}


@dataclasses.dataclass
class Run:
    scenario: str
    way: str
    path: list[tuple[str, int, str]]  # step, score, branch
    last: Reply


def drill(
    scorer: Scorer, scenario: Scenario, answer: Callable[[Scenario, Step, int], str]
) -> tuple[list[tuple[str, int, str]], Reply]:
    """The answers a drill takes (step, score, branch) and the customer's last reply."""
    step_id, weak, seen = scenario.steps[0].id, set[str](), dict[str, int]()
    path: list[tuple[str, int, str]] = []
    while True:
        step = scenario.step(step_id)
        spec = dataclasses.replace(step_spec(scenario, step), stop_phrases=default_stop_phrases())
        result = scorer.score(spec, answer(scenario, step, seen.get(step_id, 0)))
        seen[step_id] = seen.get(step_id, 0) + 1
        answered = reply(scenario, step_id, said(result), weak_before=step_id in weak)
        path.append((step_id, result.score, answered.branch))
        if not result.passed:
            weak.add(step_id)
        if answered.next_step_id == END:
            return path, answered
        step_id = answered.next_step_id


def table(runs: list[Run]) -> str:
    """The results as a Markdown table and a line of totals."""
    rows = ["| scenario | answered with | answers (step score, branch) | outcome | the customer's last words |"]
    rows.append("|---|---|---|---|---|")
    for run in runs:
        steps = " → ".join(f"{step} {score} {branch}" for step, score, branch in run.path)
        words = " ".join(filter(None, [run.last.reaction, run.last.closing]))
        rows.append(f"| {run.scenario} | {run.way} | {steps} | **{run.last.outcome}** | {words} |")
    won = {r.scenario for r in runs if r.way == "references" and r.last.outcome == "won"}
    lost = {w: sum(r.way == w and r.last.outcome == "lost" for r in runs) for w in ("discount", "empty")}
    won_words = {r.last.closing for r in runs if r.way == "references"}
    shared = won_words & {r.last.closing for r in runs if r.way != "references"}
    scenarios = len({r.scenario for r in runs})
    totals = (
        f"Won with their references: {len(won)} of {scenarios}. Lost with a discount at every step: "
        f"{lost['discount']} of {scenarios}; with an empty answer at every step: {lost['empty']} of {scenarios}. "
        f"Different last words when won: {len(won_words)}; closing lines said both when won and when "
        f"lost: {len(shared)}."
    )
    return "\n".join(rows) + "\n\n" + totals + "\n"


def main() -> None:
    """Drill, print the table, and write it into the docs when asked."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update-doc", type=Path)
    args = parser.parse_args()
    scorer = Scorer(load_encoder())
    library = load_paths([builtin_library()])
    runs = [
        Run(scenario.id, way, *drill(scorer, scenario, answer))
        for scenario in sorted(library.scenarios, key=lambda s: s.id)
        for way, answer in WAYS.items()
    ]
    text = table(runs)
    print(text)
    if args.update_doc:
        doc = args.update_doc.read_text(encoding="utf-8")
        block = f"{START}\n{text}{STOP}"
        doc, done = re.subn(re.escape(START) + r".*?" + re.escape(STOP), lambda _: block, doc, flags=re.S)
        if not done:
            raise SystemExit(f"{args.update_doc} has no {START} … {STOP} block")
        args.update_doc.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    main()
