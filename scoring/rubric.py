"""Whether a clause describes what a rep should do (a rubric read back) rather than saying something to the
customer: "Asks about the budget.", «Уточнить бюджет.», "Concern acknowledged.", "First I'd agree…, then I'd
ask…", checklists and lists of moves. Rules over words, no model (docs/scoring.md, "What cannot fool the score")."""

from __future__ import annotations

import re
from typing import Any

from scoring import text as tx
from scoring.grammar import FUNCTION_EN, PRONOUNS_12, addressed, lemmas_en, parse_ru
from scoring.text import word_set

_ROLES = {  # the rep named as a role, not a pronoun: "they should sign" is said to a customer, "the rep should…" is not
    "ru": word_set("менеджер продавец представитель сотрудник специалист консультант ответ"),
    "en": word_set("rep representative salesperson seller manager agent consultant answer response reply"),
}


_ROLE_NOUNS = {
    "ru": word_set("менеджер продавец представитель сотрудник специалист консультант он она торговый ответ ответе"),
    "en": word_set("rep representative salesperson seller manager agent he she they consultant answer response reply"),
}


_LEADING = {
    "ru": word_set(
        "и затем потом также далее после этого сначала в конце кратко сразу обязательно сам хороший сильный "
        "грамотный идеальный правильный здесь тут этом в этой реплике ситуации шаг пункт первый второй третий "
        "четвёртый четвертый пятый наконец хорошем сильном грамотном идеальном правильном ответе идеальный критерий "
        "эффективный успешный обученный опытный"
    ),
    "en": word_set(
        "and then also first next finally the a an sales still strong good great ideal best in this here so step "
        "one two three four five second third fourth fifth last lastly ideal criterion do effective model winning "
        "trained correct right perfect successful skilled experienced situation"
    ),
}


_LABELS = word_set("criterion step point item критерий шаг пункт")


# Verbs that describe what a rep does to a customer (the words key points are written in), not what a product does.
RUBRIC_VERBS = {
    "ru": word_set(
        "предлагать показывать выяснять уточнять признавать договариваться давать принимать назначать уважать "
        "соглашаться делать снимать задавать спрашивать переводить сравнивать присоединяться менять искать "
        "обещать называть облегчать фиксировать снижать поддерживать помогать объяснять благодарить выражать "
        "приводить упоминать подчёркивать подчеркивать обосновывать аргументировать резюмировать проявлять "
        "демонстрировать озвучивать формулировать закрывать отрабатывать переспрашивать интересоваться "
        "узнавать рассказывать описывать сообщать подтверждать спорить избегать слушать выслушивать "
        "извиняться отмечать обозначать определять акцентировать возражать реагировать оставлять завершать "
        "заканчивать начинать использовать предоставлять готовить составлять обсуждать ссылаться связывать "
        "критиковать ругать отдавать "
        # the perfective pairs («я бы уточнил», «предложить пилот»)
        "согласиться уточнить предложить выяснить признать назначить показать спросить принять договориться дать "
        "сделать снять перевести сравнить присоединиться найти пообещать назвать облегчить зафиксировать "
        "поддержать объяснить поблагодарить выразить привести упомянуть подчеркнуть обосновать проявить "
        "продемонстрировать озвучить сформулировать закрыть отработать переспросить поинтересоваться узнать "
        "рассказать описать подтвердить выслушать отметить обозначить определить оставить завершить "
        "предоставить подготовить составить обсудить сослаться связать отдать уважить"
    ),
    "en": word_set(
        "ask propose offer accept fix acknowledge reframe agree respect give show clarify keep make explain "
        "set take position frame tailor back suggest welcome help apologize apologise express mention name "
        "confirm summarize summarise check probe invite book schedule close handle address identify highlight "
        "emphasize emphasise stress validate empathize empathise listen avoid use provide recommend request "
        "secure quantify translate compare link tie connect reference cite share point follow uncover qualify "
        "build create state admit concede recognize recognise reassure commit arrange plan describe present "
        "argue find"
    ),
}


_CONDITIONAL = {"en": word_set("i'd would"), "ru": word_set("бы")}


