"""Text handling that needs no model: cleaning, sentences, words, stems, scripts, gibberish."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

import snowballstemmer

from scoring.types import ScoringConfig

_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>|<!--.*?-->", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff\ufffd]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”')\]]*\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_VOWELS = set("aeiouyаеёиоуыэюя")
_DEFAULTS = ScoringConfig()


@dataclass(frozen=True)
class Span:
    """A piece of the cleaned answer: `text == answer[start:end]`."""

    text: str
    start: int
    end: int


def word_set(text: str) -> frozenset[str]:
    """The words of a space-separated list, as a set (for word lists written as one string)."""
    return frozenset(text.split())


def clean(text: str) -> str:
    """NFC, markup tags and control characters removed, runs of spaces collapsed, trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = _TAG.sub(" ", text)
    text = _CONTROL.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def sentences(text: str) -> list[Span]:
    """Split cleaned text into sentences (end punctuation or line breaks)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start : match.start()].strip():
            spans.append(Span(text[start : match.start()], start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append(Span(text[start:].rstrip(), start, start + len(text[start:].rstrip())))
    return spans


def words(text: str) -> list[Span]:
    """Words (letters and digits, with inner hyphens or apostrophes)."""
    return [Span(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]


def fold(word: str) -> str:
    """Case-fold a word and treat ё as е."""
    return word.casefold().replace("ё", "е").replace("’", "'")


@lru_cache(maxsize=2)
def _stemmer(language: str) -> snowballstemmer.Stemmer:
    return snowballstemmer.stemmer(language)


@lru_cache(maxsize=1)
def morph() -> Any:
    """The Russian morphological analyser (pymorphy3), made once."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=131072)
def word_keys(word: str) -> frozenset[str]:
    """Forms under which a word matches a phrase word: its stem, and for Russian its dictionary lemmas.

    Lemmas join forms a stemmer cannot (дам / дадим / дать); two words match when their keys intersect.
    """
    folded = fold(word)
    if any("а" <= c <= "я" for c in folded):
        parses = morph().parse(folded)
        if any(p.is_known for p in parses):  # a dictionary word: its lemmas, not a stem (да ≠ даю)
            return frozenset(fold(p.normal_form) for p in parses if p.is_known)
    return frozenset({stem(word)})


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball stem of a word, Russian for Cyrillic words and English otherwise."""
    folded = fold(word)
    language = "russian" if any("а" <= c <= "я" for c in folded) else "english"
    return str(_stemmer(language).stemWord(folded))


def script_shares(text: str) -> tuple[float, float, int]:
    """(Cyrillic share, Latin share, letter count) among the letters of the text."""
    cyrillic = latin = letters = 0
    for char in text:
        if not char.isalpha():
            continue
        letters += 1
        name = unicodedata.name(char, "")
        cyrillic += name.startswith("CYRILLIC")
        latin += name.startswith("LATIN")
    if not letters:
        return 0.0, 0.0, 0
    return cyrillic / letters, latin / letters, letters


def language_mismatch(text: str, language: str, *, cfg: ScoringConfig = _DEFAULTS) -> str | None:
    """A plain reason when the text is clearly not in `language` (ru or en), else None (`wrong_language_*`)."""
    cyrillic, latin, letters = script_shares(text)
    if letters < cfg.wrong_language_min_letters:
        return None
    if language == "ru" and cyrillic < cfg.wrong_language_cyrillic:
        return "The answer is not in Russian; this objection is practised in Russian."
    if language == "en" and latin < cfg.wrong_language_latin:
        return "The answer is not in English; this objection is practised in English."
    return None


def looks_gibberish(text: str, *, cfg: ScoringConfig = _DEFAULTS) -> bool:
    """Keyboard mashing or repeated characters rather than words of a human language (`gibberish_*`)."""
    letters = [c for c in fold(text) if c.isalpha()]
    if len(letters) < cfg.gibberish_min_letters:
        return False
    if len(set(letters)) <= cfg.gibberish_distinct_letters:
        return True
    known = [c for c in letters if c.isascii() or "а" <= c <= "я"]
    if len(known) < cfg.gibberish_known_share * len(letters):
        return False  # another script: language_mismatch says why
    vowel_share = sum(c in _VOWELS for c in known) / len(known)
    if not cfg.gibberish_vowels_min <= vowel_share <= cfg.gibberish_vowels_max:
        return True
    long_words = [w.text for w in words(text) if len(w.text) >= cfg.gibberish_long_word and w.text.isalpha()]
    unpronounceable = [w for w in long_words if _max_consonant_run(fold(w)) >= cfg.gibberish_consonant_run]
    needed = max(cfg.gibberish_unpronounceable, len(long_words) * cfg.gibberish_unpronounceable_share)
    return bool(long_words) and len(unpronounceable) >= needed


def _max_consonant_run(word: str) -> int:
    run = best = 0
    for char in word:
        run = 0 if char in _VOWELS or not char.isalpha() else run + 1
        best = max(best, run)
    return best


def near_copy(answer: str, line: str, *, cfg: ScoringConfig = _DEFAULTS) -> bool:
    """True when the answer mostly repeats the customer's line (`copy_*`)."""
    a = " ".join(fold(w.text) for w in words(answer))
    b = " ".join(fold(w.text) for w in words(line))
    if not a or not b:
        return False
    if a == b or (a in b and len(a) >= cfg.copy_contained_share * len(b)):
        return True
    if len(a) > cfg.copy_max_length * len(b):
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= cfg.copy_ratio
