"""Config sections of the daemon room: ``daemon:``, ``throttle:`` and ``intake:``.

They are imported by :mod:`agent.settings.tenant`; this module imports nothing from it (no cycle), so it
repeats the strict base model (unknown keys are errors, reported with file and line).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Schedule(_Strict):
    """When a job runs: every ``interval_seconds`` / ``interval_minutes``, or on a ``cron`` line
    (five fields, in the tenant's time zone).  ``jitter_seconds`` spreads tenants' runs apart."""

    interval_seconds: int | None = Field(default=None, ge=1)
    interval_minutes: int | None = Field(default=None, ge=1)
    cron: str | None = None
    jitter_seconds: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _one_kind(self) -> Schedule:
        given = [k for k in ("interval_seconds", "interval_minutes", "cron") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"give one of interval_seconds, interval_minutes or cron, not {' and '.join(given)}")
        if not given:
            self.interval_minutes = 60
        if self.cron is not None:
            from apscheduler.triggers.cron import CronTrigger

            if len(self.cron.split()) != 5:
                raise ValueError(f"cron {self.cron!r} must have five fields (minute hour day month weekday)")
            try:
                CronTrigger.from_crontab(self.cron)
            except ValueError as exc:
                raise ValueError(f"cron {self.cron!r}: {exc}") from None
        return self

    @property
    def seconds(self) -> int | None:
        if self.interval_seconds is not None:
            return self.interval_seconds
        return self.interval_minutes * 60 if self.interval_minutes is not None else None


class HttpEndpoint(_Strict):
    host: str = "127.0.0.1"
    port: int = Field(default=9464, ge=0, le=65535)
    enabled: bool = True


class Retention(_Strict):
    """Findings history, intake counts and closed throttle minutes older than ``days`` are deleted."""

    days: int = Field(default=400, ge=1)
    schedule: Schedule = Field(default_factory=lambda: Schedule(interval_minutes=24 * 60))


class LockSettings(_Strict):
    """The tenant lock's heartbeat.  On SQLite the lock is a row in the store: a holder whose
    heartbeat is older than ``heartbeat_seconds * stale_after_beats`` (and, on this host, whose
    process is gone) may be taken over.  PostgreSQL's advisory lock needs no heartbeat to hold;
    the row is written there too, so `ucs status` names the holder."""

    heartbeat_seconds: float = Field(default=5.0, gt=0, le=3600)
    stale_after_beats: int = Field(default=6, ge=2, le=1000)


class DaemonSettings(_Strict):
    scan: Schedule = Field(default_factory=lambda: Schedule(interval_minutes=60, jitter_seconds=300))
    # Per-job overrides, keyed by the job name shown by `ucs status` (e.g. "aws:123456789012").
    scan_overrides: dict[str, Schedule] = Field(default_factory=dict)
    misfire_grace_seconds: int = Field(default=900, ge=1)
    stop_grace_seconds: int = Field(default=30, ge=0)
    max_concurrent_jobs: int = Field(default=4, ge=1, le=32)
    outbox: Schedule = Field(default_factory=lambda: Schedule(interval_seconds=30))
    digests: Schedule = Field(default_factory=lambda: Schedule(interval_minutes=15))
    remediation: Schedule = Field(default_factory=lambda: Schedule(interval_minutes=30))
    retention: Retention = Field(default_factory=Retention)
    health: HttpEndpoint = Field(default_factory=HttpEndpoint)
    log_json: bool = False
    lock: LockSettings = Field(default_factory=LockSettings)
    lock_dir: str | None = None  # unused since the lock is a row in the store; accepted so older configs load


class ThrottleSettings(_Strict):
    """Art. 11: suspend a tenant whose monitoring-log volume stays above the threshold."""

    enabled: bool = True
    threshold_per_minute: int = Field(default=100_000, ge=1)
    findings_threshold_per_minute: int | None = Field(default=None, ge=1)
    sustain_minutes: int = Field(default=30, ge=1)
    suspend_minutes: int = Field(default=60, ge=1)
    notify_tenant: bool = True
    notify_operator: bool = True
    operator_channel: str | None = None  # notification channel name for the operator


class FileSource(_Strict):
    path: str  # a file, a directory (read recursively) or a glob
    source: str = ""  # label in counts; default "file:<path>"


class S3Source(_Strict):
    bucket: str
    prefix: str = ""
    region: str = "us-east-1"
    endpoint_url: str | None = None
    profile: str | None = None
    source: str = ""


class LookupSource(_Strict):
    region: str = "us-east-1"
    endpoint_url: str | None = None
    profile: str | None = None
    lookback_minutes: int = Field(default=60, ge=1)  # how far back the first poll reads
    overlap_minutes: int = Field(default=15, ge=0, le=180)  # re-read window for late events
    source: str = ""


class AzureActivitySource(_Strict):
    """The Azure Activity Log REST API (azure-mgmt-monitor) of one subscription."""

    subscription_id: str
    base_url: str | None = None  # default: Azure Resource Manager
    ca_bundle: str | None = None  # a CA file to trust (a proxy or a local stand-in)
    lookback_minutes: int = Field(default=60, ge=1)
    overlap_minutes: int = Field(default=15, ge=0, le=180)  # Activity Log events can appear minutes late
    source: str = ""


class GcpAuditSource(_Strict):
    """Cloud Audit Logs through the Logging API's entries.list (google-cloud-logging)."""

    project: str
    endpoint_url: str | None = None  # default: logging.googleapis.com
    filter: str = 'logName:"cloudaudit.googleapis.com"'
    lookback_minutes: int = Field(default=60, ge=1)
    overlap_minutes: int = Field(default=15, ge=0, le=180)
    source: str = ""


class HttpIntake(_Strict):
    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(default=9465, ge=0, le=65535)
    token_env: str = "UCS_INTAKE_TOKEN"  # the bearer token is read from this environment variable
    max_body_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    # a gzip body is decompressed as it is read, and refused (413) past this many bytes
    max_decompressed_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    header_timeout_seconds: float = Field(default=10.0, gt=0, le=600)
    body_timeout_seconds: float = Field(default=60.0, gt=0, le=3600)
    max_connections: int = Field(default=64, ge=1, le=4096)


class IntakeSettings(_Strict):
    """Monitoring-log intake (option menu "threat-detection")."""

    files: list[FileSource] = Field(default_factory=list)
    s3: list[S3Source] = Field(default_factory=list)
    cloudtrail_lookup: list[LookupSource] = Field(default_factory=list)
    azure_activity: list[AzureActivitySource] = Field(default_factory=list)
    gcp_audit: list[GcpAuditSource] = Field(default_factory=list)
    http: HttpIntake = Field(default_factory=HttpIntake)
    poll: Schedule = Field(default_factory=lambda: Schedule(interval_seconds=60))

    @property
    def configured(self) -> bool:
        return bool(self.files or self.s3 or self.cloudtrail_lookup or self.azure_activity or self.gcp_audit
                    or self.http.enabled)

    @property
    def polled(self) -> bool:
        """Sources the poll job reads (the HTTP intake is pushed to)."""
        return bool(self.files or self.s3 or self.cloudtrail_lookup or self.azure_activity or self.gcp_audit)

