"""A local stand-in for the Cloud Asset API's ListAssets, serving the real JSON wire format.

``GET /v1/{parent}/assets?assetTypes=…&contentType=…&pageSize=…&pageToken=…`` (content types
RESOURCE, IAM_POLICY, ORG_POLICY) answers
``{"readTime", "assets": [...], "nextPageToken"}`` exactly as cloudasset.googleapis.com does over
REST, so the official ``asset_v1.AssetServiceClient`` (REST transport) talks to it unchanged and its
pager follows ``nextPageToken``.  Parents listed in ``forbidden`` answer 403 PERMISSION_DENIED in
Google's error shape.  Every request is recorded so tests can assert filtering and paging.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

# contentType arrives as the enum's number (the REST transport asks for enum-encoding=int) or its name
CONTENT_TYPES = {"1": "RESOURCE", "2": "IAM_POLICY", "4": "ORG_POLICY",
                 "RESOURCE": "RESOURCE", "IAM_POLICY": "IAM_POLICY", "ORG_POLICY": "ORG_POLICY"}
CONTENT_KEYS = {"RESOURCE": "resource", "IAM_POLICY": "iamPolicy", "ORG_POLICY": "orgPolicy"}
MAX_PAGE = 1000  # the API's own ceiling for ListAssets pageSize


@dataclass
class Estate:
    """What the stand-in serves: per parent, asset documents carrying "resource" and/or "iamPolicy"."""

    assets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    forbidden: set[str] = field(default_factory=set)
    forbidden_iam: set[str] = field(default_factory=set)  # parents whose IAM_POLICY listing answers 403
    throttle: int = 0  # answer this many requests with 429 RESOURCE_EXHAUSTED first (quota exceeded)

    def add(self, parent: str, asset: dict[str, Any]) -> None:
        self.assets.setdefault(parent, []).append(asset)


@dataclass(frozen=True)
class Request:
    parent: str
    content_type: str
    asset_types: tuple[str, ...]
    page_size: int
    page_token: str
    authorization: str = ""


def _page(estate: Estate, req: Request) -> tuple[int, dict[str, Any]]:
    if estate.throttle > 0:
        estate.throttle -= 1
        return 429, {"error": {"code": 429, "status": "RESOURCE_EXHAUSTED",
                               "message": "Quota exceeded for quota metric 'List Assets requests'"}}
    if req.parent in estate.forbidden or (req.content_type == "IAM_POLICY" and req.parent in estate.forbidden_iam):
        return 403, {"error": {"code": 403, "status": "PERMISSION_DENIED",
                               "message": f"The caller does not have permission to list {req.content_type} assets "
                                          f"of {req.parent} (cloudasset.assets.list"
                                          f"{req.content_type.title().replace('_', '')})"}}
    if req.parent not in estate.assets:
        return 404, {"error": {"code": 404, "status": "NOT_FOUND", "message": f"{req.parent} not found"}}
    key = CONTENT_KEYS.get(req.content_type)
    if key is None:
        return 400, {"error": {"code": 400, "status": "INVALID_ARGUMENT", "message": "contentType is required"}}
    wanted = set(req.asset_types)
    matching = [a for a in estate.assets[req.parent] if key in a and (not wanted or a["assetType"] in wanted)]
    start = int(req.page_token or 0)
    size = min(req.page_size or 100, MAX_PAGE)
    chunk = matching[start:start + size]
    body: dict[str, Any] = {"readTime": "2026-11-24T00:00:00Z", "assets": [
        {k: v for k, v in a.items() if k in ("name", "assetType", "ancestors", "updateTime", key)} for a in chunk]}
    if start + size < len(matching):
        body["nextPageToken"] = str(start + size)
    return 200, body


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        url = urlsplit(self.path)
        path = unquote(url.path)
        if path == "/_stats":  # for benchmarks that run the stand-in in another process
            self._send(200, {"requests": len(self.server.requests)})
            return
        if not (path.startswith("/v1/") and path.endswith("/assets")):
            self._send(404, {"error": {"code": 404, "status": "NOT_FOUND", "message": f"no route {path}"}})
            return
        q = parse_qs(url.query)
        req = Request(parent=path[len("/v1/"):-len("/assets")],
                      content_type=CONTENT_TYPES.get((q.get("contentType") or ["0"])[0], "UNSPECIFIED"),
                      asset_types=tuple(q.get("assetTypes", [])),
                      page_size=int((q.get("pageSize") or ["0"])[0]),
                      page_token=(q.get("pageToken") or [""])[0],
                      authorization=self.headers.get("Authorization", ""))
        with self.server.lock:
            self.server.requests.append(req)
        self._send(*_page(self.server.estate, req))

    def _send(self, status: int, body: dict[str, Any]) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, estate: Estate) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.estate = estate
        self.requests: list[Request] = []
        self.lock = threading.Lock()


class AssetStandIn:
    """Context manager: ``with AssetStandIn(estate) as s: s.url, s.requests``."""

    def __init__(self, estate: Estate | None = None) -> None:
        self.estate = estate or Estate()
        self._server = _Server(self.estate)
        self._thread = threading.Thread(target=self._server.serve_forever, name="gcp-standin", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def requests(self) -> list[Request]:
        return self._server.requests

    def __enter__(self) -> AssetStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()


def asset(asset_type: str, name: str, data: dict[str, Any] | None = None, *, location: str = "global",
          ancestors: list[str] | None = None, policy: dict[str, Any] | None = None,
          org_policies: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One asset document in the API's JSON shape: resource content and, optionally, its IAM policy and
    the organisation policies set on it (``[{"constraint": …, "booleanPolicy" | "listPolicy": …}]``)."""
    service = asset_type.split("/", 1)[0]
    doc: dict[str, Any] = {"name": name, "assetType": asset_type, "ancestors": ancestors or [],
                           "updateTime": "2026-11-01T00:00:00Z"}
    if data is not None:
        doc["resource"] = {"version": "v1", "discoveryDocumentUri": f"https://{service}/$discovery/rest",
                           "discoveryName": asset_type.rsplit("/", 1)[1], "data": data, "location": location}
    if policy is not None:
        doc["iamPolicy"] = {"version": 1, "etag": "BwX1Ym9ndXM=", **policy}
    if org_policies:
        doc["orgPolicy"] = [{"version": 1, "etag": "BwX1Ym9ndXM=", "updateTime": "2026-01-01T00:00:00Z", **p}
                            for p in org_policies]
    return doc

