"""Everything the HTML report shows, gathered from the store into plain data (no HTML here)."""

from __future__ import annotations

import fnmatch
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import checks as registry
from agent.core.model import ACTIVE_STATES, Finding, Severity, State, Status
from agent.posture.compliance import ComplianceReport, reports_from_store
from agent.store import Store

TOXIC_PATTERNS = ("*toxic*", "*.exposure.*")
DETAIL_ROWS = 500


@dataclass
class ReportData:
    tenant: str
    last_scan: Any
    findings: list[Finding]
    active: list[Finding]
    muted: list[Finding]
    score: float | None
    by_severity: dict[str, int]
    by_provider: dict[str, int]
    by_account: list[tuple[str, int]]
    by_service: list[tuple[str, int]]
    changes: dict[str, int]
    trend: list[tuple[Any, int]]
    frameworks: list[ComplianceReport]
    by_check: list[tuple[str, str, int, str]]
    toxic: list[Finding]
    gaps: list[dict[str, Any]]
    plan: list[Any] = field(default_factory=list)
    vulns: list[Any] = field(default_factory=list)


def compliance(store: Store, tenant: str) -> list[ComplianceReport]:
    """The `ucs compliance` reports of the frameworks the last scan assessed anything of."""
    return [r for r in reports_from_store(store, tenant)
            if any(c.status not in ("manual", "not-assessed") for c in r.controls)]


def gather(store: Store, tenant: str, lang: str = "en", with_plan: bool = True) -> ReportData:
    scans = store.scans(tenant, limit=60)
    done = [s for s in scans if s.status in ("completed", "partial")]
    last = done[0] if done else None
    findings = store.findings(tenant)
    active = [f for f in findings if f.state in ACTIVE_STATES and f.status in (Status.FAIL, Status.ERROR)]
    fails = [f for f in active if f.status is Status.FAIL]
    passes = sum(1 for f in findings if f.status is Status.PASS)
    score = round(100 * passes / (passes + len(fails)), 1) if passes + len(fails) else None
    sev = Counter(f.severity.label for f in fails)
    checks_count = Counter(f.check_id for f in fails)
    by_check = []
    for cid, n in checks_count.most_common():
        try:
            meta = registry.get(cid).meta
            by_check.append((cid, meta.text("title", lang), n, meta.severity.label))
        except KeyError:
            by_check.append((cid, cid, n, "info"))
    changes = store.scan_changes(tenant, last.id) if last else {}
    trend = [(s.finished_at or s.started_at, sum((s.summary or {}).get("failed_by_severity", {}).values()))
             for s in reversed(done)]
    data = ReportData(
        tenant=tenant, last_scan=last, findings=findings, active=active,
        muted=[f for f in findings if f.state is State.MUTED], score=score,
        by_severity={s.label: sev.get(s.label, 0) for s in sorted(Severity, reverse=True)},
        by_provider=dict(Counter(f.resource.provider for f in fails)),
        by_account=Counter(f"{f.resource.provider}:{f.resource.account}" for f in fails).most_common(10),
        by_service=Counter(f.check_id.split(".")[1] if "." in f.check_id else f.check_id for f in fails).most_common(12),
        changes=changes, trend=trend, frameworks=compliance(store, tenant), by_check=by_check,
        toxic=[f for f in fails if any(fnmatch.fnmatchcase(f.check_id, p) for p in TOXIC_PATTERNS)],
        gaps=[c for c in (last.coverage if last else []) if not c.get("ok")],
    )
    if with_plan:
        from agent.posture.plan import plan_for_tenant
        from agent.vulns.view import ranked

        rv = ranked(store, tenant)
        data.plan = plan_for_tenant(store, tenant, lang, rv)[:10]
        data.vulns = rv[0]
    return data
