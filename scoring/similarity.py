"""Pure similarity and calibration math over embedding arrays; no model, no I/O."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]
DECIMALS = 4
"""Similarities are rounded to this many decimals so that float noise never changes a score."""


def normalize(vectors: Vectors) -> Vectors:
    """Rows scaled to unit length; zero rows stay zero. (n, d) -> (n, d)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    out: Vectors = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0).astype(np.float32)
    return out


def cosine_matrix(a: Vectors, b: Vectors) -> NDArray[np.float64]:
    """Cosine similarity of every row of `a` (n, d) with every row of `b` (m, d) -> (n, m), rounded."""
    if a.shape[0] == 0 or b.shape[0] == 0:
        return np.zeros((a.shape[0], b.shape[0]), dtype=np.float64)
    left, right = normalize(a).astype(np.float64), normalize(b).astype(np.float64)
    out: NDArray[np.float64] = np.round(np.clip(left @ right.T, -1.0, 1.0), DECIMALS).astype(np.float64)
    return out


def span_means(tokens: Vectors, spans: Sequence[tuple[int, int]], fallback: Vectors) -> Vectors:
    """Unit mean of token rows [i, j) for each span; `fallback` (d,) where a span has no tokens."""
    rows = [tokens[i:j].mean(axis=0) if j > i else fallback for i, j in spans]
    return normalize(np.asarray(rows, dtype=np.float32).reshape(len(rows), tokens.shape[1]))


def word_recall(answer_words: Vectors, reference_words: Vectors) -> float:
    """How much of a reference the answer's words carry (BERTScore-style recall over contextual word vectors): the
    mean over the reference's words of the best cosine to a word of the answer. (a, d), (r, d) -> float."""
    if answer_words.shape[0] == 0 or reference_words.shape[0] == 0:
        return 0.0
    return float(round(cosine_matrix(reference_words, answer_words).max(axis=1).mean(), DECIMALS))


def blend(cosine: float, recall: float, recall_weight: float) -> float:
    """The similarity the score is built on: the sentence cosine blended with the word recall."""
    return float(round((1 - recall_weight) * cosine + recall_weight * recall, DECIMALS))


def linear(similarity: float, low: float, high: float, at_high: float = 100.0) -> float:
    """Map a similarity linearly: `low` (unrelated) -> 0, `high` (a paraphrase) -> `at_high`; not clipped."""
    if high <= low:
        return at_high if similarity >= high else 0.0
    return float((similarity - low) / (high - low) * at_high)


def weighted_grade(similarities: NDArray[np.float64], grades: NDArray[np.float64], temperature: float) -> float:
    """Grades of the nearest graded answers, softmax-weighted by similarity. (m,), (m,) -> grade."""
    logits = (similarities - similarities.max()) / temperature
    weights = np.exp(logits)
    return float(np.dot(weights, grades) / weights.sum())


def hubness(vectors: Vectors, unrelated: Vectors, neighbours: int) -> NDArray[np.float64]:
    """How alike each row is to everything: mean of its `neighbours` best cosines to off-topic rows. (n,)."""
    sims = cosine_matrix(vectors, unrelated)
    k = max(1, min(neighbours, sims.shape[1]))
    out: NDArray[np.float64] = np.sort(sims, axis=1)[:, -k:].mean(axis=1)
    return out


def hub_corrected(
    sims: NDArray[np.float64], hub_rows: NDArray[np.float64], hub_cols: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Cosines less the mean hubness of both sides (as in CSLS), so generic texts do not match everything."""
    out: NDArray[np.float64] = np.round(sims - 0.5 * hub_rows[:, None] - 0.5 * hub_cols[None, :], DECIMALS)
    return out


def soft_clip(value: float, margin: float = 10.0) -> float:
    """Monotone squeeze of any real number into (0, 100): identity on [margin, 100 - margin], smooth tails.

    Unlike a hard clip it keeps the order of answers beyond the ends (two poor answers do not tie at 0).
    """
    if value > 100 - margin:
        return float(100 - margin * np.exp(-(value - (100 - margin)) / margin))
    if value < margin:
        return float(margin * np.exp((value - margin) / margin))
    return float(value)
