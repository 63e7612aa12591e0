"""The vulnerability table: rows imported from Trivy, ECR scans and Inspector2.

Created by the Alembic revision ``0005_vulns``.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, Integer, String, Table, Text

from agent.store.tables.columns import UtcDateTime, metadata

vulnerabilities = Table(
    "vulnerabilities",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("key", String(32), primary_key=True),
    Column("cve", String(64), nullable=False),
    Column("package", Text, nullable=False),
    Column("installed_version", Text, nullable=False),
    Column("fixed_version", Text),
    Column("severity", Integer, nullable=False),
    Column("cvss_score", Float),
    Column("cvss_vector", Text),
    Column("network", Boolean, nullable=False),
    Column("no_auth", Boolean, nullable=False),
    Column("source", String(16), nullable=False),
    Column("image", Text),
    Column("image_digest", String(80)),
    Column("target", Text),
    Column("title", Text, nullable=False),
    Column("first_seen", UtcDateTime, nullable=False),
    Column("last_seen", UtcDateTime, nullable=False),
    Index("ix_vulns_tenant_digest", "tenant", "image_digest"),
)
