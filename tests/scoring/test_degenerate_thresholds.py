"""The degenerate-answer rules read their thresholds from `ScoringConfig`: the defaults decide as before, and
changing one field changes the decision it names."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scoring.degenerate import degenerate_reason, fragmented
from scoring.text import language_mismatch, looks_gibberish, near_copy
from scoring.types import ScoringConfig

DEFAULTS = ScoringConfig()
LINE = "Посмотрел ваш прайс. Дорого, честно говоря, у нас нет таких денег."
MASHING = "please strngthkl mrtkplsd today"  # two unpronounceable words of four long ones, vowels 6 of 28


def test_language_thresholds_come_from_the_config() -> None:
    english, russian = "I understand the price, let us discuss it.", "Понимаю, давайте обсудим цену подробнее."
    assert language_mismatch(english, "ru") is not None
    assert language_mismatch(english, "ru", cfg=replace(DEFAULTS, wrong_language_cyrillic=0.0)) is None
    assert language_mismatch(english, "ru", cfg=replace(DEFAULTS, wrong_language_min_letters=100)) is None
    assert language_mismatch(russian, "en") is not None
    assert language_mismatch(russian, "en", cfg=replace(DEFAULTS, wrong_language_latin=0.0)) is None


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("qwrtpsdf", {"gibberish_min_letters": 9}),
        ("abababab", {"gibberish_distinct_letters": 1}),
        ("qwrtpsdfgh", {"gibberish_vowels_min": 0.0}),
        ("aeiouaeiouk", {"gibberish_vowels_max": 1.0}),
        (MASHING, {"gibberish_long_word": 9}),
        (MASHING, {"gibberish_consonant_run": 9}),
        (MASHING, {"gibberish_unpronounceable": 3}),
        (MASHING, {"gibberish_unpronounceable_share": 0.75}),
    ],
)
def test_gibberish_thresholds_come_from_the_config(text: str, change: dict[str, float]) -> None:
    assert looks_gibberish(text)
    assert not looks_gibberish(text, cfg=replace(DEFAULTS, **change))


def test_another_script_is_left_to_the_language_rule_by_a_configured_share() -> None:
    text = "αβγδεζηθ qwrt"  # 4 of 12 letters Latin, none of them a vowel
    assert not looks_gibberish(text)
    assert looks_gibberish(text, cfg=replace(DEFAULTS, gibberish_known_share=0.0))


def test_near_copy_thresholds_come_from_the_config() -> None:
    tail = "Дорого, честно говоря, у нас нет таких денег."  # inside the line, 0.68 of its length, difflib 0.81
    assert near_copy(tail, LINE)
    assert not near_copy(tail, LINE, cfg=replace(DEFAULTS, copy_contained_share=0.9))
    reworded = "Посмотрел ваш прайс. Дорого, честно говоря, у нас нет лишних денег."
    assert near_copy(reworded, LINE)
    assert not near_copy(reworded, LINE, cfg=replace(DEFAULTS, copy_ratio=0.99))
    longer = f"{LINE} Вот так."
    assert near_copy(longer, LINE)
    assert not near_copy(longer, LINE, cfg=replace(DEFAULTS, copy_max_length=1.0))


def test_fragments_need_the_configured_number_of_letters() -> None:
    # one piece per character: 1 letter per piece, under gibberish_letters_per_piece (2.0)
    assert fragmented("qwerty", list, DEFAULTS)
    assert not fragmented("qwerty", list, replace(DEFAULTS, gibberish_min_letters=7))
    assert not fragmented("qwerty", list, replace(DEFAULTS, gibberish_letters_per_piece=1.0))


def test_degenerate_reason_passes_its_config_to_every_rule() -> None:
    def reason(answer: str, language: str, cfg: ScoringConfig) -> str | None:
        found = degenerate_reason(answer, language=language, customer_line=LINE, cfg=cfg, pieces=str.split)
        return found[0] if found else None

    english = "I understand the price, let us discuss the numbers together."
    assert reason(english, "ru", DEFAULTS) == "wrong_language"
    assert reason(english, "ru", replace(DEFAULTS, wrong_language_cyrillic=0.0)) != "wrong_language"
    assert reason(MASHING, "en", DEFAULTS) == "gibberish"
    assert reason(MASHING, "en", replace(DEFAULTS, gibberish_consonant_run=9)) != "gibberish"
    tail = "Дорого, честно говоря, у нас нет таких денег."
    assert reason(tail, "ru", DEFAULTS) == "copy_of_customer_line"
    assert reason(tail, "ru", replace(DEFAULTS, copy_contained_share=0.9, copy_ratio=0.99)) != "copy_of_customer_line"
