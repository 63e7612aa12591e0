"""`ucs worker`: collect fleet-mode scan shards for the tenants whose configs are in a directory."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("worker", help="run a fleet worker: collect scan shards published by daemons and `ucs scan --engine celery`")
    p.add_argument("--config-dir", required=True, metavar="DIR",
                   help="directory of tenant configs (*.yaml) this worker may collect for; messages carry no credentials")
    p.add_argument("--concurrency", type=int, default=4, metavar="N", help="shards collected at once (default 4)")
    p.add_argument("--queues", metavar="Q1,Q2", help="queues to serve (default: <engine.queue>.<tenant> of every tenant)")
    p.add_argument("--broker", metavar="URL", help="broker URL (default: the tenants' engine.broker_url)")
    p.add_argument("--metrics-port", type=int, metavar="PORT", help="serve /healthz and /metrics on 127.0.0.1:PORT")
    p.add_argument("--metrics-host", default="127.0.0.1", metavar="HOST")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from agent.fleet.worker import run_worker  # Celery is loaded only for fleet commands

    queues = [q for q in (args.queues or "").split(",") if q] or None
    return run_worker(args.config_dir, args.concurrency, queues, args.broker, args.metrics_host, args.metrics_port)
