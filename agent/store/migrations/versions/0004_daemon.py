"""Daemon room: Art. 11 suspensions and meter, Art. 12 dropped counts, intake positions and counts.

Revision ID: 0004_daemon
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

from agent.store.schema import Json, UtcDateTime

revision = "0004_daemon"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suspensions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("started_at", UtcDateTime, nullable=False),
        sa.Column("planned_end", UtcDateTime, nullable=False),
        sa.Column("ended_at", UtcDateTime),
        sa.Column("ended_by", sa.String(128)),
        sa.Column("end_reason", sa.Text),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("rates", Json, nullable=False),
        sa.Column("notified", sa.Boolean, nullable=False),
    )
    op.create_index("ix_suspensions_tenant", "suspensions", ["tenant", "started_at"])
    op.create_table(
        "suspension_drops",
        sa.Column("suspension_id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(256), primary_key=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("dropped", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "throttle_meter",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("minute", sa.BigInteger, nullable=False),
        sa.Column("events", sa.BigInteger, nullable=False),
        sa.Column("findings", sa.BigInteger, nullable=False),
        sa.Column("over_streak", sa.Integer, nullable=False),
        sa.Column("recent", Json, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "intake_positions",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("source", sa.String(256), primary_key=True),
        sa.Column("position", sa.Text, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "event_counts",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("source", sa.String(256), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("accepted", sa.BigInteger, nullable=False),
        sa.Column("malformed", sa.BigInteger, nullable=False),
        sa.Column("dropped", sa.BigInteger, nullable=False),
        sa.Column("last_error", sa.Text),
    )


def downgrade() -> None:
    for name in ("event_counts", "intake_positions", "throttle_meter", "suspension_drops", "suspensions"):
        op.drop_table(name)
