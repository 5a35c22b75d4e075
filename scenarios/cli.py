"""`parry scenarios validate|export`: check scenario files and write them out."""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from scenarios.loader import LoadResult, builtin_library, dump, load_paths
from scenarios.schema import Scenario

app = typer.Typer(no_args_is_help=True)
err = Console(stderr=True)


def summary(result: LoadResult) -> dict[str, Any]:
    """Counts per language and every error: what `validate --json` prints."""
    per_language: dict[str, Counter[str]] = defaultdict(Counter)
    for s in result.scenarios:
        c = per_language[s.language]
        c["scenarios"] += 1
        c["steps"] += len(s.steps)
        c["references"] += sum(len(st.references) for st in s.steps)
        c["key_points"] += sum(len(st.key_points) for st in s.steps)
        c["red_flags"] += sum(len(st.red_flags) for st in s.steps)
        c["graded_samples"] += sum(len(st.samples) for st in s.steps)
        c["branching_scenarios"] += any(st.follow_ups for st in s.steps)
    categories = Counter(st.category for s in result.scenarios for st in s.steps)
    return {
        "valid": result.ok,
        "files_with_errors": len({e.file for e in result.errors}),
        "per_language": {lang: dict(c) for lang, c in sorted(per_language.items())},
        "categories": dict(sorted(categories.items())),
        "errors": [asdict(e) for e in result.errors],
    }


@app.command("validate")
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Scenario files or folders.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
) -> None:
    """Check scenario files; exit 0 only when every one is valid."""
    result = load_paths(paths)
    if as_json:
        sys.stdout.write(json.dumps(summary(result), ensure_ascii=False, indent=2) + "\n")
    else:
        for error in result.errors:
            err.print(f"[red]✗[/red] {error}", highlight=False, soft_wrap=True)
        steps = sum(len(s.steps) for s in result.scenarios)
        print(f"{len(result.scenarios)} valid scenario(s), {steps} step(s); {len(result.errors)} error(s)")
    raise typer.Exit(0 if result.ok else 1)


@app.command("export")
def export(
    out: Annotated[Path, typer.Option(help="Folder to write one file per scenario into.")],
    paths: Annotated[list[Path] | None, typer.Argument(help="Scenario files or folders (default: built-in).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="yaml or json.")] = "yaml",
) -> None:
    """Write scenarios out in the file format; the files load back to the same scenarios."""
    if fmt not in ("yaml", "json"):
        err.print("[red]error:[/red] --format must be yaml or json")
        raise typer.Exit(2)
    result = load_paths(paths or [builtin_library()])
    for error in result.errors:
        err.print(f"[red]✗[/red] {error}", highlight=False, soft_wrap=True)
    out.mkdir(parents=True, exist_ok=True)
    for scenario in result.scenarios:
        write_scenario(scenario, out, fmt)
    print(f"wrote {len(result.scenarios)} scenario(s) to {out}")
    raise typer.Exit(0 if result.ok else 1)


def write_scenario(scenario: Scenario, folder: Path, fmt: str) -> Path:
    """Write one scenario as `<id>.<fmt>` in `folder`."""
    path = folder / f"{scenario.id}.{fmt}"
    path.write_text(dump(scenario, fmt), encoding="utf-8")
    return path
