"""Agreement measures on hand-computed cases, the benchmark readers, and the Markdown table of `parry eval`."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from scoring.eval_run import END, START, render_markdown, update_markdown
from scoring.evaluate import Figure, Report, pairwise_accuracy, read_semeval, read_stsb


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
            Figure("library en", "pairwise order", float("nan"), 0.5, 0),
        ],
        skipped=["beetle: benchmark data not found (pass --data)"],
    )


def test_render_markdown_puts_the_model_beside_the_baseline() -> None:
    table = render_markdown(report())
    assert "| STS-B RU | Spearman | 100 | 0.812 | 0.600 | cosine |" in table
    assert "| library en | pairwise order | 0 | — | 0.500 |  |" in table
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
