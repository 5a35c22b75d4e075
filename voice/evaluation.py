"""`parry eval --only voice`: word error rate per language on the shared spoken clips (`shared/benchmarks/voice`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from scoring.eval_run import Job
from scoring.evaluate import Figure
from voice.clips import Clip, default_clips_dir, read_clips
from voice.transcribe import Transcriber
from voice.wer import edit_distance, words_of


def voice_job(only: Sequence[str] | None, *, folder: Path | None = None) -> list[tuple[str, Job | str]]:
    """The `voice` data set as a `parry eval` job (one step a clip), or why it is skipped; none when not wanted."""
    if only and "voice" not in only:
        return []
    folder = folder or default_clips_dir()
    clips = read_clips(folder) if folder is not None else []
    if not clips:
        return [("voice", "voice: no clips (shared/benchmarks/voice with ru.txt and en.txt) found")]
    return [("voice", (len(clips), lambda advance: word_error_rates(Transcriber(), clips, advance)))]


def word_error_rates(transcriber: Transcriber, clips: Sequence[Clip], advance: Callable[[int], None]) -> list[Figure]:
    """One figure per language: the word errors over all its clips ÷ their words (lower is better)."""
    errors: dict[str, list[int]] = {}
    for clip in clips:
        said = transcriber.transcribe(clip.path, language=clip.language).text
        reference = words_of(clip.text)
        counted = errors.setdefault(clip.language, [0, 0, 0])
        counted[0] += edit_distance(reference, words_of(said))
        counted[1] += len(reference)
        counted[2] += 1
        advance(1)
    note = "clips: {n}; lower is better; synthetic speech (RHVoice), so a floor; Whisper base int8, beam 1"
    return [
        Figure(f"Voice {language.upper()}", "WER", wrong / words, float("nan"), words, note.format(n=n))
        for language, (wrong, words, n) in errors.items()
    ]
