"""Finding lifecycle rules, kept pure so they are easy to test and reason about.

    FAIL  : none/passed -> new ; resolved -> reopened ; new/reopened -> open ; muted -> open
    MUTED : anything -> muted
    PASS  : new/open/reopened/muted -> resolved ; otherwise unchanged (passed if first seen)
    ERROR : the state is left as it was (a check that could not assess proves nothing)
    absent: an active finding whose (provider, account, region, type) this scan covered and whose
            check this scan ran -> resolved ("no longer present"); otherwise untouched.
    targeted: a re-assessment of a few resources (a change event) covers exactly those resources:
            an active finding of one of them whose check it ran and did not report -> resolved;
            a deleted resource's active findings -> resolved ("resource deleted"); nothing else.
    threat: a threat seen again is a FAIL, except that a muted threat stays muted (only its last
            sighting is recorded); events prove nothing absent.
    closed: an investigator closes a new/open/reopened finding -> resolved (the reason is kept).
    product: a cloud security product's finding (agent.products): active there = FAIL, archived /
            resolved / dismissed there = PASS, and then as above, except that a finding our own
            check also assesses ("ucs" among its sources) keeps the state our scans give it (the
            product only adds its reference), a muted one stays muted, a PASS leaves a finding
            another product still reports active, and a PASS for a finding never stored is dropped.

:func:`reconcile` applies the rules to one scan's results (:func:`reconcile_batch` and
:func:`absent` to a scan whose results arrive in batches), :func:`observe` to threat findings
from events, :func:`ingest` to a product's findings; both return the rows to write and the transitions to announce, and the store wraps
them in one transaction.  A history entry is written whenever the state changes or a transition
is announced.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, MutableSet
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from agent.core.model import ACTIVE_STATES, UCS, Coverage, CoverageIndex, Finding, Severity, State, Status

# Transition kinds that people are told about; notifiers route on these names.
NEW = "new"
REOPENED = "reopened"
RESOLVED = "resolved"
SEVERITY_RAISED = "severity_raised"
MUTED = "muted"
UNMUTED = "unmuted"

ABSENT_DETAIL = "resource or condition no longer present"
CLOSABLE = (State.NEW, State.OPEN, State.REOPENED)


@dataclass(slots=True)
class Transition:
    kind: str
    fingerprint: str
    from_state: State | None
    to_state: State
    finding: Finding
    scan_id: int | None
    at: datetime
    previous_severity: Severity | None = None


@dataclass(slots=True)  # not frozen: a scan builds one per stored finding, and frozen ones cost 5x
class Known:
    """What the store holds of a finding: as much as a lifecycle decision needs."""

    fingerprint: str
    check_id: str
    state: State
    severity: Severity
    provider: str
    account: str
    region: str
    resource_type: str
    first_seen: datetime
    resource_id: str = ""
    sources: tuple[str, ...] = (UCS,)
    refs: dict[str, dict[str, Any]] = field(default_factory=dict)  # read only by the product path


@dataclass(slots=True)
class Entry:
    """One line of a finding's history."""

    from_state: State | None
    to_state: State
    status: Status
    severity: Severity
    reason: str | None


@dataclass(slots=True)
class Upsert:
    """Write ``finding`` (its state, first and last seen decided); insert it when it is new."""

    finding: Finding
    insert: bool
    state_changed: bool
    history: Entry | None


@dataclass(slots=True)
class Resolve:
    """A finding this scan proves absent: resolved, its detail saying so."""

    known: Known
    history: Entry
    detail: str = ABSENT_DETAIL


@dataclass(slots=True)
class Seen:
    """A muted threat seen again: only its last sighting, detail and evidence change."""

    finding: Finding


@dataclass(slots=True)
class Refs:
    """A product's report of a finding whose state is not the product's to change: only its
    sources and product refs are written."""

    finding: Finding


Row = Upsert | Resolve | Seen | Refs


def next_state(prev_state: State | None, status: Status) -> State:
    if status is Status.MUTED:
        return State.MUTED
    if status is Status.FAIL:
        if prev_state in (None, State.PASSED):
            return State.NEW
        if prev_state is State.RESOLVED:
            return State.REOPENED
        return State.OPEN
    if status is Status.PASS:
        if prev_state in ACTIVE_STATES or prev_state is State.MUTED:
            return State.RESOLVED
        return prev_state or State.PASSED
    # ERROR: keep what we knew; a first sighting that errors is shown as open so it is not hidden
    return prev_state or State.OPEN


