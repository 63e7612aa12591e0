"""``ucs worker``: a Celery worker that collects shards for the tenants whose configs it holds.

The worker serves one queue per tenant (``<engine.queue>.<tenant>``) in turn, on a pool of
threads (collection waits on cloud APIs, not on the CPU).  A shard's collection is bounded by the
deadline its message carries (what is not read by then is a coverage gap in its result); a
worker that dies mid-shard leaves the message unacknowledged, and the broker hands it to another
worker after ``engine.redelivery_seconds``.  Losing the broker is survived: the worker reconnects
for as long as it takes.

``--metrics-port`` serves ``/healthz`` (the broker answers) and ``/metrics`` (Prometheus:
``ucs_fleet_shards_total{outcome}``, ``ucs_fleet_shards_running``, ``ucs_fleet_shard_seconds``).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from pathlib import Path
from typing import Any

from celery import signals
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from agent.core.errors import UsageError
from agent.core.httpd import BackgroundServer, QuietHandler
from agent.fleet.app import TASK, make_app, queue_name
from agent.fleet.tasks import configure, register
from agent.settings.tenant import load_settings

log = logging.getLogger(__name__)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class WorkerMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.shards = Counter("ucs_fleet_shards", "Shards this worker finished, by outcome", ["outcome"],
                              registry=self.registry)
        self.running = Gauge("ucs_fleet_shards_running", "Shards being collected now", registry=self.registry)
        self.seconds = Histogram("ucs_fleet_shard_seconds", "Shard collection time", registry=self.registry,
                                 buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1800))
        self._started: dict[str, float] = {}

    def connect(self) -> None:
        signals.task_prerun.connect(self._pre, weak=False)
        signals.task_postrun.connect(self._post, weak=False)

    def _pre(self, task_id: str = "", task: Any = None, **_: Any) -> None:
        if getattr(task, "name", "") == TASK:
            self._started[task_id] = time.monotonic()
            self.running.inc()

    def _post(self, task_id: str = "", task: Any = None, state: str = "", **_: Any) -> None:
        if getattr(task, "name", "") == TASK and task_id in self._started:
            self.running.dec()
            self.seconds.observe(time.monotonic() - self._started.pop(task_id))
            self.shards.labels((state or "unknown").lower()).inc()


class _Handler(QuietHandler):
    server: Any

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/healthz":
            try:
                with self.server.app.connection_for_read() as conn:
                    conn.ensure_connection(max_retries=1, timeout=2)
                self.reply(200, b"ok\n")
            except Exception as exc:  # the broker is away: not ready to take shards
                self.reply(503, f"broker unreachable: {type(exc).__name__}\n".encode())
        elif path == "/metrics":
            self.reply(200, generate_latest(self.server.metrics.registry), CONTENT_TYPE)
        else:
            self.reply(404, b"not found\n")


def run_worker(config_dir: str, concurrency: int = 4, queues: list[str] | None = None, broker: str | None = None,
               metrics_host: str = "127.0.0.1", metrics_port: int | None = None, loglevel: str = "INFO") -> int:
    """Run until stopped (SIGTERM: warm shutdown, running shards finish)."""
    found = configure(config_dir)
    engines = {tenant: load_settings(str(path)).engine for tenant, path in found.items()}
    fleet = {t: e for t, e in engines.items() if e.kind == "celery" or broker}
    if not fleet:
        raise UsageError(f"no tenant config with engine.kind celery in {config_dir}",
                         hint="put the tenants' configs (engine: {kind: celery, broker_url: ...}) in the directory")
    first = next(iter(fleet.values()))
    url = broker or first.broker()
    served = [t for t, e in fleet.items() if broker or e.broker() == url]
    for t in sorted(set(fleet) - set(served)):
        log.warning("worker: tenant %s uses another broker; start a worker for it there", t)
    redelivery = max(fleet[t].redelivery for t in served)
    app = make_app(url, first.result_backend, redelivery)
    register(app)
    metrics = WorkerMetrics()
    metrics.connect()
    server = None
    if metrics_port is not None:
        server = BackgroundServer("worker-metrics", metrics_host, metrics_port, _Handler, app=app, metrics=metrics).start()
    names = queues or sorted({queue_name(fleet[t], t) for t in served})
    log.warning("worker: serving %s for %d tenant(s) from %s", ",".join(names), len(served), Path(config_dir))
    try:
        app.worker_main(argv=["worker", "--pool", "threads", "--concurrency", str(max(1, concurrency)),
                              "--queues", ",".join(names), "--hostname", f"ucs@{socket.gethostname()}-{os.getpid()}",
                              "--without-gossip", "--without-mingle", "--loglevel", loglevel])
    finally:
        if server is not None:
            server.stop()
    return 0
