"""Words both clause rules need: first- and second-person words, English function words, and the parsers
(pymorphy3 for Russian, lemminflect for English), cached."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from scoring import text as tx
from scoring.text import word_set

PRONOUNS_12 = {
    "ru": word_set(
        "я меня мне мной мы нас нам нами вы вас вам вами ваш ваша ваше ваши вашего вашей вашу вашим ваших "
        "вашими наш наша наше наши нашего нашей нашу нашим наших нашими мой моя моё мое мои ты тебя тебе "
        "давайте давай"
    ),
    "en": word_set(
        "i me my mine we us our ours you your yours i'm i'll i've i'd we're we'll we've we'd you're you'll "
        "you've you'd let's"
    ),
}


# English function words: sentences are full of them, word lists have almost none.
FUNCTION_EN = word_set(
    "a an the this that these those i me my we us our you your he she it its they them their who what "
    "when where why how which whose is am are was were be been being do does did have has had will would "
    "can could should may might must shall let's lets to of in on at by for with from about into over "
    "under than then as if so and or but not no yes please there here because just very also all any some "
    "each every one our's i'm i'll i've i'd we're we'll we've we'd you're you'll you've you'd it's that's "
    "there's what's don't doesn't didn't won't can't isn't aren't wasn't weren't haven't hasn't"
)


def addressed(clause: str, language: str) -> bool:
    """True when the clause speaks to or for someone (a first- or second-person word)."""
    return any(tx.fold(w.text) in PRONOUNS_12[language] for w in tx.words(clause))


@lru_cache(maxsize=65536)
def parse_ru(word: str) -> Any:
    return tx.morph().parse(word)[0]


@lru_cache(maxsize=65536)
def lemmas_en(word: str) -> dict[str, tuple[str, ...]]:
    import lemminflect

    lemmas: dict[str, tuple[str, ...]] = lemminflect.getAllLemmas(word)
    return lemmas
