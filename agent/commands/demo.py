"""`ucs demo`: seed an emulated AWS account and scan it through the real collector over HTTP."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from rich.console import Console

from agent import demo
from agent.core.model import Status
from agent.engine.scan import run_scan
from agent.report import write_outputs
from agent.report.terminal import print_scan_summary
from agent.store import Store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="scan an emulated, misconfigured AWS account (no cloud account needed)")
    p.add_argument("--output-dir", metavar="DIR", help="keep the store and reports here (default: a temp dir)")
    p.add_argument("--lang", choices=["en", "ja"], default="en")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    console = Console(stderr=True)
    from agent.demo.seed import seed_demo

    work = demo.workdir(args.output_dir)
    with demo.fake_credentials(), demo.moto_server() as url:
        console.print(f"[bold]UCS demo[/]: emulated AWS (moto) at {url}")
        with console.status("seeding a misconfigured estate…"):
            seeded = seed_demo(url, demo.DEMO_REGIONS)
        console.print(f"seeded: {demo.describe(seeded)}")
        settings = demo.demo_settings(url, work / "ucs-demo.sqlite", work, args.lang)
        store = Store(settings.storage.url or "")
        with console.status("scanning…") as status:
            outcome = run_scan(settings, store, trigger="demo", progress=lambda m: status.update(f"scanning… {m}"))
    print_scan_summary(outcome.tally, args.lang)
    stem = f"ucs-demo-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    paths = write_outputs(outcome.results, ["json", "ocsf"], work, stem, args.lang,
                          {"tenant": "demo", "coverage": outcome.coverage.to_list(),
                           "scan": {"id": outcome.scan_id, "status": str(outcome.status), "trigger": "demo"}})
    failing = outcome.tally.count(Status.FAIL)
    console.print(f"{len(outcome.inventory)} resources, {outcome.tally.total} results, {failing} failing")
    # paths and commands are printed whole (a wrapped command cannot be pasted)
    print(f"store: {work / 'ucs-demo.sqlite'}", file=sys.stderr)
    for p in paths:
        print(f"wrote {p}", file=sys.stderr)
    store_arg = f"--store sqlite:///{work / 'ucs-demo.sqlite'} --tenant demo"
    print(f"next: ucs findings list {store_arg}\n      ucs report {store_arg} --output-dir {work}", file=sys.stderr)
    return 0
