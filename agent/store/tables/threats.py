"""The threat tables (Art. 13): the raw values behind pseudonyms, the reveal audit, per-finding
occurrence counts, and the pseudonym key kept for a tenant that configured none.

Created by the Alembic revision ``0006_threats``.  ``threat_identities`` is read only by a reveal
for a designated investigator (:func:`agent.store.threats.reveal`), and every attempt is audited.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Integer, String, Table, Text

from agent.store.tables.columns import UtcDateTime, metadata

threat_keys = Table(
    "threat_keys", metadata,
    Column("tenant", String(64), primary_key=True),
    Column("key", String(128), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

threat_identities = Table(
    "threat_identities", metadata,
    Column("tenant", String(64), primary_key=True),
    Column("pseudonym", String(96), primary_key=True),
    Column("kind", String(8), nullable=False),
    Column("raw_value", Text, nullable=True),  # NULL: sealed to the investigators (threat_sealed)
    Column("first_seen", UtcDateTime, nullable=False),
)

threat_reveals = Table(
    "threat_reveals", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant", String(64), nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("investigator", String(128), nullable=False),
    Column("pseudonym", String(96), nullable=False),
    Column("reason", Text, nullable=False),
    Column("granted", Boolean, nullable=False),
    Column("outcome", Text, nullable=False),
    Index("ix_threat_reveals_tenant_at", "tenant", "at"),
)

threat_counts = Table(
    "threat_counts", metadata,
    Column("tenant", String(64), primary_key=True),
    Column("fingerprint", String(32), primary_key=True),
    Column("check_id", String(128), nullable=False),
    Column("occurrences", BigInteger, nullable=False),
    Column("last_event_time", String(40), nullable=False),
)
