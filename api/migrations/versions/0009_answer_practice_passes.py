"""practice passes index: a rep's first-answer passes per objection step, for the team screen's mastery reads

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PASSES = sa.text("kind = 'practice' AND passed AND NOT retry")


def upgrade() -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.create_index(
            "ix_answer_practice_passes",
            ["user_id", "scenario_id", "step_id", "created_at"],
            unique=False,
            postgresql_where=PASSES,
            sqlite_where=PASSES,
        )


def downgrade() -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.drop_index("ix_answer_practice_passes", postgresql_where=PASSES, sqlite_where=PASSES)
