"""Vulnerabilities joined with their reach and risk, for listing, the plan and the report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agent.posture.risk import score
from agent.store import Store
from agent.vulns import store as vstore
from agent.vulns.join import Reach, reach, workloads
from agent.vulns.model import Vulnerability


@dataclass(slots=True)
class RankedVuln:
    vuln: Vulnerability
    reach: Reach
    risk: float

    def to_dict(self) -> dict[str, Any]:
        d = self.vuln.to_dict()
        d.update({"risk": self.risk, "exposed": self.reach.exposed, "privileged": self.reach.privileged,
                  "workloads": [w.label for w in self.reach.workloads]})
        return d


def vuln_risk(v: Vulnerability, reach: Reach | None) -> float:
    running = bool(reach and reach.workloads)
    return score(v.severity, exposed=bool(reach and reach.exposed), running=running,
                 privileged=bool(reach and reach.privileged), criticality=reach.criticality if reach else "medium",
                 fix_available=v.fix_available, network_no_auth=v.network and v.no_auth).score


def ranked(store: Store, tenant: str) -> tuple[list[RankedVuln], dict[str, Reach]]:
    vulns = vstore.load(store, tenant)
    loads = workloads(store.resource_snapshots(tenant))
    r = reach(vulns, loads)
    out = []
    for v in vulns:
        where = r[v.key]
        out.append(RankedVuln(v, where, vuln_risk(v, where)))
    out.sort(key=lambda x: (-x.risk, -int(x.vuln.severity), x.vuln.cve))
    return out, r
