"""The shared spoken sample answers (`shared/benchmarks/voice`): WAV clips with what was said in them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Clip:
    id: str
    language: str
    text: str
    path: Path


def default_clips_dir() -> Path | None:
    """`shared/benchmarks/voice` beside the checkout or the current folder, if present."""
    for base in (Path.cwd(), *Path.cwd().parents, Path(__file__).resolve().parents[1]):
        for candidate in (base / "shared" / "benchmarks" / "voice", base.parent / "shared" / "benchmarks" / "voice"):
            if candidate.is_dir():
                return candidate
    return None


def read_clips(folder: Path) -> list[Clip]:
    """Every clip listed in the folder's `ru.txt` and `en.txt` (`id<TAB>what was said`)."""
    clips = []
    for language in ("ru", "en"):
        listing = folder / f"{language}.txt"
        if not listing.is_file():
            continue
        for line in listing.read_text(encoding="utf-8").splitlines():
            if line.strip():
                clip_id, text = line.split("\t", 1)
                clips.append(Clip(clip_id, language, text.strip(), folder / f"{clip_id}.wav"))
    return clips
