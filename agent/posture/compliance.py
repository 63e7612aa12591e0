"""Compliance posture per framework control, from one completed scan (or a stored daily snapshot).

Which checks evidence a control: :mod:`agent.posture.frameworks`.  Per control, over its checks::

    manual        the framework file marks it manual (no API can evidence it; the reason is shown)
    not-assessed  no check of it ran: no check maps to it, its provider was not scanned, or the
                  collection of every resource type its checks read failed (a coverage gap)
    fail          some check FAILed on some resource
    error         no failure, but some result was ERROR, or a resource type a check reads was
                  only partly collected (read in one region, failed in another)
    pass          every check that ran passed on every resource (MUTED results are accepted
                  exceptions: shown with reason, owner and expiry, never failed; a check whose
                  resource type was read and holds no resource passes)

Score (severity-weighted, one decimal; None when there is no automated control)::

    weight(control) = weight of the most severe check mapped to it
                      (critical 10, high 7, medium 4, low 2, info 1)
    score = 100 × Σ weight(pass) / Σ weight(pass + fail + error + not-assessed)

Not-assessed controls count *against* the score (never as passing) and their number is always
reported beside it; manual controls are outside the formula and counted separately.  The same
evaluation restricted to one provider's checks gives the per-provider score (over the controls that
have a check of that provider), and restricted to one account's results and coverage the
per-account score.

The API other rooms use (the HTML report, the daemon, the CLI): :func:`evaluate`,
:func:`report_from_store`, :func:`reports_from_store`, :class:`ComplianceReport`,
:class:`ControlResult`, :class:`ResourceResult`, :class:`Score`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import checks as registry
from agent.core.errors import UsageError
from agent.core.messages import render as render_message
from agent.core.model import Severity, Texts
from agent.posture.frameworks import Framework, available_frameworks, load_framework
from agent.store import Store

__all__ = ["STATUS_ORDER", "WEIGHTS", "ComplianceReport", "ControlResult", "ResourceResult", "Score",
           "available_frameworks", "evaluate", "load_framework", "report_from_store", "reports_from_store"]

ControlStatus = Literal["pass", "fail", "error", "not-assessed", "manual"]
STATUS_ORDER: tuple[ControlStatus, ...] = ("fail", "error", "pass", "not-assessed", "manual")
WEIGHTS = {Severity.CRITICAL: 10, Severity.HIGH: 7, Severity.MEDIUM: 4, Severity.LOW: 2, Severity.INFO: 1}
PROVIDER_OF = {"aws": "aws", "azure": "azure", "gcp": "gcp", "k8s": "kubernetes", "kubernetes": "kubernetes"}
# Who owns a muted finding's exception: given (check id, row) → owner, from the tenant's mutelist.
OwnerLookup = Callable[[str, Mapping[str, Any]], str]


@dataclass(slots=True)
class ResourceResult:
    """One check's result on one resource in the evaluated scan."""

    check: str
    provider: str
    account: str
    region: str
    resource: str
    resource_id: str
    status: str  # PASS | FAIL | ERROR | MUTED
    detail: str = ""
    detail_ja: str = ""
    first_seen: str | None = None
    last_seen: str | None = None
    mute_reason: str | None = None
    mute_owner: str | None = None
    mute_expires: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ControlResult:
    id: str
    titles: Texts
    section: str
    status: ControlStatus
    weight: int = 0
    checks: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    results: list[ResourceResult] = field(default_factory=list)
    reason: Texts | None = None  # why it is manual
    gaps: list[str] = field(default_factory=list)  # "provider/account/region/type: error" of partial reads

    @property
    def title(self) -> str:
        return self.titles.get("en", "")

    def title_in(self, lang: str) -> str:
        return self.titles.get(lang) or self.title

    @property
    def failing(self) -> list[dict[str, Any]]:
        """The FAIL results (check, account, region, resource, detail) — the short view."""
        return [{"check": r.check, "account": r.account, "region": r.region, "resource": r.resource,
                 "detail": r.detail} for r in self.results if r.status == "FAIL"]

    def to_dict(self, with_passes: bool = True) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "titles": dict(self.titles), "section": self.section,
                "status": self.status, "weight": self.weight, "checks": self.checks, "counts": self.counts,
                "reason": dict(self.reason) if self.reason else None, "gaps": self.gaps, "failing": self.failing,
                "results": [r.to_dict() for r in self.results if with_passes or r.status != "PASS"]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ControlResult:
        return cls(id=d["id"], titles=dict(d.get("titles") or {"en": d.get("title", "")}), section=d.get("section", ""),
                   status=d["status"], weight=int(d.get("weight", 0)), checks=list(d.get("checks", [])),
                   counts=dict(d.get("counts", {})), results=[ResourceResult(**r) for r in d.get("results", [])],
                   reason=d.get("reason"), gaps=list(d.get("gaps", [])))


