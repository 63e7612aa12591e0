"""Remediation plans in the agent's store, as :class:`~remediation.base.Plan` objects.

The tables, the audit trail and the status rules (a conditional UPDATE per status change, so a
plan can never be applied twice) are the store's: :mod:`agent.store.remediation`.  This adapter
only turns plans into rows and back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from agent.store import Store
from agent.store.remediation import OPEN_STATUSES, RemediationTables
from remediation.base import ApiCall, Plan

__all__ = ["OPEN_STATUSES", "RemediationStore"]


def _row_to_plan(row: dict[str, Any]) -> Plan:
    return Plan(
        check_id=row["check_id"], fingerprint=row["fingerprint"], provider=row["provider"], account=row["account"],
        region=row["region"], resource_type=row["resource_type"], resource_id=row["resource_id"],
        resource_name=row["resource_name"], summary=row["summary"], before=dict(row["before"] or {}),
        after=dict(row["after"] or {}), calls=[ApiCall.from_dict(c) for c in row["calls"] or []],
        rollback_calls=[ApiCall.from_dict(c) for c in row["rollback_calls"] or []], cli=row["cli"],
        terraform=row["terraform"], resource_tags=dict(row["resource_tags"] or {}),
        resource_digest=row["resource_digest"], resource_data=row["resource_data"], id=row["id"],
        status=row["status"], mode=row["mode"], reason=row["reason"],
    )


def _plan_to_row(plan: Plan) -> dict[str, Any]:
    return {
        "check_id": plan.check_id, "fingerprint": plan.fingerprint, "provider": plan.provider,
        "account": plan.account, "region": plan.region, "resource_type": plan.resource_type,
        "resource_id": plan.resource_id, "resource_name": plan.resource_name, "resource_tags": plan.resource_tags,
        "resource_digest": plan.resource_digest, "resource_data": plan.resource_data, "mode": plan.mode,
        "status": plan.status, "summary": plan.summary, "before": plan.before, "after": plan.after,
        "calls": [c.to_dict() for c in plan.calls], "rollback_calls": [c.to_dict() for c in plan.rollback_calls],
        "cli": plan.cli, "terraform": plan.terraform, "reason": plan.reason,
    }


class RemediationStore(RemediationTables):
    """The store's remediation operations, with plans as :class:`Plan`."""

    def __init__(self, store: Store) -> None:
        super().__init__(store.engine)
        self.store = store

    def add_plan(self, tenant: str, plan: Plan, actor: str, expiry: timedelta | None = None) -> int:
        plan.id = self.insert_plan(tenant, _plan_to_row(plan), actor, expiry,
                                   result="refused" if plan.status == "refused" else "ok",
                                   detail=plan.reason or plan.summary)
        return plan.id

    def plan(self, tenant: str, plan_id: int) -> Plan | None:
        row = self.plan_row(tenant, plan_id)
        return _row_to_plan(row) if row else None

    def plans(self, tenant: str, statuses: Iterable[str] | None = None, fingerprint: str | None = None,
              limit: int | None = None) -> list[Plan]:
        return [_row_to_plan(r) for r in self.plan_rows(tenant, statuses, fingerprint, limit)]
