"""Reports: heads of sales and admins see every team, trainers their own; each table also as CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from api.deps import EngineDep, NowDep, PathId, QueryId, RequireTrainer, ScoringDep, SessionDep
from api.errors import InvalidError, field_error
from api.models import User
from api.models.base import Day
from api.models.reports import (
    Activity,
    Agreement,
    CertificationMatrix,
    DrillDown,
    HeatMap,
    SampleScoring,
    StopPhrasesUsed,
    WeakestSteps,
)
from api.services import sample_scoring, scope, spreadsheets
from api.services.reports import agreement as agreement_report
from api.services.reports import certification as certification_report
from api.services.reports import drill_down as drill_down_report
from api.services.reports import export, team
from api.services.reports.period import Period, period
from api.services.spreadsheets import XLSX_MEDIA_TYPE

router = APIRouter(prefix="/reports", tags=["reports"])
Separator = Annotated[
    Literal["comma", "semicolon"] | None,
    Query(description="`semicolon` for Excel in a Russian locale; by default the caller's interface language decides"),
]
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "A CSV file: UTF-8 with a byte order mark, header first"}
}
XLSX: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {XLSX_MEDIA_TYPE: {}},
        "description": "An Excel workbook: headers and status words in the caller's interface language, dates as "
        "dates, numbers as numbers, the header row frozen, an auto-filter",
    }
}


def report_period(
    viewer: RequireTrainer,
    now: NowDep,
    team_id: QueryId = None,
    since: Annotated[Day | None, Query(description="first day (UTC, YYYY-MM-DD), default 12 weeks ago")] = None,
    until: Annotated[Day | None, Query(description="last day (UTC, YYYY-MM-DD), default today")] = None,
) -> Period:
    """The team and days a report covers, within what the caller may see."""
    return period(viewer, team_id=team_id, since=since, until=until, now=now)


PeriodDep = Annotated[Period, Depends(report_period)]


def csv_file(table: export.Table, *, sep: str | None, viewer: User, now: datetime) -> Response:
    """The table as CSV: semicolons (and decimal commas) when asked, or by default for a Russian interface, whose
    headers and status words it writes in Russian."""
    disposition = f'attachment; filename="parry-{table.name}-{now:%Y-%m-%d}.csv"'
    semicolon = sep == "semicolon" if sep is not None else viewer.language == "ru"
    return Response(
        export.to_csv(spreadsheets.translated(table, language=viewer.language), semicolon=semicolon),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )


def xlsx_file(table: export.Table, *, viewer: User, now: datetime) -> Response:
    """The table as an Excel workbook in the viewer's interface language."""
    disposition = f'attachment; filename="parry-{table.name}-{now:%Y-%m-%d}.xlsx"'
    return Response(
        spreadsheets.to_xlsx(table, language=viewer.language),
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": disposition},
    )


@router.get("/certification", response_model=CertificationMatrix)
def certification(
    viewer: RequireTrainer, session: SessionDep, now: NowDep, team_id: QueryId = None
) -> CertificationMatrix:
    """Reps × assigned tracks: certified, expiring, expired, failed, in progress or not started, with dates."""
    return certification_report.certification(session, viewer=viewer, team_id=team_id, now=now)


@router.get("/certification.csv", response_class=Response, responses=CSV)
def certification_csv(
    viewer: RequireTrainer, session: SessionDep, now: NowDep, team_id: QueryId = None, sep: Separator = None
) -> Response:
    """The certification matrix as CSV: one row per rep."""
    matrix = certification_report.certification(session, viewer=viewer, team_id=team_id, now=now)
    return csv_file(export.certification_table(matrix), sep=sep, viewer=viewer, now=now)


@router.get("/certification.xlsx", response_class=Response, responses=XLSX)
def certification_xlsx(viewer: RequireTrainer, session: SessionDep, now: NowDep, team_id: QueryId = None) -> Response:
    """The certification matrix as XLSX: one row per rep."""
    matrix = certification_report.certification(session, viewer=viewer, team_id=team_id, now=now)
    return xlsx_file(export.certification_table(matrix), viewer=viewer, now=now)


@router.get("/heatmap", response_model=HeatMap)
def heatmap(p: PeriodDep, session: SessionDep) -> HeatMap:
    """Mean score per team × objection category."""
    return team.heatmap(session, p=p)


@router.get("/heatmap.csv", response_class=Response, responses=CSV)
def heatmap_csv(
    p: PeriodDep, viewer: RequireTrainer, session: SessionDep, now: NowDep, sep: Separator = None
) -> Response:
    """The heat map as CSV: one row per team, a column per category."""
    return csv_file(export.heatmap_table(team.heatmap(session, p=p)), sep=sep, viewer=viewer, now=now)


