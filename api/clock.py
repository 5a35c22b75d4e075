"""The time, as a dependency: tests and simulations override `get_now` to control it."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def get_now() -> datetime:
    """Dependency: the time of this request (override in `app.dependency_overrides` to move time)."""
    return utcnow()
