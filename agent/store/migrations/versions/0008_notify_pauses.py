"""Channel pauses: after a 429 / Retry-After or a transient failure, a channel's whole queue waits.

Revision ID: 0008_notify_pauses
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

from agent.store.tables.columns import UtcDateTime

revision = "0008_notify_pauses"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notify_pauses",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("channel", sa.String(64), primary_key=True),
        sa.Column("until", UtcDateTime, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("since", UtcDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("notify_pauses")
