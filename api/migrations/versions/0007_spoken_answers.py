"""spoken answers: an answer's delivery, its recording, and whether a track's tests take text, voice or either

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("answer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivery", JSON, nullable=True))
    with op.batch_alter_table("track_version", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("answer_mode", sa.String(length=8), nullable=False, server_default=sa.text("'either'"))
        )
    op.create_table(
        "answer_audio",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"], ["answer.id"], name=op.f("fk_answer_audio_answer_id_answer"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_answer_audio_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_audio")),
        sa.UniqueConstraint("answer_id", name=op.f("uq_answer_audio_answer_id")),
    )
    op.create_index(op.f("ix_answer_audio_user_id"), "answer_audio", ["user_id"], unique=False)
    op.create_index(op.f("ix_answer_audio_created_at"), "answer_audio", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_answer_audio_created_at"), table_name="answer_audio")
    op.drop_index(op.f("ix_answer_audio_user_id"), table_name="answer_audio")
    op.drop_table("answer_audio")
    # DROP COLUMN in place (SQLite 3.35+), as in 0005: batch mode would copy tables that others refer to
    op.drop_column("track_version", "answer_mode")
    op.drop_column("answer", "delivery")
