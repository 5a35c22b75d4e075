"""onboarding plans: tracks due days after a new rep's start, through probation; reps on a plan

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "onboarding_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("probation_days", sa.Integer(), nullable=False),
        sa.Column("milestones", JSON, nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], name=op.f("fk_onboarding_plan_created_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_onboarding_plan")),
        sa.UniqueConstraint("name", name=op.f("uq_onboarding_plan_name")),
    )
    op.create_table(
        "plan_assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assigned_by_id"], ["user.id"], name=op.f("fk_plan_assignment_assigned_by_id_user")),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["onboarding_plan.id"], name=op.f("fk_plan_assignment_plan_id_onboarding_plan")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_plan_assignment_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_assignment")),
        sa.UniqueConstraint("user_id", name=op.f("uq_plan_assignment_user_id")),
    )
    with op.batch_alter_table("plan_assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_assignment_plan_id"), ["plan_id"], unique=False)


def downgrade() -> None:
    op.drop_table("plan_assignment")
    op.drop_table("onboarding_plan")
