"""The check engine: every selected check on every resource of its types; mutelist applied.

Checks are pure functions, so the engine is a tight loop: look the checks up by resource type
once, call each, wrap the Result into a Finding.  A check that raises becomes an ERROR finding
and the others go on.
"""

from __future__ import annotations

import fnmatch
import gc
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from hashlib import sha256

import checks as registry
from agent.core.inventory import Inventory
from agent.core.messages import fill, template
from agent.core.model import Finding, FindingKind, NotCollected, Resource, Result, Severity, Status, not_collected_result

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MuteMatcher:
    """One mutelist rule.  Every given field must match (globs, case-sensitive); tags must all be present."""

    check: str
    resource: str
    account: str
    region: str
    tags: tuple[tuple[str, str], ...]
    reason: str
    expires: date | None

    def matches(self, check_id: str, r: Resource, today: date) -> bool:
        if self.expires is not None and self.expires < today:
            return False
        if not fnmatch.fnmatchcase(check_id, self.check):
            return False
        if not (fnmatch.fnmatchcase(r.id, self.resource) or fnmatch.fnmatchcase(r.name, self.resource)):
            return False
        if not fnmatch.fnmatchcase(r.account, self.account) or not fnmatch.fnmatchcase(r.region, self.region):
            return False
        return all(fnmatch.fnmatchcase(r.tags.get(k, "\0"), v) for k, v in self.tags)


def mute_matchers(rules: Iterable[object]) -> list[MuteMatcher]:
    return [
        MuteMatcher(r.check, r.resource, r.account, r.region, tuple(sorted(r.tags.items())), r.reason, r.expires)  # type: ignore[attr-defined]
        for r in rules
    ]


# (check id, function, needs inventory, severity, kind, fingerprint prefix, declared input types)
PlanEntry = tuple[str, registry.CheckFunc, bool, Severity, FindingKind, str, tuple[str, ...]]


@dataclass(slots=True)
class EngineResult:
    findings: list[Finding] = field(default_factory=list)
    evaluated_checks: set[str] = field(default_factory=set)
    pairs: int = 0


BATCH = 2000  # findings per batch handed on: the store writes rows in batches of this size too


@dataclass(slots=True)
class Evaluation:
    """A scan's evaluation as batches of findings (iterate once): nothing but the current batch
    is held, so a 1,000,000-result scan costs what one batch costs.  ``pairs``: resource × check
    pairs it evaluates (known before it runs)."""

    inventory: Inventory
    plan: dict[str, list[PlanEntry]]
    evaluated_checks: set[str]
    mutes: Sequence[MuteMatcher]
    today: date
    batch: int = BATCH
    pairs: int = 0

    def __iter__(self) -> Iterator[list[Finding]]:
        out: list[Finding] = []
        for rtype in self.inventory.types:
            type_checks = self.plan.get(rtype)
            if not type_checks:
                continue
            resources = self.inventory.by_type(rtype)
            step = max(1, self.batch // len(type_checks))  # resources per batch of this type
            for start in range(0, len(resources), step):
                # The loop allocates a Finding and a Result per pair and creates no reference
                # cycles, so the cyclic garbage collector is paused while a batch is built:
                # otherwise its full passes over the whole inventory take a third of the time.
                gc_was_enabled = gc.isenabled()
                gc.disable()
                try:
                    _run(self.inventory, resources[start:start + step], type_checks, out.append, self.mutes,
                         self.today)
                finally:
                    if gc_was_enabled:
                        gc.enable()
                if len(out) >= self.batch:
                    yield out
                    out = []
        if out:
            yield out


def evaluation(
    inventory: Inventory,
    selected: Sequence[registry.Check],
    mutes: Sequence[MuteMatcher] = (),
    severity_overrides: dict[str, Severity] | None = None,
    today: date | None = None,
    batch: int = BATCH,
) -> Evaluation:
    """Every selected check on every resource of its types, as batches (see :class:`Evaluation`)."""
    overrides = severity_overrides or {}
    # Everything that does not depend on the resource is looked up once per check, not per pair:
    # this loop runs hundreds of thousands of times in a large scan.
    plan: dict[str, list[PlanEntry]] = {}
    for c in selected:
        entry = (c.id, c.func, c.needs_inventory, overrides.get(c.id, c.meta.severity), c.meta.kind, c.id + "\x1f",
                 c.meta.inputs)
        for t in c.meta.resource_types:
            plan.setdefault(t, []).append(entry)
    pairs = sum(len(inventory.by_type(t)) * len(plan[t]) for t in inventory.types if t in plan)
    return Evaluation(inventory, plan, {c.id for c in selected}, mutes, today or date.today(), batch, pairs)


def evaluate(
    inventory: Inventory,
    selected: Sequence[registry.Check],
    mutes: Sequence[MuteMatcher] = (),
    severity_overrides: dict[str, Severity] | None = None,
    today: date | None = None,
) -> EngineResult:
    """The whole evaluation in one list (targeted re-assessments, tests); a scan streams
    :func:`evaluation` into the store instead."""
    run = evaluation(inventory, selected, mutes, severity_overrides, today)
    out = EngineResult(evaluated_checks=run.evaluated_checks)
    for batch in run:
        out.findings.extend(batch)
    out.pairs = run.pairs
    return out


def _run(inventory: Inventory, resources: Sequence[Resource], type_checks: list[PlanEntry],
         append: Callable[[Finding], None], mutes: Sequence[MuteMatcher], today: date) -> None:
    fail = Status.FAIL
    for resource in resources:
        # The fingerprint's resource half (see agent.core.model.fingerprint), joined once per resource.
        suffix = "\x1f".join((resource.provider, resource.account, resource.region, resource.id))
        for check_id, func, needs_inventory, sev, kind, prefix, inputs in type_checks:
            try:
                missing = inventory.incomplete(resource, inputs) if inputs else None
                if missing:
                    result = registry.inputs_incomplete(missing)
                elif needs_inventory:
                    result = func(resource, inventory)
                else:
                    result = func(resource)
            except NotCollected as exc:
                result = not_collected_result(exc)
            except Exception as exc:  # a broken check must not stop the others
                log.exception("check %s raised on %s", check_id, resource.id)
                result = Result.error("core:check_raised", error=f"{type(exc).__name__}: {exc}")
            fp = sha256((prefix + suffix).encode()).hexdigest()[:32]
            message = result.message
            text = template(message) if message else None
            if text is not None:
                detail = fill(text, result.params)
            else:  # no detail, or free text that is not a declared message id
                detail, message = message, ""
            f = Finding(check_id, resource, result.status, sev, detail, result.params, fp, kind=kind, message=message)
            if result.status is fail and mutes:
                for m in mutes:
                    if m.matches(check_id, resource, today):
                        f.status = Status.MUTED
                        f.mute_reason = m.reason
                        f.mute_expires = m.expires
                        break
            append(f)
