"""Whether a clause refuses or negates doing something ("I won't ask…", «никакого пилота», "why would I book a
call?", "someone else can go into that some day"), unless what it turns down is a cost to the customer ("no
obligation", «не буду отнимать время»). Rules over words, no model: Russian read with pymorphy3, English with
patterns. See docs/scoring.md, "What cannot fool the score".
"""

from __future__ import annotations

import re
from typing import Any

from scoring import text as tx
from scoring.grammar import parse_ru
from scoring.rubric import RUBRIC_VERBS
from scoring.text import word_set

# Whose absence is good for the customer: "no obligation", «не буду отнимать время» state value, not a refusal.
BENIGN = {
    "ru": word_set(
        "деться закрыться задержать замена учить спорить спор мешать пересказывать держать подвести подводить "
        "замораживать начинать ноль нагрузка головной боль работа бумажный время минута секунда риск "
        "рисковать обязательство обязывать давить давление навязывать навязываться отнимать тратить "
        "затягивать торопить торопиться спешить беспокоить беспокоиться волноваться переживать подписывать "
        "подпись платить заплатить оплата переплачивать переплата предоплата деньги рубль копейка стоить "
        "стоимость комиссия скрытый штраф неустойка менять поменять сменять сменить переходить ломать трогать "
        "отказываться задерживать грузить загружать нагружать мучить долго сложно проблема сюрприз потеря "
        "терять откладывать"
    ),
    "en": word_set(
        "time minute minutes second risk risks risky obligation obligations commitment commitments commit "
        "pressure push pushy hassle headache sign signature pay payment payments upfront cost costs fee fees "
        "charge charges catch strings change changes switch rush hurry bother worry worries surprise "
        "surprises penalty penalties hidden lock locked tie tied waste long lengthy problem problems lose "
        "loss downtime disruption stress keep reply"
    ),
}


_FIRST_PERSON_EN = r"(?:i|we|i'm|we're|i'll|we'll|i've|we've|i'd|we'd)"
_REFUSAL_EN = re.compile(
    rf"\b{_FIRST_PERSON_EN}\b(?:\s+\w+)?\s+(?:won't|wont|will not|shan't|am not|are not|'m not|'re not|can't|cannot|"
    r"(?:'m|am|'re|are) not going to|(?:don't|do not) (?:want|need|plan|intend|care|bother) to|"
    r"have no (?:intention|plans?)|have zero intention|refuse|(?:will|'ll) skip|(?:will|'ll) never|not \w+ing)\b"
    r"|\b(?:let's not|let us not|let's skip|let's forget|no need (?:to|for)|no point|no reason to|pointless|"
    r"forget (?:about )?(?:the|a|any|your)|not going to|not gonna|skip the|zero intention|not on offer|"
    r"not on the table|off the table|not happening|not something (?:i|we)|none of that|nothing from me|"
    r"(?:i'll|we'll|i will|we will) never|(?:i'd|we'd) rather not|not about to|won't be happening|"
    r"(?:isn't|is not|aren't) (?:something|where) (?:i|we)|not my (?:question|place) to|more than (?:i'm|we're) "
    r"going to|won't get [\w ,'-]{1,40} (?:from|out of) (?:me|us)|"
    # policy, deferral and someone else's veto: "isn't how we do it", "let's park that", "my manager won't let me"
    r"(?:isn't|is not|aren't) (?:really )?how (?:i|we)|let's park|park (?:that|it|this)|premature|"
    r"too (?:early|soon|speculative)|there (?:won't|will not) be (?:a|an|any)|"
    r"(?:manager|boss|director|company|policy) (?:won't|doesn't|does not|will not|wouldn't) (?:let|allow))\b"
)
_NO_NOUN_EN = re.compile(r"\b(?:no|without any)\s+(\w+)")
_NO_IDIOMS_EN = word_set(
    "problem problems worries worry doubt wonder longer more less later matter one way question questions"
)
_SUBORDINATE = {
    "ru": word_set("чтобы если пока можно можете раз вдруг иначе"),
    "en": word_set("if unless whether when with even that though while"),  # "so I won't ask" refuses
}
_FILLERS_RU = word_set("же даже сейчас вам вас вообще уже больше пока точно совсем никак тут здесь ничего")
_REP_ACTIONS_RU = word_set(
    "звонить позвонить перезванивать созваниваться писать присылать отправлять высылать считать "
    "рассчитывать встречаться приезжать становиться работать"
)
_INTENT_RU = word_set("собираться хотеть планировать намереваться думать")
_NO_SENSE_RU = word_set("смысл нужда необходимость резон надобность")


