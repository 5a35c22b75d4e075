"""`parry demo`: a company with weeks of history made by the real scheduling and the real scorer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from statistics import mean

import pytest
from api_builders import Clock, client_for, session_of
from fastapi import FastAPI
from sqlmodel import col, select
from typer.testing import CliRunner

from api import demo_command
from api.cli import app as cli
from api.errors import ConflictError
from api.models import Answer, Role, ScenarioVersion, User
from api.models.progress import CycleTransition, ReviewCard
from api.services import demo, stop_phrases
from api.settings import Settings, get_settings
from scenarios.schema import Scenario as Document
from scoring.scorer import Scorer

pytestmark = [pytest.mark.model, pytest.mark.slow]
V1 = "/api/v1"
OPTIONS = demo.DemoOptions(days=21, teams=(0,), reps_per_team=3, seed=3)


def test_the_demo_company_has_real_history(app: FastAPI, clock: Clock, scorer: Scorer, settings: Settings) -> None:
    stages: dict[str, list[tuple[int, int]]] = defaultdict(list)
    with session_of(app) as session:
        summary = demo.create_demo(
            session,
            scorer=scorer,
            settings=settings,
            now=clock.now(),
            options=OPTIONS,
            progress=lambda stage, done, total: stages[stage].append((done, total)),
        )
    assert (summary.teams, summary.users) == (1, 7)  # the head, a trainer, three reps, two new hires on a plan
    assert summary.practice_answers > 50
    assert stages["days"][-1] == (21, 21)
    assert stages["scoring"][-1][0] == stages["scoring"][-1][1]

    with session_of(app) as session:
        answers = list(session.exec(select(Answer).where(col(Answer.kind) == "practice")))
        assert len(answers) == summary.practice_answers
        assert all(a.created_at < clock.now() for a in answers)
        for answer in answers[:: max(1, len(answers) // 6)]:  # the stored score is the real scorer's
            version = session.get(ScenarioVersion, answer.scenario_version_id)
            assert version is not None
            document = Document.model_validate(version.content)
            step = document.step(answer.step_id)
            assert answer.text in {s.answer for s in step.samples} | set(step.references)
            spec = stop_phrases.spec_for(session, document, step)  # with the company's list, as the demo scored
            assert scorer.score(spec, answer.text).score == answer.score
        reps = list(session.exec(select(User).where(col(User.role) == Role.trainee).order_by(col(User.id))))
        reps = [r for r in reps if any(a.user_id == r.id for a in answers)]  # the new hires have no history yet
        by_rep = {r.id: mean(a.score for a in answers if a.user_id == r.id) for r in reps}
        assert by_rep[reps[-1].id] > by_rep[reps[0].id]  # the strongest rep scores above the weakest
        assert session.exec(select(ReviewCard)).first() is not None
        assert session.exec(select(CycleTransition)).first() is not None
        head = session.exec(select(User).where(col(User.role) == Role.head)).one()
    plans = client_for(app, head, clock=clock).get(f"{V1}/reports/plans").json()["reps"]
    assert [(r["name"], r["status"], r["behind_track_id"] is not None) for r in plans] == [
        ("Полина Зайцева", "behind", True),
        ("Илья Новиков", "on_plan", False),
    ]
    assert plans[0]["days_late"] == 20

    client = client_for(app, head, clock=clock)
    matrix = client.get(f"{V1}/reports/certification").json()
    assert len(matrix["rows"]) == 5  # three reps, two new hires
    assert {c["status"] for row in matrix["rows"] for c in row["tracks"]} - {"not_started"}
    assert client.get(f"{V1}/reports/heatmap").json()["cells"]
    assert client.get(f"{V1}/reports/weakest-steps").json()["steps"]
    assert sum(w["practice_answers"] for w in client.get(f"{V1}/reports/activity").json()["weeks"]) > 50

    with session_of(app) as session, pytest.raises(ConflictError):
        demo.create_demo(session, scorer=scorer, settings=settings, now=clock.now(), options=OPTIONS)


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'parry.db'}"
    monkeypatch.setenv("PARRY_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_parry_demo_creates_the_company_once(
    database_url: str, scorer: Scorer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo_command, "load_scorer", lambda settings: scorer)  # the model this session loaded
    runner = CliRunner()
    result = runner.invoke(cli, ["demo", "--days", "7", "--teams", "1", "--reps-per-team", "1"])
    assert result.exit_code == 0, result.output
    assert "demo company: 1 teams, 5 users" in result.output
    assert "elena.kravtsova@demo.parry.example" in result.output
    assert "simulating the days" in result.output
    again = runner.invoke(cli, ["demo", "--days", "7", "--teams", "1"])
    assert again.exit_code == 1
    assert "already" in again.output
