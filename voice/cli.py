"""`parry transcribe`: spoken answers from files, transcribed offline, with their delivery (one JSON object each)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from voice.transcribe import AudioError, Transcriber, decode


def transcribe_command(
    files: Annotated[
        list[Path],
        typer.Argument(exists=True, dir_okay=False, help="Recordings: WebM or Ogg (Opus), WAV, anything PyAV reads."),
    ],
    language: Annotated[
        Literal["ru", "en"] | None, typer.Option(help="What is spoken: ru or en (default: detected per file).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object per line (the default is indented).")
    ] = False,
    threads: Annotated[int, typer.Option(min=1, max=64, help="CPU threads of the speech model.")] = 2,
) -> None:
    """Transcribe recordings and measure their delivery: one JSON object per file, in order; a file that cannot be
    read or has no speech gets an object with `error` (and the exit status is 1)."""
    transcriber = Transcriber(cpu_threads=threads)
    failed = False
    for path in files:
        result = transcribe_file(transcriber, path, language=language)
        failed = failed or "error" in result
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=None if as_json else 2) + "\n")
        sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


def transcribe_file(transcriber: Transcriber, path: Path, *, language: str | None) -> dict[str, Any]:
    """What `parry transcribe` prints for one file: the transcript, its delivery (with the norms) and word timings."""
    try:
        samples = decode(path)
        spoken = language or transcriber.detect_language(samples)
        transcript = transcriber.transcribe(samples, language=spoken)
    except AudioError as error:
        return {"file": str(path), "error": f"voice_{error.reason}", "message": str(error)}
    return {"file": str(path), **transcript.to_dict()}
