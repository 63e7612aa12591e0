"""Remediation plans and their audit trail.

Revision ID: 0003_remediation
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

from agent.store.schema import Json, UtcDateTime

revision = "0003_remediation"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "remediation_plans",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("check_id", sa.String(128), nullable=False),
        sa.Column("fingerprint", sa.String(32), nullable=False),
        sa.Column("provider", sa.String(16), nullable=False),
        sa.Column("account", sa.String(128), nullable=False),
        sa.Column("region", sa.String(64), nullable=False),
        sa.Column("resource_type", sa.String(96), nullable=False),
        sa.Column("resource_id", sa.Text, nullable=False),
        sa.Column("resource_name", sa.Text, nullable=False),
        sa.Column("resource_tags", Json, nullable=False),
        sa.Column("resource_digest", sa.String(32)),
        sa.Column("resource_data", Json),
        sa.Column("mode", sa.String(12), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("before", Json, nullable=False),
        sa.Column("after", Json, nullable=False),
        sa.Column("calls", Json, nullable=False),
        sa.Column("rollback_calls", Json, nullable=False),
        sa.Column("cli", sa.Text, nullable=False),
        sa.Column("terraform", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("created_at", UtcDateTime, nullable=False),
        sa.Column("updated_at", UtcDateTime, nullable=False),
        sa.Column("expires_at", UtcDateTime),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("approved_by", sa.String(128)),
    )
    op.create_index("ix_rplans_tenant_status", "remediation_plans", ["tenant", "status"])
    op.create_index("ix_rplans_tenant_fp", "remediation_plans", ["tenant", "fingerprint"])
    op.create_table(
        "remediation_audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant", sa.String(64), nullable=False),
        sa.Column("plan_id", sa.Integer, nullable=False),
        sa.Column("at", UtcDateTime, nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("result", sa.String(12), nullable=False),
        sa.Column("before", Json, nullable=False),
        sa.Column("after", Json, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_raudit_tenant_plan", "remediation_audit", ["tenant", "plan_id"])


def downgrade() -> None:
    op.drop_table("remediation_audit")
    op.drop_table("remediation_plans")
