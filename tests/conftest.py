"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest

from scoring.encoder import load_encoder
from scoring.scorer import Scorer


@pytest.fixture(scope="session")
def scorer() -> Scorer:
    """The real scorer with the configured model ($PARRY_MODEL, default built-in), loaded once per session."""
    return Scorer(load_encoder())
