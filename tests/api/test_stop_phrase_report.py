"""The team report of the stop phrases reps use most: counted from the red flags stored with each answer, within
the period, team and scope of the other reports; the migration that fills it from answers stored before."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from api_builders import (
    FEEDBACK,
    STRONG,
    Clock,
    client_for,
    make_team,
    make_user,
    publish_scenario,
    publish_track,
    session_of,
)
from api_database import Database
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import col, select
from training_builders import latest_version

from api.migrate import alembic_config
from api.models import Answer, AnswerRedFlag, Exam, Role, Scenario, Team, User
from api.services import answers as answer_service
from api.services import stop_phrases
from api.services import tracks as track_service
from scoring.types import StopPhrase

V1 = "/api/v1"
PROMISE = {"phrase": "I'll do my best", "label": "Empty promise", "penalty": 10, "language": "en"}
TRY = {"phrase": "I'll try", "label": "Empty promise", "penalty": 10, "language": "en"}
DISCOUNT = {"phrase": "I can give you a discount", "label": "Instant discount", "penalty": 40, "critical": True}
LIST = {"parry-stop-phrases": 1, "phrases": [PROMISE, TRY, DISCOUNT]}


def _hit(source: str, label: str, words: str, penalty: int = 10, critical: bool = False) -> dict[str, Any]:
    return {
        "label": label,
        "penalty": penalty,
        "critical": critical,
        "matched_by": "phrase",
        "words": words,
        "start": 0,
        "end": len(words),
        "similarity": None,
        "source": source,
    }


def _company_hit(words: str, phrase: dict[str, Any]) -> dict[str, Any]:
    return _hit("company", phrase["label"], words, phrase["penalty"], phrase.get("critical", False))


def _answer(
    app: FastAPI, *, rep: User, scenario: Scenario, at: datetime, hits: list[dict[str, Any]], test: Exam | None = None
) -> int:
    """An answer stored with these red flags, recorded as the practice and test services record them."""
    version = latest_version(app, scenario)
    with session_of(app) as session:
        answer = Answer(
            user_id=rep.id or 0,
            kind="test" if test else "practice",
            test_id=test.id if test else None,
            scenario_id=scenario.id or 0,
            scenario_version_id=version.id or 0,
            step_id="price",
            category="price",
            text=" ".join(h["words"] for h in hits) or "An answer.",
            score=40,
            passed=False,
            pass_mark=50,
            final_score=40,
            result={**FEEDBACK, "red_flags": hits},
            model="test",
            created_at=at,
        )
        session.add(answer)
        answer_service.record_red_flags(session, answer=answer, phrases=stop_phrases.for_scoring(session))
        session.commit()
        return answer.id or 0


@dataclass
class Company:
    north: Team
    south: Team
    trainer: User
    head: User
    now: datetime


def _company(app: FastAPI, clock: Clock) -> Company:
    north, south = make_team(app, name="North", clock=clock), make_team(app, name="South", clock=clock)
    anna, ivan = make_user(app, team=north, clock=clock), make_user(app, team=north, clock=clock)
    olga = make_user(app, team=south, clock=clock)
    trainer = make_user(app, role=Role.trainer, team=north, clock=clock)
    head = make_user(app, role=Role.head, clock=clock)
    assert client_for(app, head, clock=clock).put(f"{V1}/stop-phrases", json=LIST).status_code == 200
    scenario = publish_scenario(app, author=trainer, clock=clock)
    now = clock.now()
    day = timedelta(days=1)
    step_flag = _hit("step", "immediate discount", "give you a discount", 30)
    _answer(app, rep=anna, scenario=scenario, at=now - 3 * day, hits=[_company_hit("I'll do my best", PROMISE)])
    _answer(
        app,
        rep=anna,
        scenario=scenario,
        at=now - 2 * day,
        hits=[_company_hit("I'll do my best", PROMISE), step_flag],
    )
    _answer(app, rep=ivan, scenario=scenario, at=now - day, hits=[_company_hit("i'll   DO my best", PROMISE)])
    _answer(app, rep=ivan, scenario=scenario, at=now - day, hits=[])
    _answer(app, rep=olga, scenario=scenario, at=now - 5 * day, hits=[_company_hit(DISCOUNT["phrase"], DISCOUNT)])
    _answer(app, rep=anna, scenario=scenario, at=now - 200 * day, hits=[_company_hit("I'll try", TRY)])  # too early
    promise = [_company_hit("I'll do my best", PROMISE)]
    _answer(app, rep=trainer, scenario=scenario, at=now - day, hits=promise)  # not a rep's
    track = publish_track(app, author=trainer, clock=clock, scenario_ids=[scenario.id or 0], team=north)
    with session_of(app) as session:
        track_version = track_service.latest_version(session, track=track)
        assert track_version is not None
        running = Exam(
            user_id=anna.id or 0,
            track_id=track.id or 0,
            track_version_id=track_version.id or 0,
            number=1,
            status="in_progress",
            seconds_per_answer=60,
            pass_mark=60,
            floor=30,
            started_at=now - day,
        )
        session.add(running)
        session.commit()
    hits = [_company_hit("I can give you a discount", DISCOUNT)]
    _answer(app, rep=anna, scenario=scenario, at=now - day, hits=hits, test=running)  # hidden until it is finished
    return Company(north, south, trainer, head, now)


def _rows(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(u["label"], u["phrase"], u["answers"], u["reps"], u["words"]) for u in report["phrases"]]


def test_the_head_sees_which_company_stop_phrases_the_reps_used_most(app: FastAPI, clock: Clock) -> None:
    company = _company(app, clock)
    head = client_for(app, company.head, clock=clock)
    reply = head.get(f"{V1}/reports/stop-phrases")
    assert reply.status_code == 200, reply.text
    report = reply.json()
    assert _rows(report) == [
        ("Empty promise", "I'll do my best", 3, 2, ["I'll do my best"]),
        ("Instant discount", "I can give you a discount", 1, 1, ["I can give you a discount"]),
    ]
    assert report["source"] == "company"
    assert (report["answers"], report["flagged_answers"]) == (5, 4)
    last = datetime.fromisoformat(report["phrases"][0]["last_used"])
    assert last == company.now - timedelta(days=1)

    south = head.get(f"{V1}/reports/stop-phrases", params={"team_id": company.south.id}).json()
    assert _rows(south) == [("Instant discount", "I can give you a discount", 1, 1, ["I can give you a discount"])]
    since = (company.now - timedelta(days=250)).date().isoformat()
    longer = head.get(f"{V1}/reports/stop-phrases", params={"since": since, "limit": 2}).json()
    assert [u["phrase"] for u in longer["phrases"]] == ["I'll do my best", "I can give you a discount"]
    everything = head.get(f"{V1}/reports/stop-phrases", params={"since": since, "limit": 10}).json()
    assert ("Empty promise", "I'll try", 1, 1, ["I'll try"]) in _rows(everything)


def test_the_steps_red_flags_and_every_source_can_be_asked_for(app: FastAPI, clock: Clock) -> None:
    company = _company(app, clock)
    head = client_for(app, company.head, clock=clock)
    step = head.get(f"{V1}/reports/stop-phrases", params={"source": "step"}).json()
    assert _rows(step) == [("immediate discount", None, 1, 1, ["give you a discount"])]
    assert step["flagged_answers"] == 1
    every = head.get(f"{V1}/reports/stop-phrases", params={"source": "all"}).json()
    assert {u["source"] for u in every["phrases"]} == {"company", "step"}
    assert every["flagged_answers"] == 4
    refused = head.get(f"{V1}/reports/stop-phrases", params={"source": "rude"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "source"


def test_a_trainer_sees_the_own_teams_reps_only(app: FastAPI, clock: Clock) -> None:
    company = _company(app, clock)
    trainer = client_for(app, company.trainer, clock=clock)
    report = trainer.get(f"{V1}/reports/stop-phrases").json()
    assert report["period"]["team_id"] == company.north.id
    assert _rows(report) == [("Empty promise", "I'll do my best", 3, 2, ["I'll do my best"])]
    other = trainer.get(f"{V1}/reports/stop-phrases", params={"team_id": company.south.id})
    assert other.status_code == 403
    assert other.json()["detail"] == "a trainer sees the reports of their own team only"
    russian = trainer.get(f"{V1}/reports/stop-phrases.csv", params={"team_id": company.south.id}, headers=RU)
    assert russian.json()["detail"] == "Тренеру доступны отчёты только по своей команде"


RU = {"Accept-Language": "ru"}


def _csv(client: TestClient, **params: Any) -> list[list[str]]:
    reply = client.get(f"{V1}/reports/stop-phrases.csv", params=params)
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"].startswith("text/csv")
    assert "parry-stop-phrases-" in reply.headers["content-disposition"]
    text = reply.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";" if params.get("sep") == "semicolon" else ","))


def test_the_report_opens_in_a_spreadsheet(app: FastAPI, clock: Clock) -> None:
    company = _company(app, clock)
    head = client_for(app, company.head, clock=clock)
    header, *rows = _csv(head)
    assert header == ["source", "label", "phrase", "answers", "reps", "last used", "words said"]
    assert [row[:5] for row in rows] == [
        ["company", "Empty promise", "I'll do my best", "3", "2"],
        ["company", "Instant discount", "I can give you a discount", "1", "1"],
    ]
    assert rows[0][5] == (company.now - timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    header, *rows = _csv(head, sep="semicolon", source="step")
    assert rows == [["step", "immediate discount", "", "1", "1", rows[0][5], "give you a discount"]]


@pytest.mark.model
def test_a_stop_phrase_said_in_a_drill_shows_in_the_report(app: FastAPI, clock: Clock) -> None:
    team = make_team(app, clock=clock)
    rep_user = make_user(app, team=team, clock=clock)
    head = client_for(app, make_user(app, role=Role.head, clock=clock), clock=clock)
    assert head.put(f"{V1}/stop-phrases", json=LIST).status_code == 200
    scenario = publish_scenario(app, author=make_user(app, role=Role.trainer, clock=clock), clock=clock)
    rep = client_for(app, rep_user, clock=clock)
    drill = rep.post(f"{V1}/drills", json={"scenario_id": scenario.id}).json()
    answer = STRONG["price"] + " I'll do my BEST to get you there."
    reply = rep.post(f"{V1}/drills/{drill['id']}/answers", json={"step_id": "price", "answer": answer})
    assert reply.status_code == 201, reply.text
    flags = reply.json()["answer"]["feedback"]["red_flags"]
    assert [(f["source"], f["words"]) for f in flags] == [("company", "I'll do my BEST")]
    report = head.get(f"{V1}/reports/stop-phrases").json()
    assert _rows(report) == [("Empty promise", "I'll do my best", 1, 1, ["I'll do my BEST"])]


def test_the_migration_fills_the_red_flags_of_answers_stored_before_and_goes_back(
    app: FastAPI, clock: Clock, db: Database
) -> None:
    config = alembic_config()

    def migrate(step: Any, revision: str) -> None:
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            step(config, revision)

    team = make_team(app, clock=clock)
    rep = make_user(app, team=team, clock=clock)
    head = client_for(app, make_user(app, role=Role.head, clock=clock), clock=clock)
    assert head.put(f"{V1}/stop-phrases", json=LIST).status_code == 200
    scenario = publish_scenario(app, author=make_user(app, role=Role.trainer, clock=clock), clock=clock)
    migrate(command.downgrade, "0003")
    try:
        version = latest_version(app, scenario)
        hits = [_company_hit("I'll do my best", PROMISE), _company_hit("I'll tried", TRY), _hit("tone", "Rude", "x")]
        # stored as before 0004 (no rows of red flags), into the columns the answer table has at 0003: the model
        # is today's and has columns later migrations add (0007's delivery)
        rows = [
            Answer(
                user_id=rep.id or 0,
                kind="practice",
                scenario_id=scenario.id or 0,
                scenario_version_id=version.id or 0,
                step_id="price",
                category="price",
                text="…",
                score=40,
                passed=False,
                pass_mark=50,
                final_score=40,
                result={**FEEDBACK, "red_flags": flags},
                model="test",
                created_at=clock.now(),
            ).model_dump(exclude={"id"})
            for flags in (hits, [])
        ]
        with db.engine.begin() as connection:
            columns = {column["name"] for column in sa.inspect(connection).get_columns("answer")}
            assert "delivery" not in columns
            old = [{name: value for name, value in row.items() if name in columns} for row in rows]
            connection.execute(sa.insert(Answer.__table__), old)  # type: ignore[attr-defined]
    finally:
        migrate(command.upgrade, "head")
    with session_of(app) as session:
        rows = session.exec(select(AnswerRedFlag).order_by(col(AnswerRedFlag.id))).all()
    assert [(r.source, r.label, r.phrase, r.words) for r in rows] == [
        ("company", "Empty promise", "I'll do my best", "I'll do my best"),
        ("company", "Empty promise", None, "I'll tried"),  # not the phrase as written: named from now on only
        ("tone", "Rude", None, "x"),
    ]
    report = head.get(f"{V1}/reports/stop-phrases").json()
    assert sorted(_rows(report), key=str) == [
        ("Empty promise", "I'll do my best", 1, 1, ["I'll do my best"]),
        ("Empty promise", None, 1, 1, ["I'll tried"]),
    ]
    migrate(command.downgrade, "0003")
    migrate(command.upgrade, "head")
    with session_of(app) as session:
        assert len(session.exec(select(AnswerRedFlag)).all()) == 3


def test_a_hit_names_the_phrase_written_as_it_was_said_among_its_word_forms() -> None:
    forms = [StopPhrase(p, "Пустое обещание", 10, False, "ru") for p in ("постараемся", "постараюсь")]
    forms.append(StopPhrase("постараюсь", "Пустое обещание", 30, True, "ru"))

    def named(words: str, penalty: int = 10, critical: bool = False, label: str = "Пустое обещание") -> str | None:
        return stop_phrases.phrase_said(forms, label=label, words=words, penalty=penalty, critical=critical)

    assert named("Постараюсь") == "постараюсь"
    assert named("постараемся") == "постараемся"
    assert named("постараются") == "постараемся"  # another form: the first phrase it matches
    assert named("постараюсь", 30, True) == "постараюсь"
    assert named("постараюсь", label="Скидка") is None
    assert named("сделаем") is None
