"""Each kind of invalid scenario gives an error that names the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
from scenario_builders import VALID, as_json, edit, line_of, write

from scenarios.loader import MAX_FILE_BYTES, ScenarioError, load_file, load_paths, load_text

NAME = "price.yaml"


def only_error(text: str, name: str = NAME) -> ScenarioError:
    scenario, errors = load_text(text, name)
    assert scenario is None
    assert len(errors) == 1, errors
    assert errors[0].file == name
    return errors[0]


def test_the_valid_scenario_loads() -> None:
    scenario, errors = load_text(VALID, NAME)
    assert errors == []
    assert scenario is not None
    assert [s.id for s in scenario.steps] == ["price", "pushback", "close"]


def test_an_unknown_field() -> None:
    text = edit("    category: price\n", "    category: price\n    colour: red\n")
    error = only_error(text)
    assert (error.line, error.field) == (line_of(text, "colour: red"), "steps[0].colour")
    assert "unknown field" in error.message


def test_an_unknown_field_in_a_json_file() -> None:
    text = as_json(edit("pass_mark: 70\n", "pass_mark: 70\npassmark: 70\n"))
    error = only_error(text, "price.json")
    assert (error.line, error.field) == (line_of(text, '"passmark"'), "passmark")


def test_a_missing_text() -> None:
    text = edit("    customer_line: It is too expensive for us.\n", "")
    error = only_error(text)
    assert (error.line, error.field) == (line_of(text, "- id: price"), "steps[0].customer_line")
    assert "required" in error.message


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("customer_line: It is too expensive for us.", 'customer_line: ""', "steps[0].customer_line"),
        ("customer_line: It is too expensive for us.", 'customer_line: "   "', "steps[0].customer_line"),
        ("title: Price objection, test edition", "title: ''", "title"),
        ("- Could be. What exactly do they include for that price?", '- ""', "steps[1].references[0]"),
    ],
)
def test_an_empty_text(old: str, new: str, field: str) -> None:
    text = edit(old, new)
    error = only_error(text)
    assert (error.line, error.field) == (line_of(text, new), field)
    assert "must not be empty" in error.message


def test_fewer_than_two_references() -> None:
    text = edit("      - Fair point, budget matters. Let me work out the payback on your numbers.\n", "")
    error = only_error(text)
    assert (error.line, error.field) == (line_of(text, "references:"), "steps[0].references")
    assert "at least two reference answers" in error.message


def test_a_follow_up_that_points_to_no_step() -> None:
    text = edit("weak: pushback", "weak: push-back")
    error = only_error(text)
    assert (error.line, error.field) == (line_of(text, "weak: push-back"), "steps[0].follow_ups.weak")
    assert "'push-back'" in error.message


def test_a_sample_that_covers_a_key_point_the_step_does_not_have() -> None:
    text = edit("        grade: 90\n", "        grade: 90\n        covers: [1, 3]\n")
    error = only_error(text)
    assert (error.line, error.field) == (line_of(text, "covers: [1, 3]"), "steps[0].samples[0].covers[1]")
    assert error.message == "key point 3 does not exist: this step has 2"


def test_a_sample_that_lists_a_key_point_twice() -> None:
    text = edit("        grade: 20\n", "        grade: 20\n        covers:\n          - 2\n          - 2\n")
    error = only_error(text)
    assert (error.line, error.field) == (line_of(text, "covers:") + 2, "steps[0].samples[1].covers[1]")
    assert error.message == "key point 2 is listed twice"


def test_labels_of_covered_key_points_reach_the_scorer() -> None:
    from scenarios.convert import step_spec

    text = edit("        grade: 90\n", "        grade: 90\n        covers: [2, 1]\n")
    scenario, errors = load_text(text, NAME)
    assert errors == []
    assert scenario is not None
    samples = step_spec(scenario, scenario.steps[0]).samples
    assert [s.covers for s in samples] == [(2, 1), None]


def test_a_step_no_path_reaches() -> None:
    text = edit("weak: pushback", "weak: close")
    error = only_error(text)
    assert (error.line, error.field) == (line_of(text, "- id: pushback"), "steps[1].id")
    assert "no path" in error.message


def test_a_loop_of_strong_answers() -> None:
    text = edit("      weak: end\n", "      weak: price\n")
    text = edit("      - Sure. Shall we pencil in a call on Thursday to decide?\n", "", text)
    text += "      - Sure. Shall we pencil in a call on Thursday?\n"
    text += "    follow_ups:\n      strong: price\n      weak: pushback\n"
    scenario, errors = load_text(text, NAME)
    assert scenario is None
    expected = [(line_of(text, "strong: close"), "steps[0].follow_ups.strong")]
    expected += [(line_of(text, "strong: price"), "steps[2].follow_ups.strong")]
    assert [(e.line, e.field) for e in errors] == expected
    assert errors[0].message.startswith("strong answers go round in a loop (price → close → price)")
    assert errors[1].message.startswith("strong answers go round in a loop (close → price → close)")


def test_duplicate_step_ids() -> None:
    text = edit("- id: pushback", "- id: close", edit("weak: pushback", "weak: close"))
    error = only_error(text)
    assert (error.line, error.field) == (line_of(text, "- id: close", 2), "steps[2].id")
    assert "'close' is used twice" in error.message


def test_duplicate_scenario_ids_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", VALID)
    second = write(tmp_path, "b.yaml", edit("title: Price objection, test edition", "title: Another"))
    result = load_paths([tmp_path])
    assert [s.title for s in result.scenarios] == ["Price objection, test edition"]
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.file, error.line, error.field) == (str(second), 1, "id")
    assert str(first) in error.message


def test_an_unknown_language() -> None:
    text = edit("language: en", "language: de")
    error = only_error(text)
    assert (error.line, error.field) == (line_of(text, "language: de"), "language")
    assert "'de'" in error.message
    assert "'ru'" in error.message


def test_an_unknown_category() -> None:
    text = edit("category: competitor", "category: weather")
    error = only_error(text)
    assert (error.line, error.field) == (line_of(text, "category: weather"), "steps[1].category")
    assert "'weather'" in error.message
    assert "'price'" in error.message


@pytest.mark.parametrize(("grade", "message"), [("150", "at most 100"), ("-5", "at least 0")])
def test_a_grade_outside_0_to_100(grade: str, message: str) -> None:
    text = edit("grade: 90", f"grade: {grade}")
    error = only_error(text)
    assert (error.line, error.field) == (line_of(text, f"grade: {grade}"), "steps[0].samples[0].grade")
    assert message in error.message


def test_a_file_over_the_size_limit(tmp_path: Path) -> None:
    padding = "# padding\n" * (MAX_FILE_BYTES // 10 + 1)
    path = write(tmp_path, NAME, VALID + padding)
    scenario, errors = load_file(path)
    assert scenario is None
    assert [(e.file, e.line, e.field) for e in errors] == [(str(path), None, None)]
    assert f"{MAX_FILE_BYTES:,}" in errors[0].message


def test_invalid_yaml() -> None:
    text = edit("title: Price objection, test edition", "title: Price objection: test edition")
    error = only_error(text)
    assert (error.line, error.field) == (line_of(text, "title:"), None)
    assert "invalid YAML" in error.message


def test_invalid_json() -> None:
    text = as_json(VALID).replace('"language": "en",', '"language": "en"', 1)
    error = only_error(text, "price.json")
    assert error.line == line_of(text, '"context"')
    assert "invalid JSON" in error.message


def test_an_error_reads_as_file_line_field_and_message() -> None:
    text = edit("language: en", "language: de")
    error = only_error(text)
    assert str(error) == f"{NAME}:{error.line}: language: {error.message}"
