"""Onboarding plans: trainers and heads write them; a trainer puts their own team's reps on one, a head anyone;
a rep reads their plan with its dates; the report shows who is on plan, behind or done."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import CurrentUser, NowDep, PathId, RequireTrainer, SessionDep
from api.models.plans import PlanAssign, PlanCreate, PlanPublic, PlanReport, RepPlan
from api.routes.reports import CSV, XLSX, PeriodDep, Separator, csv_file, xlsx_file
from api.services import plans as service
from api.services import scope

router = APIRouter(tags=["plans"])


@router.get("/plans", response_model=list[PlanPublic])
def list_plans(_: RequireTrainer, session: SessionDep) -> list[PlanPublic]:
    """Every onboarding plan, by name."""
    return [service.public(p) for p in service.list_plans(session)]


@router.post("/plans", response_model=PlanPublic, status_code=201)
def create_plan(body: PlanCreate, author: RequireTrainer, session: SessionDep, now: NowDep) -> PlanPublic:
    """A plan: published tracks in order, each due `due_days` after the start, and the probation's length."""
    return service.public(service.create(session, author=author, body=body, now=now))


@router.get("/plans/me", response_model=RepPlan)
def my_plan(user: CurrentUser, session: SessionDep, now: NowDep) -> RepPlan:
    """One's own plan with its dates (404 when on none)."""
    return service.rep_plan(session, rep=user, now=now)


@router.get("/plans/reps/{user_id}", response_model=RepPlan)
def rep_plan(user_id: PathId, viewer: CurrentUser, session: SessionDep, now: NowDep) -> RepPlan:
    """A rep's plan: oneself; a trainer's own team; anyone for heads and admins."""
    rep = scope.visible_rep(session, viewer=viewer, user_id=user_id)
    return service.rep_plan(session, rep=rep, now=now)


@router.get("/plans/{plan_id}", response_model=PlanPublic)
def get_plan(plan_id: PathId, _: RequireTrainer, session: SessionDep) -> PlanPublic:
    """One plan."""
    return service.public(service.get_plan(session, plan_id=plan_id))


@router.post("/plans/{plan_id}/assignments", response_model=RepPlan, status_code=201)
def assign_plan(plan_id: PathId, body: PlanAssign, viewer: RequireTrainer, session: SessionDep, now: NowDep) -> RepPlan:
    """Put a rep on the plan from `start_date` (today by default) and assign them its tracks."""
    plan = service.get_plan(session, plan_id=plan_id)
    return service.assign(session, viewer=viewer, plan=plan, body=body, now=now)


@router.get("/reports/plans", response_model=PlanReport, tags=["reports"])
def plan_report(p: PeriodDep, session: SessionDep, now: NowDep) -> PlanReport:
    """Every rep on a plan: on plan, behind (which track, how many days late) or done; behind first."""
    return service.report(session, p=p, now=now)


@router.get("/reports/plans.csv", response_class=Response, responses=CSV, tags=["reports"])
def plan_report_csv(
    p: PeriodDep, viewer: RequireTrainer, session: SessionDep, now: NowDep, sep: Separator = None
) -> Response:
    """The plan report as CSV: one row per rep."""
    return csv_file(service.report_table(service.report(session, p=p, now=now)), sep=sep, viewer=viewer, now=now)


@router.get("/reports/plans.xlsx", response_class=Response, responses=XLSX, tags=["reports"])
def plan_report_xlsx(p: PeriodDep, viewer: RequireTrainer, session: SessionDep, now: NowDep) -> Response:
    """The plan report as XLSX: one row per rep."""
    return xlsx_file(service.report_table(service.report(session, p=p, now=now)), viewer=viewer, now=now)
