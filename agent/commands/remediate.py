"""`ucs remediate list|show|history|plan|approve|reject|apply|rollback`."""

from __future__ import annotations

import argparse
import getpass
import json
from typing import Any

from rich.console import Console
from rich.table import Table

from agent.commands import _args
from agent.commands._common import add_config_arg, load, open_store
from agent.core.errors import UsageError
from agent.report.common import local_time
from agent.report.labels import label
from agent.report.terminal import emit
from agent.settings.menus import require_feature


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("remediate", help="plan, approve, apply and roll back fixes (option menu: remediation)")
    rsub = p.add_subparsers(dest="remediate_cmd", required=True)

    def cmd(name: str, help_text: str, func: Any, plan_id: bool = False) -> argparse.ArgumentParser:
        sp = rsub.add_parser(name, help=help_text)
        add_config_arg(sp, required=True)
        sp.add_argument("--actor", default=None, help="who is acting (default: the OS user)")
        _args.add_lang(sp)
        if plan_id:
            sp.add_argument("plan_id", type=int, help="plan id (see `ucs remediate list`)")
        sp.set_defaults(func=func)
        return sp

    lp = cmd("list", "list plans", run_list)
    lp.add_argument("--status", action="append", help="only plans in this status (repeatable)")
    lp.add_argument("--json", action="store_true")
    cmd("show", "show one plan: calls, before → after, CLI command, Terraform", run_show, plan_id=True)
    hp = cmd("history", "audit trail (of one plan, or all)", run_history)
    hp.add_argument("plan_id", type=int, nargs="?")
    hp.add_argument("--json", action="store_true")
    pp = cmd("plan", "plan fixes for open findings according to the configured modes", run_plan)
    pp.add_argument("--check", metavar="ID|GLOB", help="only findings of these checks")
    cmd("approve", "approve a pending plan", run_approve, plan_id=True)
    rp = cmd("reject", "reject a pending plan", run_reject, plan_id=True)
    rp.add_argument("--reason", default="")
    ap = cmd("apply", "apply an approved plan (or every approved plan with --all)", run_apply)
    ap.add_argument("plan_id", type=int, nargs="?")
    ap.add_argument("--all", action="store_true", help="every approved plan, within max_changes_per_run")
    cmd("rollback", "restore the before-state of an applied plan", run_rollback, plan_id=True)
    rl = rsub.add_parser("remediators", help="the remediators this agent has, and whether their check is registered")
    rl.add_argument("--json", action="store_true")
    rl.set_defaults(func=run_remediators)


def _setup(args: argparse.Namespace) -> tuple[Any, Any, str]:
    settings = load(args)
    require_feature(settings, "remediate")
    return settings, open_store(settings, args), args.actor or getpass.getuser()


def _runner(args: argparse.Namespace) -> Any:
    from remediation.context import build_context
    from remediation.runner import Runner

    settings, store, actor = _setup(args)
    return Runner(settings, store, build_context(settings, actor), actor=actor)


def _rstore(args: argparse.Namespace) -> tuple[Any, Any]:
    from remediation.store import RemediationStore

    settings, store, _ = _setup(args)
    return settings, RemediationStore(store)


def run_list(args: argparse.Namespace) -> int:
    settings, rs = _rstore(args)
    plans = rs.plans(settings.tenant.id, statuses=args.status)
    if args.json:
        print(json.dumps([p.to_dict() for p in plans], ensure_ascii=False, indent=1, default=str))
        return 0
    lang = args.lang or settings.language
    emit(f"{len(plans)} remediation plan(s)" if lang == "en" else f"修復計画 {len(plans)} 件",
         [label(c, lang) for c in ("id", "status", "mode", "check", "resource", "change")],
         [[str(p.id), p.status, p.mode, p.check_id, p.resource_name, p.reason or "; ".join(p.changes())] for p in plans],
         no_wrap=(0, 1, 2, 3))
    return 0


def _plan(settings: Any, rs: Any, plan_id: int) -> Any:
    plan = rs.plan(settings.tenant.id, plan_id)
    if plan is None:
        raise UsageError(f"no remediation plan {plan_id}", hint="use `ucs remediate list` to see plan ids")
    return plan


def run_show(args: argparse.Namespace) -> int:
    settings, rs = _rstore(args)
    plan = _plan(settings, rs, args.plan_id)
    row = rs.plan_row(settings.tenant.id, args.plan_id) or {}
    doc = plan.to_dict()
    doc.update({k: row.get(k) for k in ("created_at", "created_by", "approved_by", "expires_at", "updated_at")})
    print(json.dumps(doc, ensure_ascii=False, indent=1, default=str))
    return 0


def run_history(args: argparse.Namespace) -> int:
    settings, rs = _rstore(args)
    rows = rs.history(settings.tenant.id, args.plan_id)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return 0
    lang = args.lang or settings.language
    emit("remediation audit trail" if lang == "en" else "修復の監査証跡",
         [label(c, lang) for c in ("at", "plan", "actor", "action", "result", "detail")],
         [[local_time(r["at"], settings.tenant.timezone, lang), str(r["plan_id"]), r["actor"], r["action"], r["result"],
           r["detail"]] for r in rows], no_wrap=(0, 1, 2, 3, 4))
    return 0


def _print_outcomes(outcomes: list[Any]) -> int:
    for o in outcomes:
        print(f"plan {o.plan_id}: {o.status}" + (f" — {o.detail}" if o.detail else ""))
    return 0 if all(o.status in ("verified", "approved", "rejected", "rolled_back") for o in outcomes) else 3


def run_plan(args: argparse.Namespace) -> int:
    runner = _runner(args)
    for provider, accounts in sorted(runner.ctx.unreachable.items()):
        for account, why in sorted(accounts.items()):  # their plans are refused with this reason
            print(f"not plannable: {provider} {account}: {why}")
    plans = runner.propose(check=args.check)
    for p in plans:
        print(
            f"plan {p.id}: {p.status} [{p.mode}] {p.check_id} {p.resource_name}"
            + (f" — {p.reason}" if p.reason else "")
        )
        for line in p.changes():
            print(f"    {line}")
    if not plans:
        print("no new plans (no open findings with a remediator, modes off, or plans already made)")
    return 0


def run_approve(args: argparse.Namespace) -> int:
    return _print_outcomes([_runner(args).approve(args.plan_id)])


def run_reject(args: argparse.Namespace) -> int:
    return _print_outcomes([_runner(args).reject(args.plan_id, args.reason)])


def run_apply(args: argparse.Namespace) -> int:
    runner = _runner(args)
    if args.all:
        return _print_outcomes(runner.apply_approved())
    if args.plan_id is None:
        raise UsageError("give a plan id or --all")
    return _print_outcomes([runner.apply(args.plan_id)])


def run_rollback(args: argparse.Namespace) -> int:
    return _print_outcomes([_runner(args).rollback(args.plan_id)])


def run_remediators(args: argparse.Namespace) -> int:
    from remediation.registry import all_remediators, waiting

    pending = set(waiting())
    rows = [
        {
            "check": cid,
            "provider": rem.provider,
            "resource_type": rem.resource_type,
            "registered": cid not in pending,
            "change": rem.summary.format(name="…"),
        }
        for cid, rem in sorted(all_remediators().items())
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    t = Table(title=f"{len(rows)} remediator(s), {len(rows) - len(pending)} with a registered check")
    for col in ("check", "provider", "registered", "change"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(r["check"], r["provider"], "yes" if r["registered"] else "waiting for its check", r["change"])
    Console().print(t)
    return 0
