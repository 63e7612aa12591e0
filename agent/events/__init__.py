"""Monitoring-log intake: events from files, S3, CloudTrail LookupEvents and an HTTP endpoint.

    readers.py     bytes → JSON records (JSON, JSON lines, gzip, CloudTrail {"Records": [...]});
                   malformed lines are counted with file, line and reason, never fatal
    normalise.py   record → Event(time, source, actor, action, target, raw), or Malformed with
                   the reason when a recognised record has the wrong shape
    intake.py      per-tenant pipeline: Art. 11 throttle → detectors → counts, each take
                   committed to the store in one transaction with the source's position
    sources.py     directories/files and S3 (incremental, position kept in the store),
                   CloudTrail LookupEvents
    http_intake.py authenticated HTTP endpoint (bearer token, loopback by default; a request is
                   all or nothing and always answered)

Detection rules arrive later; they register here with :func:`detector` and receive batches of
normalised events.  A detector returns how many findings it produced (metered per minute).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Event:
    time: str  # ISO 8601 as the producer wrote it ("" when the record had none)
    source: str  # producer: "aws.cloudtrail", "k8s.audit", "alert"
    actor: str
    action: str
    target: str
    raw: dict[str, Any]
    origin: str = ""  # intake source label the event came through (counts are kept per origin)
    where: str = ""  # the file:line, object key or API request it was read from (evidence)


Detector = Callable[[str, Sequence[Event]], int | None]

_detectors: dict[str, Detector] = {}


def detector(name: str) -> Callable[[Detector], Detector]:
    """Register ``fn(tenant, events) -> findings produced`` under ``name``; a later registration
    under the same name replaces the earlier one (rules reload)."""

    def wrap(fn: Detector) -> Detector:
        _detectors[name] = fn
        return fn

    return wrap


def unregister_detector(name: str) -> None:
    _detectors.pop(name, None)


def detectors() -> dict[str, Detector]:
    return dict(_detectors)
