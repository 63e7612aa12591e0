"""The store's operations on the threat engine's tables (evidence, unread counts, correlation
windows, baselines).  Decisions live with the callers; these are thin reads and writes.

    evidence       per threat finding: first/last event time, events seen, the first
                   EVIDENCE_IDS event ids and up to EVIDENCE_SOURCES places they came from
    unread         events no rule could read, per day, source and reason (Art. 12)
    window         correlation rules' sliding windows: one row per base-rule match, pruned to the
                   rule's timespan, so a threshold spans polls and daemon restarts
    baseline       (principal, attribute, value) first/last seen, for first-seen rules
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, and_, bindparam, delete, func, literal, select, tuple_

from agent.store.connect import chunks, upsert
from agent.store.tables import threat_baseline, threat_evidence, threat_unread, threat_window

EVIDENCE_IDS = 20
EVIDENCE_SOURCES = 5


@dataclass(slots=True)
class Evidence:
    """What a batch of events adds to a threat finding's evidence."""

    first_time: str
    last_time: str
    count: int = 0
    event_ids: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def add(self, event_id: str, time: str, source: str) -> None:
        self.count += 1
        if time:
            self.first_time = min(self.first_time, time) if self.first_time else time
            self.last_time = max(self.last_time, time)
        if event_id and len(self.event_ids) < EVIDENCE_IDS and event_id not in self.event_ids:
            self.event_ids.append(event_id)
        if source and len(self.sources) < EVIDENCE_SOURCES and source not in self.sources:
            self.sources.append(source)

    def merged(self, older: Mapping[str, Any]) -> Evidence:
        """This batch's evidence added to what the store holds (``older``, a row)."""
        out = Evidence(str(older["first_event_time"]), str(older["last_event_time"]), int(older["events"]),
                       list(older["event_ids"] or []), list(older["sources"] or []))
        for i in self.event_ids:
            if len(out.event_ids) < EVIDENCE_IDS and i not in out.event_ids:
                out.event_ids.append(i)
        for s in self.sources:
            if len(out.sources) < EVIDENCE_SOURCES and s not in out.sources:
                out.sources.append(s)
        out.count += self.count
        out.first_time = min(t for t in (out.first_time, self.first_time) if t) if (out.first_time or self.first_time) else ""
        out.last_time = max(out.last_time, self.last_time)
        return out


_EVIDENCE_BY_KEY = and_(threat_evidence.c.tenant == bindparam("b_tenant"), threat_evidence.c.fingerprint == bindparam("b_fp"))
# statements made once (a statement made per batch is work, and garbage in reference cycles)
_EVIDENCE_OF = select(threat_evidence).where(threat_evidence.c.tenant == bindparam("b_tenant"),
                                             threat_evidence.c.fingerprint.in_(bindparam("b_fps", expanding=True)))
_EVIDENCE_UPDATE = threat_evidence.update().where(_EVIDENCE_BY_KEY)
_EVIDENCE_INSERT = threat_evidence.insert()


def add_evidence(conn: Connection, tenant: str, batch: Mapping[str, Evidence]) -> None:
    if not batch:
        return
    prev: dict[str, Any] = {}
    for part in chunks(list(batch)):
        for row in conn.execute(_EVIDENCE_OF, {"b_tenant": tenant, "b_fps": part}).mappings():
            prev[row["fingerprint"]] = row
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    counts: list[dict[str, Any]] = []  # lists unchanged (full, or nothing new): times and count only
    for fp, ev in batch.items():
        old = prev.get(fp)
        new = ev.merged(old) if old is not None else ev
        values = {"first_event_time": new.first_time, "last_event_time": new.last_time, "events": new.count}
        if old is None:
            inserts.append({"tenant": tenant, "fingerprint": fp, **values, "event_ids": new.event_ids,
                            "sources": new.sources})
        elif new.event_ids == list(old["event_ids"] or []) and new.sources == list(old["sources"] or []):
            counts.append({"b_tenant": tenant, "b_fp": fp, **values})
        else:
            updates.append({"b_tenant": tenant, "b_fp": fp, **values, "event_ids": new.event_ids, "sources": new.sources})
    # one statement per kind for the whole batch (executemany), not one per finding
    for rows in (updates, counts):  # the statement sets the columns its rows carry
        if rows:
            conn.execute(_EVIDENCE_UPDATE, rows)
    if inserts:
        conn.execute(_EVIDENCE_INSERT, inserts)


