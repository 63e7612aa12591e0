"""Art. 11 log-volume throttle: a per-tenant meter and the suspension it may trigger.

The meter counts events taken in (and findings generated) in one-minute buckets.  When every one
of ``sustain_minutes`` consecutive closed minutes is above ``threshold_per_minute`` the tenant's
service is suspended for ``suspend_minutes``: intake drops events (Art. 12: the intake counts
them by source and suspension, in the store, before it answers the sender), the daemon skips
the tenant's scans and notifications, a suspension record is stored and a notice goes out after
the fact (the clause allows no prior notice).  It ends by itself at the
planned end, or early by ``ucs tenant resume``.

Restarts: the open bucket, the overload streak and the suspension live in the store, so a
restart neither lifts a suspension nor resets the meter.  Minutes while no daemon ran are
skipped (they neither extend nor break the streak); minutes a running daemon saw no events count
as zero.  Each tenant has its own ``Throttle`` and lock: one tenant's flood never touches another.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from agent.settings.daemon import ThrottleSettings
from agent.store.daemon_state import DaemonState, MeterState, Suspension

log = logging.getLogger(__name__)

SUSPENDED = "suspended"
RESUMED = "resumed"
KEEP_RECENT = 60  # closed minutes kept in the meter's history (shown by `ucs status`)


@dataclass(slots=True)
class Notice:
    """A suspension or resumption, to be told to ``audiences`` ("tenant", "operator")."""

    kind: str
    tenant: str
    suspension: Suspension
    audiences: tuple[str, ...]


NoticeSink = Callable[[Notice], None]
Clock = Callable[[], float]


def _dt(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


class Throttle:
    def __init__(self, tenant: str, policy: ThrottleSettings, state: DaemonState,
                 notice: NoticeSink | None = None, clock: Clock = time.time) -> None:
        self.tenant = tenant
        self.policy = policy
        self.state = state
        self.notice = notice
        self.clock = clock
        self._lock = threading.Lock()
        self._suspension: Suspension | None = state.active_suspension(tenant)
        self._end_ts = self._suspension.planned_end.timestamp() if self._suspension else 0.0
        meter = state.load_meter(tenant)
        now_minute = int(clock() // 60)
        if meter is None:
            meter = MeterState(now_minute, 0, 0, 0, [])
        self._meter = meter
        # Minutes between the stored bucket and now passed while no daemon ran: skip, don't reset.
        self._skip_gap = meter.minute != now_minute

    # ------------------------------------------------------------- hot path
    def meter(self, n: int = 1) -> int | None:
        """Meter ``n`` events: None when they are admitted; while suspended, the id of the
        suspension they are dropped under (the caller records them, Art. 12)."""
        now = self.clock()
        with self._lock:
            if int(now // 60) != self._meter.minute or (self._suspension is not None and now >= self._end_ts):
                self._advance(now)
            if self._suspension is not None:
                return self._suspension.id
            self._meter.events += n
            return None

    def record_findings(self, n: int) -> None:
        now = self.clock()
        with self._lock:
            if int(now // 60) != self._meter.minute:
                self._advance(now)
            self._meter.findings += n

    # ------------------------------------------------------------ bookkeeping
    def tick(self) -> Suspension | None:
        """Close finished minutes, resume when due, pick up a resume done by `ucs tenant resume`,
        and persist the open bucket.  The daemon calls this every few seconds."""
        now = self.clock()
        with self._lock:
            self._advance(now)
            if self._suspension is not None:
                current = self.state.active_suspension(self.tenant)
                if current is None or current.id != self._suspension.id:
                    ended = self._suspension
                    self._suspension, self._end_ts = current, current.planned_end.timestamp() if current else 0.0
                    self._meter.over_streak = 0
                    log.warning("tenant %s: suspension %s was lifted outside the daemon", self.tenant, ended.id)
                    self._send(RESUMED, self.state.suspensions(self.tenant, limit=200), ended.id)
            self.state.save_meter(self.tenant, self._meter)
            return self._suspension

    def suspended(self) -> Suspension | None:
        """The active suspension (after resuming one that is due), else None."""
        now = self.clock()
        with self._lock:
            if self._suspension is not None and now >= self._end_ts:
                self._advance(now)
            return self._suspension

    def close(self) -> None:
        """Persist everything (graceful stop)."""
        with self._lock:
            self.state.save_meter(self.tenant, self._meter)

    def update_policy(self, policy: ThrottleSettings) -> None:
        with self._lock:
            self.policy = policy

    @property
    def current_rate(self) -> int:
        """Events in the open minute (for metrics)."""
        return self._meter.events

    # -------------------------------------------------------------- internals
    def _advance(self, now: float) -> None:
        minute = int(now // 60)
        m = self._meter
        if minute > m.minute:
            closed = [(m.minute, m.events, m.findings)]
            if not self._skip_gap:
                # minutes a running daemon saw nothing in; more than sustain+1 of them cannot matter
                first_gap = max(m.minute + 1, minute - self.policy.sustain_minutes - 1)
                closed.extend((g, 0, 0) for g in range(first_gap, minute))
            self._skip_gap = False
            for mm, ev, fi in closed:
                self._close_minute(mm, ev, fi, now)
            m.minute, m.events, m.findings = minute, 0, 0
            self.state.save_meter(self.tenant, m)
        if self._suspension is not None and now >= self._end_ts:
            self._resume_locked(now, "auto", "planned end of the suspension reached")

    def _close_minute(self, minute: int, events: int, findings: int, now: float) -> None:
        m, p = self._meter, self.policy
        m.recent.append([minute, events, findings])
        del m.recent[:-KEEP_RECENT]
        over = events > p.threshold_per_minute or (
            p.findings_threshold_per_minute is not None and findings > p.findings_threshold_per_minute)
        m.over_streak = m.over_streak + 1 if over and self._suspension is None else 0
        if p.enabled and self._suspension is None and m.over_streak >= p.sustain_minutes:
            self._suspend_locked(now)

    def _suspend_locked(self, now: float) -> None:
        p, m = self.policy, self._meter
        window = m.recent[-p.sustain_minutes:]
        events = [e for _, e, _ in window]
        rates = {
            "threshold_per_minute": p.threshold_per_minute,
            "findings_threshold_per_minute": p.findings_threshold_per_minute,
            "sustain_minutes": p.sustain_minutes,
            "peak_events_per_minute": max(events),
            "mean_events_per_minute": round(sum(events) / len(events), 1),
            "minutes": [{"minute": _dt(mm * 60).isoformat(), "events": e, "findings": f} for mm, e, f in window],
        }
        reason = (f"Art. 11: monitoring-log volume above {p.threshold_per_minute} events/min for "
                  f"{p.sustain_minutes} consecutive minute(s) (peak {rates['peak_events_per_minute']}/min)")
        start = _dt(now)
        sus = self.state.open_suspension(self.tenant, start, start + timedelta(minutes=p.suspend_minutes), reason, rates)
        self._suspension, self._end_ts = sus, sus.planned_end.timestamp()
        m.over_streak = 0
        log.warning("tenant %s suspended until %s: %s", self.tenant, sus.planned_end.isoformat(), reason)
        self._send(SUSPENDED, [sus], sus.id)

    def _resume_locked(self, now: float, by: str, why: str) -> None:
        sus = self._suspension
        assert sus is not None
        self.state.end_suspension(sus.id, _dt(now), by, why)
        self._suspension, self._end_ts = None, 0.0
        self._meter.over_streak = 0
        log.warning("tenant %s resumed (%s): %s", self.tenant, by, why)
        self._send(RESUMED, self.state.suspensions(self.tenant, limit=200), sus.id)

    def _send(self, kind: str, records: list[Suspension], suspension_id: int) -> None:
        sus = next((s for s in records if s.id == suspension_id), None)
        if sus is None:
            return
        audiences = tuple(a for a, on in (("tenant", self.policy.notify_tenant),
                                          ("operator", self.policy.notify_operator)) if on)
        if self.notice is None or not audiences:
            return
        try:
            self.notice(Notice(kind, self.tenant, sus, audiences))
            if kind == SUSPENDED:
                self.state.mark_notified(sus.id)
        except Exception:  # a notice that cannot be queued must never break intake
            log.exception("tenant %s: %s notice could not be queued", self.tenant, kind)


def resume_tenant(state: DaemonState, tenant: str, who: str, why: str, now: datetime | None = None) -> Suspension | None:
    """Lift the tenant's active suspension early (``ucs tenant resume``); the record keeps who and
    why (the audit trail).  A running daemon sees it at its next tick and sends the notice."""
    sus = state.active_suspension(tenant)
    if sus is None:
        return None
    at = now or datetime.now(UTC)
    if not state.end_suspension(sus.id, at, f"manual:{who}", why):
        return None
    log.warning("tenant %s: suspension %s lifted early by %s: %s", tenant, sus.id, who, why)
    return next(s for s in state.suspensions(tenant, limit=200) if s.id == sus.id)
