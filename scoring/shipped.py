"""Rebuild the built-in model's fitted checks that ship with Parry (`scoring.fitted.SHIPPED_DIR`):

    python -m scoring.shipped

Run it after the tone or move check's training sentences or settings change (a test says when).
"""

from __future__ import annotations

from pathlib import Path

from scoring.encoder import Encoder, load_encoder
from scoring.fitted import SHIPPED_DIR
from scoring.moves import MoveCheck
from scoring.tone import ToneCheck
from scoring.types import LANGUAGES


def ship(encoder: Encoder) -> list[Path]:
    """Fit the tone and move checks of every language with `encoder` into `SHIPPED_DIR`, replacing what was there."""
    for old in SHIPPED_DIR.glob("*.npz"):
        old.unlink()
    for language in LANGUAGES:
        ToneCheck(encoder, SHIPPED_DIR).warm(language)
        MoveCheck(encoder, SHIPPED_DIR).warm(language)
    return sorted(SHIPPED_DIR.glob("*.npz"))


if __name__ == "__main__":
    for shipped in ship(load_encoder(None)):
        print(shipped)
