"""Agreement measures on hand-computed cases, the benchmark readers, and the Markdown table of `parry eval`."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from scoring.eval_run import END, START, render_markdown, update_markdown
from scoring.evaluate import (
    Figure,
    Report,
    _best_f1_threshold,
    _prf,
    evaluate_key_points,
    knn_grades,
    pairwise_accuracy,
    read_semeval,
    read_stsb,
)
from scoring.scorer import GradedSample, KeyPointSpec, Scorer, StepSpec


def test_pairwise_accuracy_of_a_perfect_order() -> None:
    assert pairwise_accuracy([90, 50, 10], [100, 60, 0]) == (1.0, 3)


def test_pairwise_accuracy_of_a_reversed_order() -> None:
    assert pairwise_accuracy([10, 50, 90], [100, 60, 0]) == (0.0, 3)


def test_pairwise_accuracy_counts_a_tie_in_scores_as_half() -> None:
    # pairs: (a,b) tied scores -> 0.5; (a,c) right; (b,c) right -> 2.5 / 3
    accuracy, pairs = pairwise_accuracy([70, 70, 10], [100, 60, 0])
    assert pairs == 3
    assert accuracy == pytest.approx(2.5 / 3)


def test_pairwise_accuracy_skips_pairs_with_equal_grades() -> None:
    # (a,b) equal grades: skipped; (a,c) wrong; (b,c) right -> 1 / 2
    assert pairwise_accuracy([10, 90, 50], [80, 80, 20]) == (0.5, 2)


def test_pairwise_accuracy_without_any_pair_is_nan() -> None:
    accuracy, pairs = pairwise_accuracy([1, 2, 3], [50, 50, 50])
    assert pairs == 0
    assert math.isnan(accuracy)


def test_read_stsb_reads_three_column_rows_and_skips_others(tmp_path: Path) -> None:
    path = tmp_path / "stsb.csv"
    path.write_text('A man plays.,"A man, playing.",4.2\nbroken row\nКот спит.,Собака лает.,0.4\n', encoding="utf-8")
    assert read_stsb(path) == [("A man plays.", "A man, playing.", 4.2), ("Кот спит.", "Собака лает.", 0.4)]


SEMEVAL = """<?xml version="1.0" encoding="UTF-8"?>
<question id="Q1" qtype="Q_EXPLAIN">
  <questionText>Why does the bulb light?</questionText>
  <referenceAnswers>
    <referenceAnswer id="R1">The circuit is closed.</referenceAnswer>
    <referenceAnswer id="R2">   </referenceAnswer>
  </referenceAnswers>
  <studentAnswers>
    <studentAnswer id="S1" accuracy="correct">Because the circuit is closed.</studentAnswer>
    <studentAnswer id="S2" accuracy="contradictory">The circuit is open.</studentAnswer>
    <studentAnswer id="S3" accuracy="non_domain">hello</studentAnswer>
    <studentAnswer id="S4" accuracy="incorrect">  </studentAnswer>
    <studentAnswer id="S5" accuracy="incorrect">Batteries.</studentAnswer>
  </studentAnswers>
