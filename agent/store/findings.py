"""The Store's operations on ``findings`` and ``finding_history``: the only code that writes them.

Every writing operation is one transaction: it reads what the store knows, lets
:mod:`agent.store.lifecycle` decide, writes the rows, and hands the transitions to the caller's
hook (the notifiers' outbox) on the same connection, so an outbox row commits with the
transition that caused it or not at all.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, delete, func, select

from agent.core.model import ACTIVE_STATES, Coverage, Finding, Resource, Severity, State, Status, utcnow
from agent.core.tally import Tally
from agent.store import lifecycle
from agent.store.bulk import Bulk
from agent.store.connect import chunks, recording_cache
from agent.store.lifecycle import Known, Resolve, ResourceKey, Row, Seen, Transition, Upsert
from agent.store.rows import (
    CONTENT_KEYS,
    HISTORY_KEYS,
    INSERT_KEYS,
    KNOWN_COLUMNS,
    content,
    finding_of,
    history,
    history_row,
    inserted,
    known,
    select_findings,
    select_known,
    sources_of,
)
from agent.store.scans import finish_recorded
from agent.store.snapshots import snapshot_resources
from agent.store.tables import finding_history, findings
from agent.store.threat_engine import ThreatBatch
from agent.store.threats import add_counts, remember_identities

TransitionHook = Callable[[Connection, list[Transition]], None]
# Told each batch of a scan's recorded results, as the store now holds them (see record_scan_batches).
RecordedHook = Callable[[list[Finding]], None]

_BY_KEY = and_(findings.c.tenant == bindparam("b_tenant"), findings.c.fingerprint == bindparam("b_fp"))


@dataclass(slots=True)
class RecordedScan:
    """What :meth:`FindingOperations.record_scan_batches` recorded: the tally of the results, the
    transitions by kind, and the transitions themselves when they were kept."""

    tally: Tally
    changes: Counter[str] = field(default_factory=Counter)
    transitions: list[Transition] = field(default_factory=list)


@dataclass(slots=True)
class Sighting:
    """A threat finding from one batch of events: how often its event was seen, and when last."""

    finding: Finding
    count: int
    last_time: str


def _known(conn: Connection, tenant: str, fingerprints: list[str] | None = None) -> dict[str, Known]:
    if fingerprints is None:
        return {k.fingerprint: k for k in map(known, conn.execute(select_known(tenant)))}
    out: dict[str, Known] = {}
    for part in chunks(fingerprints):
        out.update((k.fingerprint, k) for k in map(known, conn.execute(_KNOWN_OF, {"b_tenant": tenant, "b_fps": part})))
    return out


# made once (a statement made per batch of events is work, and garbage in reference cycles)
_KNOWN_OF = select(*KNOWN_COLUMNS).where(findings.c.tenant == bindparam("b_tenant"),
                                         findings.c.fingerprint.in_(bindparam("b_fps", expanding=True)))


def _load(conn: Connection, tenant: str, fps: list[str]) -> dict[str, Finding]:
    out: dict[str, Finding] = {}
    for part in chunks(fps):
        rows = conn.execute(select_findings().where(findings.c.tenant == tenant, findings.c.fingerprint.in_(part)))
        out.update((f.fingerprint, f) for f in map(finding_of, rows))
    return out


WRITE_BATCH = 2000  # rows per executemany: a 60,000-finding scan never holds all its row values at once

_KEY = ("b_tenant", "b_fp")
_UPDATE = findings.update().where(_BY_KEY)
_INSERT = Bulk(findings.insert(), INSERT_KEYS)
_HISTORY = Bulk(finding_history.insert(), HISTORY_KEYS)
_SEEN = Bulk(_UPDATE, ("last_seen", "detail", "evidence", "sources", *_KEY))
# (state changed, scan id known): rows whose state changed get a new state_changed_at; events and
# targeted re-assessments (no scan id) keep the last scan's id.
_UPDATES = {(changed, scanned): Bulk(_UPDATE, (*CONTENT_KEYS, *_KEY, *(("state_changed_at",) if changed else ()),
                                               *(("last_scan_id",) if scanned else ())))
            for changed in (True, False) for scanned in (True, False)}


def _write(conn: Connection, tenant: str, rows: list[Row], scan_id: int | None, now: datetime) -> list[Transition]:
    """Execute the decided rows; returns the transitions of the :class:`Resolve` rows.

    New rows, updates and history are independent of each other (different fingerprints or
    tables), so each kind is sent in batches as it accumulates, within the caller's transaction."""
    scanned = scan_id is not None
    pending: dict[Bulk, list[tuple[Any, ...]]] = {}

    def add(stmt: Bulk, values: tuple[Any, ...]) -> None:
        batch = pending.setdefault(stmt, [])
        batch.append(values)
        if len(batch) >= WRITE_BATCH:
            stmt.execute(conn, batch)
            batch.clear()

    resolves: list[Resolve] = []
    for row in rows:
        if isinstance(row, Upsert):
            f = row.finding
            if row.insert:
                add(_INSERT, inserted(tenant, f, scan_id, now))
            else:
                tail = (tenant, f.fingerprint, *((now,) if row.state_changed else ()), *((scan_id,) if scanned else ()))
                add(_UPDATES[(row.state_changed, scanned)], content(f, now) + tail)
            if row.history:
                add(_HISTORY, history(tenant, f.fingerprint, scan_id, now, row.history))
        elif isinstance(row, Seen):
            f = row.finding
            add(_SEEN, (now, f.detail, f.evidence, list(f.sources), tenant, f.fingerprint))
        elif isinstance(row, Resolve):
            resolves.append(row)
            add(_HISTORY, history(tenant, row.known.fingerprint, scan_id, now, row.history))
    transitions: list[Transition] = []
    if resolves:
        conn.execute(findings.update().where(_BY_KEY).values(
            state=State.RESOLVED.value, status=Status.PASS.value, state_changed_at=now, resolved_at=now,
            last_scan_id=scan_id, detail=bindparam("b_detail")),
            [{"b_tenant": tenant, "b_fp": r.known.fingerprint, "b_detail": r.detail} for r in resolves])
        stored = _load(conn, tenant, [r.known.fingerprint for r in resolves])
        transitions = [lifecycle.resolved_absent(r, stored[r.known.fingerprint], scan_id, now) for r in resolves]
    for stmt, batch in pending.items():
        stmt.execute(conn, batch)
    return transitions


