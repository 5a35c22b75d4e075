"""The service's commands: `parry serve`, `parry init`, `parry users ...`, `parry scenarios import`."""

from __future__ import annotations

import itertools
import json
import os
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import Engine, inspect
from sqlmodel import Session, col, select

from api.clock import utcnow
from api.db import make_engine
from api.errors import ServiceError
from api.migrate import upgrade
from api.models import Role, Scenario, Team, User
from api.models.base import id_of
from api.models.users import UserCreate, UserUpdate
from api.scoring import ScoringService
from api.services import accounts
from api.services import scenarios as scenario_service
from api.settings import SERVE_PID, get_settings
from scenarios.loader import builtin_library, load_paths
from scenarios.schema import Scenario as Document

out = Console()
err = Console(stderr=True)
users_app = typer.Typer(no_args_is_help=True, help="Add, list, disable and delete users.")


def _engine() -> Engine:
    return make_engine(get_settings().database_url)


def _fail(message: str, exit_code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(exit_code)


def _require_schema(engine: Engine) -> None:
    if not inspect(engine).has_table("user"):
        raise _fail("the database has no tables yet: run `parry init` first")


# --- serve ---------------------------------------------------------------------------------------------------------


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (each loads the model once).")] = 1,
) -> None:
    """Run the web service (API under /api/v1, docs at /docs)."""
    import uvicorn

    # Each worker scores on its own share of the cores (torch would otherwise start a thread per core in each).
    os.environ.setdefault("PARRY_TORCH_THREADS", str(max(1, (os.cpu_count() or 1) // workers)))
    engine = _engine()
    _require_schema(engine)
    engine.dispose()
    if workers > 1:
        os.environ[SERVE_PID] = str(os.getpid())  # each worker stops when this process is gone (api.main)
    _wait_for_address(host, port)
    # The app reads X-Forwarded-For itself, from PARRY_TRUSTED_PROXIES only (api.security.client_address):
    # uvicorn's own handling would believe any local client. A worker that is busy starting (loading torch and the
    # model on a loaded machine) may not answer uvicorn's health check for a while: it is given
    # PARRY_WORKER_HEALTHCHECK_SECONDS before it is taken for hung (uvicorn's 5 s killed it over and over).
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=False,
        timeout_worker_healthcheck=get_settings().worker_healthcheck_seconds,
        timeout_graceful_shutdown=30,
    )


def _wait_for_address(host: str, port: int, *, seconds: float = 30) -> None:
    """Wait until the address is free: the workers of a server that was killed finish their last requests first."""
    deadline = time.monotonic() + seconds
    for attempt in itertools.count():
        try:
            with socket.create_server((host, port)):
                return
        except OSError:
            if time.monotonic() > deadline:
                return  # uvicorn says why it cannot listen
            if attempt == 0:
                err.print(f"{host}:{port} is in use: waiting up to {seconds:g} s for it to be free", highlight=False)
            time.sleep(0.5)


# --- init ----------------------------------------------------------------------------------------------------------


def init_command(
    admin_email: Annotated[
        str | None, typer.Option(envvar="PARRY_ADMIN_EMAIL", help="Email of the first admin (asked if missing).")
    ] = None,
    admin_password: Annotated[
        str | None,
        typer.Option(envvar="PARRY_ADMIN_PASSWORD", help="Password of the first admin (asked if missing)."),
    ] = None,
    admin_name: Annotated[str, typer.Option(help="Name of the first admin.")] = "Admin",
    library: Annotated[bool, typer.Option(help="Load the built-in scenario library.")] = True,
    update_library: Annotated[
        bool, typer.Option(help="Publish a new version of built-in scenarios whose file changed.")
    ] = False,
) -> None:
    """Create or migrate the database, create the first admin, load the built-in library. Safe to repeat."""
    engine = _engine()
    upgrade(engine)
    out.print(f"database ready: {engine.url.render_as_string(hide_password=True)}", highlight=False)
    with Session(engine, expire_on_commit=False) as session:
        admin = _ensure_admin(session, email=admin_email, password=admin_password, name=admin_name)
        if library:
            _load_library(session, author=admin, update=update_library)
    engine.dispose()


def _ensure_admin(session: Session, *, email: str | None, password: str | None, name: str) -> User:
    existing = session.exec(select(User).where(col(User.role) == Role.admin).order_by(col(User.id))).first()
    if existing is not None and email is None:
        out.print(f"admin exists: {existing.email}", highlight=False)
        return existing
    if email is not None and (user := accounts.find_user(session, email=email)) is not None:
        out.print(f"user exists: {user.email} ({user.role.value}); password unchanged", highlight=False)
        return user
    if email is None or password is None:
        if not sys.stdin.isatty():
            raise _fail("no admin yet: pass --admin-email and --admin-password (or PARRY_ADMIN_EMAIL/PASSWORD)", 2)
        email = email or typer.prompt("Email of the first admin")
        password = password or typer.prompt(
            "Password (at least 10 characters)", hide_input=True, confirmation_prompt=True
        )
    user = _create_user(session, email=email, name=name, role=Role.admin, password=password, team=None)
    out.print(f"created admin {user.email}", highlight=False)
    return user


def _load_library(session: Session, *, author: User, update: bool) -> None:
    result = load_paths([builtin_library()])
    for error in result.errors:
        err.print(f"[red]✗[/red] {error}", highlight=False)
    scoring = ScoringService(None)
    added = updated = kept = 0
    for document in result.scenarios:
        row = session.exec(select(Scenario).where(col(Scenario.slug) == document.id)).first()
        if row is not None and not update:
            kept += 1
            continue
        before = row.latest_version if row is not None else 0
        scenario_service.import_document(
            session, document=document, author=author, now=utcnow(), publish_now=True, scoring=scoring
        )
        after = session.exec(select(Scenario.latest_version).where(col(Scenario.slug) == document.id)).one()
        added += before == 0
        updated += 0 < before < after
        kept += before == after
    out.print(f"built-in library: {added} added, {updated} updated, {kept} already there")


def _create_user(session: Session, *, email: str, name: str, role: Role, password: str, team: str | None) -> User:
    team_id = _team_id(session, name=team) if team else None
    try:
        data = UserCreate(email=email, name=name, role=role, password=password, team_id=team_id)
    except ValueError as error:
        raise _fail(str(error).splitlines()[0] + ": " + "; ".join(_messages(error)), 2) from None
    try:
        return accounts.create_user(session, data=data, now=utcnow())
    except ServiceError as error:
        raise _fail(error.message) from None


def _messages(error: ValueError) -> list[str]:
    errors = getattr(error, "errors", None)
    if callable(errors):
        return [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors()]
    return [str(error)]


def _team_id(session: Session, *, name: str) -> int:
    team = session.exec(select(Team).where(col(Team.name) == name)).first()
    if team is None:
        team = Team(name=name, created_at=utcnow())
        session.add(team)
        session.commit()
        out.print(f"created team {name}", highlight=False)
    return id_of(team)


# --- users ---------------------------------------------------------------------------------------------------------


@users_app.command("add")
def users_add(
    email: Annotated[str, typer.Argument(help="Login email.")],
    name: Annotated[str, typer.Option(help="Display name.")],
    role: Annotated[Role, typer.Option(help="trainee, trainer, head or admin.")] = Role.trainee,
    team: Annotated[str | None, typer.Option(help="Team name (created if new).")] = None,
    password: Annotated[
        str | None, typer.Option(envvar="PARRY_NEW_PASSWORD", help="Password (asked if missing).")
    ] = None,
) -> None:
    """Add a user."""
    engine = _engine()
    _require_schema(engine)
    if password is None:
        password = typer.prompt("Password (at least 10 characters)", hide_input=True, confirmation_prompt=True)
    with Session(engine, expire_on_commit=False) as session:
        user = _create_user(session, email=email, name=name, role=role, password=password, team=team)
        out.print(f"added {user.email} ({user.role.value}), id {user.id}", highlight=False)
    engine.dispose()


@users_app.command("list")
def users_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List users."""
    engine = _engine()
    _require_schema(engine)
    with Session(engine) as session:
        teams = {t.id: t.name for t in accounts.list_teams(session)}
        rows = [
            {
                "id": u.id,
                "email": u.email,
                "name": u.name,
                "role": u.role.value,
                "team": teams.get(u.team_id) if u.team_id else None,
                "active": u.is_active,
            }
            for u in accounts.list_users(session)
        ]
    engine.dispose()
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    for row in rows:
        state = "" if row["active"] else "  [disabled]"
        print(f"{row['id']:>5}  {row['email']:<32} {row['role']:<8} {row['team'] or '-':<20} {row['name']}{state}")


@users_app.command("disable")
def users_disable(email: Annotated[str, typer.Argument(help="Login email.")]) -> None:
    """Disable a user: they can no longer log in; their sessions end; their history stays."""

    def disable(session: Session, user: User) -> str:
        accounts.update_user(session, user=user, data=UserUpdate(is_active=False), now=utcnow())
        return f"disabled {user.email}"

    _on_user(email, disable)


@users_app.command("delete")
def users_delete(email: Annotated[str, typer.Argument(help="Login email.")]) -> None:
    """Delete a user: disabled for good, sessions ended, every recording of their spoken answers removed; their
    answers, results and what they made for others stay (docs/operations.md, Deleting a user)."""
    from api.services import user_removal

    def delete(session: Session, user: User) -> str:
        removed = user_removal.delete_user(session, user=user, admin=None, now=utcnow())
        return f"deleted {user.email}: {removed} {'recording' if removed == 1 else 'recordings'} removed"

    _on_user(email, delete)


def _on_user(email: str, act: Callable[[Session, User], str]) -> None:
    """Do `act` to the user with this email and print what it says; a refusal is the command's error."""
    engine = _engine()
    _require_schema(engine)
    with Session(engine, expire_on_commit=False) as session:
        user = accounts.find_user(session, email=email)
        if user is None:
            raise _fail(f"no user with email {email}")
        try:
            done = act(session, user)
        except ServiceError as error:
            raise _fail(error.message) from None
        out.print(done, highlight=False)
    engine.dispose()


# --- recordings ----------------------------------------------------------------------------------------------------


def forget_recordings_command(
    days: Annotated[
        int | None, typer.Option(min=1, help="Keep this many days (default PARRY_AUDIO_RETENTION_DAYS).")
    ] = None,
) -> None:
    """Delete spoken answers' recordings older than the retention period; the answers, their transcripts, scores
    and delivery stay. The service does it at start-up and daily when PARRY_AUDIO_RETENTION_DAYS is set."""
    from api import retention

    keep = days if days is not None else get_settings().audio_retention_days
    if keep <= 0:
        raise _fail("recordings are kept for good (PARRY_AUDIO_RETENTION_DAYS=0): give --days", exit_code=2)
    engine = _engine()
    _require_schema(engine)
    deleted = retention.forget_once(engine, days=keep, now=utcnow())
    engine.dispose()
    if deleted is None:
        raise _fail("the service is deleting old recordings right now: try again later")
    recordings, unit = "recording" if deleted == 1 else "recordings", "day" if keep == 1 else "days"
    out.print(f"deleted {deleted} {recordings} older than {keep} {unit}", highlight=False)


# --- scenarios import ----------------------------------------------------------------------------------------------


def import_command(
    paths: Annotated[list[Path], typer.Argument(help="Scenario files or folders.")],
    publish: Annotated[bool, typer.Option(help="Publish each imported scenario as a new version.")] = False,
    author: Annotated[str | None, typer.Option("--as", help="Email of the author (default: the first admin).")] = None,
) -> None:
    """Import scenario files into the database as drafts (or published versions); exit 1 if any file is bad."""
    result = load_paths(paths)
    for error in result.errors:
        err.print(f"[red]✗[/red] {error}", highlight=False)
    engine = _engine()
    _require_schema(engine)
    with Session(engine, expire_on_commit=False) as session:
        user = _author(session, email=author)
        for document in result.scenarios:
            _import_one(session, document=document, author=user, publish=publish)
    engine.dispose()
    print(f"imported {len(result.scenarios)} scenario(s); {len(result.errors)} error(s)")
    raise typer.Exit(0 if result.ok else 1)


def _author(session: Session, *, email: str | None) -> User:
    if email is not None:
        user = accounts.find_user(session, email=email)
    else:
        user = session.exec(select(User).where(col(User.role) == Role.admin).order_by(col(User.id))).first()
    if user is None:
        raise _fail(f"no user {email}" if email else "no admin yet: run `parry init` first")
    return user


def _import_one(session: Session, *, document: Document, author: User, publish: bool) -> None:
    try:
        row = scenario_service.import_document(
            session, document=document, author=author, now=utcnow(), publish_now=publish, scoring=ScoringService(None)
        )
    except ServiceError as error:
        err.print(f"[red]✗[/red] {document.id}: {error.message}", highlight=False)
        return
    state = f"version {row.latest_version}" if publish else "draft"
    out.print(f"{document.id}: {state}", highlight=False)
