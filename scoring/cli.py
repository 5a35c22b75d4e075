"""`parry score` and `parry eval`: the scoring engine from the command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rich.console import Console
from rich.table import Table

from scoring.scorer import (
    GradedSample,
    KeyPointSpec,
    RedFlagSpec,
    Scorer,
    ScoreResult,
    ScoringError,
    StepSpec,
)
from scoring.types import DEFAULT_PASS_MARK, DEFAULT_PENALTY

out = Console()
err = Console(stderr=True)


class _KeyPoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1)
    weight: float = Field(default=1.0, gt=0)
    examples: list[str] = []


class _RedFlag(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(min_length=1)
    phrases: list[str] = []
    meaning: str | None = None
    penalty: int = Field(default=DEFAULT_PENALTY, ge=0, le=100)
    critical: bool = False


class _Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: str = Field(min_length=1)
    grade: int = Field(ge=0, le=100)


class BatchItem(BaseModel):
    """One line of `parry score --batch`."""

    model_config = ConfigDict(extra="forbid")
    references: list[str] = Field(min_length=1)
    answer: str
    objection: str | None = None
    key_points: list[str | _KeyPoint] = []
    red_flags: list[str | _RedFlag] = []
    language: Literal["ru", "en"] | None = None
    samples: list[_Sample] = []
    pass_mark: int | None = Field(default=None, ge=0, le=100)

    def spec(self) -> StepSpec:
        """The scorer's input for this line."""
        return StepSpec(
            references=tuple(self.references),
            key_points=tuple(_key_point(k) for k in self.key_points),
            red_flags=tuple(_red_flag(f) for f in self.red_flags),
            customer_line=self.objection,
            language=self.language,
            samples=tuple(GradedSample(s.answer, s.grade) for s in self.samples),
            pass_mark=self.pass_mark,
        )


def _key_point(k: str | _KeyPoint) -> KeyPointSpec:
    if isinstance(k, str):
        return KeyPointSpec(k)
    return KeyPointSpec(k.text, k.weight, tuple(k.examples))


def _red_flag(f: str | _RedFlag) -> RedFlagSpec:
    if isinstance(f, str):
        return RedFlagSpec(label=f, phrases=(f,), meaning=f)
    return RedFlagSpec(f.label, tuple(f.phrases), f.meaning, f.penalty, f.critical)


def load_scorer(model: str | None) -> Scorer:
    from scoring.builtin_model import ModelUnavailableError
    from scoring.encoder import load_encoder

    try:
        with err.status("Loading the model…"):
            return Scorer(load_encoder(model))
    except (ModelUnavailableError, RuntimeError) as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from None


def score_command(
    answer: Annotated[str | None, typer.Option(help="The rep's answer.")] = None,
    reference: Annotated[list[str] | None, typer.Option(help="A reference answer (repeat for more).")] = None,
    key_point: Annotated[list[str] | None, typer.Option(help="A key point (repeat for more).")] = None,
    red_flag: Annotated[list[str] | None, typer.Option(help="A red-flag phrase, also matched by meaning.")] = None,
    objection: Annotated[str | None, typer.Option(help="The customer's line.")] = None,
    language: Annotated[str | None, typer.Option(help="ru or en (default: from the references).")] = None,
    pass_mark: Annotated[
        int | None, typer.Option(min=0, max=100, help=f"Pass mark (default {DEFAULT_PASS_MARK}).")
    ] = None,
    batch: Annotated[Path | None, typer.Option(help="JSON Lines file ('-' for stdin): one item per line.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a readable breakdown.")] = False,
    model: Annotated[
        str | None, typer.Option(help="Model: `builtin`, a folder or a name (default $PARRY_MODEL).")
    ] = None,
) -> None:
    """Score an answer against reference answers, or every line of a JSON Lines file."""
    if batch is not None:
        scorer = load_scorer(model)
        for line in score_lines(scorer, _read_lines(batch)):
            sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        return
    if answer is None or not reference:
        err.print("[red]error:[/red] give --answer and at least one --reference, or --batch FILE")
        raise typer.Exit(2)
    try:
        item = BatchItem(
            references=reference,
            answer=answer,
            objection=objection,
            key_points=list(key_point or []),
            red_flags=list(red_flag or []),
            language=language,
            pass_mark=pass_mark,
        )
        spec = item.spec()
    except (ValidationError, ScoringError) as error:
        err.print(f"[red]error:[/red] {_message(error)}")
        raise typer.Exit(2) from None
    scorer = load_scorer(model)
    try:
        result = scorer.score(spec, answer)
    except ScoringError as error:
        err.print(f"[red]error:[/red] {error}")
        raise typer.Exit(2) from None
    if as_json:
        out.print_json(json.dumps(result.to_dict(), ensure_ascii=False))
    else:
        print_result(result)


