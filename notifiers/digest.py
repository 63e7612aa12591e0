"""Digests: a route with ``digest: {cron: "0 9 * * *"}`` holds its matches and sends one summary
per channel at the cron time, in the tenant's time zone (or the route's ``timezone``).

The next fire time comes from APScheduler's CronTrigger (3.x).  ``notify_digests`` remembers the
last fire time per (tenant, route, channel); the first digest covers everything held since the
oldest held item.  The digest row and the "digested" marks on its items are written in one
transaction, so an item is in exactly one digest.  The daemon calls :func:`deliver_digests` every
minute or so; a run that finds nothing due costs two small queries per route and channel.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from apscheduler.triggers.cron import CronTrigger

from agent.core.model import Severity, utcnow
from agent.settings.notifications import Route
from agent.store import outbox
from notifiers.delivery import DeliveryReport, deliver_pending
from notifiers.router import short_item, summary_payload

if TYPE_CHECKING:
    from agent.settings.tenant import Settings
    from agent.store import Store


def trigger_for(route: Route, settings: Settings) -> CronTrigger:
    assert route.digest is not None
    return CronTrigger.from_crontab(route.digest.cron, timezone=route.digest.timezone or settings.tenant.timezone)


def next_fire(trigger: CronTrigger, after: datetime) -> datetime | None:
    """First fire time strictly after ``after``."""
    return trigger.get_next_fire_time(after, after)


def latest_fire(trigger: CronTrigger, first: datetime, now: datetime) -> datetime:
    """The last fire time at or before ``now``, starting from a known fire time ``first``."""
    fire = first
    for _ in range(10_000):  # an every-minute cron after a week's outage stays well inside this
        nxt = next_fire(trigger, fire)
        if nxt is None or nxt > now:
            return fire
        fire = nxt
    return now


def _item(row: dict[str, Any]) -> dict[str, Any]:
    payload = row["payload"]
    if payload.get("finding"):
        return short_item(row["event"], payload["finding"])
    return {"event": row["event"], "check_id": "", "severity": Severity(row["severity"]).label,
            "resource_id": "", "resource_name": payload.get("title", ""), "account": "", "region": "",
            "detail": payload.get("message", "")}


def build_due_digests(store: Store, settings: Settings, now: datetime | None = None) -> int:
    """Turn held items into digest rows for every (route, channel) whose cron time has come."""
    now = now or utcnow()
    tenant = settings.tenant.id
    box = outbox.Outbox(store.engine)
    made = 0
    for route in settings.notifications.routes:
        if route.digest is None:
            continue
        trigger = trigger_for(route, settings)
        for channel in route.channels:
            made += box.digest(tenant, route.name, channel, now, _builder(tenant, route, channel, trigger, now))
    return made


def _builder(tenant: str, route: Route, channel: str, trigger: CronTrigger, now: datetime) -> outbox.DigestBuilder:
    """What decides, inside the store's transaction, whether the held items make a digest now."""

    def build(held: list[dict[str, Any]], last: datetime | None) -> tuple[datetime, dict[str, Any]] | None:
        fire = next_fire(trigger, last) if last else trigger.get_next_fire_time(None, min(r["created_at"] for r in held))
        if fire is None or fire > now:
            return None
        fire = latest_fire(trigger, fire, now)
        assert route.digest is not None
        payload = summary_payload(tenant, [_item(r) for r in held], top=route.digest.top, route=route.name,
                                  since=(last or held[0]["created_at"]).isoformat(), at=fire.isoformat())
        return fire, {
            "tenant": tenant, "channel": channel, "kind": "digest", "event": "digest", "route": route.name,
            "key": outbox.message_key(tenant, channel, "digest", route.name, fire.isoformat()),
            "status": outbox.PENDING, "severity": max(r["severity"] for r in held), "thread_key": None,
            "payload": payload, "created_at": now, "next_attempt_at": now, "attempts": 0}

    return build


def deliver_digests(store: Store, settings: Settings, now: datetime | None = None) -> DeliveryReport:
    """Build the digests that are due at ``now`` and send them (with anything else pending on
    those channels).  The daemon schedules this; ``ucs notify deliver`` runs it too."""
    now = now or utcnow()
    made = build_due_digests(store, settings, now)
    if not made:
        report = DeliveryReport()
    else:
        channels = {c for r in settings.notifications.routes if r.digest for c in r.channels}
        report = deliver_pending(store, settings, now, channels=channels)
    report.digests = made
    return report


def next_digest_times(store: Store, settings: Settings, now: datetime | None = None) -> list[dict[str, Any]]:
    """For ``ucs notify status``: per digest route and channel, items held and the next send time."""
    now = now or utcnow()
    tenant = settings.tenant.id
    box = outbox.Outbox(store.engine)
    out = []
    for route in settings.notifications.routes:
        if route.digest is None:
            continue
        trigger = trigger_for(route, settings)
        for channel in route.channels:
            held = box.held(tenant, route.name, channel)
            last = box.last_fire(tenant, route.name, channel)
            nxt = trigger.get_next_fire_time(None, max(now, (last or now) + timedelta(microseconds=1)))
            out.append({"route": route.name, "channel": channel, "held": held, "last": last, "next": nxt})
    return out
