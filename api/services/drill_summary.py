"""The summary that closes a drill: won or lost and why, each step's scores with retries, the two things to fix
first (with the sentence of the rep's answer each concerns), the best reference of the weakest step, and where to
go next. Made once when the drill ends and stored with it."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, cast

from sqlmodel import Session, col, select

from api.models import Answer, Drill, User
from api.models.base import id_of
from api.models.drill_summary import (
    AttemptKind,
    DrillSummary,
    EndReason,
    FixFirst,
    NextObjection,
    Outcome,
    StepAttempt,
    StepScores,
    WeakestStep,
)
from api.models.training import Feedback
from api.settings import Settings
from scenarios.conversation import ending_line
from scenarios.schema import END
from scenarios.schema import Scenario as Document
from scoring.types import ScoringConfig

FIX_FIRST = 2
KEY_POINT_SHARE = 100 * (1 - ScoringConfig().meaning_weight)  # points the key points of a step are worth together
_SENTENCE = re.compile(r"[^.!?…]+[.!?…]*")
_WORD = re.compile(r"\w+")


def finish(
    session: Session, *, drill: Drill, document: Document, rep: User, now: datetime, settings: Settings
) -> DrillSummary:
    """Make, store and commit the summary of a drill that has just ended, with the rep's next objection today."""
    summary = build(session, drill=drill, document=document)
    summary.next_objection = _next_objection(session, rep=rep, drill=drill, now=now, settings=settings)
    drill.summary = summary.model_dump(mode="json")
    session.add(drill)
    session.commit()
    return summary


def stored(session: Session, *, drill: Drill, document: Document) -> DrillSummary | None:
    """The summary of a finished drill (made now, without a next objection, for one that ended without one)."""
    if drill.current_step_id != END:
        return None
    if drill.summary is None:
        drill.summary = build(session, drill=drill, document=document).model_dump(mode="json")
        session.add(drill)
        session.commit()
    return DrillSummary.model_validate(drill.summary)


def summaries_of(session: Session, *, drill_ids: set[int]) -> dict[int | None, DrillSummary]:
    """The stored summaries of these drills, by the id of the answer that ended each."""
    if not drill_ids:
        return {}
    query = select(Drill.summary).where(col(Drill.id).in_(drill_ids), col(Drill.summary).is_not(None))
    out: dict[int | None, DrillSummary] = {}
    for data in session.exec(query):
        if data is not None:
            summary = DrillSummary.model_validate(data)
            out[_last_answer_id(summary)] = summary
    return out


def build(session: Session, *, drill: Drill, document: Document) -> DrillSummary:
    """The summary of a finished drill, from its answers and what the customer said to them."""
    answers = list(
        session.exec(
            select(Answer).where(col(Answer.drill_id) == drill.id).order_by(col(Answer.created_at), col(Answer.id))
        )
    )
    turns = {t["answer"]: t for t in drill.turns or []}
    kinds = {
        a.id: cast(AttemptKind, turns.get(a.id, {}).get("kind") or ("retry" if a.retry else "first")) for a in answers
    }
    said = [a for a in answers if kinds[a.id] != "retry"]
    last = said[-1] if said else (answers[-1] if answers else None)
    last_turn = turns.get(last.id if last else None, {})
    outcome: Outcome = (
        "won" if (drill.outcome or ("won" if last is not None and last.passed else "")) == "won" else "lost"
    )
    reason = cast(EndReason, last_turn.get("reason") or ("handled" if outcome == "won" else "weak_branch_ended"))
    ending = " ".join(filter(None, [last_turn.get("reaction"), last_turn.get("closing")])) or ending_line(
        document, outcome
    )
    steps = _steps(answers, kinds, document)
    found = [item for a in answers for item in _fix_candidates(a, document, later=_covered_later(a, answers))]
    return DrillSummary(
        drill_id=id_of(drill),
        scenario_id=drill.scenario_id,
        scenario_version_id=drill.scenario_version_id,
        title=document.title,
        language=document.language,
        outcome=outcome,
        reason=reason,
        ended_on_step=last.step_id if last else drill.last_step_id or "",
        ending=ending,
        lost_on=_critical(last, document) if reason == "critical_red_flag" else None,
        steps=steps,
        fix_first=_first(found),
        weakest_step=_weakest(steps, answers, document),
        next_objection=None,
        try_again_scenario_id=drill.scenario_id,
        answers=len(answers),
        finished_at=drill.finished_at or drill.updated_at,
    )


def _steps(answers: list[Answer], kinds: dict[Any, AttemptKind], document: Document) -> list[StepScores]:
    out: dict[str, StepScores] = {}
    for answer in answers:
        attempt = StepAttempt(
            answer_id=id_of(answer), score=answer.score, passed=answer.passed, kind=kinds[id_of(answer)]
        )
        if answer.step_id not in out:
            step = document.step(answer.step_id)
            out[answer.step_id] = StepScores(
                step_id=step.id, category=step.category, customer_line=step.customer_line, attempts=[], best_score=0
            )
        out[answer.step_id].attempts.append(attempt)
        out[answer.step_id].best_score = max(out[answer.step_id].best_score, answer.score)
    return list(out.values())