@dataclass(slots=True)
class Score:
    """A severity-weighted score and the counts behind it (see the module docstring)."""

    score: float | None
    counts: dict[str, int]
    weight_passed: int
    weight_total: int

    @property
    def not_assessed(self) -> int:
        return self.counts.get("not-assessed", 0)

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "counts": self.counts, "weight_passed": self.weight_passed,
                "weight_total": self.weight_total}

    @classmethod
    def of(cls, controls: Iterable[ControlResult]) -> Score:
        counts: dict[str, int] = {s: 0 for s in STATUS_ORDER}
        passed = total = 0
        for c in controls:
            counts[c.status] += 1
            if c.status == "manual":
                continue
            total += c.weight
            passed += c.weight if c.status == "pass" else 0
        return cls(round(100.0 * passed / total, 1) if total else None, counts, passed, total)


@dataclass(slots=True)
class ComplianceReport:
    framework: str
    titles: Texts
    version: str
    scan_id: int | None
    controls: list[ControlResult]
    summary: Score
    by_provider: dict[str, Score] = field(default_factory=dict)
    by_account: dict[str, Score] = field(default_factory=dict)
    scan_at: str | None = None
    source: str = ""  # "scan" (evaluated now) or "snapshot <day>" (stored)

    @property
    def title(self) -> str:
        return self.titles.get("en", self.framework)

    def title_in(self, lang: str) -> str:
        return self.titles.get(lang) or self.title

    @property
    def score(self) -> float | None:
        return self.summary.score

    @property
    def totals(self) -> dict[str, int]:
        return dict(self.summary.counts)

    def to_dict(self, with_passes: bool = True) -> dict[str, Any]:
        return {"framework": self.framework, "title": self.title, "titles": dict(self.titles), "version": self.version,
                "scan_id": self.scan_id, "scan_at": self.scan_at, "source": self.source, "score": self.score,
                "totals": self.totals, "summary": self.summary.to_dict(),
                "by_provider": {k: v.to_dict() for k, v in self.by_provider.items()},
                "by_account": {k: v.to_dict() for k, v in self.by_account.items()},
                "controls": [c.to_dict(with_passes) for c in self.controls]}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], source: str = "") -> ComplianceReport:
        def score(s: Mapping[str, Any]) -> Score:
            return Score(s.get("score"), dict(s.get("counts", {})), int(s.get("weight_passed", 0)),
                         int(s.get("weight_total", 0)))
        return cls(framework=d["framework"], titles=dict(d.get("titles") or {"en": d.get("title", "")}),
                   version=d.get("version", ""), scan_id=d.get("scan_id"),
                   controls=[ControlResult.from_dict(c) for c in d.get("controls", [])], summary=score(d["summary"]),
                   by_provider={k: score(v) for k, v in d.get("by_provider", {}).items()},
                   by_account={k: score(v) for k, v in d.get("by_account", {}).items()},
                   scan_at=d.get("scan_at"), source=source or d.get("source", ""))


