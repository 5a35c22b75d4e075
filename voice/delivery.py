"""Delivery of a spoken answer, measured from its word timings: pace, filler words, the longest pause, talk time.

Pure functions over `Word`s (text, start and end in seconds): no model, no audio. The figures never change the
meaning score; they are shown beside it against `NORMS`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

# Stated norms, shown beside the figures: a calm, clear pace for a sales conversation.
NORMS: dict[str, float] = {
    "words_per_minute_min": 120.0,
    "words_per_minute_max": 160.0,
    "fillers_per_minute_max": 3.0,
    "longest_pause_s_max": 3.0,
}

# A filler is a sequence of normalised words; a context rule below spares uses that carry meaning.
FILLERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "ru": (("э-э",), ("ну",), ("как", "бы"), ("типа",), ("короче",), ("в", "общем")),
    "en": (("um",), ("uh",), ("like",), ("you", "know"), ("basically",)),
}
# Hesitation sounds written in many ways («э», «ээ», «э-э-э», «м-м», "umm", "uhh", "erm") count as one filler.
_HESITATION = {
    "ru": (re.compile(r"^(э+|э+(-э+)+|м+|м+(-м+)+|а-а+)$"), "э-э"),
    "en": (re.compile(r"^(u+m+|u+h+|e+r+m*|h+m+|m+)$"), None),
}
# "like" is a verb or a preposition after these words ("I'd like", "looks like", "feel like"), not a filler.
_LIKE_KEPT_AFTER = {
    "i",
    "you",
    "we",
    "they",
    "would",
    "i'd",
    "you'd",
    "we'd",
    "they'd",
    "to",
    "don't",
    "didn't",
    "do",
    "does",
    "feel",
    "feels",
    "look",
    "looks",
    "sound",
    "sounds",
    "seem",
    "seems",
    "just",
    "more",
    "something",
    "anything",
    "nothing",
    "things",
    "much",
    "not",
}
# «как бы вы…» asks a question, «как бы то ни было» concedes; «какого типа», «этого типа» name a kind: no fillers.
_KAK_BY_KEPT_BEFORE = {"вы", "ты", "то"}
_TIPA_KEPT_AFTER = {"какого", "этого", "того", "такого", "одного", "нового", "другого", "данного", "любого"}
_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


@dataclass(frozen=True)
class Word:
    """One recognised word and when it was said (seconds from the start of the recording)."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class FillerCount:
    phrase: str
    count: int


@dataclass(frozen=True)
class Delivery:
    """How an answer was said. `talk_time_s`: first word's start to last word's end; `words_per_minute` over it;
    `longest_pause_s`: the longest silence between two words (before the first and after the last do not count)."""

    words: int
    talk_time_s: float
    words_per_minute: float
    fillers: list[FillerCount]
    filler_count: int
    fillers_per_minute: float
    longest_pause_s: float
    longest_pause_after: str | None  # the word said just before the longest pause
    norms: dict[str, float] = field(default_factory=lambda: dict(NORMS))

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return asdict(self)


def normalise(word: str) -> str:
    """A word as fillers are matched: lower case, ё as е, without surrounding punctuation."""
    return _PUNCTUATION.sub("", word.strip().lower().replace("ё", "е"))


def measure(words: Sequence[Word], *, language: str, extra_fillers: Sequence[str] = ()) -> Delivery:
    """Delivery figures of an answer from its word timings (`words` in the order said); `extra_fillers`: phrases
    counted as fillers besides the language's own (a company's filler stop phrases)."""
    said = [w for w in words if normalise(w.text)]
    talk = max(0.0, said[-1].end - said[0].start) if said else 0.0
    fillers = count_fillers([normalise(w.text) for w in said], language=language, extra=extra_fillers)
    total = sum(fillers.values())
    pause, after = longest_pause(said)
    return Delivery(
        words=len(said),
        talk_time_s=round(talk, 2),
        words_per_minute=round(per_minute(len(said), talk), 1),
        fillers=[FillerCount(phrase, n) for phrase, n in sorted(fillers.items(), key=lambda kv: (-kv[1], kv[0]))],
        filler_count=total,
        fillers_per_minute=round(per_minute(total, talk), 1),
        longest_pause_s=round(pause, 2),
        longest_pause_after=after,
    )


def per_minute(count: int, seconds: float) -> float:
    """`count` per minute of `seconds`; 0 when nothing was said."""
    return count * 60.0 / seconds if seconds > 0 else 0.0


def longest_pause(words: Sequence[Word]) -> tuple[float, str | None]:
    """The longest gap between one word's end and the next one's start, and the word before it."""
    best, after = 0.0, None
    for before, following in itertools.pairwise(words):
        gap = following.start - before.end
        if gap > best:
            best, after = gap, before.text.strip()
    return best, after


def filler_words(phrase: str) -> tuple[str, ...]:
    """A phrase as the normalised words a filler is matched by («так =сказать» → ("так", "сказать"): a stop
    phrase's marks for an exact word form or a number match nothing here)."""
    return tuple(w for w in (normalise(part) for part in phrase.split()) if w)


def count_fillers(tokens: Sequence[str], *, language: str, extra: Sequence[str] = ()) -> dict[str, int]:
    """How often each filler of the language (and each `extra` phrase) occurs in normalised `tokens` (a phrase's
    words are used once; the longest phrase that matches wins)."""
    own = FILLERS.get(language, ())
    patterns = sorted({*own, *(w for w in map(filler_words, extra) if w)}, key=len, reverse=True)
    hesitation, hesitation_name = _HESITATION.get(language, (None, None))
    counts: dict[str, int] = {}
    i = 0
    while i < len(tokens):
        found = _filler_at(tokens, i, patterns)
        if found is not None and _is_filler(tokens, i, found):
            name, i = " ".join(found), i + len(found)
        elif hesitation is not None and hesitation.match(tokens[i]):
            name, i = hesitation_name or _english_hesitation(tokens[i]), i + 1
        else:
            i += 1
            continue
        counts[name] = counts.get(name, 0) + 1
    return counts


def _filler_at(tokens: Sequence[str], i: int, patterns: Sequence[tuple[str, ...]]) -> tuple[str, ...] | None:
    for pattern in patterns:
        if tuple(tokens[i : i + len(pattern)]) == pattern:
            return pattern
    return None


def _is_filler(tokens: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
    before = tokens[i - 1] if i > 0 else ""
    after = tokens[i + len(phrase)] if i + len(phrase) < len(tokens) else ""
    if phrase == ("like",):
        return before not in _LIKE_KEPT_AFTER
    if phrase == ("как", "бы"):
        return after not in _KAK_BY_KEPT_BEFORE
    if phrase == ("типа",):
        return before not in _TIPA_KEPT_AFTER
    return True


def _english_hesitation(token: str) -> str:
    return "um" if "m" in token and "u" in token else "uh" if token.startswith("u") else token
