"""The calibration levels a step's meaning score is anchored on, one per model and language: how alike the model
finds two wordings of one thought (the paraphrase level) and off-topic text to sales talk (the unrelated level),
measured on built-in sentences (`scoring.unrelated`) and kept for the scorer's lifetime."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scoring import text as tx
from scoring.encoder import AnswerEncoding, Encoder
from scoring.similarity import Vectors, blend, cosine_matrix, word_recall
from scoring.types import ScoringConfig
from scoring.unrelated import PARAPHRASES, UNRELATED


class Levels:
    """The paraphrase and unrelated levels and the off-topic sentences' vectors, computed once per language."""

    def __init__(self, encoder: Encoder, config: ScoringConfig) -> None:
        self.encoder = encoder
        self.config = config
        self._unrelated: dict[str, Vectors] = {}
        self._unrelated_words: dict[str, list[AnswerEncoding]] = {}
        self._paraphrase: dict[str, float] = {}
        self._unrelated_level: dict[str, float] = {}

    def unrelated_vectors(self, language: str) -> Vectors:
        """The built-in off-topic sentences' embeddings."""
        if language not in self._unrelated:
            self._unrelated[language] = self.encoder.encode(UNRELATED[language])
        return self._unrelated[language]

    def similarity(self, answer: AnswerEncoding, reference: AnswerEncoding) -> float:
        """The similarity scores are built on: sentence cosine blended with word recall (`word_recall_weight`).
        Both encodings carry word vectors in `spans`."""
        cosine = float(cosine_matrix(answer.embedding[None, :], reference.embedding[None, :])[0, 0])
        return blend(cosine, word_recall(answer.spans, reference.spans), self.config.word_recall_weight)

    def paraphrase(self, language: str) -> float:
        """How alike this model finds two wordings of one thought: median similarity of the built-in pairs."""
        if self.config.paraphrase_level is not None:
            return self.config.paraphrase_level
        if language not in self._paraphrase:
            pairs = PARAPHRASES[language]
            left = self._word_encodings([a for a, _ in pairs])
            right = self._word_encodings([b for _, b in pairs])
            sims = [self.similarity(b, a) for a, b in zip(left, right, strict=True)]
            self._paraphrase[language] = float(np.median(sims))
        return self._paraphrase[language]

    def unrelated(self, language: str) -> float:
        """How alike this model finds off-topic text to sales talk: the mean, over the first sentences of the
        built-in paraphrase pairs, of the best similarity of an off-topic sentence. One level per language and
        model, like the paraphrase level: a level per step reordered answers across steps (docs/scoring.md)."""
        if self.config.unrelated_level is not None:
            return self.config.unrelated_level
        if language not in self._unrelated_level:
            if language not in self._unrelated_words:
                self._unrelated_words[language] = self._word_encodings(UNRELATED[language])
            unrelated = self._unrelated_words[language]
            talk = self._word_encodings([a for a, _ in PARAPHRASES[language]])
            self._unrelated_level[language] = float(
                np.mean([max(self.similarity(u, r) for u in unrelated) for r in talk])
            )
        return self._unrelated_level[language]

    def _word_encodings(self, texts: Sequence[str]) -> list[AnswerEncoding]:
        """Sentence embeddings with one contextual vector per word, from one forward pass."""
        cleaned = [tx.clean(t) for t in texts]
        return self.encoder.encode_answers(cleaned, [word_spans(c) for c in cleaned])


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of the text."""
    return [(w.start, w.end) for w in tx.words(text)]
