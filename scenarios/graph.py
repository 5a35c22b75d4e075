"""Checks across steps: ids, follow-up links, reachability, and no loop of strong answers (so every drill ends)."""

from __future__ import annotations

from collections import Counter

from scenarios.messages import Problem
from scenarios.schema import END, Scenario


def check_graph(scenario: Scenario) -> list[Problem]:
    """Problems with the shape of the conversation, each with the path of the field to fix."""
    ids = [step.id for step in scenario.steps]
    problems: list[Problem] = []
    counts = Counter(ids)
    for index, step_id in enumerate(ids):
        if step_id == END:
            problems.append(Problem(("steps", index, "id"), "end_reserved"))
        elif counts[step_id] > 1 and ids.index(step_id) != index:
            problems.append(Problem(("steps", index, "id"), "step_id_twice", {"id": step_id}))
    for index, step in enumerate(scenario.steps):
        for number, sample in enumerate(step.samples):
            for position, point in enumerate(sample.covers or []):
                where = ("steps", index, "samples", number, "covers", position)
                if point > len(step.key_points):
                    problems.append(
                        Problem(where, "key_point_missing", {"point": point, "count": len(step.key_points)})
                    )
                elif (sample.covers or []).index(point) != position:
                    problems.append(Problem(where, "key_point_twice", {"point": point}))
        problems += _links(scenario, index, ids)
    if scenario.closing_line is not None and scenario.endings is not None and scenario.endings.won is not None:
        problems.append(Problem(("closing_line",), "closing_line_twice"))
    if problems:
        return problems
    return _reachability(scenario) + _strong_loops(scenario)


def _links(scenario: Scenario, index: int, ids: list[str]) -> list[Problem]:
    """Follow-ups that point nowhere, and a push-back the customer never says."""
    step, problems = scenario.steps[index], list[Problem]()
    if step.follow_ups is None:
        return problems
    for branch in ("strong", "weak"):
        target = getattr(step.follow_ups, branch)
        if target is not None and target != END and target not in ids:
            where = ("steps", index, "follow_ups", branch)
            problems.append(Problem(where, "unknown_step", {"target": target, "ids": ", ".join(ids)}))
    weak = step.follow_ups.weak
    if step.pushback is not None and weak is not None and weak != step.id:
        problems.append(Problem(("steps", index, "pushback"), "pushback_unused", {"target": weak}))
    return problems


def successors(scenario: Scenario, step_id: str) -> set[str]:
    """Steps (or END) that can follow `step_id`."""
    return {scenario.next_step_id(step_id, strong=True), scenario.next_step_id(step_id, strong=False)}


def _reachability(scenario: Scenario) -> list[Problem]:
    index_of = {step.id: i for i, step in enumerate(scenario.steps)}
    reached, frontier = {scenario.steps[0].id}, [scenario.steps[0].id]
    while frontier:
        for nxt in successors(scenario, frontier.pop()) - reached - {END}:
            reached.add(nxt)
            frontier.append(nxt)
    problems: list[Problem] = [
        Problem(("steps", index_of[s.id], "id"), "unreachable", {"id": s.id})
        for s in scenario.steps
        if s.id not in reached
    ]
    return problems


def _strong_loops(scenario: Scenario) -> list[Problem]:
    """Steps on a loop of strong branches: a rep who answers well would go round it for ever. (Weak answers cannot
    loop: the second weak answer on a step loses the conversation, scenarios/conversation.py.)"""
    index_of = {step.id: i for i, step in enumerate(scenario.steps)}
    problems: list[Problem] = []
    for step in scenario.steps:
        loop = _strong_path_back(scenario, step.id)
        if loop is not None:
            where = ("steps", index_of[step.id], "follow_ups", "strong")
            problems.append(Problem(where, "strong_loop", {"path": " → ".join(loop)}))
    return problems


def _strong_path_back(scenario: Scenario, start: str) -> list[str] | None:
    """The strong branches from `start` back to it (the ids along the way), or None when they never come back."""
    path, step_id, seen = [start], scenario.next_step_id(start, strong=True), {start}
    while step_id != END:
        path.append(step_id)
        if step_id == start:
            return path
        if step_id in seen:
            return None  # a loop that `start` only leads into: reported for the steps on it
        seen.add(step_id)
        step_id = scenario.next_step_id(step_id, strong=True)
    return None
