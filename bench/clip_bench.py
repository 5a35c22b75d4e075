"""Shared by the benches over the shared voice clips (voice_bench, spoken_answer_bench): their command line and
writing a table into a doc between a bench's markers."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from voice.clips import default_clips_dir


def clip_arguments(description: str | None, *, rounds: int) -> argparse.Namespace:
    """--clips (the shared clips beside the checkout by default), --threads 2, --rounds, --update-doc; exits
    with a message when no clips folder is given or found."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--clips", type=Path, default=default_clips_dir())
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--update-doc", type=Path)
    args = parser.parse_args()
    if args.clips is None:
        raise SystemExit("no clips: pass --clips (shared/benchmarks/voice)")
    return args


def write_between(doc: Path | None, markers: tuple[str, str], text: str) -> None:
    """Put `text` between the two marker lines of `doc`, replacing what stood there; nothing when doc is None."""
    if doc is None:
        return
    start, end = markers
    content = doc.read_text(encoding="utf-8")
    block = f"{start}\n{text}\n{end}"
    content = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, content, flags=re.S)
    doc.write_text(content, encoding="utf-8")
