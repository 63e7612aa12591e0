"""Event-driven re-assessment in the daemon: change events → coalescing queue → targeted re-assessment.

The intake hands every admitted batch (after the Art. 11 throttle) to :meth:`Realtime.feed`, which
keeps the changes (:func:`agent.events.changes.changes_in`) in a queue keyed by resource: a burst
of fifty changes to one bucket is one entry with ``events=50``.  The realtime job
(:meth:`Realtime.run_due`, every :data:`TICK_SECONDS`) takes the entries whose resource has been
quiet for ``settle_seconds`` (or waited ``max_wait_seconds``), checks each account's hourly and
daily budget, and re-assesses them (:class:`agent.engine.reassess.Reassessor`).  What is over
budget, or still queued when the daemon stops, is recorded as *deferred*: the next scheduled scan
answers it, and the count says so (Art. 12).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial

from agent.engine.reassess import Pending, Reassessor
from agent.events import Event
from agent.events.changes import Change, changes_in
from agent.settings.realtime import RealtimeSettings
from agent.settings.tenant import Settings
from agent.store import Store, TransitionHook
from agent.store.realtime import AssessmentRecord, RealtimeLog

log = logging.getLogger(__name__)

TICK_SECONDS = 2.0
HOUR = 3600.0
DAY = 86400.0


def realtime_on(settings: Settings, intake_allowed: bool) -> bool:
    """On when configured so, or by default whenever the monitoring-log intake runs."""
    return intake_allowed and settings.realtime.enabled is not False


class ChangeQueue:
    """Pending changes by resource, coalesced; thread-safe (intake threads feed, the job takes)."""

    def __init__(self, cfg: RealtimeSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.cfg = cfg
        self.clock = clock
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, str, str, str, str], Pending] = {}
        self.events = 0  # changes fed since start

    def add(self, changes: Iterable[Change]) -> int:
        now = self.clock()
        n = 0
        with self._lock:
            for c in changes:
                if c.provider not in self.cfg.providers:
                    continue
                n += 1
                p = self._pending.get(c.target)
                if p is None:
                    self._pending[c.target] = Pending(c, 1, c.event_time, now, now)
                    continue
                p.events += 1
                p.change = c  # the latest event decides: deleted, or written again
                p.last_seen = now
                if c.event_time and (p.first_event is None or c.event_time < p.first_event):
                    p.first_event = c.event_time
            self.events += n
        return n

    def due(self) -> list[Pending]:
        """Take the entries ready for re-assessment: quiet for the settle delay, or waited too long."""
        now = self.clock()
        settle, wait = self.cfg.settle_seconds, self.cfg.max_wait_seconds
        with self._lock:
            ready = [k for k, p in self._pending.items() if now - p.last_seen >= settle or now - p.first_seen >= wait]
            return [self._pending.pop(k) for k in ready]

    def drain(self) -> list[Pending]:
        with self._lock:
            out = list(self._pending.values())
            self._pending.clear()
            return out

    def __len__(self) -> int:
        with self._lock:
            return len(self._pending)


class Budget:
    """Re-collections per account in the last hour and the last day (sliding windows)."""

    def __init__(self, per_hour: int, per_day: int, clock: Callable[[], float] = time.time) -> None:
        self.per_hour = per_hour
        self.per_day = per_day
        self.clock = clock
        self._used: dict[str, deque[float]] = {}

    def seed(self, account: str, used_today: Callable[[], int]) -> None:
        """The first time ``account`` is seen, count the re-collections the store already holds for
        today (a restarted daemon keeps its cap); later calls cost nothing."""
        if account not in self._used:
            now = self.clock()
            self._used[account] = deque([now - 1.5 * HOUR] * used_today())

    def take(self, account: str) -> str | None:
        """Use one re-collection of ``account``'s budget; the reason when it is spent."""
        now = self.clock()
        used = self._used.setdefault(account, deque())
        while used and now - used[0] >= DAY:
            used.popleft()
        if len(used) >= self.per_day:
            return f"daily cap of {self.per_day} re-collections for account {account} reached"
        if sum(1 for t in used if now - t < HOUR) >= self.per_hour:
            return f"hourly cap of {self.per_hour} re-collections for account {account} reached"
        used.append(now)
        return None


class Realtime:
    """The daemon's realtime path for one tenant."""

    def __init__(self, settings: Settings, store: Store, hook: Callable[[Settings], TransitionHook],
                 clock: Callable[[], float] = time.monotonic, wall: Callable[[], float] = time.time) -> None:
        self.settings = settings
        self.store = store
        self.hook = hook
        self.queue = ChangeQueue(settings.realtime, clock)
        self.budget = Budget(settings.realtime.max_per_hour_per_account, settings.realtime.max_per_day_per_account, wall)
        self.log = RealtimeLog(store.engine)
        self.reassessor = Reassessor(settings, store, hook(settings))
        self.run_lock = threading.Lock()

    def configure(self, settings: Settings) -> None:
        """A reloaded config: new caps and settle delay; the queued changes stay."""
        self.settings = settings
        self.queue.cfg = settings.realtime
        self.budget.per_hour = settings.realtime.max_per_hour_per_account
        self.budget.per_day = settings.realtime.max_per_day_per_account
        self.reassessor = Reassessor(settings, self.store, self.hook(settings))

    # ------------------------------------------------------------------ intake side
    def cluster_for(self, origin: str) -> str:
        named = self.settings.realtime.clusters.get(origin)
        if named:
            return named
        k8s = self.settings.providers.kubernetes
        live = [c.name for c in (k8s.clusters if k8s else []) if not c.manifests]
        return live[0] if len(live) == 1 else ""

    def feed(self, _tenant: str, events: Sequence[Event]) -> int:
        """A detector of the intake: queue the changes in ``events``; produces no finding itself."""
        changes: list[Change] = []
        for ev in events:
            if ev.source == "k8s.audit":
                cluster = self.cluster_for(ev.origin)
                if not cluster:
                    continue  # which cluster is unknown: the scheduled scan answers it
                changes.extend(changes_in(ev.raw, cluster))
            else:
                changes.extend(changes_in(ev.raw))
        if changes:
            self.queue.add(changes)
        return 0

    # ------------------------------------------------------------------- job side
    def run_due(self, now: datetime | None = None) -> list[AssessmentRecord]:
        """Re-assess what is due (one caller at a time); returns the records made."""
        with self.run_lock:
            due = self.queue.due()
            if not due:
                return []
            now = now or datetime.now(UTC)
            allowed: list[Pending] = []
            deferred: list[AssessmentRecord] = []
            since = now - timedelta(days=1)
            for p in due:
                account = p.change.account
                self.budget.seed(account, partial(self.log.count_today, self.settings.tenant.id, account, since))
                why = self.budget.take(account)
                if why:
                    deferred.append(self.reassessor.deferred(p, why))
                else:
                    allowed.append(p)
            if deferred:
                self.reassessor.store_records(deferred, now)
            records = self.reassessor.run(allowed, now) if allowed else []
            return records + deferred

    def stop(self) -> int:
        """Record what is still queued as deferred to the next scan; how many."""
        left = self.queue.drain()
        if left:
            self.reassessor.store_records([self.reassessor.deferred(p, "daemon stopped before re-assessing it")
                                           for p in left])
        return len(left)
