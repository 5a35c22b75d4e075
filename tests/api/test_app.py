"""The app as a whole: settings, OpenAPI docs, error format, security headers, migrations matching the models."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from unittest.mock import ANY

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from api_database import Database
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlmodel import SQLModel

from api.main import create_app
from api.settings import Settings, get_settings


def test_settings_refuse_the_default_secret_outside_development(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARRY_SECRET_KEY", raising=False)
    with pytest.raises(ValidationError, match="PARRY_SECRET_KEY"):
        Settings(environment="production")
    with pytest.raises(ValidationError, match="at least 32 characters"):
        Settings(environment="production", secret_key="short")
    assert Settings(environment="production", secret_key="x" * 32).secure_cookies is True
    assert Settings().secure_cookies is False


def test_settings_come_from_parry_environment_variables_once(monkeypatch: pytest.MonkeyPatch) -> None:
    get_settings.cache_clear()
    monkeypatch.setenv("PARRY_DATABASE_URL", "sqlite:////tmp/elsewhere.db")
    monkeypatch.setenv("PARRY_SESSION_HOURS", "2")
    try:
        settings = get_settings()
        assert (settings.database_url, settings.session_hours) == ("sqlite:////tmp/elsewhere.db", 2.0)
        assert get_settings() is settings
    finally:
        get_settings.cache_clear()


def test_default_database_is_a_sqlite_file_under_data() -> None:
    assert Settings.model_fields["database_url"].default == "sqlite:///./data/parry.db"


def test_docs_and_openapi_are_served(app: FastAPI) -> None:
    client = TestClient(app)
    assert "swagger" in client.get("/docs").text.lower()
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/drills/{drill_id}/answers" in spec["paths"]
    assert spec["info"]["title"] == "Parry"


def test_api_replies_carry_security_headers(app: FastAPI) -> None:
    response = TestClient(app).get("/api/v1/health")
    assert response.json() == {"status": "ok", "model_loaded": False, "database": True}
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_unknown_route_and_wrong_method_get_json_errors(app: FastAPI) -> None:
    client = TestClient(app)
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Not Found"
    assert client.put("/api/v1/health").status_code == 405


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_sqlite_database_runs_in_wal_mode(db: Database) -> None:
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_migrations_create_exactly_the_tables_of_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []


def test_the_model_loads_at_start_up_when_none_is_given(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"preload_model": True, "warm_on_start": False}))
    loads = []
    app.state.scoring._load = lambda: loads.append(1) or object()
    with TestClient(app) as client:
        assert loads == [1]
        assert client.get("/api/v1/health").json()["model_loaded"] is True


def test_every_setting_is_documented() -> None:
    documented = (Path(__file__).parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"`PARRY_{name.upper()}`" not in documented]
    assert missing == []


def test_an_installed_parry_carries_the_frontend_the_library_and_the_migrations(tmp_path: Path) -> None:
    """The wheel `pip install .` would install holds every file the app reads at run time."""
    root = Path(__file__).parents[2]
    source = tmp_path / "source"  # a copy: building writes build/ and *.egg-info next to pyproject.toml
    for name in ["api", "scenarios", "scoring", "frontend"]:
        shutil.copytree(root / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ["pyproject.toml", "README.md"]:
        shutil.copy(root / name, source / name)
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    built = subprocess.run(
        [*pip, "-w", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("parry-*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    wanted = [
        p.relative_to(root).as_posix()
        for folder, pattern in [("frontend", "*"), ("scenarios/library", "*.yaml"), ("api/migrations", "*.py")]
        for p in (root / folder).rglob(pattern)
        if p.is_file() and "__pycache__" not in p.parts
    ]
    assert "frontend/index.html" in wanted
    assert [name for name in wanted if name not in inside] == []


@pytest.mark.parametrize(
    "path", ["/index.html%00.js", "/%00", "/__init__.py", "/js/../__init__.py", "/js/app.js%00", "/css/app.css.map"]
)
def test_the_interface_serves_its_assets_only(app: FastAPI, path: str) -> None:
    """Anything under frontend/ that is not an asset of the page (the package's __init__.py) is not found, and so is
    a path with a NUL character in it."""
    client = TestClient(app)
    response = client.get(path)
    assert response.status_code == 404, response.text
    assert client.get("/js/app.js").status_code == 200
    assert client.get("/css/app.css").status_code == 200
    assert client.get("/people").headers["content-type"].startswith("text/html")


def test_openapi_declares_the_session_cookie_the_csrf_header_and_429(app: FastAPI) -> None:
    spec = TestClient(app).get("/api/v1/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert schemes["session"] == {"type": "apiKey", "in": "cookie", "name": "parry_session", "description": ANY}
    assert (schemes["csrf"]["type"], schemes["csrf"]["in"], schemes["csrf"]["name"]) == (
        "apiKey",
        "header",
        "X-CSRF-Token",
    )
    paths = spec["paths"]
    assert paths["/api/v1/auth/me"]["get"]["security"] == [{"session": []}]
    assert paths["/api/v1/auth/me"]["patch"]["security"] == [{"session": [], "csrf": []}]
    assert paths["/api/v1/drills/{drill_id}/answers"]["post"]["security"] == [{"session": [], "csrf": []}]
    assert "security" not in paths["/api/v1/auth/login"]["post"]
    assert "security" not in paths["/api/v1/health"]["get"]
    login_replies = paths["/api/v1/auth/login"]["post"]["responses"]
    assert "Retry-After" in login_replies["429"]["headers"]
