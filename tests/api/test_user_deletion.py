"""Deleting a user (admins only): the account is disabled, its sessions end, every recording of its spoken answers
is removed, on SQLite from the database file too, and the answers, with their transcripts and scores, stay for the
reports. Refusals change nothing. Who may call it is in tests/api/api_world.py's route table."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from api_builders import Clock, client_for, make_answer, make_team, make_user, publish_scenario, session_of
from fastapi import FastAPI
from sqlmodel import col, select
from typer.testing import CliRunner

from api.cli import app as cli
from api.models import Answer, AuthSession, Role, User
from api.models.training import AnswerAudio
from api.settings import Settings, get_settings


def _recording(app: FastAPI, answer_id: int, user: User, clock: Clock, marker: bytes) -> None:
    """A stored recording of 40 KB (overflow pages on SQLite) with `marker` in it, and the answer's delivery."""
    with session_of(app) as session:
        data = b"\x1aE\xdf\xa3" + marker * (40_000 // len(marker))
        session.add(
            AnswerAudio(
                answer_id=answer_id,
                user_id=user.id or 0,
                content_type="audio/webm",
                size=len(data),
                duration_s=9.0,
                data=data,
                created_at=clock.now(),
            )
        )
        answer = session.get(Answer, answer_id)
        assert answer is not None
        answer.delivery = {
            "duration_s": 9.0,
            "words": 20,
            "talk_time_s": 8.0,
            "words_per_minute": 130.0,
            "fillers": [],
            "filler_count": 0,
            "fillers_per_minute": 0.0,
            "longest_pause_s": 0.5,
            "longest_pause_after": None,
            "norms": {},
            "word_timings": [],
        }
        session.add(answer)
        session.commit()


def _on_disk(app: FastAPI) -> bytes:
    """The SQLite database file and its write-ahead log, as bytes (empty on PostgreSQL)."""
    engine = app.state.engine
    if engine.dialect.name != "sqlite":
        return b""
    path = Path(engine.url.database)
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_an_admin_deletes_a_user_and_their_recordings_go_from_the_disk(app: FastAPI, clock: Clock) -> None:
    team = make_team(app, clock=clock)
    admin = make_user(app, role=Role.admin, clock=clock)
    head = make_user(app, role=Role.head, team=team, clock=clock)
    scenario = publish_scenario(app, author=head, clock=clock)
    rita, nina = make_user(app, team=team, clock=clock), make_user(app, team=team, clock=clock)
    marker, kept = os.urandom(16).hex().encode(), os.urandom(16).hex().encode()
    hers = [make_answer(app, user=rita, scenario=scenario, clock=clock) for _ in range(2)]
    for answer_id in hers:
        _recording(app, answer_id, rita, clock, marker)
    other = make_answer(app, user=nina, scenario=scenario, clock=clock)
    _recording(app, other, nina, clock, kept)
    as_rita, as_head = client_for(app, rita, clock=clock), client_for(app, head, clock=clock)
    assert as_head.get(f"/api/v1/answers/{hers[0]}/audio").status_code == 200
    sqlite = app.state.engine.dialect.name == "sqlite"
    if sqlite:
        assert marker in _on_disk(app)  # the check below can fail

    response = client_for(app, admin, clock=clock).delete(f"/api/v1/users/{rita.id}")

    assert response.status_code == 200, response.text
    assert response.json()["recordings_removed"] == 2
    assert response.json()["user"]["is_active"] is False
    assert as_rita.get("/api/v1/auth/me").status_code == 401  # her sessions ended
    for answer_id in hers:
        gone = as_head.get(f"/api/v1/answers/{answer_id}/audio")
        assert gone.status_code == 404
        assert gone.json()["code"] == "voice_not_found"
        answer = as_head.get(f"/api/v1/answers/{answer_id}").json()  # the answer stays, with its text and score
        assert answer["text"] == "We will see what we can do."
        assert answer["final_score"] == 40
    with session_of(app) as session:
        assert session.exec(select(AnswerAudio).where(col(AnswerAudio.user_id) == rita.id)).all() == []
        assert session.exec(select(AuthSession).where(col(AuthSession.user_id) == rita.id)).all() == []
        answer_row = session.get(Answer, hers[0])
        assert answer_row is not None
        assert answer_row.delivery is not None
        assert answer_row.delivery["recording_removed_at"] == clock.now().isoformat()
        user_row = session.get(User, rita.id)
        assert user_row is not None
        assert user_row.is_active is False
    assert as_head.get(f"/api/v1/answers/{other}/audio").status_code == 200  # another rep's recording stays
    if sqlite:
        on_disk = _on_disk(app)
        assert marker not in on_disk  # zeroed in the file, and the write-ahead log emptied
        assert kept in on_disk


def test_deleting_oneself_or_nobody_is_refused_and_changes_nothing(app: FastAPI, clock: Clock) -> None:
    admin = make_user(app, role=Role.admin, clock=clock)
    as_admin = client_for(app, admin, clock=clock)
    refused = as_admin.delete(f"/api/v1/users/{admin.id}")
    assert refused.status_code == 409
    assert refused.json()["code"] == "delete_self"
    assert as_admin.get("/api/v1/auth/me").status_code == 200  # still logged in, still active
    missing = as_admin.delete("/api/v1/users/999999")
    assert missing.status_code == 404
    assert missing.json()["code"] == "user_not_found"
    assert as_admin.delete("/api/v1/users/0").status_code == 422
    with session_of(app) as session:
        row = session.get(User, admin.id)
        assert row is not None
        assert row.is_active is True


def test_a_deleted_user_deleted_again_is_still_deleted(app: FastAPI, clock: Clock) -> None:
    admin = make_user(app, role=Role.admin, clock=clock)
    other_admin = make_user(app, role=Role.admin, clock=clock)
    as_admin = client_for(app, admin, clock=clock)
    first = as_admin.delete(f"/api/v1/users/{other_admin.id}")
    assert first.status_code == 200  # another admin may go while one stays active
    again = as_admin.delete(f"/api/v1/users/{other_admin.id}")
    assert again.status_code == 200
    assert again.json()["recordings_removed"] == 0


def test_parry_users_delete_removes_the_recordings_and_keeps_the_last_admin(
    app: FastAPI, clock: Clock, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = make_user(app, role=Role.admin, clock=clock)
    rep = make_user(app, clock=clock)
    answer_id = make_answer(app, user=rep, scenario=publish_scenario(app, author=admin, clock=clock), clock=clock)
    _recording(app, answer_id, rep, clock, os.urandom(16).hex().encode())
    monkeypatch.setenv("PARRY_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    try:
        deleted = CliRunner().invoke(cli, ["users", "delete", rep.email])
        last = CliRunner().invoke(cli, ["users", "delete", admin.email])
        nobody = CliRunner().invoke(cli, ["users", "delete", "nobody@example.com"])
    finally:
        get_settings.cache_clear()
    assert deleted.exit_code == 0, deleted.output
    assert f"deleted {rep.email}: 1 recording removed" in deleted.output
    assert last.exit_code == 1
    assert "last active admin" in last.output
    assert nobody.exit_code == 1
    with session_of(app) as session:
        assert session.exec(select(AnswerAudio)).all() == []
        assert [u.is_active for u in session.exec(select(User).order_by(col(User.id)))] == [True, False]
