"""The sentence-transformers encoder used from several threads at once (the scoring thread, the start-up warm-up,
a publish warming a scenario): its tokenizer is one shared object whose settings every call changes."""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar, cast

import torch

from scoring.encoder import SentenceTransformerEncoder

DIMENSION = 4


class SharedSettingsTokenizer:
    """Behaves like a Hugging Face fast tokenizer in the way that matters here: padding is a setting of the shared
    object that each call sets first and reads when it encodes, so a call from another thread in between wins."""

    def __init__(self) -> None:
        self.padding = False

    def __call__(
        self, texts: Sequence[str], *, padding: bool = False, return_tensors: str | None = None, **_: Any
    ) -> dict[str, Any]:
        self.padding = padding
        time.sleep(0.002)  # the encoding itself: other threads run meanwhile
        ids = [[1] * len(text.split()) for text in texts]
        if self.padding:
            longest = max(len(row) for row in ids)
            ids = [row + [0] * (longest - len(row)) for row in ids]
        offsets = [[(0, 0)] * len(row) for row in ids]
        if return_tensors != "pt":
            return {"input_ids": ids}
        return {"input_ids": torch.tensor(ids), "offset_mapping": torch.tensor(offsets)}  # ragged rows fail here

    def tokenize(self, text: str) -> list[str]:
        self.padding = False
        time.sleep(0.002)
        return text.split()


class TinyModel:
    """The parts of a SentenceTransformer the encoder uses, with the tokenizer above."""

    prompts: ClassVar[dict[str, str]] = {}
    default_prompt_name = None
    max_seq_length = 512

    def __init__(self) -> None:
        self.tokenizer = SharedSettingsTokenizer()

    def forward(self, features: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        rows, tokens = features["input_ids"].shape
        return {
            "token_embeddings": torch.ones(rows, tokens, DIMENSION),
            "sentence_embedding": torch.ones(rows, DIMENSION),
        }

    def get_embedding_dimension(self) -> int:
        return DIMENSION


def test_answers_and_tokenizer_pieces_from_two_threads_at_once_do_not_mix_tokenizer_settings() -> None:
    encoder = SentenceTransformerEncoder(cast(Any, TinyModel()), name="tiny")
    answers = ["an answer of eight words, one batch with", "the other answer of ten words, padded to one length"]

    def encode() -> None:
        for _ in range(30):
            encoded = encoder.encode_answers(answers, [[], []])
            assert [e.embedding.shape for e in encoded] == [(DIMENSION,), (DIMENSION,)]

    def split() -> None:
        for _ in range(60):
            assert encoder.pieces("two words") == ["two", "words"]

    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = [pool.submit(encode), pool.submit(split), pool.submit(split)]
        for future in futures:
            future.result()  # before the fix: ValueError "expected sequence of length ..." from an unpadded batch
