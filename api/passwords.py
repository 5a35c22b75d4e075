"""Which passwords are refused: common and trivially weak ones (judged by zxcvbn, with a few Russian words and
keyboard rows it does not know), and ones holding the user's e-mail address or name."""

from __future__ import annotations

import re

from zxcvbn import zxcvbn  # type: ignore[import-untyped]

from api.errors import InvalidError

MIN_SCORE = 3  # zxcvbn's 0–4: 3 is "safely unguessable", about 10^8 guesses or more
ZXCVBN_MAX = 72  # the longest password zxcvbn takes
# Common Russian passwords and keyboard rows (zxcvbn's lists are English), and Russian words typed on an English
# keyboard (`gfhjkm` is «пароль»).
RUSSIAN_WORDS = [
    "пароль",
    "парольчик",
    "йцукен",
    "йцукенгшщзхъ",
    "фывапролджэ",
    "ячсмитьбю",
    "привет",
    "любовь",
    "солнышко",
    "котик",
    "зайка",
    "москва",
    "россия",
    "наташа",
    "максим",
    "gfhjkm",
    "parol",
    "qwertyйцукен",
]


def check(password: str, *, email: str, name: str, field: str = "password") -> None:
    """InvalidError naming `field` when the password is personal (holds the e-mail, its name part, or a word of
    the name of four letters or more) or too easy to guess."""
    personal = _personal_words(email, name)
    lowered = password.lower()
    if any(word in lowered for word in personal):
        raise InvalidError("password_personal", field=field)
    # zxcvbn judges at most 72 characters (it raises on more): the first 72 must be hard enough on their own.
    if zxcvbn(password[:ZXCVBN_MAX], user_inputs=[*personal, *RUSSIAN_WORDS])["score"] < MIN_SCORE:
        raise InvalidError("password_too_easy", field=field)


def _personal_words(email: str, name: str) -> list[str]:
    email = email.strip().lower()
    local = email.split("@", 1)[0]
    words = [email, local, *re.split(r"[^\w]+", local), *re.split(r"[^\w]+", name.lower())]
    return sorted({w for w in words if len(w) >= 4})
