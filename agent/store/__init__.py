"""The store: every table of the agent, and the only code that writes them.

SQLite file by default, PostgreSQL by URL (``postgresql+psycopg://…``).  The schema is created
and upgraded by Alembic on open; the tables are declared in :mod:`agent.store.tables`.

    Store            scans, findings (lifecycle, history), resource snapshots, retention
      scans.py         ScanOperations: begin, end, refuse, interrupt, read
      findings.py      FindingOperations: record_scan, record_threat_findings, close_finding, reads
      snapshots.py     ResourceOperations: resource snapshots
      compliance.py    ComplianceOperations: daily compliance snapshots and their trend (agent.posture)
      products.py      ProductOperations: the cloud security products' own findings (agent.products)
    lifecycle.py     the pure lifecycle rules (reconcile, observe, close) and Transition
    rows.py          Finding ↔ row
    bulk.py          many rows of one statement without SQLAlchemy's per-row work; JSON through orjson
    connect.py       engine for a URL, schema upgrade on open
    outbox.py        Outbox: enqueue, lease, ack, back-off (channel pauses), fail, expire, digests (notifiers)
    remediation.py   RemediationTables: plans and their audit (remediation)
    vulns.py         vulnerability rows (agent.vulns)
    threats.py       pseudonym key, identities, occurrence counts, audited reveal (agent.threats)
    daemon_state.py  DaemonState: suspensions, meter, intake positions and counts (agent.daemon)
    locks.py         TenantLocks: the tenant lock row, its heartbeat and takeover (agent.daemon.lock)

Each writing operation is one transaction.  ``record_scan``, ``record_threat_findings`` and
``close_finding`` take a hook (``on_transitions``) that runs inside that same transaction, so an
outbox row is written with the transition that caused it or not at all.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from agent.core.errors import StoreError
from agent.store import daemon_state
from agent.store.compliance import ComplianceOperations, SnapshotHook
from agent.store.connect import make_engine
from agent.store.connect import migrate as upgrade_schema
from agent.store.findings import FindingOperations, RecordedHook, RecordedScan, Sighting, TransitionHook, purge_history
from agent.store.lifecycle import Transition
from agent.store.products import ProductOperations
from agent.store.rows import data_digest, resource_key, row_to_finding
from agent.store.scans import ScanOperations, ScanRecord, summarise
from agent.store.snapshots import ResourceOperations

__all__ = ["Store", "RecordedHook", "ScanRecord", "Sighting", "SnapshotHook", "Transition", "TransitionHook", "data_digest", "make_engine",
           "resource_key", "row_to_finding", "summarise", "RecordedScan"]


class Store(ScanOperations, FindingOperations, ProductOperations, ResourceOperations, ComplianceOperations):
    def __init__(self, url: str, migrate: bool = True) -> None:
        self.url = url
        self._threat_lock = threading.Lock()
        self.threat_memo: dict[Any, Any] = {}
        try:
            self.engine = make_engine(url)
            if migrate:
                self.migrate()
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open store {self.safe_url}: {exc.__class__.__name__}: "
                             f"{exc.orig if hasattr(exc, 'orig') else exc}") from None

    @property
    def safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True) if hasattr(self, "engine") else "<store>"

    def migrate(self) -> None:
        upgrade_schema(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def purge(self, tenant: str, older_than: datetime) -> dict[str, int]:
        """Retention: delete the tenant's finding history and intake counts older than ``older_than``."""
        with self.engine.begin() as conn:
            return {"finding_history": purge_history(conn, tenant, older_than),
                    "event_counts": daemon_state.purge_counts(conn, tenant, older_than)}
