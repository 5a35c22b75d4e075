"""Malformed files get a clear error within a second, and one bad file never stops the others loading."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest
from scenario_builders import VALID, as_json, edit, write

from scenarios.loader import MAX_DEPTH, MAX_FILE_BYTES, ScenarioError, load_file, load_paths

BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)),
        "id: *i",
        "",
    ]
)
RUSSIAN = edit("language: en", "language: ru", edit("title: Price objection, test edition", "title: Цена: «дорого»"))

MALFORMED: dict[str, tuple[str, bytes, str]] = {
    "binary": ("model.yaml", bytes(range(256)) * 64, "binary"),
    "10 MB": ("huge.yaml", b"# " + b"x" * (10 * 1024 * 1024) + b"\n", "limit"),
    "deeply nested YAML": ("deep.yaml", b"id: " + b"[" * 50_000 + b"]" * 50_000 + b"\n", f"deeper than {MAX_DEPTH}"),
    "deeply nested block YAML": (
        "deep-block.yaml",
        "".join(f"{'  ' * i}k{i}:\n" for i in range(200)).encode() + b"  " * 200 + b"v\n",
        f"deeper than {MAX_DEPTH}",
    ),
    "deeply nested JSON": ("deep.json", b"[" * 100_000 + b"]" * 100_000, "deeper than"),
    "billion laughs": ("laughs.yaml", BILLION_LAUGHS.encode(), "anchors and aliases"),
    "cp1251": ("cp1251.yaml", RUSSIAN.encode("cp1251"), "not valid UTF-8"),
    "utf-16": ("utf16.yaml", VALID.encode("utf-16"), "UTF-8"),  # a text file, so "save it as UTF-8", not "binary"
    "empty": ("empty.yaml", b"", "empty"),
    "a list, not a scenario": ("list.yaml", b"- a\n- b\n", "scenario"),
}


def load_timed(path: Path) -> tuple[list[ScenarioError], float]:
    start = time.perf_counter()
    scenario, errors = load_file(path)
    elapsed = time.perf_counter() - start
    assert scenario is None
    return errors, elapsed


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_file_gets_a_clear_error_within_a_second(tmp_path: Path, case: str) -> None:
    name, content, words = MALFORMED[case]
    path = write(tmp_path, name, content)
    errors, elapsed = load_timed(path)
    assert elapsed < 1.0
    assert errors, "a malformed file must give an error"
    assert all(e.file == str(path) for e in errors)
    assert any(words.lower() in e.message.lower() for e in errors), [e.message for e in errors]


def test_a_missing_or_unreadable_file_is_an_error_not_an_exception(tmp_path: Path) -> None:
    result = load_paths([tmp_path / "nowhere.yaml"])
    assert [(e.file, e.message) for e in result.errors] == [(str(tmp_path / "nowhere.yaml"), "no such file or folder")]
    folder_named_yaml = tmp_path / "folder.yaml"
    folder_named_yaml.mkdir()
    scenario, errors = load_file(folder_named_yaml)
    assert scenario is None
    assert "cannot read" in errors[0].message


def test_one_bad_file_never_stops_the_others_loading_nor_changes_any_file(tmp_path: Path) -> None:
    write(tmp_path, "a-good.yaml", VALID)
    write(tmp_path, "b-good.json", as_json(edit("id: test-price", "id: test-price-json")))
    write(tmp_path, "nested/c-good.yml", edit("id: test-price", "id: test-price-nested"))
    for name, content, _ in MALFORMED.values():
        write(tmp_path, f"bad/{name}", content)
    write(tmp_path, "bad/invalid-schema.yaml", edit("language: en", "language: de"))
    write(tmp_path, "notes.txt", "not a scenario file, not read")
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.rglob("*") if p.is_file()}

    start = time.perf_counter()
    result = load_paths([tmp_path])
    elapsed = time.perf_counter() - start

    assert sorted(s.id for s in result.scenarios) == ["test-price", "test-price-json", "test-price-nested"]
    bad_files = {Path(e.file).name for e in result.errors}
    assert bad_files == {name for name, _, _ in MALFORMED.values()} | {"invalid-schema.yaml"}
    assert not result.ok
    assert elapsed < 1.0 * (len(MALFORMED) + 4)
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before


def test_a_file_just_under_the_limit_is_still_read(tmp_path: Path) -> None:
    padding_lines = (MAX_FILE_BYTES - len(VALID.encode()) - 100) // 10
    path = write(tmp_path, "big.yaml", VALID + "# padding\n" * padding_lines)
    assert path.stat().st_size < MAX_FILE_BYTES
    scenario, errors = load_file(path)
    assert errors == []
    assert scenario is not None


def test_a_huge_list_just_under_the_size_limit_gets_an_error_within_a_second(tmp_path: Path) -> None:
    path = write(tmp_path, "list.yaml", "- x\n" * 240_000)
    assert path.stat().st_size < MAX_FILE_BYTES
    errors, elapsed = load_timed(path)
    assert errors
    assert elapsed < 1.0


def test_loading_never_writes_next_to_the_files(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    write(tmp_path, "b.yaml", b"\x00\x01")
    load_paths([tmp_path])
    assert sorted(os.listdir(tmp_path)) == ["a.yaml", "b.yaml"]
