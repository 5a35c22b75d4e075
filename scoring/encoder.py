"""Encoders: text -> unit vectors. The interface, the sentence-transformers implementation, a text cache."""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from scoring.similarity import Vectors, normalize, span_means

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

BUILTIN = "builtin"
"""The model setting that names the built-in multilingual-e5-small (see scoring.builtin_model)."""


@dataclass(frozen=True)
class AnswerEncoding:
    """An answer's embedding and, from the same forward pass, one embedding per requested span."""

    embedding: Vectors  # (d,)
    spans: Vectors  # (k, d)


class Encoder(Protocol):
    """Turns texts into unit vectors; `name` identifies the model (cache keys, reports)."""

    name: str

    @property
    def dimension(self) -> int:
        """Embedding size."""
        ...

    def encode(self, texts: Sequence[str]) -> Vectors:
        """(n texts) -> (n, d) unit vectors."""
        ...

    def encode_answers(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> list[AnswerEncoding]:
        """Encode answers in one batch, with an embedding per character span of each answer."""
        ...

    def pieces(self, text: str) -> list[str]:
        """The model's tokenizer pieces of a text (no special tokens)."""
        ...


class SentenceTransformerEncoder:
    """Any sentence-transformers model, run on the CPU; the model's default prompt is applied."""

    def __init__(self, model: SentenceTransformer, name: str, batch_size: int = 32) -> None:
        self.model = model
        self.name = name
        self.batch_size = batch_size
        self.prompt: str = (model.prompts or {}).get(model.default_prompt_name or "", "") or ""
        # One lock for the model and its tokenizer: a fast tokenizer is one shared object whose padding and
        # truncation each call sets before encoding, so two threads calling it at once can get each other's
        # settings (an unpadded batch fails with "expected sequence of length ...").
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> Vectors:
        """(n texts) -> (n, d) unit vectors, in batches."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            vectors = self.model.encode(
                list(texts), batch_size=self.batch_size, convert_to_numpy=True, show_progress_bar=False
            )
        return normalize(np.asarray(vectors, dtype=np.float32))

    @property
    def dimension(self) -> int:
        """Embedding size."""
        return int(self.model.get_embedding_dimension() or 0)

    def pieces(self, text: str) -> list[str]:
        """The tokenizer's pieces of a text."""
        with self._lock:  # the tokenizer is shared: see __init__
            return list(self.model.tokenizer.tokenize(text))

    def encode_answers(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> list[AnswerEncoding]:
        """One forward pass per group of similar length: sentence embedding plus mean-pooled span embeddings.

        Answers are sorted by token count and cut into groups whose padding stays small (see `length_groups`):
        on a CPU the model is compute-bound from a few dozen tokens on, so padding costs as much as real text.
        """
        if not texts:
            return []
        with self._lock:
            lengths = [len(ids) for ids in self.model.tokenizer([self.prompt + t for t in texts])["input_ids"]]
        results: dict[int, AnswerEncoding] = {}
        for group in length_groups(lengths, self.batch_size):
            encoded = self._encode_chunk([texts[i] for i in group], [spans[i] for i in group])
            results.update(zip(group, encoded, strict=True))
        return [results[i] for i in range(len(texts))]

    def _encode_chunk(self, texts: list[str], spans: list[Sequence[tuple[int, int]]]) -> list[AnswerEncoding]:
        import torch

        prompted = [self.prompt + text for text in texts]
        with self._lock:
            features = self.model.tokenizer(
                prompted,
                padding=True,
                truncation=True,
                max_length=self.model.max_seq_length,
                return_tensors="pt",
                return_offsets_mapping=True,
            )
            offsets = features.pop("offset_mapping").numpy()
            with torch.inference_mode():
                output = self.model.forward(dict(features))
        tokens = output["token_embeddings"].float().numpy()
        sentence = normalize(output["sentence_embedding"].float().numpy())
        shift = len(self.prompt)
        encodings = []
        for row, text_spans in enumerate(spans):
            token_spans = [_token_range(offsets[row], s + shift, e + shift) for s, e in text_spans]
            pooled = span_means(tokens[row], token_spans, fallback=sentence[row])
            encodings.append(AnswerEncoding(embedding=sentence[row], spans=pooled))
        return encodings


def length_groups(lengths: Sequence[int], max_size: int, slack: float = 1.25) -> list[list[int]]:
    """Indices sorted by length, cut into groups of at most `max_size` whose padded size
    (longest × count) stays within `slack` × their real token count."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    groups: list[list[int]] = []
    current: list[int] = []
    total = 0
    for i in order:
        size = lengths[i]
        if current and (len(current) >= max_size or size * (len(current) + 1) > slack * (total + size)):
            groups.append(current)
            current, total = [], 0
        current.append(i)
        total += size
    if current:
        groups.append(current)
    return groups


def _token_range(offsets: np.ndarray, start: int, end: int) -> tuple[int, int]:
    """Token rows whose characters lie in [start, end) (special tokens have empty offsets)."""
    inside = np.nonzero((offsets[:, 1] > offsets[:, 0]) & (offsets[:, 0] < end) & (offsets[:, 1] > start))[0]
    if inside.size == 0:
        return (0, 0)
    return (int(inside[0]), int(inside[-1]) + 1)


class CachedEncoder:
    """Wraps an encoder with a bounded cache of text embeddings (references, key points, red flags)."""

    def __init__(self, inner: Encoder, max_items: int = 100_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.max_items = max_items
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def dimension(self) -> int:
        """Embedding size."""
        return self.inner.dimension

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Like the inner encoder, computing only texts not seen before."""
        if not texts:
            return self.inner.encode([])
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            fresh = self.inner.encode(missing)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    self._cache[text] = vector
                while len(self._cache) > self.max_items:
                    self._cache.popitem(last=False)
        with self._lock:
            rows = [self._cache[t] if t in self._cache else self.inner.encode([t])[0] for t in texts]
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)

    def encode_answers(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> list[AnswerEncoding]:
        """Answers are never cached: each is new."""
        return self.inner.encode_answers(texts, spans)

    def pieces(self, text: str) -> list[str]:
        """The inner encoder's tokenizer pieces."""
        return self.inner.pieces(text)


def resolve_model(setting: str, cache_dir: Path | None = None) -> str:
    """The sentence-transformers name or folder for a model setting (`builtin` builds the default)."""
    if setting == BUILTIN:
        from scoring.builtin_model import ensure_builtin_model

        return str(ensure_builtin_model(cache_dir))
    return setting


def load_encoder(setting: str | None = None, cache_dir: Path | None = None) -> CachedEncoder:
    """Load the model named by `setting` (default: $PARRY_MODEL or the built-in one), cached;
    $PARRY_TORCH_THREADS, when set, is the number of CPU threads torch uses."""
    setting = setting or os.environ.get("PARRY_MODEL") or BUILTIN
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub at run time
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch
    from sentence_transformers import SentenceTransformer

    threads = os.environ.get("PARRY_TORCH_THREADS", "").strip()
    if threads.isdigit() and int(threads) > 0:
        torch.set_num_threads(int(threads))  # several workers on one machine: share the cores, do not fight
    from transformers.utils import logging as hf_logging

    logging.getLogger("sentence_transformers").setLevel(logging.WARNING)
    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    try:
        model = SentenceTransformer(resolve_model(setting, cache_dir), device="cpu")
    except OSError as error:
        raise RuntimeError(
            f"cannot load the model {setting!r}: {error}. PARRY_MODEL takes `builtin`, a local "
            "sentence-transformers folder, or a model name already in the local Hugging Face cache."
        ) from error
    model.eval()
    return CachedEncoder(SentenceTransformerEncoder(model, name=setting))
