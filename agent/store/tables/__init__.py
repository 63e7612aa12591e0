"""Every table of the store, declared once (SQLAlchemy Core) against one :data:`metadata`.

    columns.py      metadata, portable column types, the resource columns
    core.py         scans, findings, finding_history, resources
    notify.py       notify_outbox, notify_threads, notify_digests, notify_pauses (and the outbox row statuses)
    remediation.py  remediation_plans, remediation_audit
    daemon.py       suspensions, suspension_drops, throttle_meter, intake_positions, event_counts
    intake.py       intake_files, intake_malformed
    locks.py        tenant_locks (the daemon's tenant lock: holder and heartbeat)
    vulns.py        vulnerabilities
    compliance.py   compliance_snapshots
    threats.py      threat_keys, threat_identities, threat_reveals, threat_counts
    realtime.py     realtime_assessments (event-driven re-assessments and their latency)
    investigators.py  threat_investigators, threat_sealed, threat_audit (Art. 13 by keys)
    threat_engine.py threat_evidence, threat_unread, threat_window, threat_baseline

Alembic revisions (``agent/store/migrations/versions``) create them; a test compares the two.
Only the store's own modules write these tables (``Store`` and the operation modules beside it).
A new table goes in one of these modules (or a new one imported here) with a new revision.
"""

from agent.store.tables.columns import Json, UtcDateTime, metadata, resource_columns
from agent.store.tables.compliance import compliance_snapshots
from agent.store.tables.core import finding_history, findings, resources, scans
from agent.store.tables.daemon import event_counts, intake_positions, suspension_drops, suspensions, throttle_meter
from agent.store.tables.intake import intake_files, intake_malformed
from agent.store.tables.investigators import threat_audit, threat_investigators, threat_sealed
from agent.store.tables.locks import tenant_locks
from agent.store.tables.notify import digests, outbox, pauses, threads
from agent.store.tables.realtime import realtime_assessments
from agent.store.tables.remediation import audit, plans
from agent.store.tables.threat_engine import threat_baseline, threat_evidence, threat_unread, threat_window
from agent.store.tables.threats import threat_counts, threat_identities, threat_keys, threat_reveals
from agent.store.tables.vulns import vulnerabilities

__all__ = [
    "Json", "UtcDateTime", "metadata", "resource_columns",
    "scans", "findings", "finding_history", "resources",
    "outbox", "threads", "digests", "pauses",
    "plans", "audit",
    "suspensions", "suspension_drops", "throttle_meter", "intake_positions", "event_counts",
    "intake_files", "intake_malformed",
    "tenant_locks",
    "vulnerabilities",
    "compliance_snapshots",
    "threat_keys", "threat_identities", "threat_reveals", "threat_counts",
    "realtime_assessments",
    "threat_investigators", "threat_sealed", "threat_audit",
    "threat_evidence", "threat_unread", "threat_window", "threat_baseline",
]
