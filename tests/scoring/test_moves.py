"""The move check (scoring/moves.py): clauses the rules take as said, found by meaning to refuse or describe."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from scoring_builders import PARAPHRASE, step

from scenarios.evaluation import library_steps
from scoring import clauses
from scoring.encoder import AnswerEncoding
from scoring.moves import MOVES, MoveCheck, in_context, training_sentences
from scoring.scorer import Scorer
from scoring.similarity import Vectors
from scoring.types import LANGUAGES, ScoringConfig

OFF = ScoringConfig(move_refuses=1.0, move_describes=1.0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_move_has_its_own_sentences(language: str) -> None:
    data = training_sentences(language)
    assert set(data) == set(MOVES)
    assert all(len(data[move]) >= 50 for move in MOVES)
    every = [s for move in MOVES for s in data[move]]
    assert len(every) == len(set(every)), "a sentence is taught as two moves"


class _Unfitted:
    """An encoder that fails if anything is encoded: the check must not fit a model it does not use."""

    name = "none"
    dimension = 4

    def encode(self, texts: Sequence[str]) -> Vectors:
        raise AssertionError("encoded")

    def encode_answers(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> list[AnswerEncoding]:
        raise AssertionError("encoded")

    def pieces(self, text: str) -> list[str]:
        return text.split()


def _units(text: str) -> list[clauses.Unit]:
    return clauses.units(text, "en")


def test_only_plain_statements_long_enough_are_relabelled_and_only_when_the_check_is_sure() -> None:
    units = _units("We will not run a pilot for you. Why not? Sure thing. The figures come on Monday morning.")
    assert [u.kind for u in units] == ["refuses", "says", "says", "says"]
    probs = np.zeros((4, len(MOVES)))
    probs[:, MOVES.index("refuses")] = [0.99, 0.99, 0.99, 0.84]  # the question, the 2-word clause: never
    probs[3, MOVES.index("describes")] = 0.9
    cfg = ScoringConfig(move_refuses=0.85, move_describes=0.7)
    kinds = [u.kind for u in MoveCheck(_Unfitted()).relabel(cfg, "en", units, probs)]
    assert kinds == ["refuses", "says", "says", "describes"]  # refusing at 0.84 < 0.85, describing at 0.9 >= 0.7
    probs[3, MOVES.index("refuses")] = 0.86
    assert MoveCheck(_Unfitted()).relabel(cfg, "en", units, probs)[3].kind == "refuses"  # refusal is judged first


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "I'll send the figures on Monday morning."),
        ("en", "Your team gets the figures on Monday morning."),
        ("ru", "До пятницы пришлю расчёт по ставке."),  # a first-person verb, no pronoun
        ("ru", "В пятницу обсудим расчёт по телефону."),
    ],
)
def test_a_statement_in_the_first_or_second_person_is_never_taken_for_a_description(language: str, text: str) -> None:
    units = clauses.units(text, language)
    assert [u.kind for u in units] == ["says"]
    probs = np.zeros((1, len(MOVES)))
    probs[0, MOVES.index("describes")] = 0.99
    cfg = ScoringConfig()
    assert MoveCheck(_Unfitted()).relabel(cfg, language, units, probs)[0].kind == "says"
    probs[0, MOVES.index("refuses")] = 0.99  # a refusal still is one
    assert MoveCheck(_Unfitted()).relabel(cfg, language, units, probs)[0].kind == "refuses"


def test_thresholds_of_one_switch_the_check_off_without_fitting_anything() -> None:
    vectors = np.ones((3, 4), dtype=np.float32)
    probs = MoveCheck(_Unfitted()).probabilities(OFF, vectors, "en")
    assert probs.shape == (3, len(MOVES))
    assert not probs.any()


class _Marking:
    """An encoder whose span embedding is a one-hot of the span's text, to follow texts through `in_context`."""

    name = "marks"

    def __init__(self, texts: Sequence[str]) -> None:
        self.index = {t: n for n, t in enumerate(texts)}
        self.dimension = len(texts)

    def encode_answers(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> list[AnswerEncoding]:
        out = []
        for text, own in zip(texts, spans, strict=True):
            rows = np.zeros((len(own), self.dimension), dtype=np.float32)
            for r, (start, end) in enumerate(own):
                rows[r, self.index[text[start:end]]] = 1
            out.append(AnswerEncoding(np.zeros(self.dimension, dtype=np.float32), rows))
        return out


def test_in_context_gives_each_sentence_its_own_span_in_a_fixed_order() -> None:
    texts = [f"Sentence number {n}." for n in range(10)]
    encoder = _Marking(texts)
    vectors = in_context(encoder, texts)  # type: ignore[arg-type]
    assert np.array_equal(vectors, np.eye(10, dtype=np.float32))
    assert np.array_equal(in_context(encoder, texts), vectors)  # type: ignore[arg-type]


READ_BACKS = {
    "en": "Ideal response outline: empathy for the budget worry first, then a diagnostic question about what the "
    "price is being compared with, and finally a concrete meeting on a named day.",
    "ru": "Структура ответа: сначала сочувствие по поводу бюджета, потом вопрос о том, с чем сравнивается цена, в "
    "конце конкретная встреча с датой.",
}
REFUSAL = (
    "Comparing prices is something I'd rather leave out. Talking through a payback is off the table too. A call on "
    "Wednesday won't be on offer either."
)


def _relabelled(scorer: Scorer, text: str, language: str) -> list[tuple[str, str]]:
    units = clauses.units(text, language)
    encoding = scorer.encoder.encode_answers([text], [[(u.span.start, u.span.end) for u in units]])[0]
    probs = scorer.moves.probabilities(scorer.config, encoding.spans, language)
    new = scorer.moves.relabel(scorer.config, language, units, probs)
    return [(u.kind, n.kind) for u, n in zip(units, new, strict=True) if u.kind != n.kind]


@pytest.mark.model
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_read_back_the_rules_take_as_said_is_found_by_meaning(scorer: Scorer, language: str) -> None:
    answer = READ_BACKS[language]
    assert ("says", "describes") in _relabelled(scorer, answer, language)
    result = scorer.score(step(language), answer)
    assert not result.passed
    assert result.reason_code == "rubric_readback"
    assert not any(k.covered for k in result.key_points)


@pytest.mark.model
def test_a_refusal_the_rules_take_as_said_is_found_by_meaning(scorer: Scorer) -> None:
    assert ("says", "refuses") in _relabelled(scorer, REFUSAL, "en")
    result = scorer.score(step("en"), REFUSAL)
    assert not result.passed
    assert result.reason_code == "refusal"


@pytest.mark.model
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_good_answer_keeps_its_score(scorer: Scorer, language: str) -> None:
    off = Scorer(scorer.encoder, OFF)
    answer = PARAPHRASE[language]
    assert _relabelled(scorer, answer, language) == []
    assert scorer.score(step(language), answer).score == off.score(step(language), answer).score


@pytest.mark.model
@pytest.mark.slow
def test_the_library_s_good_answers_are_almost_never_relabelled(scorer: Scorer) -> None:
    """Measured 2026-12-01: none of 325 good texts has a clause relabelled (before first- and second-person
    statements were spared and a refusal needed 6 words, 4 had: two plans for a follow-up, «Понимаю, спорить не
    буду», «Согласен, слова ничего не доказывают»)."""
    texts = 0
    changed = []
    for _name, spec in library_steps(min_samples=0):
        language = _name.split("-", 1)[0]  # ru-crm-price/price
        for text in [*spec.references, *(s.answer for s in spec.samples if s.grade >= 70)]:
            texts += 1
            if _relabelled(scorer, text, language):
                changed.append(text)
    assert texts >= 300
    assert len(changed) <= 0.02 * texts, changed