@router.get("/heatmap.xlsx", response_class=Response, responses=XLSX)
def heatmap_xlsx(p: PeriodDep, viewer: RequireTrainer, session: SessionDep, now: NowDep) -> Response:
    """The heat map as XLSX: one row per team, a column per category."""
    return xlsx_file(export.heatmap_table(team.heatmap(session, p=p)), viewer=viewer, now=now)


Limit = Annotated[int, Query(ge=1, le=200)]
MinAnswers = Annotated[int, Query(ge=1, le=10_000)]


@router.get("/weakest-steps", response_model=WeakestSteps)
def weakest_steps(p: PeriodDep, session: SessionDep, limit: Limit = 20, min_answers: MinAnswers = 3) -> WeakestSteps:
    """The objection steps with the lowest mean score."""
    return team.weakest_steps(session, p=p, limit=limit, min_answers=min_answers)


@router.get("/weakest-steps.csv", response_class=Response, responses=CSV)
def weakest_steps_csv(
    p: PeriodDep,
    viewer: RequireTrainer,
    session: SessionDep,
    now: NowDep,
    limit: Limit = 20,
    min_answers: MinAnswers = 3,
    sep: Separator = None,
) -> Response:
    """The weakest steps as CSV: one row per step."""
    report = team.weakest_steps(session, p=p, limit=limit, min_answers=min_answers)
    return csv_file(export.weakest_table(report), sep=sep, viewer=viewer, now=now)


@router.get("/weakest-steps.xlsx", response_class=Response, responses=XLSX)
def weakest_steps_xlsx(
    p: PeriodDep,
    viewer: RequireTrainer,
    session: SessionDep,
    now: NowDep,
    limit: Limit = 20,
    min_answers: MinAnswers = 3,
) -> Response:
    """The weakest steps as XLSX: one row per step."""
    report = team.weakest_steps(session, p=p, limit=limit, min_answers=min_answers)
    return xlsx_file(export.weakest_table(report), viewer=viewer, now=now)


@router.get("/activity", response_model=Activity)
def activity(p: PeriodDep, session: SessionDep) -> Activity:
    """Practice and test answers, active reps and mean practice score per week."""
    return team.activity(session, p=p)


@router.get("/activity.csv", response_class=Response, responses=CSV)
def activity_csv(
    p: PeriodDep, viewer: RequireTrainer, session: SessionDep, now: NowDep, sep: Separator = None
) -> Response:
    """Activity as CSV: one row per week."""
    return csv_file(export.activity_table(team.activity(session, p=p)), sep=sep, viewer=viewer, now=now)


@router.get("/activity.xlsx", response_class=Response, responses=XLSX)
def activity_xlsx(p: PeriodDep, viewer: RequireTrainer, session: SessionDep, now: NowDep) -> Response:
    """Activity as XLSX: one row per week."""
    return xlsx_file(export.activity_table(team.activity(session, p=p)), viewer=viewer, now=now)


FlagSource = Annotated[
    Literal["company", "step", "tone", "all"],
    Query(description="`company` stop phrases; `step`: the steps' own red flags; `tone`: the tone check; `all`"),
]


@router.get("/stop-phrases", response_model=StopPhrasesUsed)
def stop_phrases_used(
    p: PeriodDep, session: SessionDep, source: FlagSource = "company", limit: Limit = 20
) -> StopPhrasesUsed:
    """The company stop phrases (or other red flags) the reps used most: answers, reps, last used."""
    return team.stop_phrases_used(session, p=p, source=source, limit=limit)


@router.get("/stop-phrases.csv", response_class=Response, responses=CSV)
def stop_phrases_used_csv(
    p: PeriodDep,
    viewer: RequireTrainer,
    session: SessionDep,
    now: NowDep,
    source: FlagSource = "company",
    limit: Limit = 200,
    sep: Separator = None,
) -> Response:
    """The stop phrases used as CSV: one row per phrase."""
    report = team.stop_phrases_used(session, p=p, source=source, limit=limit)
    return csv_file(export.stop_phrases_table(report), sep=sep, viewer=viewer, now=now)


@router.get("/stop-phrases.xlsx", response_class=Response, responses=XLSX)
def stop_phrases_used_xlsx(
    p: PeriodDep,
    viewer: RequireTrainer,
    session: SessionDep,
    now: NowDep,
    source: FlagSource = "company",
    limit: Limit = 200,
) -> Response:
    """The stop phrases used as XLSX: one row per phrase."""
    report = team.stop_phrases_used(session, p=p, source=source, limit=limit)
    return xlsx_file(export.stop_phrases_table(report), viewer=viewer, now=now)


AnswerLimit = Annotated[int, Query(ge=1, le=1000)]


