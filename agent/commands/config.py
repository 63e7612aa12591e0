"""`ucs config validate FILE`: every problem at once, each with file, line and key path."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from agent.core.errors import ConfigError, LicenceError
from agent.settings.menus import check_licence
from agent.settings.tenant import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("config", help="work with tenant config files")
    csub = p.add_subparsers(dest="config_cmd", required=True)
    vp = csub.add_parser("validate", help="validate a tenant config file")
    vp.add_argument("file")
    vp.set_defaults(func=run_validate)


def run_validate(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(args.file)
    except ConfigError as exc:
        for p in exc.problems:
            print(f"error: {p}", file=sys.stderr)
        print(f"{args.file}: {len(exc.problems)} problem(s)", file=sys.stderr)
        return 2
    if settings.threats.rule_dirs:  # the tenant's own threat rules: a rule that does not load is a config error
        from agent.threats.rules import build

        problems = build(settings.threats.rule_dirs).problems
        if problems:
            for prob in problems:
                print(f"error: {prob}", file=sys.stderr)
            print(f"{args.file}: {len(problems)} problem(s) in threats.rule_dirs (the other rules still run)", file=sys.stderr)
            return 2
    try:
        check_licence(settings, date.today())
    except LicenceError as exc:
        print(f"warning: {exc.message}", file=sys.stderr)
    accounts = []
    p = settings.providers
    if p.aws:
        accounts.append(f"{len(p.aws.accounts)} AWS account(s)")
    if p.kubernetes:
        accounts.append(f"{len(p.kubernetes.clusters)} cluster(s)")
    if p.azure:
        accounts.append(f"{len(p.azure.subscriptions)} Azure subscription(s)")
    if p.gcp:
        accounts.append(f"{len(p.gcp.projects)} GCP project(s)")
    print(f"{args.file}: valid — tenant {settings.tenant.id}, {', '.join(accounts) or 'no providers'}, "
          f"options: {', '.join(settings.menus.options) or 'none'}")
    return 0
