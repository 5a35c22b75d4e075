"""Which words of an answer a negation stands before: rules, no model."""

from __future__ import annotations

import pytest

from scoring.red_flags import AnswerWords


def _negated(answer: str) -> list[str]:
    words = AnswerWords.of(answer)
    return [w.text for w, negated in zip(words.words, words.negated, strict=True) if negated]


@pytest.mark.parametrize(
    ("answer", "negated"),
    [
        ("I can not give you a discount.", ["give", "you", "a", "discount"]),
        ("I'm not going to throw a discount at you.", ["going", "to", "throw", "a", "discount"]),
        ("Скидку не дам.", ["дам"]),
        ("Я не могу вам сразу дать скидку.", ["могу", "вам", "сразу", "дать", "скидку"]),
        ("If not, your loss.", []),  # the negation ends at the comma: "your loss" is said
        ("А если нет — дело ваше.", []),
        ("Нет, обойдёмся.", []),
    ],
)
def test_a_negation_negates_the_next_few_words_up_to_punctuation(answer: str, negated: list[str]) -> None:
    assert _negated(answer) == negated
