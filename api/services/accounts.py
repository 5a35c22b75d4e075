"""Users, teams, login sessions, throttling and passwords."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from api import passwords
from api.db import begin_read
from api.errors import (
    ConflictError,
    InvalidError,
    NotAuthenticatedError,
    NotFoundError,
    TooManyRequestsError,
    field_error,
)
from api.models import AuthSession, LoginFailure, Role, Team, User
from api.models.base import id_of
from api.models.users import MeUpdate, TeamCreate, TeamUpdate, UserCreate, UserUpdate
from api.security import device_token, hash_password, new_token, same, token_id, verify_password
from api.settings import Settings


@dataclass(frozen=True)
class LoggedIn:
    """A new login: the user, the cookie token (never stored) and the session row."""

    user: User
    token: str
    auth_session: AuthSession


# --- teams -------------------------------------------------------------------------------------------------------


def list_teams(session: Session) -> list[Team]:
    """Every team, by name."""
    return list(session.exec(select(Team).order_by(col(Team.name))))


def get_team(session: Session, *, team_id: int) -> Team:
    """The team or NotFoundError."""
    team = session.get(Team, team_id)
    if team is None:
        raise NotFoundError("team_not_found", id=team_id)
    return team


def create_team(session: Session, *, data: TeamCreate, now: datetime) -> Team:
    """A new team; names are unique."""
    _check_team_name(session, name=data.name)
    team = Team(name=data.name, created_at=now)
    session.add(team)
    session.commit()
    return team


def update_team(session: Session, *, team: Team, data: TeamUpdate) -> Team:
    """Rename a team."""
    if data.name is not None and data.name != team.name:
        _check_team_name(session, name=data.name)
        team.name = data.name
    session.add(team)
    session.commit()
    return team


def _check_team_name(session: Session, *, name: str) -> None:
    if session.exec(select(Team.id).where(col(Team.name) == name)).first() is not None:
        raise ConflictError("team_exists", name=name)


# --- users -------------------------------------------------------------------------------------------------------


def list_users(
    session: Session, *, team_id: int | None = None, role: Role | None = None, q: str | None = None
) -> list[User]:
    """Users, filtered by team, role and a text in the name or email."""
    query = select(User).order_by(col(User.name), col(User.id))
    if team_id is not None:
        query = query.where(col(User.team_id) == team_id)
    if role is not None:
        query = query.where(col(User.role) == role)
    if q:
        query = query.where(
            col(User.name).icontains(q, autoescape=True) | col(User.email).icontains(q, autoescape=True)
        )
    return list(session.exec(query))


def get_user(session: Session, *, user_id: int) -> User:
    """The user or NotFoundError."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError("user_not_found", id=user_id)
    return user


def find_user(session: Session, *, email: str) -> User | None:
    """The user with this email (any case), if any."""
    return session.exec(select(User).where(col(User.email) == email.strip().lower())).first()


def create_user(session: Session, *, data: UserCreate, now: datetime, commit: bool = True) -> User:
    """A new user with a hashed password; emails are unique."""
    passwords.check(data.password, email=data.email, name=data.name)
    if find_user(session, email=data.email) is not None:
        raise ConflictError("email_taken", email=data.email)
    if data.team_id is not None:
        _team_exists(session, team_id=data.team_id)
    user = User(
        email=data.email,
        name=data.name,
        role=data.role,
        team_id=data.team_id,
        language=data.language,
        password_hash=hash_password(data.password),
        created_at=now,
        password_changed_at=now,
    )
    session.add(user)
    if commit:
        session.commit()
    return user


