"""Red flags with the real default model, in Russian and English: word forms, negation, meaning, penalties, and the
tone check's flag on a barb tacked onto a courteous answer."""

from __future__ import annotations

import dataclasses

import pytest
from scoring_builders import (
    PARAPHRASE,
    ru_step,
    step,
)

from scoring.scorer import RedFlagSpec, Scorer

pytestmark = pytest.mark.model

LANGUAGES = ["ru", "en"]


# --- red flags --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "phrase", "answer", "words"),
    [
        ("ru", "сделаю скидку", "Понимаю. Если хотите, мы сделаем вам скидки на первый год.", "сделаем вам скидки"),
        ("ru", "дать скидку", "Понимаю вас. Хорошо, мы дадим вам скидку на первый год.", "дадим вам скидку"),
        ("ru", "скидку", "Понимаю, сумма заметная, поэтому готов поделиться скидкой.", "скидкой"),
        ("ru", "постараюсь", "Понимаю вас. Мы постараемся что-нибудь придумать с ценой.", "постараемся"),
        ("ru", "обещаю", "Понимаю вас, сумма заметная. Обещаем, что цена вырастет не скоро.", "Обещаем"),
        ("en", "discount", "I understand. We can sell it to you discounted for the first year.", "discounted"),
        ("en", "discount", "Fair point, we do have discounts for bigger teams like yours.", "discounts"),
        ("en", "promise", "I understand. I promised my manager a good deal for you.", "promised"),
        ("en", "offer discounts", "Fair point. We offered a discount to teams like yours.", "offered a discount"),
    ],
    ids=[
        "ru-skidki-gap",
        "ru-dadim",
        "ru-skidkoi",
        "ru-postaraemsya",
        "ru-obeshchaem",
        "en-discounted",
        "en-discounts",
        "en-promised",
        "en-offered-a-discount",
    ],
)
def test_red_flag_phrases_are_found_in_other_word_forms(
    scorer: Scorer, language: str, phrase: str, answer: str, words: str
) -> None:
    flag = RedFlagSpec("flag", phrases=(phrase,), penalty=10)
    result = scorer.score(step(language, red_flags=(flag,)), answer)
    assert result.reason_code is None
    assert [(h.label, h.matched_by, h.words) for h in result.red_flags] == [("flag", "phrase", words)]
    hit = result.red_flags[0]
    assert result.answer[hit.start : hit.end] == hit.words
    assert result.penalty == 10


def test_red_flag_offsets_point_into_the_cleaned_answer(scorer: Scorer) -> None:
    flag = RedFlagSpec("Скидка", phrases=("дам скидку",), penalty=10)
    answer = "<p>Понимаю\x07 вас.</p>   Хорошо,   дам   скидку, если подпишете сегодня."
    result = scorer.score(ru_step(red_flags=(flag,)), answer)
    hit = result.red_flags[0]
    assert "<p>" not in result.answer
    assert result.answer[hit.start : hit.end] == hit.words == "дам скидку"


@pytest.mark.parametrize(
    ("language", "phrase", "negated", "plain"),
    [
        (
            "ru",
            "дам скидку",
            "Понимаю вас, но не дам скидку: давайте посчитаем окупаемость.",
            "Понимаю вас, поэтому дам скидку: давайте посчитаем окупаемость.",
        ),
        (
            "ru",
            "сделаю скидку",
            "Я не сделаю скидку, но давайте посчитаем окупаемость к четвергу.",
            "Я сделаю скидку, и давайте посчитаем окупаемость к четвергу.",
        ),
        (
            "en",
            "give you a discount",
            "I won't give you a discount, but let's work out the payback by Thursday.",
            "I will give you a discount, and let's work out the payback by Thursday.",
        ),
        (
            "en",
            "promise",
            "I can't promise a lower price, but let's look at the payback together.",
            "I can promise a lower price, and let's look at the payback together.",
        ),
    ],
    ids=["ru-ne-dam", "ru-ne-sdelayu", "en-wont-give", "en-cant-promise"],
)
def test_a_negated_phrase_is_not_the_red_flag(
    scorer: Scorer, language: str, phrase: str, negated: str, plain: str
) -> None:
    flag = RedFlagSpec("flag", phrases=(phrase,), penalty=20)
    refused, granted = scorer.score_batch([(step(language, red_flags=(flag,)), a) for a in (negated, plain)])
    assert refused.red_flags == []
    assert [h.matched_by for h in granted.red_flags] == ["phrase"]


def test_a_negated_occurrence_does_not_hide_a_later_plain_one(scorer: Scorer) -> None:
    flag = RedFlagSpec("flag", phrases=("дам скидку",), penalty=20)
    answer = "Понимаю вас. Сейчас я не дам скидку, но если подпишете сегодня, дам скидку десять процентов."
    result = scorer.score(ru_step(red_flags=(flag,)), answer)
    [hit] = result.red_flags
    assert (hit.words, hit.start) == ("дам скидку", answer.rindex("дам скидку"))


