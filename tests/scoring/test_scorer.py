"""The scorer with the real default model, in Russian and English: order, red flags, key points, bad input."""

from __future__ import annotations

import dataclasses

import pytest
from scoring_builders import (
    EN_CUSTOMER_LINE,
    EN_REFERENCES,
    OFF_TOPIC,
    PARAPHRASE,
    PARTIAL,
    RU_CUSTOMER_LINE,
    RU_REFERENCES,
    ru_step,
    step,
)

from scoring.encoder import CachedEncoder
from scoring.scorer import GradedSample, RedFlagSpec, Scorer, ScoringError, StepSpec
from scoring.unrelated import PARAPHRASES, UNRELATED

pytestmark = pytest.mark.model

LANGUAGES = ["ru", "en"]


# --- meaning: paraphrase > partial > off-topic ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_paraphrase_beats_partial_beats_off_topic(scorer: Scorer, language: str) -> None:
    answers = [PARAPHRASE[language], PARTIAL[language], *OFF_TOPIC[language]]
    paraphrase, partial, *off_topic = scorer.score_batch([(step(language), a) for a in answers])
    assert all(r.reason_code is None for r in (paraphrase, partial, *off_topic))
    assert paraphrase.score > partial.score > max(r.score for r in off_topic)
    assert paraphrase.meaning > partial.meaning > max(r.meaning for r in off_topic)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_paraphrase_of_a_reference_scores_at_least_80_and_names_that_reference(scorer: Scorer, language: str) -> None:
    result = scorer.score(step(language), PARAPHRASE[language])
    references = RU_REFERENCES if language == "ru" else EN_REFERENCES
    assert result.score >= 80
    assert result.passed
    assert result.best_reference == 0
    assert result.best_reference_text == references[0]
    assert len(result.reference_similarities) == len(references)
    assert max(result.reference_similarities) == result.reference_similarities[0]


@pytest.mark.parametrize(("language", "index"), [(lang, i) for lang in LANGUAGES for i in range(3)])
def test_an_off_topic_answer_scores_at_most_20(scorer: Scorer, language: str, index: int) -> None:
    result = scorer.score(step(language), OFF_TOPIC[language][index])
    assert result.reason_code is None  # a real sentence, so it is scored, not refused
    assert result.score <= 20, f"{OFF_TOPIC[language][index]!r} scored {result.score}"
    assert not result.passed


def test_graded_samples_move_the_score_of_an_answer_like_them(scorer: Scorer) -> None:
    plain = ru_step()
    answer = PARTIAL["ru"]

    def with_sample(grade: int) -> StepSpec:
        return StepSpec(
            plain.references,
            plain.key_points,
            customer_line=plain.customer_line,
            language="ru",
            samples=(GradedSample(answer, grade),),
        )

    low, without, high = (scorer.score(s, answer).score for s in (with_sample(5), plain, with_sample(95)))
    assert low < without < high


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


# --- key points -------------------------------------------------------------------------------------------------

