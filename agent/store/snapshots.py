"""Resource snapshots: the last collected document of every resource, written with a scan's
results; remediation compares against it (drift) and re-evaluation reads it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, func, select

from agent.core.model import Resource
from agent.store.connect import chunks
from agent.store.rows import data_digest, resource_key
from agent.store.tables import resources


def snapshot_resources(conn: Connection, tenant: str, scan_id: int, inventory: Iterable[Resource], now: datetime) -> None:
    rows = [{"tenant": tenant, "key": resource_key(r), "provider": r.provider, "account": r.account,
             "region": r.region, "type": r.type, "id": r.id, "name": r.name, "tags": dict(r.tags),
             "data": r.data, "digest": data_digest(r.data), "last_scan_id": scan_id, "last_seen": now}
            for r in inventory]
    if not rows:
        return
    existing: set[str] = set()
    for part in chunks([r["key"] for r in rows]):
        existing.update(conn.execute(select(resources.c.key).where(
            resources.c.tenant == tenant, resources.c.key.in_(part))).scalars())
    new = [r for r in rows if r["key"] not in existing]
    old = [r for r in rows if r["key"] in existing]
    if new:
        conn.execute(resources.insert(), new)
    if old:
        for r in old:
            r["b_tenant"] = r.pop("tenant")
            r["b_key"] = r.pop("key")
        conn.execute(resources.update().where(and_(
            resources.c.tenant == bindparam("b_tenant"), resources.c.key == bindparam("b_key"))), old)


class ResourceOperations:
    """The Store's reads of ``resources`` (written by :meth:`Store.record_scan`)."""

    engine: Engine

    def resource(self, tenant: str, resource: Resource) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(resources).where(
                resources.c.tenant == tenant, resources.c.key == resource_key(resource))).mappings().first()
        return dict(row) if row else None

    def resource_snapshots(self, tenant: str, types: Iterable[str] | None = None) -> list[Resource]:
        """The last stored snapshot of every resource (optionally of some types) of the tenant."""
        q = select(resources).where(resources.c.tenant == tenant)
        if types:
            q = q.where(resources.c.type.in_(list(types)))
        with self.engine.connect() as conn:
            return [Resource(provider=r["provider"], account=r["account"], region=r["region"], type=r["type"],
                             id=r["id"], name=r["name"], tags=dict(r["tags"] or {}), data=dict(r["data"] or {}))
                    for r in conn.execute(q).mappings()]

    def resources_by_id(self, tenant: str, ids: Iterable[str]) -> dict[str, Resource]:
        """Stored resources (without their documents) by id, keyed by the id in lower case, so a
        product's finding joins the inventory however its product spells an Azure id."""
        wanted = sorted({i for i in ids if i})
        lowered = sorted({i.lower() for i in wanted})
        out: dict[str, Resource] = {}
        cols = (resources.c.provider, resources.c.account, resources.c.region, resources.c.type, resources.c.id,
                resources.c.name, resources.c.tags)
        with self.engine.connect() as conn:
            for part in chunks(wanted + lowered):
                for r in conn.execute(select(*cols).where(resources.c.tenant == tenant, resources.c.id.in_(part))):
                    out[r.id.lower()] = Resource(r.provider, r.account, r.region, r.type, r.id, r.name, dict(r.tags or {}))
            missing = [i for i in lowered if i not in out and i.startswith("/subscriptions/")]
            for part in chunks(missing):  # ARM ids differ in case between APIs (resourceGroups/resourcegroups)
                for r in conn.execute(select(*cols).where(resources.c.tenant == tenant, func.lower(resources.c.id).in_(part))):
                    out[r.id.lower()] = Resource(r.provider, r.account, r.region, r.type, r.id, r.name, dict(r.tags or {}))
        return out
