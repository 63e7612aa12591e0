"""A stand-in Kubernetes API server for tests and benchmarks: real HTTP on 127.0.0.1.

It serves Kubernetes list documents (``PodList``, ``ClusterRoleList`` …) loaded from JSON files
or given in memory, the way the API server does:

- the all-namespaces path (``/api/v1/pods``, ``/apis/apps/v1/deployments``) and the namespaced
  one (``/api/v1/namespaces/NS/pods``);
- pagination: ``limit`` and ``continue`` in, ``metadata.continue`` and ``remainingItemCount`` out;
  pages recorded from a real server (``<plural>.pageN.json``) are replayed as recorded, tokens and all;
- ``Accept: application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1`` answered with
  metadata only, as the server does (and anything else answered with the full objects, Secret
  data included, so a test can tell what the client asked for);
- 404 for the list paths in ``absent`` (a CRD not installed); 403 ``Status`` documents for paths
  matching a glob in ``forbidden``; API discovery (``/apis/GROUP/VERSION``) served for built-in
  groups, groups with lists, and ``installed``; 401 without the bearer token when
  one is set; ``/version``;
- ``/api/v1/nodes/NODE/proxy/configz``: ``{"kubeletconfig": …}`` from ``configz`` (NODE, else
  ``"*"``), as the kubelet answers through the API server's node proxy.

Every request is recorded (method, path, query, headers) in ``requests``.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from agent.collectors.kubernetes.kinds import BY_KIND, KINDS

FIXTURE_DIR = Path(__file__).parent / "fixtures" / "cluster"
METADATA_ONLY = "as=PartialObjectMetadataList"
# What a kubeadm node's kubelet reports through configz (defaults filled in), hardened.
KUBELET_DEFAULTS: dict[str, Any] = {
    "enableServer": True, "staticPodPath": "/etc/kubernetes/manifests", "readOnlyPort": 0,
    "authentication": {"x509": {"clientCAFile": "/etc/kubernetes/pki/ca.crt"}, "webhook": {"enabled": True, "cacheTTL": "2m0s"},
                       "anonymous": {"enabled": False}},
    "authorization": {"mode": "Webhook", "webhook": {"cacheAuthorizedTTL": "5m0s", "cacheUnauthorizedTTL": "30s"}},
    "streamingConnectionIdleTimeout": "4h0m0s", "makeIPTablesUtilChains": True, "eventRecordQPS": 50,
    "protectKernelDefaults": True, "rotateCertificates": True, "serverTLSBootstrap": True,
    "tlsCertFile": "/var/lib/kubelet/pki/kubelet.crt", "tlsPrivateKeyFile": "/var/lib/kubelet/pki/kubelet.key",
    "tlsCipherSuites": ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"],
    "podPidsLimit": 4096, "featureGates": {"RotateKubeletServerCertificate": True}, "seccompDefault": True,
}


def load_lists(directory: Path = FIXTURE_DIR) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """({list path: list document}, version document) from a directory of recorded JSON files.

    ``<plural>.pageN.json`` files are pages recorded from a server (the first ones carrying
    ``metadata.continue``); they are kept under ``"pages"`` and replayed as recorded.
    """
    lists: dict[str, dict[str, Any]] = {}
    version: dict[str, Any] = {}
    for f in sorted(directory.glob("*.json")):
        doc = json.loads(f.read_text(encoding="utf-8"))
        if "gitVersion" in doc:
            version = doc
            continue
        kind = BY_KIND[str(doc["kind"]).removesuffix("List")]
        if ".page" in f.name:
            whole = lists.setdefault(kind.list_path, {**doc, "items": [], "pages": []})
            whole["items"].extend(doc["items"])
            whole["pages"].append(doc)
        else:
            lists[kind.list_path] = doc
    return lists, version


def list_document(kind_name: str, items: list[dict[str, Any]], resource_version: str = "1000") -> dict[str, Any]:
    kind = BY_KIND[kind_name]
    return {"kind": f"{kind_name}List", "apiVersion": kind.api_version,
            "metadata": {"resourceVersion": resource_version}, "items": items}


class ApiStandIn:
    def __init__(self, lists: dict[str, dict[str, Any]] | None = None, version: dict[str, Any] | None = None,
                 forbidden: set[str] | None = None, token: str | None = None, absent: set[str] | None = None,
                 tls: ssl.SSLContext | None = None) -> None:
        if lists is None:
            lists, version = load_lists()
        self.lists = lists
        self.version = version or {"major": "1", "minor": "36", "gitVersion": "v1.36.1"}
        self.forbidden = set(forbidden or ())
        self.absent = set(absent or ())  # list paths answered 404, as for a CRD that is not installed
        self.installed: set[str] = set()  # "group/version" discovery serves besides those with lists
        self.configz: dict[str, dict[str, Any]] = {"*": KUBELET_DEFAULTS}
        self.token = token
        self.expire_continue_tokens = 0  # answer this many requests carrying a continue token with 410
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._bodies: dict[str, bytes] = {}  # (path, offset, limit, meta) → encoded page, for the benchmark
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.scheme = "http"
        if tls is not None:  # HTTPS as an API server serves it (a trustme CA in the tests)
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="k8s-standin", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{self.scheme}://{host}:{port}"

    def __enter__(self) -> ApiStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    # ------------------------------------------------------------------ answers
    def _route(self, path: str) -> tuple[str, str | None] | None:
        """(all-namespaces list path, namespace or None) for a list URL."""
        if path in self.lists or any(path == k.list_path for k in KINDS):
            return path, None
        parts = path.strip("/").split("/")
        if "namespaces" in parts:
            i = parts.index("namespaces")
            if len(parts) == i + 3:
                ns = parts[i + 1]
                return "/" + "/".join(parts[:i] + parts[i + 2:]), ns
        return None

    def answer(self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str]) -> tuple[int, dict[str, Any] | bytes]:
        with self._lock:
            self.requests.append({"method": method, "path": path, "query": query, "headers": headers})
        scheme, _, given = (headers.get("authorization") or "").partition(" ")
        if self.token and (scheme.lower() != "bearer" or given != self.token):  # the scheme is case-insensitive (RFC 6750)
            return 401, status_doc(401, "Unauthorized", "Unauthorized")
        if path.rstrip("/") == "/version":
            return 200, self.version
        parts = path.strip("/").split("/")
        if len(parts) == 6 and parts[:3] == ["api", "v1", "nodes"] and parts[4:] == ["proxy", "configz"]:
            if any(fnmatch.fnmatchcase(path, pattern) for pattern in self.forbidden):
                return 403, status_doc(403, "Forbidden", f'nodes "{parts[3]}" is forbidden: User "system:serviceaccount:ucs:scanner" '
                                                         'cannot get resource "nodes/proxy" in API group "" at the cluster scope')
            config = self.configz.get(parts[3], self.configz.get("*"))
            if config is None:
                return 404, status_doc(404, "NotFound", f'nodes "{parts[3]}" not found')
            return 200, {"kubeletconfig": config}
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "apis":  # discovery of a group/version: served if any of its lists is
            prefix = f"/apis/{parts[1]}/{parts[2]}/"
            served = f"{parts[1]}/{parts[2]}" in self.installed or any(p.startswith(prefix) for p in self.lists) or any(
                k.list_path.startswith(prefix) and not k.optional for k in KINDS)
            if not served:
                return 404, status_doc(404, "NotFound", "the server could not find the requested resource")
            return 200, {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": f"{parts[1]}/{parts[2]}", "resources": []}
        route = self._route(path)
        if route is None:
            return 404, status_doc(404, "NotFound", f"the server could not find the requested resource ({path})")
        list_path, ns = route
        if list_path in self.absent:
            return 404, status_doc(404, "NotFound", "the server could not find the requested resource")
        if any(fnmatch.fnmatchcase(path, pattern) for pattern in self.forbidden):
            plural = list_path.rsplit("/", 1)[-1]
            where = f'in the namespace "{ns}"' if ns else "at the cluster scope"
            return 403, status_doc(403, "Forbidden", f'{plural} is forbidden: User "system:serviceaccount:ucs:scanner" '
                                                     f'cannot list resource "{plural}" in API group "" {where}')
        if query.get("continue") and self.expire_continue_tokens > 0:
            with self._lock:
                self.expire_continue_tokens -= 1
            return 410, status_doc(410, "Expired", "The provided continue parameter is too old to display a consistent "
                                                   "list result. You can start a new list without the continue parameter.")
        meta_only = METADATA_ONLY in headers.get("accept", "")
        doc = self.lists.get(list_path)
        if doc is None:
            kind = next(k for k in KINDS if k.list_path == list_path)
            doc = list_document(kind.kind, [])
        recorded = doc.get("pages")
        if recorded and ns is None:
            # Replay the recorded pages: the client must send back the server's own opaque token.
            token = query.get("continue", [""])[0]
            index = 0 if not token else 1 + next(
                (i for i, page in enumerate(recorded) if (page.get("metadata") or {}).get("continue") == token), len(recorded))
            if index >= len(recorded):
                return 410, status_doc(410, "Expired", "The provided continue parameter is too old or invalid")
            page_doc = recorded[index]
            return 200, self._encode(page_doc, page_doc.get("items") or [], dict(page_doc.get("metadata") or {}), meta_only)
        limit = int(query.get("limit", ["0"])[0] or 0)
        offset = decode_continue(query.get("continue", [""])[0])
        key = f"{path}|{offset}|{limit}|{meta_only}"
        cached = self._bodies.get(key)
        if cached is not None:
            return 200, cached
        items = doc.get("items") or []
        if ns is not None:
            items = [i for i in items if (i.get("metadata") or {}).get("namespace") == ns]
        page = items[offset:offset + limit] if limit else items[offset:]
        meta = dict(doc.get("metadata") or {})
        end = offset + len(page)
        if limit and end < len(items):
            meta["continue"] = encode_continue(end)
            meta["remainingItemCount"] = len(items) - end
        body = self._encode(doc, page, meta, meta_only)
        self._bodies[key] = body
        return 200, body

    @staticmethod
    def _encode(doc: dict[str, Any], page: list[dict[str, Any]], meta: dict[str, Any], meta_only: bool) -> bytes:
        if meta_only:
            out = {"kind": "PartialObjectMetadataList", "apiVersion": "meta.k8s.io/v1", "metadata": meta,
                   "items": [{"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": i.get("metadata", {})}
                             for i in page]}
        else:
            out = {"kind": doc.get("kind"), "apiVersion": doc.get("apiVersion"), "metadata": meta, "items": page}
        return json.dumps(out).encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                url = urlparse(self.path)
                headers = {k.lower(): v for k, v in self.headers.items()}
                try:
                    status, doc = standin.answer("GET", url.path, parse_qs(url.query), headers)
                except Exception as exc:  # a stand-in bug shows as a 500 the test can read, not a hang-up
                    status, doc = 500, status_doc(500, "InternalError", f"stand-in: {type(exc).__name__}: {exc}")
                body = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


def status_doc(code: int, reason: str, message: str) -> dict[str, Any]:
    return {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message,
            "reason": reason, "code": code}


def encode_continue(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"v": "meta.k8s.io/v1", "rv": 1000, "start": offset}).encode()).decode()


def decode_continue(token: str) -> int:
    if not token:
        return 0
    return int(json.loads(base64.urlsafe_b64decode(token.encode()))["start"])