COVERING = {
    "ru": ["Понимаю, сумма заметная.", "С чем вы сравниваете нашу цену?", "Давайте созвонимся в среду в десять утра."],
    "en": [
        "I understand, it is a real amount.",
        "What are you comparing our price with?",
        "Let's have a call on Wednesday at ten.",
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_key_point_is_covered_by_the_sentence_that_says_it(scorer: Scorer, language: str) -> None:
    result = scorer.score(step(language), " ".join(COVERING[language]))
    assert [k.sentence for k in result.key_points] == COVERING[language]
    assert all(k.covered for k in result.key_points)
    assert all(result.answer[k.start : k.end] == k.sentence for k in result.key_points)  # type: ignore[index]
    assert result.key_point_coverage == 1.0


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_missed_key_point_has_no_sentence(scorer: Scorer, language: str) -> None:
    result = scorer.score(step(language), " ".join(COVERING[language][:2]))
    covered = [k.covered for k in result.key_points]
    assert covered == [True, True, False]
    missed = result.key_points[2]
    assert (missed.sentence, missed.start, missed.end) == (None, None, None)
    assert result.key_point_coverage == pytest.approx(2 / 3, abs=1e-4)


# --- degenerate answers -----------------------------------------------------------------------------------------

DEGENERATE = [
    ("ru", "", "empty"),
    ("ru", "   \n\t  \u00a0 ", "empty"),
    ("ru", "<p></p><br/><div class='answer'></div>", "empty"),
    ("ru", "\x00\x01\x02\x1b\x7f\u200b", "empty"),
    ("ru", "😀😀🔥👍", "no_words"),
    ("en", "🙂 🙂 🙂 !!! ???", "no_words"),
    ("ru", "12345 678 !!!", "no_words"),
    ("ru", "Да, ок", "too_short"),
    ("ru", "<b>Да</b>", "too_short"),
    ("en", "OK, fine", "too_short"),
    ("ru", RU_CUSTOMER_LINE, "copy_of_customer_line"),
    ("ru", "Дорого, честно говоря, у нас нет таких денег.", "copy_of_customer_line"),
    ("en", EN_CUSTOMER_LINE.upper(), "copy_of_customer_line"),
    ("ru", "фывапролдж ячсмить", "gibberish"),
    ("ru", "ааааааа ааааа аааа ааа", "gibberish"),
    ("en", "asdkjh qwelkj zxcmnb", "gibberish"),
    ("en", "sdfkjh sdkfjh wekrjh", "gibberish"),
    ("ru", "I understand, it is a real amount. What are you comparing our price with?", "wrong_language"),
    ("en", "Понимаю, сумма заметная. С чем вы сравниваете нашу цену?", "wrong_language"),
    ("ru", "我明白价格很重要，我们来讨论一下吧", "wrong_language"),
]


@pytest.mark.parametrize(
    ("language", "answer", "reason_code"),
    DEGENERATE,
    ids=[f"{lang}-{code}-{i}" for i, (lang, _, code) in enumerate(DEGENERATE)],
)
def test_a_degenerate_answer_scores_0_with_a_plain_reason(
    scorer: Scorer, language: str, answer: str, reason_code: str
) -> None:
    result = scorer.score(step(language), answer)
    assert (result.score, result.passed, result.reason_code) == (0, False, reason_code)
    assert result.reason
    assert result.reason.endswith(".")
    assert result.red_flags == []
    assert result.key_points == []


def test_degenerate_answers_in_a_batch_do_not_disturb_the_others(scorer: Scorer) -> None:
    items = [(step(lang), answer) for lang, answer, _ in DEGENERATE] + [(ru_step(), PARAPHRASE["ru"])]
    results = scorer.score_batch(items)
    assert [r.reason_code for r in results[:-1]] == [code for _, _, code in DEGENERATE]
    assert results[-1] == scorer.score(ru_step(), PARAPHRASE["ru"])


def test_control_characters_inside_an_answer_are_dropped_before_scoring(scorer: Scorer) -> None:
    answer = PARAPHRASE["ru"]
    dirty = answer.replace(" ", " \x00", 3).replace("данных", "дан\u200bных\x1b")
    assert scorer.score(ru_step(), dirty) == scorer.score(ru_step(), answer)


def test_a_10000_character_answer_is_refused_with_a_clear_message(scorer: Scorer) -> None:
    answer = ("Понимаю вас, давайте посчитаем окупаемость. " * 300)[:10_000]
    with pytest.raises(ScoringError, match=r"10000 characters long; the limit is 2000"):
        scorer.score(ru_step(), answer)


def test_an_answer_at_the_length_limit_is_scored(scorer: Scorer) -> None:
    sentences = [*(a for pair in PARAPHRASES["ru"] for a in pair), *UNRELATED["ru"]]  # all different
    answer = (PARAPHRASE["ru"] + " " + " ".join(sentences))[: scorer.config.max_chars]
    assert len(answer) == scorer.config.max_chars
    assert scorer.score(ru_step(), answer).reason_code is None


def test_an_answer_that_repeats_one_sentence_does_not_pass(scorer: Scorer) -> None:
    answer = " ".join([PARAPHRASE["ru"].split(". ")[0] + "."] * 4)
    result = scorer.score(ru_step(), answer)
    assert (result.reason_code, result.passed) == ("repetition", False)
    assert result.score <= scorer.config.refusal_cap


@pytest.mark.parametrize(
    ("language", "answer", "reason"),
    [
        (
            "en",
            "I understand, it is a real amount. I won't ask what you are comparing our price with, and I'm not "
            "going to propose a call on Wednesday or any other day.",
            "refusal",
        ),
        (
            "en",
            "First the rep should acknowledge the concern. Then the rep asks what the price is compared with. "
            "Finally the seller would propose a dated next step.",
            "rubric_readback",
        ),
        (
            "ru",
            "Здесь менеджер должен присоединиться к возражению. Потом уточняет, с чем клиент сравнивает цену. "
            "В конце предлагает следующий шаг со сроком.",
            "rubric_readback",
        ),
    ],
)
def test_an_answer_that_mostly_refuses_or_describes_fails_and_covers_no_key_point(
    scorer: Scorer, language: str, answer: str, reason: str
) -> None:
    result = scorer.score(step(language), answer)
    assert (result.reason_code, result.passed) == (reason, False)
    assert result.score <= scorer.config.refusal_cap
    assert not any(k.covered for k in result.key_points)  # the one plain clause is drowned out
    assert all(k.sentence is None for k in result.key_points)


def test_a_russian_answer_with_english_brand_names_is_scored_normally(scorer: Scorer) -> None:
    answer = (
        "Понимаю, сумма заметная. Salesforce и HubSpot обойдутся дороже, а мы ещё и интегрируемся с 1С и "
        "Bitrix24. С чем вы сравниваете нашу цену? Давайте созвонимся в среду в десять утра."
    )
    result = scorer.score(ru_step(), answer)
    assert result.reason_code is None
    assert result.passed
    assert all(k.covered for k in result.key_points)


# --- determinism, batches ---------------------------------------------------------------------------------------

FLAGS = {
    "ru": (RedFlagSpec("Скидка", phrases=("сделаю скидку",), meaning="Менеджер сразу предлагает скидку."),),
    "en": (RedFlagSpec("Discount", phrases=("give you a discount",), meaning="The rep offers a discount at once."),),
}
MIXED = [
    (lang, answer)
    for lang in LANGUAGES
    for answer in (
        PARAPHRASE[lang],
        PARTIAL[lang],
        OFF_TOPIC[lang][0],
        " ".join(COVERING[lang]),
        {"ru": "Хорошо, я сделаю скидку десять процентов.", "en": "Fine, I will give you a discount of ten percent."}[
            lang
        ],
        "",
    )
]


def mixed_items() -> list[tuple[StepSpec, str]]:
    return [(step(lang, red_flags=FLAGS[lang]), answer) for lang, answer in MIXED]


def test_the_same_input_gives_the_same_result_every_time(scorer: Scorer) -> None:
    first = [scorer.score(s, a) for s, a in mixed_items()]
    second = [scorer.score(s, a) for s, a in mixed_items()]
    assert first == second
    assert any(r.red_flags for r in first)
    assert any(r.key_points for r in first)


def test_a_fresh_scorer_with_an_empty_cache_gives_identical_results(scorer: Scorer) -> None:
    # A freshly loaded model is compared with this one in test_score_cli (the command loads its own).
    assert isinstance(scorer.encoder, CachedEncoder)
    fresh = Scorer(CachedEncoder(scorer.encoder.inner))
    assert fresh.score_batch(mixed_items()[::-1]) == scorer.score_batch(mixed_items()[::-1])


def test_batch_and_single_scoring_agree(scorer: Scorer) -> None:
    items = mixed_items()
    single = [scorer.score(s, a) for s, a in items]
    assert scorer.score_batch(items) == single
    assert scorer.score_batch(items[::-1]) == single[::-1]


def test_a_step_with_one_reference_is_scored(scorer: Scorer) -> None:
    single = StepSpec(references=(RU_REFERENCES[0],), language="ru")
    result = scorer.score(single, PARAPHRASE["ru"])
    assert result.best_reference == 0
    assert result.score >= 80


def test_the_language_is_guessed_from_the_references_when_not_given(scorer: Scorer) -> None:
    unnamed = StepSpec(references=RU_REFERENCES)
    assert scorer.score(unnamed, PARAPHRASE["en"]).reason_code == "wrong_language"
    assert scorer.score(unnamed, PARAPHRASE["ru"]).reason_code is None


# A barb tacked onto the end (written for this test; the tone check's own sentences are in scoring/tone_data.py).
# English barbs of this kind mostly stay under `tone_last` (docs/scoring.md, round 8), so only Russian is asserted.
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
