"""Sliding windows of Sigma correlation rules (event_count, value_count, temporal), kept in the
store so a threshold spans polls and daemon restarts, or in memory for a one-off scan.

Each event a member detection matches becomes a row (rule, group, member, time, value); group
keys and values are keyed digests (Art. 13).  After a batch, every (rule, group) it touched is
judged over the rows within the rule's timespan before its newest event; a window that fired is
cleared, so the next alert needs a fresh threshold.  The rows come back folded: one (member,
time, value, events) per distinct row (in time order; a ``temporal_ordered`` rule's rows one by
one, as they arrived), so a burst of identical rows is read as one.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import Connection

from agent.core.model import Resource
from agent.store.threat_engine import Held, HeldMemo, WindowRow, window_add, window_clear
from agent.threats.pseudonym import Pseudonymiser
from checks.threats._fields import SOURCES
from checks.threats._pack import SigmaThreat, event_time_text, parse_time
from checks.threats._sigma import Predicate, may_match

TIME = "%Y-%m-%dT%H:%M:%S.%fZ"


class Windows(Protocol):
    def update(self, rows: Sequence[WindowRow], horizon: Mapping[str, str], ordered: Collection[str] = ()) -> Held: ...

    def clear(self, pairs: Sequence[tuple[str, str]]) -> None: ...


class StoreWindows:
    """The windows in the store, read and written on the batch's connection (its transaction);
    with ``memo``, the rows of pairs already read are not read again (:class:`HeldMemo`)."""

    def __init__(self, conn: Connection, tenant: str, memo: HeldMemo | None = None) -> None:
        self.conn, self.tenant, self.memo = conn, tenant, memo

    def update(self, rows: Sequence[WindowRow], horizon: Mapping[str, str], ordered: Collection[str] = ()) -> Held:
        return window_add(self.conn, self.tenant, rows, horizon, ordered, self.memo)

    def clear(self, pairs: Sequence[tuple[str, str]]) -> None:
        window_clear(self.conn, self.tenant, pairs, self.memo)


class MemoryWindows:
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str], list[WindowRow]] = {}

    def update(self, rows: Sequence[WindowRow], horizon: Mapping[str, str], ordered: Collection[str] = ()) -> Held:
        touched = set()
        for r in rows:
            self.rows.setdefault((r.rule, r.group_key), []).append(r)
            touched.add((r.rule, r.group_key))
        out: Held = {}
        for key in touched:
            kept = sorted((r for r in self.rows[key] if r.event_time >= horizon.get(key[0], "")), key=lambda r: r.event_time)
            self.rows[key] = kept
            out[key] = [(r.member, r.event_time, r.value, 1) for r in kept]
        return out

    def clear(self, pairs: Sequence[tuple[str, str]]) -> None:
        for key in pairs:
            self.rows.pop(key, None)


def stamp(t: datetime) -> str:
    return t.astimezone(UTC).strftime(TIME) if t.tzinfo else t.strftime(TIME)


Feed = tuple[SigmaThreat, list[tuple[str, Predicate]]]  # a rule and its members' (name, predicate)

MEMO_SIZE = 4096  # per log source: distinct index values whose feeds are remembered


class Feeds:
    """The rules an event may feed with the members that could match it, looked up by (type,
    index value) as the detector's index does: the rules filed under the value first, then (in
    the rules' order) those reading every event and those filed under a prefix of it, each with
    only its members that could match the value (:func:`may_match`: a member whose index lacks it
    cannot match).  Worked out once per distinct value (event names repeat) and remembered, up
    to :data:`MEMO_SIZE` values per type."""

    def __init__(self, rules: Sequence[SigmaThreat]) -> None:
        self.rules = rules
        self._count = len(rules)
        self._memo: dict[str, dict[str, list[Feed]]] = {}

    def made_of(self, rules: Sequence[SigmaThreat]) -> bool:
        return rules is self.rules and len(rules) == self._count

    def table(self, rtype: str) -> dict[str, list[Feed]]:
        """The remembered feeds of ``rtype``'s values (read before :meth:`get`, which fills it)."""
        got = self._memo.get(rtype)
        if got is None:
            got = self._memo[rtype] = {}
        return got

    def get(self, rtype: str, key: str) -> list[Feed]:
        table = self.table(rtype)
        got = table.get(key)
        if got is not None:
            return got
        keyed, loose = [], []
        for rule in self.rules:
            if rule.source.resource_type != rtype:
                continue
            members = [(m.name, m.predicate) for m in rule.members
                       if m.predicate is not None and may_match(key, m.index, m.prefixes)]
            if members:
                (keyed if rule.index is not None and not rule.prefixes else loose).append((rule, members))
        got = keyed + loose
        if len(table) < MEMO_SIZE:
            table[key] = got
        return got


