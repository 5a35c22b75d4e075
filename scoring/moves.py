"""The move check: what a clause does, by meaning rather than listed words.

A rule in `scoring.clauses` reads a clause's grammar: it says something to the customer, refuses to, or describes
what a rep should do. Rules miss wordings nobody listed ("that won't be necessary", "a pilot is off the table",
"Clarifying question about the budget"). The move check is a multinomial logistic regression over the model's
sentence embeddings, fitted once per model and language on built-in sentences (`move_data_en`, `move_data_ru`,
written without reading the evaluation sets, plus the tone check's polite sentences and the off-topic ones as
things said) and on the labelled sentences of the tuned adversarial halves (`LABELLED_DIR`; never the validation or
held-out halves), that tells what a clause does: says, refuses, describes, promises, discounts or hedges. A clause the
rules take as said is taken as refused or described when the move check is sure of it (`ScoringConfig.move_refuses`,
`move_describes`); a statement in the first or second person is never taken as described. Promises, discounts
and hedges sharpen what "says" means; flagging them by meaning
was measured and lost more honest answers than it caught (docs/scoring.md), so they are not used on their own.

A clause's embedding is pooled from the whole answer's forward pass, so it carries some of its neighbours' meaning:
the training sentences are seen both alone and inside made-up answers of three (`in_context`). No randomness (a fixed
shuffle, lbfgs, no random start), but two fits may differ slightly: the encodings differ in their last bits with
batching and lbfgs stops at its tolerance (two fits of the Russian check, 2026-12-01: probabilities up to 0.037
apart). The built-in model's fits therefore ship with Parry (`scoring.fitted.SHIPPED_DIR`), so every install scores
with the same weights.
"""

from __future__ import annotations

import importlib
import json
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, get_args

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression

from scoring import text as tx
from scoring.clauses import Unit
from scoring.encoder import Encoder
from scoring.fitted import fitted
from scoring.grammar import addressed, parse_ru
from scoring.similarity import DECIMALS, Vectors
from scoring.tone_data import EMPATHIC, POLITE
from scoring.types import ScoringConfig
from scoring.unrelated import UNRELATED

Move = Literal["says", "refuses", "describes", "promises", "discounts", "hedges"]
MOVES: tuple[Move, ...] = get_args(Move)
REGULARISATION = 16.0
"""Inverse regularisation strength of the regression (sklearn's C)."""
CONTEXT = 3
"""Training sentences are also seen inside made-up answers of this many (clause embeddings depend on the rest)."""


LABELLED_DIR = Path(__file__).parent / "data"
"""labelled-{en,ru}.json: sentences of the tuned adversarial answers by move (built by `scenarios.labelled`)."""


def labelled_sentences(language: str) -> dict[str, list[str]]:
    """Move -> the labelled sentences of the tuned adversarial answers in `language` (see `LABELLED_DIR`)."""
    data: dict[str, list[str]] = json.loads((LABELLED_DIR / f"labelled-{language}.json").read_text(encoding="utf-8"))
    return data


def training_sentences(language: str) -> dict[Move, list[str]]:
    """The built-in sentences of each move, then the labelled ones, duplicates across moves dropped from all but the
    first."""
    data = importlib.import_module(f"scoring.move_data_{language}")  # move_data_en, move_data_ru
    labelled = labelled_sentences(language)
    lists: dict[Move, list[str]] = {
        "says": [*data.SAYS, *POLITE[language], *EMPATHIC[language], *UNRELATED[language]],
        "refuses": list(data.REFUSES),
        "describes": list(data.DESCRIBES),
        "promises": list(data.PROMISES),
        "discounts": list(data.DISCOUNTS),
        "hedges": list(data.HEDGES),
    }
    lists = {move: [*sentences, *labelled[move]] for move, sentences in lists.items()}
    seen: set[str] = set()
    out: dict[Move, list[str]] = {}
    for move, sentences in lists.items():
        out[move] = [s for s in dict.fromkeys(sentences) if s not in seen]
        seen.update(out[move])
    return out


