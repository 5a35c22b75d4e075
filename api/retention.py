"""Recordings are kept PARRY_AUDIO_RETENTION_DAYS days (0: for good): older ones are deleted at start-up and then
once a day, by one worker at a time (a job lock), or by `parry forget-recordings`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from api import jobs
from api.services import voice

log = logging.getLogger("parry.retention")
JOB = "audio-retention"
DAY_S = 24 * 3600.0


def forget_once(engine: Engine, *, days: int, now: datetime) -> int | None:
    """Delete the recordings older than `days`; None when another worker is doing it now."""
    held = jobs.try_lock(engine, JOB)
    if held is None:
        return None
    try:
        with Session(engine) as session:
            return voice.forget_old_recordings(session, now=now, days=days)
    finally:
        held.release()


def start_daily(engine: Engine, *, days: int, clock: Callable[[], datetime], every_s: float = DAY_S) -> threading.Event:
    """Run `forget_once` now and every `every_s` seconds in a daemon thread until the returned event is set."""
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            try:
                deleted = forget_once(engine, days=days, now=clock())
                if deleted:
                    log.info("deleted %d recordings older than %d days", deleted, days)
            except Exception:  # the next round tries again; nothing is half-deleted (one transaction a chunk)
                log.exception("deleting old recordings failed")
            stop.wait(every_s)

    threading.Thread(target=run, name="parry-audio-retention", daemon=True).start()
    return stop
