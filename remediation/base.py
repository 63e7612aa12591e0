"""The remediator contract, the base class most remediators build on, and the data a plan carries.

The seam the runner, the registry and verification use is the :class:`Remediator` protocol; the
:class:`Context` protocol is what a remediator may ask of the context it is handed (clients per
account and the one ``execute`` that performs a call: :class:`remediation.context.RemediationContext`).
The context always comes first::

    plan(ctx, finding, resource) -> Plan          drift(ctx, plan) -> str | None
    apply(ctx, plan) -> ApplyRecord               rollback(ctx, plan) -> ApplyRecord
    read(ctx, resource) -> dict                   refresh(ctx, plan) -> Resource | None

Most remediators subclass :class:`BaseRemediator`, written as four small answers that the base
class turns into ``plan / apply / rollback``:

    read(ctx, resource)                     -> the live values of the settings it would change
    target(ctx, resource, before)           -> the values it wants (same keys)
    calls(ctx, resource, before, after)     -> the exact API calls that move before → after
    undo(ctx, resource, before, after)      -> the exact API calls that move after → before

Both call lists are fixed when the plan is made, so what a person approves is literally what
runs, and the rollback is known before anything changes.  Nothing here ever deletes a
resource or data: a remediator revokes a rule, blocks access, disables a key or enables a
setting.  ``DESTRUCTIVE`` lists operation names no plan may contain, as a last guard.
"""

from __future__ import annotations

import enum
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, Protocol

from agent.core.errors import RemediationError
from agent.core.model import Finding, Resource
from agent.settings.remediation import RemediationSettings


class PlanStatus(enum.StrEnum):
    """Where a plan is in its life, and the outcome of a runner step (stored as the value)."""

    PLANNED = "planned"
    DRY_RUN = "dry-run"
    PENDING = "pending"  # waits for approval
    APPROVED = "approved"
    REJECTED = "rejected"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"
    REFUSED = "refused"
    APPLYING = "applying"
    APPLIED = "applied"
    VERIFIED = "verified"
    VERIFY_FAILED = "verify_failed"
    FAILED = "failed"
    ROLLING_BACK = "rolling_back"
    ROLLED_BACK = "rolled_back"
    ROLLBACK_FAILED = "rollback_failed"


# Operations no remediator may call, whatever it plans (checked on plan and before apply).
# delete_public_access_block / delete_bucket_encryption / delete_flow_logs / delete_account_password_policy
# only remove a setting UCS itself added (rollback to a before-state that had none), so they are allowed.
DESTRUCTIVE = re.compile(
    r"^(delete_bucket|delete_objects?|terminate_instances|delete_volume|delete_snapshot|delete_user|"
    r"delete_db_instance|delete_db_snapshot|deregister_image|delete_key|schedule_key_deletion|"
    r"delete_trail|delete_repository|delete_detector|delete_namespace|delete_namespaced_service_account|"
    r"delete_security_group|delete_vpc|storage_accounts\.delete)$"
)


@dataclass(slots=True)
class ApiCall:
    """One API call: ``service`` names the client (boto3 service name, ``CoreV1Api``, …)."""

    service: str
    operation: str
    params: dict[str, Any]
    region: str | None = None

    def render(self) -> str:
        args = json.dumps(self.params, sort_keys=True, default=str)
        where = f" [{self.region}]" if self.region else ""
        return f"{self.service}.{self.operation}({args}){where}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ApiCall:
        return cls(d["service"], d["operation"], dict(d.get("params") or {}), d.get("region"))


