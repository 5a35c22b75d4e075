"""The scorer with the real default model, in Russian and English: order, key points, bad input, determinism (red
flags: test_scorer_red_flags.py)."""

from __future__ import annotations

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