def evidence(engine: Engine, tenant: str, fingerprint: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(threat_evidence).where(threat_evidence.c.tenant == tenant,
                                                         threat_evidence.c.fingerprint == fingerprint)).mappings().first()
    return None if row is None else {k: v for k, v in dict(row).items() if k != "tenant"}


def add_unread(conn: Connection, tenant: str, day: str, counts: Mapping[tuple[str, str], int]) -> None:
    """Add ``{(source, reason): events}`` no rule could read to the day's counts."""
    for (source, reason), n in counts.items():
        conn.execute(upsert(conn, threat_unread).values(tenant=tenant, day=day, source=source[:256], reason=reason,
                                                        count=n).on_conflict_do_update(
            index_elements=["tenant", "day", "source", "reason"], set_={"count": threat_unread.c.count + n}))


def unread(engine: Engine, tenant: str) -> dict[str, int]:
    """Events no rule could read, by reason, over all days."""
    with engine.connect() as conn:
        rows = conn.execute(select(threat_unread.c.reason, func.sum(threat_unread.c.count))
                            .where(threat_unread.c.tenant == tenant).group_by(threat_unread.c.reason)).all()
    return {str(r): int(n) for r, n in rows}


@dataclass(frozen=True, slots=True)
class WindowRow:
    rule: str
    group_key: str
    member: str
    event_time: str
    value: str
    event_id: str


Held = dict[tuple[str, str], list[tuple[str, str, str, int]]]  # (rule, group) -> (member, time, value, events)


class HeldMemo:
    """What this process knows one tenant's correlation windows hold: the rows of the (rule,
    group) pairs batches touched, ``(id, member, time, value)`` in id order, kept as the store
    keeps them (inserted, pruned, cleared alongside it), so a batch reads back from the store
    only the pairs it has not seen before.  It lives in the store's memo
    (:attr:`agent.store.Store.threat_memo`), dropped whenever a threat transaction fails: it
    never holds what did not commit.  (The daemon is the windows' only writer.)  At most
    :data:`HELD_PAIRS` pairs are kept, those read first dropped first (read again when touched);
    windows holding more than :data:`HELD_ROWS` rows in all (a busy stream under a long
    timespan) are left to the store: the memo empties and is off (``off``) until it is made
    again (memory stays bounded; the store's folded reads answer as before)."""

    def __init__(self, size: int = 0, limit: int = 0) -> None:
        self.size, self.limit = size or HELD_PAIRS, limit or HELD_ROWS
        self.rows: dict[tuple[str, str], list[tuple[int, str, str, str]]] = {}
        self.groups: dict[str, set[str]] = {}  # rule -> its groups held here
        self.count = 0  # rows held, all pairs
        self.off = False

    def drop(self, key: tuple[str, str]) -> None:
        self.count -= len(self.rows.pop(key, ()))
        groups = self.groups.get(key[0])
        if groups is not None:
            groups.discard(key[1])


HELD_PAIRS = 16_384
HELD_ROWS = 100_000  # about 25 MB at most (a row: its id, and strings shared within a batch)


def held_memo(memo: dict[Any, Any], tenant: str) -> HeldMemo:
    """The tenant's :class:`HeldMemo` in a store's memo (made on first use)."""
    got = memo.get(("windows", tenant)) or memo.setdefault(("windows", tenant), HeldMemo())
    assert isinstance(got, HeldMemo)
    return got


