"""Running `parry eval`: which data sets, progress, and the Markdown table for docs/scoring.md."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from scoring.evaluate import (
    Figure,
    Report,
    default_data_dir,
    evaluate_semeval,
    evaluate_stsb,
    read_semeval,
    read_stsb,
)
from scoring.scorer import Scorer

DATASETS = ("stsb-en", "stsb-ru", "beetle", "scientsbank")
Job = tuple[int, Callable[[Callable[[int], None]], list[Figure]]]
"""(how many steps of progress, the function that measures and reports progress)."""
START, END = "<!-- parry-eval:start -->", "<!-- parry-eval:end -->"


def run_evaluation(
    scorer: Scorer | None,
    *,
    data: Path | None,
    only: Sequence[str] | None,
    console: Console,
    extra: Sequence[tuple[str, Job | str]] = (),
) -> Report:
    """Evaluate on every available data set, with a progress bar; missing data is reported as skipped. `extra`:
    more (name, job or reason skipped) from the layers that know the scenario library and speech. Without a
    scorer, only `extra` runs."""
    wanted = [d for d in DATASETS if not only or d in only]
    data = data or default_data_dir()
    report = Report(model_name=scorer.encoder.name if scorer is not None else "none (speech only)")
    own = [(n, _job(n, scorer, data)) for n in wanted] if scorer is not None else []
    jobs: list[tuple[str, int, Callable[[Callable[[int], None]], list[Figure]]]] = []
    for name, job in [*own, *extra]:
        if isinstance(job, str):
            report.skipped.append(job)
        else:
            jobs.append((name, *job))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        for name, total, run in jobs:
            task = progress.add_task(name, total=total)
            report.figures += run(partial(progress.advance, task))
    return report


def _job(name: str, scorer: Scorer, data: Path | None) -> Job | str:
    if data is None:
        return f"{name}: benchmark data not found (pass --data)"
    if name.startswith("stsb"):
        path = data / f"stsb-{name[-2:]}-test.csv"
        if not path.is_file():
            return f"{name}: {path} not found"
        label = f"STS-B {name[-2:].upper()}"
        return 2 * len(read_stsb(path)), lambda p: evaluate_stsb(scorer, path, label, p)
    folder = data / "semeval2013-3way" / "test" / "3way" / ("beetle" if name == "beetle" else "sciEntsBank")
    items = read_semeval(folder)
    if not items:
        return f"{name}: no questions under {folder}"
    label = "SemEval Beetle" if name == "beetle" else "SemEval SciEntsBank"
    answers = sum(len(i.answers) for i in items)
    extra = sum(2 * (len(i.answers) - 4) for i in items if len(i.answers) > 5)
    return answers + extra, lambda p: evaluate_semeval(scorer, items, label, p)


def render_markdown(report: Report) -> str:
    """The figures as a Markdown table (model beside the TF-IDF baseline)."""
    lines = [
        f"Model: `{report.model_name}`. Baseline: character 2–4-gram TF-IDF cosine. Raw cosine: the model's best "
        "cosine to a reference, uncalibrated. kNN: the cosine-weighted grade of the 3 nearest graded answers "
        "(samples and references).",
        "",
        "| data set | metric | n | Parry | baseline | raw cosine | kNN | note |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for f in report.figures:
        values = " | ".join(_fmt(v) for v in (f.model, f.baseline, f.cosine, f.knn))
        lines.append(f"| {f.dataset} | {f.metric} | {f.n} | {values} | {f.note} |")
    lines += [f"\nSkipped: {s}" for s in report.skipped]
    return "\n".join(lines) + "\n"


def _fmt(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.3f}"


def update_markdown(path: Path, table: str) -> None:
    """Replace the text between the parry-eval markers in `path` (markers appended if missing)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{START}\n{table}{END}"
    if START in text and END in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text += f"\n{block}\n"
    path.write_text(text, encoding="utf-8")
