"""Notification outbox, Slack thread references and digest schedule state.

Revision ID: 0002_notify
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

from agent.store.schema import Json, UtcDateTime

revision = "0002_notify"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notify_outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("route", sa.String(64)),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("severity", sa.Integer, nullable=False),
        sa.Column("thread_key", sa.String(64)),
        sa.Column("payload", Json, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("next_attempt_at", UtcDateTime, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claimed_until", UtcDateTime),
        sa.Column("delivered_at", UtcDateTime),
        sa.Column("last_error", sa.Text),
        sa.UniqueConstraint("key", name="uq_notify_outbox_key"),
    )
    op.create_index("ix_notify_outbox_due", "notify_outbox", ["tenant", "status", "channel", "next_attempt_at"])
    op.create_table(
        "notify_threads",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("channel", sa.String(64), primary_key=True),
        sa.Column("thread_key", sa.String(64), primary_key=True),
        sa.Column("ref", sa.String(128), nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "notify_digests",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("route", sa.String(64), primary_key=True),
        sa.Column("channel", sa.String(64), primary_key=True),
        sa.Column("last_fire_at", UtcDateTime, nullable=False),
    )


def downgrade() -> None:
    for name in ("notify_digests", "notify_threads", "notify_outbox"):
        op.drop_table(name)
