"""Notifiers: Slack, email, webhook and Teams; routing, dedup on transitions, digests, outbox.

The public entry points (other rooms call only these):

* :func:`transition_hook` (settings) → the ``on_transitions`` hook for ``run_scan`` /
  ``Store.record_scan``; it writes outbox rows inside the scan's transaction.
* :func:`enqueue_event` (conn_or_store, settings, kind, payload) → queue a remediation or
  Art. 11 suspension/resumption notice.
* :func:`deliver_pending` (store, settings) → one delivery pass; :func:`deliver_digests`
  (store, settings, now) → build and send the digests that are due.

Imports are deferred so ``agent.settings.tenant`` can import :mod:`agent.settings.notifications` without pulling
in the channel SDKs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from sqlalchemy import Connection

    from agent.settings.tenant import Settings
    from agent.store import Store
    from agent.store.lifecycle import Transition
    from notifiers.delivery import DeliveryReport


def transition_hook(settings: Settings) -> Callable[[Connection, list[Transition]], None]:
    from notifiers.router import transition_hook as hook

    return hook(settings)


def enqueue_event(target: Connection | Store, settings: Settings, kind: str, payload: dict[str, Any],
                  key: str | None = None, now: datetime | None = None) -> int:
    from notifiers.router import enqueue_event as enqueue

    return enqueue(target, settings, kind, payload, key=key, now=now)


def deliver_pending(store: Store, settings: Settings, now: datetime | None = None) -> DeliveryReport:
    from notifiers.delivery import deliver_pending as deliver

    return deliver(store, settings, now)


def deliver_digests(store: Store, settings: Settings, now: datetime | None = None) -> DeliveryReport:
    from notifiers.digest import deliver_digests as deliver

    return deliver(store, settings, now)
