"""Fitted checks kept on disk (scoring/fitted.py): fitted once per model and training set, read back exactly."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from scoring.encoder import AnswerEncoding, Encoder
from scoring.fitted import SHIPPED_DIR, fitted
from scoring.moves import MOVES, MoveCheck
from scoring.scorer import Scorer
from scoring.similarity import Vectors
from scoring.tone import ToneCheck
from scoring.types import LANGUAGES, ScoringConfig

TEXTS = ["I'll send the figures on Friday", "No call, no pilot, nothing", "Asks about the budget", "Sure, why not"]
LABELS = [0, 1, 2, 0]


class _Hashing:
    """A tiny deterministic encoder (words hashed into 16 dimensions), counting what it encodes."""

    dimension = 16

    def __init__(self, name: str = "hashing") -> None:
        self.name = name
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str]) -> Vectors:
        self.encoded += texts
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, hashlib.sha256(word.encode()).digest()[0] % self.dimension] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def encode_answers(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> list[AnswerEncoding]:
        raise AssertionError("not used here")

    def pieces(self, text: str) -> list[str]:
        return text.split()


def _make() -> LogisticRegression:
    return LogisticRegression(C=4.0, max_iter=500)


def _get(
    encoder: _Hashing, folder: Path | None, texts: list[str] = TEXTS, labels: list[int] = LABELS
) -> tuple[LogisticRegression, int]:
    fits = []

    def fit(model: LogisticRegression) -> LogisticRegression:
        fits.append(1)
        return model.fit(encoder.encode(texts).astype(np.float64), np.array(labels))

    return fitted(encoder, "test", texts, labels, _make, fit, folder), len(fits)


def test_a_fit_is_saved_once_and_read_back_giving_exactly_the_same_probabilities(tmp_path: Path) -> None:
    encoder = _Hashing()
    first, fits = _get(encoder, tmp_path)
    assert fits == 1
    assert len(list(tmp_path.glob("test-*.npz"))) == 1
    encoder.encoded.clear()
    again, fits = _get(encoder, tmp_path)
    assert fits == 0
    assert not set(TEXTS) & set(encoder.encoded), "the training sentences were encoded again"
    probe = encoder.encode(["nothing about the budget", "send the figures"]).astype(np.float64)
    assert np.array_equal(first.predict_proba(probe), again.predict_proba(probe))
    assert np.array_equal(first.predict(probe), again.predict(probe))


def test_other_sentences_labels_settings_or_model_are_fitted_anew(tmp_path: Path) -> None:
    _get(_Hashing(), tmp_path)
    assert _get(_Hashing(), tmp_path, [*TEXTS[:-1], "Sure, no problem"])[1] == 1
    assert _get(_Hashing(), tmp_path, TEXTS, [0, 1, 2, 2])[1] == 1
    assert _get(_Hashing("another model"), tmp_path)[1] == 1
    assert len(list(tmp_path.glob("test-*.npz"))) == 4


def test_a_damaged_file_is_fitted_again_and_replaced(tmp_path: Path) -> None:
    _get(_Hashing(), tmp_path)
    (path,) = tmp_path.glob("test-*.npz")
    path.write_bytes(b"not an npz")
    assert _get(_Hashing(), tmp_path)[1] == 1
    assert _get(_Hashing(), tmp_path)[1] == 0


def test_a_folder_that_cannot_be_written_only_costs_the_fit(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    model, fits = _get(_Hashing(), blocked / "checks")
    assert fits == 1
    assert model.predict(_Hashing().encode(["send the figures"]).astype(np.float64)).shape == (1,)
    assert _get(_Hashing(), None)[1] == 1  # no folder: always fitted


@pytest.mark.model
def test_the_real_tone_check_read_back_gives_the_fitted_probabilities(
    scorer: Scorer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("scoring.fitted.SHIPPED_DIR", tmp_path / "nothing shipped")  # fit here, then read back
    vectors = scorer.encoder.encode(["I won't be sending anything.", "Asks about the budget.", "Calm down, seriously."])
    fresh = ToneCheck(scorer.encoder, tmp_path)
    fresh.warm("en")
    assert len(list(tmp_path.glob("*.npz"))) == 1
    loaded = ToneCheck(_NoTraining(scorer.encoder), tmp_path)
    assert np.array_equal(fresh.rude_probability(vectors, "en"), loaded.rude_probability(vectors, "en"))


@pytest.mark.model
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_built_in_models_checks_are_shipped_for_the_current_training_sentences(
    scorer: Scorer, tmp_path: Path, language: str
) -> None:
    """A fresh install (an empty cache) reads the shipped fits and encodes no training sentence; when this fails,
    the training sentences changed: rebuild with `python -m scoring.shipped`."""
    encoder = _NoTraining(scorer.encoder)
    probabilities = MoveCheck(encoder, tmp_path).probabilities(
        ScoringConfig(), scorer.encoder.encode(["Hi."]), language
    )
    assert probabilities.shape == (1, len(MOVES))
    assert ToneCheck(encoder, tmp_path).rude_probability(scorer.encoder.encode(["Hi."]), language).shape == (1,)
    assert not list(tmp_path.glob("*.npz")), "nothing was fitted, so nothing is cached"
    assert len(list(SHIPPED_DIR.glob("*.npz"))) == 2 * len(LANGUAGES), "a stale shipped fit is left"


class _NoTraining:
    """The real encoder, failing if the move check encodes its training answers (it must read the saved fit)."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension

    def encode(self, texts: Sequence[str]) -> Vectors:
        assert len(texts) < 10, "the training sentences were encoded"
        return self.inner.encode(texts)

    def encode_answers(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> list[AnswerEncoding]:
        raise AssertionError("the training answers were encoded")

    def pieces(self, text: str) -> list[str]:
        return text.split()
