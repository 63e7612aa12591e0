"""Daily compliance snapshots per framework (agent.posture.compliance, the daemon's compliance job).

Revision ID: 0010_compliance
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

from agent.store.tables.columns import Json, UtcDateTime

revision = "0010_compliance"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "compliance_snapshots",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("framework", sa.String(64), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("taken_at", UtcDateTime, nullable=False),
        sa.Column("scan_id", sa.Integer),
        sa.Column("score", sa.Float),
        sa.Column("totals", Json, nullable=False),
        sa.Column("statuses", Json, nullable=False),
        sa.Column("report", Json, nullable=False),
        sa.UniqueConstraint("tenant", "framework", "day", name="uq_compliance_snapshot_day"),
    )


def downgrade() -> None:
    op.drop_table("compliance_snapshots")
