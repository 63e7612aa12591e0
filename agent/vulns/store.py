"""Vulnerability rows in the tenant's store.

An import replaces what the same source said about the same artifact before (image digest,
image or target): a CVE no longer reported there is gone, so fixed images drop out.
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from sqlalchemy import Boolean, Column, Float, Index, Integer, String, Table, Text, and_, delete, select

from agent.core.model import Severity, utcnow
from agent.store import Store
from agent.store.schema import UtcDateTime, metadata
from agent.vulns.model import Vulnerability

vulnerabilities = Table(
    "vulnerabilities",
    metadata,
    Column("tenant", String(64), primary_key=True),
    Column("key", String(32), primary_key=True),
    Column("cve", String(64), nullable=False),
    Column("package", Text, nullable=False),
    Column("installed_version", Text, nullable=False),
    Column("fixed_version", Text),
    Column("severity", Integer, nullable=False),
    Column("cvss_score", Float),
    Column("cvss_vector", Text),
    Column("network", Boolean, nullable=False),
    Column("no_auth", Boolean, nullable=False),
    Column("source", String(16), nullable=False),
    Column("image", Text),
    Column("image_digest", String(80)),
    Column("target", Text),
    Column("title", Text, nullable=False),
    Column("first_seen", UtcDateTime, nullable=False),
    Column("last_seen", UtcDateTime, nullable=False),
    Index("ix_vulns_tenant_digest", "tenant", "image_digest"),
)


def _artifact(v: Vulnerability) -> tuple[str, str | None, str | None, str | None]:
    return (v.source, v.image_digest, None if v.image_digest else v.image,
            None if (v.image_digest or v.image) else v.target)


def save(store: Store, tenant: str, vulns: Sequence[Vulnerability]) -> dict[str, int]:
    """Replace each (source, artifact)'s rows with ``vulns``; returns counts added/kept/removed."""
    now = utcnow()
    by_key = {v.key: v for v in vulns}
    artifacts = {_artifact(v) for v in vulns}
    stats = {"added": 0, "kept": 0, "removed": 0}
    with store.engine.begin() as conn:
        existing: dict[str, Any] = {}
        for source, digest, image, target in artifacts:
            cond = [vulnerabilities.c.tenant == tenant, vulnerabilities.c.source == source]
            if digest:
                cond.append(vulnerabilities.c.image_digest == digest)
            elif image:
                cond.append(vulnerabilities.c.image == image)
            else:
                cond.append(vulnerabilities.c.target == target)
            for row in conn.execute(select(vulnerabilities.c.key, vulnerabilities.c.first_seen).where(and_(*cond))):
                existing[row.key] = row.first_seen
        gone = [k for k in existing if k not in by_key]
        for i in range(0, len(gone), 500):
            conn.execute(delete(vulnerabilities).where(vulnerabilities.c.tenant == tenant,
                                                       vulnerabilities.c.key.in_(gone[i:i + 500])))
        if existing:
            keep = [k for k in existing if k in by_key]
            for i in range(0, len(keep), 500):
                conn.execute(delete(vulnerabilities).where(vulnerabilities.c.tenant == tenant,
                                                           vulnerabilities.c.key.in_(keep[i:i + 500])))
        rows = []
        for k, v in by_key.items():
            d = v.to_dict()
            d.pop("fix_available")
            d["severity"] = int(v.severity)
            rows.append({**d, "tenant": tenant, "first_seen": existing.get(k, now), "last_seen": now})
        if rows:
            conn.execute(vulnerabilities.insert(), rows)
        stats["removed"] = len(gone)
        stats["kept"] = sum(1 for k in by_key if k in existing)
        stats["added"] = len(by_key) - stats["kept"]
    return stats


def load(store: Store, tenant: str) -> list[Vulnerability]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(vulnerabilities).where(vulnerabilities.c.tenant == tenant)).mappings().all()
    out = []
    for r in rows:
        out.append(Vulnerability(
            cve=r["cve"], package=r["package"], installed_version=r["installed_version"],
            fixed_version=r["fixed_version"], severity=Severity(r["severity"]), cvss_score=r["cvss_score"],
            cvss_vector=r["cvss_vector"], source=r["source"], image=r["image"], image_digest=r["image_digest"],
            target=r["target"], title=r["title"], network=bool(r["network"]), no_auth=bool(r["no_auth"])))
    return out


def save_all(store: Store, tenant: str, groups: Iterable[Sequence[Vulnerability]]) -> dict[str, int]:
    total = {"added": 0, "kept": 0, "removed": 0}
    for g in groups:
        for k, n in save(store, tenant, g).items():
            total[k] += n
    return total
