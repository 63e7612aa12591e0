"""`ucs fleet status`: the fleet's workers, each tenant's queue and shards in flight."""

from __future__ import annotations

import argparse
import json

from agent.commands._common import add_config_arg, load


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("fleet", help="fleet mode: workers and queues")
    fsub = p.add_subparsers(dest="fleet_command", required=True)
    s = fsub.add_parser("status", help="workers, the tenant's queue, shards running and waiting")
    add_config_arg(s, required=True)
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=run_status)


def run_status(args: argparse.Namespace) -> int:
    from agent.core.errors import UsageError
    from agent.fleet.app import app_for
    from agent.fleet.status import fleet_status

    settings = load(args)
    if settings.engine.kind != "celery":
        raise UsageError(f"tenant {settings.tenant.id} does not use fleet mode (engine.kind is {settings.engine.kind})",
                         hint="set engine: {kind: celery, broker_url: redis://HOST:6379/0} in the tenant config")
    doc = fleet_status(app_for(settings.engine), settings.engine, [settings.tenant.id])
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
        return 0
    ja = settings.language == "ja"
    print(("ワーカー" if ja else "workers") + f": {len(doc['workers'])}")
    for w in doc["workers"]:
        print(f"  {w['name']:40} " + (f"実行中 {w['running']}、予約 {w['reserved']}、処理済み {w['processed']}" if ja else
                                       f"running {w['running']}, reserved {w['reserved']}, processed {w['processed']}"))
    for tenant, t in doc["tenants"].items():
        oldest = "-" if t["oldest_waiting_seconds"] is None else f"{t['oldest_waiting_seconds']}s"
        print(f"tenant {tenant} queue {t['queue']}: " + (
            f"実行中 {t['running']}、待機 {t['waiting']}（最古 {oldest}）" if ja else
            f"running {t['running']}, waiting {t['waiting']} (oldest {oldest})"))
    return 0
