"""a rep's answers of a period as an index-only scan: on PostgreSQL ix_answer_user_created (user_id, created_at)
also carries the columns the reports read, so that the team screen aggregates each rep's answers of the period
from the index alone (docs/performance.md); SQLite keeps the plain index

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 13:05:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# api.models.training.REPORTED_COLUMNS without the key's user_id, as of this revision
CARRIED = ["test_id", "kind", "scenario_id", "step_id", "category", "score", "final_score", "passed", "pass_mark"]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_answer_user_created", table_name="answer")
    op.create_index("ix_answer_user_created", "answer", ["user_id", "created_at"], postgresql_include=CARRIED)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index("ix_answer_user_created", table_name="answer")
    op.create_index("ix_answer_user_created", "answer", ["user_id", "created_at"])
