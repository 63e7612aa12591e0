"""What the daemon schedules besides scans, reached through one seam per other room.

Notification delivery and digests belong to ``notifiers``, auto-mode remediation to
``remediation``.  This adapter looks their entry points up by name at call time, so the daemon
works (and says once, in the log, what is unavailable) whether or not those packages ship them.
Retention clean-up is the daemon room's own job and lives here too.
"""

from __future__ import annotations

import importlib
import logging
from datetime import datetime
from typing import Any, Callable

from agent.settings import Settings
from agent.store import Store
from agent.store.daemon_state import DaemonState, retention_cutoff
from agent.throttle import Notice

log = logging.getLogger(__name__)

_warned: set[str] = set()

# (module, function) candidates, first found wins.
ENTRY_POINTS: dict[str, list[tuple[str, str]]] = {
    "deliver_pending": [("notifiers.delivery", "deliver_pending"), ("notifiers", "deliver_pending")],
    "deliver_digests": [("notifiers.delivery", "deliver_digests"), ("notifiers", "deliver_digests")],
    "outbox_backlog": [("notifiers.delivery", "backlog"), ("notifiers.outbox", "backlog"),
                       ("notifiers", "outbox_backlog")],
    "enqueue_event": [("notifiers", "enqueue_event"), ("notifiers.delivery", "enqueue_event")],
    "auto_remediate": [("remediation.auto", "run_auto"), ("remediation", "run_auto"),
                       ("remediation.runner", "run_auto")],
}


def entry_point(name: str) -> Callable[..., Any] | None:
    for module, attr in ENTRY_POINTS[name]:
        try:
            fn = getattr(importlib.import_module(module), attr, None)
        except ImportError:
            continue
        if callable(fn):
            return fn
    if name not in _warned:
        _warned.add(name)
        log.warning("%s is unavailable in this build (no %s); the daemon skips it", name,
                    " / ".join(f"{m}.{a}" for m, a in ENTRY_POINTS[name]))
    return None


def deliver_outbox(store: Store, settings: Settings) -> Any:
    fn = entry_point("deliver_pending")
    return fn(store, settings) if fn else None


def deliver_digests(store: Store, settings: Settings, now: datetime) -> Any:
    fn = entry_point("deliver_digests")
    return fn(store, settings, now) if fn else None


def auto_remediate(store: Store, settings: Settings) -> Any:
    rem = settings.remediation
    mode = rem.get("mode") if isinstance(rem, dict) else getattr(rem, "mode", None)
    if mode != "auto":
        return None
    fn = entry_point("auto_remediate")
    return fn(store, settings) if fn else None


def outbox_backlog(store: Store, settings: Settings) -> int | None:
    fn = entry_point("outbox_backlog")
    if fn is None:
        return None
    try:
        return int(fn(store, settings.tenant.id))
    except Exception:  # a metric must never break the daemon
        log.debug("outbox backlog unavailable", exc_info=True)
        return None


def send_notice(store: Store, settings: Settings, notice: Notice) -> None:
    """Queue an Art. 11 suspension/resumption notice in the outbox (delivered by the next outbox
    run); with no notifier package the notice is logged, and the suspension record stays the proof."""
    sus = notice.suspension
    payload = {
        "kind": f"service_{notice.kind}", "tenant": notice.tenant, "suspension_id": sus.id,
        "started_at": sus.started_at.isoformat(), "planned_end": sus.planned_end.isoformat(),
        "ended_at": sus.ended_at.isoformat() if sus.ended_at else None, "ended_by": sus.ended_by,
        "reason": sus.reason, "rates": sus.rates, "dropped": sus.dropped,
        "audiences": list(notice.audiences), "operator_channel": settings.throttle.operator_channel,
    }
    fn = entry_point("enqueue_event")
    if fn is None:
        log.warning("tenant %s: %s notice (notifications unavailable): %s", notice.tenant, notice.kind, payload)
        return
    fn(store, settings, f"service_{notice.kind}", payload)


def purge_old(store: Store, settings: Settings, now: datetime | None = None) -> dict[str, int]:
    """Retention: delete finding history and intake counts older than daemon.retention.days."""
    cutoff = retention_cutoff(settings.daemon.retention.days, now)
    removed = DaemonState(store.engine).purge(settings.tenant.id, cutoff)
    log.info("tenant %s retention: removed %s (older than %s)", settings.tenant.id, removed, cutoff.date())
    return removed
