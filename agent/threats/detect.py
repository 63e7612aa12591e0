"""The ``threat-rules`` intake detector: normalised events → threat rules → threat findings.

One finding per (rule, target): its fingerprint is the rule id and the target's identity, so a
repeated event of the same rule on the same target updates ``last_seen`` and its occurrence
count instead of adding a finding.  The findings are recorded by the store
(:meth:`agent.store.Store.record_threat_findings`), which applies the lifecycle rules (new →
open, resolved → reopened; a muted threat stays muted) and hands the transitions to the notifier
hook, in one transaction.

Art. 13: the actor, source IP addresses and user agent of a matching event become keyed
pseudonyms before anything is built from the event; identities used as targets (an IAM user)
too.  The rule's message (rendered in English) and its parameters are scrubbed of every raw
value seen, the raw event is never stored, and the raw values go only to ``threat_identities``
(see :mod:`agent.store.threats`).

The detector works for a :class:`ThreatContext` (the tenant's store and settings) that whoever
runs it passes in: the daemon hands its intake :func:`threat_rules` of its own context; tests
and one-off callers :func:`bind` one, which registers it with the intake's detector registry.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection

import checks
import notifiers
from agent import events
from agent.core.inventory import Inventory
from agent.core.model import Finding, NotCollected, Resource, Result, Status, utcnow
from agent.core.model import fingerprint as make_fingerprint
from agent.events import Event
from agent.settings.tenant import Settings
from agent.store import Sighting, Store, TransitionHook
from agent.store.lifecycle import Transition
from agent.store.threat_engine import Evidence, ThreatBatch, held_memo, record_unread
from agent.store.threats import tenant_key
from agent.threats.baselines import Baselines, MemoryBaselines, StoreBaselines, first_seen, known
from agent.threats.pseudonym import KeyedHash, Pseudonymiser
from agent.threats.rules import Rule, RuleIndex, build
from agent.threats.windows import MemoryWindows, StoreWindows, Windows, correlate
from checks.threats._fields import SOURCES
from checks.threats._pack import MSG
from checks.threats._rule import AZURE_ACTIVITY, AZURE_ENTRA, CLOUDTRAIL, GCP_AUDIT, K8S_AUDIT

log = logging.getLogger(__name__)

TARGET_TYPES = {CLOUDTRAIL: "aws.cloudtrail.event_target", K8S_AUDIT: "k8s.audit_target",
                AZURE_ACTIVITY: "azure.activity.event_target", AZURE_ENTRA: "azure.entra.event_target",
                GCP_AUDIT: "gcp.audit.event_target"}
MENU = "threat-detection"


@dataclass
class ThreatContext:
    """What the detector needs of one tenant: its store and settings (and the pseudonym key,
    read once)."""

    store: Store
    settings: Settings
    _hash: KeyedHash | None = field(default=None, init=False, repr=False)
    _index: RuleIndex | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def tenant(self) -> str:
        return self.settings.tenant.id

    def pseudonymiser(self) -> Pseudonymiser:
        """A fresh pseudonymiser (it records the raw values of one batch) with the tenant's key."""
        with self._lock:
            if self._hash is None:  # one keyed-hash cache per context: a value is hashed once, not per batch
                key = tenant_key(self.store.engine, self.tenant, self.settings.threats.configured_key())
                self._hash = KeyedHash(key, self.settings.threats.pseudonym_length)
        return Pseudonymiser(self._hash)

    def use_index(self, index: RuleIndex) -> None:
        """Run these rules instead of the settings' (a one-off scan given extra rule folders)."""
        with self._lock:
            self._index = index

    def index(self) -> RuleIndex:
        """The built-in rules and the tenant's folders (loaded once per context: a reload makes a
        new context)."""
        with self._lock:
            if self._index is None:
                dirs = self.settings.threats.rule_dirs
                self._index = build(dirs) if dirs else default_index()
        return self._index


def pseudonymiser(store: Store, settings: Settings) -> Pseudonymiser:
    """The tenant's pseudonymiser (for callers without a context, e.g. to look a pseudonym up)."""
    return ThreatContext(store, settings).pseudonymiser()


def threat_rules(ctx: ThreatContext) -> events.Detector:
    """The intake detector (``fn(tenant, events) -> findings``) for ``ctx``'s tenant: off unless
    the tenant subscribes to the threat-detection menu; batches of other tenants are not its own."""

    def run(tenant: str, batch: Sequence[Event]) -> int:
        if tenant != ctx.tenant or MENU not in ctx.settings.menus.options:
            return 0
        return detect(ctx, batch)

    return run