def update_user(session: Session, *, user: User, data: UserUpdate, now: datetime) -> User:
    """Change a user as an admin; a new password or disabling ends their sessions."""
    changes = data.model_dump(exclude_unset=True)
    if "team_id" in changes and changes["team_id"] is not None:
        _team_exists(session, team_id=changes["team_id"])
    losing_admin = user.role == Role.admin and (
        changes.get("role", Role.admin) != Role.admin or changes.get("is_active", True) is False
    )
    if losing_admin and _active_admins(session) <= 1:
        raise ConflictError("last_admin")
    for name in ("name", "role", "team_id", "language", "is_active"):
        if name in changes and (changes[name] is not None or name == "team_id"):
            setattr(user, name, changes[name])
    if data.password is not None:
        passwords.check(data.password, email=user.email, name=user.name)
        user.password_hash = hash_password(data.password)
        user.password_changed_at = now
    if data.password is not None or data.is_active is False:
        _end_sessions(session, user_id=_id(user))
    session.add(user)
    session.commit()
    return user


def update_me(session: Session, *, user: User, data: MeUpdate) -> User:
    """Change one's own name or interface language."""
    if data.name is not None:
        user.name = data.name
    if data.language is not None:
        user.language = data.language
    session.add(user)
    session.commit()
    return user


def _team_exists(session: Session, *, team_id: int) -> None:
    if session.get(Team, team_id) is None:
        raise InvalidError("team_not_found", field="team_id", id=team_id)


def _active_admins(session: Session) -> int:
    query = select(func.count()).select_from(User).where(col(User.role) == Role.admin, col(User.is_active))
    return int(session.exec(query).one())


def _end_sessions(session: Session, *, user_id: int, keep: str | None = None) -> None:
    statement = delete(AuthSession).where(col(AuthSession.user_id) == user_id)
    if keep is not None:
        statement = statement.where(col(AuthSession.id) != keep)
    session.exec(statement)


def _id(row: User | Team) -> int:
    return id_of(row)


# --- login, sessions, passwords ----------------------------------------------------------------------------------


def login(
    session: Session,
    *,
    email: str,
    password: str,
    ip: str,
    now: datetime,
    settings: Settings,
    device: str | None = None,
) -> LoggedIn:
    """Check the password and open a session; too many failures in a window are refused for a while (`_throttle`).
    `device`: the browser's device cookie, if it sent one.

    The password check (argon2, slow on purpose) runs outside any transaction, so logins at the same moment do not
    queue behind each other's checks for SQLite's one writer or for connections. The failures are then counted
    again and the new one written under a lock on the e-mail and the address (`_lock_counts`): logins checked at
    the same moment cannot all count the failures from before any of them was written."""
    email, ip = email.strip().lower()[:254], ip[:64]
    known = device is not None and same(device, device_token(email, settings.secret_key.get_secret_value()))
    begin_read(session)
    _throttle(session, email=email, ip=ip, now=now, settings=settings, known_device=known)  # cheap refusal first
    user = find_user(session, email=email)
    password_hash = user.password_hash if user else None
    session.rollback()  # end the read: no lock and no connection held while the password is checked
    right = verify_password(password, password_hash)
    _lock_counts(session, email=email, ip=ip)
    _throttle(session, email=email, ip=ip, now=now, settings=settings, known_device=known)
    if not right or user is None or not user.is_active:
        _forget_old_failures(session, now=now, settings=settings)
        session.add(LoginFailure(email=email, ip=ip, at=now))
        session.commit()
        raise NotAuthenticatedError("login_failed")
    recent = col(LoginFailure.at) > now - timedelta(minutes=settings.login_window_minutes)
    session.exec(delete(LoginFailure).where(col(LoginFailure.email) == email, col(LoginFailure.ip) == ip, recent))
    session.exec(delete(AuthSession).where(col(AuthSession.user_id) == user.id, col(AuthSession.expires_at) <= now))
    token = new_token()
    auth_session = AuthSession(
        id=token_id(token, settings.secret_key.get_secret_value()),
        user_id=_id(user),
        csrf_token=new_token(),
        created_at=now,
        expires_at=now + timedelta(hours=settings.session_hours),
    )
    session.add(auth_session)
    session.commit()
    return LoggedIn(user=user, token=token, auth_session=auth_session)


