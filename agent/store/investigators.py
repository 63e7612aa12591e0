"""Art. 13 enforced by keys: investigators, sealed raw values, reveal, and the chained audit.

Who may read raw communication data is decided by possession of a private key, never by a name a
caller claims or by which config file it loads:

- :func:`seal_identities` (with every threat batch) stores each new raw value only as sealed boxes,
  one per designated investigator; with no investigator designated it is not stored at all.
- :func:`reveal` opens the box with the caller's key; a key that belongs to no designated
  investigator, or to one without a box for the pseudonym, opens nothing.
- :func:`add_investigator` / :func:`remove_investigator` change the set.  Adding re-encrypts every
  value for the newcomer, which needs an existing investigator's key (the first investigator of a
  tenant is the one exception: nothing is sealed yet).  Raw values stored in the clear before
  this revision are sealed then and cleared.
- Every attempt (granted or refused) is appended to ``threat_audit``: rows chained by hash, and
  what a key did signed by it.  :func:`verify_audit` replays the chain — each row's hash, each
  signature against the keys designated at that point (the first ``investigator-add`` is the
  trust anchor) — and compares the resulting set with ``threat_investigators``, so a forged row,
  a deleted or reordered row, or an investigator inserted by SQL is reported.  Removing rows
  from the *end* leaves a valid shorter chain: keep the head (``--verify`` prints it) elsewhere.

The pure crypto is :mod:`agent.threats.keys`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, select, update

from agent.core.model import utcnow
from agent.store.tables import threat_audit, threat_identities, threat_investigators, threat_sealed
from agent.threats.keys import GENESIS, InvestigatorKey, chain_hash, seal, verify

log = logging.getLogger(__name__)
_WARNED: set[str] = set()
ADD, REMOVE, REVEAL, CLOSE = "investigator-add", "investigator-remove", "reveal", "close"
_KEY_MARK = " key="


@dataclass(slots=True)
class Outcome:
    granted: bool
    value: str | None
    message: str
    actor: str = ""


def investigators(engine: Engine, tenant: str) -> dict[str, str]:
    """{name: public key} of the tenant's designated investigators."""
    with engine.connect() as conn:
        return _current(conn, tenant)


def _current(conn: Connection, tenant: str) -> dict[str, str]:
    return {n: k for n, k in conn.execute(select(threat_investigators.c.name, threat_investigators.c.public_key)
                                          .where(threat_investigators.c.tenant == tenant)).all()}


def _whose(current: Mapping[str, str], key: InvestigatorKey | None) -> str | None:
    if key is None:
        return None
    return next((n for n, k in current.items() if k == key.public), None)


def _unknown(key: InvestigatorKey | None) -> str:
    return f"unknown key {key.public[:12]}" if key is not None else "no key"


def seal_identities(conn: Connection, tenant: str, values: Mapping[str, str]) -> int:
    """Seal ``{pseudonym: raw value}`` to every designated investigator; returns how many values
    could be sealed to nobody (no investigator designated: they are not stored)."""
    if not values:
        return 0
    current = _sealing_keys(conn, tenant)
    if not current:
        if tenant not in _WARNED:  # once per process: every batch would repeat it
            _WARNED.add(tenant)
            log.warning("tenant %s: raw values behind new pseudonyms are not kept: no investigator is "
                        "designated (`ucs threats investigators add`)", tenant)
        return len(values)
    conn.execute(threat_sealed.insert(), [{"tenant": tenant, "pseudonym": p, "investigator": n, "box": seal(k, v)}
                                          for p, v in values.items() for n, k in current.items()])
    return 0


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _fields(row: Mapping[str, Any]) -> dict[str, Any]:
    return {"tenant": row["tenant"], "seq": int(row["seq"]), "at": _iso(row["at"]), "action": row["action"],
            "actor": row["actor"], "actor_key": row["actor_key"], "subject": row["subject"], "reason": row["reason"],
            "granted": bool(row["granted"]), "outcome": row["outcome"]}


def _append(conn: Connection, tenant: str, action: str, actor: str, subject: str, reason: str, granted: bool,
            outcome: str, key: InvestigatorKey | None) -> None:
    last = conn.execute(select(threat_audit.c.seq, threat_audit.c.hash).where(threat_audit.c.tenant == tenant)
                        .order_by(threat_audit.c.seq.desc()).limit(1)).first()
    seq, prev = (int(last[0]) + 1, str(last[1])) if last else (1, GENESIS)
    row: dict[str, Any] = {"tenant": tenant, "seq": seq, "at": utcnow(), "action": action, "actor": actor,
                           "actor_key": key.public if key is not None and granted else None, "subject": subject,
                           "reason": reason, "granted": granted, "outcome": outcome}
    digest = chain_hash(prev, _fields(row))
    signature = key.sign(digest.encode()) if key is not None and row["actor_key"] else None
    conn.execute(threat_audit.insert().values(**row, prev_hash=prev, hash=digest, signature=signature))


