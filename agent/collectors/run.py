"""Collect a list of (provider, scope) pairs into one Inventory, each bounded by the scan's deadline.

What the embedded scan runs in process (:func:`agent.engine.scan.run_scan`) and a fleet worker
runs for its one shard (:mod:`agent.fleet.tasks`): a scope that fails to start, or is still
collecting past the deadline, is a coverage gap — never a crash, never a wait without end.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from agent.collectors import Scope, provider_module
from agent.collectors.deadline import Deadline, detached
from agent.core.inventory import Inventory
from agent.settings.tenant import AwsOrganization, Settings

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


def provider_scopes(settings: Settings, only: Iterable[str] | None = None) -> list[tuple[str, Scope]]:
    """(provider, scope) pairs to collect, in config order."""
    wanted = set(only) if only else None
    pairs: list[tuple[str, Scope]] = []
    p = settings.providers
    if p.aws and (wanted is None or "aws" in wanted):
        pairs.extend(("aws", acct) for acct in p.aws.accounts)
        if p.aws.organization.enabled:
            pairs.append(("aws", p.aws.organization))
    if p.kubernetes and (wanted is None or "kubernetes" in wanted):
        pairs.extend(("kubernetes", cl) for cl in p.kubernetes.clusters)
    if p.azure and (wanted is None or "azure" in wanted):
        pairs.append(("azure", p.azure))
    if p.gcp and (wanted is None or "gcp" in wanted):
        pairs.append(("gcp", p.gcp))
    return pairs


def scope_label(provider: str, scope: Scope) -> str:
    """The account name a failure of the whole scope is recorded under (see :func:`collect_all`)."""
    if isinstance(scope, AwsOrganization):
        return "organization"
    return str(getattr(scope, "id", None) or getattr(scope, "name", None) or provider)


def collect_all(
    scopes: Sequence[tuple[str, Scope]],
    progress: Progress | None = None,
    collect_options: dict[str, dict[str, Any]] | None = None,
    deadline: Deadline | None = None,
    service_deadline: float | None = None,
) -> Inventory:
    """Collect every scope; a scope that fails to start, or is still collecting past the
    deadline, is a coverage gap, never a crash and never a wait without end."""
    inventory = Inventory()
    for provider, scope in scopes:
        name = scope_label(provider, scope)
        if deadline is not None and deadline.expired():
            inventory.coverage.fail(provider, name, "*", "*", f"not started: {deadline.error}")
            continue
        opts = dict((collect_options or {}).get(provider, {}))
        if deadline is not None:
            opts.setdefault("deadline", deadline)
        if service_deadline:
            opts.setdefault("service_deadline", service_deadline)
            if provider == "kubernetes":  # its per-request timeout: one hung read never outlasts a unit
                opts.setdefault("timeout", min(60.0, service_deadline))
        attached = threading.Event()
        attached.set()

        def relay(msg: str, attached: threading.Event = attached) -> None:
            if progress and attached.is_set():  # a collector given up on no longer reports
                progress(msg)

        try:
            running = detached(provider_module(provider).collect, scope, progress=relay, name=f"ucs-collect-{provider}",
                               **opts)
            inv = running.result(timeout=None if deadline is None else deadline.remaining() + deadline.grace)
        except FutureTimeout:
            attached.clear()
            assert deadline is not None
            log.warning("%s %s: %s; collection left running in the background", provider, name, deadline.error)
            inventory.coverage.fail(provider, name, "*", "*", deadline.error)
            if progress:
                progress(f"{provider} {name}: FAILED {deadline.error}")
            continue
        except Exception as exc:  # one broken account never stops the rest of the scan
            log.warning("%s %s: collection failed: %s", provider, name, exc)
            inventory.coverage.fail(provider, name, "*", "*", f"{type(exc).__name__}: {exc}")
            if progress:
                progress(f"{provider} {name}: FAILED {type(exc).__name__}: {exc}")
            continue
        inventory.merge(inv)
    return inventory


