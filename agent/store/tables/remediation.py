"""The remediation tables: one row per plan with its status, one audit row per action.

Created by the Alembic revision ``0003_remediation``.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from agent.store.tables.columns import Json, UtcDateTime, metadata, resource_columns

plans = Table(
    "remediation_plans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant", String(64), nullable=False),
    Column("check_id", String(128), nullable=False),
    Column("fingerprint", String(32), nullable=False),
    *resource_columns(),
    Column("resource_digest", String(32)),
    Column("resource_data", Json),
    Column("mode", String(12), nullable=False),
    Column("status", String(16), nullable=False),
    Column("summary", Text, nullable=False),
    Column("before", Json, nullable=False),
    Column("after", Json, nullable=False),
    Column("calls", Json, nullable=False),
    Column("rollback_calls", Json, nullable=False),
    Column("cli", Text, nullable=False),
    Column("terraform", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime),
    Column("created_by", String(128), nullable=False),
    Column("approved_by", String(128)),
    Index("ix_rplans_tenant_status", "tenant", "status"),
    Index("ix_rplans_tenant_fp", "tenant", "fingerprint"),
)

audit = Table(
    "remediation_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant", String(64), nullable=False),
    Column("plan_id", Integer, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(16), nullable=False),
    Column("result", String(12), nullable=False),
    Column("before", Json, nullable=False),
    Column("after", Json, nullable=False),
    Column("detail", Text, nullable=False),
    Index("ix_raudit_tenant_plan", "tenant", "plan_id"),
)
