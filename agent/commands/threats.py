"""`ucs threats list|show|stats|scan|reveal|close|audit`: threat findings from monitoring logs (option menu
"threat-detection"), pseudonymised (Art. 13); raw values only for designated investigators."""

from __future__ import annotations

import argparse
import json
import sys

from agent.commands._common import add_config_arg, load, open_store, severity_level
from agent.core.model import Severity
from agent.settings.menus import require_feature
from agent.store.threat_engine import evidence, unread
from agent.store.threats import counts, reveal, reveal_audit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("threats", help="threat findings from monitoring logs; reveal pseudonyms (investigators)")
    tsub = p.add_subparsers(dest="threats_cmd", required=True)
    lp = tsub.add_parser("list", help="list threat findings (communication data pseudonymised)")
    add_config_arg(lp, required=True)
    lp.add_argument("--severity", metavar="LEVEL", type=severity_level, help="at or above this severity")
    lp.add_argument("--all", action="store_true", help="include resolved and muted findings")
    lp.add_argument("--json", action="store_true")
    lp.set_defaults(func=run_list)
    rp = tsub.add_parser("reveal", help="show the raw value behind a pseudonym (designated investigators; audited)")
    add_config_arg(rp, required=True)
    rp.add_argument("pseudonym", help="e.g. ip:5f2a9c0d1e2b")
    rp.add_argument("--as", dest="investigator", required=True, metavar="NAME", help="your investigator name")
    rp.add_argument("--reason", required=True, metavar="TEXT", help="why (incident reference); recorded")
    rp.set_defaults(func=run_reveal)
    cp = tsub.add_parser("close", help="mark an investigated threat finding resolved (it reopens if it happens again)")
    add_config_arg(cp, required=True)
    cp.add_argument("fingerprint", help="fingerprint or a unique prefix of it")
    cp.add_argument("--as", dest="who", required=True, metavar="NAME")
    cp.add_argument("--reason", required=True, metavar="TEXT")
    cp.set_defaults(func=run_close)
    shp = tsub.add_parser("show", help="one threat finding with its evidence (events, times, sources)")
    add_config_arg(shp, required=True)
    shp.add_argument("fingerprint", help="fingerprint or a unique prefix of it")
    shp.add_argument("--json", action="store_true")
    shp.set_defaults(func=run_show)
    sp = tsub.add_parser("stats", help="occurrences per rule and per actor / source pseudonym")
    add_config_arg(sp, required=True)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=run_stats)
    ap = tsub.add_parser("audit", help="the reveal audit trail (who, when, what, why, granted)")
    add_config_arg(ap, required=True)
    ap.add_argument("--json", action="store_true")
    ap.set_defaults(func=run_audit)


def _open(args: argparse.Namespace):
    settings = load(args)
    require_feature(settings, "threats")
    return settings, open_store(settings, args)


def run_list(args: argparse.Namespace) -> int:
    settings, store = _open(args)
    tenant = settings.tenant.id
    states = None if args.all else ["new", "open", "reopened"]
    sev = Severity.parse(args.severity) if args.severity else None
    rows = [f for f in store.findings(tenant, states=states, min_severity=sev) if f.kind == "threat"]
    seen = counts(store.engine, tenant)
    docs = [{**f.to_dict(), "occurrences": seen.get(f.fingerprint, 0)} for f in rows]
    if args.json:
        print(json.dumps(docs, indent=2, ensure_ascii=False, default=str))
        return 0
    if not docs:
        print(f"tenant {tenant}: no threat findings")
        return 0
    for d in docs:
        print(f"{d['fingerprint'][:12]}  {d['severity']:8} {d['state']:8} x{d['occurrences']:<5} {d['check_id']}  "
              f"{d['resource']['id']}  last {d['last_seen']}")
        print(f"    {d['detail']}")
    return 0


def threat_stats(findings: list, seen: dict[str, int]) -> dict[str, dict[str, int]]:
    """Occurrences by rule, actor and source: keyed by pseudonyms only (Art. 13 statistics)."""
    out: dict[str, dict[str, int]] = {"by_rule": {}, "by_actor": {}, "by_source_ip": {}}
    for f in findings:
        n = seen.get(f.fingerprint, 0)
        out["by_rule"][f.check_id] = out["by_rule"].get(f.check_id, 0) + n
        actor = f.evidence.get("actor") or "unknown"
        out["by_actor"][actor] = out["by_actor"].get(actor, 0) + n
        for ip in f.evidence.get("source_ips") or ["unknown"]:
            out["by_source_ip"][ip] = out["by_source_ip"].get(ip, 0) + n
    return out


def run_stats(args: argparse.Namespace) -> int:
    settings, store = _open(args)
    tenant = settings.tenant.id
    doc = threat_stats([f for f in store.findings(tenant) if f.kind == "threat"], counts(store.engine, tenant))
    doc["unread_by_reason"] = unread(store.engine, tenant)  # events no rule could read (Art. 12)
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    for section, rows in doc.items():
        print(section.replace("_", " ") + ":")
        for key, n in sorted(rows.items(), key=lambda kv: -kv[1]):
            print(f"  {n:>8}  {key}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    settings, store = _open(args)
    tenant = settings.tenant.id
    f = store.finding(tenant, args.fingerprint)
    if f is None or f.kind != "threat":
        print(f"no single threat finding with fingerprint {args.fingerprint!r}", file=sys.stderr)
        return 1
    ev = evidence(store.engine, tenant, f.fingerprint) or {}
    doc = {**f.to_dict(), "evidence_events": ev}
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False, default=str))
        return 0
    print(f"{f.fingerprint}  {f.severity.name.lower()}  {f.check_id}")
    print(f"  target:      {f.resource.id}")
    print(f"  detail:      {f.detail}")
    print(f"  ATT&CK:      {', '.join(f.evidence.get('mitre_attack') or [])}")
    if ev:
        print(f"  events:      {ev['events']}  first {ev['first_event_time']}  last {ev['last_event_time']}")
        print(f"  sources:     {', '.join(ev['sources']) or '-'}")
        print("  event ids:   " + ("\n               ".join(ev["event_ids"]) or "-"))
    return 0


def run_close(args: argparse.Namespace) -> int:
    from agent.threats.detect import close

    settings, store = _open(args)
    f = close(store, settings, args.fingerprint, args.who, args.reason)
    if f is None:
        print(f"no single open threat finding with fingerprint {args.fingerprint!r}", file=sys.stderr)
        return 1
    print(f"closed {f.fingerprint[:12]} {f.check_id} {f.resource.id}")
    return 0


def run_reveal(args: argparse.Namespace) -> int:
    settings, store = _open(args)
    result = reveal(store.engine, settings.tenant.id, args.pseudonym, args.investigator, args.reason,
                    settings.threats.investigators)
    if not result.granted:
        print(f"reveal refused: {result.message} (the attempt is recorded)", file=sys.stderr)
        return 3
    print(result.value)
    return 0


def run_audit(args: argparse.Namespace) -> int:
    settings, store = _open(args)
    rows = reveal_audit(store.engine, settings.tenant.id)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        return 0
    for r in rows:
        print(f"{r['at'].isoformat()}  {'GRANTED' if r['granted'] else 'REFUSED'}  {r['investigator']}  "
              f"{r['pseudonym']}  reason: {r['reason']}  ({r['outcome']})")
    return 0
