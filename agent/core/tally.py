"""What the stages after the store need of a scan's results, counted as the results stream past.

A scan's results go to the store in batches (the store is where they live); the scan keeps only
this tally of them: counts per severity × status and per failing check (the terminal summary,
the scan row's summary, the exit gate), the fingerprints of ERROR results and of every result
(the gate's "could not re-assess", the store's "each fingerprint once").  It is a few dozen
bytes per result (the fingerprints compact: :mod:`agent.core.fingerprints`) instead of a Finding with its detail and evidence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from agent.core.fingerprints import FingerprintSet
from agent.core.model import Finding, Severity, Status


@dataclass(slots=True)
class Tally:
    by_severity_status: Counter[tuple[Severity, Status]] = field(default_factory=Counter)
    failing_by_check: Counter[tuple[str, Severity]] = field(default_factory=Counter)  # FAIL results
    errors: FingerprintSet = field(default_factory=FingerprintSet)  # fingerprints of ERROR results
    seen: FingerprintSet = field(default_factory=FingerprintSet)  # every fingerprint counted (repeats count once here)

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Tally:
        t = cls()
        for f in findings:
            t.add(f)
            t.seen.add(f.fingerprint)
        return t

    def add(self, f: Finding) -> None:
        """Count ``f`` (``seen`` is the recorder's: it decides which repeat is the one kept)."""
        self.by_severity_status[(f.severity, f.status)] += 1
        if f.status is Status.FAIL:
            self.failing_by_check[(f.check_id, f.severity)] += 1
        elif f.status is Status.ERROR:
            self.errors.add(f.fingerprint)

    @property
    def total(self) -> int:
        return sum(self.by_severity_status.values())

    def count(self, status: Status, min_severity: Severity | None = None) -> int:
        return sum(n for (sev, st), n in self.by_severity_status.items()
                   if st is status and (min_severity is None or sev >= min_severity))

    def status_of(self, fingerprint: str) -> Status | None:
        """ERROR for an ERROR result, PASS for any other result, None when the scan had none."""
        if fingerprint in self.errors:
            return Status.ERROR
        return Status.PASS if fingerprint in self.seen else None

    def summary(self) -> dict[str, Any]:
        """The scan row's summary: results by status, failing results by severity label."""
        by_status: dict[str, int] = {}
        fail_by_sev: dict[str, int] = {}
        for (sev, st), n in self.by_severity_status.items():
            by_status[st.value] = by_status.get(st.value, 0) + n
            if st is Status.FAIL:
                fail_by_sev[sev.label] = fail_by_sev.get(sev.label, 0) + n
        return {"by_status": by_status, "failed_by_severity": fail_by_sev}