def add_investigator(engine: Engine, tenant: str, name: str, public: str, actor: InvestigatorKey | None,
                     reason: str) -> Outcome:
    with engine.begin() as conn:
        current = _current(conn, tenant)
        who = _whose(current, actor)
        if current and who is None:
            result = Outcome(False, None, "adding an investigator needs the key of a designated investigator "
                                          "(it re-encrypts the raw values for the newcomer)", _unknown(actor))
        elif name in current or public in current.values():
            result = Outcome(False, None, f"{name!r} or this public key is already designated", who or _unknown(actor))
        else:
            moved = _reencrypt(conn, tenant, name, public, who, actor)
            cleared = _seal_cleartext(conn, tenant, {**current, name: public})
            conn.execute(threat_investigators.insert().values(tenant=tenant, name=name, public_key=public,
                                                              added_at=utcnow()))
            result = Outcome(True, None, f"added; {moved} value(s) re-encrypted, {cleared} clear value(s) sealed"
                                         f"{_KEY_MARK}{public}", who or "first investigator")
        _append(conn, tenant, ADD, result.actor, name, reason, result.granted, result.message,
                actor if who else None)
    return result


def _reencrypt(conn: Connection, tenant: str, name: str, public: str, who: str | None,
               actor: InvestigatorKey | None) -> int:
    if who is None or actor is None:
        return 0
    boxes = conn.execute(select(threat_sealed.c.pseudonym, threat_sealed.c.box).where(
        threat_sealed.c.tenant == tenant, threat_sealed.c.investigator == who)).all()
    rows = []
    for pseudonym, box in boxes:
        value = actor.open(box)
        if value is not None:
            rows.append({"tenant": tenant, "pseudonym": pseudonym, "investigator": name, "box": seal(public, value)})
    if rows:
        conn.execute(threat_sealed.insert(), rows)
    return len(rows)


def _seal_cleartext(conn: Connection, tenant: str, to: Mapping[str, str]) -> int:
    """Raw values stored in the clear (before revision 0010): seal them to ``to`` and clear them."""
    clear = conn.execute(select(threat_identities.c.pseudonym, threat_identities.c.raw_value).where(
        threat_identities.c.tenant == tenant, threat_identities.c.raw_value.is_not(None))).all()
    if not clear:
        return 0
    conn.execute(threat_sealed.insert(), [{"tenant": tenant, "pseudonym": p, "investigator": n, "box": seal(k, v)}
                                          for p, v in clear for n, k in to.items()])
    conn.execute(update(threat_identities).where(threat_identities.c.tenant == tenant,
                                                 threat_identities.c.raw_value.is_not(None)).values(raw_value=None))
    return len(clear)


def remove_investigator(engine: Engine, tenant: str, name: str, actor: InvestigatorKey | None, reason: str) -> Outcome:
    with engine.begin() as conn:
        current = _current(conn, tenant)
        who = _whose(current, actor)
        if who is None:
            result = Outcome(False, None, "removing an investigator needs the key of a designated investigator",
                             _unknown(actor))
        elif name not in current:
            result = Outcome(False, None, f"{name!r} is not a designated investigator", who)
        elif len(current) == 1:
            result = Outcome(False, None, "the last investigator cannot be removed (the sealed values would be "
                                          "lost): add the successor first", who)
        else:
            conn.execute(delete(threat_sealed).where(threat_sealed.c.tenant == tenant,
                                                     threat_sealed.c.investigator == name))
            conn.execute(delete(threat_investigators).where(threat_investigators.c.tenant == tenant,
                                                            threat_investigators.c.name == name))
            result = Outcome(True, None, "removed; their sealed copies deleted", who)
        _append(conn, tenant, REMOVE, result.actor, name, reason, result.granted, result.message,
                actor if who else None)
    return result


def reveal(engine: Engine, tenant: str, pseudonym: str, key: InvestigatorKey | None, reason: str) -> Outcome:
    """The raw value behind ``pseudonym``, opened with the investigator's own key; always audited."""
    reason = reason.strip()
    with engine.begin() as conn:
        who = _whose(_current(conn, tenant), key)
        if who is None or key is None:
            result = Outcome(False, None, f"this key belongs to no designated investigator of tenant {tenant}",
                             _unknown(key))
        elif not reason:
            result = Outcome(False, None, "a reason is required", who)
        else:
            box = conn.execute(select(threat_sealed.c.box).where(
                threat_sealed.c.tenant == tenant, threat_sealed.c.pseudonym == pseudonym,
                threat_sealed.c.investigator == who)).scalar()
            value = key.open(box) if box is not None else None
            result = (Outcome(True, value, "revealed", who) if value is not None
                      else Outcome(False, None, "no sealed value for this pseudonym", who))
        _append(conn, tenant, REVEAL, result.actor, pseudonym, reason, result.granted, result.message,
                key if result.granted else None)
    return result