_SECOND_PERSON = {
    "en": word_set("you your yours you're you'll you've you'd"),
    "ru": word_set("вы вас вам вами ваш ваша ваше ваши вашего вашей вашу вашим ваших вашими давайте"),
}


def _conditional_moves(words: list[str], language: str) -> bool:
    """ "First I'd agree to send it, then I'd ask…", «Тут я бы принял паузу, выяснил…»: what one would do, two
    moves or more, said to nobody."""
    if not any(w in _CONDITIONAL[language] for w in words) or any(w in _SECOND_PERSON[language] for w in words):
        return False
    if language == "ru":
        moves = [w for w in words if parse_ru(w).tag.POS in {"VERB", "INFN"} and _rubric_lemma_ru(w)]
    else:
        moves = [w for w in words if w in _IMPERATIVE_RUBRIC_EN or w in RUBRIC_VERBS["en"]]
    return len(moves) >= 2


_PASSIVE_EN = word_set(
    "acknowledged clarified reframed proposed asked identified accepted explored respected recognised recognized "
    "validated addressed summarised summarized quantified positioned treated"
)


def _passive_move(words: list[str], language: str) -> bool:
    """ "Margin requirement acknowledged.", "A question is then asked…", «Поставщик уважается и не критикуется»:
    a rep's move in the passive, said to nobody, within the clause's first words."""
    if any(w in PRONOUNS_12[language] for w in words):
        return False
    head = words[:6]
    if language == "en":
        return any(w in _PASSIVE_EN for w in head)
    return any(
        parse_ru(w).tag.POS == "VERB"
        and w.endswith(("ся", "сь"))
        and parse_ru(w).tag.person == "3per"
        and _rubric_lemma_ru(w)
        for w in head
    )


def _rubric_lemma_ru(word: str) -> bool:
    lemma = parse_ru(word).normal_form
    return lemma in RUBRIC_VERBS["ru"] or (lemma.endswith("ся") and lemma[:-2] in RUBRIC_VERBS["ru"])


def instruction(sentence: str, language: str) -> bool:
    """A sentence that starts with a verb's plain form (English) or an infinitive (Russian) and speaks to nobody:
    among described moves, one more move to make."""
    words = [w.text.casefold() for w in tx.words(sentence)]
    if not words or addressed(sentence, language):
        return False
    first = next((w for w in words if not w.isdigit() and w not in _LEADING[language]), "")
    if language == "ru":
        return bool(first) and parse_ru(first).tag.POS == "INFN"
    return bool(first) and first not in FUNCTION_EN and first in lemmas_en(first).get("VERB", ())


