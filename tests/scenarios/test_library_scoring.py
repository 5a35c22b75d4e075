"""With the real model, the scorer orders each shipped step's graded samples like the trainers' grades."""

from __future__ import annotations

import math

import pytest

from scenarios.evaluation import library_steps
from scoring.evaluate import evaluate_key_points, evaluate_library
from scoring.scorer import Scorer


@pytest.mark.slow
@pytest.mark.model
def test_the_scorer_orders_the_librarys_graded_samples_per_language(scorer: Scorer) -> None:
    steps = library_steps(None)
    samples = sum(len(spec.samples) for _, spec in steps)
    done: list[int] = []
    figures = evaluate_library(scorer, steps, done.append)

    assert sum(done) == samples
    pairwise = {f.dataset: f for f in figures if f.metric == "pairwise order"}
    assert set(pairwise) == {"library ru", "library en"}
    assert sum(f.n for f in pairwise.values()) == samples
    for figure in pairwise.values():
        assert not math.isnan(figure.model)
        assert figure.model >= 0.85, f"{figure.dataset}: pairwise order {figure.model:.3f}"


@pytest.mark.slow
@pytest.mark.model
def test_key_points_without_examples_are_found_as_the_trainers_marked_them(scorer: Scorer) -> None:
    """Every key point's examples removed: F1 against the trainers' `covers` labels stays at 0.80 or higher in both
    languages (the examples are then the reference clauses the key points match, see key_points.prepare)."""
    figures = evaluate_key_points(scorer, library_steps(None, without_examples=True), lambda n: None)
    f1 = {f.dataset: f.model for f in figures if f.metric == "F1"}
    assert set(f1) == {"library en key points", "library ru key points"}
    for dataset, value in f1.items():
        assert value >= 0.80, f"{dataset}: F1 {value:.3f} without examples"
