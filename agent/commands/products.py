"""`ucs products ingest|status`: take in the licensed cloud security products' own findings, and
show what each product contributes (findings, coverage gaps, what was dropped)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from agent.commands._common import add_config_arg, load, open_store
from agent.core.errors import UsageError
from agent.settings.menus import check_licence, require_feature


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("products", help="the cloud security products' own findings (Security Hub, GuardDuty, Defender, SCC …)")
    psub = p.add_subparsers(dest="products_cmd", required=True)
    ip = psub.add_parser("ingest", help="read the licensed products' findings now (incremental)")
    add_config_arg(ip, required=True)
    ip.add_argument("--json", action="store_true")
    ip.add_argument("--no-notify", action="store_true", help="store transitions without notifying")
    ip.set_defaults(func=run_ingest)
    sp = psub.add_parser("status", help="per product: findings, coverage gaps, dropped (Art. 12)")
    add_config_arg(sp, required=True)
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=run_status)


def run_ingest(args: argparse.Namespace) -> int:
    from datetime import date

    import notifiers
    from agent.products.ingest import Ingest

    settings = load(args)
    check_licence(settings, date.today())
    require_feature(settings, "findings")
    if not settings.products.licensed:
        raise UsageError("no cloud security product is licensed for this tenant",
                         hint="list them under products.licensed in the tenant config (Art. 3)")
    store = open_store(settings, args)
    hook = notifiers.transition_hook(settings) if settings.notifications.enabled and not args.no_notify else None
    report = Ingest(settings, store, on_transitions=hook).run()
    doc = report.to_dict()
    if args.json:
        print(json.dumps(doc, indent=1, ensure_ascii=False))
        return 0
    for source, s in doc["by_source"].items():
        print(f"{source:16} read {s['read']:>7}  stored {s['stored']:>7}  dropped {s['dropped']:>5}  "
              f"changes {s['transitions']:>4}  gaps {s['gaps']}/{s['units']}")
    for g in doc["gaps"]:
        print(f"  gap: {g['source']} {g['account']} {g['where']}: {g['error']}")
    return 0


def products_doc(settings: Any, store: Any) -> dict[str, Any]:
    """Per licensed product: active findings it reports, open coverage gaps, dropped (Art. 12)."""
    from agent.store.daemon_state import DaemonState

    tenant = settings.tenant.id
    active = store.findings(tenant, states=["new", "open", "reopened", "muted"])
    counts = DaemonState(store.engine).counts(tenant)
    out: dict[str, Any] = {"licensed": list(settings.products.licensed), "by_source": {}}
    for source in settings.products.licensed:
        mine = [f for f in active if source in f.sources]
        gaps = [f for f in mine if f.check_id == f"product.{source}.coverage_gap"]
        rows = [c for c in counts if c["source"] == f"product:{source}"]
        out["by_source"][source] = {
            "findings": len(mine) - len(gaps),
            "also_ours": sum(1 for f in mine if "ucs" in f.sources),
            "gaps": [{"where": f.resource.name, "detail": f.detail} for f in gaps],
            "taken_in": sum(int(c["accepted"]) for c in rows), "dropped": sum(int(c["dropped"]) for c in rows),
        }
    return out


def run_status(args: argparse.Namespace) -> int:
    settings = load(args)
    doc = products_doc(settings, open_store(settings, args))
    if args.json:
        print(json.dumps(doc, indent=1, ensure_ascii=False))
        return 0
    print_products(doc)
    return 0


def print_products(doc: dict[str, Any]) -> None:
    if not doc["licensed"]:
        print("products: none licensed")
        return
    for source, s in doc["by_source"].items():
        print(f"product {source}: {s['findings']} finding(s) ({s['also_ours']} also found by UCS), "
              f"taken in {s['taken_in']}, dropped {s['dropped']}")
        for g in s["gaps"]:
            print(f"  COVERAGE GAP {g['where']}: {g['detail']}")
