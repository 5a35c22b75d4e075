"""Stop phrases found by what one sentence combines, not by a listed wording: a sworn word with an absolute
outcome is an empty promise, the rep's own offer with a price cut and a number is a price conceded
(the word lists below; docs/scoring.md, "What cannot fool the score").

Each combination belongs to a family of the company's stop phrases and takes that family's label, penalty and
critical mark from the company's list (the built-in labels); a company that deletes the family's phrases turns
its combination off with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from scoring import text as tx
from scoring.red_flags import NUMBER, AnswerWords, PhraseKeys, counts_time, find_phrase, phrase_keys
from scoring.stop_phrases import DISCOUNT, EMPTY_PROMISE
from scoring.types import RedFlagHit, StopPhrase

Match = tuple[int, int]

# One sentence that holds a word of each list is the family's stop phrase,
# whatever else it says. A sworn word with an absolute outcome is an empty promise («клянусь… никогда», "I give you
# my word… every time"); the rep's own offer with a price cut and a number is a price conceded ("call it 135, it's
# yours", «поставлю девяносто, как у ваших»). A negated word does not count («верить на слово не нужно»).
SWORN = {
    "ru": (
        "=обещаю",
        "пообещать",
        "=обещаем",
        "=гарантирую",
        "=гарантируем",
        "гарантированно",
        "клясться",
        "ручаться",
        "=отвечаю",
        "уверять",
        "заверять",
        "даю слово",
        "слово даю",
        "честное слово",
        "=головой",
        "железно",
        "сто процентов",
        "стопроцентно",
        "зуб даю",
        "=поверьте",
        "точно",
        "=честное",
        "будьте спокойны",
        "будьте уверены",
    ),
    "en": (
        "promise",
        "guarantee",
        "swear",
        "my word",
        "assure",
        "bet",
        "stake",
        "reputation",
        "absolutely",
        "definitely",
        "hundred percent",
        "trust me",
        "believe me",
        "certain",
        "mark my words",
        "hand on heart",
        "cross my heart",
        "rest assured",
        "take it from me",
        "tell you right now",
    ),
}
ABSOLUTE = {
    "ru": (
        "никогда",
        "навсегда",
        "всегда",
        "ни",
        "идеально",
        "гарантированно",
        "каждый",
        "любой",
        "забыть",
        "вообще",
        "безупречно",
        "вдвое",
        "больше не",
        "даже не",
    ),
    "en": (
        "never",
        "ever",
        "always",
        "every",
        "single",
        "zero",
        "nothing",
        "perfect",
        "perfectly",
        "flawless",
        "forever",
        "guaranteed",
        "double",
        "no problem",
        "not one",
        "any",
        "best",
        "says yes",
    ),
}
PRICE_CUT = {  # words that cut the rep's own price; not "instead of", «вместо», "lower", «снизить», «минус»: the
    # library's own references say "a lower cost per enquiry", «минус 20 процентов» for fewer modules
    "ru": (
        "скидка",
        "сбросить",
        "опустить",
        "уступить",
        "дешевле",
        "как у",
        "сравнять",
        "за полцены",
    ),
    "en": (
        "off",
        "discount",
        "knock",
        "shave",
        "cheaper",
        "call it",
        "down to",
        "half price",
        "price match",
        "beat their",
        "come down",
    ),
}
OWN_OFFER = {
    "ru": (
        "давайте",
        "=сделаю",
        "=сделаем",
        "=поставлю",
        "=поставим",
        "=дам",
        "=дадим",
        "=отдам",
        "=отдадим",
        "=уберу",
        "=уберём",
        "=сброшу",
        "=скину",
        "=скинем",
        "=опущу",
        "=опустим",
        "=снижу",
        "=снизим",
        "=уступлю",
        "=подарю",
        "=подарим",
        "=могу",
        "=можем",
        "=готов",
        "=готовы",
        "=выставлю",
        "=посчитаю",
        "=предложу",
    ),
    "en": (
        "I'll",
        "we'll",
        "I can",
        "we can",
        "let me",
        "I could",
        "we could",
        "how about",
        "I will",
        "we will",
        "tell you what",
        "I'm giving",
        "you can have",
        "it's yours",
        "call it",
        "let's",
    ),
}


@lru_cache(maxsize=16)
def _keys(table: str, language: str) -> tuple[PhraseKeys, ...]:
    lists = {"sworn": SWORN, "absolute": ABSOLUTE, "cut": PRICE_CUT, "offer": OWN_OFFER}[table]
    return tuple(phrase_keys(p) for p in lists.get(language, ()))


def combination_hits(
    words: AnswerWords, language: str, stops: Sequence[StopPhrase], found: Sequence[RedFlagHit]
) -> list[RedFlagHit]:
    """The combinations in the answer whose family the company keeps, one hit per family (the first sentence),
    none on words an earlier hit (`found`) already stands on or for a label already found."""
    hits, sentences = [], _sentences(words)
    for labels, rule in ((EMPTY_PROMISE, _sworn_absolute), (DISCOUNT, _price_conceded)):
        label = labels.get(language)
        family = [s for s in stops if s.label == label]
        if label is None or not family or any(h.label == label for h in found):
            continue
        for first, last in sentences:
            match = rule(words, language, first, last)
            if match is None:
                continue
            start, end = words.words[match[0]].start, words.words[match[1]].end
            if any(h.start < end and start < h.end for h in found):
                break
            penalty, critical = max((s.penalty, s.critical) for s in family)
            hits.append(
                RedFlagHit(label, penalty, critical, "phrase", words.answer[start:end], start, end, None, "company")
            )
            break
    return hits


def _sentences(words: AnswerWords) -> list[Match]:
    """(first word, last word) of each sentence."""
    out = []
    for sentence in tx.sentences(words.answer):
        inside = [i for i, w in enumerate(words.words) if sentence.start <= w.start < sentence.end]
        if inside:
            out.append((inside[0], inside[-1]))
    return out


def _find(table: str, words: AnswerWords, language: str, first: int, last: int) -> list[Match]:
    """Where the table's phrases stand, not negated, inside words first..last."""
    allowed = [first <= i <= last and not words.negated[i] for i in range(len(words.words))]
    found = []
    for keys in _keys(table, language):
        match = find_phrase(keys, words.keys, allowed, max_gap=0)
        if match is not None and match[1] <= last:
            found.append(match)
    return found