def bind(tenant: str, store: Store, settings: Settings) -> ThreatContext:
    """Register a detector for ``tenant`` with the intake's registry (tests, one-off callers)."""
    ctx = ThreatContext(store, settings)
    events.detector(f"threat-rules:{tenant}")(threat_rules(ctx))
    return ctx


def unbind(tenant: str) -> None:
    events.unregister_detector(f"threat-rules:{tenant}")


# ----------------------------------------------------------------------------- events → rules
def _k8s_id(r: dict[str, Any]) -> str:
    """The audit ID, or (a shipper dropped it) a stable digest of the event."""
    if r.get("auditID"):
        return str(r["auditID"])
    return "sha1:" + hashlib.sha1(orjson.dumps(r, option=orjson.OPT_SORT_KEYS)).hexdigest()[:20]


def event_resource(ev: Event) -> Resource | None:
    """How a rule sees an event: a Resource whose data is the producer's own record; None for an
    event no rule reads (a generic alert)."""
    r = ev.raw
    # tags passed, not left to the dataclass's default factory: half the cost of building one
    if ev.source == "aws.cloudtrail":
        acct = r.get("recipientAccountId") or (r.get("userIdentity") or {}).get("accountId") or ""
        return Resource("aws", str(acct), str(r.get("awsRegion") or "global"), CLOUDTRAIL,
                        str(r.get("eventID") or ""), str(r.get("eventName", "")), {}, r)
    if ev.source == "k8s.audit":
        return Resource("kubernetes", ev.origin, "global", K8S_AUDIT, _k8s_id(r), ev.action, {}, r)
    if ev.source in ("azure.activity", "azure.entra"):
        sub = str(r.get("resourceId") or "").split("/")
        account = sub[2] if len(sub) > 2 and sub[1].lower() == "subscriptions" else str(r.get("tenantId") or "")
        rid = str(r.get("eventDataId") or r.get("correlationId") or (r.get("properties") or {}).get("id") or "")
        rtype = AZURE_ACTIVITY if ev.source == "azure.activity" else AZURE_ENTRA
        return Resource("azure", account, str(r.get("location") or "global"), rtype, rid, ev.action, {}, r)
    if ev.source == "gcp.audit":
        labels = (r.get("resource") or {}).get("labels") or {}
        return Resource("gcp", str(labels.get("project_id") or ""), str(labels.get("location") or "global"), GCP_AUDIT,
                        str(r.get("insertId") or ""), ev.action, {}, r)
    return None


def _communication_data(ev: Resource, p: Pseudonymiser) -> dict[str, Any]:
    """Pseudonymise every piece of communication data of the event; returns the display fields."""
    r = ev.data
    ua_raw: Any = r.get("userAgent")
    if ev.type == CLOUDTRAIL:
        ident = r.get("userIdentity") or {}
        issuer = ((ident.get("sessionContext") or {}).get("sessionIssuer") or {}) if isinstance(ident, dict) else {}
        names = [ident.get(k) for k in ("arn", "principalId", "userName", "accessKeyId")] if isinstance(ident, dict) else []
        names += [issuer.get("arn"), issuer.get("principalId"), (r.get("additionalEventData") or {}).get("UserName")]
        ip_raw = [r.get("sourceIPAddress")]
    elif ev.type == K8S_AUDIT:
        user = r.get("user") or {}
        imp = r.get("impersonatedUser") or {}
        names = [user.get("username"), user.get("uid"), imp.get("username")]
        ip_raw = list(r.get("sourceIPs") or [])
    elif ev.type in (AZURE_ACTIVITY, AZURE_ENTRA):
        props = r.get("properties") or {}
        by = (props.get("initiatedBy") or {}).get("user") or {}
        ident = r.get("identity")
        claims = r.get("claims") or (ident.get("claims") if isinstance(ident, dict) else None) or {}
        names = [r.get("caller"), props.get("userPrincipalName"), props.get("userId"), by.get("userPrincipalName"),
                 claims.get("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"), claims.get("name"),
                 ident if isinstance(ident, str) else None]
        ip_raw = [r.get("callerIpAddress"), props.get("ipAddress"), by.get("ipAddress"),
                  (r.get("httpRequest") or {}).get("clientIpAddress")]
        ua_raw = props.get("userAgent")
    else:
        proto = r.get("protoPayload") or {}
        meta = proto.get("requestMetadata") or {}
        names = [(proto.get("authenticationInfo") or {}).get("principalEmail")]
        ip_raw = [meta.get("callerIp")]
        ua_raw = meta.get("callerSuppliedUserAgent")
    users = [p("user", str(n)) for n in names if n]
    ips = list(dict.fromkeys(p("ip", str(ip)) for ip in ip_raw if ip))
    ua = p("ua", str(ua_raw)) if ua_raw else None
    return {"actor": users[0] if users else None, "source_ips": ips, "user_agent": ua}