def _control_key(cid: str) -> tuple[Any, ...]:
    """Natural order: 1.9 < 1.10 < 2.1.1, 実3 < 実10, AC-2 < AC-2(1) < AC-10."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|\D+", str(cid)))


def _iso(v: Any) -> str | None:
    return v.isoformat() if isinstance(v, datetime | date) else (str(v) if v else None)


class _Coverage:
    """Which (provider, account, type) a scan read, indexed by (provider, type) for O(types) lookups."""

    def __init__(self, entries: Iterable[Mapping[str, Any]]) -> None:
        self.ok: dict[tuple[str, str], set[str]] = {}  # (provider, type) -> accounts read
        self.failed: dict[tuple[str, str], dict[str, list[str]]] = {}  # (provider, type) -> account -> errors
        self.units: set[tuple[str, str]] = set()  # (provider, account) seen at all
        for e in entries:
            p, a, t = PROVIDER_OF.get(e["provider"], e["provider"]), str(e["account"]), e["resource_type"]
            self.units.add((p, a))
            if e.get("ok"):
                self.ok.setdefault((p, t), set()).add(a)
            else:
                self.failed.setdefault((p, t), {}).setdefault(a, []).append(
                    f"{e['provider']}/{a}/{e.get('region', '*')}/{t}: {e.get('error') or 'not read'}")

    def state(self, provider: str, types: Iterable[str], account: str | None) -> tuple[bool, list[str]]:
        """(read somewhere, failures) for a check's resource types, in one account or all."""
        read, gaps = False, []
        for t in (*types, "*"):
            accounts = self.ok.get((provider, t), set())
            read = read or (bool(accounts) if account is None else account in accounts)
            for a, errs in self.failed.get((provider, t), {}).items():
                if account is None or a == account:
                    gaps += errs
        return read, gaps


def owner_lookup(rules: Iterable[Any], today: date) -> OwnerLookup:
    """Owner of a muted result: the ``owner`` of the first mutelist rule that matches it (the
    rule that muted it: the engine applies the first match)."""
    from agent.core.model import Resource
    from agent.engine.evaluate import mute_matchers

    rules = list(rules)
    matchers = list(zip(mute_matchers(rules), rules, strict=True))

    def owner(check: str, r: Mapping[str, Any]) -> str:
        res = Resource(r.get("provider", ""), str(r["account"]), r["region"], "", r["resource_id"],
                       r.get("resource_name") or "", dict(r.get("resource_tags") or {}), {})
        return next((str(rule.owner) for m, rule in matchers if m.matches(check, res, today)), "")

    return owner


def _result(check: str, r: Mapping[str, Any], owner: OwnerLookup | None) -> ResourceResult:
    muted = r["status"] == "MUTED"
    return ResourceResult(
        check=check, provider=PROVIDER_OF.get(r.get("provider", ""), r.get("provider", "")), account=str(r["account"]),
        region=r["region"], resource=r.get("resource_name") or r["resource_id"], resource_id=r["resource_id"],
        status=r["status"], detail=r.get("detail") or "",
        detail_ja=render_message(r.get("message") or "", r.get("evidence") or {}, "ja", fallback=r.get("detail") or ""),
        first_seen=_iso(r.get("first_seen")),
        last_seen=_iso(r.get("last_seen")), mute_reason=r.get("mute_reason") if muted else None,
        mute_owner=(owner(check, r) or None) if muted and owner else None,
        mute_expires=_iso(r.get("mute_expires")) if muted else None)


def _evaluate(fw: Framework, rows_by_check: Mapping[str, list[Mapping[str, Any]]], cov: _Coverage,
              provider: str | None, account: str | None, owner: OwnerLookup | None,
              collect: bool = True) -> list[ControlResult]:
    """Control results over the checks of ``provider`` (or all) and the rows/coverage of ``account``
    (or all); ``collect`` keeps each resource result (the evidence), else only the counts."""
    made: dict[int, ResourceResult] = {}  # a row evidences several controls: build its result once
    meta = {c.id: c.meta for c in registry.all_checks()}
    out = []
    for ctrl in fw.controls:
        mapped = [k for k in ctrl.checks if k in meta and (provider is None or PROVIDER_OF.get(meta[k].provider) == provider)]
        if provider is not None and not ctrl.manual and not mapped:
            continue  # no check of this provider: the control is outside this provider's view
        res = ControlResult(ctrl.id, ctrl.title, ctrl.section, "not-assessed", checks=mapped, reason=ctrl.reason)
        res.weight = max((WEIGHTS[meta[k].severity] for k in mapped), default=WEIGHTS[Severity.MEDIUM])
        if ctrl.manual:
            res.status = "manual"
            out.append(res)
            continue
        counts = {"PASS": 0, "FAIL": 0, "ERROR": 0, "MUTED": 0}
        ran = partial = False
        for k in mapped:
            got = rows_by_check.get(k, [])
            read, gaps = cov.state(PROVIDER_OF.get(meta[k].provider, meta[k].provider), meta[k].resource_types, account)
            ran = ran or bool(got) or (read and not gaps)
            if gaps and (got or read):
                partial = True
                res.gaps += gaps
            for r in got:
                counts[r["status"]] = counts.get(r["status"], 0) + 1
                if collect:
                    if id(r) not in made:
                        made[id(r)] = _result(k, r, owner)
                    res.results.append(made[id(r)])
        res.counts = counts
        res.gaps = sorted(set(res.gaps))
        if counts["FAIL"]:
            res.status = "fail"
        elif counts["ERROR"] or partial:
            res.status = "error"
        elif ran:
            res.status = "pass"
        out.append(res)
    out.sort(key=lambda c: _control_key(c.id))
    return out


