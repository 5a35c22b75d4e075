"""drills that end won or lost: the outcome, the push-back on screen, what the customer said, the summary

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("drill", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("current_line", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("turns", JSON, nullable=True))
        batch_op.add_column(sa.Column("summary", JSON, nullable=True))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN in place (SQLite 3.35+): batch mode would copy the table and drop the old one,
    # which SQLite refuses while answers refer to drills
    for name in ("summary", "turns", "current_line", "outcome"):
        op.drop_column("drill", name)