</question>
"""


def test_read_semeval_keeps_answers_with_known_labels_and_text(tmp_path: Path) -> None:
    (tmp_path / "beetle").mkdir()
    (tmp_path / "beetle" / "Q1.xml").write_text(SEMEVAL, encoding="utf-8")
    no_reference = SEMEVAL.replace(">The circuit is closed.</referenceAnswer>", "></referenceAnswer>")
    (tmp_path / "beetle" / "Q2.xml").write_text(no_reference, encoding="utf-8")  # skipped: no reference answer
    [item] = read_semeval(tmp_path)
    assert item.key == "beetle/Q1"
    assert item.references == ("The circuit is closed.",)
    assert item.answers == ("Because the circuit is closed.", "The circuit is open.", "Batteries.")
    assert item.labels == ("correct", "contradictory", "incorrect")


def report() -> Report:
    return Report(
        model_name="builtin",
        figures=[
            Figure("STS-B RU", "Spearman", 0.81234, 0.6, 100, "cosine"),
            Figure("SemEval Beetle", "Spearman (2/1/0)", 0.5, 0.4, 10, "refs", cosine=0.45),
            Figure("library en", "pairwise order", float("nan"), 0.5, 0),
        ],
        skipped=["beetle: benchmark data not found (pass --data)"],
    )


def test_render_markdown_puts_the_model_beside_the_baselines() -> None:
    table = render_markdown(report())
    assert "| STS-B RU | Spearman | 100 | 0.812 | 0.600 | — | — | cosine |" in table
    assert "| SemEval Beetle | Spearman (2/1/0) | 10 | 0.500 | 0.400 | 0.450 | — | refs |" in table
    assert "| library en | pairwise order | 0 | — | 0.500 | — | — |  |" in table
    assert "Skipped: beetle: benchmark data not found (pass --data)" in table
    assert "`builtin`" in table


def test_update_markdown_replaces_only_the_text_between_the_markers(tmp_path: Path) -> None:
    doc = tmp_path / "scoring.md"
    doc.write_text(f"# Scoring\n\nBefore.\n{START}\nold table\n{END}\nAfter.\n", encoding="utf-8")
    update_markdown(doc, "new table\n")
    assert doc.read_text(encoding="utf-8") == f"# Scoring\n\nBefore.\n{START}\nnew table\n{END}\nAfter.\n"
    update_markdown(doc, "newer table\n")
    assert doc.read_text(encoding="utf-8").count(START) == 1
    assert "newer table" in doc.read_text(encoding="utf-8")
    assert "new table\n" not in doc.read_text(encoding="utf-8")


def test_update_markdown_appends_the_markers_when_missing(tmp_path: Path) -> None:
    doc = tmp_path / "scoring.md"
    doc.write_text("# Scoring\n", encoding="utf-8")
    update_markdown(doc, "table with a backslash \\1 and $ signs\n")
    assert doc.read_text(encoding="utf-8") == f"# Scoring\n\n{START}\ntable with a backslash \\1 and $ signs\n{END}\n"
    missing = tmp_path / "new.md"
    update_markdown(missing, "t\n")
    assert missing.read_text(encoding="utf-8") == f"\n{START}\nt\n{END}\n"


# --- key points against trainers' labels -----------------------------------------------------------------------


def test_precision_recall_and_f1_of_boolean_decisions() -> None:
    predicted = np.array([True, True, False, False, True])
    gold = np.array([True, False, True, False, True])
    # 2 hits of 3 predicted, of 3 true -> precision 2/3, recall 2/3, F1 2*2/(3+3)
    assert _prf(predicted, gold) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert all(math.isnan(v) for v in _prf(np.array([False]), np.array([False])))


def test_the_baseline_threshold_is_the_one_with_the_best_f1() -> None:
    values = np.array([0.1, 0.4, 0.35, 0.8, 0.2])
    gold = np.array([False, True, True, True, False])
    assert _best_f1_threshold(values, gold) == pytest.approx(0.35)  # all three true, none false: F1 1


@pytest.mark.model
def test_key_point_detection_is_measured_against_the_labels(scorer: Scorer) -> None:
    points = (KeyPointSpec("Asks what the customer compares the price with"), KeyPointSpec("Proposes a call on a day"))
    samples = (
        GradedSample("I understand. What are you comparing our price with? Let's talk on Thursday.", 90, (1, 2)),
        GradedSample("Our price is fair, the market is expensive nowadays, that is all.", 20, ()),
        GradedSample("What offer are you comparing us with, and at what volume?", 60, (1,)),
    )
    spec = StepSpec(
        references=("What do you compare it with? Shall we talk on Friday?", "Compared with what?"),
        key_points=points,
        language="en",
        samples=samples,
    )
    done: list[int] = []
    figures = {f.metric: f for f in evaluate_key_points(scorer, [("s/price", spec)], done.append)}
    assert sum(done) == 3
    assert set(figures) == {"ROC AUC covered vs not (meaning alone)", "precision", "recall", "F1"}
    assert all(f.n == 6 and f.dataset == "library en key points" for f in figures.values())
    assert figures["ROC AUC covered vs not (meaning alone)"].note.startswith("3 of 6 (sample, key point) pairs covered")
    assert 0.0 <= figures["F1"].model <= 1.0
    assert 0.0 < figures["F1"].baseline <= 1.0


def test_knn_grade_is_the_cosine_weighted_grade_of_the_nearest_points() -> None:
    points = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]], dtype=np.float32)
    grades = np.array([100.0, 0.0, 30.0])
    answers = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    # k=1: the nearest point's grade
    np.testing.assert_allclose(knn_grades(answers, points, grades, k=1), [100.0, 0.0])
    # k=2 for (1, 0): cosines 1 (grade 100) and 0.6 (grade 30) -> (100 + 18) / 1.6
    assert knn_grades(answers[:1], points, grades, k=2)[0] == pytest.approx(118 / 1.6)