def _fix_candidates(answer: Answer, document: Document, *, later: set[str]) -> list[FixFirst]:
    """The answer's red flags and missed key points (not those a later answer to the step covered), with cost."""
    feedback = Feedback.model_validate(answer.result)
    text = str(answer.result.get("answer") or answer.text)
    step = document.step(answer.step_id)
    out = [
        FixFirst(
            kind="red_flag",
            text=flag.label,
            step_id=step.id,
            answer_id=id_of(answer),
            sentence=sentence_at(text, flag.start),
            words=flag.words,
            points=flag.penalty,
            critical=flag.critical,
            source=flag.source,
        )
        for flag in feedback.red_flags
    ]
    total = sum(point.weight for point in feedback.key_points) or 1.0
    for point, spec in zip(feedback.key_points, step.key_points, strict=False):
        if point.covered or point.text in later:
            continue
        sentence = point.sentence if point.refused and point.sentence else nearest(text, [spec.text, *spec.examples])
        share = round(KEY_POINT_SHARE * point.weight / total, 1)
        out.append(
            FixFirst(
                kind="key_point",
                text=point.text,
                step_id=step.id,
                answer_id=id_of(answer),
                sentence=sentence,
                points=share,
            )
        )
    return out


def _covered_later(answer: Answer, answers: list[Answer]) -> set[str]:
    """Key points of the answer's step that a later answer to the same step covered."""
    after = answers[answers.index(answer) + 1 :]
    return {
        point.text
        for later in after
        if later.step_id == answer.step_id
        for point in Feedback.model_validate(later.result).key_points
        if point.covered
    }


def _first(found: list[FixFirst]) -> list[FixFirst]:
    """Critical red flags, then the costliest things, each once (a red flag by label and by the words said, a key
    point by step and text), earliest first on ties."""
    ranked = sorted(enumerate(found), key=lambda pair: (not pair[1].critical, -pair[1].points, pair[0]))
    out: list[FixFirst] = []
    seen: set[tuple[object, ...]] = set()
    for _, item in ranked:
        keys: set[tuple[object, ...]] = {(item.kind, item.step_id, item.text)}
        if item.kind == "red_flag":
            keys = {(item.kind, item.text), (item.answer_id, (item.words or "").casefold())}
        if not keys & seen:
            seen |= keys
            out.append(item)
    return out[:FIX_FIRST]


def _critical(answer: Answer | None, document: Document) -> FixFirst | None:
    if answer is None:
        return None
    flags = [f for f in _fix_candidates(answer, document, later=set()) if f.critical]
    return flags[0] if flags else None


def _weakest(steps: list[StepScores], answers: list[Answer], document: Document) -> WeakestStep | None:
    answered = [s for s in steps if any(a.kind != "retry" for a in s.attempts)] or steps
    if not answered:
        return None
    weakest = min(answered, key=lambda s: s.best_score)  # the first of equals: min keeps the earliest
    best = max((a for a in answers if a.step_id == weakest.step_id), key=lambda a: a.score)
    reference = best.result.get("best_reference_text") or document.step(weakest.step_id).references[0]
    return WeakestStep(
        step_id=weakest.step_id,
        customer_line=weakest.customer_line,
        score=weakest.best_score,
        best_reference=str(reference),
    )


def _next_objection(
    session: Session, *, rep: User, drill: Drill, now: datetime, settings: Settings
) -> NextObjection | None:
    """The first step of the rep's drill for today on another scenario (or on this one when it is the only one)."""
    from api.services import progress  # progress builds on practice, which builds on this module

    items = progress.today(session, rep=rep, now=now, settings=settings).items
    other = [item for item in items if item.scenario_id != drill.scenario_id] or items
    if not other:
        return None
    item = other[0]
    return NextObjection(
        scenario_id=item.scenario_id,
        step_id=item.step_id,
        scenario_title=item.scenario_title,
        customer_line=item.customer_line,
    )


def _last_answer_id(summary: DrillSummary) -> int:
    return max((a.answer_id for step in summary.steps for a in step.attempts), default=0)


def sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` that holds the character at `offset`."""
    for match in _SENTENCE.finditer(text):
        if match.start() <= offset < match.end():
            return match.group().strip()
    return text.strip()


def nearest(text: str, phrases: list[str]) -> str:
    """The sentence of `text` that shares the most words (by their first five letters) with `phrases`: where the
    answer came closest to what a missed key point asks. The first sentence when none shares a word."""
    wanted = {word[:5] for phrase in phrases for word in _WORD.findall(phrase.casefold()) if len(word) > 2}
    sentences = [m.group().strip() for m in _SENTENCE.finditer(text) if m.group().strip()] or [text.strip()]
    overlap = [len(wanted & {w[:5] for w in _WORD.findall(s.casefold()) if len(w) > 2}) for s in sentences]
    return sentences[overlap.index(max(overlap))]
