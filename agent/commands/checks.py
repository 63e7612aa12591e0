"""`ucs checks list`: the registered checks and their metadata."""

from __future__ import annotations

import argparse
import json

import checks as registry
from agent.commands import _args
from agent.commands._common import severity_level
from agent.core.model import Severity
from agent.posture.frameworks import load_framework
from agent.report.labels import label
from agent.report.terminal import emit
from remediation import remediators


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("checks", help="list the checks this agent knows")
    csub = p.add_subparsers(dest="checks_cmd", required=True)
    lp = csub.add_parser("list", help="list checks")
    lp.add_argument("--provider", type=_args.check_provider, metavar="PROVIDER",
                    help="aws, azure, gcp, kubernetes (k8s), threat")
    lp.add_argument("--service", type=_service, help="e.g. s3, iam, pod")
    lp.add_argument("--severity", metavar="LEVEL", type=severity_level, help="at or above this severity")
    lp.add_argument("--framework", type=_args.framework, help="only checks mapped to this framework (e.g. cis-aws-3.0)")
    lp.add_argument("--json", action="store_true")
    _args.add_lang(lp, default="en")
    lp.set_defaults(func=run_list)


def _service(value: str) -> str:
    return _args.one_of("service", sorted({i.split(".")[1] for i in _args.check_ids()}), value)


def run_list(args: argparse.Namespace) -> int:
    rows = []
    min_sev = Severity.parse(args.severity) if args.severity else None
    # Both mapping directions: checks that declare the framework, and checks a framework file names.
    in_framework = ({k for ctrl in load_framework(args.framework).controls for k in ctrl.checks}
                    if args.framework else set())
    for c in registry.all_checks():
        m = c.meta
        if args.provider and m.provider != _args.CHECK_PREFIX[args.provider]:
            continue
        if args.service and m.service != args.service:
            continue
        if min_sev is not None and m.severity < min_sev:
            continue
        if args.framework and m.id not in in_framework:
            continue
        rows.append(m)
    fixers = remediators()  # remediators are keyed by check id
    if args.json:
        print(json.dumps([{**m.to_dict(), "remediator": m.id if m.id in fixers else None} for m in rows],
                         ensure_ascii=False, indent=1))
        return 0
    lang = args.lang
    # Grouped by (provider, service): the service column names the group once, on its first row.
    rows.sort(key=lambda m: (m.provider, m.service, m.id))
    services = sorted({(m.provider, m.service) for m in rows})
    table, previous = [], None
    for m in rows:
        group = (m.provider, m.service)
        table.append([f"{m.provider}.{m.service}" if group != previous else "", m.id, label(m.severity.label, lang),
                      m.text("title", lang), "; ".join(f"{k}: {', '.join(v)}" for k, v in m.frameworks.items()),
                      ("yes" if lang == "en" else "あり") if m.id in fixers else ""])
        previous = group
    title = (f"{len(rows)} check(s) in {len(services)} service(s)" if lang == "en"
             else f"チェック {len(rows)} 件 ({len(services)} サービス)")
    emit(title, [label(c, lang) for c in ("service", "id", "severity", "title", "frameworks", "fix")], table,
         no_wrap=(0, 1, 2, 5))
    return 0
