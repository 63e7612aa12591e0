"""Per-tenant intake pipeline: records → Art. 11 throttle → normalise → detectors → counts.

Every take (one file, one S3 object, one HTTP request, one LookupEvents poll) ends with one store
transaction (:meth:`agent.store.daemon_state.DaemonState.record_take`): the per-day counts by
source, the malformed counts by reason, the Art. 12 drops under the active suspension and the
source's new position.  So a position never moves past records whose counts are not stored, and
what a sender is told was dropped is in the store before it is told.  A flood still costs one
transaction per take, not one per event.

A record of the wrong shape is *malformed*: counted by source and reason, reported with where it
was, and skipped — it never stops the take, the source or the sources after it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from agent import events as registry
from agent.daemon.throttle import Throttle
from agent.events import Event
from agent.events.normalise import Malformed, Reason, normalise
from agent.events.readers import MAX_REPORTED, Parsed, parse_batches, parse_bytes
from agent.store.daemon_state import DaemonState, Position

log = logging.getLogger(__name__)

BATCH = 2000


@dataclass(slots=True)
class Taken:
    """What one hand-over of records came to."""

    accepted: int = 0
    malformed: int = 0
    dropped: int = 0
    errors: list[str] = field(default_factory=list)  # the first few malformed records, "where: why"
    reasons: dict[str, int] = field(default_factory=dict)  # malformed records by Reason
    drops: dict[int, int] = field(default_factory=dict)  # suspension id -> records dropped under it

    def bad(self, where: str, reason: str, why: str) -> None:
        self.malformed += 1
        self.reasons[reason] = self.reasons.get(reason, 0) + 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append(f"{where}: {why}")

    def add(self, other: Taken) -> None:
        self.accepted += other.accepted
        self.malformed += other.malformed
        self.dropped += other.dropped
        self.errors.extend(other.errors[: max(0, MAX_REPORTED - len(self.errors))])
        for k, n in other.reasons.items():
            self.reasons[k] = self.reasons.get(k, 0) + n
        for s, n in other.drops.items():
            self.drops[s] = self.drops.get(s, 0) + n

    def as_dict(self) -> dict[str, Any]:
        return {"accepted": self.accepted, "malformed": self.malformed, "dropped": self.dropped,
                "errors": self.errors}


MAX_HTTP_LABELS = 16  # distinct X-UCS-Source labels counted separately; more fold into OTHER_HTTP
OTHER_HTTP = "http:other"


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
        self._cumulative: dict[str, list[int]] = {}  # origin -> [accepted, malformed, dropped] since start
        self._reasons: dict[tuple[str, str], int] = {}  # (origin, reason) -> malformed since start
        self._http_labels: set[str] = set()
        self.detector_errors = 0

    # ------------------------------------------------------------------ takes
    def take_bytes(self, origin: str, data: bytes, name: str, position: Position | None = None,
                   all_or_nothing: bool = False) -> Taken:
        if all_or_nothing:
            return self.take_parsed(origin, parse_bytes(data, name), position, all_or_nothing)
        return self.take_stream(origin, parse_batches(data, name, BATCH), position)

    def take_stream(self, origin: str, parts: Iterable[Parsed], position: Position | None = None) -> Taken:
        """As :meth:`take_parsed` for the slices of one input (:func:`~agent.events.readers.
        parse_batches`): each slice is taken in as it is read, so memory holds one slice, not
        the whole file; the take is committed once, after the last."""
        read = Taken()  # what reading found malformed (first, as take_parsed reports it) …
        taken = Taken()  # … and what taking the records in came to
        for parsed in parts:
            read.add(Taken(malformed=parsed.malformed, errors=parsed.errors, reasons=parsed.reasons))
            self._take(origin, parsed.records, taken, parsed.where, False)
        read.add(taken)
        return self._commit(origin, read, position)

    def take_parsed(self, origin: str, parsed: Parsed, position: Position | None = None,
                    all_or_nothing: bool = False) -> Taken:
        """Take the parsed records in and commit the take (with ``position``, the source's
        position after them).  ``all_or_nothing``: when any record is malformed none is taken in
        (an HTTP request, which the sender can fix and resend); the malformed ones are counted."""
        taken = Taken(malformed=parsed.malformed, errors=list(parsed.errors), reasons=dict(parsed.reasons))
        self._take(origin, parsed.records, taken, parsed.where, all_or_nothing)
        return self._commit(origin, taken, position)

    def take_records(self, origin: str, records: Sequence[Any], position: Position | None = None,
                     all_or_nothing: bool = False) -> Taken:
        """As :meth:`take_parsed`, for records that arrived as values (LookupEvents).  A record of
        the wrong shape never raises; only a store that cannot record the take does (then nothing
        of it is counted and the caller must neither acknowledge it nor move its position)."""
        taken = Taken()
        self._take(origin, records, taken, lambda i: f"{origin} record {i + 1}", all_or_nothing)
        return self._commit(origin, taken, position)

    # -------------------------------------------------------------- internals
    def _take(self, origin: str, records: Sequence[Any], taken: Taken, where: Callable[[int], str],
              all_or_nothing: bool) -> None:
        if all_or_nothing:
            evs = self._normalise(origin, records, 0, len(records), taken, where)
            if taken.malformed:
                return
            for i in range(0, len(evs), BATCH):
                self._admit(evs[i:i + BATCH], taken)
            return
        for i in range(0, len(records), BATCH):
            n = min(BATCH, len(records) - i)
            if self._dropping(n, taken):
                continue  # dropped before normalising: a flood costs little to drop
            evs = self._normalise(origin, records, i, i + n, taken, where)
            taken.accepted += len(evs)
            self._detect(evs)

    def _dropping(self, n: int, taken: Taken) -> bool:
        suspension = self.throttle.meter(n) if self.throttle is not None else None
        if suspension is None:
            return False
        taken.dropped += n  # Art. 12: counted, never silently lost
        taken.drops[suspension] = taken.drops.get(suspension, 0) + n
        return True

    def _admit(self, evs: list[Event], taken: Taken) -> None:
        if not self._dropping(len(evs), taken):
            taken.accepted += len(evs)
            self._detect(evs)

    def _normalise(self, origin: str, records: Sequence[Any], start: int, end: int, taken: Taken,
                   where: Callable[[int], str]) -> list[Event]:
        evs: list[Event] = []
        add = evs.append
        for i in range(start, end):
            try:
                ev = normalise(records[i])
            except Malformed as m:
                taken.bad(where(i), m.reason, str(m))
                continue
            except Exception as exc:  # untrusted input never stops intake; but this is a bug: traced
                log.warning("tenant %s intake %s: %s could not be normalised", self.tenant, origin, where(i),
                            exc_info=True)
                taken.bad(where(i), Reason.UNEXPECTED, f"could not be read ({type(exc).__name__})")
                continue
            ev.origin = origin
            ev.where = where(i)
            add(ev)
        return evs

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

    def _label(self, origin: str) -> str:
        """The origin as counted: a configured source's label as is; HTTP senders choose theirs
        (``X-UCS-Source``), so only the first :data:`MAX_HTTP_LABELS` distinct ones are kept and
        the rest are counted as ``http:other`` (metric series and count rows stay bounded)."""
        if not origin.startswith("http:") or origin in self._http_labels:
            return origin
        with self._lock:
            if len(self._http_labels) < MAX_HTTP_LABELS:
                self._http_labels.add(origin)
                return origin
        return OTHER_HTTP

    def _commit(self, origin: str, taken: Taken, position: Position | None) -> Taken:
        origin = self._label(origin)
        if taken.malformed:
            log.warning("tenant %s intake %s: %d malformed record(s), e.g. %s", self.tenant, origin,
                        taken.malformed, "; ".join(taken.errors[:3]))
        if self.state is not None:
            day = datetime.fromtimestamp(self._clock(), tz=UTC).strftime("%Y-%m-%d")
            self.state.record_take(self.tenant, day, origin, taken.accepted, taken.reasons, taken.drops,
                                   taken.errors[-1] if taken.errors else None, position)
        with self._lock:
            t = self._cumulative.setdefault(origin, [0, 0, 0])
            t[0] += taken.accepted
            t[1] += taken.malformed
            t[2] += taken.dropped
            for reason, n in taken.reasons.items():
                self._reasons[(origin, reason)] = self._reasons.get((origin, reason), 0) + n
        return taken

    # ---------------------------------------------------------------- metrics
    def cumulative(self) -> dict[str, tuple[int, int, int]]:
        """{origin: (accepted, malformed, dropped)} since the daemon started."""
        with self._lock:
            return {k: (v[0], v[1], v[2]) for k, v in self._cumulative.items()}

    def malformed_by_reason(self) -> dict[tuple[str, str], int]:
        """{(origin, reason): malformed records} since the daemon started."""
        with self._lock:
            return dict(self._reasons)