def transition_kind(prev_state: State | None, new_state: State, prev_severity: Severity | None, severity: Severity) -> str | None:
    if new_state is State.NEW and prev_state is not State.NEW:
        return NEW
    if new_state is State.REOPENED:
        return REOPENED
    if new_state is State.RESOLVED and prev_state is not State.RESOLVED:
        return RESOLVED
    if new_state is State.MUTED and prev_state is not State.MUTED:
        return MUTED
    if prev_state is State.MUTED and new_state is State.OPEN:
        return UNMUTED
    if new_state in ACTIVE_STATES and prev_severity is not None and severity > prev_severity:
        return SEVERITY_RAISED
    return None


def _decide(known: Known | None, f: Finding, scan_id: int | None, now: datetime) -> tuple[Upsert, Transition | None]:
    """The state of one reported finding; sets ``f.state``, ``f.first_seen`` and ``f.last_seen``."""
    prev_state = known.state if known else None
    prev_sev = known.severity if known else None
    state = next_state(prev_state, f.status)
    f.state = state
    f.first_seen = known.first_seen if known else now
    f.last_seen = now
    kind = transition_kind(prev_state, state, prev_sev, f.severity)
    history = Entry(prev_state, state, f.status, f.severity, kind) if state is not prev_state or kind else None
    transition = Transition(kind, f.fingerprint, prev_state, state, f, scan_id, now, prev_sev) if kind else None
    return Upsert(f, known is None, state is not prev_state, history), transition


def _each_once(findings: Iterable[Finding], decide: Callable[[Finding], tuple[Row | None, Transition | None]],
               seen: MutableSet[str] | None = None) -> tuple[list[Row], list[Transition], MutableSet[str]]:
    """Apply ``decide`` to each fingerprint once (the first finding of it, ``seen`` holding those
    decided before); collect rows and transitions."""
    rows: list[Row] = []
    transitions: list[Transition] = []
    seen = set() if seen is None else seen
    for f in findings:
        before = len(seen)
        seen.add(f.fingerprint)  # one look-up (a FingerprintSet's costs a conversion), not two
        if len(seen) == before:
            continue
        row, transition = decide(f)
        if row is not None:
            rows.append(row)
        if transition:
            transitions.append(transition)
    return rows, transitions, seen


def _decide_all(previous: Mapping[str, Known], results: Iterable[Finding], scan_id: int | None,
                now: datetime) -> tuple[list[Row], list[Transition], MutableSet[str]]:
    """Each reported finding's row and transition; a repeated fingerprint counts once (the first)."""
    return _each_once(results, lambda f: _decide(previous.get(f.fingerprint), f, scan_id, now))


def reconcile(previous: Mapping[str, Known], results: Iterable[Finding], coverage: Coverage, *,
              evaluated: Collection[str], scan_id: int | None, now: datetime) -> tuple[list[Row], list[Transition]]:
    """One scan's results against what the store knows: the rows to write, the transitions.

    ``previous`` is every stored finding of the tenant by fingerprint; ``evaluated`` the checks the
    scan ran.  A repeated fingerprint in ``results`` counts once (the first).  The transitions of
    :class:`Resolve` rows are made by :func:`resolved_absent` once the store has read the rows
    (the whole stored finding is announced, and only these few are read in full).  A scan whose
    results arrive in batches applies :func:`reconcile_batch` to each and :func:`absent` at the end.
    """
    seen: set[str] = set()
    rows, transitions = reconcile_batch(previous, results, seen, scan_id=scan_id, now=now)
    rows.extend(absent(previous, seen, coverage, evaluated=evaluated))
    return rows, transitions


def reconcile_batch(previous: Mapping[str, Known], results: Iterable[Finding], seen: MutableSet[str], *,
                    scan_id: int | None, now: datetime) -> tuple[list[Row], list[Transition]]:
    """One batch of a scan's results: their rows and transitions.  ``seen`` holds the fingerprints
    of the scan's earlier batches (a repeat counts once, the first) and is extended with these."""
    rows, transitions, _ = _each_once(results, lambda f: _decide(previous.get(f.fingerprint), f, scan_id, now), seen)
    return rows, transitions


def absent(previous: Mapping[str, Known], seen: Collection[str], coverage: Coverage, *,
           evaluated: Collection[str]) -> list[Row]:
    """The rows resolving what the scan did not report (``seen``: every fingerprint it did): an
    active or muted finding of a check it ran, in a unit its coverage includes."""
    index = CoverageIndex(coverage.entries)
    return [Resolve(k, Entry(k.state, State.RESOLVED, Status.PASS, k.severity, RESOLVED)) for fp, k in previous.items()
            if fp not in seen and (k.state in ACTIVE_STATES or k.state is State.MUTED) and k.check_id in evaluated
            and index.includes(k.provider, k.account, k.region, k.resource_type)]


