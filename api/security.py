"""Passwords (argon2) and session tokens (random; only a keyed hash is stored)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
from ipaddress import IPv4Network, IPv6Network, ip_address

from pwdlib import PasswordHash

_hasher = PasswordHash.recommended()
_DUMMY_HASH = _hasher.hash("a password nobody has, for timing")
# A check takes 64 MiB and the CPU for a moment: logins arriving together take turns, a few per core, rather than
# fifty at once (3 GiB; no faster overall).
_checks = threading.BoundedSemaphore(max(2, os.cpu_count() or 1))


def hash_password(password: str) -> str:
    """An argon2 hash of the password."""
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """True when the password matches; with no hash, spends the same time and says no."""
    with _checks:
        if password_hash is None:
            _hasher.verify(password, _DUMMY_HASH)
            return False
        return _hasher.verify(password, password_hash)


def device_token(email: str, secret: str) -> str:
    """The value of the cookie a browser gets when it logs in as `email`: proof that it did, which spares it the
    per-e-mail login limit (a stranger guessing from many addresses cannot lock the owner's browser out)."""
    return hmac.new(secret.encode(), f"device:{email}".encode(), hashlib.sha256).hexdigest()


def client_address(peer: str | None, forwarded: str | None, proxies: list[IPv4Network | IPv6Network]) -> str:
    """The address a request came from: the peer, unless it is a trusted proxy; then the right-most address of
    X-Forwarded-For that is not a trusted proxy (what a client writes further left cannot be believed)."""
    address = peer or "unknown"
    if not forwarded or not _trusted(address, proxies):
        return address
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        address = hop[:64]
        if not _trusted(address, proxies):
            break
    return address


def _trusted(address: str, proxies: list[IPv4Network | IPv6Network]) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def new_token() -> str:
    """A fresh random token for a cookie or a CSRF header."""
    return secrets.token_urlsafe(32)


def token_id(token: str, secret: str) -> str:
    """The key a session is stored under: HMAC-SHA256 of its token with the secret key."""
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time string comparison."""
    return hmac.compare_digest(a.encode(), b.encode())
