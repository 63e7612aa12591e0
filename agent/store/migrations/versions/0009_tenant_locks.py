"""The tenant lock as a row in the store: holder identity and heartbeat (SQLite's daemon lock).

Revision ID: 0009_tenant_locks
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

from agent.store.tables.columns import UtcDateTime

revision = "0009_tenant_locks"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tenant_locks",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("holder", sa.String(300), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("process_start", sa.String(32), nullable=False),
        sa.Column("acquired_at", UtcDateTime, nullable=False),
        sa.Column("heartbeat_at", UtcDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("tenant_locks")