def describes(clause: str, language: str) -> bool:
    """True when the clause describes what a rep does, in the third person and to nobody ("Asks about the
    budget.", «Уточняет, с чем клиент сравнивает цену»): a rubric read back, not something said to the customer."""
    clause = _CHECKBOX.sub("", clause)  # "- [x] reassure clearly…": a ticked checklist
    words = [w.text.casefold() for w in tx.words(clause)]
    if language == "ru" and _coaching_ru(words):
        return True
    if "?" in clause:  # "Does the rep agree to send it?", «Спросил ли менеджер…?»: a checklist, not a question
        return any(w in _ROLES[language] for w in words[:4]) and not any(w in PRONOUNS_12[language] for w in words)
    if _conditional_moves(words, language) or _passive_move(words, language):
        return True
    index, subject, named = 0, False, False
    if words[:1] and words[0] in _MY[language] and words[1:2] and words[1] in _ROLES[language]:
        index, subject, named = 2, True, True  # "My answer would acknowledge…", «Мой ответ: признать…»
    if not words or any(tx.fold(w) in PRONOUNS_12[language] for w in words[index:]):
        return False
    while index < len(words) - 1 and (
        words[index] in _LEADING[language]
        or words[index].isdigit()  # "1) Acknowledges…"
        or (index > 0 and words[index - 1] in _LABELS and len(words[index]) <= 2)  # "Criterion B —", «Шаг 2а»
        or _adverb(words[index], language)
        or words[index] in _ROLE_NOUNS[language]
    ):
        subject = subject or words[index] in _ROLE_NOUNS[language]
        named = named or words[index] in _ROLES[language]
        index += 1
    lead = index
    if subject and language == "ru" and words[index] == "не" and index < len(words) - 1:
        index += 1  # «Менеджер не критикует поставщика, выясняет…»
    if subject and language == "en" and words[index] in ("doesn't", "never") and index < len(words) - 1:
        return _rubric_infinitive(words[index + 1], language)  # "The rep doesn't dismiss his view"
    if language == "en" and words[index : index + 2] == ["makes", "sense"]:
        return False
    if named and index < len(words) - 1 and _modal(words[index : index + 2], language):
        # "the rep should acknowledge…", «менеджер должен выяснить…»: what a rep ought to do, described
        index += 2 if words[index + 1] == "to" else 1
        while index < len(words) - 1 and _adverb(words[index], language):
            index += 1
        return _infinitive(words[index], language)
    if subject and language == "en" and words[index - 1] == "they":  # "Next they clarify what…"
        return _rubric_infinitive(words[index], language)
    if language == "ru":
        if subject and words[index] in {"будет", "будут"} and index < len(words) - 1:
            return _rubric_lemma_ru(words[index + 1])  # «Менеджер будет уточнять…»: a rep's moves, foretold
        if not subject and index < len(words) - 1 and words[index] in _IMPERSONAL_RU:
            index += 1  # «Тут надо признать…»: what is to be done, said to nobody
            return _infinitive(words[index], language) and not _speaker_verb_ru([parse_ru(w) for w in words])
        return (
            _rubric_verb_ru(words[index])
            # «Уточнить бюджет. Предложить пилот.», «Сначала уважительно принять…»
            or (not subject and _bare_infinitive_ru(clause, words[index:], lead > 0))
            or _rubric_noun_ru(words, index)  # «Выяснение, чего не хватает…»
        )
    # "Acknowledge…", "Step two, clarify…", "1) agree to send…", "Acknowledgement of the concern…", "To ask about…"
    return (
        _rubric_verb_en(words[index])
        or (not subject and words[index] == "to" and words[index + 1] in RUBRIC_VERBS["en"])
        or (not subject and words[index] in _IMPERATIVE_RUBRIC_EN)
        or (words[index] in _RUBRIC_NOUNS_EN and index + 1 < len(words) and words[index + 1] in ("of", "about", "on"))
    )


# Verbs a rubric tells the rep to do and a rep never tells a customer to do, in the imperative ("Acknowledge the
# concern. Ask about the budget.": said to a customer, "Ask your finance team…" addresses someone).
_IMPERATIVE_RUBRIC_EN = word_set(
    "acknowledge ask propose offer reframe clarify empathize empathise validate agree probe uncover qualify handle "
    "address summarize summarise concede reassure quantify position tailor frame recognize recognise admit express "
    "mention highlight emphasize emphasise stress avoid suggest identify confirm respect thank apologize apologise"
)


# Nouns a rubric names the rep's moves with: «Признание того, что…», «Уважительное принятие…», «Демонстрация…».
_RUBRIC_NOUNS_EN = word_set(
    "acknowledgement acknowledgment acceptance exploration reduction reframing clarification recognition "
    "validation respect agreement proposal offer"
)


_IMPERSONAL_RU = word_set("надо нужно следует")
_CHECKBOX = re.compile(r"^\s*[-*•]?\s*\[[ xXvV✓✔]?\]\s*")
_INFORMAL_RU = word_set("ты тебе тебя тобой твой твоя твоё твое твои твоего твоей твоих")


def _coaching_ru(words: list[str]) -> bool:
    """«Здесь тебе нужно признать…», «Ты соглашаешься… Спрашиваешь…», «Уточни, что пугает клиента»: the rep is
    spoken to with «ты» (a customer is «вы»), about the moves of a rubric."""
    if any(w in _INFORMAL_RU for w in words):
        return True
    for word in words:
        tag = parse_ru(word).tag
        singular_you = tag.POS == "VERB" and tag.number == "sing" and (tag.person == "2per" or tag.mood == "impr")
        if singular_you and _rubric_lemma_ru(word):
            return True
    return False


_MY = {"ru": word_set("мой моё мое моя"), "en": word_set("my our")}


_JUDGING_RU = word_set("нужно надо обязательно должен должна должны можно нельзя стоит никто незачем")


