"""Practice norms: heads of sales and admins set them for any team or rep, trainers for their own team and its
reps; each rep reads their own progress against the norm, and the report shows who meets it."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import CurrentUser, NowDep, PathId, QueryId, RequireTrainer, SessionDep
from api.models.norms import NormCreate, NormProgress, NormPublic, NormReport
from api.routes.reports import CSV, XLSX, PeriodDep, Separator, csv_file, xlsx_file
from api.services import norm_report as reporting
from api.services import norms as service
from api.services import scope

router = APIRouter(tags=["norms"])


@router.get("/norms", response_model=list[NormPublic])
def list_norms(viewer: RequireTrainer, session: SessionDep, team_id: QueryId = None) -> list[NormPublic]:
    """Every version of the norms of the teams and reps the caller may see (one team's with `team_id`), newest
    first."""
    return service.list_norms(session, viewer=viewer, team_id=team_id)


@router.post("/norms", response_model=NormPublic, status_code=201)
def set_norm(body: NormCreate, viewer: RequireTrainer, session: SessionDep, now: NowDep) -> NormPublic:
    """A new version of a team's norm (`team_id`) or of a rep's own (`user_id`), in force from `valid_from` (today
    by default; a past day is refused). A version of the same team or rep from the same day is replaced."""
    version = service.create(session, viewer=viewer, body=body, now=now)
    return NormPublic.model_validate(version, from_attributes=True)


@router.delete("/norms/{norm_id}", status_code=204)
def delete_norm(norm_id: PathId, viewer: RequireTrainer, session: SessionDep, now: NowDep) -> Response:
    """Withdraw a version that is not in force yet (409 for one in force or past: it is history)."""
    service.delete(session, viewer=viewer, norm_id=norm_id, now=now)
    return Response(status_code=204)


@router.get("/norms/me", response_model=NormProgress)
def my_norm(user: CurrentUser, session: SessionDep, now: NowDep) -> NormProgress:
    """One's own norm: today's answers, this week's practice days and mastered objections, behind or not."""
    return service.progress(session, rep=user, now=now)


@router.get("/norms/reps/{user_id}", response_model=NormProgress)
def rep_norm(user_id: PathId, viewer: CurrentUser, session: SessionDep, now: NowDep) -> NormProgress:
    """A rep against their norm: oneself; a trainer's own team; anyone for heads and admins."""
    rep = scope.visible_rep(session, viewer=viewer, user_id=user_id)
    return service.progress(session, rep=rep, now=now)


@router.get("/reports/norms", response_model=NormReport, tags=["reports"])
def norm_report(p: PeriodDep, viewer: RequireTrainer, session: SessionDep, now: NowDep) -> NormReport:
    """Per team and per rep: days and weeks of the period with a norm and how many met it, and who is behind now
    (behind first)."""
    return reporting.report(session, viewer=viewer, p=p, now=now)


@router.get("/reports/norms.csv", response_class=Response, responses=CSV, tags=["reports"])
def norm_report_csv(
    p: PeriodDep, viewer: RequireTrainer, session: SessionDep, now: NowDep, sep: Separator = None
) -> Response:
    """The norm report as CSV: one row per rep."""
    table = reporting.report_table(reporting.report(session, viewer=viewer, p=p, now=now))
    return csv_file(table, sep=sep, viewer=viewer, now=now)


@router.get("/reports/norms.xlsx", response_class=Response, responses=XLSX, tags=["reports"])
def norm_report_xlsx(p: PeriodDep, viewer: RequireTrainer, session: SessionDep, now: NowDep) -> Response:
    """The norm report as XLSX: one row per rep."""
    table = reporting.report_table(reporting.report(session, viewer=viewer, p=p, now=now))
    return xlsx_file(table, viewer=viewer, now=now)
