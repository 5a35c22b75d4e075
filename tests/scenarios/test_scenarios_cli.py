"""`parry scenarios validate` and `parry scenarios export`, run through the real command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scenario_builders import VALID, as_json, edit, line_of, write
from typer.testing import CliRunner

from api.cli import app
from scenarios.loader import builtin_library, load_paths

runner = CliRunner()


def squeezed(text: str) -> str:
    """Console output without any whitespace, so that rich's line wrapping does not matter."""
    return "".join(text.split())


def test_validate_the_built_in_library_exits_0_with_counts_per_language() -> None:
    result = runner.invoke(app, ["scenarios", "validate", "--json", str(builtin_library())])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["valid"] is True
    assert summary["errors"] == []
    assert summary["files_with_errors"] == 0
    library = load_paths([builtin_library()]).scenarios
    for language in ("ru", "en"):
        mine = [s for s in library if s.language == language]
        steps = [st for s in mine for st in s.steps]
        assert summary["per_language"][language] == {
            "scenarios": len(mine),
            "steps": len(steps),
            "references": sum(len(st.references) for st in steps),
            "key_points": sum(len(st.key_points) for st in steps),
            "red_flags": sum(len(st.red_flags) for st in steps),
            "graded_samples": sum(len(st.samples) for st in steps),
            "branching_scenarios": sum(any(st.follow_ups for st in s.steps) for s in mine),
        }
    assert sum(summary["categories"].values()) == sum(len(s.steps) for s in library)


def test_validate_counts_a_small_folder_by_hand(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    write(
        tmp_path, "b.json", as_json(edit("id: test-price", "id: test-price-ru", edit("language: en", "language: ru")))
    )
    result = runner.invoke(app, ["scenarios", "validate", "--json", str(tmp_path)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    one_file = {
        "scenarios": 1,
        "steps": 3,
        "references": 7,
        "key_points": 2,
        "red_flags": 2,
        "graded_samples": 2,
        "branching_scenarios": 1,
    }
    assert summary["per_language"] == {"en": one_file, "ru": one_file}
    assert summary["categories"] == {"competitor": 2, "price": 2, "think_about_it": 2}


def test_validate_exits_1_and_lists_the_errors_when_a_file_is_bad(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    bad = write(tmp_path, "b.yaml", edit("language: en", "language: de"))
    binary = write(tmp_path, "c.yaml", b"\x00\x01\x02")
    result = runner.invoke(app, ["scenarios", "validate", "--json", str(tmp_path)])
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["valid"] is False
    assert summary["files_with_errors"] == 2
    assert summary["per_language"]["en"]["scenarios"] == 1
    assert [(e["file"], e["line"], e["field"]) for e in summary["errors"]] == [
        (str(bad), 3, "language"),
        (str(binary), None, None),
    ]


def test_validate_prints_readable_errors_by_default(tmp_path: Path) -> None:
    text = edit("grade: 90", "grade: 150")
    bad = write(tmp_path, "b.yaml", text)
    result = runner.invoke(app, ["scenarios", "validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:{line_of(text, 'grade: 150')}:steps[0].samples[0].grade:mustbeatmost100" in squeezed(result.stderr)
    assert "0 valid scenario(s)" in result.stdout
    assert "1 error(s)" in result.stdout


def test_validate_a_missing_path_exits_1(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scenarios", "validate", str(tmp_path / "nowhere.yaml")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'nowhere.yaml'}:nosuchfileorfolder" in squeezed(result.stderr)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_writes_files_that_load_back_to_the_same_library(tmp_path: Path, fmt: str) -> None:
    result = runner.invoke(app, ["scenarios", "export", "--out", str(tmp_path), "--format", fmt])
    assert result.exit_code == 0, result.output
    original = load_paths([builtin_library()]).scenarios
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{s.id}.{fmt}" for s in original)
    exported = load_paths([tmp_path])
    assert exported.ok, exported.errors
    assert sorted(exported.scenarios, key=lambda s: s.id) == sorted(original, key=lambda s: s.id)


def test_export_refuses_an_unknown_format(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scenarios", "export", "--out", str(tmp_path), "--format", "xml"])
    assert result.exit_code == 2
    assert "yaml or json" in result.stderr
    assert list(tmp_path.iterdir()) == []
