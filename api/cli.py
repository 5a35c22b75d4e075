"""The `parry` command: scoring and scenario tools, and the service's commands."""

from __future__ import annotations

import typer

from api.commands import forget_recordings_command, import_command, init_command, serve_command, users_app
from api.demo_command import demo_command
from scenarios.cli import app as scenarios_app
from scenarios.eval_cli import eval_command
from scoring.cli import score_command
from voice.cli import transcribe_command

app = typer.Typer(help="Parry: an objection-handling trainer for sales teams.", no_args_is_help=True)
app.command("score")(score_command)
app.command("eval")(eval_command)
app.command("transcribe")(transcribe_command)
scenarios_app.command("import")(import_command)
app.add_typer(scenarios_app, name="scenarios", help="Validate, export and import scenario files.")
app.command("serve")(serve_command)
app.command("init")(init_command)
app.command("demo")(demo_command)
app.add_typer(users_app, name="users")
app.command("forget-recordings")(forget_recordings_command)


def main() -> None:
    """Entry point of the `parry` console script."""
    app()
