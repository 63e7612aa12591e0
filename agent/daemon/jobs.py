"""What the daemon schedules besides scans, and the table of job kinds.

Notification delivery, digests, the scan transition hook and Art. 11 notices belong to
``notifiers``; auto-mode remediation to ``remediation``.  Both are plain imports of their public
entry points: a build always ships them, and a missing one is an import error at start, not a
job that silently does nothing.  Retention clean-up is the daemon room's own job.

:class:`JobKind` names every kind of job the daemon runs; the job store keeps its value (a
string), and :meth:`agent.daemon.service.Daemon.run` dispatches through a table keyed by it.
"""

from __future__ import annotations

import enum
import logging
from datetime import datetime
from typing import Any

import notifiers
from agent.daemon.throttle import SUSPENDED, Notice
from agent.posture.compliance_history import take_snapshots
from agent.settings.tenant import Settings
from agent.store import Store, TransitionHook
from agent.store.daemon_state import retention_cutoff
from agent.store.outbox import Outbox
from remediation.context import build_context
from remediation.runner import Runner

log = logging.getLogger(__name__)


class JobKind(enum.StrEnum):
    """Every kind of job; the value is what the job store keeps in a job's arguments."""

    SCAN = "scan"
    OUTBOX = "outbox"
    DIGESTS = "digests"
    REMEDIATION = "remediation"
    RETENTION = "retention"
    INTAKE = "intake"
    TICK = "tick"  # the Art. 11 meter (in-memory job store)
    NOTICE_DELIVERY = "notice_delivery"  # one outbox pass right after a suspension notice
    REALTIME = "realtime"  # re-assess resources whose change events arrived (in-memory job store)
    COMPLIANCE = "compliance"  # the daily compliance snapshot per framework (agent.posture)
    PRODUCTS = "products"  # the licensed cloud security products' own findings (agent.products)


def deliver_outbox(store: Store, settings: Settings) -> Any:
    return notifiers.deliver_pending(store, settings)


def deliver_digests(store: Store, settings: Settings, now: datetime) -> Any:
    return notifiers.deliver_digests(store, settings, now)


def ingest_products(settings: Settings, store: Store, throttle: Any) -> None:
    """The licensed products' findings: monitoring data like any log, so metered by the Art. 11
    throttle (a suspension drops and counts them, Art. 12) rather than skipped."""
    from agent.products.ingest import Ingest

    report = Ingest(settings, store, throttle=throttle, on_transitions=scan_transition_hook(settings)).run()
    log.info("tenant %s products: %s", settings.tenant.id, report.by_source())


def scan_transition_hook(settings: Settings) -> TransitionHook:
    """The notifiers' hook that queues notifications inside the scan's transaction."""
    return notifiers.transition_hook(settings)


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
    modes = {rem.mode} | set(rem.checks.values())
    return "auto" in modes and bool(rem.auto_allow)


def auto_remediate(store: Store, settings: Settings) -> Any:
    """Plan fixes for the tenant's open findings; the remediation runner applies the auto-mode,
    allow-listed ones at once.  Human-approved plans are left to `ucs remediate`."""
    if not auto_mode_configured(settings):
        return None
    return Runner(settings, store, build_context(settings, "daemon"), actor="daemon").propose()


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
    run; routes pick the tenant's and the operator's channels by the event kind)."""
    payload = notice_payload(settings, notice)
    notifiers.enqueue_event(store, settings, f"service_{notice.kind}", payload,
                            key=f"suspension-{notice.suspension.id}-{notice.kind}")


def compliance_snapshots(store: Store, settings: Settings) -> list[dict[str, Any]]:
    """Store today's compliance snapshot of the tenant's frameworks (and queue what changed)."""
    return take_snapshots(store, settings)


def purge_old(store: Store, settings: Settings, now: datetime | None = None) -> dict[str, int]:
    """Retention: delete finding history and intake counts older than daemon.retention.days."""
    cutoff = retention_cutoff(settings.daemon.retention.days, now)
    removed = store.purge(settings.tenant.id, cutoff)
    log.info("tenant %s retention: removed %s (older than %s)", settings.tenant.id, removed, cutoff.date())
    return removed
