"""Targeted re-assessment: re-collect the resources a change event named, re-run their checks,
record the result as a partial assessment whose coverage is exactly those resources.

The daemon's change queue (:mod:`agent.daemon.realtime`) hands over coalesced changes; this
module reads them again through the collectors — for AWS the collector's own service modules,
narrowed to the one resource where its checks allow it (the path remediation verification uses)
— and lets the store decide (:func:`agent.store.lifecycle.reassess`).  Cross-resource checks that
depend on the changed resource run too: the mapping's ``dependents`` (the instances behind a
security group get their exposure re-derived; every RBAC subject after a binding change).

What could not be re-read (throttling, access denied, a collector that failed) changes nothing:
the change is counted as failed and the next scheduled scan answers it.  A change whose resource
is gone (a delete event, or a complete read that no longer returns it) resolves the resource's
findings as "resource deleted".
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import checks as registry
from agent.collectors import provider_module
from agent.collectors.aws import ClientFactory, caller_account, collect_account, service_modules
from agent.collectors.aws.narrow import LISTINGS, NarrowingFactory
from agent.core.inventory import Inventory
from agent.core.model import Finding, Resource, Severity, utcnow
from agent.engine.evaluate import evaluate, mute_matchers
from agent.engine.scan import select_checks
from agent.events.changes import Change, key_matches
from agent.settings.tenant import AwsAccount, Settings
from agent.store import Store, TransitionHook
from agent.store.lifecycle import ResourceKey
from agent.store.realtime import ASSESSED, DEFERRED, DELETED, FAILED, AssessmentRecord, RealtimeLog

log = logging.getLogger(__name__)

NARROWABLE = frozenset(t for (_, _), (_, _, t) in LISTINGS.items())


@dataclass(slots=True)
class Pending:
    """One resource's coalesced changes: the latest change decides (a delete, or a write)."""

    change: Change
    events: int = 1
    first_event: datetime | None = None
    last_seen: float = 0.0  # monotonic time of the latest event (settle delay)
    first_seen: float = 0.0  # monotonic time of the first event (max wait)

    @property
    def deleted(self) -> bool:
        return self.change.deleted


@dataclass(slots=True)
class Read:
    """One collection for a group of changes: the inventory, or the error that stopped it."""

    inventory: Inventory | None
    error: str | None = None
    calls: int = 0


AwsFactories = Callable[[AwsAccount], ClientFactory]


