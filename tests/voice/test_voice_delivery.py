"""Delivery math on hand-made word timings: pace, fillers, pauses, talk time."""

from __future__ import annotations

import pytest

from voice.delivery import NORMS, Word, count_fillers, filler_words, longest_pause, measure, normalise
from voice.wer import edit_distance, word_error_rate


def timed(*spec: tuple[str, float, float]) -> list[Word]:
    return [Word(text, start, end) for text, start, end in spec]


def test_pace_is_words_over_talk_time_from_first_start_to_last_end() -> None:
    # 10 words from 1.0 s to 6.0 s: 5 s of talk, 120 words per minute; silence before and after does not count
    words = [Word(f"w{i}", 1.0 + i * 0.5, 1.0 + i * 0.5 + 0.4) for i in range(9)] + [Word("end.", 5.5, 6.0)]
    delivery = measure(words, language="en")
    assert delivery.words == 10
    assert delivery.talk_time_s == 5.0
    assert delivery.words_per_minute == 120.0


def test_longest_pause_is_the_widest_gap_between_words_and_names_the_word_before() -> None:
    words = timed(("Well,", 0.0, 0.3), ("I", 0.5, 0.6), ("think", 2.9, 3.2), ("so.", 3.3, 3.6))
    assert longest_pause(words) == (pytest.approx(2.3), "I")
    assert measure(words, language="en").longest_pause_s == 2.3


def test_no_words_gives_zeros_not_a_division_by_zero() -> None:
    delivery = measure([], language="ru")
    assert (delivery.words, delivery.talk_time_s, delivery.words_per_minute) == (0, 0.0, 0.0)
    assert (delivery.filler_count, delivery.longest_pause_s, delivery.longest_pause_after) == (0, 0.0, None)


def test_punctuation_only_tokens_are_not_words() -> None:
    words = timed(("Да", 0.0, 0.5), ("—", 0.5, 0.6), ("конечно.", 0.6, 1.0))
    assert measure(words, language="ru").words == 2


def test_russian_fillers_are_counted_once_each_phrase() -> None:
    text = "Ну, как бы, я, короче, подготовлю, типа, расчёт. В общем, э-э, ээ, в четверг. Ну"
    counts = count_fillers([normalise(w) for w in text.split()], language="ru")
    assert counts == {"ну": 2, "как бы": 1, "короче": 1, "типа": 1, "в общем": 1, "э-э": 2}


def test_russian_words_that_only_look_like_fillers_are_spared() -> None:
    text = "Как бы вы оценили решение такого типа? Как бы то ни было, короче путь не найти"
    counts = count_fillers([normalise(w) for w in text.split()], language="ru")
    assert counts == {"короче": 1}  # «короче» as a comparative cannot be told apart by words alone


def test_english_fillers_and_like_as_a_verb() -> None:
    text = "Um, like, I'd like to, uh, basically, you know, show you what it looks like. Umm"
    counts = count_fillers([normalise(w) for w in text.split()], language="en")
    assert counts == {"um": 2, "like": 1, "uh": 1, "basically": 1, "you know": 1}


def test_extra_filler_phrases_count_beside_the_languages_own_with_stop_phrase_marks_dropped() -> None:
    assert filler_words("так =сказать") == ("так", "сказать")
    assert filler_words("  В общем-то ") == ("в", "общем-то")
    text = "Ну, так сказать, наверное, в общем-то, это, короче, в общем, наверное хорошо"
    counts = count_fillers(
        [normalise(w) for w in text.split()],
        language="ru",
        extra=["наверное", "так =сказать", "в общем-то", "=короче", "#"],
    )
    assert counts == {"ну": 1, "так сказать": 1, "наверное": 2, "в общем-то": 1, "короче": 1, "в общем": 1}
    # the context rules still spare a company's "like" used as a verb
    said = "I'd like that, kind of"
    spared = count_fillers([normalise(w) for w in said.split()], language="en", extra=["like", "kind of"])
    assert spared == {"kind of": 1}


def test_fillers_per_minute_and_the_norms_travel_with_the_figures() -> None:
    words = timed(("Um", 0.0, 0.2), ("yes,", 0.3, 0.6), ("uh,", 0.8, 1.0), ("Tuesday.", 29.0, 30.0))
    delivery = measure(words, language="en")
    assert delivery.filler_count == 2
    assert delivery.fillers_per_minute == 4.0
    assert [(f.phrase, f.count) for f in delivery.fillers] == [("uh", 1), ("um", 1)]
    assert delivery.norms == NORMS
    assert delivery.to_dict()["fillers"] == [{"phrase": "uh", "count": 1}, {"phrase": "um", "count": 1}]


def test_word_error_rate_counts_substitutions_deletions_and_insertions() -> None:
    assert word_error_rate("Понимаю вас, сумма заметная.", "понимаю вас сунма заметная") == 0.25
    assert word_error_rate("switching mid-season is a risk", "switching mid-season is risk") == 0.2
    assert word_error_rate("ещё раз", "еще раз") == 0.0
    assert edit_distance(["a", "b", "c"], ["a", "x", "c", "d"]) == 2
    assert word_error_rate("", "") == 0.0
