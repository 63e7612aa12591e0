"""Table definitions (SQLAlchemy Core).  Alembic migrations create them; this is the one source.

Rooms that add tables (notification outbox, remediation audit, throttle state, vulnerabilities)
define them in their own module against :data:`metadata` and add an Alembic revision whose
``down_revision`` is ``"0001_core"`` (the store upgrades to all heads).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


Json = JSON().with_variant(JSONB(), "postgresql")

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
    Column("provider", String(16), nullable=False),
    Column("account", String(128), nullable=False),
    Column("region", String(64), nullable=False),
    Column("resource_type", String(96), nullable=False),
    Column("resource_id", Text, nullable=False),
    Column("resource_name", Text, nullable=False),
    Column("resource_tags", Json, nullable=False, default=dict),
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
    Column("provider", String(16), nullable=False),
    Column("account", String(128), nullable=False),
    Column("region", String(64), nullable=False),
    Column("type", String(96), nullable=False),
    Column("id", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("tags", Json, nullable=False, default=dict),
    Column("data", Json, nullable=False, default=dict),
    Column("digest", String(32), nullable=False),
    Column("last_scan_id", Integer),
    Column("last_seen", UtcDateTime, nullable=False),
    Index("ix_resources_tenant_type", "tenant", "type"),
)