def _target(ev: Event, res: Resource, p: Pseudonymiser) -> Resource:
    target = ev.target
    if res.type == CLOUDTRAIL:
        params = ev.raw.get("requestParameters") or {}
        is_person = isinstance(params, dict) and params.get("userName") == target and target
        if is_person or ":user/" in target or ":assumed-role/" in target or ":root" in target:
            target = p("user", target)  # an IAM user is an identity: communication data (Art. 13)
        target = target or f"account:{res.account}"
    elif res.type == K8S_AUDIT:
        target = target or "cluster"
    else:
        if "@" in target or res.type == AZURE_ENTRA and target and target == ev.actor:
            target = p("user", target)  # a person or service account named by its e-mail
        target = target or f"account:{res.account}"
    return Resource(res.provider, res.account, res.region, TARGET_TYPES[res.type], target, target)


_LINE = re.compile(r":\d+( item \d+)?$")


def _place(ev: Event) -> str:
    """Where the event came from, without its line: the file, object key or API request."""
    return _LINE.sub("", ev.where) or ev.origin


class _EventOf:
    """``{id(resource): event}`` of a batch's pairs, built when first read."""

    def __init__(self, pairs: list[tuple[Event, Resource]]) -> None:
        self._pairs = pairs
        self._map: dict[int, Event] | None = None

    def __getitem__(self, key: int) -> Event:
        if self._map is None:
            self._map = {id(r): e for e, r in self._pairs}
        return self._map[key]


@dataclass
class Evaluated:
    sightings: dict[str, Sighting]
    batch: ThreatBatch


def _sighting(out: Evaluated, rule: Rule, ev: Event, res: Resource, result: Result, p: Pseudonymiser) -> None:
    target = _target(ev, res, p)
    fp = make_fingerprint(rule.id, target.provider, target.account, target.region, target.id)
    evidence = out.batch.evidence.get(fp)
    if evidence is None:
        evidence = out.batch.evidence[fp] = Evidence(ev.time, ev.time)
    evidence.add(res.id, ev.time, _place(ev))
    seen = out.sightings.get(fp)
    if seen is not None:
        seen.count += 1
        if ev.time > seen.last_time:
            seen.last_time = ev.time
        return
    comm = _communication_data(res, p)
    who = comm["actor"] or "unknown actor"
    where = ", ".join(comm["source_ips"]) or "unknown source"
    # The rule's message is rendered in English from its parameters; the text and the
    # parameters (kept as evidence) are both scrubbed, so a raw value a rule put in
    # either never reaches the store.
    detail = f"{rule.title}: {result.detail} ({ev.action} by {who} from {where})"
    doc = {"event_id": res.id, "event_time": ev.time, "action": ev.action, "source": ev.where or ev.origin, **comm,
           "rule": result.params, "mitre_attack": list(rule.techniques)}
    f = Finding(rule.id, target, Status.FAIL, rule.severity, p.scrub(detail), p.scrub(doc), fingerprint=fp, kind="threat")
    out.sightings[fp] = Sighting(f, 1, ev.time)


