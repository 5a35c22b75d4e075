"""The stop phrases Parry ships: the craft's anti-patterns that no step should have to list (docs/scoring.md).

A company edits its own copy (api: the stop-phrase list, seeded from these); `parry score` uses these.
"""

from __future__ import annotations

from scoring.types import StopPhrase

EMPTY_PROMISE = {"ru": "Пустое обещание", "en": "Empty promise"}
DISCOUNT = {"ru": "Скидка без условий", "en": "Instant discount"}
FILLER = {"ru": "Неуверенная речь", "en": "Insecure filler"}
RUDE = {"ru": "Грубое отношение", "en": "Rude dismissal"}

_PHRASES = {
    "ru": {
        "empty": (
            "я постараюсь",
            "постараюсь",
            "постараемся",
            "мы делаем всё возможное",
            "сделаем всё возможное",
            "сделаю всё возможное",
            "сделаем всё, что в наших силах",
            "приложим все усилия",
            "как-нибудь решим",
            "что-нибудь придумаем",
            "попробую что-нибудь",
            "попробуем что-нибудь",
            "как-нибудь справимся",
            "обещаю",
            "даю слово",
            "гарантирую",
            "не сомневайтесь",
            "точно понравится",
            "на высшем уровне",
            "уверяю вас",
        ),
        "discount": (
            "дам скидку",
            "дадим скидку",
            "сделаю скидку",
            "сделаем скидку",
            "скину",
            "скинем",
            "сброшу цену",
            "сбросим цену",
            "снижу цену",
            "снизим цену",
            "уступлю в цене",
            "уступим в цене",
            "могу уступить",
            "скидку дам",
            "скидку сделаю",
            "специальная цена",
            "скидка # процентов",
            "скидку #",
            "минус #",
            "сброшу #",
            "сбросим #",
            "дам минус",
            "даю минус",
            "урежу вдвое",
            "урежем вдвое",
            "вдвое дешевле",
            "сравняемся с",
            "цена будет как у",
            "сделаю дешевле",
            "сделаем дешевле",
            "уберу из цены",
            "уберём из цены",
            "за полцены",
            "по их ставке",
            "по их цене",
            "уравняю цену",
        ),
        "filler": ("как бы", "типа", "наверное", "в общем-то", "=короче", "так =сказать", "вроде как"),
        "rude": (
            "не морочьте мне голову",
            "не морочьте голову",
            "это ваши проблемы",
            "ваши проблемы",
            "не мои проблемы",
            "мне всё равно",
            "мне без разницы",
            "как хотите",
            "дело ваше",
            "не хотите — не надо",
            "отстаньте",
            "не надо мне рассказывать",
            "продавайте как умеете",
            "не нравится — не берите",
        ),
    },
    "en": {
        "empty": (
            "I'll do my best",
            "I will do my best",
            "we'll do our best",
            "we do everything we can",
            "we'll do everything we can",
            "I'll try",
            "I will try",
            "we'll try",
            "we will try",
            "we'll figure something out",
            "I'll see what I can do",
            "see what we can do",
            "hopefully",
            "I promise",
            "rest assured",
            "you have my word",
            "I guarantee",
            "you'll love it",
        ),
        "discount": (
            "give you a discount",
            "a discount if you",
            "knock off",
            "I'll knock",
            "off the price",
            "off the list price",
            "drop the price",
            "lower the price",
            "cut the price",
            "cut you a deal",
            "special price",
            "special deal",
            "# off",
            "# percent off",
            "points off",
            "grand off",
            "take # off",
            "bring the rate down",
            "bring the price down",
            "drop our cost",
            "drop our rate",
            "half price",
            "match their rate",
            "match their price",
            "beat their price",
        ),
        "filler": ("kind of", "sort of", "basically", "I guess"),
        "rude": (
            "that's your problem",
            "that is your problem",
            "not my problem",
            "I don't care",
            "wasting my time",
            "whatever",
            "suit yourself",
            "your loss",
            "deal with it",
            "take it or leave it",
        ),
    },
}
_RULES = {  # label, penalty, critical
    "empty": (EMPTY_PROMISE, 10, False),
    "discount": (DISCOUNT, 30, True),
    "filler": (FILLER, 3, False),
    "rude": (RUDE, 40, True),
}


def default_stop_phrases() -> tuple[StopPhrase, ...]:
    """The built-in list, Russian and English."""
    out = []
    for language, kinds in _PHRASES.items():
        for kind, phrases in kinds.items():
            labels, penalty, critical = _RULES[kind]
            out += [StopPhrase(p, labels[language], penalty, critical, language) for p in phrases]
    return tuple(out)
