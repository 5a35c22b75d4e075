"""The scorer–trainer agreement view: per step, from decided disputes and the trainers' graded sample answers
(scored by the model in a background job)."""

from __future__ import annotations

import pytest
from api_builders import Clock, client_for, make_user, publish_scenario, session_of, wait_for_sample_scoring
from fastapi import FastAPI
from reports_world import NOW, V1, build_company, get_json, second_document
from sqlmodel import col, select
from training_builders import latest_version

from api.models import Dispute, Role
from api.models.progress import SampleScore
from api.services.reports.agreement import spearman
from api.settings import Settings


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"expiry_warning_days": 7})


def test_agreement_per_step_from_disputes_and_graded_samples(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = build_company(app, clock, settings)
    second = company.scenarios[1]
    version = latest_version(app, second)
    sample_scores = [35, 60, 80]  # as if the scorer gave them, grades 20 / 70 / 90
    with session_of(app) as session:
        for index, score in enumerate(sample_scores):
            session.add(
                SampleScore(
                    scenario_version_id=version.id or 0,
                    scenario_id=second.id or 0,
                    step_id="price",
                    sample_index=index,
                    grade=[20, 70, 90][index],
                    score=score,
                    model="test",
                    scored_at=NOW,
                )
            )
        rejected = next(r for r in company.raw if r.scenario_id == second.id and r.step_id == "price")
        session.add(
            Dispute(
                answer_id=rejected.id,
                user_id=rejected.user_id,
                comment="?",
                status="rejected",
                original_score=rejected.score,
                created_at=NOW,
                reason="No.",
            )
        )
        session.commit()
    report = get_json(app, clock, company.trainer, "/reports/agreement")
    step = next(s for s in report["steps"] if (s["scenario_id"], s["step_id"]) == (second.id, "price"))
    scorer = [*sample_scores, rejected.score]
    trainer = [20, 70, 90, rejected.score]
    accepted = [r for r in company.raw if r.final != r.score]
    if accepted[0].scenario_id == second.id and accepted[0].step_id == "price":
        scorer.append(accepted[0].score)
        trainer.append(accepted[0].final)
    mad = round(sum(abs(a - b) for a, b in zip(scorer, trainer, strict=True)) / len(scorer), 1)
    assert (step["samples"], step["pairs"], step["mean_abs_difference"]) == (3, len(scorer), mad)
    assert step["spearman"] == spearman(scorer, trainer)
    assert report["samples_missing"] == 0


def test_spearman_handles_ties_and_constant_input() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert spearman([1, 2, 3, 4], [40, 30, 20, 10]) == -1.0
    assert spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(0.949, abs=0.001)
    assert spearman([5, 5, 5], [1, 2, 3]) is None
    assert spearman([1], [1]) is None


@pytest.mark.model
def test_graded_samples_are_scored_once_with_themselves_left_out(
    app: FastAPI, clock: Clock, settings: Settings
) -> None:
    clock.current = NOW
    trainer = make_user(app, role=Role.trainer, clock=clock)
    scenario = publish_scenario(app, author=trainer, clock=clock, document=second_document())
    client = client_for(app, trainer, clock=clock)
    assert client.get(f"{V1}/reports/agreement").json()["samples_missing"] == 3
    started = client.post(f"{V1}/reports/agreement/samples")
    assert started.status_code == 202, started.text
    assert started.json() == {"running": True, "started": True, "samples": 3, "scored": 0, "missing": 3}
    assert wait_for_sample_scoring(client) == {
        "running": False,
        "started": False,
        "samples": 3,
        "scored": 3,
        "missing": 0,
    }
    again = client.post(f"{V1}/reports/agreement/samples")
    assert (again.status_code, again.json()["running"], again.json()["missing"]) == (202, False, 0)
    report = client.get(f"{V1}/reports/agreement").json()
    (step,) = report["steps"]
    assert (step["scenario_id"], step["step_id"], step["samples"], report["samples_missing"]) == (
        scenario.id,
        "price",
        3,
        0,
    )
    with session_of(app) as session:
        scores = [s.score for s in session.exec(select(SampleScore).order_by(col(SampleScore.sample_index)))]
    assert scores[0] < scores[2]  # the scorer orders the poor and the good sample as the trainer did
