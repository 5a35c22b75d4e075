"""Spoken answers: word error rate (RU, EN) on the shared clips, CPU-seconds per second of audio, peak memory.

Run: .venv/bin/python bench/voice_bench.py [--clips ../shared/benchmarks/voice] [--threads 2] [--rounds 3]
     [--update-doc docs/voice.md]
Each clip is sent as a browser sends it (WebM/Opus) and decoded, then transcribed with the settings the service
uses (Whisper base, int8, greedy, voice activity filter, language given). CPU time is the process's (all threads),
so "CPU-s per audio-s" is what a 2-core worker spends; wall time is per clip, after one warm-up clip.
"""

from __future__ import annotations

import resource
import statistics
import time
from pathlib import Path

from clip_bench import clip_arguments, write_between

from voice.clips import Clip, read_clips
from voice.transcribe import SAMPLE_RATE, Transcriber, decode, encode_webm
from voice.wer import edit_distance, words_of

START, END = "<!-- voice-bench:start -->", "<!-- voice-bench:end -->"


def rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(clips: list[Clip], *, threads: int, rounds: int) -> dict[str, object]:
    """Load the model, transcribe every clip `rounds` times; errors, timings and memory."""
    base = rss_mb()
    transcriber = Transcriber(cpu_threads=threads)
    started = time.perf_counter()
    transcriber.model()
    load_s = time.perf_counter() - started
    loaded = rss_mb()
    recordings = {clip.id: encode_webm(clip.path) for clip in clips}
    transcriber.transcribe(decode(recordings[clips[0].id]), language=clips[0].language)  # warm-up
    rows, cpu, audio, walls = [], 0.0, 0.0, []
    for clip in clips:
        for _ in range(rounds):
            cpu0, wall0 = time.process_time(), time.perf_counter()
            samples = decode(recordings[clip.id])
            said = transcriber.transcribe(samples, language=clip.language)
            cpu += time.process_time() - cpu0
            walls.append(time.perf_counter() - wall0)
            audio += len(samples) / SAMPLE_RATE
        ref = words_of(clip.text)
        rows.append((clip, edit_distance(ref, words_of(said.text)), len(ref), said.text))
    per_language = {}
    for language in sorted({r[0].language for r in rows}, reverse=True):
        mine = [r for r in rows if r[0].language == language]
        per_language[language] = sum(r[1] for r in mine) / sum(r[2] for r in mine)
    return {
        "rows": rows,
        "wer": per_language,
        "cpu_per_audio_s": cpu / audio,
        "wall_median_s": statistics.median(walls),
        "audio_median_s": statistics.median(len(decode(c.path)) / SAMPLE_RATE for c in clips),
        "load_s": load_s,
        "model_mb": loaded - base,
        "peak_mb": peak_mb(),
        "threads": threads,
        "rounds": rounds,
    }


def table(result: dict[str, object]) -> str:
    """The results as Markdown."""
    rows = result["rows"]
    assert isinstance(rows, list)
    wer = result["wer"]
    assert isinstance(wer, dict)
    lines = [
        "| clip | words | errors | WER | heard |",
        "|---|---|---|---|---|",
        *(f"| {c.id} | {n} | {e} | {e / n:.1%} | {said} |" for c, e, n, said in rows),
        "",
        "| figure | value |",
        "|---|---|",
        *(f"| WER {language.upper()} (all clips) | {value:.1%} |" for language, value in wer.items()),
        f"| CPU-seconds per second of audio ({result['threads']} threads) | {result['cpu_per_audio_s']:.2f} |",
        f"| wall time per clip (median; clips ~{result['audio_median_s']:.1f} s) | {result['wall_median_s']:.2f} s |",
        f"| model load | {result['load_s']:.1f} s, +{result['model_mb']:.0f} MB resident |",
        f"| peak resident memory of the process | {result['peak_mb']:.0f} MB |",
    ]
    return "\n".join(lines)


def main() -> None:
    """Measure, print, and optionally write the table into a doc between the bench markers."""
    args = clip_arguments(__doc__, rounds=3)
    result = measure(read_clips(args.clips), threads=args.threads, rounds=args.rounds)
    text = table(result)
    print(text)
    write_between(args.update_doc, (START, END), text)


if __name__ == "__main__":
    main()
