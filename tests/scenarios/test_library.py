"""The built-in library: every shipped file is valid, the library is big enough, and it round-trips."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from scenarios.loader import builtin_library, dump, iter_files, load_file, load_paths, load_text
from scenarios.schema import CATEGORIES, Scenario, Step

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


def test_at_least_half_the_scenarios_branch() -> None:
    def branches(scenario: Scenario) -> bool:
        return any(st.follow_ups is not None and st.follow_ups.strong != st.follow_ups.weak for st in scenario.steps)

    branching = [s.id for s in LIBRARY.scenarios if branches(s)]
    assert 2 * len(branching) >= len(LIBRARY.scenarios)


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
