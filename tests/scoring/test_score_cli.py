"""`parry score` (one answer, --json, --batch) and `parry eval`, run through the real command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from scoring_builders import EN_REFERENCES, PARAPHRASE, PARTIAL, RU_CUSTOMER_LINE, RU_REFERENCES
from typer.testing import CliRunner

from api.cli import app
from scenarios.loader import load_file
from scoring.cli import BatchItem, print_result, score_lines
from scoring.scorer import Scorer

runner = CliRunner()


def batch_line(**fields: Any) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8") + b"\n"


GOOD_RU = batch_line(
    references=list(RU_REFERENCES),
    answer=PARAPHRASE["ru"] + " Хорошо, сделаю скидку.",
    objection=RU_CUSTOMER_LINE,
    key_points=["Уточняет, с чем клиент сравнивает цену", {"text": "Предлагает следующий шаг", "weight": 2}],
    red_flags=["сделаю скидку", {"label": "Грубость", "phrases": ["ваши проблемы"], "critical": True}],
    language="ru",
)
GOOD_EN = batch_line(
    references=list(EN_REFERENCES),
    answer=PARTIAL["en"],
    samples=[{"answer": PARTIAL["en"] + " Really.", "grade": 40}, {"answer": PARAPHRASE["en"], "grade": 95}],
)
EMPTY_ANSWER = batch_line(references=list(EN_REFERENCES), answer="", language="en")


@pytest.mark.model
def test_score_json_prints_the_score_and_its_breakdown(scorer: Scorer) -> None:
    args = [
        "score",
        "--answer",
        PARAPHRASE["ru"],
        "--json",
        "--language",
        "ru",
        "--key-point",
        "Уточняет, с чем сравнивают",
    ]
    args += [arg for reference in RU_REFERENCES[:2] for arg in ("--reference", reference)]
    args += ["--red-flag", "дам скидку"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert {"score", "passed", "best_reference", "key_points", "red_flags"} <= printed.keys()
    assert 0 <= printed["score"] <= 100
    assert printed["best_reference"] == 0
    assert [k["text"] for k in printed["key_points"]] == ["Уточняет, с чем сравнивают"]
    assert printed["red_flags"] == []
    # the command and the library agree, bit for bit, across two loads of the model
    item = BatchItem(
        references=list(RU_REFERENCES[:2]),
        answer=PARAPHRASE["ru"],
        key_points=["Уточняет, с чем сравнивают"],
        red_flags=["дам скидку"],
        language="ru",
    )
    assert printed == json.loads(json.dumps(scorer.score(item.spec(), item.answer).to_dict()))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "--reference", "Понимаю."], "give --answer and at least one --reference"),
        (["score", "--answer", "Понимаю вас."], "give --answer and at least one --reference"),
        (["score", "--answer", "Понимаю вас.", "--reference", "Понимаю.", "--language", "de"], "language"),
    ],
)
def test_score_without_what_it_needs_exits_2_with_a_message(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.model
def test_score_batch_answers_every_line_in_order_and_never_stops_on_a_bad_one(tmp_path: Path, scorer: Scorer) -> None:
    lines = [
        GOOD_RU,
        b'{"references": ["a", "b"], "answer": \n',
        b'{"references": ["\xd0\x9f\xff\xfe"], "answer": "x y z"}\n',
        GOOD_EN,
        batch_line(answer="Понимаю вас, давайте посчитаем."),
        batch_line(references=list(RU_REFERENCES), answer=("Понимаю. " * 1250)[:10_000], language="ru"),
        b"\n",
        b"[1, 2, 3]\n",
        batch_line(references=list(RU_REFERENCES), answer="Понимаю вас.", colour="red"),
        EMPTY_ANSWER.rstrip(b"\n"),  # the last line has no line break
    ]
    path = tmp_path / "answers.jsonl"
    path.write_bytes(b"".join(lines))

    result = runner.invoke(app, ["score", "--batch", str(path)])

    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["line"] for o in out] == list(range(1, len(lines) + 1))
    errors = {o["line"]: o["error"] for o in out if "error" in o}
    assert sorted(errors) == [2, 3, 5, 6, 7, 8, 9]
    assert "invalid JSON" in errors[2]
    assert "not valid UTF-8" in errors[3]
    assert "references" in errors[5]
    assert "10000 characters" in errors[6]
    assert "2000" in errors[6]
    assert "colour" in errors[9]
    for number, raw in ((1, GOOD_RU), (4, GOOD_EN), (10, EMPTY_ANSWER)):
        scored = out[number - 1]
        assert {"score", "passed", "best_reference", "key_points", "red_flags"} <= scored.keys()
        item = BatchItem.model_validate_json(raw)
        expected = json.loads(json.dumps(scorer.score(item.spec(), item.answer).to_dict()))
        assert scored == {"line": number, **expected}
    assert [h["words"] for h in out[0]["red_flags"]] == ["сделаю скидку"]
    assert out[9]["reason_code"] == "empty"


@pytest.mark.model
def test_score_lines_keeps_the_order_across_chunks(scorer: Scorer) -> None:
    lines = [GOOD_EN if i % 3 else b"not json\n" for i in range(9)]
    out = list(score_lines(scorer, iter(lines), chunk=2))
    assert [o["line"] for o in out] == list(range(1, 10))
    assert ["error" in o for o in out] == [i % 3 == 0 for i in range(9)]
    assert len({o["score"] for o in out if "score" in o}) == 1


@pytest.mark.model
def test_the_readable_breakdown_names_the_reference_key_points_and_red_flags(
    scorer: Scorer, capsys: pytest.CaptureFixture[str]
) -> None:
    item = BatchItem.model_validate_json(GOOD_RU)
    result = scorer.score(item.spec(), item.answer)
    print_result(result)
    shown = capsys.readouterr().out
    assert f"Score {result.score}/100" in shown
    assert f"reference #{result.best_reference}" in shown
    assert "Уточняет" in shown
    assert "Предлагает" in shown
    assert "Red flag сделаю скидку: “сделаю скидку”" in shown


@pytest.mark.model
def test_the_readable_breakdown_of_a_refused_answer_gives_the_reason(
    scorer: Scorer, capsys: pytest.CaptureFixture[str]
) -> None:
    item = BatchItem.model_validate_json(EMPTY_ANSWER)
    print_result(scorer.score(item.spec(), item.answer))
    shown = capsys.readouterr().out
    assert "Score 0/100" in shown
    assert "The answer is empty." in shown


TINY_SCENARIO = """\
id: tiny-price
title: Tiny price scenario
language: en
context: You sell a CRM subscription to a wholesale company.
persona: {role: Sales director, company: Acme Wholesale, temperament: Careful}
steps:
  - id: price
    category: price
    customer_line: It is too expensive for us.
    references:
      - I understand, it is a real amount. What are you comparing it with? Let me work out the payback by Thursday.
      - Fair point, budget matters. What would show you the money was well spent? Let's try it free for two weeks.
    samples:
      - {answer: "I get it, the amount is real. What do you compare it with? I'll do the maths by Friday.", grade: 90}
      - {answer: "I understand it is expensive, but our system is good.", grade: 50}
      - {answer: "Well, that's the price, take it or leave it.", grade: 10}
      - {answer: "The weather is lovely today, we are off to the beach.", grade: 0}
"""


@pytest.mark.slow
@pytest.mark.model
def test_eval_on_scenario_files_prints_figures_beside_the_baseline(tmp_path: Path) -> None:
    source = tmp_path / "tiny.yaml"
    source.write_text(TINY_SCENARIO, encoding="utf-8")
    scenario, errors = load_file(source)
    assert scenario is not None, errors

    result = runner.invoke(app, ["eval", "--only", "library", "--json", "--scenarios", str(source)])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["model_name"] == "builtin"
    assert report["skipped"] == []
    figures = {f["metric"]: f for f in report["figures"]}
    assert {f["dataset"] for f in report["figures"]} == {"library en"}
    assert set(figures) == {"pairwise order", "Spearman per step (mean)", "Pearson"}
    assert figures["pairwise order"]["n"] == 4
    assert figures["Spearman per step (mean)"]["n"] == 1
    assert all(-1.0 <= f["model"] <= 1.0 and -1.0 <= f["baseline"] <= 1.0 for f in figures.values())
    assert 0.0 <= figures["pairwise order"]["model"] <= 1.0
