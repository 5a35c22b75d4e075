"""company stop phrases, seeded with the ones Parry ships

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 01:20:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from scoring.stop_phrases import default_stop_phrases

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "stop_phrase",
        sa.Column("phrase", sa.String(length=200), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("penalty", sa.Integer(), nullable=False),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["updated_by_id"], ["user.id"], name=op.f("fk_stop_phrase_updated_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stop_phrase")),
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        table,
        [
            {
                "phrase": p.phrase,
                "label": p.label,
                "penalty": p.penalty,
                "critical": p.critical,
                "language": p.language,
                "updated_at": now,
            }
            for p in default_stop_phrases()
        ],
    )


def downgrade() -> None:
    op.drop_table("stop_phrase")
