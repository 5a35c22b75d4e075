"""A 20-second spoken answer, transcribed AND scored, end to end as the service does it: the budget is 6 s on 2 cores.

Run: .venv/bin/python bench/spoken_answer_bench.py [--clips ../shared/benchmarks/voice] [--threads 2] [--rounds 5]
     [--update-doc docs/performance.md]
Per language, the shared clips are joined (0.3 s apart) and cut at 20 s, then sent as a browser sends them
(WebM/Opus). Each round times what a request spends after the upload: decode, transcribe (Whisper base, int8,
greedy, voice activity filter, language given), measure the delivery, score the transcript against a step of the
built-in library (its references prepared, as after publishing). Both models use `--threads` threads; both are
loaded and warmed before timing. The load average is printed beside the figures: on a shared machine the wall
time is not the machine's best.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import time
from pathlib import Path

import numpy as np
from clip_bench import clip_arguments, write_between

from scoring.types import StepSpec
from voice.clips import Clip, read_clips
from voice.transcribe import SAMPLE_RATE, Transcriber, decode, encode_webm

START, END = "<!-- spoken-bench:start -->", "<!-- spoken-bench:end -->"
BUDGET_S = 6.0
ANSWER_S = 20.0
STEPS = {"en": ("en-fleet-leasing-send-info", "price"), "ru": (None, None)}  # ru: the first Russian price step


def twenty_seconds(clips: list[Clip]) -> np.ndarray:
    """The clips one after another, 0.3 s apart, cut at 20 s (repeated if they are shorter)."""
    gap = np.zeros(int(0.3 * SAMPLE_RATE), dtype=np.float32)
    parts: list[np.ndarray] = []
    while sum(len(p) for p in parts) < ANSWER_S * SAMPLE_RATE:
        for clip in clips:
            parts += [decode(clip.path), gap]
    return np.concatenate(parts)[: int(ANSWER_S * SAMPLE_RATE)]


def pick_step(language: str) -> StepSpec:
    """The library step a language's answer is scored against (a price objection)."""
    from scenarios.convert import step_spec
    from scenarios.loader import builtin_library, load_paths

    scenarios = [s for s in load_paths([builtin_library()]).scenarios if s.language == language]
    slug, step_id = STEPS[language]
    for scenario in scenarios:
        for step in scenario.steps:
            if (slug is None and step.category == "price") or (scenario.id == slug and step.id == step_id):
                return step_spec(scenario, step)
    raise SystemExit(f"no price step in the {language} library")


def measure(folder: Path, *, threads: int, rounds: int) -> dict[str, object]:
    """Load both models, then time `rounds` end-to-end spoken answers per language."""
    import torch

    from scoring.encoder import load_encoder
    from scoring.scorer import Scorer

    torch.set_num_threads(threads)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    scorer, transcriber = Scorer(load_encoder()), Transcriber(cpu_threads=threads)
    transcriber.model()
    load_s = time.perf_counter() - started
    clips = read_clips(folder)
    result: dict[str, object] = {"threads": threads, "rounds": rounds, "models_load_s": round(load_s, 1)}
    for language in ("ru", "en"):
        spec = pick_step(language)
        scorer.prepare(spec)
        upload = encode_webm(twenty_seconds([c for c in clips if c.language == language]))
        walls, transcribe_s, score_s, cpu = [], [], [], []
        for round_ in range(rounds + 1):  # the first round warms up and is not counted
            wall0, cpu0 = time.perf_counter(), time.process_time()
            said = transcriber.transcribe(decode(upload, max_seconds=120), language=language)
            wall1 = time.perf_counter()
            scored = scorer.score(spec, said.text)
            wall2 = time.perf_counter()
            if round_:
                walls.append(wall2 - wall0)
                transcribe_s.append(wall1 - wall0)
                score_s.append(wall2 - wall1)
                cpu.append(time.process_time() - cpu0)
        result[language] = {
            "audio_s": said.duration_s,
            "words": said.delivery.words,
            "score": scored.score,
            "wall_median_s": round(statistics.median(walls), 2),
            "wall_max_s": round(max(walls), 2),
            "transcribe_median_s": round(statistics.median(transcribe_s), 2),
            "score_median_s": round(statistics.median(score_s), 3),
            "cpu_median_s": round(statistics.median(cpu), 2),
            "budget_ratio": round(statistics.median(walls) / BUDGET_S, 2),
            "upload_kb": round(len(upload) / 1024),
        }
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    result["load_average"] = [round(load_before, 1), round(os.getloadavg()[0], 1)]
    result["cpus"] = os.cpu_count()
    return result


def table(r: dict[str, object]) -> str:
    """The figures as Markdown."""
    lines = [
        "| language | audio | words heard | transcribe (median) | score (median) | total: median / max "
        "| CPU-s (median) | median ÷ 6 s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for language in ("ru", "en"):
        x = r[language]
        assert isinstance(x, dict)
        lines.append(
            f"| {language.upper()} | {x['audio_s']:.1f} s | {x['words']} | {x['transcribe_median_s']:.2f} s "
            f"| {x['score_median_s']:.3f} s | {x['wall_median_s']:.2f} s / {x['wall_max_s']:.2f} s "
            f"| {x['cpu_median_s']:.2f} | {x['budget_ratio']:.2f} |"
        )
    lines += [
        "",
        f"{r['rounds']} timed rounds per language after one warm-up, {r['threads']} threads for each model, "
        f"{r['cpus']} CPUs; load average {r['load_average'][0]} before and {r['load_average'][1]} after "  # type: ignore[index]
        f"(other work shared the machine); both models loaded in {r['models_load_s']} s; peak resident memory of "
        f"the process with both models {r['peak_rss_mb']} MB.",
    ]
    return "\n".join(lines)


def main() -> None:
    """Measure, print JSON and the table, and optionally write the table into a doc between the markers."""
    args = clip_arguments(__doc__, rounds=5)
    result = measure(args.clips, threads=args.threads, rounds=args.rounds)
    print(json.dumps(result, indent=2))
    text = table(result)
    print(text)
    write_between(args.update_doc, (START, END), text)


if __name__ == "__main__":
    main()
