"""Which words of an answer a negation stands before, gaps and numbers in phrases, hedges: rules, no model."""

from __future__ import annotations

import pytest

from scoring.red_flags import AnswerWords, _phrase_hit, hedge_hit, phrase_keys
from scoring.stop_phrases import DISCOUNT, EMPTY_PROMISE, FILLER, RUDE, default_stop_phrases


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


@pytest.mark.parametrize(
    ("phrase", "answer", "words"),
    [
        ("not my problem|concern|business", "Honestly, what they charge is not my concern.", "not my concern"),
        ("not my problem|concern|business", "That is not my business to judge.", "not my business"),
        (
            "мне фиолетово|безразлично",
            "Мне, честно, безразлично, что они предлагают.",
            "Мне, честно, безразлично",
        ),
        ("that's your problem", "That's not your problem: we handle the paperwork.", None),  # negated inside
        ("это ваша|его забота", "Это не ваша забота, документы мы возьмём на себя.", None),
        ("bring … down to #", "I'll bring the monthly down to six-fifty.", "bring the monthly down to six-fifty"),
    ],
)
def test_a_bar_joins_alternatives_and_a_negation_inside_the_match_cancels_it(
    phrase: str, answer: str, words: str | None
) -> None:
    assert _found(phrase, answer) == words


def _default_hits(answer: str, language: str) -> list[str]:
    words = AnswerWords.of(answer)
    found = []
    for stop in default_stop_phrases():
        if stop.language == language:
            hit = _phrase_hit(stop.label, stop.penalty, stop.critical, [phrase_keys(stop.phrase)], words, "company")
            if hit is not None:
                found.append(stop.label)
    return found


@pytest.mark.parametrize(
    ("answer", "language", "label"),
    [
        ("Whatever they quote you is none of my business, to be fair.", "en", RUDE["en"]),
        ("If the invoices pile up, that's on you.", "en", RUDE["en"]),
        ("Ну, сравнивайте, меня это, честно говоря, мало касается.", "ru", RUDE["ru"]),
        ("Мне фиолетово, с кем вы работали раньше.", "ru", RUDE["ru"]),
        ("I'll do everything in my power to get it approved.", "en", EMPTY_PROMISE["en"]),
        ("Сделаю всё, что в моих силах, чтобы успеть.", "ru", EMPTY_PROMISE["ru"]),
        ("Fine, I'll cut the fee to two thousand if that helps.", "en", DISCOUNT["en"]),
        ("Давайте так: уступлю вам сорок тысяч прямо сейчас.", "ru", DISCOUNT["ru"]),
    ],
)
def test_the_built_in_list_catches_each_family_in_new_words(answer: str, language: str, label: str) -> None:
    assert label in _default_hits(answer, language)


@pytest.mark.parametrize(
    ("answer", "language"),
    [
        ("When does it calm down for you, after the summer?", "en"),
        ("That's not your problem to solve: we take the paperwork off your hands.", "en"),
        ("We cut downtime to two hours a month at a plant like yours.", "en"),
        ("Понимаю ваши трудности с поставщиком. Что было самым неприятным?", "ru"),
        ("Это не ваша забота: перенос данных мы берём на себя.", "ru"),
        ("Снизим расход электроэнергии примерно на четверть.", "ru"),
    ],
)
def test_the_built_in_list_leaves_honest_answers_alone(answer: str, language: str) -> None:
    assert _default_hits(answer, language) == []


@pytest.mark.parametrize(
    ("phrase", "answer", "words"),
    [
        ("never go out of stock", "So I won't promise you we'll never go out of stock.", None),  # declined
        (
            "изъятия не будет ни при каких условиях",
            "Обещать, что изъятия не будет ни при каких условиях, я не стану.",
            None,
        ),
        ("поверить мне", "Просить вас «поверить мне» я не буду.", None),
        ("never go out of stock", "I promise you we'll never go out of stock.", "never go out of stock"),  # made
        ("поверить мне", "Прошу вас поверить мне.", "поверить мне"),
        ("never go out of stock", "I won't promise much. We'll never go out of stock.", "never go out of stock"),
    ],
)
def test_a_red_flag_quoted_inside_a_declined_promise_or_request_is_not_it(
    phrase: str, answer: str, words: str | None
) -> None:
    assert _found(phrase, answer) == words
