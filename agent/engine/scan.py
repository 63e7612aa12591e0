"""One scan, end to end: licence → collect → evaluate → store (→ hooks: notify, remediate, report).

``run_scan`` is what the CLI, the daemon and the demo call.  A tenant scan checks the licence
(Art. 3) and menus first; an ad-hoc scan (no tenant config) skips both and never notifies or
remediates.

Collection is bounded by the tenant's ``scan.deadline_seconds`` (and, per unit, by
``scan.service_deadline_seconds``, which the AWS runner applies): a provider still collecting
past the deadline (plus a short grace for collectors that stop by themselves) is a coverage
failure for its whole scope, its thread is left behind detached, and the scan goes on to record
what it has as partial.
"""

from __future__ import annotations

import gc
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import checks as registry
from agent.collectors import Scope
from agent.collectors.deadline import Deadline
from agent.collectors.run import collect_all, provider_scopes, scope_label  # noqa: F401 - re-exported: the scan's vocabulary
from agent.core.errors import LicenceError, UsageError
from agent.core.inventory import Inventory
from agent.core.model import Finding, FindingKind, ScanStatus, Severity, utcnow
from agent.core.tally import Tally
from agent.engine.evaluate import evaluation, mute_matchers
from agent.settings.menus import check_licence, require_feature
from agent.settings.tenant import Settings
from agent.store import RecordedHook, Store, TransitionHook
from agent.store.lifecycle import Transition

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

# Provider name in config → feature name in the menus (AWS is in the base menu's "scan").
PROVIDER_FEATURE = {"aws": "scan", "kubernetes": "kubernetes", "azure": "azure", "gcp": "gcp"}
# The progress line run_scan reports just before it records the results: the last moment a
# progress callback can still stop the scan without anything written.
RECORDING = "recording results"


@dataclass(slots=True)
class ScanOutcome:
    """What a scan leaves behind besides the store's rows: the tally of its results (they are
    streamed into the store, not held), its transitions by kind (``transitions`` themselves only
    when a hook was given them), the inventory and coverage.  The results are read back from the
    store with :meth:`results` (a page at a time) or :attr:`findings` (a list, for small scans)."""

    scan_id: int
    tenant: str
    tally: Tally
    inventory: Inventory
    transitions: list[Transition] = field(default_factory=list)
    evaluated_checks: set[str] = field(default_factory=set)
    status: ScanStatus = ScanStatus.COMPLETED
    scopes: list[tuple[str, Scope]] = field(default_factory=list)
    changes: Counter[str] = field(default_factory=Counter)
    store: Store | None = None
    recorded_at: datetime | None = None

    @property
    def coverage(self) -> Any:
        return self.inventory.coverage

    def results(self) -> Iterator[Finding]:
        """The scan's results as the store recorded them (state, first/last seen), streamed."""
        if self.store is None or self.recorded_at is None:
            return iter(())
        return self.store.scan_findings(self.tenant, self.scan_id, self.recorded_at)

    @property
    def findings(self) -> list[Finding]:
        return list(self.results())


# Resource × check pairs from which a scan freezes what collection left for the cyclic GC: about
# one full pass per 10,000 results is saved, one (the collection before freezing) is spent.
FREEZE_PAIRS = 20_000


@contextmanager
def frozen_for_gc(freeze: bool = True) -> Iterator[None]:
    """What exists when the block starts (the inventory, the SDKs' models and clients) is left
    out of the cyclic garbage collector's passes until it ends (``gc.freeze``; freed by reference
    counting as ever, its cycles collected after the block; garbage collected first), and the
    collector is paused for the block.  Evaluating and recording make a few objects per result
    and no reference cycles (the evaluation already pauses the collector while it builds a
    batch), so a large scan triggered full passes that each walked all of that again: a quarter
    of the CPU after collection at 10,000 AWS resources.  ``freeze`` false: nothing is done (a
    small scan, where the one pass before freezing costs more than it saves)."""
    if not freeze:
        yield
        return
    gc.collect()  # what collection left as garbage is freed first, not kept frozen
    gc.freeze()
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
        gc.unfreeze()


def select_checks(
    settings: Settings | None,
    patterns: Sequence[str] | None = None,
    min_severity: Severity | None = None,
    providers: Iterable[str] | None = None,
) -> list[registry.Check]:
    """The checks a scan runs: config selection, then command-line narrowing."""
    import fnmatch

    provider_prefix = {"aws": "aws", "kubernetes": "k8s", "azure": "azure", "gcp": "gcp"}
    wanted_prefixes = {provider_prefix.get(p, p) for p in providers} if providers else None
    out = []
    # Only the scanned providers' check modules are imported (an AWS scan loads no threat packs).
    candidates = registry.all_checks() if wanted_prefixes is None else registry.provider_checks(wanted_prefixes)
    for c in candidates:
        m = c.meta
        if m.kind is FindingKind.THREAT:
            continue  # threat rules run on monitoring logs, not on configuration
        if wanted_prefixes is not None and m.provider not in wanted_prefixes:
            continue
        if settings and not settings.checks.selects(m.id, m.severity, m.service):
            continue
        if patterns and not any(fnmatch.fnmatchcase(m.id, p) or m.service == p for p in patterns):
            continue
        if min_severity is not None and m.severity < min_severity:
            continue
        out.append(c)
    return out


