"""What each part of an answer does: says something to the customer, refuses to, or describes what a rep should
do (a rubric read back); and whether a text is made of sentences at all. Rules over words, no model.

Russian words are read with pymorphy3 (part of speech, person, tense); English with small closed word lists and
lemminflect (whether a word can be a verb). See docs/scoring.md, "What cannot fool the score".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from scoring import text as tx
from scoring.grammar import FUNCTION_EN, PRONOUNS_12, addressed, parse_ru
from scoring.refusals import SUBSTITUTED, bare_no, bare_refusal, refuses
from scoring.rubric import describes, instruction
from scoring.text import word_set

Kind = Literal["says", "refuses", "describes"]

# Items of a list written in one sentence: arrows ("agree -> ask -> propose") and numbers ("1) agree 2) ask").
_LIST_BREAK = r"|\s*(?:->|→|=>)\s*|\s(?=\d{1,2}\)\s)"
# A sentence is cut into clauses where a contrast or a new clause starts: "no pilot, but let's meet on Friday".
_CLAUSE_BREAK = {
    "ru": re.compile(
        r",\s*(?=(?:но|а|однако|зато|хотя|только|вместо того)\b)|;\s*|:\s+|\s+[—–]\s+(?=(?:и|но|а)\s)"
        r"|\s+[—–]\s+(?=(?:как|какие|какой|какая|что|когда|где|кто|почему|зачем|сколько)\b)" + _LIST_BREAK,
        re.I,
    ),
    "en": re.compile(
        r",\s*(?=(?:but|though|although|yet|however|instead)\b)|;\s*|:\s+|\s(?=but\s)"
        r"|\s(?=(?:rather than|instead of)\s)" + _LIST_BREAK,
        re.I,
    ),
}
_LIST_ITEMS = re.compile(r"->|→|=>|(?:^|\s)\d{1,2}\)\s")
_DASH_BEFORE = re.compile(r"\s+[—–]\s+(?=(\w+))")
"""A Russian dash before an infinitive starts a new item of a list («— признать… — уточнить…»)."""

_QUESTION_START = {
    "ru": word_set(
        "кто что как когда где куда откуда почему зачем сколько какой какая какое какие каким какую каков чем "
        "чего ли подскажите скажите расскажите поделитесь уточните правильно"
    ),
    "en": word_set(
        "who what when where why how which whose whom do does did are is was were can could would will should "
        "have has tell share may shall"
    ),
}

_FUNCTION_POS_RU = frozenset({"VERB", "INFN", "GRND", "PRTS", "PRED", "NPRO", "PREP", "CONJ", "PRCL", "INTJ"})
_PREDICATE_POS_RU = frozenset({"VERB", "INFN", "GRND", "PRTS", "PRED"})


@dataclass(frozen=True)
class Unit:
    """A sentence of the answer, or a clause of one when its parts do different things."""

    span: tx.Span
    kind: Kind
    question: bool


def units(text: str, language: str) -> list[Unit]:
    """The answer's sentences, each classified; a sentence whose clauses differ is cut into its clauses."""
    out: list[Unit] = []
    for sentence in tx.sentences(text):
        clauses = _clauses(sentence, language)
        kinds = [kind(c.text, language) for c in clauses]
        for n in range(1, len(clauses)):  # "I could ask…, but I won't", «мог бы рассказать…, но не стану»
            if kinds[n] == "refuses" and kinds[n - 1] == "says" and bare_refusal(clauses[n].text, language):
                kinds[n - 1] = "refuses"
        listed = _LIST_ITEMS.search(sentence.text) is not None and "describes" in kinds
        # "Proposes a pilot, not a switch", "accept the timing -> ask about the review": the rest describes too
        if kinds[0] == "describes" or listed:
            kinds = [
                "describes" if k == "says" and not addressed(c.text, language) else k
                for c, k in zip(clauses, kinds, strict=True)
            ]
        if len(set(kinds)) == 1:
            out.append(Unit(sentence, kinds[0], is_question(sentence.text, language)))
        else:
            out += [Unit(c, k, is_question(c.text, language)) for c, k in zip(clauses, kinds, strict=True)]
    for n in range(len(out) - 1):  # "A pilot? Not happening.", «Пилот? Не вариант.»: the question names what is refused
        curt = out[n + 1].kind == "says" and bare_no(out[n + 1].span.text, language)
        if (
            out[n].question
            and out[n].kind == "says"
            and (curt or out[n + 1].kind == "refuses")
            and _fragment(out[n], language)
        ):
            out[n] = Unit(out[n].span, "refuses", True)
            if curt:  # "Not today.": it turns down what the question named
                out[n + 1] = Unit(out[n + 1].span, "refuses", out[n + 1].question)
    instructions = [u.kind == "says" and not u.question and instruction(u.span.text, language) for u in out]
    described = sum(u.kind == "describes" for u in out)
    if described and 2 * (described + sum(instructions)) >= len(out):
        # a rubric in the imperative: "Accept the pause. Ask what is behind it. Give a reason. Fix a date."
        out = [Unit(u.span, "describes", u.question) if i else u for u, i in zip(out, instructions, strict=True)]
    return out


