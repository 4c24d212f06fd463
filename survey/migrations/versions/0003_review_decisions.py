"""Record the coordinator's review decisions on flagged responses.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the table of reviewed-keep / exclude decisions."""
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("response_id", sa.String(300), nullable=False, index=True),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("initials", sa.String(20), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("workbook", sa.String(500), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop the review decisions table."""
    op.drop_table("review_decisions")
