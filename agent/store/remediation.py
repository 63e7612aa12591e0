"""The store's operations on the remediation tables: plans and their audit trail.

``remediation_plans`` holds one row per plan with its status; ``remediation_audit`` one row per
action (plan, approve, reject, expire, apply, verify, rollback, refuse, rebase) with who, when,
before, after and result.  Status changes go through :meth:`RemediationTables.transition`, a
conditional UPDATE (``WHERE status IN (…)``): when two runs race for the same plan only one row
update succeeds, so a plan can never be applied twice.

    dry-run ─────────────────────────────────────────────► (shown, never applied)
    pending ─approve─► approved ─claim─► applying ─► applied ─verify─► verified ─rollback─► rolled_back
       │  └─reject─► rejected                  │                └──► verify_failed ─rollback─►
       └─(expiry)─► expired                    └─► failed / refused (drift, exempt, limit)

Plans cross this seam as plain row dicts (the columns of ``remediation_plans``);
:class:`remediation.store.RemediationStore` turns them into :class:`remediation.base.Plan`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, select

from agent.core.model import utcnow
from agent.store.connect import inserted_id
from agent.store.tables import audit, plans

# Plans that still stand for a finding: a new plan for the same finding is not made while one is open.
OPEN_STATUSES = ("dry-run", "pending", "approved", "applying")


def _audit(conn: Connection, tenant: str, plan_id: int, actor: str, action: str, result: str,
           before: dict[str, Any], after: dict[str, Any], detail: str, at: datetime) -> None:
    conn.execute(audit.insert().values(tenant=tenant, plan_id=plan_id, at=at, actor=actor, action=action,
                                       result=result, before=before, after=after, detail=detail))


class RemediationTables:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def insert_plan(self, tenant: str, row: dict[str, Any], actor: str, expiry: timedelta | None = None,
                    result: str = "ok", detail: str = "") -> int:
        """Add a plan (``row``: its columns but the bookkeeping ones) and audit it; returns its id."""
        now = utcnow()
        with self.engine.begin() as conn:
            plan_id = inserted_id(conn.execute(plans.insert().values(
                tenant=tenant, **row, created_at=now, updated_at=now, expires_at=now + expiry if expiry else None,
                created_by=actor)))
            _audit(conn, tenant, plan_id, actor, "plan", result, row["before"], row["after"], detail, now)
        return plan_id

    def plan_row(self, tenant: str, plan_id: int) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(plans).where(plans.c.tenant == tenant, plans.c.id == plan_id)).mappings().first()
        return dict(row) if row else None

    def plan_rows(self, tenant: str, statuses: Iterable[str] | None = None, fingerprint: str | None = None,
                  limit: int | None = None) -> list[dict[str, Any]]:
        """The tenant's plans, newest first."""
        q = select(plans).where(plans.c.tenant == tenant)
        if statuses:
            q = q.where(plans.c.status.in_(list(statuses)))
        if fingerprint:
            q = q.where(plans.c.fingerprint == fingerprint)
        q = q.order_by(plans.c.id.desc())
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def transition(
        self,
        tenant: str,
        plan_id: int,
        from_statuses: Iterable[str],
        to: str,
        actor: str,
        action: str,
        result: str = "ok",
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        detail: str = "",
        **values: Any,
    ) -> bool:
        """Move a plan to ``to`` only if it is in one of ``from_statuses``; audit it in the same transaction.

        Returns False (and writes nothing) when another run moved the plan first.
        """
        now = utcnow()
        with self.engine.begin() as conn:
            res = conn.execute(plans.update().where(and_(
                plans.c.tenant == tenant, plans.c.id == plan_id, plans.c.status.in_(list(from_statuses)),
            )).values(status=to, updated_at=now, **values))
            if res.rowcount != 1:
                return False
            _audit(conn, tenant, plan_id, actor, action, result, before or {}, after or {}, detail, now)
        return True

    def audit(self, tenant: str, plan_id: int, actor: str, action: str, result: str, detail: str = "",
              before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None:
        with self.engine.begin() as conn:
            _audit(conn, tenant, plan_id, actor, action, result, before or {}, after or {}, detail, utcnow())

    def history(self, tenant: str, plan_id: int | None = None, limit: int = 200) -> list[dict[str, Any]]:
        q = select(audit).where(audit.c.tenant == tenant)
        if plan_id is not None:
            q = q.where(audit.c.plan_id == plan_id)
        q = q.order_by(audit.c.id.desc()).limit(limit)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()][::-1]

    def expire(self, tenant: str, actor: str, now: datetime | None = None) -> list[int]:
        """Pending plans past their approval expiry become ``expired`` (audited)."""
        now = now or utcnow()
        with self.engine.connect() as conn:
            ids = list(conn.execute(select(plans.c.id).where(
                plans.c.tenant == tenant, plans.c.status.in_(["pending", "approved"]),
                plans.c.expires_at.is_not(None), plans.c.expires_at < now)).scalars())
        return [i for i in ids if self.transition(tenant, i, ["pending", "approved"], "expired", actor, "expire",
                                                  "expired", detail="approval expired before the plan was applied")]

    def rebase(self, tenant: str, resource_id: str, by_plan: int, digest: str, data: dict[str, Any], actor: str) -> list[int]:
        """Our own verified change updated a resource's snapshot: the other open plans for that
        resource move to the new snapshot, so the change is not taken for someone else's drift.
        (Their own settings are still compared live before they apply.)"""
        with self.engine.begin() as conn:
            ids = list(conn.execute(select(plans.c.id).where(
                plans.c.tenant == tenant, plans.c.resource_id == resource_id, plans.c.id != by_plan,
                plans.c.status.in_(list(OPEN_STATUSES)), plans.c.resource_digest.is_not(None))).scalars())
            now = utcnow()
            for i in ids:
                conn.execute(plans.update().where(plans.c.id == i)
                             .values(resource_digest=digest, resource_data=data, updated_at=now))
                _audit(conn, tenant, i, actor, "rebase", "ok", {}, {}, f"snapshot updated by verified plan {by_plan}", now)
        return ids
