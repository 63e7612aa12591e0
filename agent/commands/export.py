"""`ucs export securityhub`: send our findings to AWS Security Hub (BatchImportFindings)."""

from __future__ import annotations

import argparse
import json

from agent.commands._common import add_config_arg, load, open_store
from agent.core.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="send findings to another security product")
    esub = p.add_subparsers(dest="export_cmd", required=True)
    sp = esub.add_parser("securityhub", help="import our findings into AWS Security Hub (ASFF, idempotent)")
    add_config_arg(sp, required=True)
    sp.add_argument("--account", metavar="ID", help="the account whose Security Hub receives them (default: the first configured)")
    sp.add_argument("--region", help="the Security Hub region (default: products.securityhub_aggregation_region or the account's first)")
    sp.add_argument("--dry-run", action="store_true", help="print how many would be sent, send nothing")
    sp.set_defaults(func=run_securityhub)


def run_securityhub(args: argparse.Namespace) -> int:
    from agent.collectors.aws.context import ClientFactory
    from agent.products.export import ExportResult, documents, send
    from agent.report.common import meta_for

    settings = load(args)
    aws = settings.providers.aws
    accounts = aws.accounts if aws else []
    acct = next((a for a in accounts if args.account in (None, a.id)), None)
    if acct is None:
        raise UsageError("no AWS account to export to", hint="configure providers.aws.accounts or pass --account")
    factory = ClientFactory.for_account(acct)
    account = acct.id or str(factory.client("sts").get_caller_identity()["Account"])
    region = args.region or settings.products.securityhub_aggregation_region or (list(acct.regions) or [factory.default_region])[0]
    store = open_store(settings, args)
    findings = store.findings(settings.tenant.id, states=["new", "open", "reopened", "muted", "resolved"])

    def texts(f):  # type: ignore[no-untyped-def]
        meta = meta_for(f.check_id)
        return ((meta.text("title"), f.detail, {k: list(v) for k, v in meta.frameworks.items()}) if meta
                else ("", f.detail, {}))

    result = ExportResult()
    docs = documents(findings, settings.tenant.id, account, region, texts, result)
    if not args.dry_run:
        sent = send(factory.client("securityhub", region), docs)
        sent.skipped = result.skipped
        result = sent
    out = result.to_dict() | {"account": account, "region": region, "findings": len(docs), "dry_run": args.dry_run}
    print(json.dumps(out, indent=1))
    return 3 if result.failed else 0
