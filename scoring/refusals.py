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
        "терять откладывать доплата доплачивать бояться опасаться"
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
# rhetorical questions, verdicts and delegation: "why would I ask…", "my answer on a pilot is no", "not doing it",
# "isn't a conversation I'm having", "a date? Not on the cards", "someone in marketing can go into that some day"
_REFUSAL_MORE_EN = re.compile(
    r"\bwhy (?:would|should|on earth would) (?:i|we)\b|\bwhy bother\b"
    r"|\b(?:is|'s) (?:a )?(?:no|nope)\b(?=\s*(?:$|[,.;:!?]|as well|too|either|again|from me))"
    r"|(?<!\bor )\bno(?: as well| too| either| again)?\W*$"
    r"|\bnot doing (?:it|that|this|so)\b|\bnot on the cards\b|\boff the (?:list|agenda)\b|\bforget it\b"
    r"|\b(?:isn't|is not|aren't|are not) (?:a |an |one |something )?(?:\w+ )?(?:i'm|we're|i am|we are|i'll|we'll) "
    r"(?:having|taking|doing|getting|going|making|giving|raising|opening|starting)\b"
    r"|\bskipping (?:that|this|it)\b|\b(?:i'll|we'll|i will|we will) pass on\b"
    r"|\bnot my (?:question|place|job|department|call|area|business|concern|problem)\b"
    r"|\b(?:someone|somebody) else(?:'s (?:job|problem|call|department)| (?:can|will|could|may|might|should))"
    r"|\bfor (?:someone|somebody) else to\b|\bfor whoever\b"
    r"|\b(?:someone|somebody|whoever|colleague|team)\b[^.;?]{0,80}?\b(?:some ?day|eventually|some other time|"
    r"at some point|one day|whenever that)\b"
)
_NO_NOUN_EN = re.compile(r"\b(?:(?<!\bor )no|without any)\s+(\w+)")  # not "yes or no by Friday"
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


SUBSTITUTED = re.compile(r"(?:and |but |и |а |но )?(?:rather than|instead of|вместо того)\b")
"""A clause that starts by putting something aside: "rather than asking…", «вместо того чтобы считать…»."""
_BARE_NO = {
    "en": word_set("no nope not never skip skipping forget pass nah"),
    "ru": word_set("нет не никак никогда отменяется мимо забудьте пропускаем отпадает исключено"),
}
_NOT_REALLY = {  # "Not at all.", «Не вопрос.»: a reassurance, not a refusal
    "en": word_set("at really necessarily only just quite bad problem worries much sure"),
    "ru": word_set("проблема страшно вопрос обязательно только совсем всегда беда"),
}
_BARE_FILLER = {
    "en": word_set("but and so yet no i we this that it either too also then of course"),
    "ru": word_set("но и а этого это того тоже также я мы же уж конечно"),
}


def bare_no(clause: str, language: str) -> bool:
    """A curt reply that turns down what the question before it named: "No.", "Not today.", «Не сейчас.»,
    «Отменяется.» (but "Not at all.", «Не вопрос.» reassure)."""
    words = [tx.fold(w.text) for w in tx.words(clause)]
    if not words or len(words) > 5 or words[0] not in _BARE_NO[language]:
        return False
    return len(words) == 1 or words[1] not in _NOT_REALLY[language]


def bare_refusal(clause: str, language: str) -> bool:
    """A refusal with nothing of its own to refuse ("but I won't", «но не стану», «и этого не сделаю»): it turns
    down the clause before it ("I could ask…, but I won't")."""
    words = [tx.fold(w.text) for w in tx.words(clause)]
    return len([w for w in words if w not in _BARE_FILLER[language]]) <= 2 and refuses(clause, language)


def refuses(clause: str, language: str) -> bool:
    """True when the clause refuses or negates doing something ("I won't ask…", «никакого пилота»), unless what it
    turns down is a cost to the customer ("no obligation", «не буду отнимать время»)."""
    if SUBSTITUTED.match(tx.fold(clause)):
        return True
    return _refuses_ru(clause) if language == "ru" else _refuses_en(clause)


def _refuses_en(clause: str) -> bool:
    folded = tx.fold(clause)
    cues = [m.start() for m in _REFUSAL_EN.finditer(folded)]
    cues += [m.start() for m in _REFUSAL_MORE_EN.finditer(folded)]
    cues += [m.start() for m in _NO_NOUN_EN.finditer(folded) if m.group(1) not in _NO_IDIOMS_EN]
    return any(_refusal_at(folded, at, "en") for at in cues)


