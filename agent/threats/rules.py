"""The rules the detector runs, indexed by (log source, index value), and the tenant's own.

One registry holds both kinds of built-in rule: Python threat checks and the Sigma pack, all
checks of kind "threat" (:mod:`checks.threats`).  Each declares the index values it can match
(CloudTrail ``eventName``, Kubernetes ``objectRef.resource``, Azure ``operationName``, GCP
``methodName``; see :data:`checks.threats._rule.INDEX_KEYS` and the Sigma conditions), so an
event is offered to the rules filed under its value plus the few that read every event: adding
rules for other API calls does not slow this one.

Correlation rules are not run per event: their member detections feed sliding windows
(:mod:`agent.threats.windows`).  A tenant's folders (``threats.rule_dirs``) add Sigma rules of
the same format; a file that does not load is reported (file, line, reason) and the others run.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import checks
from agent.core.errors import ConfigError, Problem
from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from agent.threats.windows import Feeds
from checks.threats._fields import SOURCES, Getter
from checks.threats._pack import MSG, PACK, SigmaThreat, load_dirs
from checks.threats._rule import INDEX_KEYS
from checks.threats._sigma import may_match
from checks.threats.cloudtrail_baseline import BASELINES, Baseline

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Rule:
    """What the detector needs of a rule, whichever kind it is."""

    id: str
    severity: Severity
    title: str
    techniques: tuple[str, ...]
    check: checks.Check | None = None  # a registered Python threat check
    sigma: SigmaThreat | None = None  # a Sigma detection (built-in or the tenant's)
    # what the detector calls per event, read once here instead of per event: a detection's
    # predicate over the record, or a check function that reads only its event (no declared
    # inputs, no inventory) and so is called directly rather than through checks.evaluate
    predicate: Callable[[dict[str, Any]], bool] | None = field(default=None, compare=False)
    func: Callable[[Resource], Result] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.sigma is not None:
            object.__setattr__(self, "predicate", self.sigma.predicate or _never)
        elif self.check is not None and not self.check.needs_inventory and not self.check.meta.inputs:
            object.__setattr__(self, "func", self.check.func)

    def evaluate(self, res: Resource, window: Inventory) -> Result:
        if self.sigma is not None:  # a detection: its predicate directly (what its check function runs)
            return MSG.fail("matched", action=res.name) if self.sigma.matches(res.data) else _NO_MATCH
        assert self.check is not None
        return checks.evaluate(self.check, res, window)


_NO_MATCH = Result.ok()  # only its status is read: one shared answer for the common case


def _never(record: dict[str, Any]) -> bool:
    return False  # a Sigma rule without a detection (what SigmaThreat.matches answers)


MEMO_SIZE = 4096  # per log source: the other index values whose rules are remembered (beyond that, worked out each time)


@dataclass(slots=True)
class RuleIndex:
    by_key: dict[str, dict[str, list[Rule]]] = field(default_factory=dict)  # type -> value -> rules
    every: dict[str, list[Rule]] = field(default_factory=dict)  # type -> rules reading every event
    correlations: list[SigmaThreat] = field(default_factory=list)
    baselines: list[Baseline] = field(default_factory=list)  # first-seen rules, run over a kept baseline
    problems: list[Problem] = field(default_factory=list)  # tenant rules that did not load
    # type -> the rules filed under prefixes (``eventName|startswith: Describe``), with what they
    # are filed under; offered, in their place among the rules reading every event, to the
    # values :func:`may_match` finds
    by_prefix: dict[str, list[tuple[Rule, frozenset[str], frozenset[str]]]] = field(default_factory=dict)
    # type -> the rules reading every event and those filed under prefixes, in the order added
    _loose: dict[str, list[tuple[Rule, frozenset[str] | None, frozenset[str]]]] = field(default_factory=dict, repr=False)
    # what candidates() hands out: the keyed rules and those reading every event, joined once;
    # the other values' rules (those reading every event, and the prefix rules that apply),
    # each worked out when the value is first seen
    _joined: dict[str, dict[str, list[Rule]]] = field(default_factory=dict, repr=False)
    _feeds: Feeds | None = field(default=None, repr=False)

    def add(self, rtype: str, rule: Rule, keys: frozenset[str] | None, prefixes: frozenset[str] = frozenset()) -> None:
        self._joined.clear()
        if keys is None:
            self.every.setdefault(rtype, []).append(rule)
            self._loose.setdefault(rtype, []).append((rule, None, frozenset()))
            return
        if prefixes:  # filed under its values and prefixes together, in the loose rules' order
            self.by_prefix.setdefault(rtype, []).append((rule, keys, prefixes))
            self._loose.setdefault(rtype, []).append((rule, keys, prefixes))
            return
        for k in keys:
            self.by_key.setdefault(rtype, {}).setdefault(k, []).append(rule)

    def candidates(self, res: Resource, key: str | None = None) -> list[Rule]:
        """The rules that could match ``res`` (``key``: its index value, when already read)."""
        return self.lookup(res.type, SOURCES[res.type].index_value(res.data) if key is None else key)

    def lookup(self, rtype: str, key: str) -> list[Rule]:
        """The rules that could match an event of ``rtype`` whose index value is ``key``: those
        filed under it, then (in the order added) those reading every event and the prefix
        rules whose prefix it has."""
        joined = self._joined.get(rtype)
        if joined is None:
            joined = self._joined[rtype] = {k: rules + self._other(rtype, k) for k, rules in self.by_key.get(rtype, {}).items()}
        got = joined.get(key)
        if got is None:
            got = self._other(rtype, key)
            if len(joined) < len(self.by_key.get(rtype, ())) + MEMO_SIZE:  # event names repeat: each worked out once
                joined[key] = got
        return got

    def _other(self, rtype: str, key: str) -> list[Rule]:
        if rtype not in self.by_prefix:
            return self.every.get(rtype, [])
        return [rule for rule, values, prefixes in self._loose[rtype] if may_match(key, values, prefixes)]

    def dispatch(self, rtype: str) -> tuple[Getter, dict[str, list[Rule]], Callable[[str], list[Rule]]]:
        """For events of ``rtype``: the index field's getter, the rules by index value and what
        answers the other values (:meth:`lookup` as one dict hit per event:
        ``joined.get(key)``, else ``other(key)``, with ``key`` the getter's value as
        :meth:`LogSource.index_value` makes it)."""
        self.lookup(rtype, "")  # joins the lists once
        return SOURCES[rtype].index_getter, self._joined[rtype], lambda key: self.lookup(rtype, key)

    def feeds(self) -> Feeds:
        """The correlations' member look-up (:class:`~agent.threats.windows.Feeds`), made once."""
        if self._feeds is None or not self._feeds.made_of(self.correlations):
            self._feeds = Feeds(self.correlations)
        return self._feeds

    def size(self) -> int:
        rules = {r.id for m in self.by_key.values() for rs in m.values() for r in rs}
        rules |= {r.id for rs in self.every.values() for r in rs}
        rules |= {r.id for rs in self.by_prefix.values() for r, _, _ in rs}
        return len(rules) + len(self.correlations) + len(self.baselines)


