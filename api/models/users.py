"""Accounts: teams, users, login sessions, failed logins."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import sqlalchemy as sa
from pydantic import StrictBool, StringConstraints
from sqlmodel import Field, SQLModel

from api.models.base import Id, Role, utc_column

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Password = Annotated[str, StringConstraints(min_length=10, max_length=128)]
UILanguage = Literal["en", "ru"]
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, to_lower=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
]


class TeamBase(SQLModel):
    name: Name


class Team(TeamBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    created_at: datetime = Field(sa_column=utc_column())
    # the team's leaderboard (api/services/leaderboard.py): off unless the head or the team's trainer turns it on
    leaderboard: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


class TeamCreate(TeamBase):
    pass


class TeamUpdate(SQLModel):
    name: Name | None = None


class TeamPublic(TeamBase):
    id: int
    created_at: datetime
    leaderboard: bool = False


class UserBase(SQLModel):
    email: Email
    name: Name
    role: Role = Role.trainee
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    language: UILanguage = "en"


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    name: str = Field(max_length=100)
    role: Role = Field(default=Role.trainee, sa_type=sa.Enum(Role, native_enum=False, length=16))
    language: UILanguage = Field(default="en", sa_type=sa.String(2))
    password_hash: str = Field(max_length=255)
    is_active: bool = True
    created_at: datetime = Field(sa_column=utc_column())
    password_changed_at: datetime = Field(sa_column=utc_column())


class UserCreate(UserBase):
    team_id: Id | None = None
    password: Password


class UserUpdate(SQLModel):
    """What an admin may change; `password` sets a new one (the user's sessions end)."""

    name: Name | None = None
    role: Role | None = None
    team_id: Id | None = None
    language: UILanguage | None = None
    is_active: StrictBool | None = None
    password: Password | None = None


class MeUpdate(SQLModel):
    """What users may change about themselves."""

    name: Name | None = None
    language: UILanguage | None = None


class UserPublic(UserBase):
    id: int
    is_active: bool
    created_at: datetime


class UserDeleted(SQLModel):
    """A deleted user: the account, now disabled, and how many of their recordings were removed."""

    user: UserPublic
    recordings_removed: int


class LoginRequest(SQLModel):
    email: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=254)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=128)]


class PasswordChange(SQLModel):
    current_password: Annotated[str, StringConstraints(min_length=1, max_length=128)]
    new_password: Password


class SessionPublic(SQLModel):
    """Who is logged in and the CSRF token to send back in the X-CSRF-Token header."""

    user: UserPublic
    csrf_token: str
    expires_at: datetime


class AuthSession(SQLModel, table=True):
    """A login session; the cookie holds a token, the table only its keyed hash."""

    __tablename__ = "auth_session"

    id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(sa_column=utc_column())
    expires_at: datetime = Field(sa_column=utc_column(index=True))


class LoginFailure(SQLModel, table=True):
    """A failed login, counted for throttling."""

    __tablename__ = "login_failure"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    ip: str = Field(max_length=64, index=True)
    at: datetime = Field(sa_column=utc_column(index=True))
