"""Character n-gram TF-IDF similarity: the lexical signal blended into meaning, and the eval baseline."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import spmatrix
from sklearn.feature_extraction.text import TfidfVectorizer

from scoring.similarity import DECIMALS


def vectorizer() -> TfidfVectorizer:
    """Word-bounded character 2-4-grams, lower-cased, sublinear term frequency, L2-normalised."""
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True, sublinear_tf=True, dtype=np.float64)


class LexicalIndex:
    """TF-IDF fitted on one step's texts; compares answers with that step's references."""

    def __init__(
        self,
        corpus: Sequence[str],
        references: Sequence[str],
        unrelated: Sequence[str],
        paraphrases: Sequence[tuple[str, str]],
    ) -> None:
        """`high`: median cosine of the paraphrase pairs; `low`: mean cosine of references to unrelated text."""
        left, right = [a for a, _ in paraphrases], [b for _, b in paraphrases]
        self._vectorizer = vectorizer().fit([*corpus, *references, *unrelated, *left, *right])
        self._references = self._vectorizer.transform(list(references))
        unrelated_matrix = self._vectorizer.transform(list(unrelated))
        pairs = self._vectorizer.transform(left).multiply(self._vectorizer.transform(right)).sum(axis=1)
        self.high = float(np.median(np.asarray(pairs))) if paraphrases else 0.5
        self.low = float((self._references @ unrelated_matrix.T).toarray().mean())

    def vectors(self, texts: Sequence[str]) -> spmatrix:
        """Unit TF-IDF rows of `texts` in this step's vocabulary (sparse)."""
        out: spmatrix = self._vectorizer.transform(list(texts))
        return out

    def similarities(self, rows: spmatrix) -> NDArray[np.float64]:
        """Cosine of each row of `vectors(...)` with each reference. (n rows) -> (n, references)."""
        sims: NDArray[np.float64] = (rows @ self._references.T).toarray()
        return np.round(sims, DECIMALS)
