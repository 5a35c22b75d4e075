"""Reports: heads of sales and admins see every team, trainers their own; each table also as CSV."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from api.deps import EngineDep, NowDep, PathId, QueryId, RequireTrainer, ScoringDep, SessionDep
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
from api.services import reports as service
from api.services import sample_scoring, scope

router = APIRouter(prefix="/reports", tags=["reports"])
Separator = Annotated[Literal["comma", "semicolon"], Query(description="`semicolon` for Excel in a Russian locale")]
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "A CSV file: UTF-8 with a byte order mark, header first"}
}


def report_period(
    viewer: RequireTrainer,
    now: NowDep,
    team_id: QueryId = None,
    since: Annotated[Day | None, Query(description="first day (UTC, YYYY-MM-DD), default 12 weeks ago")] = None,
    until: Annotated[Day | None, Query(description="last day (UTC, YYYY-MM-DD), default today")] = None,
) -> service.Period:
    """The team and days a report covers, within what the caller may see."""
    return service.period(viewer, team_id=team_id, since=since, until=until, now=now)


PeriodDep = Annotated[service.Period, Depends(report_period)]


def _csv(table: service.Table, *, sep: str, now: datetime) -> Response:
    disposition = f'attachment; filename="parry-{table.name}-{now:%Y-%m-%d}.csv"'
    return Response(
        service.to_csv(table, semicolon=sep == "semicolon"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )


@router.get("/certification", response_model=CertificationMatrix)
def certification(
    viewer: RequireTrainer, session: SessionDep, now: NowDep, team_id: QueryId = None
) -> CertificationMatrix:
    """Reps × assigned tracks: certified, expiring, expired, failed, in progress or not started, with dates."""
    return service.certification(session, viewer=viewer, team_id=team_id, now=now)


@router.get("/certification.csv", response_class=Response, responses=CSV)
def certification_csv(
    viewer: RequireTrainer, session: SessionDep, now: NowDep, team_id: QueryId = None, sep: Separator = "comma"
) -> Response:
    """The certification matrix as CSV: one row per rep."""
    matrix = service.certification(session, viewer=viewer, team_id=team_id, now=now)
    return _csv(service.certification_table(matrix), sep=sep, now=now)


@router.get("/heatmap", response_model=HeatMap)
def heatmap(p: PeriodDep, session: SessionDep) -> HeatMap:
    """Mean score per team × objection category."""
    return service.heatmap(session, p=p)


@router.get("/heatmap.csv", response_class=Response, responses=CSV)
def heatmap_csv(p: PeriodDep, session: SessionDep, now: NowDep, sep: Separator = "comma") -> Response:
    """The heat map as CSV: one row per team, a column per category."""
    return _csv(service.heatmap_table(service.heatmap(session, p=p)), sep=sep, now=now)


Limit = Annotated[int, Query(ge=1, le=200)]
MinAnswers = Annotated[int, Query(ge=1, le=10_000)]


@router.get("/weakest-steps", response_model=WeakestSteps)
def weakest_steps(p: PeriodDep, session: SessionDep, limit: Limit = 20, min_answers: MinAnswers = 3) -> WeakestSteps:
    """The objection steps with the lowest mean score."""
    return service.weakest_steps(session, p=p, limit=limit, min_answers=min_answers)


@router.get("/weakest-steps.csv", response_class=Response, responses=CSV)
def weakest_steps_csv(
    p: PeriodDep, session: SessionDep, now: NowDep, limit: Limit = 20, min_answers: MinAnswers = 3,
    sep: Separator = "comma",
) -> Response:  # fmt: skip
    """The weakest steps as CSV: one row per step."""
    report = service.weakest_steps(session, p=p, limit=limit, min_answers=min_answers)
    return _csv(service.weakest_table(report), sep=sep, now=now)


@router.get("/activity", response_model=Activity)
def activity(p: PeriodDep, session: SessionDep) -> Activity:
    """Practice and test answers, active reps and mean practice score per week."""
    return service.activity(session, p=p)


@router.get("/activity.csv", response_class=Response, responses=CSV)
def activity_csv(p: PeriodDep, session: SessionDep, now: NowDep, sep: Separator = "comma") -> Response:
    """Activity as CSV: one row per week."""
    return _csv(service.activity_table(service.activity(session, p=p)), sep=sep, now=now)


FlagSource = Annotated[
    Literal["company", "step", "tone", "all"],
    Query(description="`company` stop phrases; `step`: the steps' own red flags; `tone`: the tone check; `all`"),
]


@router.get("/stop-phrases", response_model=StopPhrasesUsed)
def stop_phrases_used(
    p: PeriodDep, session: SessionDep, source: FlagSource = "company", limit: Limit = 20
) -> StopPhrasesUsed:
    """The company stop phrases (or other red flags) the reps used most: answers, reps, last used."""
    return service.stop_phrases_used(session, p=p, source=source, limit=limit)


@router.get("/stop-phrases.csv", response_class=Response, responses=CSV)
def stop_phrases_used_csv(
    p: PeriodDep, session: SessionDep, now: NowDep, source: FlagSource = "company", limit: Limit = 200,
    sep: Separator = "comma",
) -> Response:  # fmt: skip
    """The stop phrases used as CSV: one row per phrase."""
    report = service.stop_phrases_used(session, p=p, source=source, limit=limit)
    return _csv(service.stop_phrases_table(report), sep=sep, now=now)


AnswerLimit = Annotated[int, Query(ge=1, le=1000)]


@router.get("/reps/{user_id}/answers", response_model=DrillDown)
def drill_down(
    user_id: PathId, viewer: RequireTrainer, p: PeriodDep, session: SessionDep, limit: AnswerLimit = 200
) -> DrillDown:
    """A rep's single answers in the period, newest first."""
    rep = scope.visible_rep(session, viewer=viewer, user_id=user_id)
    return service.drill_down(session, rep=rep, p=p, limit=limit)


@router.get("/reps/{user_id}/answers.csv", response_class=Response, responses=CSV)
def drill_down_csv(
    user_id: PathId, viewer: RequireTrainer, p: PeriodDep, session: SessionDep, now: NowDep, limit: AnswerLimit = 1000,
    sep: Separator = "comma",
) -> Response:  # fmt: skip
    """A rep's answers as CSV: one row per answer."""
    rep = scope.visible_rep(session, viewer=viewer, user_id=user_id)
    return _csv(service.drill_down_table(service.drill_down(session, rep=rep, p=p, limit=limit)), sep=sep, now=now)


@router.get("/agreement", response_model=Agreement)
def agreement(_: RequireTrainer, session: SessionDep, scenario_id: QueryId = None) -> Agreement:
    """Per step: how the scorer agrees with trainers (decided disputes and graded sample answers)."""
    return service.agreement(session, scenario_id=scenario_id)


@router.get("/agreement.csv", response_class=Response, responses=CSV)
def agreement_csv(
    _: RequireTrainer, session: SessionDep, now: NowDep, scenario_id: QueryId = None, sep: Separator = "comma"
) -> Response:
    """Agreement as CSV: one row per step."""
    return _csv(service.agreement_table(service.agreement(session, scenario_id=scenario_id)), sep=sep, now=now)


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
