"""Evaluation on the scenario library: its graded samples, key-point labels and the adversarial answers
(`evalsets/adversarial`). Lives here, where the scenario format meets the scorer; `scoring/` knows neither."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field

from scenarios.convert import step_spec
from scenarios.loader import builtin_library, load_paths
from scoring.eval_run import Job
from scoring.evaluate import Figure, evaluate_key_points, evaluate_library
from scoring.scorer import Scorer, ScoreResult, StepSpec
from scoring.stop_phrases import default_stop_phrases

LIBRARY_DATASETS = ("library", "library-no-examples", "adversarial")
Attack = Literal[
    "refusal",
    "word_list",
    "rubric_readback",
    "stop_phrase",
    "rude_tone",
    "padding",
    "repetition",
    "off_topic",
    "control_good",
    "control_negation",
]
ATTACKS: tuple[Attack, ...] = get_args(Attack)
BATCH = 32
Progress = Callable[[int], None]


def library_steps(
    paths: Sequence[Path] | None = None, *, without_examples: bool = False, min_samples: int = 2
) -> list[tuple[str, StepSpec]]:
    """(scenario/step, scorer input) for every step with graded samples in the given or built-in files, with the
    built-in stop phrases (as a company starts with them); `without_examples` drops every key point's examples."""
    result = load_paths(paths or [builtin_library()])
    stops = default_stop_phrases()
    out = []
    for scenario in result.scenarios:
        for step in scenario.steps:
            if len(step.samples) < min_samples:
                continue
            spec = dataclasses.replace(step_spec(scenario, step), stop_phrases=stops)
            if without_examples:
                points = tuple(dataclasses.replace(k, examples=()) for k in spec.key_points)
                spec = dataclasses.replace(spec, key_points=points)
            out.append((f"{scenario.id}/{step.id}", spec))
    return out


class Expectation(BaseModel):
    """What must hold for an adversarial answer to count as handled."""

    model_config = ConfigDict(extra="forbid")
    passed: bool | None = None  # left out: the writer would not say (test8 has two such promises)
    max_score: Annotated[int, Field(ge=0, le=100)] | None = None
    reason: str | None = None
    uncovered: list[Annotated[int, Field(ge=1)]] | Literal["all"] | None = None
    flagged: bool | None = None


class AdversarialItem(BaseModel):
    """One answer of the adversarial set."""

    model_config = ConfigDict(extra="forbid")
    id: str
    step: str
    attack: Attack
    answer: str
    expect: Expectation


@dataclass(frozen=True)
class Outcome:
    """An adversarial item, its score, and which expectations failed (empty: handled)."""

    item: AdversarialItem
    split: str
    result: ScoreResult
    failed: tuple[str, ...]


def default_adversarial_dir() -> Path | None:
    """`evalsets/adversarial` of this checkout, if present."""
    folder = Path(__file__).resolve().parents[1] / "evalsets" / "adversarial"
    return folder if folder.is_dir() else None


def read_adversarial(folder: Path) -> list[tuple[str, AdversarialItem]]:
    """(split, item) for every `*-dev.yaml`, `*-test.yaml` and `*-testN.yaml` under `folder`; split is the file
    name's last part (`test2`, `test3`…: further halves written later, listed in `SPLIT_STATUS`)."""
    out = []
    for path in sorted(folder.glob("*.yaml")):
        split = path.stem.rsplit("-", 1)[-1]
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.append((split, AdversarialItem.model_validate(raw)))
    return out


def check(item: AdversarialItem, result: ScoreResult) -> tuple[str, ...]:
    """The expectations of `item` that `result` breaks."""
    expect, failed = item.expect, []
    if expect.passed is not None and result.passed != expect.passed:
        failed.append("passed")
    if expect.max_score is not None and result.score > expect.max_score:
        failed.append("max_score")
    if expect.reason is not None and result.reason_code != expect.reason:
        failed.append("reason")
    if expect.flagged is not None and bool(result.red_flags) != expect.flagged:
        failed.append("flagged")
    if expect.uncovered is not None and result.key_points:
        numbers = range(1, len(result.key_points) + 1) if expect.uncovered == "all" else expect.uncovered
        if any(result.key_points[n - 1].covered for n in numbers if n <= len(result.key_points)):
            failed.append("uncovered")
    return tuple(failed)


def run_adversarial(
    scorer: Scorer, items: Sequence[tuple[str, AdversarialItem]], steps: dict[str, StepSpec], progress: Progress
) -> list[Outcome]:
    """Score every adversarial answer against its step."""
    unknown = sorted({item.step for _, item in items if item.step not in steps})
    if unknown:
        raise ValueError(f"adversarial answers name steps not in the library: {', '.join(unknown)}")
    outcomes = []
    for start in range(0, len(items), BATCH):
        chunk = items[start : start + BATCH]
        results = scorer.score_batch([(steps[item.step], item.answer) for _, item in chunk])
        outcomes += [Outcome(item, split, r, check(item, r)) for (split, item), r in zip(chunk, results, strict=True)]
        progress(len(chunk))
    return outcomes