def _sworn_absolute(words: AnswerWords, language: str, first: int, last: int) -> Match | None:
    sworn = _find("sworn", words, language, first, last)
    absolute = [m for m in _find("absolute", words, language, first, last) if all(m != s for s in sworn)]
    if not sworn or not absolute:
        return None
    return _span(sworn + absolute)


def _price_conceded(words: AnswerWords, language: str, first: int, last: int) -> Match | None:
    numbers = [
        (i, i)
        for i in range(first, last + 1)
        if NUMBER in words.keys[i] and not words.negated[i] and not counts_time(words, i, i)
    ]
    replaced = _number_for_number(words, language, numbers)
    if replaced is not None:  # «по 1 200 вместо 1 590», "1,200 instead of 1,590": one price put for another
        return replaced
    cut = _find("cut", words, language, first, last)
    offer = _find("offer", words, language, first, last)
    if not numbers or not cut or not offer:
        return None
    return _span(numbers + cut + offer)


INSTEAD = {"ru": "вместо", "en": "instead of"}
PRICE_AT = {"ru": frozenset({"по", "за"}), "en": frozenset({"at", "for"})}


@lru_cache(maxsize=4)
def _instead_keys(language: str) -> PhraseKeys:
    return phrase_keys(INSTEAD[language])


def _number_for_number(words: AnswerWords, language: str, numbers: list[Match]) -> Match | None:
    """A price, «вместо» / "instead of", and another number right after: «по 1 200 вместо 1 590», "for 90 instead
    of 110" (a price: «по», «за», "at", "for" before it; «аванс 1,8 миллиона вместо 18» splits a payment)."""
    instead = _instead_keys(language)
    for at, _ in numbers:
        if at == 0 or tx.fold(words.words[at - 1].text) not in PRICE_AT[language]:
            continue
        after = at + 1
        while after < len(words.words) and NUMBER in words.keys[after]:  # «тысячи шестисот», "1 200"
            after += 1
        if after >= len(words.words):
            continue
        match = find_phrase(instead, words.keys, [i == after for i in range(len(words.words))], max_gap=0)
        if match is not None and any(n == match[1] + 1 for n, _ in numbers):
            return at, match[1] + 1
    return None


def _span(matches: list[Match]) -> Match:
    return min(m[0] for m in matches), max(m[1] for m in matches)
