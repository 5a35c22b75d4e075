"""One "effective pass" rule, in Python and in SQL: the scorer's verdict, or the pass mark applied to the score a
trainer set on a dispute."""

from __future__ import annotations

from api_builders import Clock, make_answer, make_team, make_user, publish_scenario, session_of
from fastapi import FastAPI
from sqlmodel import col, select

from api.models import Answer, Role
from api.services.answers import effective_passed, effective_passed_sql

# (scorer's verdict, score, final score, pass mark): passes
CASES = {
    (True, 70, 70, 60): True,  # not disputed: the scorer's verdict stands…
    (False, 70, 70, 60): False,  # …whatever the score (a red flag or an evasion can fail a high score)
    (True, 40, 40, 60): True,
    (False, 40, 40, 60): False,
    (False, 40, 60, 60): True,  # disputed: the trainer's score against the pass mark
    (False, 40, 59, 60): False,
    (True, 70, 30, 60): False,
    (True, 70, 90, 60): True,
}


def test_python_and_sql_agree_on_every_case(app: FastAPI, clock: Clock) -> None:
    trainer = make_user(app, role=Role.trainer, team=make_team(app, clock=clock), clock=clock)
    scenario = publish_scenario(app, author=trainer, clock=clock)
    ids = {}
    for case in CASES:
        answer_id = make_answer(app, user=trainer, scenario=scenario, clock=clock)
        with session_of(app) as session:
            answer = session.get(Answer, answer_id)
            assert answer is not None
            answer.passed, answer.score, answer.final_score, answer.pass_mark = case
            session.add(answer)
            session.commit()
        ids[answer_id] = case
    with session_of(app) as session:
        in_sql = set(session.exec(select(Answer.id).where(effective_passed_sql())))
        in_python = {a.id for a in session.exec(select(Answer).where(col(Answer.id).in_(ids))) if effective_passed(a)}
    expected = {answer_id for answer_id, case in ids.items() if CASES[case]}
    assert in_sql == expected
    assert in_python == expected
    assert 0 < len(expected) < len(CASES)