_RUBRIC_NOUNS_RU = word_set(
    "признание принятие выяснение уточнение демонстрация присоединение фиксация назначение снятие обоснование "
    "переформулирование уважение согласие договорённость договоренность выгода поиск позиционирование"
)


def _speaker_verb_ru(parses: list[Any]) -> bool:
    """A verb in the first or second person («пришлю», «сравниваете»): someone speaks to someone."""
    return any(p.tag.POS == "VERB" and p.tag.person in {"1per", "2per"} for p in parses)


def _bare_infinitive_ru(clause: str, words: list[str], led: bool = False) -> bool:
    """A clause that starts (after «сначала», «шаг 1», an adverb: `led`) with an infinitive and speaks to nobody: an
    instruction to the rep (but «Ждать не обязательно», «Поменять поставщика — серьёзный шаг», «Посчитать
    несложно» say something of it)."""
    parses = [parse_ru(w) for w in words]
    if not parses or parses[0].tag.POS != "INFN" or words[0] == "есть" or _speaker_verb_ru(parses):
        return False
    # «Посчитать несложно», «Ждать сентября не обязательно»; a «что» clause («…, что менять не нужно») judges nothing
    head = words.index("что") if "что" in words else len(words)
    judged = any(p.tag.POS in {"PRED", "ADJS"} for p in parses[:head]) or any(w in _JUDGING_RU for w in words[:head])
    adverb_next = not led and any(p.tag.POS == "ADVB" for p in parses[1:3])
    return not judged and not adverb_next and "—" not in clause.lstrip(" —–-•*").split(",")[0]


def _rubric_noun_ru(words: list[str], index: int) -> bool:
    """A clause that starts (past adjectives) with a noun naming a rep's move and speaks to nobody."""
    parses = [parse_ru(w) for w in words]
    while index < len(words) - 1 and parses[index].tag.POS in {"ADJF", "ADJS", "PRTF"}:
        index += 1
    named = parses[index].tag.POS == "NOUN" and parses[index].normal_form in _RUBRIC_NOUNS_RU
    return named and not _speaker_verb_ru(parses)


_MODALS = {
    "ru": word_set("должен должна должны нужно надо следует стоит может"),
    "en": word_set("should would must will can could needs has ought"),
}


def _modal(pair: list[str], language: str) -> bool:
    first = pair[0]
    if first in ("needs", "has", "ought"):
        return len(pair) > 1 and pair[1] == "to"
    return first in _MODALS[language]


def _rubric_infinitive(word: str, language: str) -> bool:
    if language == "ru":
        parse = parse_ru(word)
        return bool(parse.tag.POS == "INFN" and parse.normal_form in RUBRIC_VERBS["ru"])
    return word in RUBRIC_VERBS["en"]


def _infinitive(word: str, language: str) -> bool:
    """Any verb's plain form: after "the rep should", whatever follows is what a rep ought to do."""
    if language == "ru":
        return bool(parse_ru(word).tag.POS == "INFN")
    return word not in FUNCTION_EN and "VERB" in lemmas_en(word)


def _adverb(word: str, language: str) -> bool:
    if language == "ru":
        return bool(parse_ru(word).tag.POS == "ADVB")
    return word.endswith("ly") and "ADV" in lemmas_en(word)


def _rubric_verb_ru(word: str) -> bool:
    parse = parse_ru(word)
    tag = parse.tag
    return (
        tag.POS == "VERB"
        and tag.person == "3per"
        and tag.number == "sing"
        and tag.tense in {"pres", "futr"}  # «Уточняет…», «Продавец уточнит…»
        and parse.normal_form in RUBRIC_VERBS["ru"]
    )


def _rubric_verb_en(word: str) -> bool:
    """ "Asks", "proposes", and the gerunds of a list ("Agreeing to send…; asking which lanes…")."""
    if not word.endswith(("s", "ing")) or word in FUNCTION_EN:
        return False
    lemmas = lemmas_en(word).get("VERB", ()) or (word[:-1], word[:-2])  # "reframes": unknown to the lemmatizer
    return any(lemma in RUBRIC_VERBS["en"] for lemma in lemmas)
