"""The intake tables: the position of every file a files source has read, and per-day counts of
malformed records by reason.

Created by the Alembic revision ``0008_intake``, which also moves the files sources' old
one-document positions (``intake_positions`` rows ``files:<path>``) into ``intake_files``.
A row per file lets the files intake commit each file's position with that file's counts, in
one small write, however many files the source holds.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, String, Table, Text

from agent.store.tables.columns import UtcDateTime, metadata

intake_files = Table(
    "intake_files",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("source", String(256), primary_key=True),  # "files:<configured path>"
    Column("path", Text, primary_key=True),  # the file read
    Column("offset", BigInteger, nullable=False),  # bytes consumed
    Column("mtime_ns", BigInteger, nullable=False),  # the file's mtime when they were
    Column("updated_at", UtcDateTime, nullable=False),
)

intake_malformed = Table(
    "intake_malformed",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("source", String(256), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("reason", String(32), primary_key=True),  # agent.events.readers.REASONS
    Column("count", BigInteger, nullable=False),
)
