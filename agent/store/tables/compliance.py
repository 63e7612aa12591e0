"""Daily compliance snapshots: one row per tenant, framework and day (the day's last evaluation).

Created by the Alembic revision ``0010_compliance``.
"""

from __future__ import annotations

from sqlalchemy import Column, Float, Integer, String, Table, UniqueConstraint

from agent.store.tables.columns import Json, UtcDateTime, metadata

compliance_snapshots = Table(
    "compliance_snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant", String(64), nullable=False),
    Column("framework", String(64), nullable=False),
    Column("day", String(10), nullable=False),  # ISO date in the tenant's time zone
    Column("taken_at", UtcDateTime, nullable=False),
    Column("scan_id", Integer),
    Column("score", Float),  # None: no automated control
    Column("totals", Json, nullable=False, default=dict),  # {status: controls}
    Column("statuses", Json, nullable=False, default=dict),  # {control id: status}
    Column("report", Json, nullable=False, default=dict),  # ComplianceReport.to_dict(with_passes=False)
    UniqueConstraint("tenant", "framework", "day", name="uq_compliance_snapshot_day"),
)