def correlate(rules: Sequence[SigmaThreat], events: Sequence[Resource], windows: Windows,
              p: Pseudonymiser, keys: Sequence[str] | None = None,
              feeds: Feeds | None = None) -> list[tuple[SigmaThreat, Resource, int]]:
    """The correlations that fired in this batch: (rule, the newest event of its group, count).
    ``keys``: each event's index value, when the caller has read them already; ``feeds``: the
    rules' :class:`Feeds`, when the caller keeps them across batches."""
    rows: dict[tuple[str, ...], tuple[str, str, str, str, str, str]] = {}  # WindowRow fields, made at the end
    newest: dict[tuple[str, str], tuple[str, Resource]] = {}
    latest: dict[str, datetime] = {}
    feeds = Feeds(rules) if feeds is None else feeds
    rtype, table = "", {}
    digests: dict[str, str] = {}  # a batch repeats the same principals and values: one HMAC each
    times: dict[str, tuple[datetime | None, str]] = {}  # a batch repeats event times: each read once

    def digest(value: str) -> str:
        d = digests.get(value)
        if d is None:
            d = digests[value] = p.digest(value)
        return d

    if keys is None:
        keys = [SOURCES[res.type].index_value(res.data) for res in events]
    for res, key in zip(events, keys, strict=True):
        data = res.data
        if res.type != rtype:  # batches come mostly from one source
            rtype = res.type
            table = feeds.table(rtype)
        candidates = table.get(key)
        if candidates is None:
            candidates = feeds.get(rtype, key)
        for rule, members in candidates:
            member = None
            for name, pred in members:
                if pred(data):
                    member = name
                    break
            if member is None:
                continue
            text = event_time_text(data)
            got = times.get(text)
            if got is None:
                at = parse_time(text)
                got = times[text] = (at, stamp(at) if at is not None else "")
            at, when = got
            if at is None:
                continue
            group = digest("\x1f".join(rule.group_key(data)))
            value = digest(rule.value(data)) if rule.value_field else ""
            # value_count needs one row per distinct value (the newest); the others one per event
            rows[(rule.id, group, value) if rule.correlation == "value_count" else (rule.id, res.id, str(len(rows)))] = \
                (rule.id, group, member, when, value, res.id)
            pair = (rule.id, group)
            prev = newest.get(pair)
            if prev is None or prev[0] <= when:
                newest[pair] = (when, res)
            top = latest.get(rule.id)
            if top is None or at > top:
                latest[rule.id] = at
    if not rows:
        return []
    by_id = {r.id: r for r in rules}
    horizon = {rid: stamp(t - timedelta(seconds=by_id[rid].seconds)) for rid, t in latest.items()}
    ordered = {rid for rid in latest if by_id[rid].correlation == "temporal_ordered"}
    held = windows.update([WindowRow(*r) for r in rows.values()], horizon, ordered)
    fired: list[tuple[SigmaThreat, Resource, int]] = []
    for (rid, group), kept in held.items():
        rule = by_id[rid]
        end = newest[(rid, group)][0]
        start = stamp(datetime.strptime(end, TIME) - timedelta(seconds=rule.seconds))
        window: list[tuple[str, str, str]] = []
        for name, t, v, count in kept:
            if start <= t <= end:  # one format: compare as text
                window.extend([(name, t, v)] * count)
        n = rule.fires(window)
        if n:
            fired.append((rule, newest[(rid, group)][1], n))
    if fired:
        windows.clear([(r.id, digest("\x1f".join(r.group_key(res.data)))) for r, res, _ in fired])
    return fired
