"""A local stand-in for Security Command Center v1 ListFindings over REST, in its JSON wire format.

``GET /v1/{parent}/sources/-/findings?filter=…&pageSize=…&pageToken=…`` where the parent is
``organizations/…``, ``folders/…`` or ``projects/…`` answers ``{"listFindingsResults": [{"finding",
"resource"}], "readTime", "nextPageToken", "totalSize"}`` like securitycenter.googleapis.com, so
the official client's pager follows it.  The filters the reader sends are evaluated:
``state="ACTIVE"`` and ``event_time >= "<RFC 3339>"``.  ``forbidden`` parents answer 403.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


class SccStandIn:
    def __init__(self, findings: dict[str, list[dict[str, Any]]], forbidden: set[str] | None = None) -> None:
        self.findings = findings  # parent -> ListFindingsResult documents
        self.forbidden = forbidden or set()
        self.requests: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> SccStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        self.requests.append(path)
        m = re.fullmatch(r"/v1/(.+)/sources/-/findings", unquote(path))
        if not m:
            return 404, {"error": {"code": 404, "message": "not found", "status": "NOT_FOUND"}}
        parent = m.group(1)
        if parent in self.forbidden:
            return 403, {"error": {"code": 403, "message": f"The caller does not have permission on {parent}",
                                   "status": "PERMISSION_DENIED"}}
        flt = (query.get("filter") or [""])[0]
        rows = self.findings.get(parent, [])
        if 'state="ACTIVE"' in flt:
            rows = [r for r in rows if r["finding"].get("state") == "ACTIVE"]
        since = re.search(r'event_time >= "([^"]+)"', flt)
        if since:
            rows = [r for r in rows if r["finding"].get("eventTime", "") >= since.group(1)]
        size = int((query.get("pageSize") or ["10"])[0])
        start = int((query.get("pageToken") or ["0"])[0] or 0)
        page = rows[start:start + size]
        doc: dict[str, Any] = {"listFindingsResults": page, "readTime": "2026-12-01T09:00:00Z", "totalSize": len(rows)}
        if start + size < len(rows):
            doc["nextPageToken"] = str(start + size)
        return 200, doc


def _handler(standin: SccStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            parts = urlsplit(self.path)
            status, doc = standin.answer(parts.path, parse_qs(parts.query))
            data = json.dumps(doc).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def scc_result(parent: str, name: str, category: str, resource: str, project: str, *, state: str = "ACTIVE",
               severity: str = "HIGH", event_time: str = "2026-11-30T10:00:00Z", finding_class: str = "MISCONFIGURATION",
               resource_type: str = "google.cloud.storage.Bucket") -> dict[str, Any]:
    return {"finding": {"name": f"{parent}/sources/123/findings/{name}", "parent": f"{parent}/sources/123",
                        "resourceName": resource, "state": state, "category": category, "severity": severity,
                        "eventTime": event_time, "createTime": event_time, "findingClass": finding_class,
                        "mute": "UNMUTED", "externalUri": "https://console.cloud.google.com/security/command-center",
                        "compliances": [{"standard": "cis", "version": "2.0", "ids": ["5.1"]}]},
            "resource": {"name": resource, "projectName": f"//cloudresourcemanager.googleapis.com/projects/{project}",
                         "projectDisplayName": project, "type": resource_type}}