def evaluate(framework_id: str, scan_id: int | None, rows: list[dict[str, Any]], coverage: list[dict[str, Any]],
             *, scan_at: datetime | None = None, owner: OwnerLookup | None = None) -> ComplianceReport:
    """Pure part: controls × (finding rows of one scan, that scan's coverage) → report, with the
    per-provider and per-account scores."""
    fw = load_framework(framework_id)
    rows_by_check: dict[str, list[Mapping[str, Any]]] = {}
    per_account: dict[str, dict[str, list[Mapping[str, Any]]]] = {}  # account -> check -> rows
    for r in rows:
        rows_by_check.setdefault(r["check_id"], []).append(r)
        per_account.setdefault(str(r["account"]), {}).setdefault(r["check_id"], []).append(r)
    cov = _Coverage(coverage)
    controls = _evaluate(fw, rows_by_check, cov, None, None, owner)
    providers = sorted({p for p, _ in cov.units} | {PROVIDER_OF.get(r.get("provider", ""), "")
                                                    for r in rows if r.get("provider")})
    accounts = sorted(cov.units)
    by_provider = {p: Score.of(_evaluate(fw, rows_by_check, cov, p, None, None, collect=False)) for p in providers if p}
    by_account = {f"{p}:{a}": Score.of(_evaluate(fw, per_account.get(a, {}), cov, p, a, None, collect=False))
                  for p, a in accounts}
    return ComplianceReport(framework_id, fw.title, fw.version, scan_id, controls, Score.of(controls),
                            by_provider, by_account, _iso(scan_at), "scan")


def report_from_store(store: Store, tenant: str, framework_id: str, as_of: date | None = None,
                      owner: OwnerLookup | None = None) -> ComplianceReport:
    """The report from the last completed scan, or, with ``as_of``, the daily snapshot stored for
    that day (or the last one before it)."""
    load_framework(framework_id)  # unknown framework: usage error before touching the store
    if as_of is not None:
        snap = store.compliance_snapshot(tenant, framework_id, as_of)
        if snap is None:
            raise UsageError(f"no compliance snapshot of {framework_id} on or before {as_of.isoformat()}",
                             hint="the daemon stores one a day (`ucs compliance trend` lists them)")
        return ComplianceReport.from_dict(snap["report"], source=f"snapshot {snap['day']}")
    reports = reports_from_store(store, tenant, [framework_id], owner=owner)
    if not reports:
        raise UsageError(f"no completed scan for tenant {tenant!r}", hint="run `ucs scan` first")
    return reports[0]


def reports_from_store(store: Store, tenant: str, framework_ids: list[str] | None = None,
                       owner: OwnerLookup | None = None) -> list[ComplianceReport]:
    """One report per framework (default: every framework file) from the last scan; the scan's
    rows are read once.  Empty when the tenant has no completed scan."""
    scan = store.last_scan(tenant)
    if scan is None:
        return []
    rows = store.scan_results(tenant, scan.id)
    return [evaluate(fw, scan.id, rows, scan.coverage or [], scan_at=scan.finished_at or scan.started_at, owner=owner)
            for fw in (framework_ids or available_frameworks())]
