"""red flags of stored answers as rows the reports count, filled from the answers already stored

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500


def upgrade() -> None:
    table = op.create_table(
        "answer_red_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("phrase", sa.String(length=200), nullable=True),
        sa.Column("words", sa.String(length=200), nullable=False),
        sa.Column("penalty", sa.Integer(), nullable=False),
        sa.Column("critical", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["answer_id"], ["answer.id"], name=op.f("fk_answer_red_flag_answer_id_answer")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_red_flag")),
    )
    with op.batch_alter_table("answer_red_flag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_answer_red_flag_answer_id"), ["answer_id"], unique=False)
    phrases = _company_phrases()
    for rows in _stored_hits(phrases):
        op.bulk_insert(table, rows)


def downgrade() -> None:
    with op.batch_alter_table("answer_red_flag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_answer_red_flag_answer_id"))
    op.drop_table("answer_red_flag")


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def _company_phrases() -> dict[tuple[str, str], str]:
    """(label, folded phrase) -> phrase, for the company's list as it is now."""
    stop = sa.table("stop_phrase", sa.column("phrase", sa.String), sa.column("label", sa.String))
    rows = op.get_bind().execute(sa.select(stop.c.label, stop.c.phrase))
    return {(label, _fold(phrase)): phrase for label, phrase in rows}


def _stored_hits(phrases: dict[tuple[str, str], str]) -> Iterator[list[dict[str, Any]]]:
    """The red flags in every stored answer's feedback, a batch of answers at a time. A company hit names its stop
    phrase when the words said are the phrase itself (a later answer names it for any word form)."""
    answer = sa.table(
        "answer", sa.column("id", sa.Integer), sa.column("result", sa.JSON().with_variant(JSONB(), "postgresql"))
    )
    bind, last = op.get_bind(), 0
    while True:
        query = sa.select(answer.c.id, answer.c.result).where(answer.c.id > last).order_by(answer.c.id).limit(BATCH)
        batch = bind.execute(query).all()
        if not batch:
            return
        last = batch[-1][0]
        rows = [_row(answer_id, hit, phrases) for answer_id, result in batch for hit in _hits(result)]
        if rows:
            yield rows


def _hits(result: Any) -> list[dict[str, Any]]:
    flags = result.get("red_flags") if isinstance(result, dict) else None
    return [hit for hit in flags or [] if isinstance(hit, dict) and hit.get("label")]


def _row(answer_id: int, hit: dict[str, Any], phrases: dict[tuple[str, str], str]) -> dict[str, Any]:
    source, label, words = str(hit.get("source") or "step"), str(hit["label"])[:200], str(hit.get("words") or "")
    return {
        "answer_id": answer_id,
        "source": source[:16],
        "label": label,
        "words": words[:200],
        "phrase": phrases.get((label, _fold(words))) if source == "company" else None,
        "penalty": int(hit.get("penalty") or 0),
        "critical": bool(hit.get("critical")),
    }
