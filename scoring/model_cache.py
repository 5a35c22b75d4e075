"""Model folders built once into the cache: built in a staging folder renamed into place, with a manifest of
every file's sha256 that is checked before each use.

The built-in scoring model (`scoring/builtin_model.py`) and the speech model (`voice/model.py`) are both made
this way. Standard library only (no torch, no numpy), so either plain library can import it cheaply.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

MANIFEST = "parry-manifest.json"


def default_cache_dir() -> Path:
    """Where built models live: $PARRY_MODEL_CACHE, else $XDG_CACHE_HOME/parry/models."""
    if env := os.environ.get("PARRY_MODEL_CACHE"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "parry" / "models"


def sha256(path: Path) -> str:
    """The sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(folder: Path, header: Mapping[str, object]) -> None:
    """Write the manifest: `header` (what the folder was built from) and the sha256 of every file below it."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    manifest = {**header, "files": {str(p.relative_to(folder)): sha256(p) for p in files}}
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")


def verified(folder: Path, header: Mapping[str, object], *, required: Collection[str] = ()) -> bool:
    """True when the folder's manifest has `header`'s values, lists the `required` files, and every file it lists
    matches its sha256."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if any(manifest.get(key) != value for key, value in header.items()):
            return False
        files: dict[str, str] = manifest["files"]
        return set(required) <= set(files) and all(sha256(folder / name) == digest for name, digest in files.items())
    except (ValueError, KeyError, TypeError, AttributeError, OSError):
        return False


def build_into(target: Path, build: Callable[[Path], None]) -> None:
    """Run `build` on an empty staging folder beside `target`, then rename it to `target`, replacing what was there:
    a half-built folder is never seen under the final name, and nothing is left behind when `build` fails."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        build(staging)
        for path in [staging, *staging.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
