"""The speech model folder: joined from the two packages once, atomically, verified by sha256."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.model_cache import MANIFEST, sha256
from voice import model
from voice.model import MODEL_SHA256, SpeechModelUnavailableError, ensure_speech_model, verified


def test_the_model_folder_is_built_once_into_the_cache_and_verified(tmp_path: Path) -> None:
    folder = ensure_speech_model(tmp_path)
    assert folder == tmp_path / model.FOLDER_NAME
    assert sha256(folder / "model.bin") == MODEL_SHA256
    assert {p.name for p in folder.iterdir()} == {"model.bin", *model.SIDE_FILES, MANIFEST}
    assert [p.name for p in tmp_path.iterdir()] == [model.FOLDER_NAME]  # no staging folder left behind
    built = (folder / "model.bin").stat().st_mtime_ns
    assert ensure_speech_model(tmp_path) == folder
    assert (folder / "model.bin").stat().st_mtime_ns == built  # not built again


def test_a_damaged_folder_is_built_again(tmp_path: Path) -> None:
    folder = ensure_speech_model(tmp_path)
    (folder / "tokenizer.json").write_text("{}")
    assert not verified(folder)
    assert verified(ensure_speech_model(tmp_path))


def test_parts_that_do_not_join_into_the_expected_model_are_refused_and_leave_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "model.bin.part1").write_bytes(b"not")
    (parts / "model.bin.part2").write_bytes(b" whisper")
    for name in model.SIDE_FILES:
        (parts / name).write_text("{}")
    monkeypatch.setattr(model, "part_folder", lambda package: parts)
    cache = tmp_path / "cache"
    with pytest.raises(SpeechModelUnavailableError, match="sha256"):
        ensure_speech_model(cache)
    assert list(cache.iterdir()) == []


def test_a_missing_part_package_says_what_to_install() -> None:
    with pytest.raises(SpeechModelUnavailableError, match=r"pip install no-such-part==1\.0\.0"):
        model.part_folder("no_such_part")
