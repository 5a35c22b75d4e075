"""Users and teams: admins manage them; trainers may list them (to assign tracks)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser, NowDep, PathId, QueryId, RequireAdmin, RequireTrainer, SessionDep
from api.errors import NotFoundError
from api.models import Role
from api.models.users import TeamCreate, TeamPublic, TeamUpdate, UserCreate, UserDeleted, UserPublic, UserUpdate
from api.services import accounts, user_removal

router = APIRouter(tags=["users"])


@router.get("/users", response_model=list[UserPublic])
def list_users(
    _: RequireTrainer,
    session: SessionDep,
    team_id: QueryId = None,
    role: Role | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> list[UserPublic]:
    """Users, filtered by team, role or a text in name or email (trainers and up)."""
    users = accounts.list_users(session, team_id=team_id, role=role, q=q)
    return [UserPublic.model_validate(u, from_attributes=True) for u in users]


@router.post("/users", response_model=UserPublic, status_code=201)
def create_user(body: UserCreate, _: RequireAdmin, session: SessionDep, now: NowDep) -> UserPublic:
    """Create a user (admins)."""
    return UserPublic.model_validate(accounts.create_user(session, data=body, now=now), from_attributes=True)


@router.get("/users/{user_id}", response_model=UserPublic)
def get_user(user_id: PathId, user: CurrentUser, session: SessionDep) -> UserPublic:
    """A user: oneself, or anyone for trainers and up."""
    if user.id != user_id and not user.role.at_least(Role.trainer):
        raise NotFoundError("user_not_found", id=user_id)
    return UserPublic.model_validate(accounts.get_user(session, user_id=user_id), from_attributes=True)


@router.patch("/users/{user_id}", response_model=UserPublic)
def update_user(user_id: PathId, body: UserUpdate, _: RequireAdmin, session: SessionDep, now: NowDep) -> UserPublic:
    """Change a user's name, role, team, language, password, or disable them (admins)."""
    target = accounts.get_user(session, user_id=user_id)
    return UserPublic.model_validate(
        accounts.update_user(session, user=target, data=body, now=now), from_attributes=True
    )


@router.delete("/users/{user_id}", response_model=UserDeleted)
def delete_user(user_id: PathId, admin: RequireAdmin, session: SessionDep, now: NowDep) -> UserDeleted:
    """Delete a user (admins): the account is disabled, its sessions end and every recording of its spoken answers
    is removed; its answers, tests and certificates stay in the reports, as do the scenarios, tracks and decisions
    it made for others. `409 delete_self` for one's own account, `409 last_admin` for the last active admin."""
    target = accounts.get_user(session, user_id=user_id)
    removed = user_removal.delete_user(session, user=target, admin=admin, now=now)
    return UserDeleted(user=UserPublic.model_validate(target, from_attributes=True), recordings_removed=removed)


@router.get("/teams", response_model=list[TeamPublic])
def list_teams(_: RequireTrainer, session: SessionDep) -> list[TeamPublic]:
    """Every team (trainers and up)."""
    return [TeamPublic.model_validate(t, from_attributes=True) for t in accounts.list_teams(session)]


@router.post("/teams", response_model=TeamPublic, status_code=201)
def create_team(body: TeamCreate, _: RequireAdmin, session: SessionDep, now: NowDep) -> TeamPublic:
    """Create a team (admins)."""
    return TeamPublic.model_validate(accounts.create_team(session, data=body, now=now), from_attributes=True)


@router.patch("/teams/{team_id}", response_model=TeamPublic)
def update_team(team_id: PathId, body: TeamUpdate, _: RequireAdmin, session: SessionDep) -> TeamPublic:
    """Rename a team (admins)."""
    team = accounts.get_team(session, team_id=team_id)
    return TeamPublic.model_validate(accounts.update_team(session, team=team, data=body), from_attributes=True)
