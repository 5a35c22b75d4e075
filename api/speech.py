"""The speech model inside the service: one transcriber per process, handed out by dependency."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, File, Request, UploadFile

from voice.transcribe import Transcriber


def get_transcriber(request: Request) -> Transcriber:
    """The process's transcriber (the speech model loads on first use, or at start with PARRY_PRELOAD_SPEECH_MODEL)."""
    transcriber: Transcriber = request.app.state.transcriber
    return transcriber


TranscriberDep = Annotated[Transcriber, Depends(get_transcriber)]
Recording = Annotated[UploadFile, File(description="The recording: audio/webm or audio/ogg (Opus), or audio/wav.")]
"""The multipart field a spoken answer arrives in (drills and tests alike)."""