SPLIT_STATUS = {
    "dev": "(tuned on)",
    "test": "(tuned on since 2026-11-30)",
    "test2": "(tuned on since its held-out run, 2026-11-30)",
    "test3": "(tuned on since its held-out run, 2026-11-30)",
    "test4": "(tuned on since its held-out run, 2026-11-30)",
    "test5": "(tuned on since its held-out run, 2026-11-30)",
    "test6": "(tuned on since its held-out run, 2026-11-30)",
    "test7": "(tuned on since its held-out run, 2026-11-30)",
    "test8": "(tuned on since its held-out run, 2026-11-30)",
    "test9": "(tuned on since 2026-12-01)",
    "test10": "(tuned on since 2026-12-01)",
    "test11": "(validation since 2026-12-01)",
    "test12": "(validation since 2026-12-01)",
    "test13": "(validation since 2026-12-01)",
    "test14": "(held out)",
}


def adversarial_figures(outcomes: Sequence[Outcome]) -> list[Figure]:
    """Share handled per split, per attack class and overall. dev: tuned on from the start; test: held out until
    the rules stood (87.6 % handled, 2026-11-29), tuned on since; test2: written later by another hand, held out
    until its run (84.8 %), tuned on since; test3: likewise (83.0 %, 2026-11-30); test4: likewise (88.1 %, 2026-11-30);
    test5: likewise (80.0 %, 2026-11-30); test6: likewise (80.0 %, 2026-11-30); test7: written later again by other
    hands, held out (82.2 % on the rules of commit f48410a, 81.6 % on c19e7c2, 2026-11-30), tuned on since; test8:
    written later again by other hands, held out (78.8 % on the rules of commit f477169, 2026-11-30), tuned on since;
    test9: written later again by other hands, held out (79.1 % on the rules of commit 972b4f3, 2026-11-30), used since
    2026-12-01 to choose the move check's thresholds; test10: written later again by other hands from a brief that
    named no wordings, held out (85.6 % with the move check as shipped, 81.2 % without it, 2026-12-01), tuned on since;
    test11: written later again by other hands from the same brief, held out (82.2 % with round 10, 2026-12-01),
    used since to check changes tuned on the others; test12: written later again by other hands from the same brief,
    held out (85.3 % with round 11, 84.4 % with round 10, 2026-12-01), used since to check changes; test13: written
    later again by other hands from the same brief, held out (83.8 % with round 11, 2026-12-01), used since to check
    changes; test14: likewise, held out."""
    figures = []
    for split in reversed(SPLIT_STATUS):  # the newest half first
        mine = [o for o in outcomes if o.split == split]
        if not mine:
            continue
        name = f"adversarial {split} " + SPLIT_STATUS[split]
        for attack in (*ATTACKS, "overall"):
            group = [o for o in mine if attack in ("overall", o.item.attack)]
            if group:
                handled = sum(not o.failed for o in group) / len(group)
                figures.append(Figure(name, f"handled: {attack}", handled, float("nan"), len(group), ""))
    return figures


def evaluate_adversarial(
    scorer: Scorer, folder: Path, steps: Sequence[tuple[str, StepSpec]], progress: Progress
) -> list[Figure]:
    """`parry eval` rows for the adversarial set."""
    items = read_adversarial(folder)
    return adversarial_figures(run_adversarial(scorer, items, dict(steps), progress))


def library_jobs(
    scorer: Scorer, *, scenario_paths: Sequence[Path] | None, only: Sequence[str] | None
) -> list[tuple[str, Job | str]]:
    """`parry eval`'s jobs over the scenario library: graded samples and key points (also with every key point's
    examples removed), and the adversarial answers."""
    wanted = [d for d in LIBRARY_DATASETS if not only or d in only]
    jobs: list[tuple[str, Job | str]] = []
    steps = library_steps(scenario_paths)
    labelled = sum(s.covers is not None for _, spec in steps if spec.key_points for s in spec.samples)
    if "library" in wanted:
        total = sum(len(s.samples) for _, s in steps) + labelled
        job = (total, lambda p: evaluate_library(scorer, steps, p) + evaluate_key_points(scorer, steps, p))
        jobs.append(("library", job if steps else "library: no steps with graded samples"))
    if "library-no-examples" in wanted and steps:
        bare = library_steps(scenario_paths, without_examples=True)
        jobs.append(("library-no-examples", (labelled, lambda p: _renamed(evaluate_key_points(scorer, bare, p)))))
    if "adversarial" in wanted:
        folder = default_adversarial_dir()
        if folder is None or scenario_paths:
            jobs.append(("adversarial", "adversarial: evalsets/adversarial not found (or other scenario files given)"))
        else:
            every = library_steps(None, min_samples=0)
            items = read_adversarial(folder)
            jobs.append(
                (
                    "adversarial",
                    (len(items), lambda p: adversarial_figures(run_adversarial(scorer, items, dict(every), p))),
                )
            )
    return jobs


def _renamed(figures: list[Figure]) -> list[Figure]:
    return [dataclasses.replace(f, dataset=f"{f.dataset} (no examples)") for f in figures]
