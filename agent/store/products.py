"""The store's operation for the cloud security products' own findings (agent.products).

A product's findings land in ``findings`` like ours, with their ``sources`` and ``product_refs``;
the decisions are :func:`agent.store.lifecycle.ingest`.  What was read where is the caller's
``complete`` set: only a complete, full (not incremental) read of one unit of a product
proves a finding of that product absent there, so a product we could not read resolves
nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from sqlalchemy import Connection, Engine, and_, bindparam, select

from agent.core.model import Finding, State, Status, utcnow
from agent.store import lifecycle
from agent.store.connect import chunks
from agent.store.findings import TransitionHook, _write
from agent.store.lifecycle import Known, Transition
from agent.store.rows import KNOWN_COLUMNS, known, row_to_finding
from agent.store.tables import findings

_BY_KEY = and_(findings.c.tenant == bindparam("b_tenant"), findings.c.fingerprint == bindparam("b_fp"))


def _known_with_refs(conn: Connection, tenant: str, fps: list[str]) -> dict[str, Known]:
    out: dict[str, Known] = {}
    for part in chunks(fps):
        for r in conn.execute(select(*KNOWN_COLUMNS, findings.c.product_refs).where(
                findings.c.tenant == tenant, findings.c.fingerprint.in_(part))):
            k = known(r[:len(KNOWN_COLUMNS)])
            k.refs = dict(r.product_refs or {})
            out[k.fingerprint] = k
    return out


def _absent(conn: Connection, tenant: str, source: str, complete: Collection[str],
            reported: Collection[str]) -> list[Finding]:
    """Stored findings ``source`` reports active from a unit read completely and in full that this
    read did not return: resolved there (PASS from the product).  Only their refs are read for the
    choice; the few absent ones are then read in full."""
    gone: list[str] = []
    for fp, refs in conn.execute(select(findings.c.fingerprint, findings.c.product_refs).where(
            findings.c.tenant == tenant, findings.c.product_refs.is_not(None),
            findings.c.state.in_([s.value for s in lifecycle.CLOSABLE]))):
        ref = (refs or {}).get(source)
        if ref and ref.get("active") and ref.get("unit") in complete and fp not in reported:
            gone.append(fp)
    out: list[Finding] = []
    for part in chunks(gone):
        for r in conn.execute(select(findings).where(findings.c.tenant == tenant,
                                                     findings.c.fingerprint.in_(part))).mappings():
            f = row_to_finding(r)
            f.refs = {source: {**f.refs[source], "active": False, "status": "absent"}}
            f.sources, f.status = (source,), Status.PASS
            out.append(f)
    return out


class ProductOperations:
    """Record product findings (mixed into :class:`agent.store.Store`)."""

    engine: Engine

    def record_product_findings(self, tenant: str, source: str, batch: Iterable[Finding],
                                complete: Collection[str] = (), reported: Collection[str] = (),
                                on_transitions: TransitionHook | None = None,
                                now: datetime | None = None) -> list[Transition]:
        """Store one batch of ``source``'s findings (FAIL: active there; PASS: archived, resolved
        or dismissed there; MUTED: our mutelist).  ``complete`` names the units (``refs[source]
        ["unit"]``) a read just finished in full; their active findings of ``source`` that the read
        did not report (``reported``: fingerprints, this batch's included) are resolved.
        Transitions go to the hook in the same transaction."""
        now = now or utcnow()
        items = list(batch)
        with self.engine.begin() as conn:
            if complete:
                items += _absent(conn, tenant, source, complete, set(reported) | {f.fingerprint for f in items})
            previous = _known_with_refs(conn, tenant, [f.fingerprint for f in items])
            rows, transitions = lifecycle.ingest(previous, items, source, now=now)
            _write(conn, tenant, rows, None, now)
            refs = [{"b_tenant": tenant, "b_fp": r.finding.fingerprint, "product_refs": r.finding.refs,
                     "sources": list(r.finding.sources)} for r in rows if not isinstance(r, lifecycle.Resolve)]
            if refs:
                conn.execute(findings.update().where(_BY_KEY), refs)
            if on_transitions and transitions:
                on_transitions(conn, transitions)
        return transitions

    def product_finding_count(self, tenant: str, source: str) -> int:
        """How many stored findings ``source`` reports active now."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(findings.c.product_refs).where(
                findings.c.tenant == tenant, findings.c.product_refs.is_not(None),
                findings.c.state != State.RESOLVED.value)).scalars()
            return sum(1 for refs in rows if (refs or {}).get(source, {}).get("active"))
