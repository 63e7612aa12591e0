"""`ucs threats list|show|stats|scan|reveal|close|audit|investigators`: threat findings from monitoring
logs (option menu "threat-detection"), pseudonymised (Art. 13); raw values only with a designated
investigator's key (reveal, close, audit and investigators: :mod:`agent.commands._investigators`)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from agent.commands import _investigators as keyed
from agent.commands._common import add_config_arg, load, open_store, severity_level
from agent.commands._investigators import add_key_args
from agent.core.errors import UsageError
from agent.core.model import Severity
from agent.settings.menus import require_feature
from agent.store.threat_engine import evidence, unread
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
    shp = tsub.add_parser("show", help="one threat finding with its evidence (events, times, sources)")
    add_config_arg(shp, required=True)
    shp.add_argument("fingerprint", help="fingerprint or a unique prefix of it")
    shp.add_argument("--json", action="store_true")
    shp.set_defaults(func=run_show)
    hp = tsub.add_parser("scan", help="run the threat rules over log files or folders (no daemon, no config needed)")
    hp.add_argument("paths", nargs="+", metavar="PATH", help="files or folders: JSON, JSON lines, gzip")
    hp.add_argument("--since", metavar="TIME", type=since_time, help="skip events before TIME (ISO 8601, or 24h / 7d ago)")
    hp.add_argument("--output-format", choices=("table", "json", "ocsf", "sarif"), default="table")
    hp.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra Sigma rule folder (repeatable)")
    add_config_arg(hp)
    hp.set_defaults(func=run_scan)
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
    doc["unread_by_reason"] = unread(store.engine, tenant)  # events no rule could read (Art. 12)
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    for section, rows in doc.items():
        print(section.replace("_", " ") + ":")
        for key, n in sorted(rows.items(), key=lambda kv: -kv[1]):
            print(f"  {n:>8}  {key}")
    return 0



def since_time(value: str) -> datetime:
    """``2026-11-24``, ``2026-11-24T10:00:00Z`` or a span back from now: ``90m``, ``24h``, ``7d``."""
    units = {"m": "minutes", "h": "hours", "d": "days"}
    if value[-1:] in units and value[:-1].isdigit():
        return datetime.now(UTC) - timedelta(**{units[value[-1]]: int(value[:-1])})
    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an ISO 8601 time or a span like 24h / 7d") from None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def run_scan(args: argparse.Namespace) -> int:
    from agent.threats.hunt import files_under, hunt, sarif
    from agent.threats.rules import build

    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}", hint="give log files or folders to scan")
    ctx = None
    rule_dirs = list(args.rules)
    if args.config:
        from agent.threats.detect import ThreatContext

        settings, store = _open(args)
        rule_dirs = list(settings.threats.rule_dirs) + rule_dirs
        ctx = ThreatContext(store, settings)
    index = build(rule_dirs)
    for problem in index.problems:  # a broken rule file is reported; every other rule runs
        print(f"rule not loaded: {problem}", file=sys.stderr)
    if ctx is not None:
        ctx.use_index(index)  # the tenant's recording uses the same rules as this output
    files = files_under(args.paths)
    total = sum(f.stat().st_size for f in files)
    with _progress(total) as advance:
        result = hunt(args.paths, args.since, ctx=ctx, progress=advance, index=index)
    findings = result.findings()
    if args.output_format == "json":
        print(json.dumps([{**f.to_dict(), "events": _evidence(result, f.fingerprint)} for f in findings],
                         indent=2, ensure_ascii=False, default=str))
    elif args.output_format == "ocsf":
        from agent.report.ocsf import to_ocsf

        print(json.dumps([to_ocsf(f) for f in findings], indent=1, ensure_ascii=False, default=str))
    elif args.output_format == "sarif":
        print(json.dumps(sarif(findings, result.evidence), indent=1, ensure_ascii=False, default=str))
    else:
        for f in findings:
            ev = result.evidence.get(f.fingerprint)
            print(f"{f.severity.name.lower():8} {f.check_id}  {f.resource.id}  x{ev.count if ev else 1}  "
                  f"{ev.first_time if ev else ''} .. {ev.last_time if ev else ''}")
            print(f"    {f.detail}")
    summary = (f"{result.files} file(s), {result.events} event(s) read, {len(findings)} finding(s)"
               + (f", {result.skipped_before_since} before --since" if result.skipped_before_since else "")
               + (f", {result.malformed} malformed" if result.malformed else "")
               + (f", unread: {result.unread}" if result.unread else "")
               + (f"; {result.recorded} recorded for tenant {ctx.tenant}" if ctx is not None else ""))
    print(summary, file=sys.stderr)
    for e in result.errors:
        print(f"  malformed: {e}", file=sys.stderr)
    return 0


def _evidence(result: Any, fp: str) -> dict[str, Any] | None:
    ev = result.evidence.get(fp)
    return None if ev is None else {"count": ev.count, "first_event_time": ev.first_time, "last_event_time": ev.last_time,
                                    "event_ids": ev.event_ids, "sources": ev.sources}


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for large inputs read at a terminal; otherwise nothing."""
    if total < 20_000_000 or not sys.stderr.isatty():
        yield lambda n: None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    with Progress("[progress.description]{task.description}", BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                  transient=True) as bar:
        task = bar.add_task("reading logs", total=total)
        yield lambda n: bar.advance(task, n)


def run_show(args: argparse.Namespace) -> int:
    settings, store = _open(args)
    tenant = settings.tenant.id
    f = store.finding(tenant, args.fingerprint)
    if f is None or f.kind != "threat":
        raise UsageError(f"no single threat finding with fingerprint {args.fingerprint!r}",
                         hint="`ucs threats list` shows the fingerprints; give a longer prefix if several match")
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
