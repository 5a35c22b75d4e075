"""The tone check: is a sentence rude or dismissive toward the customer, by meaning rather than listed phrases.

A logistic regression over the model's sentence embeddings, fitted once per model and language on built-in
sentences (`tone_data`: rude ones, sarcastic and condescending ones, and polite ones including firm disagreement,
honest limits, negations, hesitant speech and plain agreement with the customer's doubts).
No randomness (lbfgs, no random start); the built-in model's fit ships with Parry (`scoring.fitted.SHIPPED_DIR`), as
two fits may differ in their last digits.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression

from scoring import text as tx
from scoring.clauses import Unit
from scoring.encoder import Encoder
from scoring.fitted import fitted
from scoring.similarity import DECIMALS, Vectors
from scoring.tone_data import CONDESCENDING, EMPATHIC, HESITANT, POLITE, RUDE, SARCASTIC
from scoring.types import RedFlagHit, ScoringConfig
from scoring.unrelated import UNRELATED

REGULARISATION = 8.0
"""Inverse regularisation strength of the regression (sklearn's C)."""
TONE_LABEL = {"ru": "Грубый или пренебрежительный тон", "en": "Rude or dismissive tone"}


class ToneCheck:
    """Rude-probability of sentence embeddings, one model per language, fitted on first use."""

    def __init__(self, encoder: Encoder, cache: Path | None = None) -> None:
        self.encoder = encoder
        self.cache = cache  # where fitted weights are kept (scoring.fitted); None: fitted in every process
        self._models: dict[str, LogisticRegression] = {}
        self._lock = threading.Lock()

    def rude_probability(self, vectors: Vectors, language: str) -> NDArray[np.float64]:
        """(n, d) unit vectors -> (n,) probability that each is rude, rounded."""
        if vectors.shape[0] == 0:
            return np.zeros(0)
        model = self._model(language)
        out: NDArray[np.float64] = np.round(model.predict_proba(vectors.astype(np.float64))[:, 1], DECIMALS)
        return out

    def hits(
        self, cfg: ScoringConfig, language: str, units: list[Unit], vectors: Vectors, whole: Vectors
    ) -> list[RedFlagHit]:
        """The rudest clause, when the tone check finds it rude and the answer as a whole leans rude, or the last
        statement when it is rude on its own (one hit at most: a pointed question inside a courteous answer is not
        rudeness). `vectors`: the clauses' embeddings; `whole`: the answer's."""
        spans = [u.span for u in units]
        rude = self.rude_probability(vectors, language)
        long_enough = np.array([len(tx.words(s.text)) >= cfg.tone_min_words for s in spans], dtype=bool)
        rude = np.where(long_enough, rude, 0.0)  # «Понимаю.», "Sure.": too short to tell a tone from
        best = int(np.argmax(rude))
        if rude[best] < cfg.tone_threshold or (
            rude[best] < cfg.tone_sure and self.rude_probability(whole[None, :], language)[0] < cfg.tone_whole
        ):
            # a barb tacked on at the end of a courteous answer ("…don't let me stop you"): its last statement
            judged = [i for i in range(len(spans)) if long_enough[i]]
            last = judged[-1] if judged else None
            if last is None or units[last].question or rude[last] < cfg.tone_last:
                return []
            best = last
        span, label = spans[best], TONE_LABEL[language]
        found = float(rude[best])
        return [
            RedFlagHit(
                label, cfg.tone_penalty, cfg.tone_critical, "tone", span.text, span.start, span.end, found, "tone"
            )
        ]

    def warm(self, language: str) -> None:
        """Fit the language's model now (it is otherwise fitted when the first answer is checked)."""
        self._model(language)

    def _model(self, language: str) -> LogisticRegression:
        with self._lock:
            if language not in self._models:
                rude = [*RUDE[language], *SARCASTIC[language], *CONDESCENDING[language]]
                polite = [*POLITE[language], *HESITANT[language], *EMPATHIC[language], *UNRELATED[language]]
                texts = [*rude, *polite]
                labels = [1] * len(rude) + [0] * len(polite)

                def fit(model: LogisticRegression) -> LogisticRegression:
                    return model.fit(self.encoder.encode(texts).astype(np.float64), np.array(labels))

                self._models[language] = fitted(
                    self.encoder, f"tone-{language}", texts, labels, _regression, fit, self.cache
                )
            return self._models[language]


def _regression() -> LogisticRegression:
    return LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=1000)
