"""From the scenario format to the scorer's input."""

from __future__ import annotations

from scenarios.conversation import Said
from scenarios.schema import Scenario, Step
from scoring.scorer import GradedSample, KeyPointSpec, RedFlagSpec, ScoreResult, StepSpec


def step_spec(scenario: Scenario, step: Step, *, without_sample: int | None = None) -> StepSpec:
    """The scorer's view of a step; `without_sample` leaves one graded sample out (for honest evaluation)."""
    return StepSpec(
        references=tuple(step.references),
        key_points=tuple(KeyPointSpec(k.text, k.weight, tuple(k.examples)) for k in step.key_points),
        red_flags=tuple(
            RedFlagSpec(f.label, tuple(f.phrases), f.meaning, f.penalty, f.critical) for f in step.red_flags
        ),
        customer_line=step.customer_line,
        language=scenario.language,
        samples=tuple(
            GradedSample(s.answer, s.grade, None if s.covers is None else tuple(s.covers))
            for i, s in enumerate(step.samples)
            if i != without_sample
        ),
        pass_mark=step.pass_mark if step.pass_mark is not None else scenario.pass_mark,
    )


def said(result: ScoreResult) -> Said:
    """What the conversation needs of a score: passed, any critical red flag (the step's, a company stop phrase, the
    tone check), and the labels of the step's own red flags found (their reactions)."""
    return Said(
        passed=result.passed,
        critical=any(flag.critical for flag in result.red_flags),
        flags=tuple(flag.label for flag in result.red_flags if flag.source == "step"),
    )