class MoveCheck:
    """Probabilities of each move for clause embeddings, one model per language, fitted on first use."""

    def __init__(self, encoder: Encoder, cache: Path | None = None) -> None:
        self.encoder = encoder
        self.cache = cache  # where fitted weights are kept (scoring.fitted); None: fitted in every process
        self._models: dict[str, LogisticRegression] = {}
        self._lock = threading.Lock()

    def probabilities(self, cfg: ScoringConfig, vectors: Vectors, language: str) -> NDArray[np.float64]:
        """(n, d) unit vectors -> (n, len(MOVES)) probabilities, rounded; columns in the order of MOVES. Nothing is
        fitted when every move threshold is off (1.0 or more)."""
        if vectors.shape[0] == 0 or min(cfg.move_refuses, cfg.move_describes) >= 1:
            return np.zeros((vectors.shape[0], len(MOVES)))
        out: NDArray[np.float64] = np.round(self._model(language).predict_proba(vectors.astype(np.float64)), DECIMALS)
        return out

    def relabel(self, cfg: ScoringConfig, language: str, units: list[Unit], probs: NDArray[np.float64]) -> list[Unit]:
        """`units` with each plain statement the move check is sure refuses or describes (`probs`, from
        `probabilities`) taken as doing so. Questions and clauses shorter than `move_min_words` (for a refusal,
        `move_refusal_min_words`: a short «спорить не буду» is courtesy) keep what the rules found."""
        out = []
        for unit, row in zip(units, probs, strict=True):
            if unit.kind == "says" and not unit.question and _long_enough(unit, cfg):
                if row[MOVES.index("refuses")] >= cfg.move_refuses and _words(unit) >= cfg.move_refusal_min_words:
                    unit = Unit(unit.span, "refuses", unit.question)
                elif row[MOVES.index("describes")] >= cfg.move_describes and not _spoken(unit.span.text, language):
                    unit = Unit(unit.span, "describes", unit.question)
            out.append(unit)
        return out

    def warm(self, language: str) -> None:
        """Fit the language's model now (it is otherwise fitted when the first answer is checked)."""
        self._model(language)

    def _model(self, language: str) -> LogisticRegression:
        with self._lock:
            if language not in self._models:
                data = training_sentences(language)
                texts = [s for move in MOVES for s in data[move]]
                labels = np.array([n for n, move in enumerate(MOVES) for _ in data[move]])

                def fit(model: LogisticRegression) -> LogisticRegression:
                    vectors = np.vstack([self.encoder.encode(texts), in_context(self.encoder, texts)])
                    return model.fit(vectors.astype(np.float64), np.concatenate([labels, labels]))

                self._models[language] = fitted(
                    self.encoder, f"moves-{language}", texts, labels.tolist(), _regression, fit, self.cache
                )
            return self._models[language]


def _regression() -> LogisticRegression:
    return LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=3000)


def in_context(encoder: Encoder, texts: Sequence[str], size: int = CONTEXT) -> Vectors:
    """Each text's embedding as a clause of an answer, as the scorer sees clauses: the texts, in a fixed shuffled
    order, are joined `size` at a time into made-up answers, and each is pooled from its answer's forward pass."""
    order = np.random.default_rng(0).permutation(len(texts))
    groups = [order[i : i + size] for i in range(0, len(texts), size)]
    answers, spans = [], []
    for group in groups:
        parts, offsets, at = [], [], 0
        for i in group:
            parts.append(texts[i])
            offsets.append((at, at + len(texts[i])))
            at += len(texts[i]) + 1
        answers.append(" ".join(parts))
        spans.append(offsets)
    out = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
    for group, encoding in zip(groups, encoder.encode_answers(answers, spans), strict=True):
        out[group] = encoding.spans
    return out


def _words(unit: Unit) -> int:
    return len(tx.words(unit.span.text))


def _long_enough(unit: Unit, cfg: ScoringConfig) -> bool:
    return _words(unit) >= cfg.move_min_words


def _spoken(clause: str, language: str) -> bool:
    """A clause in the first or second person (a pronoun, or a Russian verb's ending: «пришлю», «обсудим») speaks
    to the customer: the move check never takes it for a description."""
    if addressed(clause, language):
        return True
    return language == "ru" and any(parse_ru(tx.fold(w.text)).tag.person in ("1per", "2per") for w in tx.words(clause))
