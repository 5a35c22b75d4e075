"""The service's commands: `parry init`, `parry users ...`, `parry scenarios import` (on a SQLite file)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from api_builders import scenario_document
from rich.console import Console
from sqlalchemy import text
from typer.testing import CliRunner

from api import commands
from api.cli import app
from api.db import make_engine
from api.settings import get_settings
from scenarios.loader import builtin_library, load_paths

runner = CliRunner()


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh SQLite file named by PARRY_DATABASE_URL for the commands."""
    url = f"sqlite:///{tmp_path / 'data' / 'parry.db'}"
    monkeypatch.setenv("PARRY_DATABASE_URL", url)
    monkeypatch.delenv("PARRY_ADMIN_EMAIL", raising=False)
    monkeypatch.delenv("PARRY_ADMIN_PASSWORD", raising=False)
    # wide enough for a temporary path: rich wraps at the terminal's width (pytest-xdist's workers say 80 columns),
    # and the path under a worker is long (…/popen-gw1/…)
    monkeypatch.setattr(commands, "out", Console(width=400))
    monkeypatch.setattr(commands, "err", Console(stderr=True, width=400))
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _rows(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = [tuple(r) for r in connection.execute(text(sql))]
    engine.dispose()
    return rows


def _init(*extra: str) -> str:
    result = runner.invoke(
        app, ["init", "--admin-email", "Admin@Example.com", "--admin-password", "a long chief secret", *extra]
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_init_creates_the_database_the_admin_and_the_library_and_is_idempotent(database_url: str) -> None:
    first = _init()
    shipped = len(load_paths([builtin_library()]).scenarios)
    assert f"{shipped} added" in first
    assert _rows(database_url, 'SELECT email, role FROM "user"') == [("admin@example.com", "admin")]
    assert _rows(database_url, "SELECT COUNT(*) FROM scenario_version")[0][0] == shipped
    second = _init()
    assert f"{shipped} already there" in second
    assert "password unchanged" in second
    assert _rows(database_url, "SELECT COUNT(*) FROM scenario_version")[0][0] == shipped
    assert _rows(database_url, 'SELECT COUNT(*) FROM "user"')[0][0] == 1


def test_init_without_an_admin_password_and_no_terminal_refuses(database_url: str) -> None:
    result = runner.invoke(app, ["init", "--no-library"])
    assert result.exit_code == 2
    assert "--admin-email" in result.output


def test_init_refuses_a_short_admin_password(database_url: str) -> None:
    result = runner.invoke(app, ["init", "--admin-email", "a@example.com", "--admin-password", "short"])
    assert result.exit_code == 2
    assert "password" in result.output
    assert _rows(database_url, 'SELECT COUNT(*) FROM "user"')[0][0] == 0


def test_users_add_list_and_disable(database_url: str) -> None:
    _init("--no-library")
    added = runner.invoke(
        app, ["users", "add", "rep@example.com", "--name", "Rep", "--team", "Sales", "--password", "rep secret 123"]
    )
    assert added.exit_code == 0, added.output
    again = runner.invoke(app, ["users", "add", "rep@example.com", "--name", "Rep", "--password", "rep secret 123"])
    assert again.exit_code == 1
    assert "already exists" in again.output
    listed = runner.invoke(app, ["users", "list", "--json"])
    assert '"team": "Sales"' in listed.output
    disabled = runner.invoke(app, ["users", "disable", "rep@example.com"])
    assert disabled.exit_code == 0
    assert _rows(database_url, "SELECT is_active FROM \"user\" WHERE email = 'rep@example.com'") == [(False,)]
    last_admin = runner.invoke(app, ["users", "disable", "admin@example.com"])
    assert last_admin.exit_code == 1
    assert "last active admin" in last_admin.output


def test_scenarios_import_loads_good_files_and_reports_bad_ones(database_url: str, tmp_path: Path) -> None:
    _init("--no-library")
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "good.yaml").write_text(yaml.safe_dump(scenario_document()), encoding="utf-8")
    (folder / "bad.yaml").write_text("id: broken\ntitle: [\n", encoding="utf-8")
    result = runner.invoke(app, ["scenarios", "import", str(folder), "--publish"])
    assert result.exit_code == 1
    assert "bad.yaml" in result.output
    assert "hvac-price: version 1" in result.output
    assert _rows(database_url, "SELECT slug, latest_version FROM scenario") == [("hvac-price", 1)]


def _recording(url: str, *, days_ago: int) -> None:
    """A stored spoken answer of the admin with its recording, made `days_ago` days ago."""
    from datetime import timedelta

    from sqlmodel import Session, select

    from api.clock import utcnow
    from api.models import Answer, ScenarioVersion, User
    from api.models.training import AnswerAudio

    engine = make_engine(url)
    with Session(engine) as session:
        user, version = session.exec(select(User)).first(), session.exec(select(ScenarioVersion)).first()
        assert user is not None
        assert version is not None
        assert user.id is not None
        assert version.id is not None
        at = utcnow() - timedelta(days=days_ago)
        answer = Answer(
            user_id=user.id,
            kind="practice",
            scenario_id=version.scenario_id,
            scenario_version_id=version.id,
            step_id="price",
            category="price",
            text="Said aloud.",
            score=50,
            passed=False,
            pass_mark=70,
            final_score=50,
            result={},
            model="test",
            created_at=at,
            delivery={"words": 2},
        )
        session.add(answer)
        session.flush()
        assert answer.id is not None
        audio = AnswerAudio(
            answer_id=answer.id,
            user_id=user.id,
            content_type="audio/webm",
            size=3,
            duration_s=1.0,
            data=b"abc",
            created_at=at,
        )
        session.add(audio)
        session.commit()
    engine.dispose()


def test_forget_recordings_deletes_the_old_ones_and_keeps_the_answers(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _init()
    _recording(database_url, days_ago=10)
    _recording(database_url, days_ago=2)
    refused = runner.invoke(app, ["forget-recordings"])  # PARRY_AUDIO_RETENTION_DAYS is 0: kept for good
    assert refused.exit_code == 2
    assert "kept for good" in refused.output
    by_hand = runner.invoke(app, ["forget-recordings", "--days", "7"])
    assert by_hand.exit_code == 0, by_hand.output
    assert "deleted 1 recording older than 7 days" in by_hand.output
    assert _rows(database_url, "SELECT COUNT(*) FROM answer_audio")[0][0] == 1
    monkeypatch.setenv("PARRY_AUDIO_RETENTION_DAYS", "1")
    get_settings.cache_clear()
    by_setting = runner.invoke(app, ["forget-recordings"])
    assert "deleted 1 recording older than 1 day" in by_setting.output
    assert _rows(database_url, "SELECT COUNT(*) FROM answer_audio")[0][0] == 0
    assert _rows(database_url, "SELECT COUNT(*) FROM answer")[0][0] == 2  # the answers stay


def test_commands_before_init_say_to_run_init(database_url: str) -> None:
    result = runner.invoke(app, ["users", "list"])
    assert result.exit_code == 1
    assert "parry init" in result.output


# --- scripts/start: the first login and the secret key stay private (issue 12, item 15) -----------------------------

FAKE_PARRY = """#!/bin/sh
# Stands in for .venv/bin/parry: records how it was called and with which secret, does nothing else.
echo "$1 secret=${PARRY_SECRET_KEY:-}" >> "$(dirname "$0")/../../calls.txt"
[ "$1" = demo ] && exit 1
exit 0
"""


def _start(root: Path) -> str:
    """Run scripts/start in `root` with setup and the parry command stubbed; return what parry was called with."""
    result = subprocess.run(
        ["bash", str(root / "scripts" / "start")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": os.environ["PATH"], "HOME": str(root)},
    )
    assert result.returncode == 0, result.stderr
    return (root / "calls.txt").read_text()


def test_start_keeps_the_first_login_private_and_makes_its_own_secret_once(tmp_path: Path) -> None:
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    shutil.copy(Path(__file__).parents[2] / "scripts" / "start", scripts / "start")
    (scripts / "setup").write_text("#!/bin/sh\nexit 0\n")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    (bin_dir / "parry").write_text(FAKE_PARRY)
    for stub in (scripts / "setup", bin_dir / "parry"):
        stub.chmod(0o755)

    calls = _start(tmp_path)
    secret = (tmp_path / "data" / "secret-key").read_text().strip()
    assert len(secret) >= 32
    assert stat.S_IMODE((tmp_path / "data" / "secret-key").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "data" / "first-login.txt").stat().st_mode) == 0o600
    assert "development-only" not in calls
    assert f"init secret={secret}" in calls
    assert f"serve secret={secret}" in calls
    (tmp_path / "data" / "first-login.txt").chmod(0o644)  # made by an older start
    assert _start(tmp_path).count(f"serve secret={secret}") == 2  # the same secret again
    assert stat.S_IMODE((tmp_path / "data" / "first-login.txt").stat().st_mode) == 0o600
