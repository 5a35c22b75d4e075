"""Scoring speed and memory: load time, RSS, one answer vs one raw encode, batches of 32.

Run: .venv/bin/python bench/scoring_bench.py [--rounds 200] [--update-doc docs/scoring.md]
Every figure comes from one run, so ratios compare like with like on a noisy machine.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path

import numpy as np

START, END = "<!-- parry-bench:start -->", "<!-- parry-bench:end -->"


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile in milliseconds."""
    return float(np.percentile(np.array(values) * 1000, q))


def main() -> None:
    """Measure and print (and optionally write into the docs) the scoring benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--update-doc", type=Path)
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads (the target is for two cores)")
    args = parser.parse_args()

    before = rss_mb()
    t0 = time.perf_counter()
    import torch

    from scenarios.convert import step_spec
    from scenarios.loader import builtin_library, load_paths
    from scoring.encoder import load_encoder
    from scoring.scorer import Scorer

    torch.set_num_threads(args.threads)
    t1 = time.perf_counter()
    encoder = load_encoder()
    scorer = Scorer(encoder)
    t2 = time.perf_counter()
    loaded = rss_mb()

    library = load_paths([builtin_library()]).scenarios
    jobs = [(step_spec(s, st), sample.answer) for s in library for st in s.steps for sample in st.samples]
    jobs = [(spec, answer) for spec, answer in jobs if len(answer.split()) >= 6]  # real answers, not degenerate
    for spec, _ in jobs:
        scorer.prepare(spec)  # references cached, as in the service after publishing
    raw, scored = [], []
    for i in range(args.rounds):
        spec, answer = jobs[i % len(jobs)]
        a = time.perf_counter()
        encoder.inner.encode([answer])
        b = time.perf_counter()
        scorer.score(spec, answer)
        c = time.perf_counter()
        raw.append(b - a)
        scored.append(c - b)

    batch = jobs[:32]
    tokens = [len(encoder.pieces(answer)) for _, answer in batch]
    ceiling = batch_ceiling(encoder.inner, [answer for _, answer in batch])
    one_by_one, batched = [], []
    for _ in range(5):
        a = time.perf_counter()
        for spec, answer in batch:
            scorer.score(spec, answer)
        b = time.perf_counter()
        scorer.score_batch(batch)
        c = time.perf_counter()
        one_by_one.append(b - a)
        batched.append(c - b)
    result = {
        "import_s": round(t1 - t0, 2),
        "model_load_s": round(t2 - t1, 2),
        "rss_before_mb": round(before),
        "rss_after_load_mb": round(loaded),
        "rss_end_mb": round(rss_mb()),
        "rounds": args.rounds,
        "threads": torch.get_num_threads(),
        "batch32_answer_tokens_median": statistics.median(tokens),
        "batch32_answer_tokens_max": max(tokens),
        "raw_encode_median_ms": round(percentile(raw, 50), 2),
        "raw_encode_p95_ms": round(percentile(raw, 95), 2),
        "score_median_ms": round(percentile(scored, 50), 2),
        "score_p95_ms": round(percentile(scored, 95), 2),
        "score_to_encode_ratio_median": round(statistics.median(scored) / statistics.median(raw), 2),
        "batch32_one_by_one_s": round(statistics.median(one_by_one), 3),
        "batch32_batched_s": round(statistics.median(batched), 3),
        "batch32_throughput_ratio": round(statistics.median(one_by_one) / statistics.median(batched), 2),
        "gemm_gflops": round(ceiling["gflops"], 1),
        "batch32_compute_floor_s": round(ceiling["floor_s"], 3),
        "batch32_max_gain": round(statistics.median(one_by_one) / ceiling["floor_s"], 2),
    }
    print(json.dumps(result, indent=2))
    if args.update_doc:
        write_doc(args.update_doc, result)


def batch_ceiling(inner: object, answers: list[str]) -> dict[str, float]:
    """The least time any batching could take: the batch's real tokens × the model's multiply-adds per token,
    at the speed this CPU multiplies matrices of the model's shape (measured now, same threads)."""
    import torch

    model = inner.model  # type: ignore[attr-defined]
    config = model[0].auto_model.config
    hidden, inner_size, layers = config.hidden_size, config.intermediate_size, config.num_hidden_layers
    flops_per_token = 2 * layers * (4 * hidden * hidden + 2 * hidden * inner_size)  # attention scores left out
    prompted = [inner.prompt + a for a in answers]  # type: ignore[attr-defined]
    real_tokens = sum(len(ids) for ids in model.tokenizer(prompted)["input_ids"])
    x, w = torch.randn(2048, hidden), torch.randn(inner_size, hidden)
    with torch.inference_mode():
        for _ in range(3):
            torch.nn.functional.linear(x, w)
        times = []
        for _ in range(20):
            a = time.perf_counter()
            torch.nn.functional.linear(x, w)
            times.append(time.perf_counter() - a)
    gflops = 2 * 2048 * hidden * inner_size / statistics.median(times) / 1e9
    return {"gflops": gflops, "floor_s": real_tokens * flops_per_token / (gflops * 1e9)}


def write_doc(path: Path, r: dict[str, float]) -> None:
    """Replace the benchmark table between the parry-bench markers."""
    table = (
        "| measure | value |\n|---|---:|\n"
        f"| import torch + sentence-transformers + Parry | {r['import_s']} s |\n"
        f"| model load (built-in, cached folder) | {r['model_load_s']} s |\n"
        f"| memory after load (RSS) | {r['rss_after_load_mb']} MB |\n"
        f"| one raw `encode()` of an answer, median / p95 "
        f"| {r['raw_encode_median_ms']} / {r['raw_encode_p95_ms']} ms |\n"
        f"| scoring one answer (references cached), median / p95 | {r['score_median_ms']} / {r['score_p95_ms']} ms |\n"
        f"| scoring ÷ raw encode, medians | {r['score_to_encode_ratio_median']}× |\n"
        f"| 32 answers one by one / in one batch | {r['batch32_one_by_one_s']} / {r['batch32_batched_s']} s |\n"
        f"| batch throughput gain | {r['batch32_throughput_ratio']}× |\n"
        f"| torch threads; tokens per answer in the batch, median / max | {r['threads']}; "
        f"{r['batch32_answer_tokens_median']} / {r['batch32_answer_tokens_max']} |\n"
        f"| matrix multiply speed of this CPU, model-shaped | {r['gemm_gflops']} GFLOP/s |\n"
        f"| compute floor of the 32 answers (real tokens × FLOPs per token ÷ that speed) "
        f"| {r['batch32_compute_floor_s']} s |\n"
        f"| most any batching could gain (one by one ÷ floor) | {r['batch32_max_gain']}× |\n"
    )
    text = path.read_text(encoding="utf-8")
    block = f"{START}\n{table}{END}"
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text += f"\n{block}\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