def refuses(clause: str, language: str) -> bool:
    """True when the clause refuses or negates doing something ("I won't ask…", «никакого пилота»), unless what it
    turns down is a cost to the customer ("no obligation", «не буду отнимать время»)."""
    return _refuses_ru(clause) if language == "ru" else _refuses_en(clause)


def _refuses_en(clause: str) -> bool:
    folded = tx.fold(clause)
    cues = [m.start() for m in _REFUSAL_EN.finditer(folded)]
    cues += [m.start() for m in _NO_NOUN_EN.finditer(folded) if m.group(1) not in _NO_IDIOMS_EN]
    return any(_refusal_at(folded, at, "en") for at in cues)


def _refusal_at(folded: str, at: int, language: str) -> bool:
    """A cue at character `at` refuses unless a subordinate clause holds it ("if there's no…", «чтобы не…») or
    what it turns down is a cost to the customer."""
    before = [w.text for w in tx.words(folded[:at])]
    after = [_lemma(w.text, language) for w in tx.words(folded[at:])][:9]
    if _subordinate(before, language):
        return False
    previous = [_lemma(w, language) for w in before[-1:]]  # «спорить не буду»: the refused verb comes first
    benign = [w in BENIGN[language] and not _bothering(after, n) for n, w in enumerate(after)]
    return not any(w in BENIGN[language] for w in previous) and not any(benign)


def _bothering(after: list[str], n: int) -> bool:
    """ "won't bother asking", "won't bother to ask": a refusal, unlike "won't bother you"."""
    following = after[n + 1] if n + 1 < len(after) else ""
    return after[n] == "bother" and (following.endswith("ing") or following == "to")


def _lemma(word: str, language: str) -> str:
    if language == "ru":
        return str(parse_ru(word).normal_form)
    return word


def _refuses_ru(clause: str) -> bool:
    folded = clause.casefold()
    spans = tx.words(folded)
    words = [w.text for w in spans]
    parses = [parse_ru(w) for w in words]
    lemmas = [p.normal_form for p in parses]
    cues = _refusal_cues_ru(words, parses, lemmas)
    if any(words[i] in {"незачем", "нет", "ни"} for i in cues) and any(lemma in BENIGN["ru"] for lemma in lemmas):
        cues = [i for i in cues if words[i] not in {"незачем", "нет", "ни"}]  # «менять незачем»: the cost comes first
    if any(_refusal_at(folded, spans[i].start if i < len(spans) else len(folded), "ru") for i in cues):
        return True
    # «выяснять рано», «давайте отложим до лучших времён»: put off for good (what follows is the idiom, not a cost)
    deferred = [i for i in range(len(words)) if _deferral_ru(words, parses, lemmas, i)]
    starts = [i - 1 if i and (parses[i - 1].tag.POS == "INFN" or words[i - 1] in _TOO_RU) else i for i in deferred]
    return any(not _subordinate(words[:i], "ru") for i in starts)


def _subordinate(before: list[str], language: str) -> bool:
    """A subordinate clause ends at this point ("if there's no…", «чтобы не…»): what follows refuses nothing.
    `before`: the folded words before it."""
    return any(w in _SUBORDINATE[language] for w in before[-4:])