DELETED_DETAIL = "resource deleted"

# (provider, account, resource type, resource id): one resource a targeted re-assessment covers.
ResourceKey = tuple[str, str, str, str]


def reassess(previous: Mapping[str, Known], results: Iterable[Finding], *, assessed: Collection[ResourceKey],
             deleted: Collection[ResourceKey] = (), evaluated: Collection[str], now: datetime) -> tuple[list[Row], list[Transition]]:
    """A targeted re-assessment against what the store knows.  Its coverage is exactly
    ``assessed`` (re-collected and re-checked) and ``deleted`` (gone): results outside them are
    ignored, and no other finding is touched, whatever the checks ran elsewhere."""
    covered = set(assessed)
    gone = set(deleted)
    mine = (f for f in results if (f.resource.provider, f.resource.account, f.resource.type, f.resource.id) in covered)
    rows, transitions, seen = _decide_all(previous, mine, None, now)
    for fp, k in previous.items():
        if fp in seen or not (k.state in ACTIVE_STATES or k.state is State.MUTED):
            continue
        key = (k.provider, k.account, k.resource_type, k.resource_id)
        if key in gone:
            rows.append(Resolve(k, Entry(k.state, State.RESOLVED, Status.PASS, k.severity, RESOLVED), DELETED_DETAIL))
        elif key in covered and k.check_id in evaluated:
            rows.append(Resolve(k, Entry(k.state, State.RESOLVED, Status.PASS, k.severity, RESOLVED)))
    return rows, transitions


def resolved_absent(row: Resolve, stored: Finding, scan_id: int | None, now: datetime) -> Transition:
    """The transition of a :class:`Resolve` row, carrying the finding as the store now holds it."""
    return Transition(RESOLVED, row.known.fingerprint, row.known.state, State.RESOLVED, stored, scan_id, now)


def observe(previous: Mapping[str, Known], findings: Iterable[Finding], *, now: datetime) -> tuple[list[Row], list[Transition]]:
    """Threat findings from events (each a FAIL, one per fingerprint) against what the store knows."""
    def decide(f: Finding) -> tuple[Row | None, Transition | None]:
        known = previous.get(f.fingerprint)
        if known is not None and known.state is State.MUTED:
            return Seen(f), None
        return _decide(known, f, None, now)

    rows, transitions, _ = _each_once(findings, decide)
    return rows, transitions


def close(f: Finding, reason: str, now: datetime) -> tuple[Entry, Transition] | None:
    """An investigator closes ``f`` (sets it resolved); None when it is not new, open or reopened."""
    if f.state not in CLOSABLE:
        return None
    prev = f.state
    f.state, f.status = State.RESOLVED, Status.PASS
    return (Entry(prev, State.RESOLVED, Status.PASS, f.severity, reason),
            Transition(RESOLVED, f.fingerprint, prev, State.RESOLVED, f, None, now))


def merged_sources(*groups: Iterable[str]) -> tuple[str, ...]:
    """Every source once, "ucs" first, then in the order they were first seen."""
    out: list[str] = []
    for g in groups:
        out.extend(s for s in g if s not in out)
    return tuple(sorted(out, key=lambda s: s != UCS))


def ingest(previous: Mapping[str, Known], findings: Iterable[Finding], source: str, *,
           now: datetime) -> tuple[list[Row], list[Transition]]:
    """One product's findings against what the store knows (``previous`` carries their refs).

    Each finding's ``sources`` and ``refs`` are merged with the stored ones before it is written.
    """
    def decide(f: Finding) -> tuple[Row | None, Transition | None]:
        known = previous.get(f.fingerprint)
        if known is None:
            # resolved there before we ever saw it: nothing to tell anyone
            return (None, None) if f.status is Status.PASS else _decide(None, f, None, now)
        f.sources = merged_sources(known.sources, f.sources)
        f.refs = {**known.refs, **f.refs}
        others_active = any(r.get("active") for s, r in f.refs.items() if s != source)
        if UCS in known.sources or (f.status is Status.PASS and others_active):
            return Refs(f), None  # our check (or another product) decides its state and detail
        if known.state is State.MUTED:
            return Seen(f), None
        return _decide(known, f, None, now)

    rows, transitions, _ = _each_once(findings, decide)
    return rows, transitions