@dataclass(slots=True)
class Reassessor:
    settings: Settings
    store: Store
    on_transitions: TransitionHook | None = None
    aws_factory: AwsFactories = ClientFactory.for_account
    _accounts: dict[int, str] = field(default_factory=dict)  # id(scope) -> account (STS asked once)

    # ------------------------------------------------------------------ entry
    def run(self, pending: Sequence[Pending], now: datetime | None = None) -> list[AssessmentRecord]:
        """Re-assess ``pending`` (one record each, in order); the records are also stored."""
        now = now or utcnow()
        out: list[AssessmentRecord] = []
        for group in _groups(pending):
            out.extend(self._group(group, now))
        self.store_records(out, now)
        return out

    def store_records(self, records: list[AssessmentRecord], now: datetime | None = None) -> None:
        RealtimeLog(self.store.engine).record(self.settings.tenant.id, records, now)

    def deferred(self, p: Pending, why: str) -> AssessmentRecord:
        c = p.change
        return AssessmentRecord(c.provider, c.account, c.resource_type, c.key or c.account, DEFERRED, p.events,
                                p.first_event, error=why)

    # --------------------------------------------------------------- a group
    def _group(self, group: list[Pending], now: datetime) -> list[AssessmentRecord]:
        writes = [p for p in group if not p.deleted]
        out = [self._deleted(p, now) for p in group if p.deleted]
        if not writes:
            return out
        provider = writes[0].change.provider
        try:
            read = self._read(provider, writes)
        except Exception as exc:  # one failing re-read never stops the queue: it is counted, nothing changes
            log.warning("realtime %s: re-collection failed: %s", provider, exc, exc_info=True)
            read = Read(None, f"{type(exc).__name__}: {exc}")
        if read.inventory is None:
            return out + [self._record(p, FAILED, read.error or "not re-read", calls=read.calls) for p in writes]
        for i, p in enumerate(writes):
            out.append(self._assess(p, read.inventory, read.calls if i == 0 else 0, now))
        return out

    def _record(self, p: Pending, outcome: str, error: str | None = None, *, resources: int = 0, calls: int = 0,
                transitions: int = 0) -> AssessmentRecord:
        c = p.change
        return AssessmentRecord(c.provider, c.account, c.resource_type, c.key or c.account, outcome, p.events,
                                p.first_event, resources, calls, transitions, error)

    def _deleted(self, p: Pending, now: datetime) -> AssessmentRecord:
        c = p.change
        gone: list[ResourceKey] = [
            (c.provider, c.account, c.resource_type, rid)
            for rid, name, region in self.store.finding_resources(self.settings.tenant.id, c.provider, c.account,
                                                                  c.resource_type)
            if c.key and key_matches(c.provider, c.key, rid, name, region)]
        transitions = self.store.record_assessment(self.settings.tenant.id, [], [], [], deleted=gone,
                                                   on_transitions=self.on_transitions, now=now) if gone else []
        return self._record(p, DELETED, resources=len(gone), transitions=len(transitions))

    def _assess(self, p: Pending, inv: Inventory, calls: int, now: datetime) -> AssessmentRecord:
        c = p.change
        gap = _gap(inv, c)
        if gap:
            return self._record(p, FAILED, gap, calls=calls)
        targets = [r for r in inv.by_type(c.resource_type) if _is_target(c, r)]
        if not targets:
            if not c.key:
                return self._record(p, FAILED, f"{c.resource_type} not returned by the re-collection", calls=calls)
            # A complete read without it: the resource is gone (deleted before we looked).
            rec = self._deleted(p, now)
            rec.api_calls = calls
            return rec
        assessed = {r.id: r for r in targets}
        for dtype, how in c.rule.dependents:
            for r in _dependents(inv, c, targets, dtype, how):
                assessed.setdefault(r.id, r)
        findings, evaluated = self._evaluate(c.provider, inv, list(assessed.values()), now)
        keys: list[ResourceKey] = [(r.provider, r.account, r.type, r.id) for r in assessed.values()]
        transitions = self.store.record_assessment(self.settings.tenant.id, findings, keys, evaluated,
                                                   on_transitions=self.on_transitions, now=now)
        return self._record(p, ASSESSED, resources=len(assessed), calls=calls, transitions=len(transitions))

    def _evaluate(self, provider: str, inv: Inventory, assessed: list[Resource], now: datetime) -> tuple[list[Finding], set[str]]:
        types = {r.type for r in assessed}
        selected = [c for c in select_checks(self.settings, providers=[provider]) if types & set(c.meta.resource_types)]
        inv.now = now
        overrides = {k: Severity.parse(v) for k, v in self.settings.checks.severity_overrides.items()}
        result = evaluate(inv, selected, mute_matchers(self.settings.mutelist), overrides, now.date())
        ids = {r.id for r in assessed}
        return [f for f in result.findings if f.resource.id in ids], result.evaluated_checks

    # --------------------------------------------------------------- reading
    def _read(self, provider: str, writes: list[Pending]) -> Read:
        if provider == "aws":
            return self._read_aws(writes)
        scope = self._scope(provider, writes[0].change.account)
        if scope is None:
            return Read(None, f"{provider} {writes[0].change.account}: not a configured scope")
        return Read(provider_module(provider).collect(scope))

    def _scope(self, provider: str, account: str) -> Any:
        p = self.settings.providers
        if provider == "kubernetes" and p.kubernetes:
            return next((cl for cl in p.kubernetes.clusters if cl.name == account and not cl.manifests), None)
        if provider == "azure":
            return p.azure
        if provider == "gcp":
            return p.gcp
        return None

    def _aws_account(self, account: str) -> tuple[AwsAccount, ClientFactory] | None:
        aws = self.settings.providers.aws
        for scope in aws.accounts if aws else []:
            if scope.id and scope.id != account:
                continue
            factory = self.aws_factory(scope)
            if not scope.id and id(scope) not in self._accounts:
                self._accounts[id(scope)] = caller_account(factory)
            if (scope.id or self._accounts[id(scope)]) == account:
                return scope, factory
        return None

    def _read_aws(self, writes: list[Pending]) -> Read:
        c = writes[0].change
        found = self._aws_account(c.account)
        if found is None:
            return Read(None, f"aws {c.account}: not a configured account (organisation members wait for the scan)")
        _scope, factory = found
        region = c.region or factory.default_region
        services = _aws_services(writes)
        before = factory.calls
        if all(p.change.resource_type == c.resource_type and self._narrowable(p.change) for p in writes):
            # One listing trimmed to the resources the events named: a burst over 50 buckets reads
            # those 50, not the account's thousands.
            narrowed = NarrowingFactory(factory, c.resource_type, {_native(p.change.key) for p in writes})
            inv = collect_account(narrowed, c.account, [region], services=services, max_workers=2)
            if all(any(_is_target(p.change, r) for r in inv.by_type(c.resource_type)) for p in writes) or _gap(inv, c):
                return Read(inv, calls=factory.calls - before)
        inv = collect_account(factory, c.account, [region], services=services, max_workers=2)
        return Read(inv, calls=factory.calls - before)

    def _narrowable(self, c: Change) -> bool:
        if c.resource_type not in NARROWABLE or not c.key or c.rule.dependents or c.rule.collect:
            return False
        return not any(ch.needs_inventory for ch in registry.all_checks() if c.resource_type in ch.meta.resource_types)


