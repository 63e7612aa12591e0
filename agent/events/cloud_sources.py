"""Azure Activity Log and GCP Cloud Audit Logs read through their official clients.

- Azure: ``MonitorManagementClient.activity_logs.list`` (azure-mgmt-monitor) with an
  ``eventTimestamp`` window; each ``EventData`` is taken in its REST shape (``serialize``), which
  :mod:`agent.events.normalise` reads like the diagnostic-settings export.
- GCP: ``entries.list`` through ``google.cloud.logging.Client`` (the JSON API), filtered to the
  audit logs and a ``timestamp`` window, ascending; entries are taken as their API dictionaries.

Both keep the same position as CloudTrail LookupEvents (:func:`agent.events.sources.read_lookup_events`):
the newest event time seen and the ids taken within ``overlap_minutes`` before it, since both
services can show an event minutes after its time.  The next poll starts that much earlier and
skips those ids, so nothing is taken twice and nothing late is lost.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from agent.events.intake import Intake, Taken
from agent.settings.daemon import AzureActivitySource, GcpAuditSource
from agent.store.daemon_state import DaemonState, SourcePosition


@dataclass
class Window:
    """A poll's time window and the ids already taken near its start."""

    start: datetime
    newest: datetime
    seen: dict[str, str]
    first: bool


def _window(state: DaemonState | None, tenant: str, key: str, now: datetime, lookback: int, overlap: int) -> Window:
    pos = json.loads((state.position(tenant, key) if state else None) or "{}")
    if pos.get("time"):
        newest = datetime.fromisoformat(pos["time"])
        return Window(newest - timedelta(minutes=overlap), newest, dict(pos.get("seen", {})), False)
    start = now - timedelta(minutes=lookback)
    return Window(start, start, {}, True)


def _take(intake: Intake, state: DaemonState | None, origin: str, key: str, win: Window, overlap: int,
          items: Iterable[tuple[str, datetime | None, dict[str, Any]]]) -> Taken:
    records = []
    for item_id, at, record in items:
        if item_id and item_id in win.seen:
            continue  # taken by an earlier poll
        records.append(record)
        if at is not None:
            win.newest = max(win.newest, at)
            if item_id:
                win.seen[item_id] = at.isoformat()
    keep_from = win.newest - timedelta(minutes=overlap)
    seen = {i: t for i, t in win.seen.items() if datetime.fromisoformat(t) >= keep_from}
    at = SourcePosition(key, json.dumps({"time": win.newest.isoformat(), "seen": seen}, sort_keys=True)) if state else None
    return intake.take_records(origin, records, at)


def _utc(t: Any) -> datetime | None:
    if isinstance(t, str):
        try:
            t = datetime.fromisoformat(t.replace("Z", "+00:00"))
        except ValueError:
            return None
    if not isinstance(t, datetime):
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _z(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def azure_client(src: AzureActivitySource, credential: Any = None) -> Any:
    from azure.mgmt.monitor import MonitorManagementClient

    if credential is None:
        from azure.identity import DefaultAzureCredential

        credential = DefaultAzureCredential()
    kwargs: dict[str, Any] = {}
    if src.base_url:
        kwargs.update(base_url=src.base_url, credential_scopes=["https://management.azure.com/.default"])
    if src.ca_bundle:
        kwargs["connection_verify"] = src.ca_bundle
    return MonitorManagementClient(credential, src.subscription_id, **kwargs)


def read_azure_activity(src: AzureActivitySource, intake: Intake, state: DaemonState | None, client: Any = None,
                        now: datetime | None = None, credential: Any = None) -> Taken:
    """Read the subscription's Activity Log since the last poll."""
    origin = src.source or f"azure-activity:{src.subscription_id}"
    key = f"azure-activity:{src.subscription_id}:{src.base_url or ''}"
    now = now or datetime.now(UTC)
    win = _window(state, intake.tenant, key, now, src.lookback_minutes, src.overlap_minutes)
    monitor = client or azure_client(src, credential)
    flt = f"eventTimestamp ge '{_z(win.start)}' and eventTimestamp le '{_z(now)}'"

    def items() -> Iterable[tuple[str, datetime | None, dict[str, Any]]]:
        for ev in monitor.activity_logs.list(filter=flt):
            doc = ev.serialize(keep_readonly=True)
            yield str(doc.get("eventDataId") or ""), _utc(doc.get("eventTimestamp")), doc

    return _take(intake, state, origin, key, win, src.overlap_minutes, items())


def gcp_client(src: GcpAuditSource, credentials: Any = None) -> Any:
    from google.cloud import logging as gcp_logging

    options = {"api_endpoint": src.endpoint_url} if src.endpoint_url else None
    return gcp_logging.Client(project=src.project, credentials=credentials, _use_grpc=False, client_options=options)


def read_gcp_audit(src: GcpAuditSource, intake: Intake, state: DaemonState | None, client: Any = None,
                   now: datetime | None = None, credentials: Any = None,
                   page_size: int = 1000, stop: Callable[[], bool] = lambda: False) -> Taken:
    """Read the project's Cloud Audit Log entries since the last poll."""
    origin = src.source or f"gcp-audit:{src.project}"
    key = f"gcp-audit:{src.project}:{src.endpoint_url or ''}"
    now = now or datetime.now(UTC)
    win = _window(state, intake.tenant, key, now, src.lookback_minutes, src.overlap_minutes)
    logging_client = client or gcp_client(src, credentials)
    flt = f'({src.filter}) AND timestamp>="{_z(win.start)}" AND timestamp<="{_z(now)}"'

    def items() -> Iterable[tuple[str, datetime | None, dict[str, Any]]]:
        for entry in logging_client.list_entries(resource_names=[f"projects/{src.project}"], filter_=flt,
                                                 order_by="timestamp asc", page_size=page_size):
            doc = entry.to_api_repr()
            yield str(doc.get("insertId") or ""), _utc(doc.get("timestamp")), doc
            if stop():
                return

    return _take(intake, state, origin, key, win, src.overlap_minutes, items())