def _refusal_at(folded: str, at: int, language: str) -> bool:
    """A cue at character `at` refuses unless a subordinate clause holds it ("if there's no…", «чтобы не…») or
    what it turns down is a cost to the customer."""
    before = [w.text for w in tx.words(folded[:at])]
    after = [_lemma(w.text, language) for w in tx.words(folded[at:])][:9]
    if _subordinate(before, language):
        return False
    if language == "en" and any(after[n : n + 2] == ["you", "to"] for n in range(1, 5)):
        return False  # "I'm not asking you to move anything": what is not asked of the customer spares them
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
    if _not_worth_ru(words, parses, lemmas):
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
        elif _idiom_refusal_ru(words, parses, lemmas, i) or _rhetorical_ru(words, parses, i) or _not_mine_ru(words, i):
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


_NOT_MINE_RU = word_set("задача забота работа дело вопрос")
_OTHER_RU = word_set("кто-то кто-нибудь кто-либо")
# what a rep offers, of which «не будет» says there will be none: «поездки на завод не будет»
_OFFERS_RU = word_set(
    "поездка встреча звонок созвон демо демонстрация пилот расчёт расчет вопрос аудит предложение презентация тест "
    "образец визит кейс отчёт отчет экскурсия консультация разбор сравнение пример макет проект"
)


def _rhetorical_ru(words: list[str], parses: list[Any], i: int) -> bool:
    """«зачем мне выяснять…», «к чему считать…», «с какой стати мне…», «с чего бы мне…», «кому это нужно»."""
    near = words[i + 1 : i + 4]
    if words[i] == "зачем":
        return "мне" in near[:1] or any(parses[j].tag.POS == "INFN" for j in range(i + 1, min(i + 3, len(words))))
    if tuple(words[i : i + 2]) == ("к", "чему"):
        return any(parses[j].tag.POS == "INFN" for j in range(i + 2, min(i + 5, len(words))))
    if tuple(words[i : i + 3]) in {("с", "какой", "стати"), ("с", "чего", "бы")}:
        return True
    return (
        words[i] == "кому"
        and bool({"это", "оно", "они"} & set(near))
        and any(w.startswith(("нуж", "интерес")) for w in near)
    )


def _not_mine_ru(words: list[str], i: int) -> bool:
    """Left to someone else: «обсудит юрист, не я», «назначать не мне», «не моя задача», «пусть разбирается
    кто-то другой», «подготовит кто-то из коллег когда-нибудь»."""
    following = words[i + 1 : i + 3]
    if words[i] == "не" and following:
        return following[0] in {"я", "мне"} or (
            following[0] in {"моя", "моё", "мое", "мой"} and len(following) > 1 and following[1] in _NOT_MINE_RU
        )
    if words[i] in _OTHER_RU:
        nearby = set(words[max(0, i - 6) : i + 6])
        return bool(following) and (
            following[0].startswith("друг") or bool(nearby & (_SOMEDAY_RU | {"временем", "потом"}))
        )
    return False


def _not_worth_ru(words: list[str], parses: list[Any], lemmas: list[str]) -> bool:
    """«рассказывать про сервис не стоит»: a rep's move not worth making (but «не стоит переживать» spares)."""
    for i in range(len(words) - 1):
        if words[i] == "не" and lemmas[i + 1] == "стоить" and not _subordinate(words[:i], "ru"):
            near = range(max(0, i - 4), min(len(words), i + 5))
            verbs = [lemmas[j] for j in near if parses[j].tag.POS == "INFN"]
            if verbs and not any(v in BENIGN["ru"] for v in verbs):
                return True
    return False


def _none_offered_ru(words: list[str], lemmas: list[str], i: int) -> bool:
    """«поездки на завод не будет», «вопросов о бюджете не будет»: none of what the rep would offer."""
    return (
        words[i] == "не"
        and words[i + 1 : i + 2] == ["будет"]
        and any(lemma in _OFFERS_RU for lemma in lemmas[max(0, i - 8) : i])
    )


def _idiom_refusal_ru(words: list[str], parses: list[Any], lemmas: list[str], i: int) -> bool:
    """«ни к чему», «обойдёмся (без…)», «ничего такого не будет», «меня не интересует»."""
    if tuple(words[i : i + 3]) == ("ни", "к", "чему"):
        return True
    if lemmas[i] == "обойтись":
        return "без" in words or parses[i].tag.person == "1per"
    if words[i] != "не" or i + 1 >= len(words):
        return False
    nothing = words[i + 1] == "будет" and "ничего" in words[max(0, i - 3) : i]
    not_worth = lemmas[i + 1] == "стоить" and any(p.tag.POS == "INFN" for p in parses[max(0, i - 4) : i + 5])
    return (
        nothing
        or not_worth
        or _none_offered_ru(words, lemmas, i)
        or (lemmas[i + 1] == "интересовать" and "меня" in words[max(0, i - 3) : i + 4])
    )


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
