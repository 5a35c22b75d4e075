"""Passwords (argon2) and session tokens (random; only a keyed hash is stored)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from pwdlib import PasswordHash

_hasher = PasswordHash.recommended()
_DUMMY_HASH = _hasher.hash("a password nobody has, for timing")


def hash_password(password: str) -> str:
    """An argon2 hash of the password."""
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """True when the password matches; with no hash, spends the same time and says no."""
    if password_hash is None:
        _hasher.verify(password, _DUMMY_HASH)
        return False
    return _hasher.verify(password, password_hash)


def new_token() -> str:
    """A fresh random token for a cookie or a CSRF header."""
    return secrets.token_urlsafe(32)


def token_id(token: str, secret: str) -> str:
    """The key a session is stored under: HMAC-SHA256 of its token with the secret key."""
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time string comparison."""
    return hmac.compare_digest(a.encode(), b.encode())
