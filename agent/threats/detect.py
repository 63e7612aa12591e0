"""The ``threat-rules`` intake detector: normalised events → threat rules → threat findings.

One finding per (rule, target): its fingerprint is the rule id and the target's identity, so a
repeated event of the same rule on the same target updates ``last_seen`` and its occurrence
count instead of adding a finding.  Findings go through the store's lifecycle rules (new → open,
resolved → reopened; a muted threat stays muted) and their transitions through the notifier
hook, in the same transaction.

Art. 13: the actor, source IP addresses and user agent of a matching event become keyed
pseudonyms before anything is built from the event; identities used as targets (an IAM user)
too.  Details and evidence are scrubbed of every raw value seen, the raw event is never stored,
and the raw values go only to ``threat_identities`` (see :mod:`agent.threats.tables`).

The detector needs the tenant's store and settings: whoever runs it hands them over with
:func:`bind` (the daemon at start and on reload; tests and one-off callers themselves).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

import checks
from agent.events import Event, detector
from agent.core.inventory import Inventory
from agent.core.model import Finding, Resource, Severity, State, Status, utcnow
from agent.core.model import fingerprint as make_fingerprint
from agent.store import Store, lifecycle
from agent.store.lifecycle import Transition
from agent.store.schema import finding_history, findings
from agent.threats.pseudonym import Pseudonymiser
from agent.threats.tables import add_counts, remember_identities, tenant_key

if TYPE_CHECKING:
    from agent.settings.tenant import Settings

log = logging.getLogger(__name__)

CLOUDTRAIL = "event.aws.cloudtrail"
K8S_AUDIT = "event.k8s.audit"
TARGET_TYPES = {CLOUDTRAIL: "aws.cloudtrail.event_target", K8S_AUDIT: "k8s.audit_target"}

_bound: dict[str, tuple[Store, Settings]] = {}
_keys: dict[tuple[str, str], bytes] = {}
_keys_lock = threading.Lock()
# One writer per tenant at a time: the files job and the HTTP intake may both hand over batches,
# and two batches inserting the same new fingerprint must not both try to insert it.
_record_locks: dict[str, threading.Lock] = {}


def bind(tenant: str, store: Store, settings: Settings) -> None:
    """Give the detector the store and settings of ``tenant`` (when no daemon of it runs here)."""
    _bound[tenant] = (store, settings)


def unbind(tenant: str) -> None:
    _bound.pop(tenant, None)


def _context(tenant: str) -> tuple[Store, Settings] | None:
    return _bound.get(tenant)


def pseudonymiser(store: Store, settings: Settings) -> Pseudonymiser:
    cfg = settings.threats
    ck = (settings.tenant.id, store.url)
    with _keys_lock:
        if ck not in _keys:
            _keys[ck] = tenant_key(store.engine, settings.tenant.id, cfg.configured_key())
        return Pseudonymiser(_keys[ck], cfg.pseudonym_length)


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


@dataclass(slots=True)
class Match:
    finding: Finding
    count: int
    last_time: str


def evaluate(events: Sequence[Event], p: Pseudonymiser) -> dict[str, Match]:
    """Run every threat rule over a batch; matches folded per (rule, target) fingerprint."""
    pairs = [(ev, r) for ev in events if (r := event_resource(ev)) is not None]
    window = Inventory(r for _, r in pairs)
    rules = {t: [c for c in checks.for_type(t) if c.meta.kind == "threat"] for t in TARGET_TYPES}
    out: dict[str, Match] = {}
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
            detail = f"{meta.text('title')}: {result.detail} ({ev.action} by {who} from {where})"
            evidence = {"event_id": res.id, "event_time": ev.time, "action": ev.action, **comm,
                        "rule": result.evidence, "mitre_attack": list(meta.frameworks.get("mitre-attack", ()))}
            f = Finding(meta.id, target, Status.FAIL, meta.severity, p.scrub(detail), p.scrub(evidence),
                        fingerprint=fp, kind="threat")
            out[fp] = Match(f, 1, ev.time)
    return out


# ------------------------------------------------------------------------------ store + notify
def record(store: Store, settings: Settings, matches: dict[str, Match], p: Pseudonymiser,
           now: datetime | None = None) -> list[Transition]:
    """Store the matches as threat findings (lifecycle, history, counts, raw identities) and route
    their transitions to the notifiers, all in one transaction."""
    now = now or utcnow()
    tenant = settings.tenant.id
    hook: Callable[[Connection, list[Transition]], None] | None = None
    if settings.notifications.enabled:
        import notifiers

        hook = notifiers.transition_hook(settings)
    transitions: list[Transition] = []
    with store.engine.begin() as conn:
        totals = add_counts(conn, tenant, {fp: (m.finding.check_id, m.count, m.last_time) for fp, m in matches.items()})
        prev = {r.fingerprint: r for r in conn.execute(select(
            findings.c.fingerprint, findings.c.state, findings.c.severity, findings.c.first_seen).where(
            findings.c.tenant == tenant, findings.c.fingerprint.in_(list(matches))))}
        for fp, m in matches.items():
            f = m.finding
            f.evidence["occurrences"] = totals[fp]
            f.evidence["last_event_time"] = m.last_time
            row = prev.get(fp)
            where = (findings.c.tenant == tenant) & (findings.c.fingerprint == fp)
            if row is not None and row.state == State.MUTED.value:  # muted stays muted; seen is recorded
                conn.execute(findings.update().where(where).values(last_seen=now, detail=f.detail, evidence=f.evidence))
                continue
            prev_state = State(row.state) if row is not None else None
            prev_sev = Severity(row.severity) if row is not None else None
            f.state = lifecycle.next_state(prev_state, Status.FAIL)
            f.first_seen = row.first_seen if row is not None else now
            f.last_seen = now
            values = Store._finding_row(tenant, f, None, now)
            if f.state is not prev_state:
                values["state_changed_at"] = now
            if row is None:
                conn.execute(findings.insert().values(**values))
            else:
                values.pop("first_seen")
                conn.execute(findings.update().where(where).values(**values))
            kind = lifecycle.transition_kind(prev_state, f.state, prev_sev, f.severity)
            if f.state is not prev_state or kind:
                conn.execute(finding_history.insert().values(**Store._history_row(
                    tenant, fp, None, now, prev_state, f.state, Status.FAIL, f.severity, kind)))
            if kind:
                transitions.append(Transition(kind, fp, prev_state, f.state, f, None, now, prev_sev))
        remember_identities(conn, tenant, p.seen, now)
        if hook and transitions:
            hook(conn, transitions)
    return transitions


def close(store: Store, settings: Settings, fingerprint_prefix: str, who: str, reason: str,
          now: datetime | None = None) -> Finding | None:
    """Mark an investigated threat finding resolved (history keeps who and why); the same threat
    on the same target afterwards reopens it.  None when the prefix names no single open threat."""
    now = now or utcnow()
    tenant = settings.tenant.id
    f = store.finding(tenant, fingerprint_prefix)
    if f is None or f.kind != "threat" or f.state not in (State.NEW, State.OPEN, State.REOPENED):
        return None
    prev = f.state
    with store.engine.begin() as conn:
        conn.execute(findings.update().where((findings.c.tenant == tenant) & (findings.c.fingerprint == f.fingerprint))
                     .values(state=State.RESOLVED.value, status=Status.PASS.value, state_changed_at=now, resolved_at=now))
        conn.execute(finding_history.insert().values(**Store._history_row(
            tenant, f.fingerprint, None, now, prev, State.RESOLVED, Status.PASS, f.severity,
            f"closed by {who}: {reason}")))
        f.state, f.status = State.RESOLVED, Status.PASS
        if settings.notifications.enabled:
            import notifiers

            notifiers.transition_hook(settings)(conn, [Transition(lifecycle.RESOLVED, f.fingerprint, prev, State.RESOLVED,
                                                                   f, None, now)])
    return f


def detect(store: Store, settings: Settings, events: Sequence[Event], now: datetime | None = None) -> int:
    """Run the rules over ``events`` and store what matched; returns the number of findings touched."""
    p = pseudonymiser(store, settings)
    matches = evaluate(events, p)
    if not matches:
        return 0
    with _keys_lock:
        lock = _record_locks.setdefault(settings.tenant.id, threading.Lock())
    with lock:
        transitions = record(store, settings, matches, p, now)
    log.info("tenant %s: threat rules matched %d event(s) → %d finding(s), %d new or reopened",
             settings.tenant.id, sum(m.count for m in matches.values()), len(matches), len(transitions))
    return len(matches)


@detector("threat-rules")
def threat_rules(tenant: str, events: Sequence[Event]) -> int:
    ctx = _context(tenant)
    if ctx is None:
        return 0  # nowhere to store findings: no daemon of this tenant runs here and none is bound
    store, settings = ctx
    if "threat-detection" not in settings.menus.options:
        return 0
    return detect(store, settings, events)
