"""Spaced repetition with FSRS: one review card per rep × objection step, reviewed by each practice answer
(the score maps to the rating); today's drill is the due steps, least likely recalled first, then new steps.

Tests never review a card: a failed test only makes its failed steps due at once (`mark_due`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from fsrs import Card, Rating, Scheduler, State
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.models import Answer
from api.models.base import id_of
from api.models.progress import DrillItem, ReviewCard, TodayPublic
from api.services.curriculum import StepRef, step_index

# The practice score (0-100) as an FSRS rating: the lowest score of each band.
RATING_BANDS: tuple[tuple[int, Rating], ...] = ((90, Rating.Easy), (70, Rating.Good), (40, Rating.Hard))


def rating_for(score: int) -> Rating:
    """<40 Again, 40-69 Hard, 70-89 Good, ≥90 Easy."""
    for lowest, rating in RATING_BANDS:
        if score >= lowest:
            return rating
    return Rating.Again


@lru_cache(maxsize=16)
def scheduler(desired_retention: float) -> Scheduler:
    """FSRS with default parameters and no fuzz, so that the same answers give the same schedule."""
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=False)


def day_start(now: datetime) -> datetime:
    """Midnight (UTC) of `now`'s day: days are UTC days."""
    return now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def to_fsrs(card: ReviewCard) -> Card:
    """The FSRS card of a stored one."""
    return Card(
        card_id=card.id or 1,
        state=State(card.state),
        step=card.learning_step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def retrievability(card: ReviewCard, *, now: datetime, desired_retention: float) -> float:
    """FSRS's probability that the rep recalls the step now (0 for a card never reviewed)."""
    return float(scheduler(desired_retention).get_card_retrievability(to_fsrs(card), current_datetime=now))


def review(
    session: Session,
    *,
    user_id: int,
    step: tuple[int, str],
    category: str,
    score: int,
    at: datetime,
    desired_retention: float,
) -> ReviewCard:
    """Review the rep's card of `step` (scenario id, step id) with the rating of `score` (not committed)."""
    card = _card(session, user_id=user_id, step=step, category=category, at=at)
    rating = rating_for(score)
    reviewed, _ = scheduler(desired_retention).review_card(to_fsrs(card), rating, at.astimezone(UTC))
    card.lapses += rating == Rating.Again and card.state == State.Review
    card.state, card.learning_step = int(reviewed.state), reviewed.step
    card.stability, card.difficulty = reviewed.stability, reviewed.difficulty
    card.due, card.last_review = reviewed.due, at
    card.reviews += 1
    card.last_score, card.category = score, category
    card.first_reviewed_at = card.first_reviewed_at or at
    session.add(card)
    return card


def review_practice_answer(session: Session, *, answer: Answer, desired_retention: float) -> ReviewCard | None:
    """Review the card of a practice answer's step; a retry (after seeing the feedback) reviews nothing."""
    if answer.kind != "practice" or answer.retry:
        return None
    return review(
        session,
        user_id=answer.user_id,
        step=(answer.scenario_id, answer.step_id),
        category=answer.category,
        score=answer.final_score,
        at=answer.created_at,
        desired_retention=desired_retention,
    )


def mark_due(session: Session, *, user_id: int, steps: Iterable[tuple[int, str, str]], at: datetime) -> None:
    """Make the rep's cards of these steps (scenario id, step id, category) due at `at`; nothing else of the
    schedule changes (not committed)."""
    for scenario_id, step_id, category in steps:
        card = _card(session, user_id=user_id, step=(scenario_id, step_id), category=category, at=at)
        card.due = min(card.due, at) if card.id is not None else at
        session.add(card)


def _card(session: Session, *, user_id: int, step: tuple[int, str], category: str, at: datetime) -> ReviewCard:
    query = select(ReviewCard).where(
        col(ReviewCard.user_id) == user_id, col(ReviewCard.scenario_id) == step[0], col(ReviewCard.step_id) == step[1]
    )
    card = session.exec(query.with_for_update()).first()
    if card is not None:
        return card
    card = ReviewCard(user_id=user_id, scenario_id=step[0], step_id=step[1], category=category, due=at, created_at=at)
    try:
        with session.begin_nested():  # two answers of one rep to one step at the same moment: one inserts
            session.add(card)
    except IntegrityError:
        return session.exec(query.with_for_update()).one()
    return card


def cards(session: Session, *, user_id: int) -> list[ReviewCard]:
    """Every card of the rep."""
    return list(session.exec(select(ReviewCard).where(col(ReviewCard.user_id) == user_id)))


def today(
    session: Session,
    *,
    user_id: int,
    curriculum: Sequence[StepRef],
    needed: Sequence[StepRef],
    focus: set[str],
    now: datetime,
    desired_retention: float,
    new_per_day: int,
    max_per_day: int,
) -> TodayPublic:
    """Today's drill, at most `max_per_day` steps:

    1. `due`: steps due before the day ends, lowest retrievability first;
    2. `new`: steps of the rep's tracks never practised (focus steps of a retry cycle first), at most
       `new_per_day` introduced a day;
    3. `cycle`: steps practised before that the current cycle still needs for its test and that were not
       practised today, so that following the drill always leads to the test.
    """
    start = day_start(now)
    all_cards = {(c.scenario_id, c.step_id): c for c in cards(session, user_id=user_id)}
    index = step_index(session, scenario_ids={s for s, _ in all_cards})
    due = [c for k, c in all_cards.items() if c.due < start + timedelta(days=1) and k in index]
    chance = {c.id: retrievability(c, now=now, desired_retention=desired_retention) for c in due}
    due.sort(key=lambda c: (chance[id_of(c)], c.due, id_of(c)))
    introduced = sum(c.first_reviewed_at is not None and c.first_reviewed_at >= start for c in all_cards.values())
    new_left = max(0, new_per_day - introduced)
    fresh = [s for s in curriculum if (s.scenario_id, s.step_id) not in all_cards]
    fresh.sort(key=lambda s: s.key not in focus)
    items = [_item("due", index[(c.scenario_id, c.step_id)], c, chance[c.id], focus) for c in due]
    items += [_item("new", s, None, None, focus) for s in fresh[:new_left]]
    listed = {(i.scenario_id, i.step_id) for i in items}
    for step in sorted(needed, key=lambda s: s.key not in focus):
        card = all_cards.get((step.scenario_id, step.step_id))
        if card is None or (card.last_review is not None and card.last_review >= start) or _key(step) in listed:
            continue
        items.append(_item("cycle", step, card, None, focus))
        listed.add(_key(step))
    return TodayPublic(
        day=start.date(),
        due_count=len(due),
        new_count=min(new_left, len(fresh)),
        new_left_today=new_left,
        items=items[:max_per_day],
    )


def _item(kind: str, step: StepRef, card: ReviewCard | None, chance: float | None, focus: set[str]) -> DrillItem:
    return DrillItem(
        kind=kind,
        scenario_id=step.scenario_id,
        scenario_title=step.scenario_title,
        step_id=step.step_id,
        category=step.category,
        customer_line=step.customer_line,
        due=card.due if card is not None else None,
        retrievability=round(chance, 4) if chance is not None else None,
        focus=step.key in focus,
    )


def _key(step: StepRef) -> tuple[int, str]:
    return step.scenario_id, step.step_id
