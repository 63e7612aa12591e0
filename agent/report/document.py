"""The one JSON document of findings: what ``ucs scan`` writes (``--output-format json``),
``ucs report --format json`` and ``ucs findings list --json`` print.  Its shape is the JSON Schema
``agent/report/findings-document.schema.json`` (shipped in the package, checked in tests):

    {"schema": "ucs.findings/1", "generated_at": ISO 8601 UTC, "tenant": ..., "language": "en",
     "scan": {"id", "status", "trigger", "started_at", "finished_at"} | null,
     "coverage": [{"provider", "account", "region", "resource_type", "ok", "error", "count"}],
     "findings": [finding (agent.report.common.finding_doc)]}

Timestamps in data are ISO 8601 in UTC; the tenant's time zone is for what a person reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

from agent.core.model import Finding
from agent.report.common import finding_doc

SCHEMA_ID = "ucs.findings/1"


def iso_utc(when: datetime | date | None) -> str | None:
    """A time as ISO 8601 in UTC; a calendar day (a mute's expiry) as its ISO date."""
    if when is None:
        return None
    if not isinstance(when, datetime):
        return when.isoformat()
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


def finding_entry(f: Finding, lang: str = "en") -> dict[str, Any]:
    """One element of the document's ``findings``."""
    d = finding_doc(f, lang)
    for key in ("first_seen", "last_seen", "mute_expires"):
        d[key] = iso_utc(getattr(f, key, None))
    return d


def findings_document(findings: Iterable[Finding], lang: str = "en", *, tenant: str,
                      scan: dict[str, Any] | None = None, coverage: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """The whole document; ``findings`` is its last key (:mod:`agent.report.jsonout` streams it)."""
    docs = [finding_entry(f, lang) for f in findings]
    scan_doc = None
    if scan is not None:
        scan_doc = {k: scan.get(k) for k in ("id", "status", "trigger")}
        for key in ("started_at", "finished_at"):
            value = scan.get(key)
            scan_doc[key] = iso_utc(value) if isinstance(value, datetime) else value
    return {"schema": SCHEMA_ID, "generated_at": iso_utc(datetime.now(UTC)), "tenant": tenant, "language": lang,
            "scan": scan_doc, "coverage": [dict(c) for c in coverage], "findings": docs}


def store_document(store: Any, tenant: str, findings: Sequence[Finding], lang: str = "en") -> dict[str, Any]:
    """The document of what the store holds: its findings and the coverage of the tenant's last scan."""
    last = store.last_scan(tenant)
    scan = None if last is None else {"id": last.id, "status": last.status, "trigger": last.trigger,
                                      "started_at": last.started_at, "finished_at": last.finished_at}
    return findings_document(findings, lang, tenant=tenant, scan=scan, coverage=last.coverage if last else ())


def schema() -> dict[str, Any]:
    text = resources.files("agent.report").joinpath("findings-document.schema.json").read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc
