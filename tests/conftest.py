"""Fixtures shared by every test folder, and the models built once before pytest-xdist starts its workers."""

from __future__ import annotations

import os
from contextlib import suppress

import pytest

from scoring.encoder import BUILTIN, load_encoder
from scoring.scorer import Scorer


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, the controller builds the cached models (the built-in embedding model, the speech model)
    before any worker starts: two workers that each found the cache empty would each build it, and the second
    one's rename-into-place (`scoring.model_cache.build_into`) removes the folder the first is loading from.
    Serial runs and the workers themselves build on first use, as before."""
    if hasattr(config, "workerinput") or not _workers(config):
        return
    if (os.environ.get("PARRY_MODEL") or BUILTIN) == BUILTIN:
        from scoring.builtin_model import ensure_builtin_model

        ensure_builtin_model()
    from voice.model import SpeechModelUnavailableError, ensure_speech_model

    with suppress(SpeechModelUnavailableError):  # the tests that need it say why
        ensure_speech_model()


def _workers(config: pytest.Config) -> int:
    """How many xdist workers this run starts (0 when serial or xdist is off)."""
    value = config.getoption("numprocesses", default=None) if config.pluginmanager.hasplugin("xdist") else None
    return value if isinstance(value, int) else (2 if value else 0)


@pytest.fixture(scope="session")
def scorer() -> Scorer:
    """The real scorer with the configured model ($PARRY_MODEL, default built-in), loaded once per session."""
    return Scorer(load_encoder())