def _stored_refs(conn: Connection, tenant: str) -> dict[str, dict[str, Any]]:
    """{fingerprint: product refs} of the tenant's findings that have some (few: products' findings)."""
    return {fp: dict(r or {}) for fp, r in conn.execute(select(findings.c.fingerprint, findings.c.product_refs).where(
        findings.c.tenant == tenant, findings.c.product_refs.is_not(None)))}


def _as_stored(f: Finding, refs: Mapping[str, dict[str, Any]]) -> Finding:
    """A recorded result as :func:`agent.store.rows.finding_of` reads its row back: the same but
    for the product refs a scan leaves as they were, and sources never empty (``sources_of``)."""
    stored = refs.get(f.fingerprint)
    if stored is None and f.sources:
        return f
    return replace(f, refs=dict(stored or {}), sources=sources_of(f.sources))


def purge_history(conn: Connection, tenant: str, older_than: datetime) -> int:
    return int(conn.execute(delete(finding_history).where(and_(
        finding_history.c.tenant == tenant, finding_history.c.at < older_than))).rowcount)


class FindingOperations:
    """Record and read findings (mixed into :class:`agent.store.Store`)."""

    engine: Engine
    _threat_lock: threading.Lock
    threat_memo: dict[Any, Any]  # what threat batches know the store holds, dropped when one fails

    # ------------------------------------------------------------------ writes
    def record_scan(
        self,
        scan_id: int,
        tenant: str,
        results: Iterable[Finding],
        coverage: Coverage,
        evaluated_checks: Iterable[str],
        inventory: Iterable[Resource] = (),
        on_transitions: TransitionHook | None = None,
        now: datetime | None = None,
    ) -> list[Transition]:
        """Apply one scan's results: lifecycle, history, resource snapshots, scan row; one transaction."""
        return self.record_scan_batches(scan_id, tenant, [list(results)], coverage, evaluated_checks, inventory,
                                        on_transitions, now, keep_transitions=True).transitions

    def record_scan_batches(
        self,
        scan_id: int,
        tenant: str,
        batches: Iterable[Sequence[Finding]],
        coverage: Coverage,
        evaluated_checks: Iterable[str],
        inventory: Iterable[Resource] = (),
        on_transitions: TransitionHook | None = None,
        now: datetime | None = None,
        keep_transitions: bool = False,
        on_recorded: RecordedHook | None = None,
    ) -> RecordedScan:
        """Apply one scan's results as they come, a batch at a time (``batches`` may be the engine's
        :class:`~agent.engine.evaluate.Evaluation`, evaluated as it is read): each batch's rows are
        written before the next is asked for, and only a :class:`~agent.core.tally.Tally` of them is
        kept.  Absent findings are resolved at the end (coverage-aware), the transitions handed to
        the hook at once (its burst folding sees the whole scan); one transaction.  Transitions are
        kept (they hold their findings) only for the hook or when ``keep_transitions``.

        ``on_recorded`` is told each batch's recorded results (each fingerprint once, the first
        reported) as :meth:`scan_findings` would read them back once the scan is stored: the
        results themselves, or for the rare one whose stored row has product refs (which a scan
        does not write) a copy carrying them.  A scan's outputs are built from it, not read back."""
        now = now or utcnow()
        tally = Tally()
        out = RecordedScan(tally)
        keep = keep_transitions or on_transitions is not None

        def note(transitions: list[Transition]) -> None:
            out.changes.update(t.kind for t in transitions)
            if keep:
                out.transitions.extend(transitions)

        with self.engine.begin() as conn, recording_cache(conn):
            previous = _known(conn, tenant)
            refs = _stored_refs(conn, tenant) if on_recorded is not None else {}
            for batch in batches:
                for f in batch:
                    tally.add(f)
                    k = previous.get(f.fingerprint)
                    if k is not None and k.sources != f.sources:  # a product's finding too: keep that source
                        f.sources = lifecycle.merged_sources(k.sources, f.sources)
                rows, transitions = lifecycle.reconcile_batch(previous, batch, tally.seen, scan_id=scan_id, now=now)
                _write(conn, tenant, rows, scan_id, now)  # no Resolve rows here: nothing to add
                note(transitions)
                if on_recorded is not None:
                    on_recorded([_as_stored(row.finding, refs) for row in rows if isinstance(row, Upsert)])
            note(_write(conn, tenant, lifecycle.absent(previous, tally.seen, coverage, evaluated=set(evaluated_checks)),
                        scan_id, now))
            snapshot_resources(conn, tenant, scan_id, inventory, now)
            finish_recorded(conn, scan_id, tally.summary(), coverage)
            if on_transitions and out.transitions:
                on_transitions(conn, out.transitions)
        return out

    def record_assessment(
        self,
        tenant: str,
        results: Iterable[Finding],
        assessed: Collection[ResourceKey],
        evaluated_checks: Iterable[str],
        deleted: Collection[ResourceKey] = (),
        on_transitions: TransitionHook | None = None,
        now: datetime | None = None,
    ) -> list[Transition]:
        """Apply a targeted re-assessment (a change event's resources): it can open, reopen or
        resolve the findings of ``assessed`` and ``deleted`` resources and nothing else; one
        transaction, transitions to the hook (see :func:`lifecycle.reassess`)."""
        now = now or utcnow()
        ids = sorted({k[3] for k in (*assessed, *deleted)})
        with self.engine.begin() as conn:
            previous: dict[str, Known] = {}
            for part in chunks(ids):
                previous.update((k.fingerprint, k) for k in map(known, conn.execute(
                    select_known(tenant).where(findings.c.resource_id.in_(part)))))
            rows, transitions = lifecycle.reassess(previous, results, assessed=assessed, deleted=deleted,
                                                   evaluated=set(evaluated_checks), now=now)
            transitions += _write(conn, tenant, rows, None, now)
            if on_transitions and transitions:
                on_transitions(conn, transitions)
        return transitions

    def finding_resources(self, tenant: str, provider: str, account: str, resource_type: str) -> list[tuple[str, str, str]]:
        """(resource id, name, region) of the resources with active or muted findings of a type."""
        active = [s.value for s in (*ACTIVE_STATES, State.MUTED)]
        with self.engine.connect() as conn:
            rows = conn.execute(select(findings.c.resource_id, findings.c.resource_name, findings.c.region).distinct().where(
                findings.c.tenant == tenant, findings.c.provider == provider, findings.c.account == account,
                findings.c.resource_type == resource_type, findings.c.state.in_(active)))
            return [(r.resource_id, r.resource_name, r.region) for r in rows]

    @contextmanager
    def threat_transaction(self) -> Iterator[Connection]:
        """One transaction for a batch of events: its correlation windows, baselines, findings,
        evidence and unread counts commit together or not at all (and one commit per batch).
        Batches of one tenant may arrive from several threads (file polling, HTTP intake): they
        take turns, so two of them never insert the same new fingerprint at once."""
        with self._threat_lock:
            try:
                with self.engine.begin() as conn:
                    yield conn
            except BaseException:
                # what the batch noted beside the store (``threat_memo``: baselines known to be
                # stored) may not have committed: forgotten with it, before the next batch runs
                self.threat_memo.clear()
                raise

    def record_threat_findings(
        self,
        tenant: str,
        sightings: Mapping[str, Sighting],
        identities: Mapping[str, tuple[str, str]],
        on_transitions: TransitionHook | None = None,
        now: datetime | None = None,
        engine_state: ThreatBatch | None = None,
        conn: Connection | None = None,
    ) -> list[Transition]:
        """Store threat findings from a batch of events (``{fingerprint: sighting}``): occurrence
        counts (the evidence carries the totals), lifecycle and history, the raw values behind
        their pseudonyms (``{pseudonym: (kind, raw)}``), the batch's evidence and unread counts
        (``engine_state``), transitions to the hook; one transaction (``conn``: the batch's own,
        from :meth:`threat_transaction`)."""
        if conn is None:
            with self.threat_transaction() as own:
                return self.record_threat_findings(tenant, sightings, identities, on_transitions, now, engine_state, own)
        now = now or utcnow()
        totals = add_counts(conn, tenant, {fp: (s.finding.check_id, s.count, s.last_time) for fp, s in sightings.items()})
        for fp, s in sightings.items():
            s.finding.evidence["occurrences"] = totals[fp]
            s.finding.evidence["last_event_time"] = s.last_time
        rows, transitions = lifecycle.observe(_known(conn, tenant, list(sightings)),
                                              [s.finding for s in sightings.values()], now=now)
        _write(conn, tenant, rows, None, now)
        remember_identities(conn, tenant, identities, now, self.threat_memo.setdefault(("identities", tenant), set()))
        if engine_state is not None:
            engine_state.write(conn, tenant, now)
        if on_transitions and transitions:
            on_transitions(conn, transitions)
        return transitions

    def close_finding(self, tenant: str, fingerprint_prefix: str, who: str, reason: str, *, kind: str,
                      on_transitions: TransitionHook | None = None, now: datetime | None = None) -> Finding | None:
        """Resolve an investigated finding of ``kind`` (history keeps who and why); None when the
        prefix names no single new, open or reopened finding of that kind."""
        now = now or utcnow()
        with self.engine.begin() as conn:
            f = _single(conn, tenant, fingerprint_prefix)
            decided = lifecycle.close(f, f"closed by {who}: {reason}", now) if f is not None and f.kind == kind else None
            if f is None or decided is None:
                return None
            entry, transition = decided
            conn.execute(findings.update().where(findings.c.tenant == tenant, findings.c.fingerprint == f.fingerprint)
                         .values(state=State.RESOLVED.value, status=Status.PASS.value, state_changed_at=now, resolved_at=now))
            conn.execute(finding_history.insert().values(**history_row(tenant, f.fingerprint, None, now, entry)))
            if on_transitions:
                on_transitions(conn, [transition])
        return f

    # ------------------------------------------------------------------- reads
    @property
    def reads_back_as_recorded(self) -> bool:
        """Whether :meth:`scan_findings` gives a scan's results exactly as they were recorded
        (the ``on_recorded`` hook's findings), in code point order: SQLite keeps JSON as written
        and orders text by its bytes; PostgreSQL's JSONB reorders object keys and its collation
        orders text its own way, so there a scan's outputs are read back."""
        return self.engine.dialect.name == "sqlite"

    def findings(
        self,
        tenant: str,
        states: Iterable[str] | None = None,
        min_severity: Severity | None = None,
        check: str | None = None,
        statuses: Iterable[str] | None = None,
        provider: str | None = None,
        limit: int | None = None,
        source: str | None = None,
    ) -> list[Finding]:
        q = select_findings().where(findings.c.tenant == tenant)
        if states:
            q = q.where(findings.c.state.in_(list(states)))
        if statuses:
            q = q.where(findings.c.status.in_(list(statuses)))
        if min_severity is not None:
            q = q.where(findings.c.severity >= int(min_severity))
        if check:
            q = q.where(findings.c.check_id.like(check.replace("*", "%")))
        if provider:
            q = q.where(findings.c.provider == provider)
        q = q.order_by(findings.c.severity.desc(), findings.c.check_id, findings.c.resource_id)
        if limit and not source:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            out = list(map(finding_of, conn.execute(q)))
        if source:  # sources is a JSON list: filtered here, the same on SQLite and PostgreSQL
            out = [f for f in out if source in f.sources][:limit or None]
        return out

    def scan_findings(self, tenant: str, scan_id: int, recorded_at: datetime, page: int = WRITE_BATCH) -> Iterator[Finding]:
        """The results one scan recorded (at ``recorded_at``: not the findings it resolved as
        absent), read a page at a time as the caller iterates: the outputs of a scan stream from
        here.  Ordered like :meth:`findings` (severity, check, resource)."""
        q = (select_findings().where(findings.c.tenant == tenant, findings.c.last_scan_id == scan_id,
                                    findings.c.last_seen == recorded_at)
             .order_by(findings.c.severity.desc(), findings.c.check_id, findings.c.resource_id, findings.c.fingerprint))
        with self.engine.connect() as conn:
            yield from map(finding_of, conn.execution_options(yield_per=page).execute(q))

    def finding(self, tenant: str, fingerprint_prefix: str) -> Finding | None:
        with self.engine.connect() as conn:
            return _single(conn, tenant, fingerprint_prefix)

    def history(self, tenant: str, fingerprint: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(finding_history).where(
                finding_history.c.tenant == tenant, finding_history.c.fingerprint == fingerprint)
                .order_by(finding_history.c.id)).mappings().all()
        return [dict(r) for r in rows]

    def counts(self, tenant: str) -> dict[str, dict[str, int]]:
        """{state: {severity label: n}} over every stored finding of the tenant."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(findings.c.state, findings.c.severity, func.count())
                                .where(findings.c.tenant == tenant)
                                .group_by(findings.c.state, findings.c.severity)).all()
        out: dict[str, dict[str, int]] = {}
        for state, sev, n in rows:
            out.setdefault(state, {})[Severity(sev).label] = n
        return out

    def scan_results(self, tenant: str, scan_id: int) -> list[dict[str, Any]]:
        """What compliance reads of the findings one scan recorded: check, status, where, detail,
        first/last seen and the mute (reason, expiry)."""
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(
                findings.c.check_id, findings.c.status, findings.c.provider, findings.c.account, findings.c.region,
                findings.c.resource_id, findings.c.resource_name, findings.c.detail, findings.c.first_seen,
                findings.c.last_seen, findings.c.mute_reason, findings.c.mute_expires, findings.c.message,
                findings.c.evidence, findings.c.resource_tags,
            ).where(findings.c.tenant == tenant, findings.c.last_scan_id == scan_id)).mappings()]

    def scan_changes(self, tenant: str, scan_id: int) -> dict[str, int]:
        """{transition kind: n} that one scan caused (from the history it wrote)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(finding_history.c.reason, func.count()).where(
                finding_history.c.tenant == tenant, finding_history.c.scan_id == scan_id,
                finding_history.c.reason.is_not(None)).group_by(finding_history.c.reason)).all()
        return {r: int(n) for r, n in rows}


def _single(conn: Connection, tenant: str, fingerprint_prefix: str) -> Finding | None:
    rows = conn.execute(select_findings().where(
        findings.c.tenant == tenant, findings.c.fingerprint.like(fingerprint_prefix + "%")).limit(2)).all()
    return finding_of(rows[0]) if len(rows) == 1 else None
