"""Login, logout, the current user, password change."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from api.deps import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    ClientAddress,
    CurrentUser,
    LoginDep,
    NowDep,
    SessionDep,
    SettingsDep,
)
from api.errors import ErrorBody
from api.models.users import LoginRequest, MeUpdate, PasswordChange, SessionPublic, UserPublic
from api.security import device_token
from api.services import accounts
from api.settings import Settings

router = APIRouter(prefix="/auth", tags=["auth"])
DEVICE_COOKIE = "parry_device"  # set at login: this browser logged in as this e-mail before (accounts._throttle)
DEVICE_DAYS = 180


THROTTLED: dict[int | str, dict[str, Any]] = {
    429: {
        "model": ErrorBody,
        "description": "Too many failed logins (docs/api.md, throttling): wait `Retry-After` seconds",
        "headers": {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}},
    }
}


@router.post("/login", response_model=SessionPublic, responses=THROTTLED)
def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    now: NowDep,
    address: ClientAddress,
) -> SessionPublic:
    """Log in with email and password: sets the session cookie and returns the CSRF token."""
    done = accounts.login(
        session,
        email=body.email,
        password=body.password,
        ip=address,
        now=now,
        settings=settings,
        device=request.cookies.get(DEVICE_COOKIE),
    )
    _set_cookies(response, token=done.token, csrf=done.auth_session.csrf_token, settings=settings)
    device = device_token(done.user.email, settings.secret_key.get_secret_value())
    secure = settings.secure_cookies
    response.set_cookie(
        DEVICE_COOKIE, device, max_age=DEVICE_DAYS * 86400, httponly=True, secure=secure, samesite="lax"
    )
    return SessionPublic(
        user=UserPublic.model_validate(done.user, from_attributes=True),
        csrf_token=done.auth_session.csrf_token,
        expires_at=done.auth_session.expires_at,
    )


@router.post("/logout", status_code=204)
def logout(login: LoginDep, response: Response, session: SessionDep) -> None:
    """End this session and clear its cookies."""
    accounts.logout(session, auth_session=login)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


@router.get("/me", response_model=SessionPublic)
def me(login: LoginDep, user: CurrentUser) -> SessionPublic:
    """Who is logged in, and the CSRF token of this session."""
    return SessionPublic(
        user=UserPublic.model_validate(user, from_attributes=True),
        csrf_token=login.csrf_token,
        expires_at=login.expires_at,
    )


@router.patch("/me", response_model=UserPublic)
def update_me(body: MeUpdate, user: CurrentUser, session: SessionDep) -> UserPublic:
    """Change one's own name or interface language."""
    return UserPublic.model_validate(accounts.update_me(session, user=user, data=body), from_attributes=True)


@router.post("/password", status_code=204)
def change_password(body: PasswordChange, login: LoginDep, user: CurrentUser, session: SessionDep, now: NowDep) -> None:
    """Change one's password; other sessions of the user end."""
    accounts.change_password(
        session, user=user, auth_session=login, current=body.current_password, new=body.new_password, now=now
    )


def _set_cookies(response: Response, *, token: str, csrf: str, settings: Settings) -> None:
    max_age = int(settings.session_hours * 3600)
    secure = settings.secure_cookies
    response.set_cookie(SESSION_COOKIE, token, max_age=max_age, httponly=True, secure=secure, samesite="lax", path="/")
    response.set_cookie(CSRF_COOKIE, csrf, max_age=max_age, httponly=False, secure=secure, samesite="lax", path="/")
