"""The summary that closes every drill: won or lost and why, each step's scores, the two things to fix first, the
best reference of the weakest step, and where to go next (stored with the drill, `Drill.summary`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from sqlmodel import SQLModel

Outcome = Literal["won", "lost"]
EndReason = Literal["handled", "critical_red_flag", "second_weak_answer", "weak_branch_ended"]
AttemptKind = Literal["first", "pushback", "retry"]


class StepAttempt(SQLModel):
    """One answer to a step: the first, the one after the customer's push-back, or a retry (practice only)."""

    answer_id: int
    score: int
    passed: bool
    kind: AttemptKind


class StepScores(SQLModel):
    """A step of the drill with the score of every answer given to it, in order."""

    step_id: str
    category: str
    customer_line: str
    attempts: list[StepAttempt]
    best_score: int


class FixFirst(SQLModel):
    """A missed key point or a red flag, with the sentence of the rep's answer it concerns and what it cost."""

    kind: Literal["key_point", "red_flag"]
    text: str  # the key point, or the red flag's label
    step_id: str
    answer_id: int
    sentence: str  # for a red flag: the sentence that says it; for a key point: the sentence nearest to it
    words: str | None = None  # a red flag's words as said
    points: float  # points it cost: a red flag's penalty, a key point's share of the score
    critical: bool = False  # a critical red flag: fails the answer and loses the conversation
    source: str | None = None  # a red flag's: the step's ("step"), a company stop phrase, the tone check


class WeakestStep(SQLModel):
    """The step answered worst, with the reference answer closest to what the rep said there."""

    step_id: str
    customer_line: str
    score: int
    best_reference: str


class NextObjection(SQLModel):
    """The next step of the rep's drill for today, when there is one."""

    scenario_id: int
    step_id: str
    scenario_title: str
    customer_line: str


class DrillSummary(SQLModel):
    """The end of a drill: outcome, why, the scores of each step, what to practise, and where to go next."""

    drill_id: int
    scenario_id: int
    scenario_version_id: int
    title: str
    language: str
    outcome: Outcome
    reason: EndReason
    ended_on_step: str  # the step whose answer ended the conversation
    ending: str  # the customer's last words (a red flag's reaction first, when there was one)
    lost_on: FixFirst | None = None  # the critical red flag that lost the conversation
    steps: list[StepScores]
    fix_first: list[FixFirst]  # at most two, the costliest first
    weakest_step: WeakestStep | None
    next_objection: NextObjection | None
    try_again_scenario_id: int  # "try again": a new drill on this scenario
    answers: int
    finished_at: datetime
