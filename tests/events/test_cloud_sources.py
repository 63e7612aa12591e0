"""Azure Activity Log (azure-mgmt-monitor over HTTPS, trustme CA) and GCP Cloud Audit Logs
(google-cloud-logging entries.list over HTTP) through local stand-ins serving the real wire
shapes: events reach the rules, a second poll takes nothing twice, paging is followed."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from google.auth.credentials import AnonymousCredentials

from agent.events import Event
from agent.events.cloud_sources import read_azure_activity, read_gcp_audit
from agent.events.intake import Intake
from agent.settings.daemon import AzureActivitySource, GcpAuditSource
from agent.store.daemon_state import DaemonState
from agent.threats.detect import evaluate
from agent.threats.pseudonym import Pseudonymiser
from tests.azure.standin import AzureStandIn, StaticCredential
from tests.threats.conftest import fixture

SUB = "00000000-1111-2222-3333-444444444444"
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)


def _event_data(i: int, op: str) -> dict[str, Any]:
    """An Activity Log EventData as the REST API answers it."""
    rid = f"/subscriptions/{SUB}/providers/microsoft.insights/diagnosticSettings/to-siem"
    return {
        "authorization": {"action": op, "scope": rid}, "caller": "alice@example.com", "channels": "Operation",
        "claims": {"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": "alice@example.com"},
        "correlationId": f"c0ffee00-0000-4000-8000-00000000000{i}", "eventDataId": f"e0000000-0000-4000-8000-00000000000{i}",
        "eventName": {"value": "EndRequest", "localizedValue": "End request"},
        "category": {"value": "Administrative", "localizedValue": "Administrative"},
        "eventTimestamp": f"2026-11-24T10:2{i}:00.0000000Z", "httpRequest": {"clientIpAddress": "203.0.113.45", "method": "DELETE"},
        "id": f"{rid}/events/{i}", "level": "Informational", "operationId": f"op-{i}",
        "operationName": {"value": op, "localizedValue": "Delete diagnostic setting"}, "resourceGroupName": "",
        "resourceProviderName": {"value": "microsoft.insights", "localizedValue": "microsoft.insights"},
        "resourceType": {"value": "microsoft.insights/diagnosticSettings", "localizedValue": ""}, "resourceId": rid,
        "status": {"value": "Succeeded", "localizedValue": "Succeeded"}, "subStatus": {"value": "OK", "localizedValue": "OK"},
        "submissionTimestamp": f"2026-11-24T10:2{i}:30.0000000Z", "subscriptionId": SUB, "tenantId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "properties": {"statusCode": "OK"},
    }


def _collect(seen: list[Event]):
    def detector(tenant: str, batch) -> int:
        seen.extend(batch)
        return 0
    return lambda: {"collect": detector}


def test_azure_activity_log_through_azure_mgmt_monitor(tmp_path: Path, store) -> None:
    docs = [_event_data(1, "microsoft.insights/diagnosticSettings/delete"),
            _event_data(2, "Microsoft.Resources/deployments/write")]
    path = f"/subscriptions/{SUB}/providers/Microsoft.Insights/eventtypes/management/values"
    standin = AzureStandIn({"documents": {path: {"value": docs}}}, tmp_path).start()
    seen: list[Event] = []
    intake = Intake("t1", None, DaemonState(store.engine), detectors=_collect(seen))
    src = AzureActivitySource(subscription_id=SUB, base_url=standin.base_url, ca_bundle=standin.ca_path)
    try:
        first = read_azure_activity(src, intake, intake.state, now=NOW, credential=StaticCredential())
        again = read_azure_activity(src, intake, intake.state, now=NOW, credential=StaticCredential())
    finally:
        standin.stop()
    assert first.accepted == 2 and first.malformed == 0 and again.accepted == 0
    assert {e.source for e in seen} == {"azure.activity"}
    got = evaluate(seen, Pseudonymiser(b"k")).sightings
    assert {s.finding.check_id for s in got.values()} == {"threat.azure_activity.diagnostic_setting_deleted"}
    assert "alice@example.com" not in json.dumps([s.finding.to_dict() for s in got.values()], default=str)


class _LoggingStandIn:
    """POST /v2/entries:list answering LogEntries in pages of two; request bodies kept."""

    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.bodies: list[dict[str, Any]] = []
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                standin.bodies.append(body)
                start = int(body.get("pageToken") or 0)
                page: dict[str, Any] = {"entries": entries[start:start + 2]}
                if start + 2 < len(entries):
                    page["nextPageToken"] = str(start + 2)
                data = json.dumps(page).encode() if self.path.startswith("/v2/entries:list") else b"{}"
                self.send_response(200 if self.path.startswith("/v2/entries:list") else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_gcp_audit_logs_through_google_cloud_logging(store) -> None:
    sink = fixture("threat.gcp_audit.logging_sink_removed")
    key = fixture("threat.gcp_audit.service_account_key_created")
    entries = sink["fail"] + sink["pass"] + key["fail"]
    standin = _LoggingStandIn(entries)
    seen: list[Event] = []
    intake = Intake("t1", None, DaemonState(store.engine), detectors=_collect(seen))
    src = GcpAuditSource(project="shop-prod", endpoint_url=standin.url)
    try:
        first = read_gcp_audit(src, intake, intake.state, now=NOW, credentials=AnonymousCredentials(), page_size=2)
        again = read_gcp_audit(src, intake, intake.state, now=NOW, credentials=AnonymousCredentials(), page_size=2)
    finally:
        standin.server.shutdown()
    assert first.accepted == len(entries) and again.accepted == 0
    body = standin.bodies[0]
    assert body["resourceNames"] == ["projects/shop-prod"] and 'cloudaudit.googleapis.com' in body["filter"]
    assert "timestamp>=" in body["filter"] and len(standin.bodies) >= 4  # two pages per poll
    got = evaluate(seen, Pseudonymiser(b"k")).sightings
    assert {s.finding.check_id for s in got.values()} == {"threat.gcp_audit.logging_sink_removed",
                                                          "threat.gcp_audit.service_account_key_created"}
