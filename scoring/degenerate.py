"""Answers that get 0 and a plain reason instead of a score: empty, symbols, another language, keyboard mashing,
the customer's line copied back, a list of words, too short."""

from __future__ import annotations

from collections.abc import Callable

from scoring import clauses
from scoring import text as tx
from scoring.types import ScoringConfig


def degenerate_reason(
    answer: str, *, language: str, customer_line: str | None, cfg: ScoringConfig, pieces: Callable[[str], list[str]]
) -> tuple[str, str] | None:
    """(reason_code, message) when the answer is not a real attempt, else None."""
    if not answer:
        return "empty", "The answer is empty."
    answer_words = tx.words(answer)
    if not any(any(c.isalpha() for c in w.text) for w in answer_words):
        return "no_words", "The answer has no words, only symbols or emoji."
    if (mismatch := tx.language_mismatch(answer, language, cfg=cfg)) is not None:
        return "wrong_language", mismatch
    if tx.looks_gibberish(answer, cfg=cfg) or fragmented(answer, pieces, cfg):
        return "gibberish", "The answer does not read as words of a language."
    if customer_line and tx.near_copy(answer, customer_line, cfg=cfg):
        return "copy_of_customer_line", "The answer repeats the customer's line instead of answering it."
    if clauses.not_sentences(answer, language, min_share=cfg.not_sentences_share):
        return "not_sentences", "The answer is a list of words, not sentences: say it to the customer as you would."
    if len(answer_words) < cfg.min_words:
        return "too_short", (
            f"The answer is too short ({len(answer_words)} words): acknowledge the concern, ask, "
            "add value and propose a next step."
        )
    return None


def fragmented(answer: str, pieces: Callable[[str], list[str]], cfg: ScoringConfig) -> bool:
    """True when the tokenizer cuts the words into fragments, as it does with keyboard mashing: fewer than
    `gibberish_letters_per_piece` letters per word piece, in a text of at least `gibberish_min_letters` letters."""
    letters = sum(c.isalpha() for c in answer)  # in lower case: a tokenizer cuts capitals («БЮДЖЕТ») into pieces
    word_pieces = sum(any(c.isalpha() for c in piece) for piece in pieces(answer.casefold()))
    if letters < cfg.gibberish_min_letters or not word_pieces:
        return False
    return letters / word_pieces < cfg.gibberish_letters_per_piece
