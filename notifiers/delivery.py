"""The delivery worker: send due outbox rows, channel by channel, at least once, in order.

One pass (:func:`deliver_pending`) for one tenant:

1. pending rows older than ``max_age_hours`` become ``expired`` (counted; shown by status);
2. per channel, up to the rate limit (deliveries in the last window count against it), each due
   row is claimed with a lease, sent with retries (tenacity), and marked delivered;
3. a transient failure that outlasts the retries **pauses the channel**: the row is rescheduled
   and the whole channel waits (no later message overtakes it) until the receiver's
   ``Retry-After`` (a 429, or a 503 that names one), else the exponential back-off; the pass goes
   on with the other channels.  A permanent failure marks the row failed and the pass goes on.
4. a channel whose receiver asked for a short wait (``Retry-After`` up to
   ``retry.max_retry_after``) is served again in the same pass once that wait is over, after
   every other channel had its turn; at most ``retry.attempts - 1`` times.

The pause is stored (:mod:`agent.store.outbox`), so it holds for every worker of the tenant, and
delivery resumes by itself on the first pass after it.  A crash between "sent" and "marked
delivered" resends the row after its lease runs out, with the same idempotency key.
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
    paused: dict[str, datetime] = field(default_factory=dict)  # channel -> until, paused by this pass
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
        self.paused.update(other.paused)
        self.expired += other.expired
        self.digests += other.digests

    def forget(self, channel: str) -> None:
        """Drop a channel's failure from this pass before it is served again (its wait is over)."""
        for entries in (self.rescheduled, self.paused, self.errors):
            entries.pop(channel, None)

    def line(self) -> str:
        parts = [f"{self.total_sent} sent"]
        if self.rescheduled:
            parts.append(f"{sum(self.rescheduled.values())} waiting for retry")
        for name, until in sorted(self.paused.items()):
            parts.append(f"{name} paused until {until.isoformat(timespec='seconds')}")
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
    """How long a channel waits: what its receiver asked for, else exponential back-off."""
    if retry_after is not None:
        return timedelta(seconds=retry_after)
    r = settings.notifications.retry
    return timedelta(seconds=min(r.backoff_max, r.backoff_initial * (2 ** max(0, attempts))))


def deliver_pending(
    store: Store,
    settings: Settings,
    now: datetime | None = None,
    channels: Iterable[str] | None = None,
    batch: int = 1000,
    sleep: Callable[[float], None] = time.sleep,
) -> DeliveryReport:
    """One delivery pass for the tenant in ``settings``; safe to run from several processes.
    ``now`` fixes the pass's clock (it then moves only by what ``sleep`` was asked to wait)."""
    ns = settings.notifications
    tenant = settings.tenant.id
    frozen = now is not None
    now = now or utcnow()
    wanted = set(channels) if channels is not None else None
    report = DeliveryReport()
    report.expired = outbox.Outbox(store.engine).expire_old(tenant, now - timedelta(hours=ns.max_age_hours))
    if report.expired:
        log.warning("tenant %s: %d notifications expired undelivered (older than %gh)", tenant, report.expired,
                    ns.max_age_hours)
    todo = [c for c in ns.channels if c.enabled and (wanted is None or c.name in wanted)]
    waiting: dict[str, tuple[Channel, datetime]] = {}  # asked for a short wait: served again after it
    rounds: dict[str, int] = {}
    while True:
        for channel in todo:
            report.forget(channel.name)
            asked = _deliver_channel(store, settings, channel, now, batch, sleep, report)
            if (asked is not None and (asked - now).total_seconds() <= ns.retry.max_retry_after
                    and rounds.get(channel.name, 0) < ns.retry.attempts - 1):
                waiting[channel.name] = (channel, asked)
        if not waiting:
            return report
        wake = min(until for _, until in waiting.values())
        wait = (wake - now).total_seconds()
        if wait > 0:
            log.info("channel(s) %s asked to wait; retrying in %.2fs", ", ".join(sorted(waiting)), wait)
            sleep(wait)
        now = wake if frozen else max(wake, utcnow())
        todo = [c for c, until in waiting.values() if until <= now]
        for c in todo:
            del waiting[c.name]
            rounds[c.name] = rounds.get(c.name, 0) + 1


def _deliver_channel(store: Store, settings: Settings, channel: Channel, now: datetime, batch: int,
                     sleep: Callable[[float], None], report: DeliveryReport) -> datetime | None:
    """Send what is due on one channel.  Returns when its receiver asked to be called again
    (Retry-After), None otherwise."""
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
            return None
        if not box.lease(row["id"], now, LEASE):
            if box.paused_until(tenant, name, now) is not None:
                return None  # another worker's send paused the channel after we read its queue
            continue  # another worker has it
        ref = box.thread_ref(tenant, name, row["thread_key"]) if row["thread_key"] else None
        message = Outgoing(row["key"], render(row, lang, settings), row, ref)
        try:
            result: DeliveryResult = send_with_retry(notifier, message, settings.notifications.retry, sleep,
                                                     wait_retry_after=False)
        except (DeliveryError, SecretMissing) as exc:
            error = str(exc)
            report.errors[name] = error
            if isinstance(exc, DeliveryError) and not exc.retryable:
                box.fail(row["id"], error)
                report.failed[name] = report.failed.get(name, 0) + 1
                log.error("channel %s: message %s failed for good: %s", name, row["key"], error)
                continue
            retry_after = exc.retry_after if isinstance(exc, DeliveryError) else None
            until = now + _backoff(settings, row["attempts"], retry_after)
            box.back_off(row, until, error, now)
            report.rescheduled[name] = len(rows) - i
            report.paused[name] = until
            log.warning("channel %s: %s; the channel is paused until %s (%d messages wait, in order)", name, error,
                        until.isoformat(timespec="seconds"), len(rows) - i)
            return until if retry_after is not None else None
        box.ack(row, now, result.thread_ref if not ref else None)
        report.sent[name] = report.sent.get(name, 0) + 1
        budget -= 1
    return None


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
