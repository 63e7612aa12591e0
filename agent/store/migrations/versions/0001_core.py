"""Core tables: scans, findings, finding history, resources.

Revision ID: 0001_core
Revises:
"""

import sqlalchemy as sa
from alembic import op

from agent.store.schema import Json, UtcDateTime

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scans",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("started_at", UtcDateTime, nullable=False),
        sa.Column("finished_at", UtcDateTime),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("trigger", sa.String(32), nullable=False),
        sa.Column("scope", Json, nullable=False),
        sa.Column("coverage", Json, nullable=False),
        sa.Column("summary", Json, nullable=False),
        sa.Column("error", sa.Text),
    )
    op.create_index("ix_scans_tenant_started", "scans", ["tenant", "started_at"])
    op.create_table(
        "findings",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("fingerprint", sa.String(32), primary_key=True),
        sa.Column("check_id", sa.String(128), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("account", sa.String(128), nullable=False),
        sa.Column("region", sa.String(64), nullable=False),
        sa.Column("resource_type", sa.String(96), nullable=False),
        sa.Column("resource_id", sa.Text, nullable=False),
        sa.Column("resource_name", sa.Text, nullable=False),
        sa.Column("resource_tags", Json, nullable=False),
        sa.Column("severity", sa.Integer, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("evidence", Json, nullable=False),
        sa.Column("first_seen", UtcDateTime, nullable=False),
        sa.Column("last_seen", UtcDateTime, nullable=False),
        sa.Column("state_changed_at", UtcDateTime, nullable=False),
        sa.Column("resolved_at", UtcDateTime),
        sa.Column("mute_reason", sa.Text),
        sa.Column("mute_expires", sa.String(10)),
        sa.Column("last_scan_id", sa.Integer),
    )
    op.create_index("ix_findings_tenant_state", "findings", ["tenant", "state"])
    op.create_index("ix_findings_tenant_check", "findings", ["tenant", "check_id"])
    op.create_table(
        "finding_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("scan_id", sa.Integer),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("from_state", sa.String(12)),
        sa.Column("to_state", sa.String(12), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("severity", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text),
    )
    op.create_index("ix_history_tenant_fp", "finding_history", ["tenant", "fingerprint"])
    op.create_table(
        "resources",
        sa.Column("tenant", sa.String(64), primary_key=True),
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("account", sa.String(128), nullable=False),
        sa.Column("region", sa.String(64), nullable=False),
        sa.Column("type", sa.String(96), nullable=False),
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("tags", Json, nullable=False),
        sa.Column("data", Json, nullable=False),
        sa.Column("digest", sa.String(32), nullable=False),
        sa.Column("last_scan_id", sa.Integer),
        sa.Column("last_seen", UtcDateTime, nullable=False),
    )
    op.create_index("ix_resources_tenant_type", "resources", ["tenant", "type"])


def downgrade() -> None:
    for name in ("resources", "finding_history", "findings", "scans"):
        op.drop_table(name)
