"""`ucs vulns import|collect|list`: vulnerability visualisation (option menu "vulnerability")."""

from __future__ import annotations

import argparse
import json

from agent.commands import _args
from agent.commands._common import add_config_arg, settings_and_store, severity_level
from agent.core.model import Severity
from agent.report.labels import label
from agent.report.terminal import emit
from agent.settings.menus import require_feature


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("vulns", help="import, collect and list vulnerabilities")
    vsub = p.add_subparsers(dest="vulns_cmd", required=True)
    ip = vsub.add_parser("import", help="import Trivy JSON (image, fs, SBOM), ECR scan or Inspector2 JSON files")
    add_config_arg(ip)
    ip.add_argument("files", nargs="+")
    ip.set_defaults(func=run_import)
    cp = vsub.add_parser("collect", help="read ECR image scans and Inspector2 findings of the configured AWS accounts")
    add_config_arg(cp, required=True)
    cp.set_defaults(func=run_collect)
    lp = vsub.add_parser("list", help="list vulnerabilities ranked by risk")
    add_config_arg(lp)
    lp.add_argument("--severity", metavar="LEVEL", type=severity_level)
    lp.add_argument("--fixable", action="store_true", help="only those with a fixed version")
    lp.add_argument("--exposed", action="store_true", help="only those in internet-reachable workloads")
    lp.add_argument("--image", help="substring of the image name or digest")
    lp.add_argument("--workload", help="substring of a workload name")
    lp.add_argument("--limit", type=_args.positive_int, default=50)
    lp.add_argument("--json", action="store_true")
    _args.add_lang(lp)
    lp.set_defaults(func=run_list)


def _gate(args: argparse.Namespace, read_only: bool = False):
    # vulnerabilities may be imported without any scan: a reader needs the store, not a scan
    settings, store = settings_and_store(args, read_only=read_only, known_tenant=False)
    if getattr(args, "config", None):
        require_feature(settings, "vulns")
    return settings, store


def run_import(args: argparse.Namespace) -> int:
    from agent.vulns import store as vstore
    from agent.vulns.parsers import load_file

    settings, store = _gate(args)
    groups = [load_file(f) for f in args.files]  # parse all first: a bad file stores nothing
    stats = vstore.save_all(store, settings.tenant.id, groups)
    print(f"imported {sum(len(g) for g in groups)} vulnerabilities from {len(args.files)} file(s): "
          f"{stats['added']} new, {stats['kept']} still present, {stats['removed']} gone")
    return 0


def run_collect(args: argparse.Namespace) -> int:
    from agent.collectors.aws import caller_account
    from agent.collectors.aws.context import ClientFactory
    from agent.vulns import store as vstore
    from agent.vulns.aws import collect

    settings, store = _gate(args)
    total = 0
    for acct in (settings.providers.aws.accounts if settings.providers.aws else []):
        factory = ClientFactory.for_account(acct)
        account = acct.id or caller_account(factory)
        vulns, cov = collect(factory, account, list(acct.regions) or [factory.default_region])
        groups: dict[tuple, list] = {}
        for v in vulns:
            groups.setdefault((v.source, v.image_digest or v.image or v.target), []).append(v)
        vstore.save_all(store, settings.tenant.id, groups.values())
        total += len(vulns)
        for gap in cov.failures:
            print(f"not assessed: {gap.account} {gap.region} {gap.resource_type}: {gap.error}")
    print(f"collected {total} vulnerabilities")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from agent.vulns.view import ranked

    settings, store = _gate(args, read_only=True)
    rows, _ = ranked(store, settings.tenant.id)
    min_sev = Severity.parse(args.severity) if args.severity else None
    sel = [r for r in rows
           if (min_sev is None or r.vuln.severity >= min_sev)
           and (not args.fixable or r.vuln.fix_available)
           and (not args.exposed or r.reach.exposed)
           and (not args.image or args.image in (r.vuln.image or "") + (r.vuln.image_digest or ""))
           and (not args.workload or any(args.workload in w.label for w in r.reach.workloads))][: args.limit]
    if args.json:
        print(json.dumps([r.to_dict() for r in sel], ensure_ascii=False, indent=1))
        return 0
    lang = args.lang or settings.language
    rows = []
    for r in sel:
        v = r.vuln
        where = v.image or v.target or v.image_digest or ""
        flags = ("internet " if r.reach.exposed else "") + ("privileged " if r.reach.privileged else "")
        rows.append([f"{r.risk:g}", v.cve, label(v.severity.label, lang), f"{v.cvss_score or ''}",
                     f"{v.package} {v.installed_version}", v.fixed_version or "-", where,
                     flags + (", ".join(w.label for w in r.reach.workloads) or "none")])
    emit(f"{len(sel)} vulnerabilit{'y' if len(sel) == 1 else 'ies'} by risk" if lang == "en"
         else f"リスク順の脆弱性 {len(sel)} 件",
         [label(c, lang) for c in ("risk", "CVE", "severity", "CVSS", "package", "fix", "image / target", "workloads")],
         rows, no_wrap=(0, 1, 2, 3))
    return 0
