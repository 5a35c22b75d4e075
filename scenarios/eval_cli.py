"""`parry eval`: agreement with people and the adversarial answers, where the scorer meets the scenario library."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from scoring.cli import err, load_scorer, out


def eval_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    data: Annotated[
        Path | None, typer.Option(help="Benchmark data folder (default: ../shared/benchmarks/data).")
    ] = None,
    scenarios: Annotated[list[Path] | None, typer.Option(help="Scenario files or folders (default: built-in).")] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            help="Data sets: stsb-en, stsb-ru, beetle, scientsbank, library, library-no-examples, adversarial, voice."
        ),
    ] = None,
    update_doc: Annotated[
        Path | None, typer.Option(help="Rewrite the results table inside this Markdown file.")
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="Model: `builtin`, a folder or a name (default $PARRY_MODEL).")
    ] = None,
) -> None:
    """Measure agreement with human judgments, with the TF-IDF baseline beside every figure."""
    from scenarios.evaluation import library_jobs
    from scoring.eval_run import render_markdown, run_evaluation, update_markdown
    from voice.evaluation import voice_job

    speech_only = bool(only) and set(only or ()) == {"voice"}  # the scoring model is not needed then
    scorer = None if speech_only else load_scorer(model)
    extra = library_jobs(scorer, scenario_paths=scenarios, only=only) if scorer is not None else []
    report = run_evaluation(scorer, data=data, only=only, console=err, extra=[*extra, *voice_job(only)])
    if update_doc is not None:
        update_markdown(update_doc, render_markdown(report))
        err.print(f"Updated {update_doc}")
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(render_markdown(report))
