"""Onboarding plans: tracks due days after a new rep's start, through probation. A rep on a plan gets its tracks
assigned; a track is done once the rep holds a certificate on it; the head sees who is on plan, behind or done."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.errors import ConflictError, InvalidError, NotFoundError
from api.models import Assignment, Certificate, Role, Team, Track, User
from api.models.base import id_of
from api.models.plans import (
    MilestoneStatus,
    OnboardingPlan,
    PlanAssign,
    PlanAssignment,
    PlanCreate,
    PlanPublic,
    PlanReport,
    RepPlan,
)
from api.services import scope, tracks
from api.services.reports.export import Table, Word
from api.services.reports.period import Period


def public(plan: OnboardingPlan) -> PlanPublic:
    return PlanPublic.model_validate(plan, from_attributes=True)


def list_plans(session: Session) -> list[OnboardingPlan]:
    """Every plan, by name."""
    return list(session.exec(select(OnboardingPlan).order_by(col(OnboardingPlan.name), col(OnboardingPlan.id))))


def get_plan(session: Session, *, plan_id: int) -> OnboardingPlan:
    """The plan or NotFoundError."""
    plan = session.get(OnboardingPlan, plan_id)
    if plan is None:
        raise NotFoundError("plan_not_found", id=plan_id)
    return plan


def create(session: Session, *, author: User, body: PlanCreate, now: datetime) -> OnboardingPlan:
    """A plan over published tracks; names are unique."""
    ids = [m.track_id for m in body.milestones]
    published = set(session.exec(select(Track.id).where(col(Track.id).in_(ids), col(Track.latest_version) > 0)))
    missing = [i for i in ids if i not in published]
    if missing:
        raise InvalidError("plan_tracks_unpublished", field="milestones", ids=missing)
    plan = OnboardingPlan(
        name=body.name,
        description=body.description,
        probation_days=body.probation_days,
        milestones=[m.model_dump() for m in body.milestones],
        created_by_id=author.id,
        created_at=now,
        updated_at=now,
    )
    session.add(plan)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise ConflictError("plan_exists", name=body.name) from None
    return plan


def assign(session: Session, *, viewer: User, plan: OnboardingPlan, body: PlanAssign, now: datetime) -> RepPlan:
    """Put a rep on the plan from their start date (a rep on another plan moves to this one) and assign the plan's
    tracks they do not have yet."""
    rep = scope.visible_rep(session, viewer=viewer, user_id=body.user_id)
    if rep.role != Role.trainee:
        raise InvalidError("plan_not_for_rep", field="user_id", id=rep.id)
    placed = session.exec(select(PlanAssignment).where(col(PlanAssignment.user_id) == rep.id)).first()
    placed = placed or PlanAssignment(plan_id=id_of(plan), user_id=id_of(rep), start_date=now.date(), assigned_at=now)
    placed.plan_id, placed.start_date = id_of(plan), body.start_date or now.date()
    placed.assigned_by_id, placed.assigned_at = viewer.id, now
    session.add(placed)
    for milestone in plan.milestones:
        track = session.get(Track, milestone["track_id"])
        if track is not None and track.latest_version > 0 and not tracks.is_assigned(session, user=rep, track=track):
            session.add(
                Assignment(track_id=milestone["track_id"], user_id=rep.id, assigned_by_id=viewer.id, assigned_at=now)
            )
    session.commit()
    return _rep_plan(session, rep=rep, placed=placed, plan=plan, today=now.date())


def rep_plan(session: Session, *, rep: User, now: datetime) -> RepPlan:
    """The rep's plan with its dates and where they stand, or NotFound when they are on none."""
    placed = session.exec(select(PlanAssignment).where(col(PlanAssignment.user_id) == rep.id)).first()
    if placed is None:
        raise NotFoundError("plan_none", id=rep.id)
    return _rep_plan(session, rep=rep, placed=placed, plan=get_plan(session, plan_id=placed.plan_id), today=now.date())


