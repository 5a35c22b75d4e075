"""Scoring the trainers' graded sample answers (for the agreement report) as one background job for the whole
service: about a model pass per sample, minutes of CPU the first time, so a request starts it and returns at once;
a second request, to any worker, joins the running job; progress is read from the scores stored so far."""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from api import jobs
from api.db import begin_read
from api.models.reports import SampleScoring
from api.scoring import ScoringService
from api.services.reports.samples import sample_counts, score_samples

JOB = "agreement-samples"
log = logging.getLogger("parry.jobs")


def progress(session: Session, *, engine: Engine) -> SampleScoring:
    """Whether the job runs now, and how many of the samples are scored. The lock is looked at first and the scores
    counted after, in a transaction begun after it: the job stores every score before it lets go of the lock, so a
    reply that says it has ended counts them all (counted first, the job could end in between: ended, 2 of 3)."""
    running = jobs.is_locked(engine, JOB)
    session.rollback()  # a read transaction keeps its snapshot on SQLite: count in one that begins now
    begin_read(session)
    samples, scored = sample_counts(session)
    return SampleScoring(running=running, samples=samples, scored=scored, missing=samples - scored)


def start(session: Session, *, engine: Engine, scoring: ScoringService, now: datetime) -> SampleScoring:
    """Start the job in the background unless it runs already (then join it) or nothing is missing."""
    samples, scored = sample_counts(session)
    session.commit()
    if scored == samples:
        return progress(session, engine=engine)
    held = jobs.try_lock(engine, JOB)
    if held is not None:
        worker = threading.Thread(
            target=_run, args=(held, engine, scoring, now), name="parry-sample-scoring", daemon=True
        )
        worker.start()
    return SampleScoring(
        running=True, started=held is not None, samples=samples, scored=scored, missing=samples - scored
    )


def _run(held: jobs.HeldLock, engine: Engine, scoring: ScoringService, now: datetime) -> None:
    try:
        with Session(engine, expire_on_commit=False) as session:
            count = score_samples(session, scoring=scoring, now=now)
        log.info("scored %d graded sample answers", count)
    except Exception:  # the next request starts it again; what was stored stays
        log.exception("scoring the graded sample answers failed")
    finally:
        held.release()