def _lock_counts(session: Session, *, email: str, ip: str) -> None:
    """Until the transaction ends, no other login counts or writes failures of this e-mail or this address.
    PostgreSQL: transaction-level advisory locks, taken in one order so two logins never wait for each other in a
    circle; SQLite: every transaction already holds the database's write lock (api.db), taken here."""
    if session.get_bind().dialect.name != "postgresql":
        session.connection()  # begins the transaction: BEGIN IMMEDIATE
        return
    for key in sorted({_lock_key(f"login-email:{email}"), _lock_key(f"login-ip:{ip}")}):
        session.exec(select(func.pg_advisory_xact_lock(key)))


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


def _forget_old_failures(session: Session, *, now: datetime, settings: Settings) -> None:
    """Delete failures older than the window. On PostgreSQL only one login at a time does it (the others skip it):
    two deleting the same old rows could each wait for a row the other holds."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres and not session.exec(select(func.pg_try_advisory_xact_lock(_lock_key("login-forget")))).one():
        return
    since = now - timedelta(minutes=settings.login_window_minutes)
    session.exec(delete(LoginFailure).where(col(LoginFailure.at) <= since))


def _throttle(session: Session, *, email: str, ip: str, now: datetime, settings: Settings, known_device: bool) -> None:
    """Refuse a login after too many failures within the window: for this e-mail from this address (a guesser
    waits, the owner elsewhere does not), from this address for any e-mails, or for this e-mail from any addresses
    unless the browser logged in as it before (so guessing from many addresses cannot lock the owner out)."""
    since = now - timedelta(minutes=settings.login_window_minutes)
    recent = select(func.count()).select_from(LoginFailure).where(col(LoginFailure.at) > since)
    pair = int(session.exec(recent.where(col(LoginFailure.email) == email, col(LoginFailure.ip) == ip)).one())
    by_ip = int(session.exec(recent.where(col(LoginFailure.ip) == ip)).one())
    by_email = 0 if known_device else int(session.exec(recent.where(col(LoginFailure.email) == email)).one())
    if (
        pair >= settings.login_max_failures
        or by_ip >= settings.login_max_failures_per_ip
        or by_email >= settings.login_max_failures_per_email
    ):
        wait = int(settings.login_window_minutes * 60)
        raise TooManyRequestsError("login_throttled", retry_after=wait, minutes=settings.login_window_minutes)


def authenticate(session: Session, *, token: str, now: datetime, settings: Settings) -> tuple[User, AuthSession]:
    """The user and session of a cookie token; NotAuthenticatedError when unknown, expired or disabled."""
    auth_session = session.get(AuthSession, token_id(token, settings.secret_key.get_secret_value()))
    if auth_session is None or auth_session.expires_at <= now:
        raise NotAuthenticatedError("session_expired")
    user = session.get(User, auth_session.user_id)
    if user is None or not user.is_active:
        raise NotAuthenticatedError("account_disabled")
    return user, auth_session


def logout(session: Session, *, auth_session: AuthSession) -> None:
    """End this session."""
    session.exec(delete(AuthSession).where(col(AuthSession.id) == auth_session.id))
    session.commit()


def change_password(
    session: Session, *, user: User, auth_session: AuthSession, current: str, new: str, now: datetime
) -> None:
    """Set a new password after checking the current one; the user's other sessions end."""
    if not verify_password(current, user.password_hash):
        raise InvalidError("password_wrong", errors=[field_error("current_password", "password_wrong")])
    if new == current:
        raise InvalidError("password_unchanged", errors=[field_error("new_password", "password_unchanged")])
    passwords.check(new, email=user.email, name=user.name, field="new_password")
    user.password_hash = hash_password(new)
    user.password_changed_at = now
    session.add(user)
    _end_sessions(session, user_id=_id(user), keep=auth_session.id)
    session.commit()
