"""The tone check: is a sentence rude or dismissive toward the customer, by meaning rather than listed phrases.

A logistic regression over the model's sentence embeddings, fitted once per model and language on built-in
sentences (`tone_data`: rude ones, sarcastic and condescending ones, and polite ones including firm disagreement,
honest limits, negations, hesitant speech and plain agreement with the customer's doubts).
Deterministic: the same sentences and model give the same weights (lbfgs, no random start).
"""

from __future__ import annotations

import threading

import numpy as np
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression

from scoring.encoder import Encoder
from scoring.similarity import DECIMALS, Vectors
from scoring.tone_data import CONDESCENDING, EMPATHIC, HESITANT, POLITE, RUDE, SARCASTIC
from scoring.unrelated import UNRELATED

REGULARISATION = 8.0
"""Inverse regularisation strength of the regression (sklearn's C)."""


class ToneCheck:
    """Rude-probability of sentence embeddings, one model per language, fitted on first use."""

    def __init__(self, encoder: Encoder) -> None:
        self.encoder = encoder
        self._models: dict[str, LogisticRegression] = {}
        self._lock = threading.Lock()

    def rude_probability(self, vectors: Vectors, language: str) -> NDArray[np.float64]:
        """(n, d) unit vectors -> (n,) probability that each is rude, rounded."""
        if vectors.shape[0] == 0:
            return np.zeros(0)
        model = self._model(language)
        out: NDArray[np.float64] = np.round(model.predict_proba(vectors.astype(np.float64))[:, 1], DECIMALS)
        return out

    def warm(self, language: str) -> None:
        """Fit the language's model now (it is otherwise fitted when the first answer is checked)."""
        self._model(language)

    def _model(self, language: str) -> LogisticRegression:
        with self._lock:
            if language not in self._models:
                rude = [*RUDE[language], *SARCASTIC[language], *CONDESCENDING[language]]
                polite = [*POLITE[language], *HESITANT[language], *EMPATHIC[language], *UNRELATED[language]]
                vectors = self.encoder.encode([*rude, *polite]).astype(np.float64)
                labels = np.array([1] * len(rude) + [0] * len(polite))
                model = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=1000)
                self._models[language] = model.fit(vectors, labels)
            return self._models[language]
