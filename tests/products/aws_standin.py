"""A local stand-in for the AWS product APIs moto lacks, serving their real REST-JSON wire format.

moto 5.2 has no GuardDuty findings API, no Macie findings and no IAM Access Analyzer.  This server
answers, exactly as the public API references lay them out (camelCase members on the wire; boto3
turns them into its own shapes):

    GuardDuty        GET  /detector                       {"detectorIds"}
                     POST /detector/{id}/findings         ListFindings: findingCriteria.criterion
                                                          (updatedAt gte in ms, service.archived),
                                                          sortCriteria, maxResults (≤ 50), nextToken
                     POST /detector/{id}/findings/get     GetFindings {"findings"}
    Macie            GET  /macie                          GetMacieSession (403 when not enabled)
                     POST /findings                       ListFindings (criterion updatedAt gte, archived eq)
                     POST /findings/describe              GetFindings
    Access Analyzer  GET  /analyzer                       ListAnalyzers
                     POST /findingv2                      ListFindingsV2 (filter status eq)

Signatures are not checked.  ``requests`` records (method, path) for the tests' call counts.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


def _ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


@dataclass
class Estate:
    detectors: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # detector id -> findings (wire shape)
    macie: list[dict[str, Any]] | None = None  # None: Macie not enabled
    analyzers: list[dict[str, Any]] = field(default_factory=list)
    analyzer_findings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # analyzer arn -> summaries


def _page(items: list[Any], body: dict[str, Any], limit: int) -> tuple[list[Any], str]:
    start = int(body.get("nextToken") or 0)
    size = min(int(body.get("maxResults") or limit), limit)
    end = start + size
    return items[start:end], (str(end) if end < len(items) else "")


def _gd_match(f: dict[str, Any], criterion: dict[str, Any]) -> bool:
    for key, cond in criterion.items():
        if key == "updatedAt":
            floor = cond.get("greaterThanOrEqual", cond.get("gte"))
            if floor is not None and _ms(f["updatedAt"]) < int(floor):
                return False
        elif key == "service.archived":
            want = (cond.get("equals") or cond.get("eq") or [None])[0]
            if want is not None and str(f["service"]["archived"]).lower() != want:
                return False
    return True


def _macie_match(f: dict[str, Any], criterion: dict[str, Any]) -> bool:
    up = (criterion.get("updatedAt") or {}).get("gte")
    if up is not None and _ms(f["updatedAt"]) < int(up):
        return False
    arch = (criterion.get("archived") or {}).get("eq")
    return not (arch and str(f["archived"]).lower() != arch[0])


class AwsProductsStandIn:
    def __init__(self, estate: Estate | None = None) -> None:
        self.estate = estate or Estate()
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> AwsProductsStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def count(self, fragment: str) -> int:
        return sum(1 for _, p in self.requests if fragment in p)

    def answer(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any], str]:
        with self._lock:
            self.requests.append((method, path))
        e = self.estate
        parts = path.strip("/").split("/")
        if method == "GET" and path == "/detector":
            return 200, {"detectorIds": list(e.detectors)}, ""
        if parts[0] == "detector" and len(parts) >= 3 and parts[1] in e.detectors:
            found = e.detectors[parts[1]]
            if len(parts) == 4 and parts[3] == "get":
                ids = set(body.get("findingIds") or [])
                return 200, {"findings": [f for f in found if f["id"] in ids]}, ""
            criterion = (body.get("findingCriteria") or {}).get("criterion") or {}
            hits = sorted((f for f in found if _gd_match(f, criterion)), key=lambda f: f["updatedAt"], reverse=True)
            page, token = _page([f["id"] for f in hits], body, 50)
            return 200, {"findingIds": page, "nextToken": token}, ""
        if path == "/macie":
            if e.macie is None:
                return 403, {"message": "Macie is not enabled for this AWS account."}, "AccessDeniedException"
            return 200, {"status": "ENABLED", "findingPublishingFrequency": "FIFTEEN_MINUTES"}, ""
        if path == "/findings/describe":
            ids = set(body.get("findingIds") or [])
            return 200, {"findings": [f for f in e.macie or [] if f["id"] in ids]}, ""
        if path == "/findings":
            criterion = (body.get("findingCriteria") or {}).get("criterion") or {}
            page, token = _page([f["id"] for f in e.macie or [] if _macie_match(f, criterion)], body, 50)
            return 200, {"findingIds": page, "nextToken": token}, ""
        if method == "GET" and path == "/analyzer":
            return 200, {"analyzers": e.analyzers}, ""
        if path == "/findingv2":
            wanted = ((body.get("filter") or {}).get("status") or {}).get("eq")
            items = [f for f in e.analyzer_findings.get(body.get("analyzerArn", ""), [])
                     if not wanted or f["status"] in wanted]
            page, token = _page(items, body, 100)
            return 200, {"findings": page, "nextToken": token or None}, ""
        return 404, {"message": f"no such operation: {method} {path}"}, "ResourceNotFoundException"


def _handler(standin: AwsProductsStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw.strip() else {}
            status, doc, error = standin.answer(method, urlsplit(self.path).path, body)
            if not doc.get("nextToken", "x"):
                doc.pop("nextToken")
            data = json.dumps(doc).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if error:
                self.send_header("x-amzn-ErrorType", error)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802
            self._serve("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._serve("POST")

    return Handler


def guardduty_finding(account: str, region: str, detector: str, fid: str, ftype: str, severity: float,
                      updated: str, instance: str | None = None, archived: bool = False) -> dict[str, Any]:
    """A GuardDuty finding as GetFindings puts it on the wire."""
    resource: dict[str, Any] = {"resourceType": "Instance", "instanceDetails": {"instanceId": instance}} if instance \
        else {"resourceType": "AccessKey", "accessKeyDetails": {"userName": "alice", "userType": "IAMUser"}}
    return {"accountId": account, "arn": f"arn:aws:guardduty:{region}:{account}:detector/{detector}/finding/{fid}",
            "createdAt": updated, "id": fid, "partition": "aws", "region": region, "resource": resource,
            "schemaVersion": "2.0", "service": {"archived": archived, "count": 3, "serviceName": "guardduty",
                                                "detectorId": detector},
            "severity": severity, "title": f"{ftype} seen", "type": ftype, "updatedAt": updated}
