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

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import checks
import notifiers
from agent import events
from agent.core.inventory import Inventory
from agent.core.model import Finding, Resource, Status
from agent.core.model import fingerprint as make_fingerprint
from agent.events import Event
from agent.settings.tenant import Settings
from agent.store import Sighting, Store, TransitionHook
from agent.store.lifecycle import Transition
from agent.store.threats import tenant_key
from agent.threats.pseudonym import Pseudonymiser

log = logging.getLogger(__name__)

CLOUDTRAIL = "event.aws.cloudtrail"
K8S_AUDIT = "event.k8s.audit"
TARGET_TYPES = {CLOUDTRAIL: "aws.cloudtrail.event_target", K8S_AUDIT: "k8s.audit_target"}
MENU = "threat-detection"


@dataclass
class ThreatContext:
    """What the detector needs of one tenant: its store and settings (and the pseudonym key,
    read once)."""

    store: Store
    settings: Settings
    _key: bytes | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def tenant(self) -> str:
        return self.settings.tenant.id

    def pseudonymiser(self) -> Pseudonymiser:
        """A fresh pseudonymiser (it records the raw values of one batch) with the tenant's key."""
        with self._lock:
            if self._key is None:
                self._key = tenant_key(self.store.engine, self.tenant, self.settings.threats.configured_key())
        return Pseudonymiser(self._key, self.settings.threats.pseudonym_length)


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
def event_resource(ev: Event) -> Resource | None:
    """How a rule sees an event: a Resource whose data is the producer's own record."""
    r = ev.raw
    if ev.source == "aws.cloudtrail":
        acct = r.get("recipientAccountId") or (r.get("userIdentity") or {}).get("accountId") or ""
        return Resource("aws", str(acct), str(r.get("awsRegion") or "global"), CLOUDTRAIL,
                        str(r.get("eventID") or ""), str(r.get("eventName", "")), data=r)
    if ev.source == "k8s.audit":
        return Resource("kubernetes", ev.origin, "global", K8S_AUDIT, str(r.get("auditID", "")),
                        str(r.get("verb", "")), data=r)
    return None


def _communication_data(ev: Resource, p: Pseudonymiser) -> dict[str, Any]:
    """Pseudonymise every piece of communication data of the event; returns the display fields."""
    r = ev.data
    if ev.type == CLOUDTRAIL:
        ident = r.get("userIdentity") or {}
        issuer = ((ident.get("sessionContext") or {}).get("sessionIssuer") or {}) if isinstance(ident, dict) else {}
        names = [ident.get(k) for k in ("arn", "principalId", "userName", "accessKeyId")] if isinstance(ident, dict) else []
        names += [issuer.get("arn"), issuer.get("principalId"), (r.get("additionalEventData") or {}).get("UserName")]
        users = [p("user", str(n)) for n in names if n]
        ips = [p("ip", str(r["sourceIPAddress"]))] if r.get("sourceIPAddress") else []
    else:
        user = r.get("user") or {}
        imp = r.get("impersonatedUser") or {}
        users = [p("user", str(u)) for u in (user.get("username"), user.get("uid"), imp.get("username")) if u]
        ips = [p("ip", str(ip)) for ip in (r.get("sourceIPs") or []) if ip]
    ua = p("ua", str(r["userAgent"])) if r.get("userAgent") else None
    return {"actor": users[0] if users else None, "source_ips": ips, "user_agent": ua}


def _target(ev: Event, res: Resource, p: Pseudonymiser) -> Resource:
    target = ev.target
    if res.type == CLOUDTRAIL:
        params = ev.raw.get("requestParameters") or {}
        is_person = isinstance(params, dict) and params.get("userName") == target and target
        if is_person or ":user/" in target or ":assumed-role/" in target or ":root" in target:
            target = p("user", target)  # an IAM user is an identity: communication data (Art. 13)
        target = target or f"account:{res.account}"
    else:
        target = target or "cluster"
    return Resource(res.provider, res.account, res.region, TARGET_TYPES[res.type], target, target)


def evaluate(events: Sequence[Event], p: Pseudonymiser) -> dict[str, Sighting]:
    """Run every threat rule over a batch; matches folded per (rule, target) fingerprint."""
    pairs = [(ev, r) for ev in events if (r := event_resource(ev)) is not None]
    window = Inventory(r for _, r in pairs)
    rules = {t: [c for c in checks.for_type(t) if c.meta.kind == "threat"] for t in TARGET_TYPES}
    out: dict[str, Sighting] = {}
    for ev, res in pairs:
        for rule in rules[res.type]:
            result = checks.evaluate(rule, res, window)
            if result.status is not Status.FAIL:
                continue
            comm = _communication_data(res, p)
            target = _target(ev, res, p)
            meta = rule.meta
            fp = make_fingerprint(meta.id, target.provider, target.account, target.region, target.id)
            if fp in out:
                out[fp].count += 1
                out[fp].last_time = max(out[fp].last_time, ev.time)
                continue
            who = comm["actor"] or "unknown actor"
            where = ", ".join(comm["source_ips"]) or "unknown source"
            # The rule's message is rendered in English from its parameters; the text and the
            # parameters (kept as evidence) are both scrubbed, so a raw value a rule put in
            # either never reaches the store.
            detail = f"{meta.text('title')}: {result.detail} ({ev.action} by {who} from {where})"
            evidence = {"event_id": res.id, "event_time": ev.time, "action": ev.action, **comm,
                        "rule": result.params, "mitre_attack": list(meta.frameworks.get("mitre-attack", ()))}
            f = Finding(meta.id, target, Status.FAIL, meta.severity, p.scrub(detail), p.scrub(evidence),
                        fingerprint=fp, kind="threat")
            out[fp] = Sighting(f, 1, ev.time)
    return out


# ------------------------------------------------------------------------------ store + notify
def _hook(settings: Settings) -> TransitionHook | None:
    return notifiers.transition_hook(settings) if settings.notifications.enabled else None


def record(ctx: ThreatContext, sightings: dict[str, Sighting], p: Pseudonymiser,
           now: datetime | None = None) -> list[Transition]:
    """Store the sightings as threat findings (lifecycle, history, counts, raw identities) and
    route their transitions to the notifiers, all in one transaction."""
    return ctx.store.record_threat_findings(ctx.tenant, sightings, p.seen, _hook(ctx.settings), now)


def close(store: Store, settings: Settings, fingerprint_prefix: str, who: str, reason: str,
          now: datetime | None = None) -> Finding | None:
    """Mark an investigated threat finding resolved (history keeps who and why); the same threat
    on the same target afterwards reopens it.  None when the prefix names no single open threat."""
    return store.close_finding(settings.tenant.id, fingerprint_prefix, who, reason, kind="threat",
                               on_transitions=_hook(settings), now=now)


def detect(ctx: ThreatContext, batch: Sequence[Event], now: datetime | None = None) -> int:
    """Run the rules over ``batch`` and store what matched; returns the number of findings touched."""
    p = ctx.pseudonymiser()
    sightings = evaluate(batch, p)
    if not sightings:
        return 0
    transitions = record(ctx, sightings, p, now)
    log.info("tenant %s: threat rules matched %d event(s) → %d finding(s), %d new or reopened",
             ctx.tenant, sum(s.count for s in sightings.values()), len(sightings), len(transitions))
    return len(sightings)
