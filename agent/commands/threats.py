"""`ucs threats list|reveal|audit`: threat findings from monitoring logs (option menu
"threat-detection"), pseudonymised (Art. 13); raw values only with a designated investigator's
key (reveal, close, audit and investigators: :mod:`agent.commands._investigators`)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from agent.commands import _investigators as keyed
from agent.commands._common import add_config_arg, load, open_store, severity_level
from agent.commands._investigators import add_key_args
from agent.core.model import Severity
from agent.settings.menus import require_feature
from agent.store.threats import counts


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
    rp.add_argument("--reason", required=True, metavar="TEXT", help="why (incident reference); recorded")
    add_key_args(rp)
    rp.set_defaults(func=_with_store(keyed.run_reveal))
    cp = tsub.add_parser("close", help="mark an investigated threat finding resolved (it reopens if it happens again)")
    add_config_arg(cp, required=True)
    cp.add_argument("fingerprint", help="fingerprint or a unique prefix of it")
    cp.add_argument("--reason", required=True, metavar="TEXT")
    add_key_args(cp)
    cp.set_defaults(func=_with_store(keyed.run_close))
    sp = tsub.add_parser("stats", help="occurrences per rule and per actor / source pseudonym")
    add_config_arg(sp, required=True)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=run_stats)
    ap = tsub.add_parser("audit", help="the chained audit of reveals, closes and investigator changes")
    add_config_arg(ap, required=True)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--verify", action="store_true", help="replay the hash chain and signatures; exit 3 on a fault")
    ap.set_defaults(func=_with_store(keyed.run_audit))
    keyed.register_investigators(tsub, add_config_arg, _with_store)


def _with_store(fn: Callable[[argparse.Namespace, Any, Any], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        return fn(args, *_open(args))

    return run


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
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    for section, rows in doc.items():
        print(section.replace("_", " ") + ":")
        for key, n in sorted(rows.items(), key=lambda kv: -kv[1]):
            print(f"  {n:>8}  {key}")
    return 0
