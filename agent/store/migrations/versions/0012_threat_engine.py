"""Threat engine: finding evidence, unread event counts, correlation windows, baselines.

Revision ID: 0012_threat_engine
Revises: 0006_threats
"""

import sqlalchemy as sa
from alembic import op

from agent.store.schema import Json

revision = "0012_threat_engine"
down_revision = "0006_threats"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "threat_evidence",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("fingerprint", sa.String(32), primary_key=True),
        sa.Column("first_event_time", sa.String(40), nullable=False),
        sa.Column("last_event_time", sa.String(40), nullable=False),
        sa.Column("events", sa.BigInteger, nullable=False),
        sa.Column("event_ids", Json, nullable=False),
        sa.Column("sources", Json, nullable=False),
    )
    op.create_table(
        "threat_unread",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("day", sa.String(10), primary_key=True),
        sa.Column("source", sa.String(256), primary_key=True),
        sa.Column("reason", sa.String(32), primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "threat_window",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("rule", sa.String(128), nullable=False),
        sa.Column("group_key", sa.String(128), nullable=False),
        sa.Column("member", sa.String(128), nullable=False),
        sa.Column("event_time", sa.String(40), nullable=False),
        sa.Column("value", sa.String(128), nullable=False),
        sa.Column("event_id", sa.Text, nullable=False),
    )
    op.create_index("ix_threat_window_rule", "threat_window", ["tenant", "rule", "group_key", "event_time"])
    op.create_table(
        "threat_baseline",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("principal", sa.String(128), primary_key=True),
        sa.Column("attribute", sa.String(16), primary_key=True),
        sa.Column("value", sa.String(128), primary_key=True),
        sa.Column("first_seen", sa.String(40), nullable=False),
        sa.Column("last_seen", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("threat_baseline")
    op.drop_index("ix_threat_window_rule", table_name="threat_window")
    op.drop_table("threat_window")
    op.drop_table("threat_unread")
    op.drop_table("threat_evidence")