def test_yes_is_not_a_form_of_give(scorer: Scorer) -> None:
    # "да" (yes) is the snowball stem of "даю" (I give), so the phrase must not match the word "Да"
    flag = RedFlagSpec("flag", phrases=("даю скидку",), penalty=20)
    answer = "Да, скидку вам предложили конкуренты, но давайте сравним условия целиком."
    assert scorer.score(ru_step(red_flags=(flag,)), answer).red_flags == []


@pytest.mark.parametrize(
    ("language", "meaning", "answer"),
    [
        ("ru", "Менеджер сразу предлагает скидку или снижает цену.", "Давайте я сразу дам вам скидку и снижу цену."),
        (
            "en",
            "The rep immediately offers a discount or lowers the price.",
            "OK, I will offer you a discount right away and lower the price.",
        ),
    ],
    ids=LANGUAGES,
)
def test_a_red_flag_is_found_by_meaning(scorer: Scorer, language: str, meaning: str, answer: str) -> None:
    flag = RedFlagSpec("discount", meaning=meaning, penalty=20)
    flagged, clean = scorer.score_batch(
        [(step(language, red_flags=(flag,)), a) for a in (answer, PARAPHRASE[language])]
    )
    assert [(h.matched_by, h.words) for h in flagged.red_flags] == [("meaning", answer)]
    assert flagged.red_flags[0].similarity is not None
    assert clean.red_flags == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_question_carries_no_red_flag_by_meaning(scorer: Scorer, language: str) -> None:
    # matched by meaning, questions drew flags such as "sends everything without focus" on "Which lanes matter most
    # to your director?"; a flag's phrases still match in a question. With the margin at -1 every clause that
    # says something would match: only the question is spared.
    anything = Scorer(scorer.encoder, dataclasses.replace(scorer.config, red_flag_margin=-1.0))
    flag = RedFlagSpec(
        "flag", meaning={"ru": "Менеджер сразу снижает цену.", "en": "The rep lowers the price."}[language]
    )
    question = {"ru": "С чем вы сравниваете нашу цену?", "en": "What are you comparing our price with?"}[language]
    statement = {"ru": "У нас хорошая система.", "en": "Our system is good."}[language]
    asked, said = anything.score_batch([(step(language, red_flags=(flag,)), a) for a in (question, statement)])
    assert asked.red_flags == []
    assert [h.words for h in said.red_flags] == [statement]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_critical_red_flag_fails_an_otherwise_strong_answer(scorer: Scorer, language: str) -> None:
    # a phrase that is not rude in itself, so that only the flag decides (the tone check would catch rudeness)
    extra = {"ru": " И на складе у нас всё есть.", "en": " And we have everything in stock."}[language]
    phrase = {"ru": "на складе", "en": "in stock"}[language]
    critical = RedFlagSpec("stock talk", phrases=(phrase,), penalty=5, critical=True)
    mild = RedFlagSpec("stock talk", phrases=(phrase,), penalty=5, critical=False)
    answer = PARAPHRASE[language] + extra
    with_critical = scorer.score(step(language, red_flags=(critical,)), answer)
    with_mild = scorer.score(step(language, red_flags=(mild,)), answer)
    assert with_mild.passed  # the penalty alone would not fail it
    assert not with_critical.passed
    assert with_critical.score <= scorer.config.critical_cap
    assert [h.critical for h in with_critical.red_flags] == [True]


def test_a_red_flag_penalty_is_taken_off_the_score(scorer: Scorer) -> None:
    flag = RedFlagSpec("promise", phrases=("обещаю",), penalty=15)
    answer = "Понимаю вас, сумма ощутимая. Обещаю, что к четвергу я рассчитаю окупаемость на ваших данных."
    flagged, plain = (scorer.score(ru_step(red_flags=flags), answer) for flags in ((flag,), ()))
    assert flagged.penalty == 15
    assert flagged.score < plain.score


BARB = "А если вам милее ваши таблицы, дело ваше, мне всё равно."
COURTESY = {
    "ru": "Если будут вопросы по расчёту, пишите в любое время.",
    "en": "If anything in the numbers is unclear, just drop me a line any time.",
}


def test_a_barb_tacked_onto_the_end_of_a_courteous_answer_is_flagged_as_rude(scorer: Scorer) -> None:
    result = scorer.score(step("ru"), f"{PARAPHRASE['ru']} {BARB}")
    assert [(f.source, f.words) for f in result.red_flags] == [("tone", BARB)]
    assert not result.passed


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_courteous_last_sentence_is_not_flagged(scorer: Scorer, language: str) -> None:
    assert scorer.score(step(language), f"{PARAPHRASE[language]} {COURTESY[language]}").red_flags == []
