"""Head of sales' reports, checked against numbers computed here from the raw answers; CSV exports that open
in a spreadsheet; who may see which team."""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from api_builders import (
    FEEDBACK,
    Clock,
    client_for,
    make_team,
    make_user,
    publish_scenario,
    publish_track,
    scenario_document,
    session_of,
    wait_for_sample_scoring,
)
from fastapi import FastAPI
from sqlmodel import col, select
from training_builders import START, category_of, latest_version, record_practice, record_test

from api.models import Answer, Dispute, Role, Scenario, ScenarioVersion, Team, Track, User
from api.models.progress import SampleScore
from api.services import tests as test_service
from api.services.reports.agreement import spearman
from api.settings import Settings

V1 = "/api/v1"
NOW = START + timedelta(days=100)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"expiry_warning_days": 7})


def _second_document() -> dict[str, Any]:
    document = scenario_document("second", title="Уже есть поставщик", language="en")
    for step, category in zip(document["steps"], ["competitor", "competitor", "trust"], strict=True):
        step["category"] = category
    document["steps"][0]["samples"] = [
        {"answer": "We are cheaper, just switch.", "grade": 20},
        {"answer": "I understand. What do you value most in your current supplier?", "grade": 70},
        {
            "answer": "Fair enough. What would make a comparison worth your time? Shall we compare on Tuesday?",
            "grade": 90,
        },
    ]
    return document


@dataclass
class Raw:
    """One answer as the test stored it, and whether a report should count it."""

    id: int
    user_id: int
    team_id: int | None
    role: Role
    scenario_id: int
    step_id: str
    category: str
    kind: str
    score: int
    final: int
    passed: bool
    pass_mark: int
    at: datetime
    counted: bool = True  # False for an answer of a test still running

    @property
    def effective_passed(self) -> bool:
        return self.passed if self.final == self.score else self.final >= self.pass_mark


@dataclass
class Company:
    moscow: Team
    export: Team
    reps: dict[str, User]
    trainer: User
    head: User
    admin: User
    scenarios: list[Scenario]
    track: Track
    raw: list[Raw]


def _new_answer(
    *, user: User, version: ScenarioVersion, step_id: str, score: int, at: datetime, **extra: Any
) -> Answer:
    return Answer(
        user_id=user.id or 0, kind=extra.get("kind", "practice"), test_id=extra.get("test_id"),
        scenario_id=version.scenario_id, scenario_version_id=version.id or 0, step_id=step_id,
        category=category_of(version, step_id), text=extra.get("text", f"Answer {score}"), score=score,
        passed=score >= 50, pass_mark=50, final_score=score, result=FEEDBACK, model="test", created_at=at,
    )  # fmt: skip


def _add_answer(app: FastAPI, *, user: User, scenario: Scenario, step_id: str, score: int, at: datetime) -> int:
    with session_of(app) as session:
        version = latest_version(app, scenario)
        answer = _new_answer(user=user, version=version, step_id=step_id, score=score, at=at)
        session.add(answer)
        session.commit()
        return answer.id or 0


def _company(app: FastAPI, clock: Clock, settings: Settings) -> Company:
    clock.current = START
    moscow, export = make_team(app, name="Москва, отдел 1", clock=clock), make_team(app, name="Export", clock=clock)
    names = {"anna": ("Анна Петрова", moscow), "ivan": ("Иван Смирнов", moscow), "olga": ("=Ольга", moscow),
             "petr": ("Пётр", moscow), "maria": ("Мария", moscow), "john": ("John", export), "kate": ("Kate", export),
             "loner": ("Без команды", None)}  # fmt: skip
    reps = {}
    for key, (name, team) in names.items():
        reps[key] = make_user(app, team=team, clock=clock, email=f"{key}@example.com")
        with session_of(app) as session:
            user = session.get(User, reps[key].id)
            assert user is not None
            user.name = name
            session.add(user)
            session.commit()
            reps[key] = user
    trainer = make_user(app, role=Role.trainer, team=moscow, clock=clock)
    head, admin = make_user(app, role=Role.head, clock=clock), make_user(app, role=Role.admin, clock=clock)
    scenarios = [
        publish_scenario(app, author=trainer, clock=clock),
        publish_scenario(app, author=trainer, clock=clock, document=_second_document()),
    ]
    track = publish_track(
        app, author=trainer, clock=clock, scenario_ids=[s.id or 0 for s in scenarios], team=moscow,
        certificate_valid_days=30, attempts_allowed=3, test_size=3, name="Цена и конкуренты",
    )  # fmt: skip
    company = Company(moscow, export, reps, trainer, head, admin, scenarios, track, [])
    _fill(app, company)
    return company


