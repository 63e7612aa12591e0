"""Store tables of the threat room and the operations on them.

``threat_identities`` holds the raw communication data behind each pseudonym: it is read only by
:func:`reveal`, for a designated investigator, and every attempt (granted or refused) is written
to ``threat_reveals``.  ``threat_counts`` keeps how often each threat finding's event was seen.
``threat_keys`` keeps a generated pseudonym key for a tenant that configured none.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    String,
    Table,
    Text,
    select,
)
from sqlalchemy.exc import IntegrityError

from agent.core.logging_setup import register_secret
from agent.core.model import utcnow
from agent.store.schema import UtcDateTime, metadata

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
    Column("raw_value", Text, nullable=False),
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


def tenant_key(engine: Engine, tenant: str, configured: bytes | None) -> bytes:
    """The configured key, else this tenant's generated key (created on first use)."""
    if configured:
        register_secret(configured.decode(errors="replace"))
        return configured
    with engine.begin() as conn:
        row = conn.execute(select(threat_keys.c.key).where(threat_keys.c.tenant == tenant)).first()
        if row is None:
            try:
                with conn.begin_nested():
                    conn.execute(threat_keys.insert().values(tenant=tenant, key=secrets.token_hex(32), created_at=utcnow()))
            except IntegrityError:
                pass  # another process created it first
            row = conn.execute(select(threat_keys.c.key).where(threat_keys.c.tenant == tenant)).first()
    register_secret(row[0])
    return str(row[0]).encode()


def remember_identities(conn: Connection, tenant: str, seen: dict[str, tuple[str, str]], now: datetime) -> None:
    if not seen:
        return
    known = set(conn.execute(select(threat_identities.c.pseudonym).where(
        threat_identities.c.tenant == tenant, threat_identities.c.pseudonym.in_(list(seen)))).scalars())
    rows = [{"tenant": tenant, "pseudonym": p, "kind": k, "raw_value": v, "first_seen": now}
            for p, (k, v) in seen.items() if p not in known]
    if rows:
        conn.execute(threat_identities.insert(), rows)


def add_counts(conn: Connection, tenant: str, counts: dict[str, tuple[str, int, str]]) -> dict[str, int]:
    """Add ``{fingerprint: (check id, n, last event time)}``; returns the new totals."""
    if not counts:
        return {}
    prev = dict(conn.execute(select(threat_counts.c.fingerprint, threat_counts.c.occurrences).where(
        threat_counts.c.tenant == tenant, threat_counts.c.fingerprint.in_(list(counts)))).all())
    totals: dict[str, int] = {}
    for fp, (check_id, n, when) in counts.items():
        totals[fp] = int(prev.get(fp, 0)) + n
        if fp in prev:
            conn.execute(threat_counts.update().where(threat_counts.c.tenant == tenant, threat_counts.c.fingerprint == fp)
                         .values(occurrences=totals[fp], last_event_time=when))
        else:
            conn.execute(threat_counts.insert().values(tenant=tenant, fingerprint=fp, check_id=check_id,
                                                       occurrences=n, last_event_time=when))
    return totals


def counts(engine: Engine, tenant: str) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(select(threat_counts.c.fingerprint, threat_counts.c.occurrences)
                                 .where(threat_counts.c.tenant == tenant)).all())


@dataclass(slots=True)
class Revealed:
    granted: bool
    value: str | None
    message: str


def reveal(engine: Engine, tenant: str, pseudonym: str, investigator: str, reason: str,
           investigators: Iterable[str]) -> Revealed:
    """The raw value behind ``pseudonym`` for a designated investigator; every attempt audited."""
    reason = reason.strip()
    now = utcnow()
    with engine.begin() as conn:
        if investigator not in set(investigators):
            result = Revealed(False, None, f"{investigator!r} is not a designated incident investigator of tenant {tenant}")
        elif not reason:
            result = Revealed(False, None, "a reason is required")
        else:
            raw = conn.execute(select(threat_identities.c.raw_value).where(
                threat_identities.c.tenant == tenant, threat_identities.c.pseudonym == pseudonym)).scalar()
            result = Revealed(raw is not None, raw, "revealed" if raw is not None else "no such pseudonym")
        conn.execute(threat_reveals.insert().values(
            tenant=tenant, at=now, investigator=investigator, pseudonym=pseudonym, reason=reason,
            granted=result.granted, outcome=result.message))
    return result


def reveal_audit(engine: Engine, tenant: str, limit: int = 100) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(threat_reveals).where(threat_reveals.c.tenant == tenant)
                            .order_by(threat_reveals.c.id.desc()).limit(limit)).mappings().all()
    return [{k: v for k, v in dict(r).items() if k != "tenant"} for r in rows]
