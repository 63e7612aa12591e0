"""Everything the HTML report shows, gathered from the store into plain data (no HTML here)."""

from __future__ import annotations

import fnmatch
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as pkg_resources
from typing import Any

import yaml

import checks as registry
from agent.model import ACTIVE_STATES, Finding, Severity, State, Status
from agent.store import Store
from agent.store.schema import finding_history
from sqlalchemy import func, select

TOXIC_PATTERNS = ("*toxic*", "*.exposure.*")
DETAIL_ROWS = 500


@lru_cache(maxsize=None)
def framework_doc(fw: str) -> dict[str, Any] | None:
    f = pkg_resources.files("config").joinpath("frameworks", f"{fw}.yaml")
    return yaml.safe_load(f.read_text(encoding="utf-8")) if f.is_file() else None


@dataclass
class ControlStatus:
    id: str
    title: str
    status: str  # pass | fail | manual | not_assessed
    failing: int = 0


@dataclass
class FrameworkScore:
    id: str
    title: str
    controls: list[ControlStatus]

    @property
    def score(self) -> float | None:
        assessed = [c for c in self.controls if c.status in ("pass", "fail")]
        return round(100 * sum(c.status == "pass" for c in assessed) / len(assessed), 1) if assessed else None


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
    frameworks: list[FrameworkScore]
    by_check: list[tuple[str, str, int, str]]
    toxic: list[Finding]
    gaps: list[dict[str, Any]]
    plan: list[Any] = field(default_factory=list)
    vulns: list[Any] = field(default_factory=list)


def compliance(findings: list[Finding]) -> list[FrameworkScore]:
    """Per framework referenced by any check: each control's status from the stored results."""
    per_control: dict[tuple[str, str], list[Finding]] = {}
    assessed_checks = {f.check_id for f in findings}
    for c in registry.all_checks():
        for fw, ids in c.meta.frameworks.items():
            for cid in ids:
                per_control.setdefault((fw, cid), [])
    for f in findings:
        try:
            meta = registry.get(f.check_id).meta
        except KeyError:
            continue
        for fw, ids in meta.frameworks.items():
            for cid in ids:
                per_control[(fw, cid)].append(f)
    out = []
    for fw in sorted({fw for fw, _ in per_control}):
        doc = framework_doc(fw) or {"title": fw, "controls": [{"id": c} for f2, c in per_control if f2 == fw]}
        controls = []
        for ctl in doc.get("controls", []):
            cid = str(ctl["id"])
            rows = per_control.get((fw, cid), [])
            failing = sum(1 for f in rows if f.status is Status.FAIL)
            if ctl.get("manual"):
                status = "manual"
            elif failing:
                status = "fail"
            elif rows and all(f.check_id in assessed_checks for f in rows):
                status = "pass"
            else:
                status = "not_assessed"
            controls.append(ControlStatus(cid, str(ctl.get("title", "")), status, failing))
        out.append(FrameworkScore(fw, str(doc.get("title", fw)), controls))
    return out


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
    changes: dict[str, int] = {}
    if last:
        with store.engine.connect() as conn:
            rows = conn.execute(select(finding_history.c.reason, func.count()).where(
                finding_history.c.tenant == tenant, finding_history.c.scan_id == last.id,
                finding_history.c.reason.is_not(None)).group_by(finding_history.c.reason)).all()
        changes = {r: n for r, n in rows}
    trend = [(s.finished_at or s.started_at, sum((s.summary or {}).get("failed_by_severity", {}).values()))
             for s in reversed(done)]
    data = ReportData(
        tenant=tenant, last_scan=last, findings=findings, active=active,
        muted=[f for f in findings if f.state is State.MUTED], score=score,
        by_severity={s.label: sev.get(s.label, 0) for s in sorted(Severity, reverse=True)},
        by_provider=dict(Counter(f.resource.provider for f in fails)),
        by_account=Counter(f"{f.resource.provider}:{f.resource.account}" for f in fails).most_common(10),
        by_service=Counter(f.check_id.split(".")[1] if "." in f.check_id else f.check_id for f in fails).most_common(12),
        changes=changes, trend=trend, frameworks=compliance(findings), by_check=by_check,
        toxic=[f for f in fails if any(fnmatch.fnmatchcase(f.check_id, p) for p in TOXIC_PATTERNS)],
        gaps=[c for c in (last.coverage if last else []) if not c.get("ok")],
    )
    if with_plan:
        from agent.plan import plan_for_tenant
        from agent.vulns.view import ranked

        rv = ranked(store, tenant)
        data.plan = plan_for_tenant(store, tenant, lang, rv)[:10]
        data.vulns = rv[0]
    return data