@dataclass(frozen=True)
class AnswerFilter:
    """Only one objection category's answers, or one step's (`scenario_id` and `step_id` together)."""

    category: str | None
    step: tuple[int, str] | None


def answer_filter(
    category: Annotated[str | None, Query(max_length=64, description="only this objection category")] = None,
    scenario_id: QueryId = None,
    step_id: Annotated[str | None, Query(max_length=64, description="only this step (with `scenario_id`)")] = None,
) -> AnswerFilter:
    """The filter of a rep's answers; a step needs both its scenario and its id."""
    if (scenario_id is None) != (step_id is None):
        field = "step_id" if step_id is None else "scenario_id"
        raise InvalidError("step_needs_scenario", errors=[field_error(field, "step_needs_scenario")])
    return AnswerFilter(category, (scenario_id, step_id) if scenario_id is not None and step_id is not None else None)


AnswerFilterDep = Annotated[AnswerFilter, Depends(answer_filter)]


@router.get("/reps/{user_id}/answers", response_model=DrillDown)
def drill_down(
    user_id: PathId,
    viewer: RequireTrainer,
    p: PeriodDep,
    session: SessionDep,
    only: AnswerFilterDep,
    limit: AnswerLimit = 200,
) -> DrillDown:
    """A rep's single answers in the period, newest first (one category's, or one step's, when asked)."""
    rep = scope.visible_rep(session, viewer=viewer, user_id=user_id)
    return drill_down_report.drill_down(session, rep=rep, p=p, limit=limit, category=only.category, step=only.step)


@router.get("/reps/{user_id}/answers.csv", response_class=Response, responses=CSV)
def drill_down_csv(
    user_id: PathId,
    viewer: RequireTrainer,
    p: PeriodDep,
    session: SessionDep,
    now: NowDep,
    limit: AnswerLimit = 1000,
    sep: Separator = None,
) -> Response:
    """A rep's answers as CSV: one row per answer."""
    rep = scope.visible_rep(session, viewer=viewer, user_id=user_id)
    table = export.drill_down_table(drill_down_report.drill_down(session, rep=rep, p=p, limit=limit))
    return csv_file(table, sep=sep, viewer=viewer, now=now)


@router.get("/reps/{user_id}/answers.xlsx", response_class=Response, responses=XLSX)
def drill_down_xlsx(
    user_id: PathId, viewer: RequireTrainer, p: PeriodDep, session: SessionDep, now: NowDep, limit: AnswerLimit = 1000
) -> Response:
    """A rep's answers as XLSX: one row per answer."""
    rep = scope.visible_rep(session, viewer=viewer, user_id=user_id)
    table = export.drill_down_table(drill_down_report.drill_down(session, rep=rep, p=p, limit=limit))
    return xlsx_file(table, viewer=viewer, now=now)


@router.get("/agreement", response_model=Agreement)
def agreement(_: RequireTrainer, session: SessionDep, scenario_id: QueryId = None) -> Agreement:
    """Per step: how the scorer agrees with trainers (decided disputes and graded sample answers)."""
    return agreement_report.agreement(session, scenario_id=scenario_id)


@router.get("/agreement.csv", response_class=Response, responses=CSV)
def agreement_csv(
    viewer: RequireTrainer, session: SessionDep, now: NowDep, scenario_id: QueryId = None, sep: Separator = None
) -> Response:
    """Agreement as CSV: one row per step."""
    table = export.agreement_table(agreement_report.agreement(session, scenario_id=scenario_id))
    return csv_file(table, sep=sep, viewer=viewer, now=now)


@router.get("/agreement.xlsx", response_class=Response, responses=XLSX)
def agreement_xlsx(viewer: RequireTrainer, session: SessionDep, now: NowDep, scenario_id: QueryId = None) -> Response:
    """Agreement as XLSX: one row per step."""
    return xlsx_file(
        export.agreement_table(agreement_report.agreement(session, scenario_id=scenario_id)), viewer=viewer, now=now
    )


@router.post("/agreement/samples", response_model=SampleScoring, status_code=202)
def score_samples(
    _: RequireTrainer, session: SessionDep, engine: EngineDep, scoring: ScoringDep, now: NowDep
) -> SampleScoring:
    """Start scoring, in the background, the graded sample answers of published steps that have no score from the
    model yet (minutes the first time: every sample is scored with itself left out of its step's calibration), or
    join the job already running; follow it with `GET /reports/agreement/samples`."""
    return sample_scoring.start(session, engine=engine, scoring=scoring, now=now)


@router.get("/agreement/samples", response_model=SampleScoring)
def sample_scoring_progress(_: RequireTrainer, session: SessionDep, engine: EngineDep) -> SampleScoring:
    """Whether the graded samples are being scored now, and how many are scored."""
    return sample_scoring.progress(session, engine=engine)
