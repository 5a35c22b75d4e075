"""Fitted checks kept on disk: the tone and move regressions, fitted once per model and training set.

Fitting is cheap (under a second); encoding the training sentences for it is not (about 20-40 s per language on
one core), and every process that scores pays it again: each server worker, each `parry score`. So the fitted
weights are saved under `$PARRY_MODEL_CACHE/../checks` (by default `~/.cache/parry/checks`), named by a key that
changes whenever anything the fit depends on changes: the model (by its name and its embeddings of fixed probe
sentences, so a model folder rebuilt with other weights misses), the training sentences and labels, the
regression's settings and scikit-learn's version. A missing, unreadable or mismatched file is fitted again and
rewritten; a cache folder that cannot be written only costs the fit. The weights are stored as plain arrays
(`.npz`, no pickle), and a loaded regression gives exactly the probabilities the fitted one gave.

Parry ships the built-in model's fits in `scoring/data/checks` (`SHIPPED_DIR`), read when the cache has none under
the same key, so a fresh install scores at once (the move check's fit encodes about 10,000 sentences per language,
over two minutes on one core). A test fails when they no longer match the training sentences; rebuild them with

    python -m scoring.shipped
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

from scoring.encoder import Encoder
from scoring.model_cache import default_cache_dir

PROBES = (
    "The customer says the price is too high.",
    "Клиент говорит, что уже работает с другим поставщиком.",
    "Send me an email and I will look at it later.",
)
"""Sentences whose embeddings identify the model in a cache key."""
_ARRAYS = ("coef_", "intercept_", "classes_")
SHIPPED_DIR = Path(__file__).parent / "data" / "checks"
"""The built-in model's fitted checks, shipped with Parry."""


def default_checks_dir() -> Path:
    """Beside the built models: `$PARRY_MODEL_CACHE/../checks`, by default `~/.cache/parry/checks`."""
    return default_cache_dir().parent / "checks"


def fitted(
    encoder: Encoder,
    name: str,
    texts: Sequence[str],
    labels: Sequence[int],
    make: Callable[[], LogisticRegression],
    fit: Callable[[LogisticRegression], LogisticRegression],
    folder: Path | None,
) -> LogisticRegression:
    """The regression `make()` fitted by `fit` (which encodes `texts` and fits on them), read from `folder` when a
    fit of the same model, texts, labels and settings was saved there, else fitted and saved. `folder` None: no
    cache, always fitted."""
    model = make()
    if folder is None:
        return fit(model)
    path = folder / f"{name}-{_key(encoder, texts, labels, model)}.npz"
    for place in (path, SHIPPED_DIR / path.name):
        loaded = _load(place, model)
        if loaded is not None:
            return loaded
    model = fit(model)
    _save(path, model)
    return model


def _key(encoder: Encoder, texts: Sequence[str], labels: Sequence[int], model: LogisticRegression) -> str:
    digest = hashlib.sha256()
    digest.update(encoder.name.encode())
    # two decimals: machines whose arithmetic differs in the last bits still find the same fit
    digest.update(np.round(encoder.encode(PROBES), 2).astype(np.float32).tobytes())
    settings = {k: repr(v) for k, v in sorted(model.get_params().items())}
    header = {"texts": list(texts), "labels": [int(x) for x in labels], "settings": settings}
    header["sklearn"] = sklearn.__version__
    digest.update(json.dumps(header, ensure_ascii=False, sort_keys=True).encode())
    return digest.hexdigest()[:24]


def _load(path: Path, model: LogisticRegression) -> LogisticRegression | None:
    """`model` (unfitted) given the saved weights, or None when there are none to read."""
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in _ARRAYS}
    except (OSError, ValueError, KeyError):  # missing, truncated or not ours: fit again
        return None
    for name, value in arrays.items():
        setattr(model, name, value)
    model.n_features_in_ = arrays["coef_"].shape[1]
    return model


def _save(path: Path, model: LogisticRegression) -> None:
    """Written beside and renamed into place, so a reader never sees half a file; a folder that cannot be written
    is left alone."""
    staging = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(prefix=".fitting-", suffix=".npz", dir=path.parent)
        with os.fdopen(handle, "wb") as f:
            np.savez(f, **{name: getattr(model, name) for name in _ARRAYS})
        os.chmod(staging, 0o644)  # like the built models: readable by the service user
        os.replace(staging, path)
    except OSError:
        if staging is not None:
            Path(staging).unlink(missing_ok=True)
