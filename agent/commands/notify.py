"""`ucs notify status|test|deliver`: the notification backlog, a test message, a delivery pass."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from agent.commands._common import add_config_arg, load, open_store
from agent.core.errors import UcsError, UsageError
from agent.core.model import utcnow
from agent.report.terminal import emit
from agent.settings.menus import require_feature
from agent.store import outbox


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("notify", help="notification backlog, test messages, delivery")
    nsub = p.add_subparsers(dest="notify_cmd", required=True)
    sp = nsub.add_parser("status", help="per channel: waiting, delivered, failed, expired; digests")
    add_config_arg(sp, required=True)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=run_status)
    tp = nsub.add_parser("test", help="send a test message to one channel now")
    add_config_arg(tp, required=True)
    tp.add_argument("--channel", required=True, metavar="NAME")
    tp.set_defaults(func=run_test)
    dp = nsub.add_parser("deliver", help="send what is waiting in the outbox (and digests that are due)")
    add_config_arg(dp, required=True)
    dp.add_argument("--requeue-failed", action="store_true", help="retry failed and expired messages too")
    dp.add_argument("--channel", metavar="NAME", help="requeue only this channel's messages")
    dp.set_defaults(func=run_deliver)


def _age(then: datetime | None, now: datetime) -> str:
    if then is None:
        return "-"
    secs = int((now - then).total_seconds())
    return f"{secs // 3600}h{secs % 3600 // 60:02d}m" if secs >= 3600 else f"{secs // 60}m{secs % 60:02d}s"


def run_status(args: argparse.Namespace) -> int:
    from notifiers.digest import next_digest_times

    settings = load(args)
    require_feature(settings, "notify")
    store = open_store(settings, args)
    now = utcnow()
    backlog = outbox.Outbox(store.engine).backlog(settings.tenant.id, now=now)
    digests = next_digest_times(store, settings, now)
    names = [c.name for c in settings.notifications.channels] + sorted(set(backlog) - {
        c.name for c in settings.notifications.channels})
    if args.json:
        doc = {"channels": {n: {k: (v.isoformat() if isinstance(v, datetime) else v)
                                for k, v in backlog.get(n, {}).items()} for n in names},
               "digests": [{k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in d.items()}
                           for d in digests]}
        print(json.dumps(doc, indent=1, ensure_ascii=False))
        return 0
    headers = ["channel", "type", "waiting", "oldest waiting", "delivered", "failed", "expired", "in digests",
               "paused until", "last error"]
    rows = []
    for n in names:
        ch = settings.notifications.channel(n)
        b = backlog.get(n, {})
        rows.append([n, ch.type if ch else "(not configured)", str(b.get(outbox.PENDING, 0)),
                     _age(b.get("oldest_pending"), now), str(b.get(outbox.DELIVERED, 0)),
                     str(b.get(outbox.FAILED, 0)), str(b.get(outbox.EXPIRED, 0)), str(b.get(outbox.HELD, 0)),
                     _paused(b), (b.get("last_error") or "")[:80]])
    emit(f"notifications for tenant {settings.tenant.id}", headers, rows, no_wrap=range(9))  # headers whole
    for d in digests:
        print(f"digest {d['route']} → {d['channel']}: {d['held']} held, next at "
                      f"{d['next'].isoformat() if d['next'] else 'never'}")
    return 0


def run_test(args: argparse.Namespace) -> int:
    from agent.settings.notifications import SecretMissing
    from notifiers.base import DeliveryError
    from notifiers.delivery import send_test

    settings = load(args)
    require_feature(settings, "notify")
    try:
        result = send_test(settings, args.channel)
    except KeyError as exc:
        raise UsageError(str(exc.args[0]), hint="`ucs notify status` lists the configured channels") from None
    except SecretMissing as exc:  # a config problem (exit 2), said with its own hint
        raise SecretMissing(f"test message to {args.channel} failed: {exc.message}", hint=exc.hint) from None
    except DeliveryError as exc:
        raise UcsError(f"test message to {args.channel} failed: {exc}",
                       hint="check the channel's settings and the secret it names; `ucs notify status` "
                            "shows what is waiting") from None
    print(f"test message sent to {args.channel} ({result.detail})")
    return 0


def run_deliver(args: argparse.Namespace) -> int:
    from notifiers.delivery import deliver_pending
    from notifiers.digest import deliver_digests

    settings = load(args)
    require_feature(settings, "notify")
    store = open_store(settings, args)
    now = utcnow()
    if args.requeue_failed:
        n = outbox.Outbox(store.engine).requeue_failed(settings.tenant.id, now, args.channel)
        print(f"requeued {n} messages")
    report = deliver_digests(store, settings, now)
    report.merge(deliver_pending(store, settings, now))
    print(f"notifications: {report.line()}" + (f"; {report.digests} digests built" if report.digests else ""))
    for channel, error in sorted(report.errors.items()):
        print(f"  {channel}: {error}")
    return 0


def _paused(b: dict[str, Any]) -> str:
    """When a paused channel (429 / Retry-After, temporary failures) resumes, and why."""
    until = b.get("paused_until")
    if not until:
        return ""
    reason = b.get("pause_reason") or ""
    return f"{until.isoformat(timespec='seconds')}" + (f" ({reason[:40]})" if reason else "")
