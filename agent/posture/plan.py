"""The improvement plan (改善提案): ranked *actions*, each fixing a group of findings at once.

Grouping:
  - checks whose fix is one account-wide setting (S3 public access) → one action per account;
  - every other check → one action per (check, account), listing the resources;
  - fixable CVEs → one "rebuild image" action per image, listing package upgrades.
Each action carries what/why/how, risk removed (sum of agent.posture.risk scores of what it fixes),
the compliance controls it would turn green, and an effort hint; actions are ranked by risk
removed per unit of effort.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import checks as registry
import remediation
from agent.core.model import Finding, Resource
from agent.posture.frameworks import controls_by_check
from agent.posture.risk import resource_flags, score
from agent.vulns.join import Reach, split_image
from agent.vulns.model import Vulnerability
from agent.vulns.view import RankedVuln, ranked, vuln_risk

EFFORT = {"low": 1.0, "medium": 2.0, "high": 3.0}
# Checks fixed together by one account-level setting: check id → (group id, texts, remediator).
ACCOUNT_WIDE: dict[str, tuple[str, dict[str, str], str | None]] = {
    cid: ("aws.s3.account_public_access",
          {"en": "Turn on S3 Block Public Access for the whole account {account}",
           "ja": "アカウント {account} 全体で S3 パブリックアクセスブロックを有効にする"},
          "aws.s3.account_block_public_access")
    for cid in ("aws.s3.block_public_access", "aws.s3.no_public_acl", "aws.s3.no_public_policy")
}
TEXT = {
    "en": {"fix_n": "{title} — {n} resource(s) in {account}", "rebuild": "Rebuild image {image} with fixed packages",
           "why_f": "{n} open finding(s), worst {sev}", "why_v": "{n} fixable CVE(s) (worst {sev}) in {w} workload(s)",
           "how_r": "Automated fix available: `ucs remediate plan --check {check}`", "how_v": "Upgrade: {pkgs}; rebuild "
           "and redeploy the image, then re-import its scan", "idle": "no running workload uses it"},
    "ja": {"fix_n": "{title} — {account} の {n} 件のリソース", "rebuild": "修正済みパッケージでイメージ {image} を再ビルドする",
           "why_f": "未解決の指摘 {n} 件 (最大の重要度 {sev})", "why_v": "修正可能な CVE {n} 件 (最大 {sev})、影響ワークロード {w} 件",
           "how_r": "自動修正あり: `ucs remediate plan --check {check}`", "how_v": "アップグレード: {pkgs}。イメージを再ビルド・"
           "再デプロイし、スキャン結果を再インポートする", "idle": "稼働中のワークロードなし"},
}


@dataclass(slots=True)
class Action:
    id: str
    kind: str  # configuration | account_setting | image_rebuild
    what: str
    why: str
    how: list[str]
    risk_removed: float
    effort: str
    fixes: int
    controls_green: list[str] = field(default_factory=list)
    remediator: str | None = None
    items: list[str] = field(default_factory=list)
    fingerprints: set[str] = field(default_factory=set)

    @property
    def priority(self) -> float:
        return round(self.risk_removed / EFFORT[self.effort], 2)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "what": self.what, "why": self.why, "how": self.how,
                "risk_removed": self.risk_removed, "effort": self.effort, "priority": self.priority,
                "fixes": self.fixes, "controls_green": self.controls_green, "remediator": self.remediator,
                "items": self.items[:50]}


def finding_risk(f: Finding, data: dict[str, Any] | None) -> float:
    flags = resource_flags(data or {}, f.resource.tags)
    return score(f.severity, exposed=flags["exposed"], privileged=flags["privileged"],
                 criticality=flags["criticality"]).score


def _effort(n: int, automated: bool) -> str:
    if automated or n <= 3:
        return "low"
    return "medium" if n <= 20 else "high"


def _meta(check_id: str) -> Any:
    try:
        return registry.get(check_id).meta
    except KeyError:
        return None


def _product_title(f: Finding, default: str) -> str:
    """A product's finding has no check of ours: its product's own title names it."""
    ref = next((f.refs[s] for s in f.sources if s in f.refs), None)
    return f"{ref['title']} ({f.sources[0]})" if ref and ref.get("title") else default


def build_plan(
    findings: Iterable[Finding],
    resources: dict[str, Resource] | None = None,
    vulns: Iterable[Vulnerability] = (),
    reach: dict[str, Reach] | None = None,
    lang: str = "en",
    vuln_risks: dict[str, float] | None = None,
) -> list[Action]:
    """Actions for the active FAIL findings and fixable vulnerabilities, best first."""
    t = TEXT.get(lang, TEXT["en"])
    resources = resources or {}
    reach = reach or {}
    fixers = remediation.remediators()
    groups: dict[tuple[str, str], list[Finding]] = {}
    control_fails: dict[str, set[str]] = {}
    for f in findings:
        key = (ACCOUNT_WIDE[f.check_id][0] if f.check_id in ACCOUNT_WIDE else f.check_id, f.resource.account)
        groups.setdefault(key, []).append(f)
        for fw, cid in controls_by_check().get(f.check_id, ()):
            control_fails.setdefault(f"{fw}:{cid}", set()).add(f.fingerprint)
    actions: list[Action] = []
    for (gid, account), fs in groups.items():
        fps = {f.fingerprint for f in fs}
        risk = round(sum(finding_risk(f, (resources.get(f.resource.id) or f.resource).data) for f in fs), 2)
        worst = max(f.severity for f in fs)
        if gid in {v[0] for v in ACCOUNT_WIDE.values()}:
            texts, fixer = next(v[1:] for v in ACCOUNT_WIDE.values() if v[0] == gid)
            what, kind = texts.get(lang, texts["en"]).format(account=account), "account_setting"
            automated = fixer in fixers
            remediator = fixer if automated else None
        else:
            meta = _meta(gid)
            title = meta.text("title", lang) if meta else _product_title(fs[0], gid)
            what, kind = t["fix_n"].format(title=title, n=len(fs), account=account), "configuration"
            automated = gid in fixers
            remediator = gid if automated else None
        how = []
        if remediator:
            how.append(t["how_r"].format(check=fs[0].check_id if kind == "configuration" else remediator))
        for cid in sorted({f.check_id for f in fs}):
            meta = _meta(cid)
            if meta:
                how.append(meta.text("remediation", lang))
        green = sorted(c for c, failing in control_fails.items() if failing <= fps)
        actions.append(Action(
            id=f"{gid}@{account}", kind=kind, what=what,
            why=t["why_f"].format(n=len(fs), sev=worst.label), how=how, risk_removed=risk,
            effort="low" if kind == "account_setting" else _effort(len(fs), automated), fixes=len(fs),
            controls_green=green, remediator=remediator, items=sorted(f.resource.name for f in fs),
            fingerprints=fps))
    actions.extend(_image_actions(vulns, reach, t, vuln_risks or {}))
    actions.sort(key=lambda a: (-a.priority, -a.risk_removed, a.id))
    return actions


def _image_actions(vulns: Iterable[Vulnerability], reach: dict[str, Reach], t: dict[str, str],
                   risks: dict[str, float]) -> list[Action]:
    by_image: dict[str, list[tuple[str, Vulnerability]]] = {}
    for v in vulns:
        if not v.fix_available or not (v.image or v.image_digest):
            continue
        name = split_image(v.image)[0] if v.image else v.image_digest or ""
        by_image.setdefault(name, []).append((v.key, v))
    out = []
    empty = Reach()
    for image, kvs in by_image.items():
        vs = [v for _, v in kvs]
        workloads = {w.resource.id for k, _ in kvs for w in reach.get(k, empty).workloads}
        upgrades = sorted({f"{v.package} {v.installed_version}→{v.fixed_version}" for v in vs})
        pkgs = ", ".join(upgrades[:8]) + (f" (+{len(upgrades) - 8})" if len(upgrades) > 8 else "")
        worst = max(v.severity for v in vs)
        why = t["why_v"].format(n=len(vs), sev=worst.label, w=len(workloads))
        if not workloads:
            why += f" — {t['idle']}"
        # a fix in an image removes the risk once per workload that runs it
        risk = round(sum((risks[k] if k in risks else vuln_risk(v, reach.get(k)))
                         * max(1, len(reach.get(k, empty).workloads)) for k, v in kvs), 2)
        out.append(Action(id=f"image:{image}", kind="image_rebuild", what=t["rebuild"].format(image=image), why=why,
                          how=[t["how_v"].format(pkgs=pkgs)], risk_removed=risk, effort="medium", fixes=len(vs),
                          items=sorted({v.cve for v in vs})))
    return out



def plan_for_tenant(store: Any, tenant: str, lang: str = "en",
                    ranked_vulns: tuple[list[RankedVuln], dict[str, Reach]] | None = None) -> list[Action]:
    """The plan from what the store holds: active FAIL findings, resource snapshots, vulnerabilities.

    ``ranked_vulns`` is ``agent.vulns.view.ranked(store, tenant)`` when the caller has it already.
    """
    from agent.core.model import Status

    findings = store.findings(tenant, states=["new", "open", "reopened"], statuses=[Status.FAIL.value])
    resources = {r.id: r for r in store.resource_snapshots(tenant)}
    rows, reach = ranked_vulns or ranked(store, tenant)
    return build_plan(findings, resources, [r.vuln for r in rows], reach, lang, {r.vuln.key: r.risk for r in rows})
