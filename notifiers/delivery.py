"""The delivery worker: send due outbox rows, channel by channel, at least once.

One pass (:func:`deliver_pending`) for one tenant:

1. pending rows older than ``max_age_hours`` become ``expired`` (counted; shown by status);
2. per channel, up to the rate limit (deliveries in the last window count against it), each due
   row is claimed with a lease, sent with retries (tenacity), and marked delivered;
3. a transient failure that outlasts the retries reschedules the row with exponential back-off
   and stops the pass *for that channel* (it is down; the rest of its queue waits its turn and
   keeps its order), a permanent one marks the row failed.

Nothing is lost while a channel is down, and delivery resumes by itself on the next pass after
it answers again.  A crash between "sent" and "marked delivered" resends the row after its lease
runs out, with the same idempotency key.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from agent.core.model import utcnow
from agent.settings.notifications import Channel, SecretMissing
from agent.store import outbox
from notifiers.base import DeliveryError, DeliveryResult, Notifier, Outgoing, send_with_retry
from notifiers.render import render

if TYPE_CHECKING:
    from agent.settings.tenant import Settings
    from agent.store import Store

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)


@dataclass(slots=True)
class DeliveryReport:
    sent: dict[str, int] = field(default_factory=dict)
    rescheduled: dict[str, int] = field(default_factory=dict)
    failed: dict[str, int] = field(default_factory=dict)
    rate_limited: dict[str, int] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    expired: int = 0
    digests: int = 0

    @property
    def total_sent(self) -> int:
        return sum(self.sent.values())

    def merge(self, other: DeliveryReport) -> None:
        for name in ("sent", "rescheduled", "failed", "rate_limited"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for k, v in theirs.items():
                mine[k] = mine.get(k, 0) + v
        self.errors.update(other.errors)
        self.expired += other.expired
        self.digests += other.digests

    def line(self) -> str:
        parts = [f"{self.total_sent} sent"]
        if self.rescheduled:
            parts.append(f"{sum(self.rescheduled.values())} waiting for retry")
        if self.rate_limited:
            parts.append(f"{sum(self.rate_limited.values())} held back by rate limits")
        if self.failed:
            parts.append(f"{sum(self.failed.values())} failed")
        if self.expired:
            parts.append(f"{self.expired} expired")
        return ", ".join(parts)


def build_notifier(channel: Channel) -> Notifier:
    if channel.type == "slack":
        from notifiers.slack import SlackNotifier

        return SlackNotifier(channel)
    if channel.type == "email":
        from notifiers.smtp import EmailNotifier

        return EmailNotifier(channel)
    if channel.type == "webhook":
        from notifiers.webhook import WebhookNotifier

        return WebhookNotifier(channel)
    from notifiers.webhook import TeamsNotifier

    return TeamsNotifier(channel)


def channel_language(settings: Settings, channel: Channel) -> str:
    return channel.language or settings.tenant.language


def _backoff(settings: Settings, attempts: int, retry_after: float | None) -> timedelta:
    r = settings.notifications.retry
    wait = min(r.backoff_max, r.backoff_initial * (2 ** max(0, attempts)))
    return timedelta(seconds=max(wait, retry_after or 0.0))


def deliver_pending(
    store: Store,
    settings: Settings,
    now: datetime | None = None,
    channels: Iterable[str] | None = None,
    batch: int = 1000,
    sleep: Callable[[float], None] = time.sleep,
) -> DeliveryReport:
    """One delivery pass for the tenant in ``settings``; safe to run from several processes."""
    ns = settings.notifications
    tenant = settings.tenant.id
    now = now or utcnow()
    wanted = set(channels) if channels is not None else None
    report = DeliveryReport()
    report.expired = outbox.Outbox(store.engine).expire_old(tenant, now - timedelta(hours=ns.max_age_hours))
    if report.expired:
        log.warning("tenant %s: %d notifications expired undelivered (older than %gh)", tenant, report.expired,
                    ns.max_age_hours)
    for channel in ns.channels:
        if not channel.enabled or (wanted is not None and channel.name not in wanted):
            continue
        _deliver_channel(store, settings, channel, now, batch, sleep, report)
    return report


def _deliver_channel(store: Store, settings: Settings, channel: Channel, now: datetime, batch: int,
                     sleep: Callable[[float], None], report: DeliveryReport) -> None:
    tenant, name = settings.tenant.id, channel.name
    limit = channel.rate_limit
    box = outbox.Outbox(store.engine)
    used = box.delivered_since(tenant, name, now - timedelta(seconds=limit.seconds))
    rows = box.due(tenant, name, now, batch)
    budget = limit.messages - used
    notifier = build_notifier(channel)
    lang = channel_language(settings, channel)
    for i, row in enumerate(rows):
        if budget <= 0:
            report.rate_limited[name] = len(rows) - i
            log.info("channel %s: rate limit %d/%ds reached; %d messages wait for the next pass", name,
                     limit.messages, limit.seconds, len(rows) - i)
            return
        if not box.lease(row["id"], now, LEASE):
            continue  # another worker has it
        ref = box.thread_ref(tenant, name, row["thread_key"]) if row["thread_key"] else None
        message = Outgoing(row["key"], render(row, lang, settings), row, ref)
        try:
            result: DeliveryResult = send_with_retry(notifier, message, settings.notifications.retry, sleep)
        except (DeliveryError, SecretMissing) as exc:
            retryable = isinstance(exc, SecretMissing) or exc.retryable
            error = str(exc)
            report.errors[name] = error
            if retryable:
                retry_after = exc.retry_after if isinstance(exc, DeliveryError) else None
                box.retry(row["id"], now + _backoff(settings, row["attempts"], retry_after), error)
            else:
                box.fail(row["id"], error)
            if retryable:
                report.rescheduled[name] = len(rows) - i
                log.warning("channel %s: %s; %d messages wait for the next pass", name, error, len(rows) - i)
                return
            report.failed[name] = report.failed.get(name, 0) + 1
            log.error("channel %s: message %s failed for good: %s", name, row["key"], error)
            continue
        box.ack(row, now, result.thread_ref if not ref else None)
        report.sent[name] = report.sent.get(name, 0) + 1
        budget -= 1


def send_test(settings: Settings, channel_name: str, sleep: Callable[[float], None] = time.sleep) -> DeliveryResult:
    """Send a test message to one channel now, bypassing the outbox (``ucs notify test``)."""
    channel = settings.notifications.channel(channel_name)
    if channel is None:
        names = ", ".join(c.name for c in settings.notifications.channels) or "none"
        raise KeyError(f"no channel named {channel_name!r} (configured: {names})")
    now = utcnow()
    row = {"tenant": settings.tenant.id, "channel": channel.name, "kind": "test", "event": "test", "severity": 0,
           "thread_key": None, "payload": {"tenant": settings.tenant.id, "channel": channel.name,
                                           "at": now.isoformat()}}
    key = outbox.message_key(settings.tenant.id, channel.name, "test", now.isoformat())
    message = Outgoing(key, render(row, channel_language(settings, channel), None), row)
    return send_with_retry(build_notifier(channel), message, settings.notifications.retry, sleep)