@dataclass(slots=True)
class Plan:
    """The exact change for one finding.  Stored as one row; ``id`` is set by the store."""

    check_id: str
    fingerprint: str
    provider: str
    account: str
    region: str
    resource_type: str
    resource_id: str
    resource_name: str
    summary: str
    before: dict[str, Any]
    after: dict[str, Any]
    calls: list[ApiCall]
    rollback_calls: list[ApiCall]
    cli: str
    terraform: str
    resource_tags: dict[str, str] = field(default_factory=dict)
    resource_digest: str | None = None
    resource_data: dict[str, Any] | None = None  # the stored snapshot the plan was made from
    id: int | None = None
    status: str = PlanStatus.PLANNED  # a PlanStatus value (read back from the store as a plain str)
    mode: str = "dry-run"
    reason: str = ""

    def changes(self) -> list[str]:
        """Human-readable before → after, one line per setting."""
        keys = list(dict.fromkeys([*self.before, *self.after]))
        return [
            f"{k}: {_show(self.before.get(k))} → {_show(self.after.get(k))}"
            for k in keys
            if self.before.get(k) != self.after.get(k)
        ]

    def resource(self) -> Resource:
        return Resource(
            self.provider,
            self.account,
            self.region,
            self.resource_type,
            self.resource_id,
            self.resource_name,
            dict(self.resource_tags),
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["calls"] = [c.to_dict() for c in self.calls]
        d["rollback_calls"] = [c.to_dict() for c in self.rollback_calls]
        d["changes"] = self.changes()
        d.pop("resource_data", None)  # the stored snapshot: large, and only the digest matters to a reader
        return d


@dataclass(slots=True)
class ApplyRecord:
    """What an apply did: the before-state re-read just before the change, and the result."""

    plan_id: int | None
    before: dict[str, Any]
    after: dict[str, Any]
    calls: list[str]
    ok: bool
    error: str = ""


def _show(v: Any) -> str:
    if v is None:
        return "(not set)"
    if isinstance(v, (dict, list)):
        return json.dumps(v, sort_keys=True, default=str)
    return str(v)


class Context(Protocol):
    """What a remediator may ask of its context.  SDK clients are typed ``Any``: each provider's
    SDK has its own client classes, and the remediator that asks knows which one it gets."""

    @property
    def settings(self) -> RemediationSettings: ...

    def aws_factory(self, account: str) -> Any: ...

    def aws_client(self, account: str, service: str, region: str | None) -> Any: ...

    def k8s_api(self, cluster: str, api: str) -> Any: ...

    def azure_client(self, subscription: str) -> Any: ...

    def gcp_client(self, project: str) -> Any: ...

    def execute(self, provider: str, account: str, call: ApiCall) -> Any:
        """Perform ``call`` (the only place a remediation writes to a cloud)."""
        ...


class Remediator(Protocol):
    """A fix for the condition of one check (``check_id``) on one resource."""

    @property
    def check_id(self) -> str: ...

    @property
    def provider(self) -> str: ...

    @property
    def resource_type(self) -> str: ...

    @property
    def collector_service(self) -> str | None:
        """AWS: the collector service module re-run for verification (None: not AWS, or none)."""
        ...

    def plan(self, ctx: Context, finding: Finding, resource: Resource) -> Plan:
        """The exact change (raises RemediationError when there is nothing to change)."""
        ...

    def new_plan(self, finding: Finding, resource: Resource, **fields: Any) -> Plan:
        """A plan for this remediator on ``resource`` with ``fields`` filled in (e.g. a refusal)."""
        ...

    def read(self, ctx: Context, resource: Resource) -> dict[str, Any]:
        """The live values of the settings the fix changes."""
        ...

    def drift(self, ctx: Context, plan: Plan) -> str | None:
        """Why the resource no longer matches the plan's before-state, or None."""
        ...

    def apply(self, ctx: Context, plan: Plan) -> ApplyRecord: ...

    def rollback(self, ctx: Context, plan: Plan) -> ApplyRecord: ...

    def refresh(self, ctx: Context, plan: Plan) -> Resource | None:
        """The resource re-read in the collector's shape, or None (AWS re-runs its collector)."""
        ...

    def is_fixed(self, state: dict[str, Any], after: dict[str, Any]) -> bool: ...


class BaseRemediator:
    """Base class; subclasses set the ClassVars and implement read/target/calls/undo/cli/terraform."""

    check_id: ClassVar[str]
    provider: ClassVar[str] = "aws"
    resource_type: ClassVar[str]
    # Collector service re-read for verification (``agent.collectors.aws`` SERVICE name).
    collector_service: ClassVar[str | None] = None
    summary: ClassVar[str]

    # ------------------------------------------------------------ subclass answers
    def read(self, ctx: Context, resource: Resource) -> dict[str, Any]:
        raise NotImplementedError

    def target(self, ctx: Context, resource: Resource, before: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def calls(self, ctx: Context, resource: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        raise NotImplementedError

    def undo(self, ctx: Context, resource: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        raise NotImplementedError

    def cli(self, ctx: Context, resource: Resource, after: dict[str, Any]) -> str:
        raise NotImplementedError

    def terraform(self, ctx: Context, resource: Resource, after: dict[str, Any]) -> str:
        raise NotImplementedError

    def refresh(self, ctx: Context, plan: Plan) -> Resource | None:
        """The resource re-read from the provider in the collector's shape (the plan's stored
        snapshot with the re-read parts replaced), so the check itself can be re-run on it.
        None: no such re-read here (AWS uses its collector instead)."""
        return None

    def snapshot(self, plan: Plan, **fresh: Any) -> Resource:
        r = plan.resource()
        r.data = {**(plan.resource_data or {}), **fresh}
        return r

    def is_fixed(self, state: dict[str, Any], after: dict[str, Any]) -> bool:
        """Own-reading verification: every planned key holds its planned value."""
        return all(state.get(k) == v for k, v in after.items())

    # ------------------------------------------------------------ the interface
    def plan(self, ctx: Context, finding: Finding, resource: Resource) -> Plan:
        before = self.read(ctx, resource)
        after = self.target(ctx, resource, before)
        if before == after:
            raise RemediationError(f"{self.check_id} on {resource.id}: nothing to change (already {after})")
        calls = self.calls(ctx, resource, before, after)
        undo = self.undo(ctx, resource, before, after)
        guard_not_destructive(calls + undo, self.check_id)
        return self.new_plan(
            finding,
            resource,
            before=before,
            after=after,
            calls=calls,
            rollback_calls=undo,
            cli=self.cli(ctx, resource, after),
            terraform=self.terraform(ctx, resource, after),
        )

    def new_plan(self, finding: Finding, resource: Resource, **fields: Any) -> Plan:
        """A plan for this remediator on ``resource``; ``fields`` fill in the change (or its refusal)."""
        change: dict[str, Any] = {
            "before": {},
            "after": {},
            "calls": [],
            "rollback_calls": [],
            "cli": "",
            "terraform": "",
        }
        change.update(fields)
        return Plan(
            check_id=self.check_id,
            fingerprint=finding.fingerprint,
            provider=resource.provider,
            account=resource.account,
            region=resource.region,
            resource_type=resource.type,
            resource_id=resource.id,
            resource_name=resource.name,
            summary=self.summary.format(name=resource.name),
            resource_tags=dict(resource.tags),
            **change,
        )

    def drift(self, ctx: Context, plan: Plan) -> str | None:
        """Why the resource no longer matches the plan's before-state, or None."""
        live = self.read(ctx, plan.resource())
        changed = [
            f"{k} was {_show(plan.before.get(k))}, now {_show(live.get(k))}"
            for k in dict.fromkeys([*plan.before, *live])
            if plan.before.get(k) != live.get(k)
        ]
        return "; ".join(changed) or None

    def apply(self, ctx: Context, plan: Plan) -> ApplyRecord:
        guard_not_destructive(plan.calls, self.check_id)
        before = self.read(ctx, plan.resource())
        done: list[str] = []
        try:
            for call in plan.calls:
                ctx.execute(plan.provider, plan.account, call)
                done.append(call.render())
        except Exception as exc:  # noqa: BLE001 — the record keeps what ran, so a partial apply can be rolled back
            return ApplyRecord(plan.id, before, {}, done, False, f"{type(exc).__name__}: {exc}")
        return ApplyRecord(plan.id, before, self.read(ctx, plan.resource()), done, True)

    def rollback(self, ctx: Context, plan: Plan) -> ApplyRecord:
        before = self.read(ctx, plan.resource())
        done: list[str] = []
        try:
            for call in plan.rollback_calls:
                ctx.execute(plan.provider, plan.account, call)
                done.append(call.render())
        except Exception as exc:  # noqa: BLE001 — any SDK error is the rollback's result, audited
            return ApplyRecord(plan.id, before, {}, done, False, f"{type(exc).__name__}: {exc}")
        after = self.read(ctx, plan.resource())
        ok = after == plan.before
        return ApplyRecord(
            plan.id, before, after, done, ok, "" if ok else f"state after rollback {after} differs from {plan.before}"
        )


def guard_not_destructive(calls: list[ApiCall], check_id: str) -> None:
    for c in calls:
        if DESTRUCTIVE.match(c.operation):
            raise RemediationError(f"{check_id}: refusing destructive operation {c.service}.{c.operation}")


def last_segment(resource: Resource, *keys: str) -> str:
    """The provider's native id: a data field if the collector gave one, else the id's tail."""
    for k in keys:
        v = resource.data.get(k)
        if isinstance(v, str) and v:
            return v
    tail = resource.id.rsplit("/", 1)[-1]
    return tail.rsplit(":", 1)[-1]


class SingleSetting(BaseRemediator):
    """A remediator that moves one setting to one value, and back.

    Subclasses give the setting's name (``key``), the value wanted (``desired``), how to read it
    (``read_value``) and the one call that sets it to a value (``set_call``); the fix is
    ``set_call(desired)`` and the rollback ``set_call(value before)``.
    """

    key: ClassVar[str]
    desired: ClassVar[Any]

    def read_value(self, ctx: Context, resource: Resource) -> Any:
        raise NotImplementedError

    def set_call(self, resource: Resource, value: Any) -> ApiCall:
        raise NotImplementedError

    def read(self, ctx: Context, resource: Resource) -> dict[str, Any]:
        return {self.key: self.read_value(ctx, resource)}

    def target(self, ctx: Context, resource: Resource, before: dict[str, Any]) -> dict[str, Any]:
        return {self.key: self.desired}

    def calls(self, ctx: Context, resource: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [self.set_call(resource, after[self.key])]

    def undo(self, ctx: Context, resource: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [self.set_call(resource, before[self.key])]


def _conforms(r: BaseRemediator) -> Remediator:
    return r  # mypy proves here that every BaseRemediator is a Remediator
