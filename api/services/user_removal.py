"""Deleting a user (admins): the account is disabled for good, its sessions end, and every recording of its spoken
answers is removed; the answers, tests, certificates and whatever the user wrote or decided for others stay (see
docs/operations.md, «Deleting a user»). On SQLite the freed pages are zeroed (secure_delete, api/db.py) and the
write-ahead log is checkpointed, so that the recordings' bytes leave the disk at once."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Engine, func
from sqlmodel import Session, col, delete, select

from api.errors import ConflictError
from api.models import AuthSession, Role, User
from api.models.base import id_of
from api.services import voice

log = logging.getLogger("parry.users")


def delete_user(session: Session, *, user: User, admin: User | None, now: datetime) -> int:
    """Disable `user`, end their sessions and remove their recordings; returns how many recordings went. Deleting
    oneself, or the last active admin, is refused (ConflictError) and changes nothing. `admin`: who asked (None:
    the `parry users delete` command)."""
    if admin is not None and user.id == admin.id:
        raise ConflictError("delete_self")
    if user.role == Role.admin and user.is_active:
        admins = select(func.count()).select_from(User).where(col(User.role) == Role.admin, col(User.is_active))
        if int(session.exec(admins).one()) <= 1:
            raise ConflictError("last_admin")
    user.is_active = False
    session.add(user)
    session.exec(delete(AuthSession).where(col(AuthSession.user_id) == user.id))
    session.commit()
    removed = voice.forget_recordings_of(session, user_id=id_of(user), now=now)
    bind = session.get_bind()
    if removed and isinstance(bind, Engine) and bind.dialect.name == "sqlite":
        _checkpoint(bind)
    by = f"admin {admin.id}" if admin is not None else "the command line"
    log.info("user %s deleted by %s: %d recordings removed", user.id, by, removed)
    return removed


def _checkpoint(engine: Engine) -> None:
    """Copy the write-ahead log into the database file and empty it: the log still holds the pages as they were
    when the recordings were written. Best effort: a reader holding an old snapshot makes it partial, and the next
    automatic checkpoint finishes the work."""
    raw = engine.raw_connection()  # no transaction: a checkpoint cannot run inside one
    try:
        cursor = raw.cursor()
        busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        cursor.close()
    finally:
        raw.close()
    if busy and busy[0]:
        log.warning(
            "the write-ahead log could not be emptied now (a reader is busy): it will be at the next checkpoint"
        )
