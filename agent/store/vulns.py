"""The store's operations on ``vulnerabilities``.

An import replaces what the same source said about the same artifact before (image digest, else
image, else target): a CVE no longer reported there is gone, so fixed images drop out.  Rows
cross this seam as dicts of the table's columns (:mod:`agent.vulns.store` makes them from
:class:`~agent.vulns.model.Vulnerability`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, delete, select

from agent.core.model import utcnow
from agent.store.connect import chunks
from agent.store.tables import vulnerabilities as v

Artifact = tuple[str, str | None, str | None, str | None]


def artifact(row: dict[str, Any]) -> Artifact:
    """(source, image digest, else image, else target): what one import speaks for."""
    digest, image = row.get("image_digest"), row.get("image")
    return (row["source"], digest, None if digest else image, None if (digest or image) else row.get("target"))


def _rows_of(a: Artifact) -> ColumnElement[bool]:
    source, digest, image, target = a
    where = v.c.image_digest == digest if digest else v.c.image == image if image else v.c.target == target
    return and_(v.c.source == source, where)


def replace_vulnerabilities(engine: Engine, tenant: str, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Replace each (source, artifact)'s rows with ``rows`` (keyed by ``key``); returns counts
    added/kept/removed.  A kept row keeps its ``first_seen``."""
    now = utcnow()
    by_key = {r["key"]: r for r in rows}
    with engine.begin() as conn:
        existing: dict[str, Any] = {}
        for a in {artifact(r) for r in rows}:
            for row in conn.execute(select(v.c.key, v.c.first_seen).where(v.c.tenant == tenant, _rows_of(a))):
                existing[row.key] = row.first_seen
        for part in chunks(list(existing)):  # gone, and kept (rewritten below with their first_seen)
            conn.execute(delete(v).where(v.c.tenant == tenant, v.c.key.in_(part)))
        fresh = [{**r, "tenant": tenant, "first_seen": existing.get(k, now), "last_seen": now} for k, r in by_key.items()]
        if fresh:
            conn.execute(v.insert(), fresh)
    kept = sum(1 for k in by_key if k in existing)
    return {"added": len(by_key) - kept, "kept": kept, "removed": sum(1 for k in existing if k not in by_key)}


def vulnerability_rows(engine: Engine, tenant: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(v).where(v.c.tenant == tenant)).mappings()]
