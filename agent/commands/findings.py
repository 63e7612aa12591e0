"""`ucs findings list|show`: read findings from the store (``--source``: ours or a product's)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from agent.commands import _args
from agent.commands._common import add_config_arg, settings_and_store, severity_level
from agent.core.errors import UsageError
from agent.core.model import SOURCES, Severity
from agent.report.common import finding_doc
from agent.report.document import iso_utc, store_document
from agent.report.labels import label
from agent.report.terminal import emit


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("findings", help="list or show stored findings")
    fsub = p.add_subparsers(dest="findings_cmd", required=True)
    lp = fsub.add_parser("list", help="list findings")
    add_config_arg(lp)
    lp.add_argument("--state", action="append", choices=["new", "open", "resolved", "reopened", "muted", "passed"])
    lp.add_argument("--status", action="append", choices=["PASS", "FAIL", "MUTED", "ERROR"])
    lp.add_argument("--severity", metavar="LEVEL", type=severity_level, help="at or above this severity")
    lp.add_argument("--check", metavar="ID|GLOB", type=_args.check_selector)
    lp.add_argument("--provider", type=_args.provider, metavar="PROVIDER", help="aws, azure, gcp, kubernetes (k8s)")
    lp.add_argument("--source", choices=list(SOURCES), help="only findings this source reports (ucs or a product)")
    lp.add_argument("--limit", type=_args.positive_int, default=200)
    lp.add_argument("--json", action="store_true")
    lp.add_argument("--lang", choices=["en", "ja"])
    lp.set_defaults(func=run_list)
    sp = fsub.add_parser("show", help="show one finding with its history")
    add_config_arg(sp)
    sp.add_argument("fingerprint", help="fingerprint (a unique prefix is enough)")
    sp.add_argument("--lang", choices=["en", "ja"])
    sp.set_defaults(func=run_show)


def run_list(args: argparse.Namespace) -> int:
    settings, store = settings_and_store(args)
    states = args.state or (None if args.status else ["new", "open", "reopened"])
    rows = store.findings(settings.tenant.id, states=states, statuses=args.status,
                          min_severity=Severity.parse(args.severity) if args.severity else None,
                          check=args.check, provider=args.provider, limit=args.limit, source=args.source)
    lang = args.lang or settings.language
    if args.json:
        print(json.dumps(store_document(store, settings.tenant.id, rows, lang), ensure_ascii=False, indent=1,
                         default=str))
        return 0
    title = f"{len(rows)} finding(s)" if lang == "en" else f"検出結果 {len(rows)} 件"
    headers = [label(c, lang) for c in ("id", "state", "severity", "check", "account", "region", "source", "resource",
                                        "detail")]
    emit(title, headers, [[f.fingerprint[:12], label(f.state.value, lang) if f.state else "", label(f.severity.label, lang),
                           f.check_id, f.resource.account, f.resource.region, ",".join(f.sources), f.resource.name,
                           f.detail_in(lang)] for f in rows], no_wrap=(0, 1, 2, 3, 4, 5, 6))
    return 0


def run_show(args: argparse.Namespace) -> int:
    settings, store = settings_and_store(args)
    f = store.finding(settings.tenant.id, args.fingerprint)
    if f is None:
        raise UsageError(f"no single finding matches {args.fingerprint!r}", hint="use `ucs findings list` to see ids")
    doc = finding_doc(f, args.lang or settings.language)
    # every source that says so, with the product's own id and link (agent.products)
    doc["sources"] = [{"source": s, **f.refs.get(s, {})} for s in f.sources]
    doc["history"] = [history_entry(h) for h in store.history(settings.tenant.id, f.fingerprint)]
    print(json.dumps(doc, ensure_ascii=False, indent=1, default=str))
    return 0


def history_entry(row: dict[str, Any]) -> dict[str, Any]:
    """A history row as data a reader can use: severity by name, times in ISO 8601 UTC."""
    out = dict(row)
    if isinstance(out.get("severity"), int):
        out["severity"] = Severity(out["severity"]).label
    for key, value in out.items():
        if isinstance(value, datetime):
            out[key] = iso_utc(value)
    return out
