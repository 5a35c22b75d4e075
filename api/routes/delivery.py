"""The delivery of spoken answers per rep and per team: a report beside the others (trainers their own team), also
as CSV and XLSX."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from api.deps import NowDep, RequireTrainer, SessionDep
from api.models.delivery import DeliveryReport
from api.routes.reports import CSV, XLSX, PeriodDep, Separator, csv_file, xlsx_file
from api.services import delivery_report as service

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/delivery", response_model=DeliveryReport)
def delivery_report(p: PeriodDep, session: SessionDep) -> DeliveryReport:
    """Each rep's and each team's spoken answers in the period: median pace, fillers a minute and longest pause,
    total talk time, and the stated norms the medians miss; reps without spoken answers are not listed."""
    return service.delivery_report(session, p=p)


@router.get("/delivery.csv", response_class=Response, responses=CSV)
def delivery_csv(
    p: PeriodDep, viewer: RequireTrainer, session: SessionDep, now: NowDep, sep: Separator = None
) -> Response:
    """The delivery report as CSV: a row per rep, then per team, then everyone."""
    return csv_file(service.delivery_table(service.delivery_report(session, p=p)), sep=sep, viewer=viewer, now=now)


@router.get("/delivery.xlsx", response_class=Response, responses=XLSX)
def delivery_xlsx(p: PeriodDep, viewer: RequireTrainer, session: SessionDep, now: NowDep) -> Response:
    """The delivery report as XLSX: a row per rep, then per team, then everyone."""
    return xlsx_file(service.delivery_table(service.delivery_report(session, p=p)), viewer=viewer, now=now)