def _rep_plan(session: Session, *, rep: User, placed: PlanAssignment, plan: OnboardingPlan, today: date) -> RepPlan:
    ids = [m["track_id"] for m in plan.milestones]
    names = dict(session.exec(select(Track.id, Track.name).where(col(Track.id).in_(ids))).all())
    certified: dict[int, date] = {}
    query = select(Certificate.track_id, Certificate.issued_at).where(col(Certificate.user_id) == rep.id)
    for track_id, issued_at in session.exec(query.order_by(col(Certificate.issued_at))):
        certified.setdefault(track_id, issued_at.date())
    milestones = milestones_of(plan, start=placed.start_date, names=names, certified=certified, today=today)
    team = session.get(Team, rep.team_id) if rep.team_id is not None else None
    return placed_plan(
        plan,
        start=placed.start_date,
        milestones=milestones,
        user_id=id_of(rep),
        name=rep.name,
        team_id=rep.team_id,
        team_name=team.name if team else None,
    )


def placed_plan(
    plan: OnboardingPlan,
    *,
    start: date,
    milestones: list[MilestoneStatus],
    user_id: int,
    name: str = "",
    team_id: int | None = None,
    team_name: str | None = None,
) -> RepPlan:
    """A rep's plan as shown: its dates, its milestones and where the rep stands on them (`standing`)."""
    status, late = standing(milestones)
    return RepPlan(
        user_id=user_id,
        name=name,
        team_id=team_id,
        team_name=team_name,
        plan_id=id_of(plan),
        plan_name=plan.name,
        start_date=start,
        probation_end=start + timedelta(days=plan.probation_days),
        status=status,
        behind_track_id=late.track_id if late else None,
        behind_track_name=late.track_name if late else None,
        days_late=late.days_late if late else 0,
        milestones=milestones,
    )


def milestones_of(
    plan: OnboardingPlan, *, start: date, names: dict[int | None, str], certified: dict[int, date], today: date
) -> list[MilestoneStatus]:
    """Each track of the plan from `start`: done (first certified on `certified[track]`), late or open."""
    return [_milestone(m, start, names, certified, today) for m in plan.milestones]


def standing(milestones: list[MilestoneStatus]) -> tuple[str, MilestoneStatus | None]:
    """`done` (every track done), `behind` (with the first late track) or `on_plan`."""
    late = next((m for m in milestones if m.status == "late"), None)
    return ("done" if all(m.status == "done" for m in milestones) else "behind" if late else "on_plan"), late


def _milestone(
    milestone: dict[str, int], start: date, names: dict[int | None, str], certified: dict[int, date], today: date
) -> MilestoneStatus:
    track_id = milestone["track_id"]
    due = start + timedelta(days=milestone["due_days"])
    done_on = certified.get(track_id)
    if done_on is not None:
        status, late = "done", max(0, (done_on - due).days)
    elif today > due:
        status, late = "late", (today - due).days
    else:
        status, late = "open", 0
    return MilestoneStatus(
        track_id=track_id, track_name=names.get(track_id, ""), due=due, status=status, done_on=done_on, days_late=late
    )


def report(session: Session, *, p: Period, now: datetime) -> PlanReport:
    """Every rep on a plan in the report's team (or every team), behind first, then most days late."""
    query = select(User, PlanAssignment).join(PlanAssignment, col(PlanAssignment.user_id) == User.id)
    if p.team_id is not None:
        query = query.where(col(User.team_id) == p.team_id)
    plans = {plan.id: plan for plan in list_plans(session)}
    reps = [
        _rep_plan(session, rep=rep, placed=placed, plan=plans[placed.plan_id], today=now.date())
        for rep, placed in session.exec(query.where(col(User.is_active).is_(True)))
    ]
    order = {"behind": 0, "on_plan": 1, "done": 2}
    reps.sort(key=lambda r: (order[r.status], -r.days_late, r.name, r.user_id))
    return PlanReport(period=p.public(), reps=reps)


def report_table(report_: PlanReport) -> Table:
    """One row per rep."""
    header = [
        "rep",
        "team",
        "plan",
        "start",
        "probation end",
        "status",
        "behind on",
        "days late",
        "tracks done",
        "tracks",
    ]
    rows = [
        [
            r.name,
            r.team_name,
            r.plan_name,
            r.start_date,
            r.probation_end,
            Word(r.status),
            r.behind_track_name,
            r.days_late,
            sum(m.status == "done" for m in r.milestones),
            len(r.milestones),
        ]
        for r in report_.reps
    ]
    return Table("plans", header, rows)
