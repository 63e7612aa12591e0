"""`ucs compliance`: per-control status, score and audit evidence per framework.

    ucs compliance --framework ID [--format table|json|csv|html] [--lang ja] [--as-of DATE] [-o FILE]
    ucs compliance frameworks [--json]             id, version, controls, automated share
    ucs compliance trend --framework ID [--days 90] [--json]
    ucs compliance snapshot                         store today's snapshot now (the daemon does it daily)
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from agent.commands import _args
from agent.commands._common import add_config_arg, load, settings_and_store
from agent.core.errors import UsageError
from agent.core.model import utcnow
from agent.posture.compliance import STATUS_ORDER, ComplianceReport, owner_lookup, report_from_store
from agent.posture.compliance_history import take_snapshots, tenant_day, trend
from agent.posture.frameworks import available_frameworks, load_framework
from agent.report.compliance_evidence import TEXT, evidence_csv, evidence_html, evidence_json

STYLE = {"pass": "green", "fail": "red", "error": "yellow", "manual": "cyan", "not-assessed": "dim"}


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compliance", help="compliance status, score and evidence per framework control")
    add_config_arg(p)
    p.add_argument("--framework", type=_args.framework, help="framework id (see `ucs compliance frameworks`), e.g. fisc or cis-aws-3.0")
    p.add_argument("--format", choices=("table", "json", "csv", "html"), default="table", help="output format")
    p.add_argument("--lang", choices=("en", "ja"), help="language of the evidence (default: the tenant's)")
    p.add_argument("--as-of", type=_day, metavar="DATE", help="the stored daily snapshot of that day (YYYY-MM-DD)")
    p.add_argument("--status", action="append", choices=list(STATUS_ORDER), help="only controls with this status")
    p.add_argument("--output", "-o", metavar="FILE", help="write the evidence to FILE instead of stdout")
    p.add_argument("--json", action="store_true", help="same as --format json")
    p.set_defaults(func=run)
    cmds = p.add_subparsers(dest="compliance_command", metavar="SUBCOMMAND")
    f = cmds.add_parser("frameworks", help="the frameworks, their versions, controls and automated share")
    add_config_arg(f)
    f.add_argument("--json", action="store_true")
    f.set_defaults(func=run_frameworks)
    t = cmds.add_parser("trend", help="the score per day from the stored daily snapshots")
    add_config_arg(t)
    t.add_argument("--framework", required=True)
    t.add_argument("--days", type=int, default=90)
    t.add_argument("--json", action="store_true")
    t.set_defaults(func=run_trend)
    s = cmds.add_parser("snapshot", help="store today's compliance snapshot of the tenant's frameworks now")
    add_config_arg(s)
    s.set_defaults(func=run_snapshot)


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        print(text, end="" if text.endswith("\n") else "\n")


def run(args: argparse.Namespace) -> int:
    if not args.framework:
        raise UsageError("--framework is required", hint="`ucs compliance frameworks` lists them")
    fmt = "json" if args.json else args.format
    settings, store = settings_and_store(args)
    lang = args.lang or settings.language
    try:
        framework = load_framework(args.framework)
        owner = owner_lookup(settings.mutelist, utcnow().date())
        report = report_from_store(store, settings.tenant.id, args.framework, as_of=args.as_of, owner=owner)
        today = args.as_of or tenant_day(settings)
        points = trend(store, settings.tenant.id, args.framework, 90, today) if fmt == "html" else []
    finally:
        store.close()
    if args.status:
        report.controls = [c for c in report.controls if c.status in args.status]
    if fmt == "json":
        _write(evidence_json(report), args.output)
    elif fmt == "csv":
        _write(evidence_csv(report, lang), args.output)
    elif fmt == "html":
        _write(evidence_html(report, framework, points, lang, settings.tenant.id, utcnow()), args.output)
    else:
        _table(report, lang)
    return 0


def _score(report: ComplianceReport, t: dict[str, str]) -> str:
    totals = report.totals
    score = f"{report.score}%" if report.score is not None else "n/a"
    return f"score {score}  (" + ", ".join(f"{k} {totals[k]}" for k in STATUS_ORDER) + ")"


def _table(report: ComplianceReport, lang: str) -> None:
    t = TEXT[lang]
    tab = Table(title=f"{report.title_in(lang)} — {report.source}{f' {report.scan_id}' if report.scan_id else ''}")
    for col in ("control", "status", "title", "checks", "failing"):
        tab.add_column(col, overflow="fold")
    for c in report.controls:
        tab.add_row(c.id, f"[{STYLE[c.status]}]{c.status}[/]", c.title_in(lang), str(len(c.checks)),
                    str(len(c.failing)) if c.failing else "")
    console = Console()
    console.print(tab)
    console.print(_score(report, t))
    for name, sc in report.by_provider.items():
        console.print(f"  {name}: {sc.score if sc.score is not None else 'n/a'}%  not-assessed {sc.not_assessed}")


def run_frameworks(args: argparse.Namespace) -> int:
    rows = []
    for fw_id in available_frameworks():
        fw = load_framework(fw_id)
        rows.append({"id": fw.id, "version": fw.version, "title": fw.title["en"], "providers": list(fw.providers),
                     "controls": len(fw.controls), "automated": fw.automated, "no_check_yet": fw.unmapped,
                     "manual": len(fw.controls) - fw.automated - fw.unmapped, "automated_share": fw.automated_share})
    if getattr(args, "config", None):
        settings = load(args)  # only the config's framework selection: no store needed
        chosen = set(settings.compliance.selected())
        for r in rows:
            r["selected"] = r["id"] in chosen
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    tab = Table(title="compliance frameworks")
    for col in ("id", "version", "controls", "automated", "no check yet", "manual", "automated share"):
        tab.add_column(col)
    for r in rows:
        mark = "" if r.get("selected", True) else " (not selected)"
        tab.add_row(f"{r['id']}{mark}", str(r["version"] or "-"), str(r["controls"]), str(r["automated"]),
                    str(r["no_check_yet"]), str(r["manual"]), f"{r['automated_share']:.1f}%")
    Console(width=120).print(tab)
    return 0


def run_trend(args: argparse.Namespace) -> int:
    load_framework(args.framework)
    if args.days < 1:
        raise UsageError("--days must be at least 1")
    settings, store = settings_and_store(args)
    try:
        points = trend(store, settings.tenant.id, args.framework, args.days, tenant_day(settings))
    finally:
        store.close()
    if args.json:
        print(json.dumps({"framework": args.framework, "days": args.days, "points": points}, ensure_ascii=False,
                         indent=1, default=str))
        return 0
    tab = Table(title=f"{args.framework}: last {args.days} days")
    for col in ("day", "score", "fail", "error", "pass", "not assessed", "manual"):
        tab.add_column(col)
    for p in points:
        tot = p["totals"]
        tab.add_row(p["day"], "n/a" if p["score"] is None else f"{p['score']}%", *(str(tot.get(k, 0)) for k in
                    ("fail", "error", "pass", "not-assessed", "manual")))
    Console().print(tab if points else "no snapshots in this period (the daemon stores one a day)")
    return 0


def run_snapshot(args: argparse.Namespace) -> int:
    settings, store = settings_and_store(args, read_only=False)  # writes the snapshot rows
    try:
        rows = take_snapshots(store, settings)
    finally:
        store.close()
    if not rows:
        raise UsageError(f"no completed scan for tenant {settings.tenant.id!r}", hint="run `ucs scan` first")
    for r in rows:
        print(f"{r['framework']}: {r['day']} score {'n/a' if r['score'] is None else r['score']}")
    return 0
