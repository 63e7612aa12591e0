"""The store's operations on the threat tables (Art. 13).

The raw communication data behind each pseudonym is written with the threat findings it came
with (:meth:`agent.store.Store.record_threat_findings`, through :func:`remember_identities`) and
sealed to the designated investigators' keys and opened only by
:func:`agent.store.investigators.reveal` with one of them; every attempt, granted or refused, is
written to the chained audit ``threat_audit``.  ``threat_counts`` keeps how often each threat finding's event was
seen; ``threat_keys`` a generated pseudonym key for a tenant that configured none.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, select
from sqlalchemy.exc import IntegrityError

from agent.core.logging_setup import register_secret
from agent.core.model import utcnow
from agent.store.connect import chunks
from agent.store.investigators import seal_identities
from agent.store.tables import threat_counts, threat_identities, threat_keys


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
    assert row is not None  # inserted above, by us or by the process that won the race
    register_secret(row[0])
    return str(row[0]).encode()


_IDENTITIES_OF = select(threat_identities.c.pseudonym).where(  # made once, not per batch
    threat_identities.c.tenant == bindparam("b_tenant"), threat_identities.c.pseudonym.in_(bindparam("b_names", expanding=True)))
KNOWN_IDENTITIES = 65_536  # pseudonyms a process remembers as stored, per tenant (then it starts over)


def remember_identities(conn: Connection, tenant: str, seen: Mapping[str, tuple[str, str]], now: datetime,
                        stored: set[str] | None = None) -> None:
    """Keep ``{pseudonym: (kind, raw value)}`` for the investigators' reveal (first sighting wins):
    the pseudonym in ``threat_identities``, the raw value only sealed to the designated
    investigators (:func:`agent.store.investigators.seal_identities`), never in the clear.
    ``stored``: pseudonyms known to be stored already (a stream repeats them), not looked up
    again; this batch's are added (the caller drops the set if the transaction fails)."""
    if stored is not None:
        seen = {p: kv for p, kv in seen.items() if p not in stored}
    if not seen:
        return
    known = set(conn.execute(_IDENTITIES_OF, {"b_tenant": tenant, "b_names": list(seen)}).scalars())
    rows = [{"tenant": tenant, "pseudonym": p, "kind": k, "raw_value": None, "first_seen": now}
            for p, (k, v) in seen.items() if p not in known]
    if rows:
        conn.execute(threat_identities.insert(), rows)
        seal_identities(conn, tenant, {p: v for p, (_, v) in seen.items() if p not in known})
    if stored is not None:
        if len(stored) + len(seen) > KNOWN_IDENTITIES:
            stored.clear()
        stored.update(seen)


_COUNTS_BY_KEY = and_(threat_counts.c.tenant == bindparam("b_tenant"), threat_counts.c.fingerprint == bindparam("b_fp"))
# statements made once (a statement made per batch is work, and garbage in reference cycles)
_COUNTS_OF = select(threat_counts.c.fingerprint, threat_counts.c.occurrences).where(
    threat_counts.c.tenant == bindparam("b_tenant"), threat_counts.c.fingerprint.in_(bindparam("b_fps", expanding=True)))
_COUNTS_UPDATE = threat_counts.update().where(_COUNTS_BY_KEY)
_COUNTS_INSERT = threat_counts.insert()


def add_counts(conn: Connection, tenant: str, counts: Mapping[str, tuple[str, int, str]]) -> dict[str, int]:
    """Add ``{fingerprint: (check id, n, last event time)}``; returns the new totals."""
    if not counts:
        return {}
    prev: dict[str, int] = {}
    for part in chunks(list(counts)):
        prev.update((fp, int(n)) for fp, n in conn.execute(_COUNTS_OF, {"b_tenant": tenant, "b_fps": part}).all())
    totals: dict[str, int] = {}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for fp, (check_id, n, when) in counts.items():
        totals[fp] = prev.get(fp, 0) + n
        if fp in prev:
            updates.append({"b_tenant": tenant, "b_fp": fp, "occurrences": totals[fp], "last_event_time": when})
        else:
            inserts.append({"tenant": tenant, "fingerprint": fp, "check_id": check_id, "occurrences": n,
                            "last_event_time": when})
    # one statement per kind for the whole batch (executemany), not one per finding
    if updates:
        conn.execute(_COUNTS_UPDATE, updates)
    if inserts:
        conn.execute(_COUNTS_INSERT, inserts)
    return totals


def counts(engine: Engine, tenant: str) -> dict[str, int]:
    with engine.connect() as conn:
        return {fp: int(n) for fp, n in conn.execute(select(threat_counts.c.fingerprint, threat_counts.c.occurrences)
                                                     .where(threat_counts.c.tenant == tenant)).all()}