def authorise(engine: Engine, tenant: str, key: InvestigatorKey | None) -> str | None:
    """The designated investigator whose key this is, or None."""
    with engine.connect() as conn:
        return _whose(_current(conn, tenant), key)


def record(engine: Engine, tenant: str, action: str, key: InvestigatorKey | None, subject: str, reason: str,
           outcome: Outcome) -> None:
    """Append an audit row for an action checked elsewhere (closing a threat finding)."""
    with engine.begin() as conn:
        _append(conn, tenant, action, outcome.actor, subject, reason, outcome.granted, outcome.message,
                key if outcome.granted else None)


def audit(engine: Engine, tenant: str, limit: int | None = None) -> list[dict[str, Any]]:
    """Audit rows, newest first."""
    q = select(threat_audit).where(threat_audit.c.tenant == tenant).order_by(threat_audit.c.seq.desc())
    with engine.connect() as conn:
        rows = conn.execute(q.limit(limit) if limit else q).mappings().all()
    return [{k: v for k, v in dict(r).items() if k != "tenant"} for r in rows]


@dataclass(slots=True)
class Verification:
    rows: int = 0
    head: str = GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _replay(rows: list[Mapping[str, Any]]) -> tuple[dict[str, str], list[str], str]:
    """(the investigators the chain designates, the faults found, the head hash)."""
    problems: list[str] = []
    trusted: dict[str, str] = {}
    expected_seq, prev = 1, GENESIS
    for r in rows:
        seq = int(r["seq"])
        where = f"audit row {seq} ({r['action']} by {r['actor']})"
        if seq != expected_seq:
            problems.append(f"{where}: expected row {expected_seq} here: rows are missing or renumbered")
        if r["prev_hash"] != prev:
            problems.append(f"{where}: does not chain to the row before it (a row was deleted, inserted or changed)")
        if chain_hash(str(r["prev_hash"]), _fields(r)) != r["hash"]:
            problems.append(f"{where}: its content does not match its hash (the row was changed)")
        signed = bool(r["actor_key"]) and bool(r["signature"]) and verify(
            str(r["actor_key"]), str(r["hash"]).encode(), str(r["signature"]))
        by_trusted = signed and r["actor_key"] in trusted.values()
        if r["granted"]:
            first = r["action"] == ADD and not trusted and not r["actor_key"]
            if not (by_trusted or first):
                problems.append(f"{where}: granted, but not signed by the key of a designated investigator")
            elif r["action"] == ADD and _KEY_MARK in str(r["outcome"]):
                trusted[str(r["subject"])] = str(r["outcome"]).rsplit(_KEY_MARK, 1)[1]
            elif r["action"] == REMOVE:
                trusted.pop(str(r["subject"]), None)
        elif r["signature"] or r["actor_key"]:
            problems.append(f"{where}: a refused attempt carries a signature")
        expected_seq, prev = seq + 1, str(r["hash"])
    return trusted, problems, prev


def _rows(conn: Connection, tenant: str) -> list[Mapping[str, Any]]:
    return [dict(r) for r in conn.execute(select(threat_audit).where(threat_audit.c.tenant == tenant)
                                          .order_by(threat_audit.c.seq)).mappings()]


_TRUSTED: dict[str, tuple[str, dict[str, str]]] = {}  # tenant -> (audit head, investigators the chain designates)


def _sealing_keys(conn: Connection, tenant: str) -> dict[str, str]:
    """Whom new values are sealed to: designated in the table *and* by the audit chain, so a key
    inserted into ``threat_investigators`` by SQL receives nothing.  The replay is cached by head."""
    current = _current(conn, tenant)
    if not current:
        return {}
    head = conn.execute(select(threat_audit.c.hash).where(threat_audit.c.tenant == tenant)
                        .order_by(threat_audit.c.seq.desc()).limit(1)).scalar()
    cached = _TRUSTED.get(tenant)
    if cached is None or cached[0] != head:
        trusted, _, _ = _replay(_rows(conn, tenant))
        cached = (str(head), trusted)
        _TRUSTED[tenant] = cached
    keys = {n: k for n, k in current.items() if cached[1].get(n) == k}
    if len(keys) != len(current):
        log.error("tenant %s: investigator(s) %s are not designated by the audit; nothing is sealed to them "
                  "(run `ucs threats audit --verify`)", tenant, ", ".join(sorted(set(current) - set(keys))))
    return keys


def verify_audit(engine: Engine, tenant: str) -> Verification:
    """Replay the tenant's audit chain (see the module docstring); every fault is one problem."""
    with engine.connect() as conn:
        rows = _rows(conn, tenant)
        current = _current(conn, tenant)
    trusted, problems, head = _replay(rows)
    out = Verification(len(rows), head, problems)
    for name in sorted(set(current) | set(trusted)):
        if current.get(name) != trusted.get(name):
            out.problems.append(f"investigator {name!r}: the designated set differs from the one the audit records "
                                "(changed outside `ucs threats investigators`)")
    return out
