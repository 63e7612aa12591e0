"""The realtime re-assessment log (event-driven re-assessment of changed resources).

Revision ID: 0010_realtime
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

from agent.store.tables.columns import UtcDateTime

revision = "0010_realtime"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "realtime_assessments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("recorded_at", UtcDateTime, nullable=False),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("account", sa.String(128), nullable=False),
        sa.Column("resource_type", sa.String(128), nullable=False),
        sa.Column("resource_key", sa.String(1024), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("events", sa.Integer, nullable=False),
        sa.Column("first_event_at", UtcDateTime, nullable=True),
        sa.Column("latency_seconds", sa.Float, nullable=True),
        sa.Column("resources", sa.Integer, nullable=False),
        sa.Column("api_calls", sa.Integer, nullable=False),
        sa.Column("transitions", sa.Integer, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
    )
    op.create_index("ix_realtime_tenant_at", "realtime_assessments", ["tenant", "recorded_at"])


def downgrade() -> None:
    op.drop_index("ix_realtime_tenant_at", "realtime_assessments")
    op.drop_table("realtime_assessments")