def _read_lines(path: Path) -> Iterator[bytes]:
    if str(path) == "-":
        yield from sys.stdin.buffer
        return
    try:
        with path.open("rb") as f:
            yield from f
    except OSError as error:
        err.print(f"[red]error:[/red] cannot read {path}: {error.strerror}")
        raise typer.Exit(2) from None


def score_lines(scorer: Scorer, lines: Iterator[bytes], chunk: int = 32) -> Iterator[dict[str, Any]]:
    """Score JSON Lines in batches; a bad line yields an error object on its line, the rest are scored."""
    pending: list[tuple[int, StepSpec, str]] = []
    results: dict[int, dict[str, Any]] = {}
    next_out = 1
    for number, raw in enumerate(lines, start=1):
        parsed = _parse_line(raw, number, scorer.config.max_chars)
        if isinstance(parsed, dict):
            results[number] = parsed
        else:
            pending.append((number, *parsed))
        if len(pending) >= chunk:
            results |= _score_pending(scorer, pending)
            pending = []
        while next_out in results:
            yield results.pop(next_out)
            next_out += 1
    results |= _score_pending(scorer, pending)
    for number in sorted(results):
        yield results[number]


def _parse_line(raw: bytes, number: int, max_chars: int) -> tuple[StepSpec, str] | dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return _error(number, f"line is not valid UTF-8 (byte {error.start})")
    if not text.strip():
        return _error(number, "empty line: expected a JSON object")
    try:
        item = BatchItem.model_validate_json(text)
        spec = item.spec()
    except (ValidationError, ScoringError) as error:
        return _error(number, _message(error))
    if len(item.answer) > max_chars:
        return _error(number, f"the answer is {len(item.answer)} characters long; the limit is {max_chars}")
    return spec, item.answer


def _score_pending(scorer: Scorer, pending: list[tuple[int, StepSpec, str]]) -> dict[int, dict[str, Any]]:
    if not pending:
        return {}
    scored = scorer.score_batch([(spec, answer) for _, spec, answer in pending])
    return {number: {"line": number, **r.to_dict()} for (number, _, _), r in zip(pending, scored, strict=True)}


def _error(number: int, message: str) -> dict[str, Any]:
    return {"line": number, "error": message}


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        if first["type"] == "json_invalid":
            return f"invalid JSON: {first['msg']}"
        return f"{where}: {first['msg']}" if where else str(first["msg"])
    return str(error)


def print_result(result: ScoreResult) -> None:
    """A readable breakdown of one score."""
    verdict = "[green]passed[/green]" if result.passed else "[red]not passed[/red]"
    out.print(f"[bold]Score {result.score}/100[/bold] — {verdict} (pass mark {result.pass_mark})")
    if result.reason:
        out.print(f"Reason: {result.reason}")
        return
    out.print(f"Meaning: {result.meaning:.0f}/100, best match: reference #{result.best_reference}")
    out.print(f"  “{result.best_reference_text}”", style="dim")
    if result.key_points:
        table = Table("key point", "covered", "by the sentence", show_header=True)
        for k in result.key_points:
            table.add_row(k.text, "yes" if k.covered else "[yellow]missed[/yellow]", k.sentence or "")
        out.print(table)
    for hit in result.red_flags:
        tag = " [bold red]critical[/bold red]" if hit.critical else ""
        out.print(f"[red]Red flag[/red] {hit.label}{tag}: “{hit.words}” (−{hit.penalty}, by {hit.matched_by})")