def _refusal_cues_ru(words: list[str], parses: list[Any], lemmas: list[str]) -> list[int]:
    """Where each refusal in the clause starts naming what it turns down (the negated verb or the noun after)."""
    cues = []
    if words.count("ни") >= 2:
        cues.append(words.index("ни"))
    for i, word in enumerate(words):
        if lemmas[i] == "никакой" or word in {"незачем", "нечего"}:
            cues.append(i)
        elif word == "нет" and any(lemma in _NO_SENSE_RU for lemma in lemmas[max(0, i - 2) : i + 3]):
            cues.append(max(0, i - 2))
        elif _idiom_refusal_ru(words, parses, lemmas, i):
            cues.append(i)
        elif word == "не":
            verb = _next_verb(parses, i + 1)
            infinitive_refusal = verb is not None and parses[verb].tag.POS == "INFN" and (i == 0 or "же" in words)
            if (
                (verb is not None and parses[verb].tag.POS == "VERB" and _refusing_verb(parses[verb]))
                or infinitive_refusal
            ) or (i + 2 < len(words) and lemmas[i + 1] in {"видеть", "иметь"} and lemmas[i + 2] in _NO_SENSE_RU):
                cues.append(i)
    return cues


def _idiom_refusal_ru(words: list[str], parses: list[Any], lemmas: list[str], i: int) -> bool:
    """«ни к чему», «обойдёмся (без…)», «ничего такого не будет», «меня не интересует»."""
    if tuple(words[i : i + 3]) == ("ни", "к", "чему"):
        return True
    if lemmas[i] == "обойтись":
        return "без" in words or parses[i].tag.person == "1per"
    if words[i] != "не" or i + 1 >= len(words):
        return False
    nothing = words[i + 1] == "будет" and "ничего" in words[max(0, i - 3) : i]
    return nothing or (lemmas[i + 1] == "интересовать" and "меня" in words[max(0, i - 3) : i + 4])


_DEFERRED_RU = word_set("преждевременно преждевременный рановато отложить откладывать")
_TOO_RU = word_set("пока ещё еще слишком")
_SOMEDAY_RU = word_set("как-нибудь когда-нибудь")
_VETO_RU = word_set("разрешать разрешить позволять позволить")


def _deferral_ru(words: list[str], parses: list[Any], lemmas: list[str], i: int) -> bool:
    """A point put off for good: «пока преждевременно», «выяснять рано», «давайте отложим», «потом как-нибудь»,
    «до лучших времён», «на неопределённое время»; or someone's veto: «руководитель не разрешает»."""
    lemma, before = lemmas[i], words[max(0, i - 2) : i]
    if lemma in _DEFERRED_RU:
        return "не" not in before  # «не будем откладывать» hurries, it does not put off
    if words[i] == "рано":
        return bool(set(before) & _TOO_RU) or (i > 0 and parses[i - 1].tag.POS == "INFN")
    if words[i] in _SOMEDAY_RU:
        return "потом" in words[max(0, i - 2) : i + 3]
    if lemma == "время" and i >= 1:  # «до лучших времён», «на неопределённое время»
        return lemmas[i - 1] in {"хороший", "лучший", "неопределённый", "неопределенный"} and bool(
            {"до", "на"} & set(words[max(0, i - 3) : i])
        )
    return words[i] == "не" and i + 1 < len(words) and lemmas[i + 1] in _VETO_RU and parses[i + 1].tag.person == "3per"


def _refusing_verb(parse: Any) -> bool:
    """«не буду», «не предложу», «не собираюсь», and «не предлагаю» of a rep's own action (but «не берём
    предоплату» states a policy)."""
    tag = parse.tag
    if tag.POS == "INFN":
        return True  # «не спрашивать же…»: only where the clause starts with it (see _refusal_cues_ru)
    if tag.POS != "VERB" or tag.person != "1per":
        return False
    lemma = parse.normal_form
    return tag.tense == "futr" or lemma in _INTENT_RU or lemma in RUBRIC_VERBS["ru"] or lemma in _REP_ACTIONS_RU


def _next_verb(parses: list[Any], start: int) -> int | None:
    for index in range(start, min(start + 3, len(parses))):
        if parses[index].tag.POS in {"VERB", "INFN"}:
            return index
        if parses[index].word not in _FILLERS_RU:
            return None
    return None