def _from_check(c: checks.Check) -> Rule:
    m = c.meta
    sigma = PACK.get(c.id)
    return Rule(m.id, m.severity, m.text("title"), tuple(m.frameworks.get("mitre-attack", ())),
                check=None if sigma is not None else c, sigma=sigma)


def _from_sigma(s: SigmaThreat) -> Rule:
    return Rule(s.id, s.severity, s.title["en"], tuple(s.techniques), sigma=s)


def build(rule_dirs: Iterable[str] = ()) -> RuleIndex:
    """The index of every built-in threat rule and the tenant's own from ``rule_dirs``."""
    idx = RuleIndex()
    for c in checks.all_checks():
        if c.meta.kind != "threat":
            continue
        if c.id in BASELINES:
            idx.baselines.append(BASELINES[c.id])
            continue
        sigma = PACK.get(c.id)
        if sigma is not None and sigma.correlation:
            idx.correlations.append(sigma)
            continue
        keys = sigma.index if sigma is not None else INDEX_KEYS.get(c.id)
        for rtype in c.meta.resource_types:
            idx.add(rtype, _from_check(c), keys, sigma.prefixes if sigma is not None else frozenset())
    dirs = list(rule_dirs)
    if dirs:
        known = {c.id for c in checks.all_checks()}
        extra, idx.problems = load_dirs(dirs)
        for s in extra:
            if s.id in known:
                idx.problems.append(Problem(s.file, s.line, "name", f"rule {s.id} is a built-in rule's id"))
            elif s.correlation:
                idx.correlations.append(s)
            elif not s.is_member:
                idx.add(s.source.resource_type, _from_sigma(s), s.index, s.prefixes)
        if idx.problems:
            # the tenant's broken rules are reported, never fatal: every other rule still runs
            log.error("threat rule folders: %s", ConfigError(idx.problems))
    _settle()
    return idx


GC_YOUNG = 20_000  # allocations between young-generation collections (CPython's default: 700)


def _settle() -> None:
    """Tune the cyclic garbage collector for a process that runs the threat engine.

    The rules (and the modules loaded to build them) live as long as the process: they are moved
    out of the collector's sight (:func:`gc.freeze`), so its full collections stop walking them
    again every few thousand events (on a stream, a fifth of the CPU time).  Garbage is
    collected first, so nothing that could be freed is frozen.  Parsed records hold no reference
    cycles and are freed by reference counting; the young generation is collected every
    :data:`GC_YOUNG` allocations instead of every 700, more than a batch of the intake's
    (2,000 events) leaves alive at once, so a batch's records are gone before a collection would
    walk them (another fifth; at 10,000 the young collections still cost 6 % of a quiet stream's
    CPU time, at 20,000 next to none).  No higher: what does form cycles waits for the next
    collection, so the threshold bounds that garbage (a batch forms none: the store's statements
    on the threat path are made once, not per batch; a threshold set higher by whoever embeds the
    agent is kept).  Process-wide, on purpose: the daemon and ``ucs threats scan`` build an
    index once."""
    gc.collect()
    gc.freeze()
    young, middle, old = gc.get_threshold()
    if 0 < young < GC_YOUNG:
        gc.set_threshold(GC_YOUNG, middle, old)
