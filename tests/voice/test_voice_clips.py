"""The real speech model on the shared spoken clips: words come back, delivery is measured, bad audio is refused."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from voice.clips import Clip, default_clips_dir, read_clips
from voice.transcribe import SAMPLE_RATE, AudioError, Transcriber, Transcript, decode, encode_webm
from voice.wer import edit_distance, word_error_rate, words_of

pytestmark = pytest.mark.slow

CLIPS_DIR = default_clips_dir()
CLIPS = read_clips(CLIPS_DIR) if CLIPS_DIR else []
needs_clips = pytest.mark.skipif(not CLIPS, reason="shared/benchmarks/voice is not beside the checkout")


@pytest.fixture(scope="module")
def transcriber() -> Transcriber:
    return Transcriber()


@pytest.fixture(scope="module")
def transcripts(transcriber: Transcriber) -> dict[str, Transcript]:
    """Every shared clip transcribed once, in its language."""
    return {clip.id: transcriber.transcribe(clip.path, language=clip.language) for clip in CLIPS}


@needs_clips
@pytest.mark.parametrize("clip", CLIPS, ids=lambda c: c.id)
def test_each_clip_is_transcribed_with_few_word_errors(transcripts: dict[str, Transcript], clip: Clip) -> None:
    transcript = transcripts[clip.id]
    assert word_error_rate(clip.text, transcript.text) <= 0.35, transcript.text
    assert transcript.language == clip.language
    assert "".join(w.text for w in transcript.words) == transcript.text.replace(" ", "")
    assert all(a.end <= b.start + 0.01 for a, b in itertools.pairwise(transcript.words))


@needs_clips
@pytest.mark.parametrize("language", ["ru", "en"])
def test_word_error_rate_over_a_language_is_low(transcripts: dict[str, Transcript], language: str) -> None:
    errors = words = 0
    for clip in (c for c in CLIPS if c.language == language):
        said = transcripts[clip.id].text
        errors += edit_distance(words_of(clip.text), words_of(said))
        words += len(words_of(clip.text))
    assert errors / words <= 0.12


@needs_clips
def test_delivery_of_the_filler_clip_matches_what_is_heard(transcripts: dict[str, Transcript]) -> None:
    """ru3: «Ну, как бы, я постараюсь, мы делаем всё возможное, типа, не переживайте.»: 12 words, three fillers;
    talk time checked against where the waveform is loud."""
    clip = next(c for c in CLIPS if c.id == "ru3")
    delivery = transcripts["ru3"].delivery
    assert {f.phrase: f.count for f in delivery.fillers} == {"ну": 1, "как бы": 1, "типа": 1}
    assert delivery.words == 12
    first, last = _loud_span(decode(clip.path))
    assert delivery.talk_time_s == pytest.approx(last - first, abs=0.35)
    assert delivery.words_per_minute == pytest.approx(12 * 60 / (last - first), rel=0.1)
    assert 0.1 < delivery.longest_pause_s < 0.6  # the synthetic voice pauses only at commas


@needs_clips
def test_a_browser_recording_webm_opus_is_transcribed_like_the_wav(transcriber: Transcriber) -> None:
    clip = next(c for c in CLIPS if c.id == "en1")
    transcript = transcriber.transcribe(encode_webm(clip.path), language="en")
    assert word_error_rate(clip.text, transcript.text) <= 0.1
    assert transcript.duration_s == pytest.approx(len(decode(clip.path)) / SAMPLE_RATE, abs=0.1)


def test_silence_is_refused_as_silent(transcriber: Transcriber) -> None:
    with pytest.raises(AudioError) as refused:
        transcriber.transcribe(encode_webm(np.zeros(3 * SAMPLE_RATE, dtype=np.float32)), language="ru")
    assert refused.value.reason == "silent"


@pytest.mark.parametrize(
    ("audio", "reason"),
    [(b"", "empty"), (b"\x1aE\xdf\xa3 not really webm", "unreadable"), (b"RIFF" * 50, "unreadable")],
)
def test_empty_and_broken_recordings_are_refused(audio: bytes, reason: str) -> None:
    with pytest.raises(AudioError) as refused:
        decode(audio)
    assert refused.value.reason == reason


def test_a_recording_over_the_limit_is_refused_before_transcribing() -> None:
    webm = encode_webm(np.zeros(5 * SAMPLE_RATE, dtype=np.float32))
    with pytest.raises(AudioError, match="5 seconds long; the limit is 4") as refused:
        decode(webm, max_seconds=4)
    assert refused.value.reason == "too_long"


def test_an_unknown_language_is_an_error(transcriber: Transcriber) -> None:
    with pytest.raises(ValueError, match="ru, en"):
        transcriber.transcribe(Path("unused.wav"), language="de")


def _loud_span(samples: np.ndarray) -> tuple[float, float]:
    """First and last 20 ms frame louder than a tenth of the loudest frame, in seconds."""
    frame = SAMPLE_RATE // 50
    rms = np.sqrt(np.mean(samples[: len(samples) // frame * frame].reshape(-1, frame) ** 2, axis=1))
    loud = np.flatnonzero(rms > rms.max() / 10)
    return loud[0] * 0.02, (loud[-1] + 1) * 0.02