def window_add(conn: Connection, tenant: str, rows: Iterable[WindowRow], horizon: Mapping[str, str],
               ordered: Collection[str] = (), memo: HeldMemo | None = None) -> Held:
    """Add base-rule matches to the correlation windows, drop what fell out of each rule's window
    (``horizon``: rule → oldest event time kept), and return what is now held for the (rule,
    group) pairs touched: each distinct (member, event time, value) once with its number of
    rows, in time order; for the ``ordered`` rules (``temporal_ordered``, where rows of one time
    keep their order of arrival) every row, one by one.  With ``memo``, the pairs it holds are
    answered from it (the same rows in the same order as the store's read would give)."""
    rows = list(rows)
    if memo is not None and not memo.off:
        return _window_add_memo(conn, tenant, rows, horizon, ordered, memo)
    if rows:
        conn.execute(_WINDOW_INSERT, _insert_params(tenant, rows))
    _prune(conn, tenant, horizon)
    keys = sorted({(r.rule, r.group_key) for r in rows})
    out: Held = {}
    for query, part in _parts(keys, ordered):
        wanted = set(part)
        for rule, group, member, at, value, n in conn.execute(query, _touched_params(tenant, part)):
            if (rule, group) in wanted:
                out.setdefault((rule, group), []).append((member, at, value, int(n)))
    return out


def _insert_params(tenant: str, rows: list[WindowRow]) -> list[dict[str, Any]]:
    return [{"tenant": tenant, "rule": r.rule, "group_key": r.group_key, "member": r.member,
             "event_time": r.event_time, "value": r.value, "event_id": r.event_id} for r in rows]


def _prune(conn: Connection, tenant: str, horizon: Mapping[str, str]) -> None:
    if horizon:  # one statement for every rule the batch touched, each rule's rows found by the index
        conn.execute(_PRUNE, [{"b_tenant": tenant, "b_rule": rule, "b_oldest": oldest} for rule, oldest in horizon.items()])


def _touched_params(tenant: str, part: list[tuple[str, str]]) -> dict[str, Any]:
    """The (rule, group) pairs as rule IN … AND group IN …, which the index answers (a row-value
    IN reads every row of the tenant); the caller leaves out the other pairs that selects."""
    return {"b_tenant": tenant, "b_rules": sorted({k[0] for k in part}), "b_groups": sorted({k[1] for k in part})}


def _parts(keys: list[tuple[str, str]], ordered: Collection[str]) -> list[tuple[Any, list[tuple[str, str]]]]:
    """The reads of the held rows: the folded rules' pairs, then the ordered rules', 200 a read."""
    return [*((_HELD_FOLDED, p) for p in chunks([k for k in keys if k[0] not in ordered], 200)),
            *((_HELD_ROWS, p) for p in chunks([k for k in keys if k[0] in ordered], 200))]


