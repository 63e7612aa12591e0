"""Modes, safety rails and the audit trail around the remediators.

One :class:`Runner` is one run: it counts the changes it makes against
``max_changes_per_run``.  The order of the rails on apply is deliberate — the cheap refusals
first, then the claim (so a racing run stops before it reads anything), then the live re-read::

    status approved? → not expired? → mode still allows it? → change limit → claim (atomic)
      → exempt tag (latest snapshot) → drift (snapshot digest, then live re-read) → apply
      → verify (re-collect that one resource, re-run the check) → resolve the finding
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import checks as check_registry
from agent.core.errors import RemediationError
from agent.core.model import ACTIVE_STATES, Coverage, Finding, Resource, Status, utcnow
from agent.settings.menus import require_feature
from agent.store import Store
from remediation.base import ApplyRecord, Plan, PlanStatus, Remediator
from remediation.context import RemediationContext
from remediation.registry import all_remediators
from remediation.store import OPEN_STATUSES, RemediationStore
from remediation.verify import verify

log = logging.getLogger(__name__)

NotifyHook = Callable[[str, dict[str, Any]], None]


@dataclass(slots=True)
class Outcome:
    plan_id: int
    status: PlanStatus
    detail: str = ""


class Runner:
    def __init__(
        self,
        settings: Any,
        store: Store,
        ctx: RemediationContext,
        actor: str = "cli",
        notify: NotifyHook | None = None,
        catalogue: dict[str, Remediator] | None = None,
    ) -> None:
        require_feature(settings, "remediate")  # Art. 2: remediation is an option menu
        self.settings = settings
        self.config = settings.remediation
        self.tenant = settings.tenant.id
        self.store = store
        self.rs = RemediationStore(store)
        self.ctx = ctx
        self.actor = actor
        self.notify = notify or default_notify_hook(store, settings)
        self.changes = 0
        # Which remediators this run may use.  Every written one: a stored finding proves its check
        # ran, so a remediator for it is usable even where the check registry is filtered.
        self.catalogue = catalogue if catalogue is not None else all_remediators()

    # ------------------------------------------------------------------ plan
    def propose(self, findings: Iterable[Finding] | None = None, check: str | None = None) -> list[Plan]:
        """Plan every active FAIL finding that has a remediator and a mode other than off.

        Auto-mode plans are applied at once, within the change limit; auto plans a limit held back
        in an earlier run are applied first.
        """
        if findings is None:
            findings = self.store.findings(
                self.tenant, states=[s.value for s in ACTIVE_STATES], statuses=["FAIL"], check=check
            )
        rems = self.catalogue
        made: list[Plan] = []
        for f in findings:
            rem = rems.get(f.check_id)
            mode = self.config.mode_for(f.check_id)
            if rem is None or mode == "off" or f.status is not Status.FAIL:
                continue
            existing = self.rs.plans(self.tenant, statuses=OPEN_STATUSES, fingerprint=f.fingerprint)
            for old in existing:
                # A dry-run plan only stands while the mode is dry-run; after a mode change it is superseded.
                if old.status == "dry-run" and mode != "dry-run" and old.id is not None:
                    self.rs.transition(
                        self.tenant,
                        old.id,
                        ["dry-run"],
                        "superseded",
                        self.actor,
                        "supersede",
                        detail=f"mode is now {mode}",
                    )
            if any(old.status != "dry-run" or mode == "dry-run" for old in existing):
                continue
            plan = self._plan_one(rem, f, mode)
            if plan is not None:
                made.append(plan)
        # Auto-mode plans run now, oldest first: those a change limit held back in an earlier run too.
        made_by_id = {p.id: p for p in made}
        for waiting in reversed(self.rs.plans(self.tenant, statuses=["approved"])):
            if waiting.mode == "auto" and waiting.id is not None:
                out = self.apply(waiting.id)
                if waiting.id in made_by_id:
                    made_by_id[waiting.id].status, made_by_id[waiting.id].reason = out.status, out.detail
        return made

    def _plan_one(self, rem: Remediator, f: Finding, mode: str) -> Plan | None:
        resource, digest = self._resource(f.resource)
        exempt = self._exempt(resource) or self.ctx.unreachable_reason(resource.provider, resource.account)
        try:
            if exempt:
                raise RemediationError(exempt)
            plan = rem.plan(self.ctx, f, resource)
        except Exception as exc:  # noqa: BLE001 — one resource that cannot be planned never stops the others
            reason = exc.message if isinstance(exc, RemediationError) else f"{type(exc).__name__}: {exc}"
            last = self.rs.plans(self.tenant, statuses=["refused"], fingerprint=f.fingerprint, limit=1)
            if last and last[0].reason == reason:
                return None  # already recorded, nothing new to say
            plan = rem.new_plan(f, resource, status=PlanStatus.REFUSED, reason=reason)
            plan.mode = mode
            self.rs.add_plan(self.tenant, plan, self.actor)
            log.info("remediation plan refused for %s on %s: %s", f.check_id, resource.id, reason)
            return plan
        plan.mode = mode
        plan.resource_digest = digest
        plan.resource_data = resource.data if digest else None
        plan.status = {"dry-run": PlanStatus.DRY_RUN, "approval": PlanStatus.PENDING, "auto": PlanStatus.APPROVED}[mode]
        expiry = timedelta(hours=self.config.approval_expiry_hours) if mode == "approval" else None
        self.rs.add_plan(self.tenant, plan, self.actor, expiry)
        if mode == "auto":
            self.rs.audit(self.tenant, plan.id or 0, "auto", "approve", "ok", "check is on remediation.auto_allow")
        return plan

    def _resource(self, r: Resource) -> tuple[Resource, str | None]:
        """The finding's resource with its latest stored snapshot (data, tags, digest)."""
        snap = self.store.resource(self.tenant, r)
        if not snap:
            return r, None
        full = Resource(
            r.provider, r.account, r.region, r.type, r.id, r.name, dict(snap["tags"] or {}), dict(snap["data"] or {})
        )
        return full, snap["digest"]

    def _exempt(self, r: Resource) -> str:
        key = self.config.exempt_tag
        value = r.tags.get(key)
        if value is not None and str(value).lower() not in ("false", "no", "0"):
            return f"resource is exempt from remediation (tag {key}={value})"
        return ""

    # -------------------------------------------------------------- approve
    def approve(self, plan_id: int) -> Outcome:
        self.rs.expire(self.tenant, self.actor)
        if not self.rs.transition(
            self.tenant,
            plan_id,
            ["pending"],
            "approved",
            self.actor,
            "approve",
            detail=f"approved by {self.actor}",
            approved_by=self.actor,
            # The approval itself is valid for the same window: an old approval is not a standing licence.
            expires_at=utcnow() + timedelta(hours=self.config.approval_expiry_hours),
        ):
            raise RemediationError(f"plan {plan_id} cannot be approved: it is {self._status(plan_id)}")
        return Outcome(plan_id, PlanStatus.APPROVED)

    def reject(self, plan_id: int, reason: str = "") -> Outcome:
        if not self.rs.transition(
            self.tenant,
            plan_id,
            ["pending", "approved"],
            "rejected",
            self.actor,
            "reject",
            "rejected",
            detail=reason or f"rejected by {self.actor}",
        ):
            raise RemediationError(f"plan {plan_id} cannot be rejected: it is {self._status(plan_id)}")
        return Outcome(plan_id, PlanStatus.REJECTED, reason)

    def _status(self, plan_id: int) -> str:
        row = self.rs.plan_row(self.tenant, plan_id)
        return f"'{row['status']}'" if row else "not found"

    # ---------------------------------------------------------------- apply
    def apply_approved(self) -> list[Outcome]:
        self.rs.expire(self.tenant, self.actor)
        return [
            self.apply(p.id) for p in reversed(self.rs.plans(self.tenant, statuses=["approved"])) if p.id is not None
        ]

    def _refuse(self, plan_id: int, detail: str) -> Outcome:
        self.rs.audit(self.tenant, plan_id, self.actor, "apply", "refused", detail)
        return Outcome(plan_id, PlanStatus.REFUSED, detail)

    def apply(self, plan_id: int) -> Outcome:
        self.rs.expire(self.tenant, self.actor)
        plan = self.rs.plan(self.tenant, plan_id)
        if plan is None:
            raise RemediationError(f"no plan {plan_id} for tenant {self.tenant}")
        if plan.status != "approved":
            why = {
                "dry-run": "dry-run plans are shown, never applied (set remediation.mode to approval)",
                "pending": "the plan waits for approval (ucs remediate approve)",
                "expired": "the approval expired; plan the finding again",
            }.get(plan.status, f"the plan is {plan.status}")
            return self._refuse(plan_id, why)
        mode = self.config.mode_for(plan.check_id)
        if mode not in ("approval", "auto"):
            return self._refuse(plan_id, f"remediation mode for {plan.check_id} is now {mode}")
        if self.changes >= self.config.max_changes_per_run:
            return self._refuse(
                plan_id,
                f"change limit reached: at most {self.config.max_changes_per_run} change(s) per run "
                "(remediation.max_changes_per_run); the plan stays approved for the next run",
            )
        if not self.rs.transition(self.tenant, plan_id, ["approved"], "applying", self.actor, "claim"):
            return self._refuse(plan_id, f"another run took this plan first (it is now {self._status(plan_id)})")
        rem = self.catalogue.get(plan.check_id)
        if rem is None:
            return self._end(plan_id, PlanStatus.FAILED, "apply", f"no remediator registered for {plan.check_id}")
        resource, digest = self._resource(plan.resource())
        exempt = self._exempt(resource) or self._exempt(plan.resource())
        if exempt:
            return self._end(plan_id, PlanStatus.REFUSED, "apply", exempt)
        if plan.resource_digest and digest and digest != plan.resource_digest:
            changed = sorted(
                k
                for k in {*(plan.resource_data or {}), *resource.data}
                if (plan.resource_data or {}).get(k) != resource.data.get(k)
            )
            return self._end(
                plan_id,
                PlanStatus.REFUSED,
                "apply",
                "resource changed since the finding: a later scan stored a different configuration "
                f"(changed: {', '.join(changed) or 'tags'}); plan it again",
            )
        try:
            drift = rem.drift(self.ctx, plan)
        except Exception as exc:  # noqa: BLE001 — a resource that cannot be re-read is not changed
            return self._end(plan_id, PlanStatus.FAILED, "apply", f"could not re-read the resource: {type(exc).__name__}: {exc}")
        if drift:
            return self._end(plan_id, PlanStatus.REFUSED, "apply", f"resource changed since the plan was made: {drift}")
        self.changes += 1
        try:
            record = rem.apply(self.ctx, plan)
        except RemediationError as exc:  # the destructive-operation guard: nothing ran
            return self._end(plan_id, PlanStatus.REFUSED, "apply", exc.message)
        except Exception as exc:  # noqa: BLE001 — e.g. the re-read failed before any call: nothing ran
            return self._end(plan_id, PlanStatus.FAILED, "apply", f"{type(exc).__name__}: {exc}")
        if not record.ok:
            detail = f"apply failed: {record.error}" + (
                f" (calls made: {record.calls}; use rollback)" if record.calls else ""
            )
            out = self._end(plan_id, PlanStatus.FAILED, "apply", detail, record.before, record.after)
            self._notify("remediation_failed", plan, detail)
            return out
        self.rs.transition(
            self.tenant,
            plan_id,
            ["applying"],
            "applied",
            self.actor,
            "apply",
            "ok",
            record.before,
            record.after,
            "; ".join(record.calls),
        )
        return self._verify(plan, rem)

    def _end(
        self,
        plan_id: int,
        status: PlanStatus,
        action: str,
        detail: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> Outcome:
        self.rs.transition(
            self.tenant,
            plan_id,
            ["applying", "rolling_back"],
            status,
            self.actor,
            action,
            "failed" if status == "failed" else "refused",
            before,
            after,
            detail,
            reason=detail,
        )
        return Outcome(plan_id, status, detail)

    def _verify(self, plan: Plan, rem: Remediator) -> Outcome:
        assert plan.id is not None
        v = verify(self.ctx, plan, rem)
        if not v.ok:
            self.rs.transition(
                self.tenant,
                plan.id,
                ["applied"],
                "verify_failed",
                self.actor,
                "verify",
                "failed",
                plan.before,
                v.state,
                v.detail,
                reason=v.detail,
            )
            self._notify("remediation_failed", plan, f"verification failed: {v.detail}")
            return Outcome(plan.id, PlanStatus.VERIFY_FAILED, v.detail)
        self.rs.transition(
            self.tenant, plan.id, ["applied"], "verified", self.actor, "verify", "ok", plan.before, v.state, v.detail
        )
        self._resolve(plan, v.resource)
        self._notify("remediation_applied", plan, v.detail)
        return Outcome(plan.id, PlanStatus.VERIFIED, v.detail)

    def _resolve(self, plan: Plan, fresh: Resource | None) -> None:
        """Verified: the finding resolves through the normal lifecycle (a one-resource scan)."""
        stored = self.store.finding(self.tenant, plan.fingerprint)
        if stored is None:
            return
        try:
            severity = check_registry.get(plan.check_id).meta.severity
        except KeyError:
            severity = stored.severity
        resource = fresh or stored.resource
        passed = Finding(
            plan.check_id,
            resource,
            Status.PASS,
            severity,
            f"fixed by remediation plan {plan.id}",
            fingerprint=plan.fingerprint,
            kind=stored.kind,
        )
        scan_id = self.store.begin_scan(self.tenant, "remediation", {"plan": plan.id, "check": plan.check_id})
        self.store.record_scan(
            scan_id,
            self.tenant,
            [passed],
            Coverage(),
            {plan.check_id},
            [fresh] if fresh else [],
            on_transitions=transition_hook(self.settings),
        )
        # Its own status, so "the last scan" (reports, coverage) never means this one-resource re-check.
        self.store.end_scan(scan_id, "remediation")
        if fresh is not None and plan.id is not None:
            snap = self.store.resource(self.tenant, fresh)
            if snap:
                self.rs.rebase(
                    self.tenant, plan.resource_id, plan.id, snap["digest"], dict(snap["data"] or {}), self.actor
                )

    # ------------------------------------------------------------- rollback
    def rollback(self, plan_id: int) -> Outcome:
        plan = self.rs.plan(self.tenant, plan_id)
        if plan is None:
            raise RemediationError(f"no plan {plan_id} for tenant {self.tenant}")
        done = ["applied", "verified", "verify_failed", "failed", "rollback_failed"]
        if not self.rs.transition(self.tenant, plan_id, done, "rolling_back", self.actor, "claim"):
            raise RemediationError(f"plan {plan_id} cannot be rolled back: it is {self._status(plan_id)}")
        rem = self.catalogue.get(plan.check_id)
        if rem is None:
            return self._end(plan_id, PlanStatus.ROLLBACK_FAILED, "rollback", f"no remediator registered for {plan.check_id}")
        try:
            live = rem.read(self.ctx, plan.resource())
        except Exception as exc:  # noqa: BLE001 — cannot see the resource: touch nothing, keep the plan's status
            detail = f"could not re-read the resource: {type(exc).__name__}: {exc}"
            self.rs.transition(
                self.tenant, plan_id, ["rolling_back"], plan.status, self.actor, "rollback", "failed", detail=detail
            )
            return Outcome(plan_id, PlanStatus.FAILED, detail)
        if plan.status != "failed" and not rem.is_fixed(live, plan.after):
            self.rs.transition(
                self.tenant,
                plan_id,
                ["rolling_back"],
                plan.status,
                self.actor,
                "rollback",
                "refused",
                plan.after,
                live,
                "resource changed since the fix was applied; rollback would overwrite it",
            )
            return Outcome(plan_id, PlanStatus.REFUSED, f"resource changed since the fix was applied (now {live})")
        try:
            record = rem.rollback(self.ctx, plan)
        except Exception as exc:  # noqa: BLE001 — audited as a failed rollback, never left claimed
            record = ApplyRecord(plan_id, live, {}, [], False, f"{type(exc).__name__}: {exc}")
        status = PlanStatus.ROLLED_BACK if record.ok else PlanStatus.ROLLBACK_FAILED
        self.rs.transition(
            self.tenant,
            plan_id,
            ["rolling_back"],
            status,
            self.actor,
            "rollback",
            "ok" if record.ok else "failed",
            record.before,
            record.after,
            "; ".join(record.calls) + (f" — {record.error}" if record.error else ""),
        )
        return Outcome(plan_id, status, record.error)

    def _notify(self, event: str, plan: Plan, detail: str) -> None:
        if self.notify is None:
            return
        try:
            self.notify(
                event,
                {
                    "tenant": self.tenant,
                    "plan_id": plan.id,
                    "check_id": plan.check_id,
                    "fingerprint": plan.fingerprint,
                    "resource": plan.resource_name,
                    "summary": plan.summary,
                    "detail": detail,
                },
            )
        except Exception:  # a notification problem never undoes or hides a change: it is in the audit
            log.exception("remediation notification hook failed for plan %s", plan.id)


def transition_hook(settings: Any) -> Any:
    """The notifier's hook for the resolving scan, so a route asking for ``resolved`` hears of it."""
    try:
        from notifiers import transition_hook as hook
    except ImportError:
        return None
    return hook(settings)


def default_notify_hook(store: Store, settings: Any) -> NotifyHook | None:
    """Notifications for ``remediation_applied`` / ``remediation_failed`` through the notifier
    room's outbox (``notifiers.enqueue_event``, see docs/notifications.md).  Without it nothing is
    sent, and every event is still in the remediation audit trail.
    """
    try:
        from notifiers import enqueue_event  # type: ignore[attr-defined]
    except ImportError:
        return None

    def hook(event: str, payload: dict[str, Any]) -> None:
        finding = store.finding(payload["tenant"], payload["fingerprint"])
        doc = {
            "title": f"{payload['summary']} (plan {payload['plan_id']})",
            "message": payload["detail"],
            "plan_id": payload["plan_id"],
            "check_id": payload["check_id"],
            "resource": payload["resource"],
        }
        if finding is not None:
            doc["finding"] = finding
        enqueue_event(store, settings, event, doc, key=f"remediation-{payload['tenant']}-{payload['plan_id']}-{event}")

    return hook
