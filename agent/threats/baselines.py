"""First-seen baselines for the first-seen rules (:mod:`checks.threats.cloudtrail_baseline`):
per principal, when it was first seen and when each API / region was last seen, as keyed
digests (Art. 13).  The daemon keeps them in the store (``threat_baseline``), so a baseline
spans polls and restarts; a one-off scan keeps them in memory for the run.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Connection

from agent.core.model import Resource
from agent.store.threat_engine import baseline_read, baseline_write
from agent.threats.pseudonym import Pseudonymiser
from agent.threats.windows import stamp
from checks.threats._rule import CLOUDTRAIL
from checks.threats.cloudtrail_baseline import LEARNING_DAYS, MEMORY_DAYS, Baseline, _time, eligible_principal

Key = tuple[str, str, str]


class Baselines(Protocol):
    def read(self, principals: set[str], keys: set[Key]) -> tuple[dict[str, str], dict[Key, str]]: ...

    def write(self, first: Mapping[str, str], seen: Mapping[Key, str]) -> None: ...


CACHE_SIZE = 65_536  # principals and keys remembered per tenant (each an LRU)


class Known:
    """What this process knows the stored baseline of one tenant holds: principals' first-seen
    times (never changed once written) and keys' last-seen times as its batches wrote them.  A
    stream repeats the same principals and calls, so most batches read nothing from the store
    and write only the keys whose time moved.  It lives in the store's memo
    (:attr:`agent.store.Store.threat_memo`), which is dropped whenever a threat transaction
    fails: it never holds what did not commit.  (The daemon is the baseline's only writer.)"""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self.first: OrderedDict[str, str] = OrderedDict()
        self.last: OrderedDict[Key, str] = OrderedDict()

    def put(self, first: Mapping[str, str], last: Mapping[Key, str]) -> None:
        for held, items in ((self.first, first), (self.last, last)):
            for k, v in items.items():
                held[k] = v
                held.move_to_end(k)
            while len(held) > self.size:
                held.popitem(last=False)


def known(memo: dict[Any, Any], tenant: str) -> Known:
    """The tenant's :class:`Known` in a store's memo (made on first use)."""
    got = memo.get(("baselines", tenant))
    if got is None:
        got = memo[("baselines", tenant)] = Known()
    assert isinstance(got, Known)
    return got


class StoreBaselines:
    """The baselines in the store, read and written on the batch's connection (its transaction);
    with ``known``, what the process knows the store holds is not read again, and a key whose
    stored time is already the batch's is not written again."""

    def __init__(self, conn: Connection, tenant: str, known: Known | None = None) -> None:
        self.conn, self.tenant, self.known = conn, tenant, known
        self._first: dict[str, str] = {}

    def read(self, principals: set[str], keys: set[Key]) -> tuple[dict[str, str], dict[Key, str]]:
        if self.known is None:
            return baseline_read(self.conn, self.tenant, principals, keys)
        held_first, held_last = self.known.first, self.known.last
        first = {p: held_first[p] for p in principals if p in held_first}
        last = {k: held_last[k] for k in keys if k in held_last}
        if len(first) < len(principals) or len(last) < len(keys):
            got_first, got_last = baseline_read(self.conn, self.tenant, principals - first.keys(), keys - last.keys())
            first.update(got_first)
            last.update(got_last)
        self._first = first
        return first, last

    def write(self, first: Mapping[str, str], seen: Mapping[Key, str]) -> None:
        if self.known is None:
            baseline_write(self.conn, self.tenant, first, seen)
            return
        held = self.known.last
        baseline_write(self.conn, self.tenant, first, {k: t for k, t in seen.items() if held.get(k) != t})
        # noted now, inside the transaction: a failed one drops the whole memo (Store.threat_transaction)
        self.known.put({**self._first, **first}, seen)


class MemoryBaselines:
    def __init__(self) -> None:
        self.first: dict[str, str] = {}
        self.seen: dict[Key, str] = {}

    def read(self, principals: set[str], keys: set[Key]) -> tuple[dict[str, str], dict[Key, str]]:
        return ({p: self.first[p] for p in principals if p in self.first},
                {k: self.seen[k] for k in keys if k in self.seen})

    def write(self, first: Mapping[str, str], seen: Mapping[Key, str]) -> None:
        for p, t in first.items():
            self.first.setdefault(p, t)
        self.seen.update(seen)


def first_seen(rules: Sequence[Baseline], events: Sequence[Resource], store: Baselines,
               p: Pseudonymiser) -> list[tuple[Baseline, Resource]]:
    """The (rule, event) pairs where an established principal did something new; the batch is
    then added to the baseline.  Per batch, only each key's first event can be new, so the rest
    cost a dictionary lookup: events are folded by their raw (principal, attribute, value) and
    only each distinct key is digested."""
    # raw key -> [earliest time, as datetime, rule, its event, latest time] in the batch
    first_of: dict[tuple[str, str, str], list[Any]] = {}
    earliest: dict[str, str] = {}  # raw principal -> its earliest event in the batch
    times: dict[str, tuple[datetime | None, str]] = {}  # a batch repeats event times: each read once
    specs = [(b, b.attribute, b.value) for b in rules]  # read once, not per event
    for res in events:
        if res.type != CLOUDTRAIL:
            continue
        raw_who = eligible_principal(res)
        if not raw_who:
            continue
        text = res.data.get("eventTime", "")
        got = times.get(text) if type(text) is str else None
        if got is None:
            at = _time(res)
            got = times[str(text)] = (at, stamp(at) if at is not None else "")
        at, when = got
        if at is None:
            continue
        prior = earliest.get(raw_who)
        if prior is None or when < prior:
            earliest[raw_who] = when
        for b, attribute, read in specs:
            key = (raw_who, attribute, read(res))
            seen = first_of.get(key)
            if seen is None:
                first_of[key] = [when, at, b, res, when]
            elif when < seen[0]:
                seen[0:4] = (when, at, b, res)
            elif when > seen[4]:
                seen[4] = when
    if not first_of:
        return []
    digests: dict[str, str] = {}

    def digest(value: str) -> str:
        d = digests.get(value)
        if d is None:
            d = digests[value] = p.digest(value)
        return d

    by_digest: dict[Key, tuple[datetime, Baseline, Resource, str]] = {}
    last: dict[Key, str] = {}
    for (raw_who, attribute, value), (_first, at, b, res, latest) in first_of.items():
        key = (digest(raw_who), attribute, digest(value))
        by_digest[key] = (at, b, res, key[0])
        last[key] = latest
    first_seen_at = {digest(w): t for w, t in earliest.items()}
    stored_first, stored_last = store.read(set(first_seen_at), set(by_digest))
    hits = []
    for key, (at, b, res, who) in by_digest.items():
        since = stored_first.get(who) or first_seen_at[who]
        established = since <= stamp(at - timedelta(days=LEARNING_DAYS))
        prev = stored_last.get(key)
        if established and (prev is None or prev < stamp(at - timedelta(days=MEMORY_DAYS))):
            hits.append((b, res))
    store.write({w: t for w, t in first_seen_at.items() if w not in stored_first}, last)
    return hits
