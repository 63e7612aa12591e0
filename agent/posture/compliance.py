"""Compliance posture per framework control, from the last completed scan in the store.

A framework file (``config/frameworks/<id>.yaml``) lists its controls; which checks evidence a
control is declared on the checks (``frameworks={"cis-aws-3.0": ["2.1.4"]}``).  A control is

* ``manual``       — marked ``manual: true`` in the framework file (not assessable by API);
* ``not-assessed`` — no check maps to it, or the last scan did not cover any of its checks'
                     resource types (provider not scanned, collector failed);
* ``fail``         — some mapped check FAILed on some resource in the last scan;
* ``error``        — no failure, but some result was ERROR (a setting could not be read);
* ``pass``         — every mapped check passed on every resource (MUTED counts as an accepted
                     exception and is reported, not failed; a check with no resources passes).

Score = pass / (pass + fail + error), in percent, over automated controls that were assessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

import checks as registry
from agent.core.errors import UsageError
from agent.store import Store

STATUS_ORDER = ("fail", "error", "pass", "not-assessed", "manual")


def available_frameworks() -> list[str]:
    folder = resources.files("config").joinpath("frameworks")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_framework(framework_id: str) -> dict[str, Any]:
    f = resources.files("config").joinpath("frameworks", f"{framework_id}.yaml")
    if not f.is_file():
        raise UsageError(f"unknown framework {framework_id!r}",
                         hint=f"available: {', '.join(available_frameworks())}")
    doc = yaml.safe_load(f.read_text(encoding="utf-8")) or {}
    doc.setdefault("controls", [])
    return doc


@dataclass
class ControlResult:
    id: str
    title: str
    status: str
    checks: list[str] = field(default_factory=list)
    failing: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "status": self.status, "checks": self.checks,
                "counts": self.counts, "failing": self.failing}


@dataclass
class ComplianceReport:
    framework: str
    title: str
    scan_id: int | None
    controls: list[ControlResult]

    @property
    def totals(self) -> dict[str, int]:
        out = {s: 0 for s in STATUS_ORDER}
        for c in self.controls:
            out[c.status] += 1
        return out

    @property
    def score(self) -> float | None:
        t = self.totals
        denom = t["pass"] + t["fail"] + t["error"]
        return round(100.0 * t["pass"] / denom, 1) if denom else None

    def to_dict(self) -> dict[str, Any]:
        return {"framework": self.framework, "title": self.title, "scan_id": self.scan_id, "score": self.score,
                "totals": self.totals, "controls": [c.to_dict() for c in self.controls]}


def _control_key(cid: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in str(cid).replace("-", ".").split("."))


def evaluate(framework_id: str, scan_id: int | None, rows: list[dict[str, Any]], coverage: list[dict[str, Any]]
             ) -> ComplianceReport:
    """Pure part: controls × (finding rows of one scan, that scan's coverage) → report."""
    fw = load_framework(framework_id)
    by_control: dict[str, list[registry.Check]] = {}
    for c in registry.all_checks():
        for ctrl in c.meta.frameworks.get(framework_id, ()):
            by_control.setdefault(str(ctrl), []).append(c)
    assessed_types = {(e["provider"], e["resource_type"]) for e in coverage if e.get("ok")}
    failed_types = {(e["provider"], e["resource_type"]) for e in coverage if not e.get("ok")}
    rows_by_check: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        rows_by_check.setdefault(r["check_id"], []).append(r)
    out = []
    for ctrl in fw["controls"]:
        cid, title = str(ctrl["id"]), str(ctrl.get("title", ""))
        mapped = by_control.get(cid, [])
        res = ControlResult(cid, title, "not-assessed", sorted(c.id for c in mapped))
        if ctrl.get("manual"):
            res.status = "manual"
            out.append(res)
            continue
        counts = {"PASS": 0, "FAIL": 0, "ERROR": 0, "MUTED": 0}
        assessed = False
        for c in mapped:
            got = rows_by_check.get(c.id, [])
            prov = c.meta.provider
            covered = any((prov, t) in assessed_types and (prov, t) not in failed_types for t in c.meta.resource_types)
            if got or covered:
                assessed = True
            for r in got:
                counts[r["status"]] = counts.get(r["status"], 0) + 1
                if r["status"] == "FAIL":
                    res.failing.append({"check": c.id, "account": r["account"], "region": r["region"],
                                        "resource": r["resource_name"] or r["resource_id"], "detail": r["detail"]})
        res.counts = counts
        if counts["FAIL"]:
            res.status = "fail"
        elif counts["ERROR"]:
            res.status = "error"
        elif assessed:
            res.status = "pass"
        out.append(res)
    out.sort(key=lambda c: _control_key(c.id))
    return ComplianceReport(framework_id, str(fw.get("title", framework_id)), scan_id, out)


def report_from_store(store: Store, tenant: str, framework_id: str) -> ComplianceReport:
    load_framework(framework_id)  # unknown framework: usage error before touching the store
    reports = reports_from_store(store, tenant, [framework_id])
    if not reports:
        raise UsageError(f"no completed scan for tenant {tenant!r}", hint="run `ucs scan` first")
    return reports[0]


def reports_from_store(store: Store, tenant: str, framework_ids: list[str] | None = None) -> list[ComplianceReport]:
    """One report per framework (default: every framework file) from the last scan; the scan's
    rows are read once.  Empty when the tenant has no completed scan."""
    scan = store.last_scan(tenant)
    if scan is None:
        return []
    rows = store.scan_results(tenant, scan.id)
    return [evaluate(fw, scan.id, rows, scan.coverage or []) for fw in (framework_ids or available_frameworks())]
