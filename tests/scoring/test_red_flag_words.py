"""Which words of an answer a negation stands before, gaps and numbers in phrases, hedges: rules, no model."""

from __future__ import annotations

import pytest

from scoring.red_flags import AnswerWords, _phrase_hit, hedge_hit, phrase_keys
from scoring.stop_phrases import FILLER


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


def _found(phrase: str, answer: str) -> str | None:
    hit = _phrase_hit("label", 10, False, [phrase_keys(phrase)], AnswerWords.of(answer), "company")
    return hit.words if hit else None


@pytest.mark.parametrize(
    ("phrase", "answer", "words"),
    [
        ("take … down to #", "I'll take it down to $39 a tech right now.", "take it down to $39"),
        ("take ... down to #", "Let me take the whole thing down to 600.", "take the whole thing down to 600"),
        ("take … down to #", "Take it. Down to 39 is what they pay.", None),  # a gap never joins two sentences
        ("take … down to #", "Take this, and the rest of the old kit, all down to 39.", None),  # more than 4 words
        ("минус # процентов", "Решитесь до пятницы — минус двадцать процентов.", "минус двадцать процентов"),
        ("# off", "I can do fifteen percent off today.", "fifteen percent off"),
        ("# вместо #", "Оформлю вам тысячу двести вместо тысячи шестисот.", "тысячу двести вместо тысячи"),
        ("опущу … цену", "Я готов прямо сейчас опустить цену до трёх шестисот.", "опустить цену"),
        ("опущу … цену", "Опускать цену я не готов.", None),  # the words in the wrong order
        ("опущу … цену", "Я не готов опустить цену.", None),  # negated
    ],
)
def test_a_gap_joins_words_of_one_sentence_and_a_number_may_be_written_in_words(
    phrase: str, answer: str, words: str | None
) -> None:
    assert _found(phrase, answer) == words


@pytest.mark.parametrize(
    ("answer", "language", "flagged"),
    [
        ("Sorry, this might be a silly question, but maybe I could show you on Thursday, if that's OK?", "en", True),
        ("Извините, можно я, если вы не против, задам буквально один вопрос?", "ru", True),
        ("Sorry to hear that. Maybe Thursday works for a call?", "en", False),  # two are courtesy
        ("Если вы не против, созвонимся в четверг? Может, в десять?", "ru", False),
        ("Sorry, sorry, sorry, I'll send it Thursday.", "en", False),  # one hedge, said three times
    ],
)
def test_three_different_hedges_make_insecure_speech(answer: str, language: str, flagged: bool) -> None:
    hit = hedge_hit(AnswerWords.of(answer), language, 3)
    assert (hit is not None) == flagged
    if hit is not None:
        assert hit.label == FILLER[language]
        assert answer[hit.start : hit.end] == hit.words
    assert hedge_hit(AnswerWords.of(answer), language, 0) is None  # 0 turns the check off


@pytest.mark.parametrize(
    "answer",
    ["When did Dave last get two weeks off without his phone?", "Это минус 2 дня на согласование."],
)
def test_a_number_that_counts_time_is_not_a_price(answer: str) -> None:
    assert _found("# off", answer) is None
    assert _found("минус #", answer) is None
