"""Stop phrases found by what one sentence combines (scoring/combinations.py) and the hedges blanked from an
insecure answer before its content is judged: rules, no model."""

from __future__ import annotations

import dataclasses

import pytest

from scenarios.loader import builtin_library, load_paths
from scoring import text as tx
from scoring.combinations import combination_hits
from scoring.red_flags import AnswerWords, blank_hedges
from scoring.stop_phrases import DISCOUNT, EMPTY_PROMISE, default_stop_phrases
from scoring.types import RedFlagHit

STOPS = default_stop_phrases()


def _hits(answer: str, language: str, stops: tuple = STOPS, found: tuple = ()) -> list[RedFlagHit]:
    return combination_hits(AnswerWords.of(answer), language, stops, found)


@pytest.mark.parametrize(
    ("answer", "language", "label", "words"),
    [
        ("Your loads will arrive intact every time, I swear.", "en", EMPTY_PROMISE, "every time, I swear"),
        ("I'd stake my reputation on zero breakdowns.", "en", EMPTY_PROMISE, "stake my reputation on zero"),
        ("Головой ручаюсь, простоев у вас больше не будет никогда.", "ru", EMPTY_PROMISE, None),
        ("Tell you what, call it 1,200 and it's yours.", "en", DISCOUNT, "Tell you what, call it 1,200 and it's yours"),
        ("Ладно, поставлю вам девяносто, как у вашего поставщика.", "ru", DISCOUNT, None),
        # round 8
        ("Hand on heart, it'll double your project enquiries within the year.", "en", EMPTY_PROMISE, None),
        (
            "И честное пионерское: после нашего расчёта вы про штатную уборку даже не вспомните.",
            "ru",
            EMPTY_PROMISE,
            None,
        ),
        ("Лицензии для вас оформлю по 1 200 вместо 1 590.", "ru", DISCOUNT, "1 200 вместо 1"),
        ("Fine, you can have the licences for 90 instead of 110.", "en", DISCOUNT, "90 instead of 110"),
        ("Первые три месяца для вас по тысяче вместо тысячи шестисот.", "ru", DISCOUNT, "тысяче вместо тысячи"),
        ("And honestly, I'll just come down six points on cost so you're at 35.", "en", DISCOUNT, None),
    ],
)
def test_a_sworn_absolute_or_an_own_price_cut_with_a_number_is_the_familys_stop_phrase(
    answer: str, language: str, label: dict[str, str], words: str | None
) -> None:
    hits = _hits(answer, language)
    assert [h.label for h in hits] == [label[language]]
    assert hits[0].source == "company"
    assert answer[hits[0].start : hits[0].end] == hits[0].words
    if words is not None:
        assert hits[0].words == words
    family = [s for s in STOPS if s.label == label[language]]
    assert hits[0].penalty == max(s.penalty for s in family)
    assert hits[0].critical == any(s.critical for s in family)


@pytest.mark.parametrize(
    ("answer", "language"),
    [
        ("I won't promise there will never be a problem, but here's how we fix them.", "en"),  # negated
        ("Верить на слово не нужно: шестьдесят машин работают на Урале.", "ru"),
        ("Every delivery is tracked and the price is fixed for two years.", "en"),  # no sworn word
        ("I promise to send it by Friday. Every figure will be yours.", "en"),  # two sentences
        ("Давайте бесплатно разберу 10 звонков и к пятнице покажу, где теряются сделки.", "ru"),  # no price cut
        ("I can't knock 10% off, but I can show you where the money comes back.", "en"),  # negated cut
        ("We can start with two weeks off the contract term.", "en"),  # a number of weeks, not money
        ("Above 100 units the unit price is lower; it's on the price list.", "en"),  # no offer of the rep's own
        ("We deliver in 3 days instead of 5 days.", "en"),  # a number for a number, but of days
        ("Twelve weeks of your own data instead of 2 slides.", "en"),
        ("Аванс около 1,8 миллиона вместо 18, остальное остаётся в обороте.", "ru"),  # a payment split
    ],
)
def test_fair_offers_negations_and_words_apart_are_not_combinations(answer: str, language: str) -> None:
    assert _hits(answer, language) == []


def test_no_reference_answer_or_good_sample_of_the_library_is_a_combination() -> None:
    # "a lower cost per enquiry", «минус 20 процентов» for fewer modules, "twelve weeks of data instead of a pitch"
    # once made references fail their own steps
    found = [
        (scenario.id, step.id, text)
        for scenario in load_paths([builtin_library()]).scenarios
        for step in scenario.steps
        for text in (*step.references, *(s.answer for s in step.samples if s.grade >= 70))
        if _hits(tx.clean(text), scenario.language)
    ]
    assert found == []


def test_a_combination_follows_the_companys_family_and_never_doubles_a_hit() -> None:
    answer = "Tell you what, call it 1,200 and it's yours."
    assert _hits(answer, "en", stops=tuple(s for s in STOPS if s.label != DISCOUNT["en"])) == []
    milder = tuple(dataclasses.replace(s, penalty=5, critical=False) if s.label == DISCOUNT["en"] else s for s in STOPS)
    assert [(h.penalty, h.critical) for h in _hits(answer, "en", stops=milder)] == [(5, False)]
    earlier = RedFlagHit("Discount offered", 20, True, "phrase", "call it 1,200", 15, 28)
    assert _hits(answer, "en", found=(earlier,)) == []  # the step's own red flag stands on those words


@pytest.mark.parametrize(
    ("answer", "language", "content"),
    [
        ("I guess, sort of, the season is maybe busy?", "en", "the season is busy?"),
        (
            "Мы, пожалуй, могли бы, как бы, посчитать окупаемость, наверное.",
            "ru",
            "Мы, могли бы, посчитать окупаемость.",
        ),
        ("What kind of trucks do you run?", "en", "What kind of trucks do you run?"),  # "kind of" in its plain sense
    ],
)
def test_hedges_are_blanked_in_place(answer: str, language: str, content: str) -> None:
    blanked = blank_hedges(AnswerWords.of(answer), language)
    assert len(blanked) == len(answer)
    assert all(b == a or b == " " for a, b in zip(answer, blanked, strict=True))
    assert " ".join(blanked.split()).replace(" ,", ",").replace(" ?", "?").replace(" .", ".") == content
