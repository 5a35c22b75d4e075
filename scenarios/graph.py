"""Checks across steps: ids, follow-up links, reachability and an end to every conversation."""

from __future__ import annotations

from collections import Counter

from scenarios.schema import END, Scenario

Problem = tuple[tuple[str | int, ...], str]


def check_graph(scenario: Scenario) -> list[Problem]:
    """Problems with the shape of the conversation, each with the path of the field to fix."""
    ids = [step.id for step in scenario.steps]
    problems: list[Problem] = []
    counts = Counter(ids)
    for index, step_id in enumerate(ids):
        if step_id == END:
            problems.append((("steps", index, "id"), f"`{END}` is reserved for closing the conversation"))
        elif counts[step_id] > 1 and ids.index(step_id) != index:
            problems.append((("steps", index, "id"), f"step id {step_id!r} is used twice in this scenario"))
    for index, step in enumerate(scenario.steps):
        for number, sample in enumerate(step.samples):
            for position, point in enumerate(sample.covers or []):
                where = ("steps", index, "samples", number, "covers", position)
                if point > len(step.key_points):
                    problems.append((where, f"key point {point} does not exist: this step has {len(step.key_points)}"))
                elif (sample.covers or []).index(point) != position:
                    problems.append((where, f"key point {point} is listed twice"))
        if step.follow_ups is None:
            continue
        for branch in ("strong", "weak"):
            target = getattr(step.follow_ups, branch)
            if target != END and target not in counts:
                problems.append(
                    (
                        ("steps", index, "follow_ups", branch),
                        f"points to step {target!r}, which this scenario does not have "
                        f"(step ids: {', '.join(ids)}; or `{END}`)",
                    )
                )
    if problems:
        return problems
    return _reachability(scenario)


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
        (("steps", index_of[s.id], "id"), f"no path from the first step reaches step {s.id!r}: link it in follow_ups")
        for s in scenario.steps
        if s.id not in reached
    ]
    ends = {END}
    changed = True
    while changed:
        changed = False
        for step in scenario.steps:
            if step.id not in ends and successors(scenario, step.id) & ends:
                ends.add(step.id)
                changed = True
    problems += [
        (
            ("steps", index_of[s.id], "follow_ups"),
            f"the conversation has no end from step {s.id!r}: every path loops; send a branch to `{END}`",
        )
        for s in scenario.steps
        if s.id in reached and s.id not in ends
    ]
    return problems
