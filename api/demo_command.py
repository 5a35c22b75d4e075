"""`parry demo`: a demo company with months of history, so that every page and report has data."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlmodel import Session

from api.clock import utcnow
from api.db import make_engine
from api.errors import ServiceError
from api.migrate import upgrade
from api.services import demo
from api.settings import Settings, get_settings
from scoring.scorer import Scorer

out = Console()
STAGES = {"scoring": "scoring the answer pool", "days": "simulating the days"}


def load_scorer(settings: Settings) -> Scorer:
    """The configured model's scorer (loaded once per command)."""
    from scoring.encoder import load_encoder

    return Scorer(load_encoder(settings.model))


def demo_command(
    days: Annotated[int, typer.Option(min=7, max=730, help="Days of history, ending yesterday.")] = 90,
    teams: Annotated[int, typer.Option(min=1, max=3, help="How many of the teams: Moscow, Kazan, Export.")] = 3,
    reps_per_team: Annotated[int, typer.Option(min=1, max=6, help="Reps in each team.")] = 4,
    seed: Annotated[int, typer.Option(help="Seed of the simulation.")] = 7,
    password: Annotated[
        str, typer.Option(envvar="PARRY_DEMO_PASSWORD", help="Password of every demo user (at least 10 characters).")
    ] = "demo-password-2026",
) -> None:
    """Create a demo company: teams, reps, trainers, a head of sales, tracks and months of practice, tests,
    certificates and disputes, made by the real scheduling and scorer. Refused in production and when the
    demo company is already there."""
    settings = get_settings()
    if settings.environment == "production":
        out.print("[red]error:[/red] the demo company is not created in production", highlight=False)
        raise typer.Exit(1)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    with Session(engine, expire_on_commit=False) as session:
        if demo.exists(session):
            out.print("[red]error:[/red] the demo company is already in this database", highlight=False)
            raise typer.Exit(1)
        out.print("loading the model…")
        scorer = load_scorer(settings)
        options = demo.DemoOptions(
            days=days, teams=tuple(range(teams)), reps_per_team=reps_per_team, seed=seed, password=password
        )
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=out
        ) as bar:
            tasks = {stage: bar.add_task(text, total=None) for stage, text in STAGES.items()}

            def report(stage: str, done: int, total: int) -> None:
                bar.update(tasks[stage], completed=done, total=total)

            try:
                summary = demo.create_demo(
                    session, scorer=scorer, settings=settings, now=utcnow(), options=options, progress=report
                )
            except ServiceError as error:
                out.print(f"[red]error:[/red] {error.message}", highlight=False)
                raise typer.Exit(1) from None
    engine.dispose()
    _print(summary, password=password)


def _print(summary: demo.DemoSummary, *, password: str) -> None:
    out.print(
        f"demo company: {summary.teams} teams, {summary.users} users, {summary.practice_answers} practice answers, "
        f"{summary.tests} tests, {summary.certificates} certificates, {summary.disputes} disputes",
        highlight=False,
    )
    for role, email in summary.logins:
        out.print(f"  {role:<8} {email}", highlight=False)
    out.print(f"every demo user's password: {password}", highlight=False)
