"""Findings ↔ table rows: the one place that knows how a Finding is laid out in ``findings`` and
``finding_history``.  Pure functions; the store's operations execute them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import RowMapping, Select, select

from agent.core.model import UCS, Finding, FindingKind, Resource, Severity, State, Status
from agent.store.lifecycle import Entry, Known
from agent.store.tables import findings

# The columns a lifecycle decision reads (see :class:`agent.store.lifecycle.Known`).
KNOWN_COLUMNS = (findings.c.fingerprint, findings.c.check_id, findings.c.state, findings.c.severity,
                 findings.c.provider, findings.c.account, findings.c.region, findings.c.resource_type,
                 findings.c.first_seen, findings.c.resource_id, findings.c.sources)


# Stored values → members: a dict look-up is a tenth of an Enum call, which a read makes 4 times a row.
_STATES = {m.value: m for m in State}
_STATUSES = {m.value: m for m in Status}
_SEVERITIES = {m.value: m for m in Severity}
_KINDS = {m.value: m for m in FindingKind}


def select_known(tenant: str) -> Select[Any]:
    return select(*KNOWN_COLUMNS).where(findings.c.tenant == tenant)


def known(r: Any) -> Known:
    """The :class:`Known` of a row of :data:`KNOWN_COLUMNS` (a scan reads one per stored finding)."""
    fp, check_id, state, severity, provider, account, region, rtype, first_seen, rid, sources = r
    return Known(fp, check_id, _STATES[state] if state in _STATES else State(state),
                 _SEVERITIES[severity] if severity in _SEVERITIES else Severity(severity), provider, account, region,
                 rtype, first_seen, rid, sources_of(sources))


def sources_of(value: Any) -> tuple[str, ...]:
    """The stored sources (rows written before products were read have none: ours)."""
    return tuple(value) if value else (UCS,)


# A finding's columns as the scan writes them, in the order :func:`content` gives their values;
# an insert adds the identity and first sighting (:data:`INSERT_KEYS`), an update its key.
CONTENT_KEYS = ("check_id", "kind", "sources", "provider", "account", "region", "resource_type", "resource_id",
                "resource_name", "resource_tags", "severity", "status", "state", "detail", "message", "evidence",
                "last_seen", "mute_reason", "mute_expires", "resolved_at")
INSERT_KEYS = ("tenant", "fingerprint", "first_seen", "state_changed_at", "last_scan_id", *CONTENT_KEYS)
HISTORY_KEYS = ("tenant", "fingerprint", "scan_id", "at", "from_state", "to_state", "status", "severity", "reason")


# Members → stored values (``.value`` on an enum member is a descriptor call; these run per row).
_STATE_VALUES = {m: m.value for m in State}
_STATUS_VALUES = {m: m.value for m in Status}
_SOURCE_LISTS: dict[tuple[str, ...], list[str]] = {}


def _source_list(sources: tuple[str, ...]) -> list[str]:
    """``list(sources)``, one list per distinct tuple (never changed), so that a run of rows with
    the same sources is serialised once (:mod:`agent.store.bulk` processes a value repeated by
    identity once)."""
    out = _SOURCE_LISTS.get(sources)
    if out is None:
        out = list(sources)
        if len(_SOURCE_LISTS) < 64:  # "ucs" and the products' combinations: a handful
            _SOURCE_LISTS[sources] = out
    return out


def content(f: Finding, now: datetime) -> tuple[Any, ...]:
    """The values of :data:`CONTENT_KEYS` for ``f`` seen at ``now``.  A resource's own tags dict
    is passed as it is (the results of one resource are consecutive: serialised once for all)."""
    r = f.resource
    tags = r.tags if type(r.tags) is dict else dict(r.tags)
    state = f.state
    return (f.check_id, f.kind, _source_list(tuple(f.sources)), r.provider, r.account, r.region, r.type, r.id, r.name,
            tags, int(f.severity), _STATUS_VALUES[f.status], _STATE_VALUES[state] if state else State.OPEN.value,
            f.detail, f.message or None, f.evidence, now, f.mute_reason,
            f.mute_expires.isoformat() if f.mute_expires else None, now if state is State.RESOLVED else None)


def inserted(tenant: str, f: Finding, scan_id: int | None, now: datetime) -> tuple[Any, ...]:
    """The values of :data:`INSERT_KEYS`: a finding first stored at ``now``."""
    return (tenant, f.fingerprint, f.first_seen or now, now, scan_id, *content(f, now))


def history(tenant: str, fp: str, scan_id: int | None, now: datetime, e: Entry) -> tuple[Any, ...]:
    """The values of :data:`HISTORY_KEYS`: one line of a finding's history."""
    return (tenant, fp, scan_id, now, _STATE_VALUES[e.from_state] if e.from_state else None, _STATE_VALUES[e.to_state],
            _STATUS_VALUES[e.status], int(e.severity), e.reason)


def history_row(tenant: str, fp: str, scan_id: int | None, now: datetime, e: Entry) -> dict[str, Any]:
    return dict(zip(HISTORY_KEYS, history(tenant, fp, scan_id, now, e), strict=True))


# The columns a Finding is read from, in the order :func:`finding_of` takes their values.
FINDING_COLUMNS = (findings.c.check_id, findings.c.provider, findings.c.account, findings.c.region,
                   findings.c.resource_type, findings.c.resource_id, findings.c.resource_name, findings.c.resource_tags,
                   findings.c.status, findings.c.severity, findings.c.detail, findings.c.evidence, findings.c.fingerprint,
                   findings.c.first_seen, findings.c.last_seen, findings.c.state, findings.c.mute_reason,
                   findings.c.mute_expires, findings.c.kind, findings.c.message, findings.c.sources, findings.c.product_refs)

def select_findings() -> Select[Any]:
    """The columns of :data:`FINDING_COLUMNS`: rows for :func:`finding_of`."""
    return select(*FINDING_COLUMNS)


def finding_of(row: Sequence[Any]) -> Finding:
    """The Finding of a row of :data:`FINDING_COLUMNS`."""
    (check_id, provider, account, region, rtype, rid, rname, tags, status, severity, detail, evidence, fp, first_seen,
     last_seen, state, mute_reason, mute_expires, kind, message, sources, refs) = row
    return Finding(
        check_id, Resource(provider, account, region, rtype, rid, rname, dict(tags or {})),
        _STATUSES[status] if status in _STATUSES else Status(status),
        _SEVERITIES[severity] if severity in _SEVERITIES else Severity(severity),
        detail=detail, evidence=evidence or {}, fingerprint=fp, first_seen=first_seen, last_seen=last_seen,
        state=_STATES[state] if state in _STATES else State(state), mute_reason=mute_reason,
        mute_expires=date.fromisoformat(mute_expires) if mute_expires else None,
        kind=_KINDS.get(kind, kind), message=message or "", sources=sources_of(sources), refs=dict(refs or {}),
    )


def row_to_finding(r: RowMapping) -> Finding:
    """The Finding of a mapping of ``findings`` columns (``message``, ``sources`` and
    ``product_refs`` may be missing)."""
    return finding_of([r.get(c.key) for c in FINDING_COLUMNS])


def resource_key(r: Resource) -> str:
    raw = "\x1f".join((r.provider, r.account, r.region, r.type, r.id))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def data_digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]
