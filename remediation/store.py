"""Remediation plans and their audit trail in the agent's store.

``remediation_plans`` holds one row per plan with its status; ``remediation_audit`` one row per
action (plan, approve, reject, expire, apply, verify, rollback, refuse) with who, when, before,
after and result.  Status changes go through :meth:`RemediationStore.transition`, a conditional
UPDATE (``WHERE status IN (…)``): when two runs race for the same plan only one row update
succeeds, so a plan can never be applied twice.

    dry-run ─────────────────────────────────────────────► (shown, never applied)
    pending ─approve─► approved ─claim─► applying ─► applied ─verify─► verified ─rollback─► rolled_back
       │  └─reject─► rejected                  │                └──► verify_failed ─rollback─►
       └─(expiry)─► expired                    └─► failed / refused (drift, exempt, limit)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, Index, Integer, String, Table, Text, and_, select

from agent.core.model import utcnow
from agent.store import Store
from agent.store.schema import Json, UtcDateTime, metadata
from remediation.base import ApiCall, Plan

plans = Table(
    "remediation_plans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant", String(64), nullable=False),
    Column("check_id", String(128), nullable=False),
    Column("fingerprint", String(32), nullable=False),
    Column("provider", String(16), nullable=False),
    Column("account", String(128), nullable=False),
    Column("region", String(64), nullable=False),
    Column("resource_type", String(96), nullable=False),
    Column("resource_id", Text, nullable=False),
    Column("resource_name", Text, nullable=False),
    Column("resource_tags", Json, nullable=False),
    Column("resource_digest", String(32)),
    Column("resource_data", Json),
    Column("mode", String(12), nullable=False),
    Column("status", String(16), nullable=False),
    Column("summary", Text, nullable=False),
    Column("before", Json, nullable=False),
    Column("after", Json, nullable=False),
    Column("calls", Json, nullable=False),
    Column("rollback_calls", Json, nullable=False),
    Column("cli", Text, nullable=False),
    Column("terraform", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime),
    Column("created_by", String(128), nullable=False),
    Column("approved_by", String(128)),
    Index("ix_rplans_tenant_status", "tenant", "status"),
    Index("ix_rplans_tenant_fp", "tenant", "fingerprint"),
)

audit = Table(
    "remediation_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tenant", String(64), nullable=False),
    Column("plan_id", Integer, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(16), nullable=False),
    Column("result", String(12), nullable=False),
    Column("before", Json, nullable=False),
    Column("after", Json, nullable=False),
    Column("detail", Text, nullable=False),
    Index("ix_raudit_tenant_plan", "tenant", "plan_id"),
)

# Plans that still stand for a finding: a new plan for the same finding is not made while one is open.
OPEN_STATUSES = ("dry-run", "pending", "approved", "applying")


def _row_to_plan(row: Any) -> Plan:
    return Plan(
        check_id=row["check_id"],
        fingerprint=row["fingerprint"],
        provider=row["provider"],
        account=row["account"],
        region=row["region"],
        resource_type=row["resource_type"],
        resource_id=row["resource_id"],
        resource_name=row["resource_name"],
        summary=row["summary"],
        before=dict(row["before"] or {}),
        after=dict(row["after"] or {}),
        calls=[ApiCall.from_dict(c) for c in row["calls"] or []],
        rollback_calls=[ApiCall.from_dict(c) for c in row["rollback_calls"] or []],
        cli=row["cli"],
        terraform=row["terraform"],
        resource_tags=dict(row["resource_tags"] or {}),
        resource_digest=row["resource_digest"],
        resource_data=row["resource_data"],
        id=row["id"],
        status=row["status"],
        mode=row["mode"],
        reason=row["reason"],
    )


class RemediationStore:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    def add_plan(self, tenant: str, plan: Plan, actor: str, expiry: timedelta | None = None) -> int:
        now = utcnow()
        with self.engine.begin() as conn:
            res = conn.execute(
                plans.insert().values(
                    tenant=tenant,
                    check_id=plan.check_id,
                    fingerprint=plan.fingerprint,
                    provider=plan.provider,
                    account=plan.account,
                    region=plan.region,
                    resource_type=plan.resource_type,
                    resource_id=plan.resource_id,
                    resource_name=plan.resource_name,
                    resource_tags=plan.resource_tags,
                    resource_digest=plan.resource_digest,
                    resource_data=plan.resource_data,
                    mode=plan.mode,
                    status=plan.status,
                    summary=plan.summary,
                    before=plan.before,
                    after=plan.after,
                    calls=[c.to_dict() for c in plan.calls],
                    rollback_calls=[c.to_dict() for c in plan.rollback_calls],
                    cli=plan.cli,
                    terraform=plan.terraform,
                    reason=plan.reason,
                    created_at=now,
                    updated_at=now,
                    expires_at=now + expiry if expiry else None,
                    created_by=actor,
                )
            )
            plan.id = int(res.inserted_primary_key[0])
            self._audit(
                conn,
                tenant,
                plan.id,
                actor,
                "plan",
                "ok" if plan.status not in ("refused",) else "refused",
                plan.before,
                plan.after,
                plan.reason or plan.summary,
                now,
            )
        return plan.id

    def plan(self, tenant: str, plan_id: int) -> Plan | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(plans).where(plans.c.tenant == tenant, plans.c.id == plan_id)).mappings().first()
        return _row_to_plan(row) if row else None

    def plan_row(self, tenant: str, plan_id: int) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(plans).where(plans.c.tenant == tenant, plans.c.id == plan_id)).mappings().first()
        return dict(row) if row else None

    def plans(
        self,
        tenant: str,
        statuses: Iterable[str] | None = None,
        fingerprint: str | None = None,
        limit: int | None = None,
    ) -> list[Plan]:
        q = select(plans).where(plans.c.tenant == tenant)
        if statuses:
            q = q.where(plans.c.status.in_(list(statuses)))
        if fingerprint:
            q = q.where(plans.c.fingerprint == fingerprint)
        q = q.order_by(plans.c.id.desc())
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [_row_to_plan(r) for r in conn.execute(q).mappings()]

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
            res = conn.execute(
                plans.update()
                .where(
                    and_(
                        plans.c.tenant == tenant,
                        plans.c.id == plan_id,
                        plans.c.status.in_(list(from_statuses)),
                    )
                )
                .values(status=to, updated_at=now, **values)
            )
            if res.rowcount != 1:
                return False
            self._audit(conn, tenant, plan_id, actor, action, result, before or {}, after or {}, detail, now)
        return True

    def audit(
        self,
        tenant: str,
        plan_id: int,
        actor: str,
        action: str,
        result: str,
        detail: str = "",
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        with self.engine.begin() as conn:
            self._audit(conn, tenant, plan_id, actor, action, result, before or {}, after or {}, detail, utcnow())

    @staticmethod
    def _audit(
        conn: Any,
        tenant: str,
        plan_id: int,
        actor: str,
        action: str,
        result: str,
        before: dict[str, Any],
        after: dict[str, Any],
        detail: str,
        at: datetime,
    ) -> None:
        conn.execute(
            audit.insert().values(
                tenant=tenant,
                plan_id=plan_id,
                at=at,
                actor=actor,
                action=action,
                result=result,
                before=before,
                after=after,
                detail=detail,
            )
        )

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
            ids = list(
                conn.execute(
                    select(plans.c.id).where(
                        plans.c.tenant == tenant,
                        plans.c.status.in_(["pending", "approved"]),
                        plans.c.expires_at.is_not(None),
                        plans.c.expires_at < now,
                    )
                ).scalars()
            )
        return [
            i
            for i in ids
            if self.transition(
                tenant,
                i,
                ["pending", "approved"],
                "expired",
                actor,
                "expire",
                "expired",
                detail="approval expired before the plan was applied",
            )
        ]

    def rebase(
        self, tenant: str, resource_id: str, by_plan: int, digest: str, data: dict[str, Any], actor: str
    ) -> list[int]:
        """Our own verified change updated a resource's snapshot: the other open plans for that
        resource move to the new snapshot, so the change is not taken for someone else's drift.
        (Their own settings are still compared live before they apply.)"""
        with self.engine.begin() as conn:
            ids = list(
                conn.execute(
                    select(plans.c.id).where(
                        plans.c.tenant == tenant,
                        plans.c.resource_id == resource_id,
                        plans.c.id != by_plan,
                        plans.c.status.in_(list(OPEN_STATUSES)),
                        plans.c.resource_digest.is_not(None),
                    )
                ).scalars()
            )
            now = utcnow()
            for i in ids:
                conn.execute(
                    plans.update()
                    .where(plans.c.id == i)
                    .values(resource_digest=digest, resource_data=data, updated_at=now)
                )
                self._audit(
                    conn, tenant, i, actor, "rebase", "ok", {}, {}, f"snapshot updated by verified plan {by_plan}", now
                )
        return ids