_CLAUSE_WORDS_EN = word_set(  # verbs and subject pronouns ("A call with your team on Tuesday?" is a fragment)
    "i you we he she it they is am are was were be been do does did have has had will would can could should may might "
    "must shall what which who whom whose when where why how"
)


_CONTRACTED = re.compile(r"(?:'s|'re|'m|'ll|'ve|'d|n't)$")
_WH_EN = word_set("what where which how when why who whom")
_SUBJECTS_EN = word_set("i you we it they he she")
_AUX_EN = word_set("do does did is are was were can could would will should have has may might must shall am")


def _fragment(unit: Unit, language: str) -> bool:
    """A short question without a verb or pronoun: a noun phrase held up ("A twelve-week test in ten stores?"), or a
    question word without the inversion of a question ("What proof you need?", "Where it falls short?")."""
    words = [tx.fold(w.text) for w in tx.words(unit.span.text)]
    if not words or len(words) > 12:
        return False
    if language == "en" and len(words) > 2 and words[0] in _WH_EN and words[1] not in _AUX_EN:
        return bool(set(words[1:3]) & _SUBJECTS_EN)
    if language == "ru":
        return not any(parse_ru(w).tag.POS in _PREDICATE_POS_RU or w in PRONOUNS_12["ru"] for w in words)
    return not any(w in _CLAUSE_WORDS_EN or _CONTRACTED.search(w) for w in words)  # "What's your rate?" asks


def _clauses(sentence: tx.Span, language: str) -> list[tx.Span]:
    spans, start = [], 0
    breaks = list(_CLAUSE_BREAK[language].finditer(sentence.text))
    if language == "ru":
        dashes = [m for m in _DASH_BEFORE.finditer(sentence.text) if parse_ru(m.group(1)).tag.POS == "INFN"]
        breaks = sorted([*breaks, *dashes], key=lambda m: m.start())
    for match in breaks:
        if match.start() < start:
            continue
        piece = sentence.text[start : match.start()]
        if piece.strip():
            spans.append(_sub(sentence, start, match.start()))
        start = match.end()
    if sentence.text[start:].strip():
        spans.append(_sub(sentence, start, len(sentence.text)))
    return [part for span in spans for part in _put_aside(span)] or [sentence]


def _put_aside(clause: tx.Span) -> list[tx.Span]:
    """ "Rather than asking how…, I'll send the brochure": what is put aside ends at the first comma (or, without
    one, before the first "I", "we" or "you" after it)."""
    opening = SUBSTITUTED.match(tx.fold(clause.text))
    if opening is None:
        return [clause]
    end = clause.text.find(",")
    if end < 0:
        pronoun = re.compile(r"(?<=\w)\s+(?=(?:i|we|you)(?:'ll|'d|'m|'re)?\s)", re.I)
        found = pronoun.search(clause.text, opening.end())
        end = found.start() if found else -1
    if end < 0:
        return [clause]
    rest = clause.text[end:].lstrip(", ")
    return [_sub(clause, 0, end), _sub(clause, len(clause.text) - len(rest), len(clause.text))] if rest else [clause]


