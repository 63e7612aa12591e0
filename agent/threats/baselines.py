"""First-seen baselines for the first-seen rules (:mod:`checks.threats.cloudtrail_baseline`):
per principal, when it was first seen and when each API / region was last seen, as keyed
digests (Art. 13).  The daemon keeps them in the store (``threat_baseline``), so a baseline
spans polls and restarts; a one-off scan keeps them in memory for the run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Protocol

from sqlalchemy import Engine

from agent.core.model import Resource
from agent.store.threat_engine import baseline_read, baseline_write
from agent.threats.pseudonym import Pseudonymiser
from agent.threats.windows import stamp
from checks.threats._rule import CLOUDTRAIL
from checks.threats.cloudtrail_baseline import LEARNING_DAYS, MEMORY_DAYS, Baseline, _time, eligible, principal

Key = tuple[str, str, str]


class Baselines(Protocol):
    def read(self, principals: set[str], keys: set[Key]) -> tuple[dict[str, str], dict[Key, str]]: ...

    def write(self, first: Mapping[str, str], seen: Mapping[Key, str]) -> None: ...


class StoreBaselines:
    def __init__(self, engine: Engine, tenant: str) -> None:
        self.engine, self.tenant = engine, tenant

    def read(self, principals: set[str], keys: set[Key]) -> tuple[dict[str, str], dict[Key, str]]:
        return baseline_read(self.engine, self.tenant, principals, keys)

    def write(self, first: Mapping[str, str], seen: Mapping[Key, str]) -> None:
        baseline_write(self.engine, self.tenant, first, seen)


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
    then added to the baseline."""
    rows = []
    for res in events:
        if res.type != CLOUDTRAIL or not eligible(res):
            continue
        at = _time(res)
        if at is None:
            continue
        who = p.digest(principal(res))
        for b in rules:
            rows.append((stamp(at), at, b, res, who, (who, b.attribute, p.digest(b.value(res)))))
    if not rows:
        return []
    rows.sort(key=lambda r: r[0])
    first, last = store.read({r[4] for r in rows}, {r[5] for r in rows})
    new_first: dict[str, str] = {}
    seen: dict[Key, str] = {}
    hits = []
    for when, at, b, res, who, key in rows:
        since = first.get(who) or new_first.get(who)
        established = since is not None and since <= stamp(at - timedelta(days=LEARNING_DAYS))
        prev = seen.get(key) or last.get(key)
        if established and (prev is None or prev < stamp(at - timedelta(days=MEMORY_DAYS))):
            hits.append((b, res))
        if since is None:
            new_first[who] = when
        seen[key] = when
    store.write(new_first, seen)
    return hits