# ----------------------------------------------------------------------------- helpers
def _groups(pending: Sequence[Pending]) -> list[list[Pending]]:
    """One collection per group: AWS by account and region, Kubernetes by cluster, Azure and GCP
    one each (their collectors read the whole scope)."""
    groups: dict[tuple[str, ...], list[Pending]] = {}
    for p in pending:
        c = p.change
        key: tuple[str, ...] = (c.provider, c.account, c.region) if c.provider == "aws" else (
            (c.provider, c.account) if c.provider == "kubernetes" else (c.provider,))
        groups.setdefault(key, []).append(p)
    return list(groups.values())


def _aws_services(writes: list[Pending]) -> list[str]:
    wanted: set[str] = set()
    for p in writes:
        rule = p.change.rule
        types = {p.change.resource_type, *(t for t, _ in rule.dependents)}
        wanted.update(rule.collect)
        wanted.update(m.SERVICE for m in service_modules() if types & set(m.RESOURCE_TYPES))
    return sorted(wanted)


def _native(key: str) -> str:
    """The identifier a listing uses, from what the event gave (an ARN's tail, a URL's last part)."""
    return key.rstrip("/").rsplit("/", 1)[-1] if key.startswith(("arn:", "https://")) else key


def _is_target(c: Change, r: Resource) -> bool:
    if r.account != c.account and c.provider != "azure":
        return False
    if c.provider == "azure" and r.account.lower() != c.account:
        return False
    if not c.key and c.provider == "aws" and c.region and r.region not in (c.region, "*", "global"):
        return False
    return key_matches(c.provider, c.key, r.id, r.name, r.region)


def _gap(inv: Inventory, c: Change) -> str | None:
    """The coverage failure that makes the re-read of ``c``'s type unusable, if any."""
    for e in inv.coverage.failures:
        if e.resource_type in (c.resource_type, "*"):
            return f"{e.resource_type}: {e.error}"
    return None


def _dependents(inv: Inventory, c: Change, targets: list[Resource], dtype: str, how: str) -> list[Resource]:
    same = [r for r in inv.by_type(dtype) if r.account == targets[0].account]
    if how == "scope":
        return [r for r in same if c.provider != "aws" or r.region in (targets[0].region, "*", "global")]
    # The changed resource's own identifier (sg-0abc…, a role ARN): names are too common to search for.
    names = {_native(t.id) for t in targets} | ({c.key} if c.key else set())
    return [r for r in same if r.id not in names and any(n in json.dumps(r.data, default=str) for n in names if n)]
