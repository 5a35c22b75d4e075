"""The team rule, the one place it is decided: a rep sees and acts on their own training; a trainer on that of
their own team's members (answers, disputes, tests, progress, reports, assignments); the head of sales and admins
on everyone's. Content (scenarios, tracks, stop phrases) and the directory (users, teams) are company-wide."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from api.errors import ForbiddenError, NotFoundError
from api.models import Role, User


def sees_every_team(user: User) -> bool:
    """Heads of sales and admins see every team."""
    return user.role.at_least(Role.head)


def team_filter(user: User, *, team_id: int | None) -> int | None:
    """The team a report covers: the one asked for (None: every team) for heads and admins; a trainer's own
    team whatever was asked, refusing another team."""
    if sees_every_team(user):
        return team_id
    if not user.role.at_least(Role.trainer):
        raise ForbiddenError("reports_role_needed", role=user.role.value)
    if user.team_id is None:
        raise ForbiddenError("reports_no_team")
    if team_id is not None and team_id != user.team_id:
        raise ForbiddenError("reports_other_team")
    return user.team_id


def can_see(viewer: User, rep: User) -> bool:
    """True when `viewer` may see `rep`'s training."""
    if viewer.id == rep.id or sees_every_team(viewer):
        return True
    return viewer.role.at_least(Role.trainer) and viewer.team_id is not None and viewer.team_id == rep.team_id


def visible_owner(session: Session, *, viewer: User, user_id: int) -> bool:
    """True when `viewer` may see what the user `user_id` owns (an answer, a dispute, a test)."""
    if user_id == viewer.id:
        return True
    owner = session.get(User, user_id)
    return owner is not None and can_see(viewer, owner)


def visible_users(viewer: User, user_id: Any) -> ColumnElement[bool] | None:
    """A condition on a column of user ids keeping the users `viewer` may see; None when they see everyone."""
    if sees_every_team(viewer):
        return None
    if not viewer.role.at_least(Role.trainer) or viewer.team_id is None:
        return col(user_id) == viewer.id
    team = select(User.id).where(col(User.team_id) == viewer.team_id)
    return or_(col(user_id) == viewer.id, col(user_id).in_(team))


def check_assignable(session: Session, *, viewer: User, team_id: int | None, user_id: int | None) -> None:
    """Trainers assign (and unassign) tracks to their own team and its members only; heads and admins to anyone."""
    if sees_every_team(viewer):
        return
    user = session.get(User, user_id) if user_id is not None else None
    if (team_id is not None and team_id != viewer.team_id) or (user is not None and not can_see(viewer, user)):
        raise ForbiddenError("assign_other_team")


def visible_rep(session: Session, *, viewer: User, user_id: int) -> User:
    """The rep `viewer` asks about, or NotFound when there is none or they may not see them."""
    rep = session.get(User, user_id)
    if rep is None or not can_see(viewer, rep):
        raise NotFoundError("rep_not_found", id=user_id)
    return rep