def _fill(app: FastAPI, company: Company) -> None:
    """Random practice answers over 100 days (some before the default 12-week period), a trainer's answers
    (not a rep: not counted), a finished test's answers (counted) and a running test's (not counted)."""
    rng = random.Random(5)
    steps = [(s, step) for s in company.scenarios for step in ("price", "pushback", "timing")]
    people = [*company.reps.values(), company.trainer]
    for user in people:
        for _ in range(rng.randint(15, 30)):
            scenario, step = rng.choice(steps)
            at = START + timedelta(days=rng.randint(0, 99), minutes=rng.randint(0, 600))
            score = rng.randint(0, 100)
            answer_id = _add_answer(app, user=user, scenario=scenario, step_id=step, score=score, at=at)
            company.raw.append(_raw(app, answer_id, user))
    _accept_a_dispute(app, company)
    anna = company.reps["anna"]
    finished = _test_answers(app, company, user=anna, at=NOW - timedelta(days=3), finish=True)
    running = _test_answers(app, company, user=company.reps["maria"], at=NOW - timedelta(hours=1), finish=False)
    company.raw += [_raw(app, i, anna) for i in finished]
    company.raw += [_raw(app, i, company.reps["maria"], counted=False) for i in running]


def _raw(app: FastAPI, answer_id: int, user: User, *, counted: bool = True) -> Raw:
    with session_of(app) as session:
        a = session.get(Answer, answer_id)
        assert a is not None
        return Raw(
            a.id or 0, a.user_id, user.team_id, user.role, a.scenario_id, a.step_id, a.category, a.kind, a.score,
            a.final_score, a.passed, a.pass_mark, a.created_at, counted,
        )  # fmt: skip


def _accept_a_dispute(app: FastAPI, company: Company) -> None:
    target = next(r for r in company.raw if r.user_id == company.reps["anna"].id and r.score < 50)
    with session_of(app) as session:
        answer = session.get(Answer, target.id)
        assert answer is not None
        answer.final_score = 88
        session.add(answer)
        session.add(
            Dispute(answer_id=target.id, user_id=target.user_id, comment="Covered it.", status="accepted",
                    original_score=target.score, new_score=88, reason="Yes.", reviewer_id=company.trainer.id,
                    created_at=target.at, reviewed_at=target.at)
        )  # fmt: skip
        session.commit()
    target.final = 88


def _test_answers(app: FastAPI, company: Company, *, user: User, at: datetime, finish: bool) -> list[int]:
    with session_of(app) as session:
        rep, track = session.get(User, user.id), session.get(Track, company.track.id)
        assert rep is not None
        assert track is not None
        test = test_service.start_test(session, rep=rep, track=track, now=at, settings=None)
        ids = []
        for item in test_service.items(session, test=test):
            version = session.get(ScenarioVersion, item.scenario_version_id)
            assert version is not None
            answer = _new_answer(user=user, version=version, step_id=item.step_id, score=77, at=at, kind="test",
                                 test_id=test.id)  # fmt: skip
            session.add(answer)
            session.flush()
            item.status, item.answer_id = "answered", answer.id
            session.add(item)
            ids.append(answer.id or 0)
        session.commit()
        if finish:
            test_service.finish(session, test=test, now=at + timedelta(minutes=5), grace_seconds=0)
        return ids


def _in(raw: list[Raw], *, since: date, until: date, team: int | None = None) -> list[Raw]:
    chosen = [r for r in raw if r.counted and r.role == Role.trainee and since <= r.at.date() <= until]
    return [r for r in chosen if team is None or r.team_id == team]


def _mean(values: list[int]) -> float:
    return round(sum(values) / len(values), 1)


def _get(app: FastAPI, clock: Clock, user: User, path: str) -> Any:
    clock.current = NOW
    response = client_for(app, user, clock=clock).get(f"{V1}{path}")
    assert response.status_code == 200, response.text
    return response.json()


DEFAULT_SINCE, DEFAULT_UNTIL = NOW.date() - timedelta(days=83), NOW.date()


