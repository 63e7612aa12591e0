"""`ucs plan`: the ranked improvement plan (改善提案), option menu "improvement"."""

from __future__ import annotations

import argparse
import json
import sys

from rich.console import Console
from rich.table import Table

from agent.commands._common import add_config_arg, settings_and_store
from agent.report.labels import label
from agent.report.terminal import emit
from agent.settings.menus import require_feature


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("plan", help="ranked improvement actions (what to fix first)")
    add_config_arg(p)
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=["en", "ja"])
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings, store = settings_and_store(args)
    if args.config:
        require_feature(settings, "plan")
    lang = args.lang or settings.language
    from agent.posture.plan import plan_for_tenant

    actions = plan_for_tenant(store, settings.tenant.id, lang)
    top = actions[: args.top]
    if args.json:
        print(json.dumps([a.to_dict() for a in top], ensure_ascii=False, indent=1))
        return 0
    title = (f"Improvement plan: top {len(top)} of {len(actions)} actions" if lang == "en"
             else f"改善提案: 全 {len(actions)} 件中の上位 {len(top)} 件")
    if not sys.stdout.isatty():
        emit(title, [label(c, lang) for c in ("#", "action", "why", "how", "risk removed", "effort",
                                              "controls turned green")],
             [[str(i), a.what, a.why, " / ".join(a.how[:3]), f"{a.risk_removed:g}", label(a.effort, lang),
               ", ".join(a.controls_green[:6])] for i, a in enumerate(top, 1)])
        return 0
    t = Table(title=title, show_lines=True)
    for col in ("#", "action", "why", "how", "risk removed", "effort", "controls turned green"):
        t.add_column(label(col, lang), overflow="fold")
    for i, a in enumerate(top, 1):
        t.add_row(str(i), a.what, a.why, "\n".join(a.how[:3]), f"{a.risk_removed:g}", a.effort,
                  ", ".join(a.controls_green[:6]) + (" …" if len(a.controls_green) > 6 else ""))
    Console().print(t)
    return 0
