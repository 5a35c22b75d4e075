"""Word error rate: how far a transcript is from what was said, in words."""

from __future__ import annotations

import re

_WORD = re.compile(r"[\w]+(?:[-'][\w]+)*")


def words_of(text: str) -> list[str]:
    """Words as WER compares them: lower case, ё as е, punctuation dropped (hyphenated words stay one word)."""
    return _WORD.findall(text.lower().replace("ё", "е"))


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / words in `reference` (Levenshtein distance over words)."""
    ref, hyp = words_of(reference), words_of(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)


def edit_distance(a: list[str], b: list[str]) -> int:
    """The fewest word substitutions, deletions and insertions that turn `a` into `b`."""
    previous = list(range(len(b) + 1))
    for i, word in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other)))
        previous = current
    return previous[-1]
