"""`ucs report`: write a report of what the store holds (HTML: self-contained, printable)."""

from __future__ import annotations

import argparse
from datetime import datetime

from agent.commands._common import add_config_arg, settings_and_store
from agent.report import write_outputs
from agent.report.document import store_document


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write a report from the store (html, json, csv, ocsf)")
    add_config_arg(p)
    p.add_argument("--format", action="append", choices=["html", "json", "csv", "ocsf", "sarif", "junit"], default=None,
                   help="repeatable; default html")
    p.add_argument("--lang", choices=["en", "ja"])
    p.add_argument("--output-dir", metavar="DIR")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from agent.report.html import write_html

    settings, store = settings_and_store(args)
    lang = args.lang or settings.language
    out_dir = args.output_dir or settings.output.dir
    formats = args.format or ["html"]
    stem = f"ucs-report-{settings.tenant.id}-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    paths = []
    if "html" in formats:
        paths.append(write_html(store, settings, out_dir, stem, lang))
    rest = [f for f in formats if f != "html"]
    if rest:
        findings = store.findings(settings.tenant.id)
        doc = store_document(store, settings.tenant.id, [], lang)
        paths += write_outputs(findings, rest, out_dir, stem, lang,
                               {"tenant": settings.tenant.id, "scan": doc["scan"], "coverage": doc["coverage"]})
    for p in paths:
        print(f"wrote {p}")
    return 0
