"""`ucs daemon`: one long-running process per tenant.

APScheduler (3.x) runs one job per provider account/cluster/subscription, plus intake polling,
notification outbox delivery, digests, auto-mode remediation and retention.  Jobs live in a
SQLAlchemy job store in the tenant's own database (table ``ucs_jobs_<tenant>``), so schedules
and missed runs survive a restart: a run missed while the daemon was down is made up once
(coalesce) if it is within ``misfire_grace_seconds``; ``max_instances=1`` means a slow scan never
overlaps itself.  A scan stops collecting at ``scan.deadline_seconds`` and completes as partial;
one still running at twice that (hung outside collection) is given up on and marked
``interrupted`` (:class:`ScanWatch`), so the next run of its job is never skipped for ever.

Signals: SIGTERM/SIGINT stop taking new work, give running scans ``stop_grace_seconds`` to finish
their store transaction, then abandon what is left (the scan row is marked ``interrupted``; its
results were never written, as ``record_scan`` is one transaction), flush the outbox, and exit 0.
SIGHUP reloads and re-validates the config; a bad one is logged and the old one kept.

The job store holds only names ("scan", "aws:123456789012"): the job function finds the running
daemon of the tenant in :data:`_RUNNING` (this module's own registry: no other module reads it), and
:meth:`Daemon.run` dispatches the kind (:class:`agent.daemon.jobs.JobKind`) through the daemon's job
table.  The intake's threat detector is handed the daemon's store and settings (a
:class:`~agent.threats.detect.ThreatContext`, renewed on reload).  A scan of a suspended tenant
(Art. 11) is skipped and recorded as a refused scan with the suspension as reason.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from agent.collectors import Scope
from agent.collectors.deadline import detached, grace
from agent.core.errors import ConfigError, UcsError
from agent.core.httpd import BackgroundServer
from agent.core.model import ScanStatus
from agent.daemon import jobs as daemon_jobs
from agent.daemon.jobs import JobKind
from agent.daemon.lock import TenantLock
from agent.daemon.metrics import DaemonMetrics, start_health_server
from agent.daemon.realtime import TICK_SECONDS as REALTIME_TICK
from agent.daemon.realtime import Realtime, realtime_on
from agent.daemon.throttle import SUSPENDED, Notice, Throttle
from agent.engine.scan import PROVIDER_FEATURE, RECORDING, provider_scopes, run_scan
from agent.events import Detector, detectors
from agent.events.cloud_sources import read_azure_activity, read_gcp_audit
from agent.events.intake import Intake
from agent.events.sources import read_files, read_lookup_events, read_s3
from agent.settings.daemon import Schedule
from agent.settings.menus import require_feature
from agent.settings.tenant import AwsOrganization, Settings, load_settings
from agent.store import Store
from agent.store.daemon_state import DaemonState
from agent.threats.detect import ThreatContext, threat_rules

log = logging.getLogger(__name__)

_RUNNING: dict[str, Daemon] = {}
TICK_SECONDS = 5


class ScanAbandoned(SystemExit):
    """Raised inside a scan's progress callback when the stop grace period is over, or when the
    scan was given up on (:class:`ScanWatch`); run_scan marks the scan ``interrupted``
    (SystemExit) before its results transaction began."""


class ScanWatch:
    """The daemon's watch over one scan job, so a hung scan never makes APScheduler skip the
    next ones (``max_instances=1``) for ever.

    The scan runs on a detached thread; past twice the scan deadline (plus the collectors' grace;
    collection itself stops at the deadline, so only a hang elsewhere gets there) the job gives it
    up: the row is marked ``interrupted``, the job returns, and the next run may start.  If the abandoned scan ever
    moves again, its next progress step raises :class:`ScanAbandoned`, so it never records.  A
    scan already recording its results (one store transaction) is waited for instead.
    """

    def __init__(self, key: str) -> None:
        self.key = key
        self.scan_id: int | None = None
        self._lock = threading.Lock()
        self._recording = False
        self._abandoned = False

    def begun(self, scan_id: int) -> None:
        self.scan_id = scan_id

    def step(self, msg: str) -> None:
        with self._lock:
            if self._abandoned:
                raise ScanAbandoned(f"scan of {self.key} was given up on after twice the scan deadline")
            if msg == RECORDING:
                self._recording = True

    def give_up(self) -> bool:
        """Abandon the scan; False when it is already recording (then it must be waited for)."""
        with self._lock:
            if not self._recording:
                self._abandoned = True
            return self._abandoned


def job_table(tenant: str) -> str:
    return f"ucs_jobs_{tenant.replace('-', '_')}"


def scope_key(provider: str, scope: Scope, index: int) -> str:
    ident = getattr(scope, "id", None) or getattr(scope, "name", None)
    if isinstance(scope, AwsOrganization):
        ident = "organization"
    if provider in ("azure", "gcp") and not ident:
        ident = provider
    return f"{provider}:{ident or f'#{index}'}"


def make_trigger(s: Schedule, tz: str) -> Any:
    if s.cron:
        return CronTrigger.from_crontab(s.cron, timezone=tz)
    return IntervalTrigger(seconds=s.seconds, jitter=s.jitter_seconds or None, timezone=tz)


def schedule_spec(s: Schedule, tz: str) -> str:
    """What identifies a schedule, kept in the job's name: same spec → the stored job (and its
    next run time) is kept across restarts and reloads."""
    what = f"cron {s.cron} {tz}" if s.cron else f"every {s.seconds}s"
    return f"{what} jitter {s.jitter_seconds}s"


def intake_allowed(settings: Settings, quiet: bool = False) -> bool:
    """Monitoring-log intake is the option menu threat-detection (feature "intake")."""
    if not settings.intake.configured:
        return False
    try:
        require_feature(settings, "intake")
        return True
    except UcsError as exc:
        if not quiet:
            log.error("tenant %s: monitoring-log intake is configured but not available: %s", settings.tenant.id, exc)
        return False


def run_job(tenant: str, kind: str, key: str = "") -> None:
    """The function every stored job points at."""
    daemon = _RUNNING.get(tenant)
    if daemon is None:
        log.warning("job %s %s for tenant %s: no daemon of that tenant runs in this process", kind, key, tenant)
        return
    daemon.run(kind, key)


class Daemon:
    def __init__(self, config_path: str, store_url: str | None = None, clock: Callable[[], float] = time.time) -> None:
        self.config_path = config_path
        self.settings: Settings = load_settings(config_path)
        self.tenant = self.settings.tenant.id
        self.store_url = store_url or self.settings.storage.resolved_url(self.tenant)
        self.clock = clock  # the Art. 11 meter's clock (tests move it by hand)
        self.store: Store = None  # type: ignore[assignment]
        self.scheduler: BackgroundScheduler | None = None
        self.backlog: int | None = None
        self.stopping = threading.Event()
        self.abandon = threading.Event()
        self.reload_requested = threading.Event()
        self.stop_requested = threading.Event()  # set by SIGTERM/SIGINT; the main loop then stops
        self._active_lock = threading.Lock()
        self._active: dict[str, float] = {}  # job key -> start time of what runs now
        self.health: BackgroundServer | None = None
        self.http_intake: BackgroundServer | None = None
        self._http_cfg: Any = None
        self.jobs: dict[JobKind, Callable[[str], None]] = {
            JobKind.SCAN: self._job_scan, JobKind.OUTBOX: self._job_outbox, JobKind.DIGESTS: self._job_digests,
            JobKind.REMEDIATION: self._job_remediation, JobKind.RETENTION: self._job_retention,
            JobKind.INTAKE: self._job_intake, JobKind.TICK: self._job_tick,
            JobKind.NOTICE_DELIVERY: self._job_notice_delivery, JobKind.REALTIME: self._job_realtime,
            JobKind.COMPLIANCE: self._job_compliance, JobKind.PRODUCTS: self._job_products,
        }

    # --------------------------------------------------------------- start
    def start(self) -> Daemon:
        if self.tenant in _RUNNING:
            raise UcsError(f"tenant {self.tenant}: a daemon already runs in this process")
        self.store = Store(self.store_url)
        # A lock taken over while this daemon was silent: stop as SIGTERM would.
        self.lock = TenantLock(self.store.engine, self.tenant, self.settings.daemon.lock,
                               on_lost=lambda _why: self.stop_requested.set())
        try:
            self.lock.acquire()
        except BaseException:
            self.store.close()
            raise
        try:
            self._start_locked()
        except BaseException:
            self._release()
            raise
        return self

    def _start_locked(self) -> None:
        self.state = DaemonState(self.store.engine)
        self._interrupt_leftover_scans("left running by a daemon that did not stop cleanly")
        max_age = timedelta(seconds=2 * self.settings.scan.deadline_seconds)
        for scan_id, why in self.store.reconcile_stale_scans(self.tenant, max_age).items():
            log.warning("tenant %s: scan %s marked interrupted: %s", self.tenant, scan_id, why)
        self.throttle = Throttle(self.tenant, self.settings.throttle, self.state, self._notice, self.clock)
        self.threat_context = ThreatContext(self.store, self.settings)
        self.realtime = Realtime(self.settings, self.store, daemon_jobs.scan_transition_hook)
        self._intake_lock = threading.Lock()
        self.intake = Intake(self.tenant, self.throttle, self.state, detectors=self._detectors, clock=self.clock)
        self.metrics = DaemonMetrics(self)
        _RUNNING[self.tenant] = self
        d = self.settings.daemon
        self.scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(engine=self.store.engine, tablename=job_table(self.tenant)),
                       "internal": MemoryJobStore()},
            # Housekeeping (meter ticks, notices) has its own threads: long scans never delay it.
            executors={"default": ThreadPoolExecutor(d.max_concurrent_jobs), "internal": ThreadPoolExecutor(2)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": d.misfire_grace_seconds},
            timezone=self.settings.tenant.timezone,
        )
        self.scheduler.start(paused=True)
        self.sync_jobs()
        # monitoring logs are read once at start, then on the poll interval (not one interval later)
        if self.scheduler.get_job("intake", jobstore="default") is not None:
            self.scheduler.modify_job("intake", jobstore="default", next_run_time=datetime.now(UTC))
        self.scheduler.add_job(run_job, IntervalTrigger(seconds=TICK_SECONDS), args=[self.tenant, JobKind.TICK.value],
                               id="tick", jobstore="internal", executor="internal", replace_existing=True)
        self._sync_realtime_job(self.settings)
        self._start_servers()
        self.scheduler.resume()
        log.info("tenant %s: daemon started (lock %s, store %s)", self.tenant, self.lock.where, self.store.safe_url)

    def _start_servers(self) -> None:
        h = self.settings.daemon.health
        if h.enabled:
            self.health = start_health_server(self, h.host, h.port)
        self._apply_http_intake(self.settings)

    def _apply_http_intake(self, settings: Settings) -> None:
        """Start, stop or restart the HTTP intake to match ``settings`` (at start and on reload)."""
        want = settings.intake.http if intake_allowed(settings, quiet=True) and settings.intake.http.enabled else None
        if self.http_intake is not None and want != self._http_cfg:
            self.http_intake.stop()
            self.http_intake = None
        if want is not None and self.http_intake is None:
            from agent.events.http_intake import start_http_intake

            self.http_intake = start_http_intake(want, self.intake)
        self._http_cfg = want

    def _detectors(self) -> dict[str, Detector]:
        """The intake's detectors: the registered ones, the threat rules of this daemon's context
        and, when realtime re-assessment is on, the change queue."""
        found: dict[str, Detector] = {**detectors(), "threat-rules": threat_rules(self.threat_context)}
        if realtime_on(self.settings, self.intake_allowed):
            found["realtime-changes"] = self.realtime.feed
        return found

    def _sync_realtime_job(self, settings: Settings) -> None:
        assert self.scheduler is not None
        want = realtime_on(settings, intake_allowed(settings, quiet=True))
        job = self.scheduler.get_job("realtime", jobstore="internal")
        if want and job is None:
            # Its own executor thread pool is the default one: a re-collection may take seconds.
            self.scheduler.add_job(run_job, IntervalTrigger(seconds=REALTIME_TICK),
                                   args=[self.tenant, JobKind.REALTIME.value], id="realtime", jobstore="internal",
                                   replace_existing=True)
        elif not want and job is not None:
            job.remove()

    @property
    def intake_allowed(self) -> bool:
        return intake_allowed(self.settings, quiet=True)

    @property
    def scheduler_running(self) -> bool:
        return bool(self.scheduler and self.scheduler.running and not self.stopping.is_set())

    # ---------------------------------------------------------------- jobs
    def desired_jobs(self, settings: Settings) -> dict[str, tuple[Schedule, JobKind, str]]:
        """job id -> (schedule, kind, key)."""
        d = settings.daemon
        jobs: dict[str, tuple[Schedule, JobKind, str]] = {}
        refused: dict[str, str] = {}
        for i, (provider, scope) in enumerate(provider_scopes(settings)):
            key = scope_key(provider, scope, i)
            feature = PROVIDER_FEATURE.get(provider, provider)
            if feature not in refused:
                try:
                    require_feature(settings, feature)
                    refused[feature] = ""
                except UcsError as exc:
                    refused[feature] = str(exc)
                    # said once per sync, not at every run of a job that could only fail
                    log.error("tenant %s: %s accounts are not scheduled: %s", settings.tenant.id, provider, exc)
            if refused[feature]:
                continue
            jobs[f"scan:{key}"] = (d.scan_overrides.get(key, d.scan), JobKind.SCAN, key)
        jobs["outbox"] = (d.outbox, JobKind.OUTBOX, "")
        jobs["digests"] = (d.digests, JobKind.DIGESTS, "")
        jobs["retention"] = (d.retention.schedule, JobKind.RETENTION, "")
        jobs["compliance"] = (settings.compliance.snapshot, JobKind.COMPLIANCE, "")
        if daemon_jobs.auto_mode_configured(settings):
            jobs["remediation"] = (d.remediation, JobKind.REMEDIATION, "")
        if intake_allowed(settings) and settings.intake.polled:
            jobs["intake"] = (settings.intake.poll, JobKind.INTAKE, "")
        if settings.products.licensed:
            jobs["products"] = (settings.products.schedule, JobKind.PRODUCTS, "")
        return jobs

    def sync_jobs(self, settings: Settings | None = None) -> None:
        """Make the stored jobs match the config, keeping jobs whose schedule did not change."""
        assert self.scheduler is not None
        settings = settings or self.settings
        tz = settings.tenant.timezone
        want = self.desired_jobs(settings)
        stored = {j.id: j for j in self.scheduler.get_jobs(jobstore="default")}
        for job_id, job in stored.items():
            if job_id not in want:
                log.info("tenant %s: job %s removed (no longer in the config)", self.tenant, job_id)
                job.remove()
        grace = settings.daemon.misfire_grace_seconds
        for job_id, (sched, kind, key) in want.items():
            name = f"{job_id} | {schedule_spec(sched, tz)} | grace {grace}s"
            old = stored.get(job_id)
            if old is not None and old.name == name:
                continue  # unchanged: keep its next run time (and any run missed while down)
            self.scheduler.add_job(run_job, make_trigger(sched, tz), args=[self.tenant, kind.value, key], id=job_id,
                                   name=name, jobstore="default", misfire_grace_time=grace, replace_existing=True)
            log.info("tenant %s: job %s scheduled %s", self.tenant, job_id, schedule_spec(sched, tz))

    def run(self, kind: str, key: str) -> None:
        """Run one job; ``kind`` is a :class:`JobKind` value as the job store keeps it."""
        try:
            handler = self.jobs[JobKind(kind)]
        except ValueError:
            log.error("tenant %s: job kind %r is unknown to this version; job %s skipped", self.tenant, kind, key)
            return
        if self.stopping.is_set():
            self.metrics.jobs_skipped.labels(self.tenant, kind, "stopping").inc()
            return
        with self._active_lock:
            self._active[f"{kind}:{key}"] = time.monotonic()
        try:
            handler(key)
        except ScanAbandoned:
            log.warning("tenant %s: %s %s abandoned at stop", self.tenant, kind, key)
        except Exception as exc:
            self.metrics.job_errors.labels(self.tenant, kind).inc()
            if isinstance(exc, UcsError):
                log.error("tenant %s: %s %s: %s", self.tenant, kind, key, exc)
            else:
                log.exception("tenant %s: %s %s failed", self.tenant, kind, key)
        finally:
            with self._active_lock:
                self._active.pop(f"{kind}:{key}", None)

    def _skip_if_suspended(self, kind: JobKind) -> bool:
        sus = self.throttle.suspended()
        if sus is None:
            return False
        self.metrics.jobs_skipped.labels(self.tenant, kind, "suspended").inc()
        return True

    def _job_scan(self, key: str) -> None:
        settings = self.settings
        pairs = [(p, s) for i, (p, s) in enumerate(provider_scopes(settings)) if scope_key(p, s, i) == key]
        if not pairs:
            log.warning("tenant %s: scan job %s has no matching account in the config", self.tenant, key)
            return
        sus = self.throttle.suspended()
        if sus is not None:
            self.metrics.jobs_skipped.labels(self.tenant, JobKind.SCAN, "suspended").inc()
            self.store.refuse_scan(self.tenant, f"Art. 11: service suspended until {sus.planned_end.isoformat()} "
                                                f"(suspension {sus.id}); scan of {key} skipped", "daemon")
            return

        watch = ScanWatch(key)

        def progress(msg: str) -> None:
            if self.abandon.is_set():
                raise ScanAbandoned(f"daemon stopping: scan of {key} abandoned after the grace period")
            watch.step(msg)

        started = time.monotonic()
        limit = 2 * settings.scan.deadline_seconds + grace(settings.scan.deadline_seconds)
        try:
            running = detached(run_scan, settings, self.store, trigger="daemon", scopes=pairs,
                               providers=[pairs[0][0]], progress=progress, on_begin=watch.begun,
                               on_transitions=daemon_jobs.scan_transition_hook(settings), name=f"ucs-scan-{key}")
            try:
                outcome = running.result(timeout=limit)
            except FutureTimeout:
                if watch.give_up():
                    self._scan_given_up(watch, limit)
                    return
                outcome = running.result()  # recording: one store transaction, bounded by the store
        except ScanAbandoned:
            self.metrics.scans.labels(self.tenant, ScanStatus.INTERRUPTED).inc()
            raise
        except UcsError:
            self.metrics.scans.labels(self.tenant, ScanStatus.REFUSED).inc()
            raise
        except Exception:
            self.metrics.scans.labels(self.tenant, ScanStatus.FAILED).inc()
            raise
        self.metrics.scans.labels(self.tenant, outcome.status).inc()
        self.metrics.scan_seconds.labels(self.tenant).observe(time.monotonic() - started)
        self.metrics.resources.labels(self.tenant).inc(len(outcome.inventory))
        self.metrics.api_errors.labels(self.tenant).inc(len(outcome.coverage.failures))
        produced = outcome.changes["new"] + outcome.changes["reopened"]
        if produced:
            self.throttle.record_findings(produced)
        log.info("tenant %s: scan %s of %s %s: %d resources, %d findings", self.tenant, outcome.scan_id, key,
                 outcome.status, len(outcome.inventory), outcome.tally.total)

    def _scan_given_up(self, watch: ScanWatch, limit: float) -> None:
        why = f"still running after {limit:g} s (past twice the scan deadline); given up so the next scan can run"
        log.error("tenant %s: scan %s of %s %s; its thread is left behind", self.tenant, watch.scan_id, watch.key, why)
        if watch.scan_id is not None:
            self.store.end_scan(watch.scan_id, ScanStatus.INTERRUPTED, error=why)
        self.metrics.scans.labels(self.tenant, ScanStatus.INTERRUPTED).inc()

    def _job_outbox(self, _: str) -> None:
        if self._skip_if_suspended(JobKind.OUTBOX):
            return
        daemon_jobs.deliver_outbox(self.store, self.settings)
        self.backlog = daemon_jobs.outbox_backlog(self.store, self.settings)

    def _job_digests(self, _: str) -> None:
        if not self._skip_if_suspended(JobKind.DIGESTS):
            daemon_jobs.deliver_digests(self.store, self.settings, datetime.now(UTC))

    def _job_remediation(self, _: str) -> None:
        if not self._skip_if_suspended(JobKind.REMEDIATION):
            daemon_jobs.auto_remediate(self.store, self.settings)

    def _job_compliance(self, _: str) -> None:
        if not self._skip_if_suspended(JobKind.COMPLIANCE):
            daemon_jobs.compliance_snapshots(self.store, self.settings)

    def _job_retention(self, _: str) -> None:
        daemon_jobs.purge_old(self.store, self.settings)

    def _job_intake(self, _: str) -> None:
        # the start-up poll and a run asked for meanwhile never read the same positions twice
        with self._intake_lock:
            self._poll_sources()

    def _poll_sources(self) -> None:
        cfg = self.settings.intake
        for f in cfg.files:
            self._read_source(f"file {f.path}", lambda f=f: read_files(f, self.intake, self.state))
        for s in cfg.s3:
            self._read_source(f"s3 {s.bucket}", lambda s=s: read_s3(s, self.intake, self.state,
                                                                     should_stop=self.stopping.is_set))
        for lk in cfg.cloudtrail_lookup:
            self._read_source(f"lookup {lk.region}", lambda lk=lk: read_lookup_events(lk, self.intake, self.state))
        for az in cfg.azure_activity:
            self._read_source(f"azure activity {az.subscription_id}",
                              lambda az=az: read_azure_activity(az, self.intake, self.state))
        for gc in cfg.gcp_audit:
            self._read_source(f"gcp audit {gc.project}", lambda gc=gc: read_gcp_audit(gc, self.intake, self.state))

    def _read_source(self, what: str, read: Callable[[], Any]) -> None:
        if self.stopping.is_set():
            return
        try:
            taken = read()
            if taken.accepted or taken.malformed or taken.dropped:
                log.info("tenant %s intake %s: %s", self.tenant, what, taken.as_dict())
        except Exception as exc:  # one unreadable source never stops the others
            self.metrics.job_errors.labels(self.tenant, JobKind.INTAKE).inc()
            log.error("tenant %s intake %s: %s: %s", self.tenant, what, type(exc).__name__, exc)

    def _job_products(self, _: str) -> None:
        if self.stopping.is_set():
            return
        try:
            daemon_jobs.ingest_products(self.settings, self.store, self.throttle)
        except Exception as exc:  # a product fault is a coverage gap inside the ingest; this is anything else
            self.metrics.job_errors.labels(self.tenant, JobKind.PRODUCTS).inc()
            log.error("tenant %s products: %s: %s", self.tenant, type(exc).__name__, exc)

    def _job_realtime(self, _: str) -> None:
        if self._skip_if_suspended(JobKind.REALTIME):
            return
        for r in self.realtime.run_due():
            self.metrics.realtime.labels(self.tenant, r.outcome).inc()
            if r.outcome in ("assessed", "deleted") and r.first_event_at is not None:
                self.metrics.realtime_latency.labels(self.tenant).observe(
                    max(0.0, (datetime.now(UTC) - r.first_event_at).total_seconds()))
            if r.transitions:
                self.throttle.record_findings(r.transitions)

    def _job_tick(self, _: str) -> None:
        self.throttle.tick()

    def _notice(self, notice: Notice) -> None:
        daemon_jobs.send_notice(self.store, self.settings, notice)
        if notice.kind == SUSPENDED and self.scheduler is not None and not self.stopping.is_set():
            # Deliveries are skipped while suspended, but the notice itself must go out now
            # (after the fact, Art. 11): one delivery pass, off the intake thread.
            self.scheduler.add_job(run_job, args=[self.tenant, JobKind.NOTICE_DELIVERY.value], jobstore="internal",
                                   executor="internal", id=f"notice-{notice.suspension.id}", replace_existing=True)

    def _job_notice_delivery(self, _: str) -> None:
        daemon_jobs.deliver_outbox(self.store, self.settings)

    # -------------------------------------------------------------- reload
    def reload(self) -> bool:
        """Re-read the config; a bad one is rejected and the running one kept."""
        try:
            new = load_settings(self.config_path)
            if new.tenant.id != self.tenant:
                raise UcsError(f"tenant id changed from {self.tenant} to {new.tenant.id}; restart the daemon instead")
            for s in [new.daemon.scan, *new.daemon.scan_overrides.values()]:
                make_trigger(s, new.tenant.timezone)
        except (ConfigError, UcsError, OSError, ValueError) as exc:
            log.error("tenant %s: config reload rejected, keeping the running config:\n%s", self.tenant, exc)
            return False
        try:
            self._apply_http_intake(new)  # e.g. a new port already taken: keep the old config
        except (OSError, UcsError) as exc:
            log.error("tenant %s: config reload rejected, HTTP intake cannot start: %s", self.tenant, exc)
            self._apply_http_intake(self.settings)
            return False
        if new.storage != self.settings.storage or new.daemon.health != self.settings.daemon.health:
            log.warning("tenant %s: storage and daemon.health changes take effect at the next restart", self.tenant)
        self.sync_jobs(new)
        self.settings = new
        self.realtime.configure(new)
        self._sync_realtime_job(new)
        self.threat_context = ThreatContext(self.store, new)
        self.throttle.update_policy(new.throttle)
        log.warning("tenant %s: config reloaded from %s", self.tenant, self.config_path)
        return True

    # ---------------------------------------------------------------- stop
    def active(self) -> list[str]:
        with self._active_lock:
            return list(self._active)

    def stop(self, grace: float | None = None) -> bool:
        """Graceful stop; True when every running job ended by itself within the grace period."""
        if self.scheduler is None:
            return True  # already stopped
        self.stopping.set()
        grace = self.settings.daemon.stop_grace_seconds if grace is None else grace
        if self.scheduler.running:
            self.scheduler.pause()
        if self.http_intake is not None:  # no new events (each take was counted in the store as it came)
            self.http_intake.stop()
            self.http_intake = None
        clean = self._wait_idle(grace)
        if not clean:
            log.warning("tenant %s: %s still running after %.0fs; abandoning", self.tenant, self.active(), grace)
            self.abandon.set()
            self._wait_idle(10)  # scans notice at their next progress step and mark themselves interrupted
            self._interrupt_leftover_scans("daemon stopped before the scan finished")
        try:
            left = self.realtime.stop()  # counted: the next scheduled scan answers them (Art. 12)
            if left:
                log.warning("tenant %s: %d queued change(s) left to the next scan", self.tenant, left)
        except Exception:
            log.exception("tenant %s: recording the queued changes at stop failed", self.tenant)
        try:
            if not self.throttle.suspended():
                daemon_jobs.deliver_outbox(self.store, self.settings)  # flush what is queued
        except Exception:
            log.exception("tenant %s: outbox flush at stop failed", self.tenant)
        self.throttle.close()
        self._release()
        log.warning("tenant %s: daemon stopped%s", self.tenant, "" if clean else " (work abandoned)")
        return clean

    def _wait_idle(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while self.active():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        return True

    def _release(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            # APScheduler 3 processes due jobs once more on shutdown even when paused (and then
            # marks them as run); detaching the persistent store first keeps a due run due.
            self.scheduler.pause()
            self.scheduler.remove_jobstore("default", shutdown=False)
            self.scheduler.shutdown(wait=False)
        for srv in (self.http_intake, self.health):
            if srv is not None:
                srv.stop()
        self.http_intake = self.health = None
        if _RUNNING.get(self.tenant) is self:
            del _RUNNING[self.tenant]
        self.scheduler = None
        self.lock.release()
        self.store.close()

    def _interrupt_leftover_scans(self, why: str) -> None:
        """Daemon scans still marked running (we hold the tenant lock, so none is really running
        elsewhere) end as interrupted; their results were never written."""
        ids = self.store.interrupt_running_scans(self.tenant, "daemon", why)
        if ids:
            log.warning("tenant %s: scan(s) %s marked interrupted: %s", self.tenant, ids, why)

    # ------------------------------------------------------------ main loop
    def handle_signals(self) -> None:
        """SIGTERM/SIGINT ask for a graceful stop, SIGHUP for a reload.  Installed before
        :meth:`start` by ``ucs daemon``: a SIGTERM that arrives while the daemon is still starting
        (its lock already taken) must stop it cleanly, not kill it with the lock held."""
        def on_stop(signum: int, _: Any) -> None:
            log.warning("tenant %s: %s received, stopping", self.tenant, signal.Signals(signum).name)
            self.stop_requested.set()

        signal.signal(signal.SIGTERM, on_stop)
        signal.signal(signal.SIGINT, on_stop)
        signal.signal(signal.SIGHUP, lambda *_: self.reload_requested.set())

    def serve_forever(self) -> int:
        """Run until SIGTERM/SIGINT; SIGHUP reloads.  Returns the exit code."""
        self.handle_signals()
        # Handlers only set flags; the work happens here, outside the signal context.
        while not self.stop_requested.wait(0.5):
            if self.reload_requested.is_set():
                self.reload_requested.clear()
                self.reload()
        self.stop()
        return 0
