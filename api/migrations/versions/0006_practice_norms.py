"""practice norms: versions of a team's norm or a rep's own, each in force from its day

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "practice_norm",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("answers_per_day", sa.Integer(), nullable=True),
        sa.Column("days_per_week", sa.Integer(), nullable=True),
        sa.Column("mastered_per_week", sa.Integer(), nullable=True),
        sa.Column("time_zone", sa.String(length=64), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("(team_id IS NULL) <> (user_id IS NULL)", name=op.f("ck_practice_norm_team_or_user")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], name=op.f("fk_practice_norm_created_by_id_user")),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_practice_norm_team_id_team")),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_practice_norm_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_norm")),
        sa.UniqueConstraint("team_id", "valid_from", name="uq_practice_norm_team_day"),
        sa.UniqueConstraint("user_id", "valid_from", name="uq_practice_norm_user_day"),
    )
    with op.batch_alter_table("practice_norm", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_norm_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_practice_norm_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_table("practice_norm")
