"""Create the response store: import batches, raw rows, responses, rejects, flags and store facts.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tables of the first store version."""
    op.create_table(
        "store_facts",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(200), nullable=False, index=True),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tool_version", sa.String(40), nullable=False),
        sa.Column("headers", sa.JSON, nullable=False),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("blank_rows", sa.Integer, nullable=False),
        sa.Column("rows_new", sa.Integer, nullable=False),
        sa.Column("rows_changed", sa.Integer, nullable=False),
        sa.Column("rows_unchanged", sa.Integer, nullable=False),
        sa.Column("rows_removed", sa.Integer, nullable=False),
        sa.Column("accepted", sa.Integer),
        sa.Column("rejected", sa.Integer),
        sa.Column("duplicate", sa.Integer),
    )
    op.create_table(
        "raw_rows",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("import_batches.id"), nullable=False, index=True),
        sa.Column("response_id", sa.String(300), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("row_number", sa.Integer, nullable=False),
        sa.Column("cells", sa.JSON, nullable=False),
        sa.Column("personal_values", sa.JSON),
    )
    op.create_table(
        "responses",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("response_id", sa.String(300), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("batch_id", sa.Integer, sa.ForeignKey("import_batches.id"), nullable=False),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.Column("removed_batch_id", sa.Integer, sa.ForeignKey("import_batches.id")),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("row_number", sa.Integer, nullable=False),
        sa.Column("row_key", sa.String(300), nullable=False),
        sa.Column("row_hash", sa.String(64), nullable=False),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("enumerator", sa.String(200)),
        sa.Column("form_number", sa.String(100)),
        sa.Column("submitted_at", sa.DateTime(timezone=True)),
        sa.Column("record", sa.JSON, nullable=False),
        sa.UniqueConstraint("response_id", "version", name="uq_responses_version"),
    )
    op.create_index("ix_responses_current", "responses", ["source", "is_current"])
    for table in ("rejects", "flags"):
        op.create_table(
            table,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("batch_id", sa.Integer, sa.ForeignKey("import_batches.id"), nullable=False, index=True),
            sa.Column("response_id", sa.String(300), nullable=False),
            sa.Column("version", sa.Integer, nullable=False),
            sa.Column("row_number", sa.Integer, nullable=False),
            sa.Column("code", sa.String(60), nullable=False),
            sa.Column("column_title", sa.Text),
            sa.Column("value", sa.Text),
        )


def downgrade() -> None:
    """Drop every table of the first store version."""
    for table in ("flags", "rejects", "responses", "raw_rows", "import_batches", "store_facts"):
        op.drop_table(table)