def _window_add_memo(conn: Connection, tenant: str, rows: list[WindowRow], horizon: Mapping[str, str],
                     ordered: Collection[str], memo: HeldMemo) -> Held:
    keys = sorted({(r.rule, r.group_key) for r in rows})
    held = memo.rows
    unknown = [k for k in keys if k not in held]
    for part in chunks(unknown, 200):  # what the store holds of the pairs new to the memo, before this batch's rows
        wanted = set(part)
        got: dict[tuple[str, str], list[tuple[int, str, str, str]]] = {k: [] for k in part}
        for rid, rule, group, member, at, value in conn.execute(_HELD_IDS, _touched_params(tenant, part)):
            if (rule, group) in wanted:
                got[(rule, group)].append((int(rid), member, at, value))
        for k, kept in got.items():
            held[k] = kept
            memo.count += len(kept)
            memo.groups.setdefault(k[0], set()).add(k[1])
    if rows:  # the ids the store gave, in the rows' order: what orders the held rows as its reads do
        ids = conn.execute(_WINDOW_INSERT_IDS, _insert_params(tenant, rows)).scalars().all()
        for r, rid in zip(rows, ids, strict=True):
            held[(r.rule, r.group_key)].append((int(rid), r.member, r.event_time, r.value))
        memo.count += len(rows)
    _prune(conn, tenant, horizon)
    for rule, oldest in horizon.items():  # the memo pruned as the store was
        for group in memo.groups.get(rule, ()):
            kept = held[(rule, group)]
            if any(t < oldest for _, _, t, _ in kept):
                held[(rule, group)] = left = [row for row in kept if row[2] >= oldest]
                memo.count -= len(kept) - len(left)
    out: Held = {}
    for query, part in _parts(keys, ordered):
        if query is _HELD_ROWS:  # every row, by (time, id)
            got_rows = sorted(((at, rid, rule, group, member, value) for rule, group in part
                               for rid, member, at, value in held[(rule, group)]))
            for at, _rid, rule, group, member, value in got_rows:
                out.setdefault((rule, group), []).append((member, at, value, 1))
            continue
        folded: dict[tuple[str, str, str, str, str], list[int]] = {}  # one per distinct row: [first id, rows]
        for rule, group in part:
            for rid, member, at, value in held[(rule, group)]:
                f = folded.get((rule, group, member, at, value))
                if f is None:
                    folded[(rule, group, member, at, value)] = [rid, 1]
                else:
                    f[1] += 1
                    if rid < f[0]:
                        f[0] = rid
        for (rule, group, member, at, value), (_rid, n) in sorted(folded.items(), key=lambda kv: (kv[0][3], kv[1][0])):
            out.setdefault((rule, group), []).append((member, at, value, n))
    touched = set(keys)
    while len(held) > memo.size:  # those read first (dict order), the batch's own kept
        oldest_key = next((k for k in held if k not in touched), None)
        if oldest_key is None:
            break
        memo.drop(oldest_key)
    if memo.count > memo.limit:  # too much to keep beside the store: left to its reads
        memo.rows.clear()
        memo.groups.clear()
        memo.count, memo.off = 0, True
    return out


_w = threat_window.c
_WINDOW_INSERT = threat_window.insert()
_PRUNE = delete(threat_window).where(_w.tenant == bindparam("b_tenant"), _w.rule == bindparam("b_rule"),
                                     _w.event_time < bindparam("b_oldest"))
# statements made once (a statement made per batch is work, and garbage in reference cycles)
_TOUCHED = (_w.tenant == bindparam("b_tenant"), _w.rule.in_(bindparam("b_rules", expanding=True)),
            _w.group_key.in_(bindparam("b_groups", expanding=True)))
_HELD_FOLDED = (select(_w.rule, _w.group_key, _w.member, _w.event_time, _w.value, func.count()).where(*_TOUCHED)
                .group_by(_w.rule, _w.group_key, _w.member, _w.event_time, _w.value)
                .order_by(_w.event_time, func.min(_w.id)))
# a temporal_ordered rule's rows one by one, in their order of arrival
_HELD_ROWS = (select(_w.rule, _w.group_key, _w.member, _w.event_time, _w.value, literal(1)).where(*_TOUCHED)
              .order_by(_w.event_time, _w.id))
# with a memo: the rows of the pairs new to it, in id order, and the ids of the rows added
_HELD_IDS = select(_w.id, _w.rule, _w.group_key, _w.member, _w.event_time, _w.value).where(*_TOUCHED).order_by(_w.id)
_WINDOW_INSERT_IDS = threat_window.insert().returning(_w.id, sort_by_parameter_order=True)


def window_clear(conn: Connection, tenant: str, pairs: Iterable[tuple[str, str]], memo: HeldMemo | None = None) -> None:
    """Forget a window once its correlation fired, so the next alert needs a fresh threshold."""
    for rule, group in pairs:
        if memo is not None and (rule, group) in memo.rows:
            memo.count -= len(memo.rows[(rule, group)])
            memo.rows[(rule, group)] = []
        conn.execute(delete(threat_window).where(and_(threat_window.c.tenant == tenant, threat_window.c.rule == rule,
                                                      threat_window.c.group_key == group)))


