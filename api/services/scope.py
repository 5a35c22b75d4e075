"""Who may see whose training: a rep sees their own; a trainer the reps of their own team; the head of sales
and admins everyone."""

from __future__ import annotations

from sqlmodel import Session

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
        raise ForbiddenError(f"reports need the trainer role or higher; you are {user.role.value}")
    if user.team_id is None:
        raise ForbiddenError("you are in no team: a trainer sees the reports of their own team")
    if team_id is not None and team_id != user.team_id:
        raise ForbiddenError("a trainer sees the reports of their own team only")
    return user.team_id


def can_see(viewer: User, rep: User) -> bool:
    """True when `viewer` may see `rep`'s training."""
    if viewer.id == rep.id or sees_every_team(viewer):
        return True
    return viewer.role.at_least(Role.trainer) and viewer.team_id is not None and viewer.team_id == rep.team_id


def visible_rep(session: Session, *, viewer: User, user_id: int) -> User:
    """The rep `viewer` asks about, or NotFound when there is none or they may not see them."""
    rep = session.get(User, user_id)
    if rep is None or not can_see(viewer, rep):
        raise NotFoundError(f"no rep with id {user_id} for you")
    return rep
