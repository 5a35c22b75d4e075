"""Red flags: the step's phrases and meanings, the company's stop phrases, and the tone check."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np

from scoring import text as tx
from scoring.similarity import Vectors, cosine_matrix, hub_corrected
from scoring.stop_phrases import FILLER, HEDGES, RULES, SOFTENERS
from scoring.text import word_set
from scoring.types import RedFlagHit, RedFlagSpec, StopPhrase

NEGATIONS = frozenset({"не", "нет", "ни", "никогда", "not", "no", "never", "don't", "dont", "won't", "can't"})

PhraseKeys = list[frozenset[str]]
_GAP_KEY = frozenset({"…"})

# Words that make a filler phrase a real one: «как бы вы хотели», «какого типа», "what kind of trucks".
_NOT_FILLER_AFTER = {
    "как бы": word_set("вы вам вас мы нам нас я мне он она они это"),
    "whatever": word_set("i we you it works suits helps need needs makes"),  # "whatever you need" is not rude
}
_DETERMINERS_EN = word_set("what which this that any the a some every each same one")
_NOT_PRICE_AFTER = word_set(
    "на в его её ее их письмо ссылку файл расчёт расчет предложение презентацию кп прайс информацию "
    "материалы документы договор фото видео"
)
_NOT_FILLER_BEFORE = {
    "типа": word_set("какого этого такого того нового другого одного любого вашего нашего"),
    "kind of": _DETERMINERS_EN,
    "sort of": _DETERMINERS_EN,
}


@dataclass(frozen=True)
class FlagIndex:
    """A step's red flags and the company's stop phrases, ready to match."""

    flags: tuple[RedFlagSpec, ...]
    flag_keys: list[list[PhraseKeys]]
    meanings: dict[int, Vectors]
    meaning_hubs: dict[int, np.ndarray]
    stops: tuple[StopPhrase, ...]
    stop_keys: list[PhraseKeys]


NUMBER = "#"
"""In a phrase, `#` stands for any number, in digits or in words ("# off" matches "25% off" and "ten percent off",
«минус #» «минус двадцать»)."""
GAP = "…"
"""In a phrase, `…` (or `...`) stands for up to `GAP_REACH` words within one sentence ("take … down to #" matches
"I'll take it down to $39", not "take it. Down to 39")."""
GAP_REACH = 4
_NUMBER_WORDS = word_set(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand half "
    "два две три четыре пять шесть семь восемь девять десять одиннадцать двенадцать пятнадцать двадцать "
    "тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто сто двести триста четыреста пятьсот "
    "шестьсот семьсот восемьсот девятьсот миллион million "
    "тысяча полтора половина"
)
_TIME_UNITS = word_set(
    "minute minutes hour hours day days week weeks month months year years минута час день неделя месяц год лет"
)
EXACT = "="
"""In a phrase, a word written `=короче` matches only that very form (not «короткую», a form of the same lemma)."""
CHOICE = "|"
"""In a phrase, words joined by `|` are alternatives for one word ("not my problem|concern|business", «мне
фиолетово|безразлично»)."""


def phrase_keys(phrase: str) -> PhraseKeys:
    """The word keys of a phrase, one set per word (see `text.word_keys`); `#` is any number, `=word` that form."""
    keys = []
    for token in phrase.split():
        if token in (GAP, "..."):
            keys.append(_GAP_KEY)
        elif token == NUMBER:
            keys.append(frozenset({NUMBER}))
        elif token.startswith(EXACT) and len(token) > 1:
            keys += [frozenset({EXACT + tx.fold(w.text)}) for w in tx.words(token[1:])]
        elif CHOICE in token.strip(CHOICE):
            keys.append(frozenset().union(*(tx.word_keys(w.text) for w in tx.words(token.replace(CHOICE, " ")))))
        else:
            keys += [tx.word_keys(w.text) for w in tx.words(token)]
    return keys


@dataclass(frozen=True)
class AnswerWords:
    """The answer's words, their keys and whether a negation stands shortly before each (`NEGATION_REACH`)."""

    answer: str
    words: list[tx.Span]
    keys: list[frozenset[str]]
    negated: list[bool]

    @classmethod
    def of(cls, answer: str) -> AnswerWords:
        words = tx.words(answer)
        negated = [_negated(answer, words, i) for i in range(len(words))]
        keys = [tx.word_keys(w.text) | {EXACT + tx.fold(w.text)} | _number_key(w.text) for w in words]
        return cls(answer, words, keys, negated)


def _number_key(word: str) -> frozenset[str]:
    """`#` for a number: digits, or a number word in any form («двадцати», «тысячу», "six-fifty")."""
    if any(c.isdigit() for c in word) or any(
        tx.word_keys(part) & _NUMBER_WORDS or tx.fold(part) in _NUMBER_WORDS for part in word.split("-") if part
    ):
        return frozenset({NUMBER})
    return frozenset()


NEGATION_REACH = 5
"""A negation negates a word up to this many words after it ("I'm not going to throw a discount at you")."""


def _negated(answer: str, words: list[tx.Span], index: int) -> bool:
    """A negation stands shortly before the word, with no punctuation between ("If not, your loss", «а если нет —
    дело ваше»: a negation behind a comma or dash negates nothing after it)."""
    for before in range(index - 1, max(-1, index - 1 - NEGATION_REACH), -1):
        if answer[words[before].end : words[before + 1].start].strip():
            return False
        if tx.fold(words[before].text) in NEGATIONS:
            return True
    return False


def step_hits(
    index: FlagIndex,
    words: AnswerWords,
    units: Vectors,
    units_hub: np.ndarray,
    spans: Sequence[tx.Span],
    margin: float,
    saying: np.ndarray,
) -> list[RedFlagHit]:
    """The step's red flags found in the answer: by phrase, else by meaning on a clause that says something (a
    clause that refuses the red flag, «скидку не дам», or describes it, is not it)."""
    hits = []
    for i, flag in enumerate(index.flags):
        hit = _phrase_hit(flag.label, flag.penalty, flag.critical, index.flag_keys[i], words, "step")
        if hit is None and i in index.meanings and saying.any():
            sims = hub_corrected(cosine_matrix(index.meanings[i], units), index.meaning_hubs[i], units_hub)[0]
            sims = np.where(saying, sims, -np.inf)
            best = int(np.argmax(sims))
            if sims[best] >= margin:
                span = spans[best]
                hit = RedFlagHit(
                    flag.label,
                    flag.penalty,
                    flag.critical,
                    "meaning",
                    span.text,
                    span.start,
                    span.end,
                    float(sims[best]),
                )
        if hit is not None:
            hits.append(hit)
    return hits


def stop_hits(
    index: FlagIndex, words: AnswerWords, found: Sequence[RedFlagHit]
) -> tuple[list[RedFlagHit], list[RedFlagHit]]:
    """(the step's hits, the company's stop phrases found in the answer), one company hit per label (its most
    severe). Where a step red flag stands on the same words, the two count once: the step's label, with the more
    severe penalty and criticality of the two (a company's "instant discount is critical" holds on a step that
    lists discounts mildly)."""
    step = list(found)
    best: dict[str, RedFlagHit] = {}
    for stop, keys in zip(index.stops, index.stop_keys, strict=True):
        hit = _phrase_hit(stop.label, stop.penalty, stop.critical, [keys], words, "company")
        if hit is None:
            continue
        overlapping = next((i for i, h in enumerate(step) if h.start < hit.end and hit.start < h.end), None)
        if overlapping is not None:
            mine = step[overlapping]
            step[overlapping] = dataclasses.replace(
                mine, penalty=max(mine.penalty, hit.penalty), critical=mine.critical or hit.critical
            )
            continue
        current = best.get(stop.label)
        if current is None or (hit.critical, hit.penalty) > (current.critical, current.penalty):
            best[stop.label] = hit
    return step, sorted(best.values(), key=lambda h: h.start)


@lru_cache(maxsize=4)
def _hedge_keys(language: str) -> list[PhraseKeys]:
    return [phrase_keys(h) for h in HEDGES.get(language, ())]


@lru_cache(maxsize=4)
def _softener_keys(language: str) -> list[PhraseKeys]:
    return [*_hedge_keys(language), *(phrase_keys(h) for h in SOFTENERS.get(language, ()))]


def blank_hedges(words: AnswerWords, language: str) -> str:
    """The answer with every hedge, apology and softener («как бы», "sort of", "I guess", «ну») and the comma that
    sets it off replaced by spaces: the same length, so every position still points at the answer's own words.
    What an insecure answer says is judged on this; the insecure speech is flagged on the answer itself."""
    chars = list(words.answer)
    for keys in _softener_keys(language):
        allowed = [True] * len(words.words)
        while (match := find_phrase(keys, words.keys, allowed, max_gap=0)) is not None:
            first, last = match
            allowed[first] = False
            if not _filler_in_context(words, first, last):
                continue
            start, end = words.words[first].start, words.words[last].end
            after = len(words.answer[end:]) - len(words.answer[end:].lstrip())
            if words.answer[end + after : end + after + 1] == ",":
                end += after + 1
            else:
                before = words.answer[:start].rstrip()
                if before.endswith(","):
                    start = len(before) - 1
            chars[start:end] = " " * (end - start)
    return "".join(chars)


def hedge_hit(words: AnswerWords, language: str, needed: int) -> RedFlagHit | None:
    """Insecure speech: `needed` or more different hedges and apologies in one answer ("sorry", "maybe", "if it's
    not too much trouble", «извините», «если вам не сложно»); one or two are courtesy. The hit quotes the first,
    with the penalty of the built-in filler stop phrases. `needed` 0 turns the check off."""
    if needed <= 0:
        return None
    starts = set()
    for keys in _hedge_keys(language):
        match = find_phrase(keys, words.keys, [True] * len(words.words))
        if match is not None and _filler_in_context(words, *match):
            starts.add(match)
    if len({first for first, _ in starts}) < needed:
        return None
    first, last = min(starts)
    start, end = words.words[first].start, words.words[last].end
    _, penalty, critical = RULES["filler"]
    return RedFlagHit(FILLER[language], penalty, critical, "phrase", words.answer[start:end], start, end, source="tone")


def _phrase_hit(
    label: str,
    penalty: int,
    critical: bool,
    phrases: list[PhraseKeys],
    words: AnswerWords,
    source: Literal["step", "company"],
) -> RedFlagHit | None:
    for phrase in phrases:
        # "не дам скидку" is not the red flag "дам скидку" (unless the phrase itself starts with a negation)
        allowed = [True] * len(words.words) if phrase and phrase[0] & NEGATIONS else [not n for n in words.negated]
        match = find_phrase(phrase, words.keys, allowed)
        if match is None or not _filler_in_context(words, *match) or _crosses_sentence(words, *match):
            continue
        if _negation_inside(phrase, words, *match):
            continue
        if counts_time(words, *match) or declined_saying(words, *match):
            continue
        start, end = words.words[match[0]].start, words.words[match[1]].end
        return RedFlagHit(
            label,
            penalty,
            critical,
            "phrase",
            words.answer[start:end],
            start,
            end,
            source=source,
        )
    return None


def counts_time(words: AnswerWords, first: int, last: int) -> bool:
    """True where a number of the match counts time, not money ("two weeks off", «минус 2 дня»)."""
    for i in range(first, last + 1):
        if NUMBER in words.keys[i] and i + 1 < len(words.words):
            following = words.words[i + 1].text
            if tx.word_keys(following) & _TIME_UNITS or tx.fold(following) in _TIME_UNITS:
                return True
    return False


# Verbs whose object is what the rep says: "I won't promise you we'll never run out", «просить вас поверить я не
# буду» quote the red flag in order to decline it.
_SAYING_VERBS = frozenset(
    {tx.stem(w) for w in word_set("promise guarantee swear pretend claim tell ask")}
    | word_set("обещать пообещать гарантировать просить попросить уверять утверждать клясться поклясться")
)
_DECLINING_RU = word_set("стать быть мочь собираться хотеть")
SAYING_REACH = 8


def declined_saying(words: AnswerWords, first: int, last: int) -> bool:
    """True where the match is what a declined promise or request would say: a verb of saying stands up to
    `SAYING_REACH` words before it in the same sentence, and is negated ("I won't promise you…", «не буду
    обещать…») or, in Russian, followed by a declining verb later in the sentence («обещать, что…, я не стану»)."""
    for verb in range(first - 1, max(-1, first - 1 - SAYING_REACH), -1):
        if _crosses_sentence(words, verb, first):
            return False
        if not words.keys[verb] & _SAYING_VERBS:
            continue
        if words.negated[verb]:
            return True
        return any(
            tx.fold(words.words[i].text) == "не" and words.keys[i + 1] & _DECLINING_RU
            for i in range(last + 1, len(words.words) - 1)
            if not _crosses_sentence(words, last, i + 1)
        )
    return False


def _negation_inside(phrase: PhraseKeys, words: AnswerWords, first: int, last: int) -> bool:
    """True where a negation the phrase does not hold stands among the matched words ("that's not your problem, we
    handle it" is not "that's your problem")."""
    if any(key & NEGATIONS for key in phrase):
        return False
    return any(tx.fold(w.text) in NEGATIONS for w in words.words[first + 1 : last])


def _crosses_sentence(words: AnswerWords, first: int, last: int) -> bool:
    """True where the matched words run over the end of a sentence (a gap never joins two sentences)."""
    return any(c in ".!?;\n" for c in words.answer[words.words[first].end : words.words[last].start])


def _filler_in_context(words: AnswerWords, first: int, last: int) -> bool:
    """False where a filler phrase is used in its plain sense («как бы вы хотели», "what kind of")."""
    said = " ".join(tx.fold(w.text) for w in words.words[first : last + 1])
    before = tx.fold(words.words[first - 1].text) if first > 0 else ""
    after = tx.fold(words.words[last + 1].text) if last + 1 < len(words.words) else ""
    if said.startswith("скин") and len(said.split()) == 1:  # «скину вам на почту» sends, it does not discount
        following = {tx.fold(w.text) for w in words.words[last + 1 : last + 3]}
        return not following & _NOT_PRICE_AFTER
    return before not in _NOT_FILLER_BEFORE.get(said, ()) and after not in _NOT_FILLER_AFTER.get(said, ())


def find_phrase(
    phrase: PhraseKeys, keys: list[frozenset[str]], allowed_starts: list[bool], max_gap: int = 1
) -> tuple[int, int] | None:
    """First occurrence of the phrase's words in order (keys intersect), at most `max_gap` extra words between,
    starting at a word where `allowed_starts` is true. Returns the indices of the first and last matched words.
    """
    if not phrase:
        return None
    for first in (i for i, k in enumerate(keys) if k & phrase[0] and allowed_starts[i]):
        position, gap = first, max_gap
        for wanted in phrase[1:]:
            if wanted == _GAP_KEY:
                gap = GAP_REACH
                continue
            window = keys[position + 1 : position + 2 + gap]
            gap = max_gap
            step = next((n for n, k in enumerate(window) if k & wanted), None)
            if step is None:
                break
            position += 1 + step
        else:
            return first, position
    return None
