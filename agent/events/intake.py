"""Per-tenant intake pipeline: records → Art. 11 throttle → normalise → detectors → counts.

Counts per origin (accepted, malformed, dropped while suspended) are kept in memory and added to
the store's per-day totals by :meth:`Intake.flush` (the daemon flushes after every poll and on
stop), so a flood costs one row update per source per flush, not one per event.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from agent import events as registry
from agent.daemon.throttle import Throttle
from agent.events import Event
from agent.events.normalise import normalise
from agent.events.readers import Parsed, parse_bytes
from agent.store.daemon_state import DaemonState

log = logging.getLogger(__name__)

BATCH = 2000


@dataclass(slots=True)
class Taken:
    """What one hand-over of records came to."""

    accepted: int = 0
    malformed: int = 0
    dropped: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Taken) -> None:
        self.accepted += other.accepted
        self.malformed += other.malformed
        self.dropped += other.dropped
        self.errors.extend(other.errors[: max(0, 5 - len(self.errors))])

    def as_dict(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "malformed": self.malformed, "dropped": self.dropped,
                "errors": self.errors}


class Intake:
    def __init__(self, tenant: str, throttle: Throttle | None, state: DaemonState | None,
                 detectors: Callable[[], dict[str, registry.Detector]] = registry.detectors,
                 clock: Callable[[], float] = time.time) -> None:
        self.tenant = tenant
        self.throttle = throttle
        self.state = state
        self._detectors = detectors
        self._clock = clock
        self._lock = threading.Lock()
        # origin -> [accepted, malformed, dropped, last error]
        self._counts: dict[str, list[Any]] = {}
        self.totals = Taken()
        self._cumulative: dict[str, list[int]] = {}  # origin -> [accepted, malformed, dropped] since start
        self.detector_errors = 0

    def take_bytes(self, origin: str, data: bytes, name: str) -> Taken:
        return self.take_parsed(origin, parse_bytes(data, name))

    def take_parsed(self, origin: str, parsed: Parsed) -> Taken:
        taken = self.take_records(origin, parsed.records)
        taken.malformed += parsed.malformed
        taken.errors.extend(parsed.errors)
        if parsed.malformed:
            self._count(origin, 0, parsed.malformed, 0, parsed.errors[-1] if parsed.errors else None)
            log.warning("tenant %s intake %s: %d malformed record(s), e.g. %s", self.tenant, origin,
                        parsed.malformed, "; ".join(parsed.errors[:3]))
        return taken

    def take_records(self, origin: str, records: Sequence[Any]) -> Taken:
        taken = Taken()
        for i in range(0, len(records), BATCH):
            chunk = records[i:i + BATCH]
            if self.throttle is not None and not self.throttle.admit(origin, len(chunk)):
                taken.dropped += len(chunk)  # Art. 12: counted, never silently lost
                continue
            evs: list[Event] = []
            for rec in chunk:
                if type(rec) is not dict:
                    taken.malformed += 1
                    continue
                ev = normalise(rec)
                ev.origin = origin
                evs.append(ev)
            taken.accepted += len(evs)
            self._detect(evs)
        self._count(origin, taken.accepted, taken.malformed, taken.dropped, None)
        return taken

    def _detect(self, evs: list[Event]) -> None:
        if not evs:
            return
        produced = 0
        for name, fn in self._detectors().items():
            try:
                produced += int(fn(self.tenant, evs) or 0)
            except Exception:  # a broken rule never stops intake
                self.detector_errors += 1
                log.exception("tenant %s: detector %s failed on a batch of %d events", self.tenant, name, len(evs))
        if produced and self.throttle is not None:
            self.throttle.record_findings(produced)

    def _count(self, origin: str, acc: int, bad: int, drop: int, err: str | None) -> None:
        with self._lock:
            c = self._counts.setdefault(origin, [0, 0, 0, None])
            c[0] += acc
            c[1] += bad
            c[2] += drop
            if err:
                c[3] = err
            t = self._cumulative.setdefault(origin, [0, 0, 0])
            t[0] += acc
            t[1] += bad
            t[2] += drop
            self.totals.accepted += acc
            self.totals.malformed += bad
            self.totals.dropped += drop

    def flush(self) -> None:
        with self._lock:
            counts, self._counts = self._counts, {}
        if not counts or self.state is None:
            return
        day = datetime.fromtimestamp(self._clock(), tz=UTC).strftime("%Y-%m-%d")
        self.state.add_counts(self.tenant, day, {k: (v[0], v[1], v[2], v[3]) for k, v in counts.items()})

    def cumulative(self) -> dict[str, tuple[int, int, int]]:
        with self._lock:
            return {k: (v[0], v[1], v[2]) for k, v in self._cumulative.items()}

    def pending(self) -> dict[str, list[Any]]:
        with self._lock:
            return {k: list(v) for k, v in self._counts.items()}
