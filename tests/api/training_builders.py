"""Builders for the training tests: practice answers and tests recorded through the real services and hooks
(without running the model: the score is given), and raw reads of the tables the tests check against."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from api_builders import FEEDBACK, session_of
from fastapi import FastAPI
from sqlmodel import col, select

from api.models import Answer, Exam, ExamItem, Scenario, ScenarioVersion, Track, User
from api.models.progress import Certificate, CycleTransition, ReviewCard, TrainingCycle
from api.services import cycles
from api.services import exams as exam_service
from api.settings import Settings

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday, 09:00 UTC


def latest_version(app: FastAPI, scenario: Scenario) -> ScenarioVersion:
    """The scenario's latest published version."""
    with session_of(app) as session:
        query = select(ScenarioVersion).where(col(ScenarioVersion.scenario_id) == scenario.id)
        return session.exec(query.order_by(col(ScenarioVersion.number).desc())).first()  # type: ignore[return-value]


def category_of(version: ScenarioVersion, step_id: str) -> str:
    """The category of a step of a version."""
    return str(next(s["category"] for s in version.content["steps"] if s["id"] == step_id))


def record_practice(
    app: FastAPI,
    *,
    rep: User,
    scenario: Scenario,
    step_id: str,
    score: int,
    at: datetime,
    settings: Settings,
    retry: bool = False,
    text: str = "We will see what we can do.",
) -> int:
    """A practice answer stored as the practice service stores one after scoring, with the same hook."""
    version = latest_version(app, scenario)
    with session_of(app) as session:
        answer = Answer(
            user_id=rep.id or 0,
            kind="practice",
            scenario_id=scenario.id or 0,
            scenario_version_id=version.id or 0,
            step_id=step_id,
            category=category_of(version, step_id),
            text=text,
            score=score,
            passed=score >= 50,
            pass_mark=50,
            final_score=score,
            retry=retry,
            result=FEEDBACK,
            model="test",
            created_at=at,
        )
        session.add(answer)
        user = session.get(User, rep.id)
        assert user is not None
        cycles.on_practice_answer(session, rep=user, answer=answer, now=at, settings=settings)
        session.commit()
        assert answer.id is not None
        return answer.id


def record_test(app: FastAPI, *, rep: User, track: Track, scores: dict[str, int], at: datetime) -> Exam:
    """A test started and finished through the test service; each drawn step gets the score given for it
    (a step not in `scores` is left unanswered)."""
    with session_of(app) as session:
        user, row = session.get(User, rep.id), session.get(Track, track.id)
        assert user is not None
        assert row is not None
        test = exam_service.start_exam(session, rep=user, track=row, now=at, settings=None)
        for item in exam_service.items(session, exam=test):
            if item.step_id in scores:
                _answer_item(session, test=test, item=item, score=scores[item.step_id], at=at)
        return exam_service.finish(session, exam=test, now=at + timedelta(minutes=5), grace_seconds=0)


def _answer_item(session: Any, *, test: Exam, item: ExamItem, score: int, at: datetime) -> None:
    version = session.get(ScenarioVersion, item.scenario_version_id)
    answer = Answer(
        user_id=test.user_id,
        kind="test",
        test_id=test.id,
        scenario_id=version.scenario_id,
        scenario_version_id=version.id,
        step_id=item.step_id,
        category=category_of(version, item.step_id),
        text="An answer.",
        score=score,
        passed=score >= test.pass_mark,
        pass_mark=test.pass_mark,
        final_score=score,
        result=FEEDBACK,
        model="test",
        created_at=at,
    )
    session.add(answer)
    session.flush()
    item.status, item.answer_id = "answered", answer.id
    session.add(item)
    session.commit()


def cards(app: FastAPI, rep: User) -> dict[tuple[int, str], ReviewCard]:
    """The rep's review cards, straight from the table."""
    with session_of(app) as session:
        rows = session.exec(select(ReviewCard).where(col(ReviewCard.user_id) == rep.id))
        return {(c.scenario_id, c.step_id): c for c in rows}


def card_fields(app: FastAPI, rep: User) -> dict[tuple[int, str], dict[str, Any]]:
    """Every stored field of the rep's cards."""
    return {key: card.model_dump() for key, card in cards(app, rep).items()}


def cycles_of(app: FastAPI, rep: User) -> list[TrainingCycle]:
    """The rep's cycles, oldest first."""
    with session_of(app) as session:
        query = select(TrainingCycle).where(col(TrainingCycle.user_id) == rep.id)
        return list(session.exec(query.order_by(col(TrainingCycle.track_id), col(TrainingCycle.number))))


def transitions_of(app: FastAPI, rep: User) -> list[CycleTransition]:
    """The rep's recorded transitions in order."""
    with session_of(app) as session:
        query = select(CycleTransition).where(col(CycleTransition.user_id) == rep.id)
        return list(session.exec(query.order_by(col(CycleTransition.at), col(CycleTransition.id))))


def certificates_of(app: FastAPI, rep: User) -> list[Certificate]:
    """The rep's certificates, oldest first."""
    with session_of(app) as session:
        query = select(Certificate).where(col(Certificate.user_id) == rep.id)
        return list(session.exec(query.order_by(col(Certificate.issued_at))))
