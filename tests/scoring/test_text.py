"""Text handling without a model: cleaning, sentences and words with offsets, stems, scripts, gibberish."""

from __future__ import annotations

import pytest

from scoring.scorer import find_phrase
from scoring.text import clean, language_mismatch, looks_gibberish, near_copy, sentences, stem, word_keys, words


def test_clean_removes_markup_and_control_characters_and_collapses_spaces() -> None:
    raw = "<p>Понимаю\x00 вас,</p>\t\u00a0  <b>давайте</b>\x07 посчитаем.\r\n\r\n\u200bИтак"
    assert clean(raw) == "Понимаю вас, давайте посчитаем.\nИтак"


def test_clean_leaves_nothing_of_markup_or_control_characters_alone() -> None:
    assert clean("<div class='x'><br/></div><!-- note -->") == ""
    assert clean("\x00\x01\x1b\x7f\ufeff") == ""


def test_sentence_spans_point_into_the_text() -> None:
    text = "Понимаю, сумма заметная. С чем вы сравниваете?\nДавайте созвонимся в среду!"
    spans = sentences(text)
    assert [s.text for s in spans] == [
        "Понимаю, сумма заметная.",
        "С чем вы сравниваете?",
        "Давайте созвонимся в среду!",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_words_keep_inner_hyphens_and_apostrophes() -> None:
    text = "Don't worry, it's a one-off price — что-то вроде скидки."
    found = words(text)
    assert [w.text for w in found] == ["Don't", "worry", "it's", "a", "one-off", "price", "что-то", "вроде", "скидки"]
    assert all(text[w.start : w.end] == w.text for w in found)


@pytest.mark.parametrize(
    "forms",
    [
        ("скидку", "скидки", "скидкой", "скидка", "Скидке"),
        ("постараюсь", "постараемся", "постарается"),
        ("обещаю", "обещаем"),
        ("ещё", "еще"),
        ("discount", "discounts", "discounted", "discounting", "Discount"),
        ("promise", "promised", "promises", "promising"),
    ],
)
def test_word_forms_share_one_stem(forms: tuple[str, ...]) -> None:
    assert len({stem(form) for form in forms}) == 1


@pytest.mark.parametrize(("phrase_word", "answer_word"), [("дать", "дадим"), ("дам", "дадим"), ("дам", "дал")])
def test_russian_word_forms_a_stemmer_cannot_join_share_a_lemma(phrase_word: str, answer_word: str) -> None:
    assert stem(phrase_word) != stem(answer_word)
    assert word_keys(phrase_word) & word_keys(answer_word)


def keys(text: str) -> list[frozenset[str]]:
    return [word_keys(w.text) for w in words(text)]


def test_find_phrase_allows_one_extra_word_between_the_phrase_words() -> None:
    phrase = keys("сделаю скидку")
    assert find_phrase(phrase, keys("мы сделаем скидку"), [True] * 3) == (1, 2)
    assert find_phrase(phrase, keys("мы сделаем вам скидку"), [True] * 4) == (1, 3)
    assert find_phrase(phrase, keys("мы сделаем вам большую скидку"), [True] * 5) is None


def test_find_phrase_keeps_the_order_of_the_words() -> None:
    assert find_phrase(keys("give discount"), keys("a discount we give"), [True] * 4) is None


def test_find_phrase_starts_only_where_allowed() -> None:
    answer = keys("дам скидку потом дам скидку")
    assert find_phrase(keys("дам скидку"), answer, [False, True, True, True, True]) == (3, 4)
    assert find_phrase(keys("дам скидку"), answer, [False] * 5) is None
    assert find_phrase([], answer, [True] * 5) is None


def test_language_mismatch_names_the_expected_language() -> None:
    assert language_mismatch("I understand the price, let us discuss it.", "ru") is not None
    assert "English" in (language_mismatch("Понимаю, давайте обсудим цену подробнее.", "en") or "")
    assert language_mismatch("我明白价格很重要，我们来讨论一下吧", "ru") is not None


def test_language_mismatch_accepts_brand_names_in_the_other_script() -> None:
    answer = "Понимаю, Salesforce и HubSpot стоят дороже, а мы интегрируемся с 1С и Bitrix24."
    assert language_mismatch(answer, "ru") is None


@pytest.mark.parametrize("text", ["asdkjh qwelkj zxcmnb", "ааааааа ааааа аааа", "zzzzzz zzzz", "ывпрлдж жджлпрв"])
def test_keyboard_mashing_looks_gibberish(text: str) -> None:
    # "фывапролдж" reads as syllables to this check; the scorer also asks the tokenizer (see test_scorer)
    assert looks_gibberish(text)


@pytest.mark.parametrize(
    "text",
    [
        "Понимаю, сумма заметная. С чем вы сравниваете нашу цену?",
        "Здравствуйте, строительство стратегии взаимодействия.",
        "I understand, what are you comparing our price with?",
        "Understandably, our strengths are transport scheduling and warehouse throughput.",
    ],
)
def test_real_sentences_do_not_look_gibberish(text: str) -> None:
    assert not looks_gibberish(text)


def test_near_copy_spots_the_customers_line_repeated() -> None:
    line = "Посмотрел ваш прайс. Дорого, честно говоря, у нас нет таких денег."
    assert near_copy("посмотрел ваш прайс, дорого честно говоря, у нас нет таких денег", line)
    assert near_copy("Дорого, честно говоря, у нас нет таких денег.", line)
    assert not near_copy("Понимаю, сумма заметная. С чем вы сравниваете нашу цену?", line)
    assert not near_copy("Дорого", line)


def test_a_phrase_word_written_with_equals_matches_only_that_form() -> None:
    from scoring.red_flags import AnswerWords, phrase_keys

    exact = phrase_keys("=короче")
    said = AnswerWords.of("Короче, пришлю завтра")
    assert find_phrase(exact, said.keys, [True] * len(said.words)) == (0, 0)
    other_form = AnswerWords.of("Пришлю короткую выжимку")  # «короче» is also a form of «короткий»
    assert find_phrase(exact, other_form.keys, [True] * len(other_form.words)) is None
    assert find_phrase(phrase_keys("короче"), other_form.keys, [True] * len(other_form.words)) is not None
