"""The built-in library: every shipped file is valid, the library is big enough, and it round-trips."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest

from scenarios.conversation import Said, longest_drill, walk
from scenarios.loader import builtin_library, dump, iter_files, load_file, load_paths, load_text
from scenarios.schema import CATEGORIES, END, Scenario, Step

SHIPPED = sorted(iter_files([builtin_library()]))
LIBRARY = load_paths([builtin_library()])
SCENARIOS = {s.id: s for s in LIBRARY.scenarios}


def test_the_library_ships_files() -> None:
    assert len(SHIPPED) >= 12
    assert {p.parent.name for p in SHIPPED} == {"ru", "en"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_file_loads_and_validates(path: Path) -> None:
    scenario, errors = load_file(path)
    assert errors == []
    assert scenario is not None
    assert scenario.language == path.parent.name
    assert path.stem == scenario.id


def test_the_library_loads_as_a_whole_without_errors() -> None:
    assert LIBRARY.ok, [str(e) for e in LIBRARY.errors]
    assert len(SCENARIOS) == len(LIBRARY.scenarios) == len(SHIPPED)


def test_the_library_has_enough_scenarios_and_steps_in_each_language() -> None:
    per_language = Counter(s.language for s in LIBRARY.scenarios)
    assert len(LIBRARY.scenarios) >= 12
    assert per_language["ru"] >= 6
    assert per_language["en"] >= 6
    assert sum(len(s.steps) for s in LIBRARY.scenarios) >= 48


def test_the_library_covers_every_category() -> None:
    used = {step.category for s in LIBRARY.scenarios for step in s.steps}
    assert used >= set(CATEGORIES) - {"custom"}
    for language in ("ru", "en"):
        in_language = {st.category for s in LIBRARY.scenarios if s.language == language for st in s.steps}
        assert len(in_language) >= 6, (language, in_language)


STEPS = {f"{s.id}/{step.id}": step for s in LIBRARY.scenarios for step in s.steps}


@pytest.mark.parametrize("step", list(STEPS.values()), ids=list(STEPS))
def test_every_step_is_complete(step: Step) -> None:
    assert len(step.references) >= 3
    assert len(set(step.references)) == len(step.references)
    assert len(step.key_points) >= 3
    assert len(step.red_flags) >= 2
    assert len(step.hints) >= 1
    assert len(step.samples) >= 4
    grades = [s.grade for s in step.samples]
    assert max(grades) >= 80, "a strong sample"
    assert min(grades) <= 20, "a weak or off-topic sample"
    assert len(set(grades)) >= 3, "samples span strong, partial and weak"


@pytest.mark.parametrize("scenario", LIBRARY.scenarios, ids=lambda s: s.id)
def test_every_scenario_branches_and_every_step_pushes_back(scenario: Scenario) -> None:
    def weak_step(step: Step) -> str | None:
        weak = step.follow_ups.weak if step.follow_ups else None
        return weak if weak not in (None, step.id, END) else None

    assert any(weak_step(step) is not None for step in scenario.steps), "a weak answer leads to a push-back step"
    for step in scenario.steps:  # the step's own push-back, or a push-back step
        assert step.pushback is not None or weak_step(step) is not None, step.id
        assert step.pushback != step.customer_line
        for flag in step.red_flags:
            assert flag.reaction is not None or not flag.critical, f"{step.id}: {flag.label} loses, say why"


@pytest.mark.parametrize("scenario", LIBRARY.scenarios, ids=lambda s: s.id)
def test_every_scenario_ends_won_or_lost_in_the_customers_words(scenario: Scenario) -> None:
    assert scenario.closing_line is None
    assert scenario.endings is not None
    assert scenario.endings.won
    assert scenario.endings.lost
    assert scenario.endings.won != scenario.endings.lost
    assert walk(scenario, [Said(True)] * 20)[-1][1].outcome == "won"
    assert walk(scenario, [Said(False)] * 20)[-1][1].outcome == "lost"
    assert [r.outcome for _, r in walk(scenario, [Said(False, critical=True)])] == ["lost"]


@pytest.mark.parametrize("scenario", LIBRARY.scenarios, ids=lambda s: s.id)
def test_every_path_through_a_library_scenario_ends(scenario: Scenario) -> None:
    bound = longest_drill(scenario)
    assert bound <= 2 * len(scenario.steps) + 1
    for start in [step.id for step in scenario.steps]:
        for answers in itertools.product([Said(True), Said(False)], repeat=bound + 1):
            path = walk(scenario, answers, start=start)
            assert len(path) <= bound
            assert path[-1][1].outcome in ("won", "lost")


def test_the_new_push_back_steps_have_graded_samples_with_covers() -> None:
    for step in STEPS.values():
        assert all(sample.covers is not None for sample in step.samples), "covers labels on every sample"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_export_then_import_gives_back_the_same_scenario(scenario_id: str, fmt: str) -> None:
    original = SCENARIOS[scenario_id]
    text = dump(original, fmt)
    loaded, errors = load_text(text, f"{scenario_id}.{fmt}")
    assert errors == []
    assert loaded == original
    assert dump(loaded, fmt) == text  # and exporting again changes nothing


def test_export_refuses_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        dump(next(iter(SCENARIOS.values())), "xml")
