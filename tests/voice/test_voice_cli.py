"""`parry transcribe` and `parry eval --only voice` on the shared spoken clips, with the real speech model."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from voice.clips import default_clips_dir
from voice.transcribe import SAMPLE_RATE, encode_webm

CLIPS = default_clips_dir()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CLIPS is None, reason="shared/benchmarks/voice is not beside the checkout"),
]


def _silent_wav(path: Path) -> Path:
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(SAMPLE_RATE)
        f.writeframes(np.zeros(2 * SAMPLE_RATE, dtype="<i2").tobytes())
    return path


def test_transcribe_prints_one_json_object_per_file_in_order(tmp_path: Path) -> None:
    assert CLIPS is not None
    webm = tmp_path / "en3.webm"
    webm.write_bytes(encode_webm(CLIPS / "en3.wav"))  # as a browser records it
    files = [str(webm), str(CLIPS / "ru3.wav"), str(_silent_wav(tmp_path / "quiet.wav"))]
    result = CliRunner().invoke(cli, ["transcribe", "--json", *files])
    assert result.exit_code == 1, result.output  # the silent file fails; the others are still printed
    english, russian, quiet = (json.loads(line) for line in result.stdout.splitlines())

    assert english["file"] == files[0]
    assert english["language"] == "en"  # detected: no --language given
    assert english["text"].startswith("Um, like, I'll do my best")
    assert 4.5 < english["duration_s"] < 6.0
    assert english["words_per_minute"] == pytest.approx(english["words"] * 60 / english["talk_time_s"], abs=0.1)
    assert {f["phrase"]: f["count"] for f in english["fillers"]} == {"um": 1, "like": 1, "basically": 1, "you know": 1}

    assert russian["language"] == "ru"
    assert "постараюсь" in russian["text"]
    assert {f["phrase"] for f in russian["fillers"]} >= {"ну", "как бы", "типа"}

    assert quiet == {"file": files[2], "error": "voice_silent", "message": "no speech was heard in the recording"}


def test_transcribe_takes_the_language_it_is_given() -> None:
    assert CLIPS is not None
    result = CliRunner().invoke(cli, ["transcribe", "--language", "en", str(CLIPS / "en2.wav")])
    assert result.exit_code == 0, result.output
    said = json.loads(result.stdout)  # indented without --json: still one JSON object
    assert said["language"] == "en"
    assert "finance director" in said["text"]
    refused = CliRunner().invoke(cli, ["transcribe", "--language", "de", str(CLIPS / "en2.wav")])
    assert refused.exit_code == 2


def test_eval_only_voice_reports_the_word_error_rate_per_language() -> None:
    result = CliRunner().invoke(cli, ["eval", "--only", "voice", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    figures = {f["dataset"]: f for f in report["figures"]}
    assert set(figures) == {"Voice RU", "Voice EN"}
    for figure in figures.values():
        assert figure["metric"] == "WER"
        assert 0.0 <= figure["model"] <= 0.12  # the per-language bound of tests/voice/test_voice_clips.py
        assert figure["n"] > 40  # words in the language's clips
