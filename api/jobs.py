"""Locks for background jobs that must run once at a time in the whole service (every worker of every process on
one database). The lock belongs to the database, or beside it, and is freed by itself when the process holding it
dies: a PostgreSQL session advisory lock on a connection of its own, or, for a SQLite file, an exclusive `flock`
on a lock file next to the database (SQLite serves one machine)."""

from __future__ import annotations

import fcntl
import hashlib
import threading
from pathlib import Path
from typing import IO, ClassVar, Protocol

from sqlalchemy import Connection, Engine, text

from api.db import is_sqlite


class HeldLock(Protocol):
    """A job lock this process holds until `release`."""

    def release(self) -> None:
        """Free the lock (once)."""
        ...


def try_lock(engine: Engine, name: str) -> HeldLock | None:
    """The lock of the job `name`, or None when someone (this process or another) holds it."""
    if not is_sqlite(str(engine.url)):
        return _PostgresLock.take(engine, name)
    path = _lock_path(engine, name)
    return _FileLock.take(path) if path is not None else _LocalLock.take(name)


def is_locked(engine: Engine, name: str) -> bool:
    """True while someone holds the lock of the job `name`."""
    if not is_sqlite(str(engine.url)):
        with engine.connect() as connection:
            return _PostgresLock.held(connection, name)
    path = _lock_path(engine, name)
    if path is None:
        return _LocalLock.named(name).locked()
    with path.open("a") as probe:  # flock locks of one file exclude each other even within one process
        try:
            fcntl.flock(probe, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(probe, fcntl.LOCK_UN)
        return False


def _lock_path(engine: Engine, name: str) -> Path | None:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(f"{database}.{name}.lock")


class _PostgresLock:
    """A session advisory lock, on a connection kept for the job in autocommit (no transaction stays open)."""

    def __init__(self, connection: Connection, keys: tuple[int, int]) -> None:
        self.connection = connection
        self.keys = keys

    @staticmethod
    def key_pair(connection: Connection, name: str) -> tuple[int, int]:
        """Two 31-bit keys from the schema and the job's name (schemas of one database do not share jobs)."""
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        digest = hashlib.blake2b(f"parry-job:{schema}:{name}".encode(), digest_size=8).digest()
        return int.from_bytes(digest[:4]) & 0x7FFFFFFF, int.from_bytes(digest[4:]) & 0x7FFFFFFF

    @classmethod
    def take(cls, engine: Engine, name: str) -> _PostgresLock | None:
        connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            keys = cls.key_pair(connection, name)
            taken = connection.execute(text("SELECT pg_try_advisory_lock(:a, :b)"), {"a": keys[0], "b": keys[1]})
            if taken.scalar_one():
                return cls(connection, keys)
        except BaseException:
            connection.close()
            raise
        connection.close()
        return None

    @classmethod
    def held(cls, connection: Connection, name: str) -> bool:
        a, b = cls.key_pair(connection, name)
        query = text(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND classid = CAST(:a AS oid) AND objid = CAST(:b AS oid) AND objsubid = 2)"
        )
        return bool(connection.execute(query, {"a": a, "b": b}).scalar_one())

    def release(self) -> None:
        try:
            self.connection.execute(text("SELECT pg_advisory_unlock(:a, :b)"), {"a": self.keys[0], "b": self.keys[1]})
        except Exception:
            self.connection.invalidate()  # never hand a connection that may still hold the lock back to the pool
        finally:
            self.connection.close()


class _FileLock:
    """An exclusive flock on a file beside the SQLite database."""

    def __init__(self, file: IO[str]) -> None:
        self.file = file

    @classmethod
    def take(cls, path: Path) -> _FileLock | None:
        file = path.open("a")
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.close()
            return None
        return cls(file)

    def release(self) -> None:
        if not self.file.closed:
            fcntl.flock(self.file, fcntl.LOCK_UN)
            self.file.close()


class _LocalLock:
    """For an in-memory SQLite database, which only this process sees."""

    locks: ClassVar[dict[str, threading.Lock]] = {}
    guard = threading.Lock()

    def __init__(self, lock: threading.Lock) -> None:
        self.lock: threading.Lock | None = lock

    @classmethod
    def named(cls, name: str) -> threading.Lock:
        with cls.guard:
            return cls.locks.setdefault(name, threading.Lock())

    @classmethod
    def take(cls, name: str) -> _LocalLock | None:
        lock = cls.named(name)
        return cls(lock) if lock.acquire(blocking=False) else None

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None
