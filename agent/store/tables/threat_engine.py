"""The threat engine's tables: evidence per threat finding, events no rule could read (Art. 12),
the sliding windows of correlation rules, and first-seen baselines per principal.

Created by the Alembic revision ``0012_threat_engine``.  Identities appear here only as keyed
pseudonyms (Art. 13): window group keys and baseline principals/values are digests.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text

from agent.store.tables.columns import Json, metadata

threat_evidence = Table(
    "threat_evidence", metadata,
    Column("tenant", String(64), primary_key=True),
    Column("fingerprint", String(32), primary_key=True),
    Column("first_event_time", String(40), nullable=False),
    Column("last_event_time", String(40), nullable=False),
    Column("events", BigInteger, nullable=False),
    Column("event_ids", Json, nullable=False),  # the first EVIDENCE_IDS event ids
    Column("sources", Json, nullable=False),  # where they came from: file:line, s3 key, API
)

threat_unread = Table(
    "threat_unread", metadata,
    Column("tenant", String(64), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("source", String(256), primary_key=True),
    Column("reason", String(32), primary_key=True),
    Column("count", BigInteger, nullable=False),
)

threat_window = Table(
    "threat_window", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant", String(64), nullable=False),
    Column("rule", String(128), nullable=False),  # the correlation rule's id
    Column("group_key", String(128), nullable=False),  # digest of the group-by values
    Column("member", String(128), nullable=False),  # the base rule that matched
    Column("event_time", String(40), nullable=False),
    Column("value", String(128), nullable=False),  # digest of the value_count field ("" otherwise)
    Column("event_id", Text, nullable=False),
    Index("ix_threat_window_rule", "tenant", "rule", "group_key", "event_time"),
)

threat_baseline = Table(
    "threat_baseline", metadata,
    Column("tenant", String(64), primary_key=True),
    Column("principal", String(128), primary_key=True),  # digest
    Column("attribute", String(16), primary_key=True),  # api, region, ua, network
    Column("value", String(128), primary_key=True),  # digest
    Column("first_seen", String(40), nullable=False),
    Column("last_seen", String(40), nullable=False),
)
