"""The database engine: SQLite (WAL, one writer at a time) by default, PostgreSQL when the URL says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

import api.models  # noqa: F401  (registers every table)

READ_ONLY = "parry_read_only"  # an execution option of the connection: see begin_read


def is_sqlite(url: str) -> bool:
    """True for a SQLite URL."""
    return make_url(url).get_backend_name() == "sqlite"


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """An engine for `url`; a SQLite file's folder is created and the file put in WAL mode."""
    if is_sqlite(url):
        return _sqlite_engine(url, pool_size=pool_size)
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size)


def _sqlite_engine(url: str, *, pool_size: int) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    if not database or database == ":memory:":  # one in-memory database lives in one connection
        return create_engine(url, connect_args={"check_same_thread": False})
    # A file: as many connections as for PostgreSQL (a burst waits for the one writer in SQLite's busy handler,
    # up to 30 s, rather than for a connection); requests hold one only for a short transaction.
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=pool_size, max_overflow=pool_size
    )
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    event.listen(engine, "before_cursor_execute", _sqlite_refuse_writes_in_reads)
    return engine


def begin_read(session: Session) -> None:
    """Begin the session's next transaction as a read. On SQLite it takes no write lock (a deferred BEGIN: in WAL
    mode it neither waits for the writer nor holds it up), so it must not write, and a write in it is refused at
    once: a read transaction that wrote could fail under load ("database is locked") where a test would pass. End
    it (commit, rollback) before writing; the next transaction takes the lock again. On PostgreSQL, and when the
    session is already in a transaction, nothing changes."""
    if not session.in_transaction():
        session.connection(execution_options={READ_ONLY: True})


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (below), so that every transaction but a `begin_read` one takes the write
    # lock up front: a transaction that read first and wrote later could otherwise fail with "database is locked".
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # secure_delete: deleted rows (a deleted user's recordings) are overwritten with zeros, not left in free pages
    for pragma in (
        "journal_mode=WAL",
        "foreign_keys=ON",
        "synchronous=NORMAL",
        "busy_timeout=30000",
        "secure_delete=ON",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    read = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")


def _sqlite_refuse_writes_in_reads(connection: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
    words = statement.split(None, 1)
    if connection.get_execution_options().get(READ_ONLY, False) and words and words[0].upper() not in _READS:
        raise RuntimeError(f"a write in a read transaction (begin_read): {statement[:80]}")


_READS = frozenset({"SELECT", "WITH", "BEGIN", "PRAGMA"})