def run_scan(
    settings: Settings,
    store: Store,
    *,
    providers: Sequence[str] | None = None,
    check_patterns: Sequence[str] | None = None,
    min_severity: Severity | None = None,
    trigger: str = "cli",
    progress: Progress | None = None,
    collect_options: dict[str, dict[str, Any]] | None = None,
    scopes: Sequence[tuple[str, Scope]] | None = None,
    on_transitions: TransitionHook | None = None,
    tenant_scan: bool = True,
    today: date | None = None,
    now: datetime | None = None,
    on_begin: Callable[[int], None] | None = None,
    engine: str | None = None,
    on_recorded: RecordedHook | None = None,
) -> ScanOutcome:
    """Collect, evaluate and record one scan.  ``engine`` ("embedded" / "celery") overrides the
    tenant's ``engine.kind``: in fleet mode the collection is sharded over Celery workers
    (:mod:`agent.fleet.dispatch`) and evaluated and recorded here as usual.  ``now`` is the scan's time (the clock is read here,
    once, and reaches the checks through ``Inventory.now``); ``today`` defaults to its date.
    ``on_begin`` is told the scan's id as soon as its row exists (the daemon's watchdog);
    ``on_recorded`` each batch of results as the store records them (the scan's outputs:
    :class:`agent.report.jsonout.ScanJson`), in the recording transaction."""
    now = now or utcnow()
    today = today or now.date()
    tenant = settings.tenant.id
    if tenant_scan:
        try:
            check_licence(settings, today)
        except LicenceError as exc:
            store.refuse_scan(tenant, exc.message, trigger)
            raise
        for prov in providers or [p for p, _ in provider_scopes(settings)]:
            require_feature(settings, PROVIDER_FEATURE.get(prov, prov))
    scopes = list(scopes) if scopes is not None else provider_scopes(settings, providers)
    if not scopes:
        raise UsageError("nothing to scan: no provider accounts are configured",
                         hint="add providers.aws.accounts (or another provider) to the tenant config")
    distributed = (engine or settings.engine.kind) == "celery"
    if distributed and not (settings.engine.broker_url or settings.engine.broker_url_env):
        raise UsageError("--engine celery needs a broker: engine.broker_url (or broker_url_env) in the tenant config",
                         hint="add engine: {kind: celery, broker_url: redis://HOST:6379/0} and start workers with `ucs worker`")
    selected = select_checks(settings, check_patterns, min_severity, {p for p, _ in scopes})
    scan_id = store.begin_scan(tenant, trigger, {"providers": sorted({p for p, _ in scopes}),
                                                 "checks": len(selected),
                                                 "engine": "celery" if distributed else "embedded"})
    if on_begin:
        on_begin(scan_id)
    try:
        deadline = Deadline.after(settings.scan.deadline_seconds)
        if distributed:
            from agent.fleet.dispatch import collect_distributed  # Celery is loaded only in fleet mode

            inventory = collect_distributed(settings, scopes, progress, deadline)
        else:
            inventory = collect_all(scopes, progress, collect_options, deadline, settings.scan.service_deadline_seconds)
        inventory.now = now
        overrides = {k: Severity.parse(v) for k, v in settings.checks.severity_overrides.items()}
        run = evaluation(inventory, selected, mute_matchers(settings.mutelist), overrides, today)
        with frozen_for_gc(run.pairs >= FREEZE_PAIRS):
            def batches() -> Iterator[list[Finding]]:
                # Evaluated as the store reads it: each batch is written (uncommitted) before the next
                # is made.  Until the last one a progress callback may still stop the scan, and the
                # transaction then rolls back; RECORDING comes once evaluation is done.
                done = 0
                for batch in run:
                    if progress:
                        progress(f"evaluating: {done} of {run.pairs} resource×check pairs over {len(inventory)} resources")
                    done += len(batch)
                    yield batch
                if progress:
                    progress(RECORDING)

            recorded_at = utcnow()
            recorded = store.record_scan_batches(scan_id, tenant, batches(), inventory.coverage, run.evaluated_checks, inventory,
                                                 on_transitions=on_transitions if tenant_scan else None, now=recorded_at,
                                                 on_recorded=on_recorded)
    except BaseException as exc:
        status = ScanStatus.INTERRUPTED if isinstance(exc, (KeyboardInterrupt, SystemExit)) else ScanStatus.FAILED
        store.end_scan(scan_id, status, error=f"{type(exc).__name__}: {exc}")
        raise
    status = ScanStatus.PARTIAL if inventory.coverage.failures else ScanStatus.COMPLETED
    return ScanOutcome(scan_id, tenant, recorded.tally, inventory, recorded.transitions, run.evaluated_checks, status,
                       scopes, recorded.changes, store, recorded_at)
