"""The delivery of spoken answers per rep: a report beside the others (trainers their own team)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import SessionDep
from api.models.delivery import DeliveryReport
from api.routes.reports import PeriodDep
from api.services import delivery as service

router = APIRouter(prefix="/reports", tags=["reports"])


@router.get("/delivery", response_model=DeliveryReport)
def delivery_report(p: PeriodDep, session: SessionDep) -> DeliveryReport:
    """Each rep's spoken answers in the period: mean pace, fillers a minute, longest pause and talk time, against
    the stated norms; reps without spoken answers are not listed."""
    return service.delivery_report(session, p=p)
