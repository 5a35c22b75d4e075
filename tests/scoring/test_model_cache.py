"""The model-cache helpers both model builds share: a manifest of sha256s checked before use, an atomic build."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from scoring.model_cache import MANIFEST, build_into, sha256, verified, write_manifest

HEADER = {"build_version": 2, "model_sha256": "abc"}


def built(folder: Path) -> Path:
    """A small model folder with a nested file and its manifest."""
    (folder / "sub").mkdir(parents=True)
    (folder / "model.bin").write_bytes(b"weights")
    (folder / "sub" / "vocab.txt").write_text("a\nb\n")
    write_manifest(folder, HEADER)
    return folder


def test_sha256_of_a_file_larger_than_one_read(tmp_path: Path) -> None:
    data = bytes(range(256)) * 5000  # 1.2 MiB: two reads of 1 MiB
    (tmp_path / "big.bin").write_bytes(data)
    assert sha256(tmp_path / "big.bin") == hashlib.sha256(data).hexdigest()


def test_the_manifest_holds_the_header_and_every_files_sha256(tmp_path: Path) -> None:
    folder = built(tmp_path / "m")
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest == {
        **HEADER,
        "files": {
            "model.bin": hashlib.sha256(b"weights").hexdigest(),
            "sub/vocab.txt": hashlib.sha256(b"a\nb\n").hexdigest(),
        },
    }
    assert verified(folder, HEADER, required=["model.bin"])


@pytest.mark.parametrize(
    "damage",
    [
        lambda f: (f / "sub" / "vocab.txt").write_text("c\n"),
        lambda f: (f / "model.bin").unlink(),
        lambda f: (f / MANIFEST).unlink(),
        lambda f: (f / MANIFEST).write_text("[1, 2]"),
        lambda f: (f / MANIFEST).write_text("{"),
    ],
    ids=["changed file", "missing file", "no manifest", "manifest not an object", "manifest not JSON"],
)
def test_a_damaged_folder_is_not_verified(tmp_path: Path, damage: Callable[[Path], object]) -> None:
    folder = built(tmp_path / "m")
    damage(folder)
    assert not verified(folder, HEADER)


def test_a_folder_of_another_build_or_without_a_required_file_is_not_verified(tmp_path: Path) -> None:
    folder = built(tmp_path / "m")
    assert not verified(folder, {**HEADER, "build_version": 3})
    assert not verified(folder, {**HEADER, "source_sha256": "abc"})
    assert not verified(folder, HEADER, required=["model.bin", "config.json"])


def test_a_build_replaces_the_folder_and_leaves_no_staging_folder(tmp_path: Path) -> None:
    target = built(tmp_path / "m")
    build_into(target, lambda staging: (staging / "new.bin").write_bytes(b"new"))
    assert [p.name for p in target.iterdir()] == ["new.bin"]
    assert [p.name for p in tmp_path.iterdir()] == ["m"]
    assert oct(target.stat().st_mode & 0o777) == "0o755"
    assert oct((target / "new.bin").stat().st_mode & 0o777) == "0o644"


def test_a_failed_build_keeps_the_old_folder_and_leaves_no_staging_folder(tmp_path: Path) -> None:
    target = built(tmp_path / "m")

    def fail(staging: Path) -> None:
        (staging / "half.bin").write_bytes(b"half")
        raise RuntimeError("out of disk")

    with pytest.raises(RuntimeError, match="out of disk"):
        build_into(target, fail)
    assert verified(target, HEADER)
    assert [p.name for p in tmp_path.iterdir()] == ["m"]


def test_the_speech_model_build_imports_neither_torch_nor_numpy_nor_the_scoring_model_build() -> None:
    heavy = "('torch', 'numpy', 'scoring.builtin_model')"
    code = f"import sys, voice.model; print([m for m in {heavy} if m in sys.modules])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
