"""The head's one team screen: reps × objection categories with certification, the weakest objections, the norm
and the plan; heads and admins see every team, trainers their own; also as CSV and XLSX."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import NowDep, QueryId, RequireTrainer, SessionDep
from api.models.base import Day
from api.models.team_screen import TeamScreen
from api.routes.reports import CSV, XLSX, PeriodDep, Separator, csv_file, xlsx_file
from api.services import spreadsheets, weekly_summary
from api.services import team_screen as service
from api.services.spreadsheets import XLSX_MEDIA_TYPE

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/team", response_model=TeamScreen)
def team_screen(p: PeriodDep, session: SessionDep, now: NowDep) -> TeamScreen:
    """Every active rep: certification per assigned track, mean score per objection category and the three weakest
    objections in the period, norm and plan standing, and `attention` (the neediest first); tiles count people."""
    return service.team_screen(session, p=p, now=now)


@router.get("/team.csv", response_class=Response, responses=CSV)
def team_screen_csv(
    p: PeriodDep, viewer: RequireTrainer, session: SessionDep, now: NowDep, sep: Separator = None
) -> Response:
    """The team screen as CSV: one row per rep, a column per category."""
    return csv_file(service.screen_table(service.team_screen(session, p=p, now=now)), sep=sep, viewer=viewer, now=now)


@router.get("/team.xlsx", response_class=Response, responses=XLSX)
def team_screen_xlsx(p: PeriodDep, viewer: RequireTrainer, session: SessionDep, now: NowDep) -> Response:
    """The team screen as XLSX: one row per rep, a column per category."""
    return xlsx_file(service.screen_table(service.team_screen(session, p=p, now=now)), viewer=viewer, now=now)


@router.get("/weekly-summary.xlsx", response_class=Response, responses=XLSX)
def weekly_summary_xlsx(
    viewer: RequireTrainer,
    session: SessionDep,
    now: NowDep,
    team_id: QueryId = None,
    week: Annotated[Day | None, Query(description="any day of the week (UTC, YYYY-MM-DD), default today")] = None,
) -> Response:
    """The weekly team summary the head forwards up, one workbook of a week (Monday to Sunday): a sheet of key
    figures, then certification changes, norm attainment, the weakest objections and new hires behind plan."""
    chosen = weekly_summary.week_of(viewer, team_id=team_id, day=week, now=now)
    sheets = weekly_summary.summary(session, week=chosen, now=now)
    disposition = f'attachment; filename="parry-weekly-summary-{chosen.monday:%Y-%m-%d}.xlsx"'
    return Response(
        spreadsheets.to_workbook(sheets, language=viewer.language),
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": disposition},
    )