def _sub(sentence: tx.Span, start: int, end: int) -> tx.Span:
    piece = sentence.text[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    return tx.Span(piece, sentence.start + start + lead, sentence.start + start + lead + len(piece))


def kind(clause: str, language: str) -> Kind:
    """What a clause does: refuses a rep's action, describes one in the third person, or says something."""
    if refuses(clause, language):
        return "refuses"
    if describes(clause, language):
        return "describes"
    return "says"


def is_question(clause: str, language: str) -> bool:
    """A question mark, or a question word or asking verb at its start."""
    if "?" in clause:
        return True
    words = [tx.fold(w.text) for w in tx.words(clause)]
    return bool(words) and words[0] in _QUESTION_START[language]


def not_sentences(text: str, language: str, *, min_share: float = 0.12) -> bool:
    """True for a list of words rather than sentences: hardly any function words (and, in Russian, no verb); one short
    English sentence written as one is always a sentence (`_short_sentence`)."""
    words = [tx.fold(w.text) for w in tx.words(text) if any(c.isalpha() for c in w.text)]
    if len(words) < 3:
        return False
    if language == "ru":
        pos = [parse_ru(w).tag.POS for w in words]
        structure = sum(p in _FUNCTION_POS_RU for p in pos)
        if not any(p in _PREDICATE_POS_RU for p in pos) and not any(w in PRONOUNS_12["ru"] for w in words):
            # «Цена — 50 рублей», «Рецепт простой: мука…»: a dash or colon stands for the verb
            bare = len(words) >= 4 and structure / len(words) < 0.25 and not re.search(r":\s|[—–]", text)
            return bare or _item_list(text, language)
    else:
        if _short_sentence(text, words):
            return False
        structure = sum(w in FUNCTION_EN for w in words)
    return structure / len(words) < min_share or _item_list(text, language) or _word_run(text, words, language)


_SENTENCE_EN = re.compile(r"[A-Z][^.!?;:\n|#/•·+&@<>=_*\\]*[^\W_][.!]")


def _short_sentence(text: str, words: list[str]) -> bool:
    """One short English sentence written as one ("Sounds fair enough.", "Water flows faster."): a capital, no
    more than one comma, a closing full stop. English marks its verbs too rarely for the share of function words to
    tell three to six words of a sentence from a list; a list of that length is cut by commas, new lines or signs."""
    return len(words) <= 6 and text.count(",") <= 1 and bool(_SENTENCE_EN.fullmatch(text.strip()))


_ITEM_BREAK = re.compile(r"\s*(?:[,;•·\n]|\s[—–/&+|-]\s)\s*")
_AND_BREAK = {"ru": re.compile(r"\s+и\s+", re.I), "en": re.compile(r"\s+and\s+", re.I)}
_CORE_EN = word_set(
    "a an the i me my we us our you your he she it its they them their is am are was were be been do does did "
    "have has had will would can could should may might must shall to i'm i'll i've i'd we're we'll we've we'd "
    "you're you'll it's that's there's let's don't won't can't "
    "because that if when so than but not which who while although since until unless"  # clauses join on these
)
_CORE_POS_RU = frozenset({"CONJ", "PRCL", "NPRO", "PREP"})


def _item_list(text: str, language: str) -> bool:
    """Items cut by commas, dashes or new lines, nearly all of them short and without a word that builds a
    sentence («изъятие — просрочка 60 дней — …», "FD, payback, cash, one page, Thursday")."""
    if "?" in text:
        return False
    pieces = _ITEM_BREAK.split(text.strip().strip("."))
    joined = len(_AND_BREAK[language].findall(text)) >= 2  # «генеральный и скепсис и критерии и сводка…»
    if language == "ru" and joined and not _predicate_ru(text):  # «и» joins the items
        pieces = [p for piece in pieces for p in _AND_BREAK[language].split(piece)]
    items = [i for i in pieces if any(c.isalpha() for c in i)]
    if len(items) < 4 or sum(len(tx.words(i)) for i in items) / len(items) > 3:
        return False
    built = sum(_has_structure([tx.fold(w.text) for w in tx.words(i)], language) for i in items)
    return built / len(items) < 0.4


def _predicate_ru(text: str) -> bool:
    return any(parse_ru(tx.fold(w.text)).tag.POS in _PREDICATE_POS_RU for w in tx.words(text))


_DETERMINERS_EN = word_set("a an the my your our their his her its this that these those")


def _has_structure(words: list[str], language: str) -> bool:
    """A word that builds a sentence ("the FD", "your team" are still items: a determiner builds nothing)."""
    if language == "ru":
        return any(parse_ru(w).tag.POS in _FUNCTION_POS_RU for w in words)
    return any(w in FUNCTION_EN and w not in _DETERMINERS_EN for w in words)


def _word_run(text: str, words: list[str], language: str) -> bool:
    """Eight or more words with no punctuation between them and none of the words every sentence needs (articles,
    pronouns, auxiliaries; in Russian prepositions, conjunctions, particles, pronouns)."""
    if len(words) < 8 or re.search(r"[,;:.!?—–](?:\s|$)", text.strip().rstrip(".!")):
        return False
    if language == "ru":
        core = sum(parse_ru(w).tag.POS in _CORE_POS_RU for w in words)
    else:
        core = sum(w in _CORE_EN for w in words)
    return core <= max(len(words) // 15, len(words) >= 12)  # one in a long run may be a stray «конечно»
