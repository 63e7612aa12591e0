"""Findings ↔ table rows: the one place that knows how a Finding is laid out in ``findings`` and
``finding_history``.  Pure functions; the store's operations execute them.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import RowMapping, Select, select

from agent.core.model import UCS, Finding, Resource, Severity, State, Status
from agent.store.lifecycle import Entry, Known
from agent.store.tables import findings

# The columns a lifecycle decision reads (see :class:`agent.store.lifecycle.Known`).
KNOWN_COLUMNS = (findings.c.fingerprint, findings.c.check_id, findings.c.state, findings.c.severity,
                 findings.c.provider, findings.c.account, findings.c.region, findings.c.resource_type,
                 findings.c.first_seen, findings.c.resource_id, findings.c.sources)


def select_known(tenant: str) -> Select[Any]:
    return select(*KNOWN_COLUMNS).where(findings.c.tenant == tenant)


def known(r: Any) -> Known:
    return Known(r.fingerprint, r.check_id, State(r.state), Severity(r.severity), r.provider, r.account, r.region,
                 r.resource_type, r.first_seen, r.resource_id, sources_of(r.sources))


def sources_of(value: Any) -> tuple[str, ...]:
    """The stored sources (rows written before products were read have none: ours)."""
    return tuple(value) if value else (UCS,)


def finding_row(tenant: str, f: Finding, scan_id: int | None, now: datetime) -> dict[str, Any]:
    r = f.resource
    return {
        "tenant": tenant, "fingerprint": f.fingerprint, "check_id": f.check_id, "kind": f.kind,
        "sources": list(f.sources),
        "provider": r.provider, "account": r.account, "region": r.region, "resource_type": r.type,
        "resource_id": r.id, "resource_name": r.name, "resource_tags": dict(r.tags),
        "severity": int(f.severity), "status": f.status.value, "state": f.state.value if f.state else State.OPEN.value,
        "detail": f.detail, "message": f.message or None, "evidence": f.evidence, "first_seen": f.first_seen or now,
        "last_seen": now, "mute_reason": f.mute_reason,
        "mute_expires": f.mute_expires.isoformat() if f.mute_expires else None,
        "last_scan_id": scan_id, "resolved_at": now if f.state is State.RESOLVED else None,
    }


def history_row(tenant: str, fp: str, scan_id: int | None, now: datetime, e: Entry) -> dict[str, Any]:
    return {"tenant": tenant, "fingerprint": fp, "scan_id": scan_id, "at": now,
            "from_state": e.from_state.value if e.from_state else None, "to_state": e.to_state.value,
            "status": e.status.value, "severity": int(e.severity), "reason": e.reason}


def row_to_finding(r: RowMapping) -> Finding:
    res = Resource(provider=r["provider"], account=r["account"], region=r["region"], type=r["resource_type"],
                   id=r["resource_id"], name=r["resource_name"], tags=dict(r["resource_tags"] or {}))
    return Finding(
        check_id=r["check_id"], resource=res, status=Status(r["status"]), severity=Severity(r["severity"]),
        detail=r["detail"], evidence=r["evidence"] or {}, fingerprint=r["fingerprint"],
        first_seen=r["first_seen"], last_seen=r["last_seen"], state=State(r["state"]),
        mute_reason=r["mute_reason"], mute_expires=date.fromisoformat(r["mute_expires"]) if r["mute_expires"] else None,
        kind=r["kind"], message=r.get("message") or "", sources=sources_of(r.get("sources")),
        refs=dict(r.get("product_refs") or {}),
    )


def resource_key(r: Resource) -> str:
    raw = "\x1f".join((r.provider, r.account, r.region, r.type, r.id))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def data_digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]
