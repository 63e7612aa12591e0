"""Prometheus metrics and the loopback health endpoints of a daemon.

``/healthz``: the process answers (liveness).  ``/readyz``: the scheduler runs and the store
answers ``SELECT 1``.  ``/metrics``: Prometheus text format from a registry of the daemon's own
(never the global one, so two daemons in one test process do not mix).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import text

from agent.core.httpd import BackgroundServer, QuietHandler

if TYPE_CHECKING:
    from agent.daemon.realtime import Realtime
    from agent.daemon.throttle import Throttle
    from agent.events.intake import Intake
    from agent.store import Store

log = logging.getLogger(__name__)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Daemon(Protocol):
    """What the metrics and health endpoints read of a running daemon
    (:class:`agent.daemon.service.Daemon`, which imports this module)."""

    tenant: str
    store: Store
    backlog: int | None
    intake: Intake
    throttle: Throttle
    realtime: Realtime
    metrics: DaemonMetrics

    @property
    def scheduler_running(self) -> bool: ...


class DaemonMetrics:
    def __init__(self, daemon: Daemon) -> None:
        self.registry = CollectorRegistry()
        self.scans = Counter("ucs_scans", "Scans run by the daemon, by outcome", ["tenant", "status"],
                             registry=self.registry)
        self.scan_seconds = Histogram("ucs_scan_duration_seconds", "Scan duration", ["tenant"], registry=self.registry,
                                      buckets=(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600))
        self.resources = Counter("ucs_resources_scanned", "Resources collected by scans", ["tenant"],
                                 registry=self.registry)
        self.api_errors = Counter("ucs_api_errors", "Coverage gaps (API or collection errors) in scans",
                                  ["tenant"], registry=self.registry)
        self.jobs_skipped = Counter("ucs_jobs_skipped", "Jobs skipped, by job kind and reason",
                                    ["tenant", "job", "reason"], registry=self.registry)
        self.job_errors = Counter("ucs_job_errors", "Jobs that failed, by job kind", ["tenant", "job"],
                                  registry=self.registry)
        self.realtime = Counter("ucs_realtime_reassessments", "Event-driven re-assessments, by outcome",
                                ["tenant", "outcome"], registry=self.registry)
        self.realtime_latency = Histogram("ucs_realtime_latency_seconds",
                                          "Change event time to recorded re-assessment", ["tenant"],
                                          registry=self.registry, buckets=(1, 5, 10, 20, 30, 60, 120, 300, 900))
        self.registry.register(_LiveCollector(daemon))


class _LiveCollector(Collector):
    """Values read at scrape time: findings in the store, outbox backlog, intake and throttle."""

    def __init__(self, daemon: Daemon) -> None:
        self.d = daemon

    def collect(self) -> Iterator[Any]:
        d = self.d
        tenant = d.tenant
        findings = GaugeMetricFamily("ucs_findings", "Stored findings by severity and state",
                                     labels=["tenant", "severity", "state"])
        try:
            for state, by_sev in d.store.counts(tenant).items():
                for sev, n in by_sev.items():
                    findings.add_metric([tenant, sev, state], n)
        except Exception:  # a scrape never fails because the store is briefly away
            log.debug("findings metric unavailable", exc_info=True)
        yield findings
        backlog = GaugeMetricFamily("ucs_outbox_backlog", "Notifications waiting in the outbox (-1: unknown)",
                                    labels=["tenant"])
        backlog.add_metric([tenant], -1 if d.backlog is None else d.backlog)
        yield backlog
        accepted = CounterMetricFamily("ucs_events_accepted", "Monitoring-log events taken in", labels=["tenant", "source"])
        malformed = CounterMetricFamily("ucs_events_malformed", "Malformed monitoring-log records, skipped",
                                        labels=["tenant", "source", "reason"])
        dropped = CounterMetricFamily("ucs_events_dropped", "Events dropped while suspended (Art. 12)",
                                      labels=["tenant", "source"])
        for origin, (acc, _, drop) in d.intake.cumulative().items():
            accepted.add_metric([tenant, origin], acc)
            dropped.add_metric([tenant, origin], drop)
        for (origin, reason), bad in sorted(d.intake.malformed_by_reason().items()):
            malformed.add_metric([tenant, origin, reason], bad)
        yield accepted
        yield malformed
        yield dropped
        rate = GaugeMetricFamily("ucs_intake_events_this_minute", "Events metered in the current minute",
                                 labels=["tenant"])
        rate.add_metric([tenant], d.throttle.current_rate)
        yield rate
        suspended = GaugeMetricFamily("ucs_throttle_suspended", "1 while the tenant is suspended (Art. 11)",
                                      labels=["tenant"])
        suspended.add_metric([tenant], 1 if d.throttle.suspended() else 0)
        yield suspended
        queued = GaugeMetricFamily("ucs_realtime_queued", "Changed resources waiting for re-assessment",
                                   labels=["tenant"])
        queued.add_metric([tenant], len(d.realtime.queue))
        yield queued
        events = CounterMetricFamily("ucs_realtime_change_events", "Change events queued for re-assessment",
                                     labels=["tenant"])
        events.add_metric([tenant], d.realtime.queue.events)
        yield events


class _HealthHandler(QuietHandler):
    server: Any

    def do_GET(self) -> None:
        d: Daemon = self.server.daemon
        path = self.path.split("?", 1)[0]
        if path == "/healthz":
            self.reply(200, b"ok\n")
        elif path == "/readyz":
            problems = []
            if not d.scheduler_running:
                problems.append("scheduler not running")
            try:
                with d.store.engine.connect() as conn:
                    conn.execute(text("SELECT 1"))
            except Exception as exc:
                problems.append(f"store unreachable: {type(exc).__name__}")
            if problems:
                self.reply(503, ("; ".join(problems) + "\n").encode())
            else:
                self.reply(200, b"ready\n")
        elif path == "/metrics":
            self.reply(200, generate_latest(d.metrics.registry), CONTENT_TYPE)
        else:
            self.reply(404, b"not found\n")

    do_HEAD = do_GET


def start_health_server(daemon: Daemon, host: str, port: int) -> BackgroundServer:
    return BackgroundServer("health", host, port, _HealthHandler, daemon=daemon).start()
