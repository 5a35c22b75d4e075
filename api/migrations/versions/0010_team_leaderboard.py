"""team leaderboard: a team's setting, off by default, that shows its reps a ranking by norm attainment

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 09:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # in place (ALTER TABLE; DROP COLUMN needs SQLite 3.35+), not as a batch copy: SQLite would drop and rebuild
    # "team", which the tables that refer to it forbid while foreign keys are enforced
    op.add_column("team", sa.Column("leaderboard", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    op.drop_column("team", "leaderboard")
