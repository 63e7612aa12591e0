"""Art. 13 by keys: the tenant's designated investigators, the raw values sealed to each of them,
and the tamper-evident audit of what they did.

Created by the Alembic revision ``0010_threat_investigators`` (which also makes
``threat_identities.raw_value`` nullable: raw values are no longer stored in the clear).

- ``threat_investigators``: name and public key (base64 Ed25519) of each designated investigator.
- ``threat_sealed``: per (pseudonym, investigator) the raw value in a sealed box to that
  investigator's key; only the investigator's private key opens it.
- ``threat_audit``: append-only; each row carries ``prev_hash`` (the previous row's ``hash``,
  ``"0" * 64`` for the first), its own ``hash`` over prev_hash and its fields, and — for what an
  investigator did with their key — the signature of that hash by the key (``actor_key``).
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Integer, String, Table, Text, UniqueConstraint

from agent.store.tables.columns import UtcDateTime, metadata

threat_investigators = Table(
    "threat_investigators", metadata,
    Column("tenant", String(64), primary_key=True),
    Column("name", String(128), primary_key=True),
    Column("public_key", String(64), nullable=False),
    Column("added_at", UtcDateTime, nullable=False),
    UniqueConstraint("tenant", "public_key", name="uq_threat_investigators_key"),
)

threat_sealed = Table(
    "threat_sealed", metadata,
    Column("tenant", String(64), primary_key=True),
    Column("pseudonym", String(96), primary_key=True),
    Column("investigator", String(128), primary_key=True),
    Column("box", Text, nullable=False),
)

threat_audit = Table(
    "threat_audit", metadata,
    Column("tenant", String(64), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", UtcDateTime, nullable=False),
    Column("action", String(32), nullable=False),  # reveal | close | investigator-add | investigator-remove
    Column("actor", String(128), nullable=False),
    Column("actor_key", String(64), nullable=True),  # public key that signed the row; NULL when refused
    Column("subject", String(256), nullable=False),  # pseudonym, fingerprint, or investigator name
    Column("reason", Text, nullable=False),
    Column("granted", Boolean, nullable=False),
    Column("outcome", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Column("signature", String(128), nullable=True),
)
