"""Offline transcription with faster-whisper: audio in a given language → text and word timings.

Decoding (any container PyAV reads: WebM/Opus from a browser, Ogg, WAV) is separate from recognition, so that a
caller can refuse an empty, unreadable or too long recording before spending CPU on it.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from voice.delivery import Delivery, Word, measure
from voice.model import ensure_speech_model

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

SAMPLE_RATE = 16_000
LANGUAGES = ("ru", "en")


class AudioError(ValueError):
    """A recording that cannot be transcribed. `reason`: empty | unreadable | too_long | silent."""

    def __init__(self, reason: str, message: str, *, seconds: float | None = None) -> None:
        super().__init__(message)
        self.reason, self.seconds = reason, seconds


@dataclass(frozen=True)
class Transcript:
    """What was said: the text, each word with its timing, the recording's length and the delivery figures."""

    text: str
    language: str
    duration_s: float
    words: list[Word]
    delivery: Delivery = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (`parry transcribe --json`)."""
        return {
            "text": self.text,
            "language": self.language,
            "duration_s": self.duration_s,
            **self.delivery.to_dict(),
            "word_timings": [[w.text, w.start, w.end] for w in self.words],
        }


def decode(audio: bytes | Path, *, max_seconds: float | None = None) -> np.ndarray:
    """16 kHz mono float32 samples of a recording; AudioError if it is empty, unreadable or too long."""
    from faster_whisper.audio import decode_audio

    if isinstance(audio, bytes) and not audio:
        raise AudioError("empty", "the recording is empty")
    source: Any = io.BytesIO(audio) if isinstance(audio, bytes) else str(audio)
    try:
        samples: np.ndarray = decode_audio(source, sampling_rate=SAMPLE_RATE)
    except Exception as error:  # PyAV raises its own error classes for every kind of broken input
        raise AudioError("unreadable", f"the recording could not be read as audio ({type(error).__name__})") from None
    seconds = len(samples) / SAMPLE_RATE
    if seconds < 0.1:
        raise AudioError("empty", "the recording is empty")
    if max_seconds is not None and seconds > max_seconds:
        message = f"the recording is {seconds:.0f} seconds long; the limit is {max_seconds:.0f}"
        raise AudioError("too_long", message, seconds=seconds)
    return samples


def encode_webm(audio: Path | np.ndarray) -> bytes:
    """A recording (a file, or 16 kHz samples) as WebM/Opus, as a browser's MediaRecorder sends it (tests, bench)."""
    import av
    from faster_whisper.audio import decode_audio

    rate = 48_000
    samples = decode_audio(str(audio), sampling_rate=rate) if isinstance(audio, Path) else _resample(audio, rate)
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16)[None, :]
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="webm") as out:
        stream = out.add_stream("libopus", rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = rate
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    return buffer.getvalue()


def _resample(samples: np.ndarray, rate: int) -> np.ndarray:
    positions = np.arange(0, len(samples), SAMPLE_RATE / rate)
    resampled: np.ndarray = np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)
    return resampled


class Transcriber:
    """Whisper base (int8, greedy, voice activity filter) on the CPU; the model loads on first use. Thread-safe."""

    def __init__(self, model_dir: Path | None = None, *, cpu_threads: int = 2) -> None:
        self._model_dir = model_dir
        self._cpu_threads = cpu_threads
        self._model: WhisperModel | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """True once the model is in memory."""
        return self._model is not None

    def model(self) -> WhisperModel:
        """The speech model, loaded (and built into the cache) the first time it is needed."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from faster_whisper import WhisperModel

                    folder = self._model_dir or ensure_speech_model()
                    self._model = WhisperModel(
                        str(folder), device="cpu", compute_type="int8", cpu_threads=self._cpu_threads
                    )
        return self._model

    def detect_language(self, samples: np.ndarray) -> str:
        """The more likely of Russian and English for a decoded recording (its speech only)."""
        _, _, ranked = self.model().detect_language(samples, vad_filter=True)
        chances = dict(ranked)
        return max(LANGUAGES, key=lambda language: chances.get(language, 0.0))

    def transcribe(
        self, audio: bytes | Path | np.ndarray, *, language: str, extra_fillers: Sequence[str] = ()
    ) -> Transcript:
        """Transcribe a recording said in `language` (ru or en); AudioError when no speech is heard in it.
        `extra_fillers`: phrases its delivery counts as fillers besides the language's own."""
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        samples = audio if isinstance(audio, np.ndarray) else decode(audio)
        segments, info = self.model().transcribe(
            samples,
            language=language,
            beam_size=1,
            vad_filter=True,
            word_timestamps=True,
            condition_on_previous_text=False,
        )
        said = [w for s in segments for w in (s.words or []) if w.word.strip()]
        if not said:
            raise AudioError("silent", "no speech was heard in the recording")
        words = [Word(w.word.strip(), float(w.start), float(w.end)) for w in said]
        text = "".join(w.word for w in said).strip()  # a word carries its leading space ("mid", "-season")
        return Transcript(
            text=text,
            language=language,
            duration_s=round(float(info.duration), 2),
            words=words,
            delivery=measure(words, language=language, extra_fillers=extra_fillers),
        )
