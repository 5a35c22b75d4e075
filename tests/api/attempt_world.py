"""What the route table (api_world.py) needs to call the routes of requests for more test attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api_builders import session_of
from fastapi import FastAPI
from sqlmodel import col, select
from training_builders import record_test

from api.models import AttemptRequest, Exam, Track, User
from api.services import exams as exam_service
from api.services import tracks as track_service


def out_of_attempts(app: FastAPI, user: User, track: Track, *, now: datetime) -> tuple[str, dict[str, Any]]:
    """The path and body of `user`'s request for more attempts, once they have failed every attempt the track
    allows (a test of theirs still running is finished first)."""
    with session_of(app) as session:
        row = session.get(Track, track.id)
        assert row is not None
        version = track_service.latest_version(session, track=row)
        assert version is not None
        for test in session.exec(select(Exam).where(col(Exam.user_id) == user.id, col(Exam.finished_at).is_(None))):
            exam_service.finish(session, exam=test, now=now, grace_seconds=0)
        taken = len(session.exec(select(Exam.id).where(col(Exam.user_id) == user.id)).all())
    for _ in range(version.attempts_allowed - taken):
        record_test(app, rep=user, track=track, scores={}, at=now)
    return "/api/v1/tests/attempt-requests", {"json": {"track_id": track.id, "message": "One more, please."}}


def pending_request(app: FastAPI, rep: User, track: Track, *, now: datetime) -> int:
    """A pending request of `rep` for more attempts on the track (made if there is none)."""
    with session_of(app) as session:
        query = select(AttemptRequest.id).where(
            col(AttemptRequest.user_id) == rep.id, col(AttemptRequest.status) == "pending"
        )
        pending = session.exec(query).first()
        if pending is not None:
            return pending
        request = AttemptRequest(
            user_id=rep.id or 0, track_id=track.id or 0, attempts_used=2, attempts_allowed=2, created_at=now
        )
        session.add(request)
        session.commit()
        assert request.id is not None
        return request.id
