"""attempt requests: a rep with no test attempts left asks in the app for more; a trainer of their team (or a
head of sales, an admin) grants extra attempts or declines with a note; one pending request per rep and track

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 12:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_table(
        "attempt_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("track_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("attempts_used", sa.Integer(), nullable=False),
        sa.Column("attempts_allowed", sa.Integer(), nullable=False),
        sa.Column("extra", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["decided_by_id"], ["user.id"], name=op.f("fk_attempt_request_decided_by_id_user")),
        sa.ForeignKeyConstraint(["track_id"], ["track.id"], name=op.f("fk_attempt_request_track_id_track")),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_attempt_request_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempt_request")),
    )
    with op.batch_alter_table("attempt_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attempt_request_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attempt_request_track_id"), ["track_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attempt_request_status"), ["status"], unique=False)
        batch_op.create_index(
            "uq_attempt_request_pending",
            ["user_id", "track_id"],
            unique=True,
            postgresql_where=PENDING,
            sqlite_where=PENDING,
        )


def downgrade() -> None:
    op.drop_table("attempt_request")