def evaluate(events: Sequence[Event], p: Pseudonymiser, index: RuleIndex | None = None,
             windows: Windows | None = None, baselines: Baselines | None = None) -> Evaluated:
    """Run the threat rules over a batch; matches folded per (rule, target) fingerprint, with
    their evidence, and the events no rule could read counted by (origin, reason)."""
    index = index or default_index()
    out = Evaluated({}, ThreatBatch())
    pairs: list[tuple[Event, Resource]] = []
    keys: list[str] = []  # each event's index value, read once for the rules and the correlations
    for ev in events:
        res = event_resource(ev)
        if res is None:
            key = (ev.origin or "unknown", "unrecognised_record")
            out.batch.unread[key] = out.batch.unread.get(key, 0) + 1
            continue
        pairs.append((ev, res))
    resources = [r for _, r in pairs]
    window: Inventory | None = None  # the batch, for the few rules that read more than their event
    rtype, field = "", None
    get, joined, other = _NO_DISPATCH
    dispatched: dict[str, tuple[Any, dict[str, list[Rule]], Any, str | None]] = {}
    add_key, failed = keys.append, Status.FAIL  # read once, not per event
    for ev, res in pairs:
        data = res.data
        if res.type != rtype:  # batches come mostly from one source: the dispatch read once per run
            rtype = res.type
            got = dispatched.get(rtype)
            if got is None:  # (and once per source in a batch of several)
                got = dispatched[rtype] = (*index.dispatch(rtype), SOURCES[rtype].plain_key(SOURCES[rtype].index_field))
            get, joined, other, field = got  # field: the index field when it is the record's own key, read inline
        v = get(data) if field is None else data.get(field)  # the index value as LogSource.index_value makes it
        key = v.lower() if type(v) is str else "" if v is None else str(v).lower()
        add_key(key)
        rules = joined.get(key)
        for rule in other(key) if rules is None else rules:
            if rule.predicate is not None:  # a detection: its predicate; a Result only when it matched
                if rule.predicate(data):
                    _sighting(out, rule, ev, res, MSG.fail("matched", action=res.name), p)
                continue
            if rule.func is not None:  # reads only its event: called as checks.evaluate would
                try:
                    result = rule.func(res)
                except NotCollected:
                    continue  # checks.evaluate's ERROR answer: never a sighting
            else:
                assert rule.check is not None
                if window is None:
                    window = Inventory(resources)
                result = checks.evaluate(rule.check, res, window)
            if result.status is failed:
                _sighting(out, rule, ev, res, result, p)
    by_res = _EventOf(pairs)  # made on the first look-up: most batches fire no baseline or correlation
    if index.baselines:
        for b, res in first_seen(index.baselines, resources, baselines or MemoryBaselines(), p):
            meta = checks.get(b.rule).meta
            rule = Rule(b.rule, meta.severity, meta.text("title"), tuple(meta.frameworks.get("mitre-attack", ())))
            _sighting(out, rule, by_res[id(res)], res, b.message(res), p)
    if index.correlations:
        for sigma, res, n in correlate(index.correlations, resources, windows or MemoryWindows(), p, keys,
                                       index.feeds()):
            rule = Rule(sigma.id, sigma.severity, sigma.title["en"], tuple(sigma.techniques))
            _sighting(out, rule, by_res[id(res)], res, MSG.fail("correlated", count=n, seconds=sigma.seconds), p)
    return out


_NO_DISPATCH: tuple[Any, dict[str, list[Rule]], Any] = (None, {}, None)

_DEFAULT: list[RuleIndex] = []


def default_index() -> RuleIndex:
    """The built-in rules' index (built once)."""
    if not _DEFAULT:
        _DEFAULT.append(build())
    return _DEFAULT[0]


# ------------------------------------------------------------------------------ store + notify
def _hook(settings: Settings) -> TransitionHook | None:
    return notifiers.transition_hook(settings) if settings.notifications.enabled else None


def record(ctx: ThreatContext, sightings: dict[str, Sighting], p: Pseudonymiser,
           now: datetime | None = None, batch: ThreatBatch | None = None,
           conn: Connection | None = None) -> list[Transition]:
    """Store the sightings as threat findings (lifecycle, history, counts, raw identities,
    evidence) and route their transitions to the notifiers, all in one transaction (``conn``:
    the batch's)."""
    return ctx.store.record_threat_findings(ctx.tenant, sightings, p.seen, _hook(ctx.settings), now, batch, conn)


def close(store: Store, settings: Settings, fingerprint_prefix: str, who: str, reason: str,
          now: datetime | None = None) -> Finding | None:
    """Mark an investigated threat finding resolved (history keeps who and why); the same threat
    on the same target afterwards reopens it.  None when the prefix names no single open threat."""
    return store.close_finding(settings.tenant.id, fingerprint_prefix, who, reason, kind="threat",
                               on_transitions=_hook(settings), now=now)


def detect(ctx: ThreatContext, batch: Sequence[Event], now: datetime | None = None) -> int:
    """Run the rules over ``batch`` and store what matched; returns the number of findings touched.
    The batch is one transaction: what it adds to the correlation windows and baselines commits
    with its findings, evidence and unread counts (Art. 12), or none of it does."""
    p = ctx.pseudonymiser()
    index = ctx.index()
    with ctx.store.threat_transaction() as conn:
        baselines = StoreBaselines(conn, ctx.tenant, known(ctx.store.threat_memo, ctx.tenant))
        got = evaluate(batch, p, index, StoreWindows(conn, ctx.tenant, held_memo(ctx.store.threat_memo, ctx.tenant)), baselines)
        sightings = got.sightings
        if not sightings:
            record_unread(conn, ctx.tenant, now or utcnow(), got.batch.unread)
        else:
            transitions = record(ctx, sightings, p, now, got.batch, conn)
    if got.batch.unread:
        log.warning("tenant %s: %d event(s) no threat rule can read: %s", ctx.tenant, sum(got.batch.unread.values()),
                    ", ".join(f"{r} from {o}" for o, r in sorted(got.batch.unread)))
    if not sightings:
        return 0
    log.info("tenant %s: threat rules matched %d event(s) → %d finding(s), %d new or reopened",
             ctx.tenant, sum(s.count for s in sightings.values()), len(sightings), len(transitions))
    return len(sightings)
