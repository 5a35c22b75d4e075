"""The scoring engine inside the service: one model per process, scenario versions parsed once, and
concurrent answers scored together in small batches."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from queue import Empty, SimpleQueue
from typing import Any

from api.errors import InvalidError
from scenarios.convert import step_spec
from scenarios.schema import Scenario
from scoring.scorer import Scorer, ScoreResult, ScoringError, StepSpec

log = logging.getLogger("parry.scoring")


@dataclass
class _Job:
    spec: StepSpec
    answer: str
    future: Future[ScoreResult] = field(default_factory=Future)


class ScoringService:
    """Hands out parsed scenario versions and scores answers; thread-safe.

    The scorer is given (tests, one model per test session) or built by `load` on first need.
    """

    def __init__(
        self,
        scorer: Scorer | None = None,
        *,
        load: Callable[[], Scorer] | None = None,
        batch_window_s: float = 0.005,
        max_batch: int = 32,
        max_versions: int = 2048,
    ) -> None:
        self._scorer = scorer
        self._load = load
        self._load_lock = threading.Lock()
        self._versions: OrderedDict[int, Scenario] = OrderedDict()
        self._versions_lock = threading.Lock()
        self._max_versions = max_versions
        self._window = batch_window_s
        self._max_batch = max_batch
        self._queue: SimpleQueue[_Job | None] = SimpleQueue()
        self._worker: threading.Thread | None = None
        self._worker_lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """True once the model is in memory."""
        return self._scorer is not None

    def scorer(self) -> Scorer:
        """The scorer, loading the model the first time it is needed."""
        if self._scorer is None:
            with self._load_lock:
                if self._scorer is None:
                    if self._load is None:
                        raise RuntimeError("no scorer and no way to load one")
                    self._scorer = self._load()
        return self._scorer

    def scenario(self, version_id: int, content: dict[str, Any]) -> Scenario:
        """The parsed scenario of a published version (versions never change, so it is cached by id)."""
        with self._versions_lock:
            if version_id in self._versions:
                self._versions.move_to_end(version_id)
                return self._versions[version_id]
        parsed = Scenario.model_validate(content)
        with self._versions_lock:
            self._versions[version_id] = parsed
            while len(self._versions) > self._max_versions:
                self._versions.popitem(last=False)
        return parsed

    def warm(self, scenario: Scenario) -> None:
        """Compute the embeddings of every step now (at publish), if the model is loaded."""
        if self._scorer is None:
            return
        for step in scenario.steps:
            self._scorer.prepare(step_spec(scenario, step))

    def score(self, spec: StepSpec, answer: str) -> ScoreResult:
        """Score one answer, batched with answers arriving at the same moment; raises InvalidError (answer_too_long)
        before scoring an answer over the limit, ScoringError for one the scorer refuses."""
        scorer = self.scorer()
        if len(answer) > scorer.config.max_chars:
            raise InvalidError("answer_too_long", field="answer", length=len(answer), limit=scorer.config.max_chars)
        job = _Job(spec, answer)
        self._ensure_worker()
        self._queue.put(job)
        return job.future.result()

    def close(self) -> None:
        """Stop the batching thread."""
        with self._worker_lock:
            if self._worker is not None:
                self._queue.put(None)
                self._worker.join(timeout=5)
                self._worker = None

    def _ensure_worker(self) -> None:
        with self._worker_lock:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="parry-scoring", daemon=True)
                self._worker.start()

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            batch = [job]
            deadline = time.monotonic() + self._window
            while len(batch) < self._max_batch:
                try:
                    more = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
                except Empty:
                    break
                if more is None:
                    self._score(batch)
                    return
                batch.append(more)
            self._score(batch)

    def _score(self, batch: list[_Job]) -> None:
        try:
            results = self.scorer().score_batch([(job.spec, job.answer) for job in batch])
        except Exception as error:
            if len(batch) > 1:  # one bad answer must not fail the others: score them one by one
                for job in batch:
                    self._score([job])
            else:
                if not isinstance(error, ScoringError):
                    log.exception("scoring failed")
                batch[0].future.set_exception(error)
            return
        for job, result in zip(batch, results, strict=True):
            job.future.set_result(result)
