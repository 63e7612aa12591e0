"""Risk score: one documented formula for findings and vulnerabilities, explained in words.

    risk = severity weight × exposure × privilege × asset criticality × exploit signal

    severity weight   critical 10 · high 7 · medium 4 · low 1.5 · info 0.5
    exposure          internet-reachable 2.0 · runs but not reachable 1.0 · nothing runs it 0.3
    privilege         admin role / privileged container 1.5 · otherwise 1.0
    criticality       tag/label `ucs-criticality`: critical 2.0 · high 1.5 · medium 1.0 · low 0.6
    exploit signal    fix available ×1.2 · CVSS network + no privileges ×1.3 (vulnerabilities only)

Scores are comparable across findings and CVEs, which is what lets the improvement plan rank
"rebuild this image" against "close this security group".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.core.model import Severity

SEVERITY_WEIGHT = {Severity.CRITICAL: 10.0, Severity.HIGH: 7.0, Severity.MEDIUM: 4.0, Severity.LOW: 1.5,
                   Severity.INFO: 0.5}
CRITICALITY = {"critical": 2.0, "high": 1.5, "medium": 1.0, "low": 0.6}

WORDS = {
    "en": {"sev": "{sev} severity ({w:g})", "internet": "internet-reachable ×2", "idle": "nothing runs it ×0.3",
           "priv": "privileged ×1.5", "crit": "asset criticality {c} ×{f:g}", "fix": "fix available ×1.2",
           "net": "network-exploitable without privileges ×1.3"},
    "ja": {"sev": "重要度 {sev} ({w:g})", "internet": "インターネットから到達可能 ×2", "idle": "稼働中のワークロードなし ×0.3",
           "priv": "特権あり ×1.5", "crit": "資産重要度 {c} ×{f:g}", "fix": "修正版あり ×1.2",
           "net": "認証不要でネットワーク経由で悪用可能 ×1.3"},
}


@dataclass(slots=True)
class Risk:
    score: float
    factors: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def explain(self, lang: str = "en") -> str:
        words = WORDS.get(lang, WORDS["en"])
        return " · ".join(words[k].format(**kw) for k, kw in self.factors)


def score(severity: Severity, *, exposed: bool = False, running: bool = True, privileged: bool = False,
          criticality: str = "medium", fix_available: bool = False, network_no_auth: bool = False) -> Risk:
    w = SEVERITY_WEIGHT[severity]
    factors: list[tuple[str, dict[str, Any]]] = [("sev", {"sev": severity.label, "w": w})]
    value = w
    if not running:
        value *= 0.3
        factors.append(("idle", {}))
    elif exposed:
        value *= 2.0
        factors.append(("internet", {}))
    if privileged:
        value *= 1.5
        factors.append(("priv", {}))
    crit = CRITICALITY.get(criticality, 1.0)
    if crit != 1.0:
        value *= crit
        factors.append(("crit", {"c": criticality, "f": crit}))
    if fix_available:
        value *= 1.2
        factors.append(("fix", {}))
    if network_no_auth:
        value *= 1.3
        factors.append(("net", {}))
    return Risk(round(value, 2), factors)


def resource_flags(data: dict[str, Any], tags: dict[str, str]) -> dict[str, Any]:
    """Exposure/privilege/criticality read from a resource's derived fields and tags."""
    exp = data.get("_exposure")
    exposed = bool(exp.get("internet_reachable")) if isinstance(exp, dict) else bool(data.get("_internet_reachable"))
    priv = data.get("_privileged")
    privileged = bool(priv.get("privileged", priv.get("admin"))) if isinstance(priv, dict) else bool(priv)
    crit = "medium"
    labels = {**tags, **((data.get("metadata") or {}).get("labels") or {})}
    for k in ("ucs-criticality", "ucs:criticality", "criticality"):
        if k in labels:
            crit = str(labels[k]).lower()
            break
    return {"exposed": exposed, "privileged": privileged, "criticality": crit}
