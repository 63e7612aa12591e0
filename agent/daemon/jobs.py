"""What the daemon schedules besides scans, reached through one seam per other room.

Notification delivery, digests, the scan transition hook and Art. 11 notices belong to
``notifiers``; auto-mode remediation to ``remediation``.  This adapter looks their entry points
up by name at call time, so the daemon works whether or not a build ships those packages, and
says once, in the log, what is unavailable.  Retention clean-up is the daemon room's own job.
"""

from __future__ import annotations

import importlib
import logging
from datetime import datetime
from typing import Any, Callable

from agent.settings.tenant import Settings
from agent.store import Store
from agent.store.daemon_state import retention_cutoff
from agent.store.outbox import Outbox
from agent.daemon.throttle import SUSPENDED, Notice

log = logging.getLogger(__name__)

_warned: set[str] = set()

# name -> (module, attribute) candidates; the first one found wins.
ENTRY_POINTS: dict[str, list[tuple[str, str]]] = {
    "deliver_pending": [("notifiers", "deliver_pending"), ("notifiers.delivery", "deliver_pending")],
    "deliver_digests": [("notifiers", "deliver_digests"), ("notifiers.digest", "deliver_digests")],
    "enqueue_event": [("notifiers", "enqueue_event")],
    "transition_hook": [("notifiers", "transition_hook")],
    "remediation_runner": [("remediation.runner", "Runner")],
    "remediation_context": [("remediation.context", "build_context")],
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


def scan_transition_hook(settings: Settings) -> Any:
    """The notifiers' hook that queues notifications inside the scan's transaction, if present."""
    fn = entry_point("transition_hook")
    return fn(settings) if fn else None


def outbox_backlog(store: Store, settings: Settings) -> int | None:
    """Messages waiting for delivery (pending, over every channel); None when unknown."""
    try:
        by_channel = Outbox(store.engine).backlog(settings.tenant.id)
        return sum(int(v.get("pending", 0)) for v in by_channel.values())
    except Exception:  # a metric must never break the daemon
        log.debug("outbox backlog unavailable", exc_info=True)
        return None


def auto_mode_configured(settings: Settings) -> bool:
    """Auto remediation can only happen for checks on ``remediation.auto_allow`` with mode auto."""
    rem = settings.remediation

    def get(key: str) -> Any:
        return rem.get(key) if isinstance(rem, dict) else getattr(rem, key, None)

    modes = {get("mode")} | set((get("checks") or {}).values())
    return "auto" in modes and bool(get("auto_allow"))


def auto_remediate(store: Store, settings: Settings) -> Any:
    """Plan fixes for the tenant's open findings; the remediation runner applies the auto-mode,
    allow-listed ones at once.  Human-approved plans are left to `ucs remediate`."""
    if not auto_mode_configured(settings):
        return None
    runner_cls, build_context = entry_point("remediation_runner"), entry_point("remediation_context")
    if runner_cls is None or build_context is None:
        return None
    return runner_cls(settings, store, build_context(settings, "daemon"), actor="daemon").propose()


def notice_payload(settings: Settings, notice: Notice) -> dict[str, Any]:
    sus = notice.suspension
    ja = settings.language == "ja"
    until = sus.planned_end.isoformat(timespec="minutes")
    if notice.kind == SUSPENDED:
        title = f"サービス一時停止 (第11条): {until} まで" if ja else f"Service suspended (Art. 11) until {until}"
    else:
        title = ("サービス再開 (第11条)" if ja else "Service resumed (Art. 11)") + f": {sus.ended_by}"
    dropped = (f"{sus.dropped_total} event(s) dropped ("
               + ", ".join(f"{k}={v}" for k, v in sorted(sus.dropped.items())) + ")") if sus.dropped else "no events dropped"
    return {
        "title": title,
        "message": f"{sus.reason}. Started {sus.started_at.isoformat(timespec='seconds')}, planned end "
                   f"{sus.planned_end.isoformat(timespec='seconds')}; {dropped} (Art. 12).",
        "suspension": {  # ("event" is the notifiers' own key: the event kind)
            "suspension_id": sus.id, "tenant": notice.tenant, "started_at": sus.started_at.isoformat(),
            "planned_end": sus.planned_end.isoformat(), "ended_at": sus.ended_at.isoformat() if sus.ended_at else None,
            "ended_by": sus.ended_by, "reason": sus.reason, "rates": sus.rates, "dropped": sus.dropped,
            "audiences": list(notice.audiences), "operator_channel": settings.throttle.operator_channel,
        },
    }


def send_notice(store: Store, settings: Settings, notice: Notice) -> None:
    """Queue an Art. 11 suspension/resumption notice in the outbox (delivered by the next outbox
    run; routes pick the tenant's and the operator's channels by the event kind).  With no
    notifier package the notice is logged, and the suspension record stays the proof."""
    payload = notice_payload(settings, notice)
    fn = entry_point("enqueue_event")
    if fn is None:
        log.warning("tenant %s: %s notice (notifications unavailable): %s", notice.tenant, notice.kind,
                    payload["title"])
        return
    fn(store, settings, f"service_{notice.kind}", payload, key=f"suspension-{notice.suspension.id}-{notice.kind}")


def purge_old(store: Store, settings: Settings, now: datetime | None = None) -> dict[str, int]:
    """Retention: delete finding history and intake counts older than daemon.retention.days."""
    cutoff = retention_cutoff(settings.daemon.retention.days, now)
    removed = store.purge(settings.tenant.id, cutoff)
    log.info("tenant %s retention: removed %s (older than %s)", settings.tenant.id, removed, cutoff.date())
    return removed
