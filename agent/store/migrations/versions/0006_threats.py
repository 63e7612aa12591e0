"""Threat room: raw communication data behind pseudonyms (Art. 13), reveal audit, counts, keys.

Revision ID: 0006_threats
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

from agent.store.schema import UtcDateTime

revision = "0006_threats"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "threat_keys",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("key", sa.String(128), nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
    )
    op.create_table(
        "threat_identities",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("pseudonym", sa.String(96), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("raw_value", sa.Text, nullable=False),
        sa.Column("first_seen", UtcDateTime, nullable=False),
    )
    op.create_table(
        "threat_reveals",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("investigator", sa.String(128), nullable=False),
        sa.Column("pseudonym", sa.String(96), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("granted", sa.Boolean, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
    )
    op.create_index("ix_threat_reveals_tenant_at", "threat_reveals", ["tenant", "at"])
    op.create_table(
        "threat_counts",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("fingerprint", sa.String(32), primary_key=True),
        sa.Column("check_id", sa.String(128), nullable=False),
        sa.Column("occurrences", sa.BigInteger, nullable=False),
        sa.Column("last_event_time", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("threat_counts")
    op.drop_index("ix_threat_reveals_tenant_at", table_name="threat_reveals")
    op.drop_table("threat_reveals")
    op.drop_table("threat_identities")
    op.drop_table("threat_keys")
