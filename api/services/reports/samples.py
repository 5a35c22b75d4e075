"""Scoring the trainers' graded sample answers of the latest published versions, each with itself left out of its
step's calibration, for the agreement report; run as a background job by `api.services.sample_scoring`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from api.models import Scenario
from api.models.base import id_of
from api.models.progress import SampleScore
from api.scoring import ScoringService
from api.services.curriculum import latest_versions
from scenarios.convert import step_spec
from scenarios.schema import Scenario as Document

_Job = tuple[int, int, Document, int, int]  # version id, scenario id, the document, step number, sample number


def published_scenario_ids(session: Session, *, scenario_id: int | None) -> list[int]:
    """The one scenario asked for, or every scenario with a published version."""
    if scenario_id is not None:
        return [scenario_id]
    return [i for i in session.exec(select(Scenario.id).where(col(Scenario.latest_version) > 0)) if i is not None]


def sample_scores(session: Session, *, version_ids: list[int]) -> dict[tuple[int, str, int], int]:
    """The model's stored score of each graded sample of these versions, by (version id, step id, sample index);
    the latest wins."""
    if not version_ids:
        return {}
    query = select(SampleScore).where(col(SampleScore.scenario_version_id).in_(version_ids))
    return {
        (s.scenario_version_id, s.step_id, s.sample_index): s.score
        for s in session.exec(query.order_by(col(SampleScore.scored_at), col(SampleScore.id)))
    }


def sample_counts(session: Session) -> tuple[int, int]:
    """(graded sample answers of the latest published versions, of them scored by the model)."""
    versions = latest_versions(session, scenario_ids=published_scenario_ids(session, scenario_id=None))
    stored = sample_scores(session, version_ids=[id_of(v) for v in versions.values()])
    keys = [
        (version.id, step["id"], index)
        for version in versions.values()
        for step in version.content["steps"]
        for index in range(len(step.get("samples", [])))
    ]
    return len(keys), sum(key in stored for key in keys)


def score_samples(
    session: Session, *, scoring: ScoringService, now: datetime, limit: int | None = None, batch: int = 8
) -> int:
    """Score the graded samples of the latest published versions not scored yet, each with itself left out of
    the step's calibration, and store the scores; returns how many. Slow (a model pass per sample): it runs as a
    background job (`api.services.sample_scoring`), and each batch is stored as it is done, in a short transaction,
    so the job shows progress and holds no lock while it scores."""
    versions = latest_versions(session, scenario_ids=published_scenario_ids(session, scenario_id=None))
    stored = sample_scores(session, version_ids=[id_of(v) for v in versions.values()])
    jobs: list[_Job] = []
    for version in versions.values():
        document = scoring.scenario(id_of(version), version.content)
        for number, step in enumerate(document.steps):
            jobs += [
                (id_of(version), version.scenario_id, document, number, i)
                for i in range(len(step.samples))
                if (version.id, step.id, i) not in stored
            ]
    session.commit()  # end the reading transaction (on SQLite it holds the write lock) before scoring
    jobs = jobs[:limit] if limit is not None else jobs
    if not jobs:
        return 0
    scorer = scoring.scorer()
    for chunk in _chunks(jobs, batch):
        items = [(step_spec(d, d.steps[n], without_sample=i), d.steps[n].samples[i].answer) for *_, d, n, i in chunk]
        for (version_id, scenario_id, document, n, i), result in zip(chunk, scorer.score_batch(items), strict=True):
            step = document.steps[n]
            session.add(
                SampleScore(
                    scenario_version_id=version_id,
                    scenario_id=scenario_id,
                    step_id=step.id,
                    sample_index=i,
                    grade=step.samples[i].grade,
                    score=result.score,
                    model=result.model[:200],
                    scored_at=now,
                )
            )
        session.commit()
    return len(jobs)


def _chunks(items: list[_Job], size: int) -> Iterable[list[_Job]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
