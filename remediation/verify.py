"""Verification: re-collect the one resource a plan changed and re-run its check.

For AWS the collector's own service module re-reads the resource (``collect_account`` for that
one service and region) and the registered check evaluates it, so "verified" means exactly what
the next scan will say.  Kubernetes, Azure and GCP remediators re-read the one object through
the API they changed it with, in the collector's shape (``Remediator.refresh``), and the check is
re-run on that.  Where no check is registered for the plan (yet), the remediator's own reading of
the settings it changed is compared with the plan's target instead; the detail says which.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import checks as check_registry
from agent.core.inventory import Inventory
from agent.core.model import Resource, Status
from remediation.base import Context, Plan, Remediator


@dataclass(slots=True)
class Verification:
    ok: bool
    detail: str
    method: str
    resource: Resource | None = None
    state: dict[str, Any] = field(default_factory=dict)


def _check(check_id: str) -> Any:
    try:
        return check_registry.get(check_id)
    except KeyError:
        return None


def _aws_collector_available(service: str | None) -> bool:
    if not service:
        return False
    from agent.collectors.aws import service_modules

    return bool(service_modules([service]))


def recollect_aws(ctx: Context, plan: Plan, rem: Remediator, narrow: bool = True) -> tuple[Resource | None, Inventory]:
    """Run the collector's service module for the plan's region; ``narrow`` trims its listings to
    the one resource (agent/collectors/aws/narrow.py), falling back to the full collection if that misses."""
    from agent.collectors.aws import collect_account
    from agent.collectors.aws.narrow import NarrowingFactory, native_id

    factory = ctx.aws_factory(plan.account)
    region = plan.region if plan.region not in ("", "*", "global") else factory.default_region
    if narrow:
        wanted = native_id(plan.resource_type, plan.resource_id, plan.resource_data)
        narrowed = NarrowingFactory(factory, plan.resource_type, wanted)
        inv = collect_account(narrowed, plan.account, [region], services=[rem.collector_service], max_workers=1)
        if inv.get(plan.resource_id) is not None:
            return inv.get(plan.resource_id), inv
    inv = collect_account(factory, plan.account, [region], services=[rem.collector_service], max_workers=1)
    return inv.get(plan.resource_id), inv


def verify(ctx: Context, plan: Plan, rem: Remediator, use_collector: bool = True) -> Verification:
    state = rem.read(ctx, plan.resource())
    check = _check(plan.check_id)
    if (
        use_collector
        and plan.provider == "aws"
        and check is not None
        and _aws_collector_available(rem.collector_service)
    ):
        resource, inv = recollect_aws(ctx, plan, rem, narrow=not check.needs_inventory)
        if resource is None:
            gaps = "; ".join(f"{e.resource_type}: {e.error}" for e in inv.coverage.failures)
            return Verification(
                False,
                f"re-collection did not return {plan.resource_id}" + (f" ({gaps})" if gaps else ""),
                "collector",
                None,
                state,
            )
        result = check_registry.evaluate(check, resource, inv)
        ok = result.status is Status.PASS
        detail = f"check {plan.check_id} re-run on the re-collected resource: {result.status.value}"
        if result.detail:
            detail += f" — {result.detail}"
        return Verification(ok, detail, "collector", resource, state)
    fresh = rem.refresh(ctx, plan) if check is not None else None
    if fresh is not None:
        result = check_registry.evaluate(check, fresh, Inventory([fresh]))
        detail = f"check {plan.check_id} re-run on the re-read resource: {result.status.value}"
        if result.detail:
            detail += f" — {result.detail}"
        return Verification(result.status is Status.PASS, detail, "re-read", fresh, state)
    ok = rem.is_fixed(state, plan.after)
    why = "no collector/check registered for it" if plan.provider == "aws" else f"{plan.provider} re-read"
    detail = (
        f"re-read by the remediator ({why}): {'target state reached' if ok else 'target state NOT reached'} — {state}"
    )
    return Verification(ok, detail, "remediator", None, state)
