"""The scoring service's batching: answers arriving together are scored in one batch, each gets its own result,
and one answer that cannot be scored fails alone."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, cast

import pytest

from api.errors import InvalidError
from api.scoring import ScoringService
from scoring.scorer import Scorer, ScoreResult, ScoringConfig, ScoringError, StepSpec

SPEC = StepSpec(references=("one good answer", "another good answer"))


@dataclass
class CountingScorer:
    """Scores an answer by its length and records the batches it was given (the scoring itself is tested in
    tests/scoring; this checks only how the service hands answers over)."""

    config: ScoringConfig = field(default_factory=ScoringConfig)
    batches: list[int] = field(default_factory=list)
    gate: threading.Event = field(default_factory=threading.Event)

    def score_batch(self, items: list[tuple[StepSpec, str]]) -> list[ScoreResult]:
        self.gate.wait(5)
        self.batches.append(len(items))
        if any(answer == "boom" for _, answer in items):
            raise ScoringError("cannot score boom")
        return [ScoreResult(score=len(a), passed=True, pass_mark=0, answer=a) for _, a in items]


def _service(scorer: CountingScorer) -> ScoringService:
    return ScoringService(cast(Scorer, scorer), batch_window_s=0.05, max_batch=32)


def _score_together(service: ScoringService, scorer: CountingScorer, answers: list[str]) -> list[Any]:
    def one(answer: str) -> Any:
        try:
            return service.score(SPEC, answer).score
        except ScoringError as error:
            return str(error)

    with ThreadPoolExecutor(max_workers=len(answers)) as pool:
        futures = [pool.submit(one, answer) for answer in answers]
        scorer.gate.set()
        return [f.result() for f in futures]


def test_answers_arriving_together_are_scored_in_few_batches() -> None:
    scorer = CountingScorer()
    service = _service(scorer)
    answers = ["x" * n for n in range(1, 21)]
    assert _score_together(service, scorer, answers) == list(range(1, 21))
    assert sum(scorer.batches) == 20
    assert len(scorer.batches) < 20
    service.close()


def test_an_answer_that_fails_does_not_fail_the_others() -> None:
    scorer = CountingScorer()
    service = _service(scorer)
    results = _score_together(service, scorer, ["aa", "boom", "aaaa"])
    assert results == [2, "cannot score boom", 4]
    service.close()


def test_an_answer_over_the_limit_is_refused_before_scoring() -> None:
    scorer = CountingScorer()
    service = _service(scorer)
    with pytest.raises(InvalidError) as refused:  # a 422 with its code, like any refused input
        service.score(SPEC, "x" * 2001)
    assert (refused.value.code, refused.value.field, refused.value.params) == (
        "answer_too_long",
        "answer",
        {"length": 2001, "limit": 2000},
    )
    assert scorer.batches == []
    service.close()