_BASELINE_UPSERT: dict[str, Any] = {}  # dialect name -> the baseline's upsert


def baseline_add(conn: Connection, tenant: str, seen: Mapping[tuple[str, str, str], str]) -> None:
    """Record ``{(principal, attribute, value): event time}`` as seen (first seen kept), in one
    statement for the whole batch."""
    if not seen:
        return
    stmt = _BASELINE_UPSERT.get(conn.dialect.name)
    if stmt is None:  # made once per dialect (the upsert is the dialect's own)
        stmt = upsert(conn, threat_baseline)
        stmt = _BASELINE_UPSERT[conn.dialect.name] = stmt.on_conflict_do_update(
            index_elements=["tenant", "principal", "attribute", "value"], set_={"last_seen": stmt.excluded.last_seen})
    conn.execute(stmt, [{"tenant": tenant, "principal": p, "attribute": a, "value": v, "first_seen": t, "last_seen": t}
                        for (p, a, v), t in seen.items()])


@dataclass(slots=True)
class ThreatBatch:
    """What one batch of events adds to the engine's tables beside its findings, written in the
    findings' transaction (:meth:`agent.store.Store.record_threat_findings`)."""

    evidence: dict[str, Evidence] = field(default_factory=dict)
    unread: dict[tuple[str, str], int] = field(default_factory=dict)  # (source, reason) -> events

    def write(self, conn: Connection, tenant: str, now: Any) -> None:
        add_evidence(conn, tenant, self.evidence)
        add_unread(conn, tenant, now.strftime("%Y-%m-%d"), self.unread)


def record_unread(conn: Connection, tenant: str, now: Any, counts: Mapping[tuple[str, str], int]) -> None:
    """Unread counts of a batch that produced no finding (else they go with the findings)."""
    if counts:
        add_unread(conn, tenant, now.strftime("%Y-%m-%d"), counts)


PRINCIPAL = "principal"  # the baseline row that records when a principal was first seen


def baseline_read(conn: Connection, tenant: str, principals: Iterable[str],
                  keys: Iterable[tuple[str, str, str]]) -> tuple[dict[str, str], dict[tuple[str, str, str], str]]:
    """({principal: first seen}, {(principal, attribute, value): last seen}) for a batch."""
    principals, keys = sorted(set(principals)), sorted(set(keys))
    first: dict[str, str] = {}
    last: dict[tuple[str, str, str], str] = {}
    for part in chunks(principals, 200):
        q = select(threat_baseline.c.principal, threat_baseline.c.first_seen).where(
            threat_baseline.c.tenant == tenant, threat_baseline.c.attribute == PRINCIPAL,
            threat_baseline.c.principal.in_(part))
        for row in conn.execute(q).all():
            first[str(row[0])] = str(row[1])
    for kpart in chunks(keys, 200):
        q = select(threat_baseline.c.principal, threat_baseline.c.attribute, threat_baseline.c.value,
                   threat_baseline.c.last_seen).where(
            threat_baseline.c.tenant == tenant,
            tuple_(threat_baseline.c.principal, threat_baseline.c.attribute, threat_baseline.c.value).in_(kpart))
        for key_row in conn.execute(q).all():
            last[(str(key_row[0]), str(key_row[1]), str(key_row[2]))] = str(key_row[3])
    return first, last


def baseline_write(conn: Connection, tenant: str, first: Mapping[str, str], seen: Mapping[tuple[str, str, str], str]) -> None:
    """Record principals first seen now and (principal, attribute, value) last seen."""
    baseline_add(conn, tenant, {**{(p, PRINCIPAL, ""): t for p, t in first.items()}, **seen})
