"""The core tables: scans, findings with their lifecycle, finding history, resource snapshots.

Created by the Alembic revision ``0001_core`` (``findings.message``: ``0007_finding_message``;
``findings.sources`` and ``product_refs``: ``0010_products``).
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from agent.store.tables.columns import Json, UtcDateTime, metadata, resource_columns

scans = Table(
    "scans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant", String(64), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime),
    # running | completed | partial | failed | refused | interrupted
    Column("status", String(16), nullable=False),
    Column("trigger", String(32), nullable=False, default="cli"),
    Column("scope", Json, nullable=False, default=dict),
    Column("coverage", Json, nullable=False, default=list),
    Column("summary", Json, nullable=False, default=dict),
    Column("error", Text),
    Index("ix_scans_tenant_started", "tenant", "started_at"),
)

findings = Table(
    "findings",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("fingerprint", String(32), primary_key=True),
    Column("check_id", String(128), nullable=False),
    Column("kind", String(24), nullable=False, default="misconfiguration"),
    *resource_columns(),
    Column("severity", Integer, nullable=False),
    Column("status", String(8), nullable=False),
    Column("state", String(12), nullable=False),
    Column("detail", Text, nullable=False, default=""),
    Column("message", String(160)),  # message id of detail (agent.core.messages), to render it in ja
    Column("evidence", Json, nullable=False, default=dict),
    Column("first_seen", UtcDateTime, nullable=False),
    Column("last_seen", UtcDateTime, nullable=False),
    Column("state_changed_at", UtcDateTime, nullable=False),
    Column("resolved_at", UtcDateTime),
    Column("mute_reason", Text),
    Column("mute_expires", String(10)),
    Column("last_scan_id", Integer),
    # who says so ("ucs" and/or product sources) and each product's own reference (0010_products)
    Column("sources", Json),
    Column("product_refs", Json),
    Index("ix_findings_tenant_state", "tenant", "state"),
    Index("ix_findings_tenant_check", "tenant", "check_id"),
)

finding_history = Table(
    "finding_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant", String(64), nullable=False),
    Column("fingerprint", String(32), nullable=False),
    Column("scan_id", Integer),
    Column("at", UtcDateTime, nullable=False),
    Column("from_state", String(12)),
    Column("to_state", String(12), nullable=False),
    Column("status", String(8), nullable=False),
    Column("severity", Integer, nullable=False),
    Column("reason", Text),
    Index("ix_history_tenant_fp", "tenant", "fingerprint"),
)

resources = Table(
    "resources",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("key", String(32), primary_key=True),
    *resource_columns(prefix=""),
    Column("data", Json, nullable=False, default=dict),
    Column("digest", String(32), nullable=False),
    Column("last_scan_id", Integer),
    Column("last_seen", UtcDateTime, nullable=False),
    Index("ix_resources_tenant_type", "tenant", "type"),
)