# --- numbers -------------------------------------------------------------------------------------------------------


def test_heatmap_is_the_mean_score_of_each_team_and_category(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = _company(app, clock, settings)
    report = _get(app, clock, company.head, "/reports/heatmap")
    assert (report["period"]["since"], report["period"]["until"]) == (f"{DEFAULT_SINCE}", f"{DEFAULT_UNTIL}")
    groups: dict[tuple[int, str], list[Raw]] = defaultdict(list)
    for r in _in(company.raw, since=DEFAULT_SINCE, until=DEFAULT_UNTIL):
        if r.team_id is not None:
            groups[(r.team_id, r.category)].append(r)
    expected = {k: (len(v), len({r.user_id for r in v}), _mean([r.final for r in v])) for k, v in groups.items()}
    got = {(c["team_id"], c["category"]): (c["answers"], c["reps"], c["mean_score"]) for c in report["cells"]}
    assert got == expected
    assert report["categories"] == sorted({c for _, c in expected})
    assert {t["name"] for t in report["teams"]} == {"Москва, отдел 1", "Export"}


def test_heatmap_filters_by_team_and_period(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = _company(app, clock, settings)
    since, until = START.date() + timedelta(days=10), START.date() + timedelta(days=40)
    report = _get(
        app, clock, company.admin, f"/reports/heatmap?team_id={company.export.id}&since={since}&until={until}"
    )
    rows = _in(company.raw, since=since, until=until, team=company.export.id)
    assert sum(c["answers"] for c in report["cells"]) == len(rows)
    assert {c["team_id"] for c in report["cells"]} == {company.export.id}


def test_weakest_steps_are_the_lowest_means(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = _company(app, clock, settings)
    report = _get(app, clock, company.head, "/reports/weakest-steps?limit=100&min_answers=1")
    groups: dict[tuple[int, str], list[Raw]] = defaultdict(list)
    for r in _in(company.raw, since=DEFAULT_SINCE, until=DEFAULT_UNTIL):
        groups[(r.scenario_id, r.step_id)].append(r)
    expected = {
        k: (len(v), len({r.user_id for r in v}), _mean([r.final for r in v]),
            round(sum(r.effective_passed for r in v) / len(v), 3))
        for k, v in groups.items()
    }  # fmt: skip
    got = {
        (s["scenario_id"], s["step_id"]): (s["answers"], s["reps"], s["mean_score"], s["pass_rate"])
        for s in report["steps"]
    }
    assert got == expected
    means = [s["mean_score"] for s in report["steps"]]
    assert means == sorted(means)
    top = _get(app, clock, company.head, "/reports/weakest-steps?limit=2&min_answers=1")["steps"]
    assert [s["mean_score"] for s in top] == means[:2]
    assert {s["customer_line"] for s in report["steps"]} >= {"Your software is too expensive for us."}
    crowded = _get(app, clock, company.head, "/reports/weakest-steps?limit=100&min_answers=12")["steps"]
    assert {(s["scenario_id"], s["step_id"]) for s in crowded} == {k for k, v in expected.items() if v[0] >= 12}


def test_activity_counts_each_week(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = _company(app, clock, settings)
    report = _get(app, clock, company.head, f"/reports/activity?team_id={company.moscow.id}")
    rows = _in(company.raw, since=DEFAULT_SINCE, until=DEFAULT_UNTIL, team=company.moscow.id)
    weeks: dict[date, list[Raw]] = defaultdict(list)
    for r in rows:
        weeks[r.at.date() - timedelta(days=r.at.weekday())].append(r)
    first = DEFAULT_SINCE - timedelta(days=DEFAULT_SINCE.weekday())
    assert report["weeks"][0]["week"] == f"{first}"
    assert len(report["weeks"]) == (DEFAULT_UNTIL - first).days // 7 + 1
    for week in report["weeks"]:
        group = weeks.get(date.fromisoformat(week["week"]), [])
        practice = [r.final for r in group if r.kind == "practice"]
        assert (week["practice_answers"], week["test_answers"], week["active_reps"], week["mean_practice_score"]) == (
            len(practice), sum(r.kind == "test" for r in group), len({r.user_id for r in group}),
            _mean(practice) if practice else None,
        ), week  # fmt: skip
    assert sum(w["test_answers"] for w in report["weeks"]) == 3  # the finished test; the running one is hidden


def test_drill_down_lists_a_reps_answers_newest_first(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = _company(app, clock, settings)
    ivan = company.reps["ivan"]
    report = _get(app, clock, company.trainer, f"/reports/reps/{ivan.id}/answers")
    expected = sorted(
        (r for r in company.raw if r.user_id == ivan.id and r.counted and r.at.date() >= DEFAULT_SINCE),
        key=lambda r: (r.at, r.id), reverse=True,
    )  # fmt: skip
    assert [a["id"] for a in report["answers"]] == [r.id for r in expected]
    assert report["name"] == "Иван Смирнов"
    anna = _get(app, clock, company.head, f"/reports/reps/{company.reps['anna'].id}/answers?since={START.date()}")
    disputed = [a for a in anna["answers"] if a["disputed"]]
    assert [(a["final_score"], a["passed"]) for a in disputed] == [(88, True)]


def test_certification_matrix_shows_where_each_rep_stands(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = _company(app, clock, settings)
    reps, track = company.reps, company.track
    perfect = {"price": 95, "pushback": 95, "timing": 95}
    for key, days_ago, scores in (("ivan", 25, perfect), ("olga", 40, perfect), ("petr", 2, {"price": 10})):
        record_test(app, rep=reps[key], track=track, scores=scores, at=NOW - timedelta(days=days_ago))
    record_practice(app, rep=reps["maria"], scenario=company.scenarios[0], step_id="price", score=70,
                    at=NOW - timedelta(days=1), settings=settings)  # fmt: skip
    other = publish_track(app, author=company.head, clock=clock, scenario_ids=[company.scenarios[0].id or 0],
                          user=reps["kate"], name="Export basics")  # fmt: skip
    matrix = _get(app, clock, company.head, "/reports/certification")
    cells = {(row["name"], cell["track_name"]): cell for row in matrix["rows"] for cell in row["tracks"]}
    moscow_track = "Цена и конкуренты"
    expected = {"Анна Петрова": "certified", "Иван Смирнов": "expiring", "=Ольга": "expired", "Пётр": "failed",
                "Мария": "in_progress"}  # fmt: skip
    assert {name: cells[(name, moscow_track)]["status"] for name in expected} == expected
    assert cells[("Иван Смирнов", moscow_track)]["cycle_state"] == "expiring"
    assert cells[("=Ольга", moscow_track)]["cycle_state"] == "expired"
    assert cells[("Kate", "Export basics")]["status"] == "not_started"
    assert [t["name"] for t in matrix["tracks"]] == ["Export basics", moscow_track]
    anna = cells[("Анна Петрова", moscow_track)]
    assert anna["expires_at"][:10] == f"{(NOW - timedelta(days=3, minutes=-5) + timedelta(days=30)).date()}"
    assert anna["tests_taken"] == 1  # passed with 77 (see _fill)
    names = [row["name"] for row in matrix["rows"]]
    assert len(names) == len(reps)
    assert other.id is not None


def test_a_trainer_sees_only_their_own_team(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = _company(app, clock, settings)
    matrix = _get(app, clock, company.trainer, "/reports/certification")
    assert {row["team_name"] for row in matrix["rows"]} == {"Москва, отдел 1"}
    heat = _get(app, clock, company.trainer, "/reports/heatmap")
    assert {c["team_id"] for c in heat["cells"]} == {company.moscow.id}
    client = client_for(app, company.trainer, clock=clock)
    for path in ("heatmap", "activity", "weakest-steps", "certification", "heatmap.csv"):
        refused = client.get(f"{V1}/reports/{path}?team_id={company.export.id}")
        assert refused.status_code == 403, path
    assert client.get(f"{V1}/reports/reps/{company.reps['john'].id}/answers").status_code == 404
    trainee = client_for(app, company.reps["anna"], clock=clock)
    for path in ("heatmap", "activity", "weakest-steps", "certification", "agreement", "certification.csv",
                 f"reps/{company.reps['anna'].id}/answers"):  # fmt: skip
        assert trainee.get(f"{V1}/reports/{path}").status_code == 403, path


def test_a_period_must_make_sense(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = _company(app, clock, settings)
    client = client_for(app, company.head, clock=clock)
    assert client.get(f"{V1}/reports/heatmap?since=2026-03-01&until=2026-02-01").status_code == 422
    assert client.get(f"{V1}/reports/heatmap?since=2000-01-01&until=2026-02-01").status_code == 422
    assert client.get(f"{V1}/reports/heatmap?since=yesterday").status_code == 422


# --- CSV -----------------------------------------------------------------------------------------------------------


def _csv(app: FastAPI, clock: Clock, user: User, path: str) -> list[list[str]]:
    clock.current = NOW
    response = client_for(app, user, clock=clock).get(f"{V1}{path}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="parry-')
    assert response.content.startswith("\ufeff".encode())  # the BOM: Excel reads UTF-8
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    delimiter = ";" if "sep=semicolon" in path else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_csv_exports_have_a_header_cyrillic_intact_and_one_row_per_entity(
    app: FastAPI, clock: Clock, settings: Settings
) -> None:
    company = _company(app, clock, settings)
    head = company.head
    matrix = _csv(app, clock, head, "/reports/certification.csv")
    assert matrix[0] == ["rep", "email", "team", "Цена и конкуренты: status", "Цена и конкуренты: expires"]
    assert len(matrix) - 1 == len(company.reps)
    by_name = {row[0]: row for row in matrix[1:]}
    assert by_name["Анна Петрова"][2] == "Москва, отдел 1"
    assert "'=Ольга" in by_name  # a cell that starts like a formula is not a formula
    assert by_name["John"][3] == "not_assigned"

    heat = _csv(app, clock, head, "/reports/heatmap.csv")
    report = _get(app, clock, head, "/reports/heatmap")
    assert heat[0] == ["team", "answers", *report["categories"]]
    assert sorted(row[0] for row in heat[1:]) == sorted(t["name"] for t in report["teams"])

    weakest = _csv(app, clock, head, "/reports/weakest-steps.csv?min_answers=1&limit=100")
    assert weakest[0][:3] == ["scenario", "step", "category"]
    assert len(weakest) - 1 == len(_get(app, clock, head, "/reports/weakest-steps?min_answers=1&limit=100")["steps"])
    assert "Уже есть поставщик" in {row[0] for row in weakest[1:]}

    activity = _csv(app, clock, head, "/reports/activity.csv")
    assert len(activity) - 1 == len(_get(app, clock, head, "/reports/activity")["weeks"])

    ivan = company.reps["ivan"]
    answers = _csv(app, clock, head, f"/reports/reps/{ivan.id}/answers.csv")
    assert answers[0][-1] == "answer"
    assert len(answers) - 1 == len(_get(app, clock, head, f"/reports/reps/{ivan.id}/answers")["answers"])

    agreement = _csv(app, clock, head, "/reports/agreement.csv")
    assert agreement[0][-2:] == ["mean abs difference", "spearman"]


def test_csv_for_excel_in_a_russian_locale_uses_semicolons_and_decimal_commas(
    app: FastAPI, clock: Clock, settings: Settings
) -> None:
    company = _company(app, clock, settings)
    rows = _csv(app, clock, company.head, "/reports/weakest-steps.csv?min_answers=1&sep=semicolon")
    means = [row[6] for row in rows[1:]]
    assert all("." not in m for m in means)
    assert any("," in m for m in means)


# --- agreement -----------------------------------------------------------------------------------------------------


def test_agreement_per_step_from_disputes_and_graded_samples(app: FastAPI, clock: Clock, settings: Settings) -> None:
    company = _company(app, clock, settings)
    second = company.scenarios[1]
    version = latest_version(app, second)
    sample_scores = [35, 60, 80]  # as if the scorer gave them, grades 20 / 70 / 90
    with session_of(app) as session:
        for index, score in enumerate(sample_scores):
            session.add(SampleScore(scenario_version_id=version.id or 0, scenario_id=second.id or 0, step_id="price",
                                    sample_index=index, grade=[20, 70, 90][index], score=score, model="test",
                                    scored_at=NOW))  # fmt: skip
        rejected = next(r for r in company.raw if r.scenario_id == second.id and r.step_id == "price")
        session.add(Dispute(answer_id=rejected.id, user_id=rejected.user_id, comment="?", status="rejected",
                            original_score=rejected.score, created_at=NOW, reason="No."))  # fmt: skip
        session.commit()
    report = _get(app, clock, company.trainer, "/reports/agreement")
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
    scenario = publish_scenario(app, author=trainer, clock=clock, document=_second_document())
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
