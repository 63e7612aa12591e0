"""Vulnerabilities in the tenant's store, as :class:`~agent.vulns.model.Vulnerability` objects.

The table and the replace-per-artifact rule are the store's (:mod:`agent.store.vulns`); this
adapter only turns vulnerabilities into rows and back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from agent.core.model import Severity
from agent.store import Store
from agent.store.vulns import replace_vulnerabilities, vulnerability_rows
from agent.vulns.model import Vulnerability


def _row(v: Vulnerability) -> dict[str, Any]:
    d = v.to_dict()
    d.pop("fix_available")
    d["severity"] = int(v.severity)
    return d


def save(store: Store, tenant: str, vulns: Sequence[Vulnerability]) -> dict[str, int]:
    """Replace each (source, artifact)'s rows with ``vulns``; returns counts added/kept/removed."""
    return replace_vulnerabilities(store.engine, tenant, [_row(v) for v in vulns])


def load(store: Store, tenant: str) -> list[Vulnerability]:
    return [Vulnerability(
        cve=r["cve"], package=r["package"], installed_version=r["installed_version"],
        fixed_version=r["fixed_version"], severity=Severity(r["severity"]), cvss_score=r["cvss_score"],
        cvss_vector=r["cvss_vector"], source=r["source"], image=r["image"], image_digest=r["image_digest"],
        target=r["target"], title=r["title"], network=bool(r["network"]), no_auth=bool(r["no_auth"]))
        for r in vulnerability_rows(store.engine, tenant)]


def save_all(store: Store, tenant: str, groups: Iterable[Sequence[Vulnerability]]) -> dict[str, int]:
    total = {"added": 0, "kept": 0, "removed": 0}
    for g in groups:
        for k, n in save(store, tenant, g).items():
            total[k] += n
    return total
