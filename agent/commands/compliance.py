"""`ucs compliance --framework cis-aws-3.0`: per-control status and a score from the last scan."""

from __future__ import annotations

import argparse
import json

from rich.console import Console
from rich.table import Table

from agent.commands import _args
from agent.commands._common import add_config_arg, settings_and_store
from agent.posture.compliance import STATUS_ORDER, report_from_store
from agent.report.labels import label

STYLE = {"pass": "green", "fail": "red", "error": "yellow", "manual": "cyan", "not-assessed": "dim"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compliance", help="compliance status per framework control, from the last scan")
    add_config_arg(p)
    p.add_argument("--framework", required=True, type=_args.framework, help="framework id, e.g. cis-aws-3.0 or aws-fsbp")
    p.add_argument("--status", action="append", choices=list(STATUS_ORDER), help="only controls with this status")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    _args.add_lang(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings, store = settings_and_store(args)
    try:
        report = report_from_store(store, settings.tenant.id, args.framework)
    finally:
        store.close()
    controls = [c for c in report.controls if not args.status or c.status in args.status]
    if args.json:
        doc = report.to_dict()
        doc["controls"] = [c.to_dict() for c in controls]
        print(json.dumps(doc, ensure_ascii=False, indent=1, default=str))
        return 0
    lang = args.lang or settings.language
    t = Table(title=f"{report.title} — {label('scan', lang)} {report.scan_id}")
    for col in ("control", "status", "title", "checks", "failing"):
        t.add_column(label(col, lang), overflow="fold")
    for c in controls:
        t.add_row(c.id, f"[{STYLE[c.status]}]{label(c.status, lang)}[/]", c.title, str(len(c.checks)), str(len(c.failing)) if c.failing else "")
    console = Console()
    console.print(t)
    totals = report.totals
    score = f"{report.score}%" if report.score is not None else "n/a"
    console.print(f"{label('score', lang)} {score}  ("
                  + ", ".join(f"{label(k, lang)} {totals[k]}" for k in STATUS_ORDER) + ")")
    return 0
