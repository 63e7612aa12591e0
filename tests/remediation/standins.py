"""Minimal stand-ins for the write APIs the non-AWS remediators call, on 127.0.0.1.

The collectors' stand-ins (tests/kubernetes, tests/azure, tests/gcp) serve list/read APIs only;
these serve the objects a remediator reads and writes, in the providers' wire formats:

- Kubernetes: namespaces, service accounts, network policies (GET one, GET list, POST, merge
  PATCH where ``null`` removes a field, DELETE);
- Azure Resource Manager (HTTPS with a trustme CA, as the SDK requires): storage account GET and
  PATCH of ``properties``;
- Cloud Storage JSON API: bucket IAM policy GET / PUT with etags (a stale etag answers 412).

Every request is recorded as (method, path) in ``requests``.
"""

from __future__ import annotations

import base64
import copy
import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlparse


def merge_patch(target: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """RFC 7386 JSON merge patch (what a strategic merge does for these scalar fields)."""
    out = dict(target)
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge_patch(out[k], v)
        else:
            out[k] = v
    return out


class StandIn:
    """A threaded HTTP(S) server whose subclasses answer ``route(method, path, body)``."""

    def __init__(self, tls_dir: Any = None) -> None:
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.ca_path: str | None = None
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                path = urlparse(self.path).path
                with standin.lock:
                    standin.requests.append((self.command, path))
                    status, doc = standin.route(self.command, path, body)
                data = json.dumps(doc).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.scheme = "http"
        if tls_dir is not None:
            import trustme

            ca = trustme.CA()
            cert = ca.issue_cert("127.0.0.1", "localhost")
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            cert.configure_cert(ctx)
            self.server.socket = ctx.wrap_socket(self.server.socket, server_side=True)
            self.ca_path = str(tls_dir / "ca.pem")
            ca.cert_pem.write_to_path(self.ca_path)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{self.scheme}://{host}:{port}"

    def start(self) -> StandIn:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def writes(self) -> list[tuple[str, str]]:
        return [r for r in self.requests if r[0] != "GET"]

    def route(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        raise NotImplementedError


def k8s_status(code: int, reason: str, message: str) -> dict[str, Any]:
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    }


class KubernetesStandIn(StandIn):
    NETPOL = "/apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies"

    def __init__(self) -> None:
        super().__init__()
        self.objects: dict[str, dict[str, Any]] = {}

    def add_namespace(self, name: str, labels: dict[str, str] | None = None) -> None:
        self.objects[f"/api/v1/namespaces/{name}"] = {
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": {"name": name, "labels": labels or {}},
        }

    def add_service_account(self, ns: str, name: str, **fields: Any) -> None:
        self.objects[f"/api/v1/namespaces/{ns}/serviceaccounts/{name}"] = {
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": {"name": name, "namespace": ns},
            **fields,
        }

    def route(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        parts = path.strip("/").split("/")
        if method == "GET" and path.endswith("/networkpolicies"):
            items = [o for p, o in sorted(self.objects.items()) if p.startswith(path + "/")]
            return 200, {
                "apiVersion": "networking.k8s.io/v1",
                "kind": "NetworkPolicyList",
                "metadata": {},
                "items": items,
            }
        if method == "POST" and path.endswith("/networkpolicies"):
            key = f"{path}/{body['metadata']['name']}"
            if key in self.objects:
                return 409, k8s_status(
                    409, "AlreadyExists", f'networkpolicies "{body["metadata"]["name"]}" already exists'
                )
            self.objects[key] = body
            return 201, body
        obj = self.objects.get(path)
        if obj is None:
            return 404, k8s_status(404, "NotFound", f'{parts[-2]} "{parts[-1]}" not found')
        if method == "GET":
            return 200, obj
        if method == "PATCH":
            self.objects[path] = merge_patch(obj, body)
            return 200, self.objects[path]
        if method == "DELETE":
            del self.objects[path]
            return 200, k8s_status(200, "", "deleted") | {"status": "Success"}
        return 405, k8s_status(405, "MethodNotAllowed", method)


class AzureStorageStandIn(StandIn):
    def __init__(self, tls_dir: Any) -> None:
        super().__init__(tls_dir)
        self.accounts: dict[str, dict[str, Any]] = {}

    def add_account(self, arm_id: str, **properties: Any) -> None:
        name = arm_id.rsplit("/", 1)[-1]
        self.accounts[arm_id.lower()] = {
            "id": arm_id,
            "name": name,
            "type": "Microsoft.Storage/storageAccounts",
            "location": "japaneast",
            "kind": "StorageV2",
            "sku": {"name": "Standard_LRS"},
            "properties": dict(properties),
        }

    def route(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        acct = self.accounts.get(path.lower())
        if acct is None:
            return 404, {"error": {"code": "ResourceNotFound", "message": f"{path} not found"}}
        if method == "PATCH":
            acct["properties"] = merge_patch(acct["properties"], (body or {}).get("properties", {}))
        return 200, acct


class GcsIamStandIn(StandIn):
    def __init__(self) -> None:
        super().__init__()
        self.policies: dict[str, dict[str, Any]] = {}
        self.buckets: dict[str, dict[str, Any]] = {}  # buckets.get / buckets.patch documents

    def add_bucket(self, bucket: str, public_access_prevention: str = "inherited") -> None:
        self.buckets[bucket] = {"kind": "storage#bucket", "id": bucket, "name": bucket, "location": "US",
                                "metageneration": "1", "storageClass": "STANDARD",
                                "iamConfiguration": {"uniformBucketLevelAccess": {"enabled": True},
                                                     "publicAccessPrevention": public_access_prevention}}

    def set_policy(self, bucket: str, bindings: list[dict[str, Any]]) -> None:
        self.policies[bucket] = {
            "kind": "storage#policy",
            "resourceId": f"projects/_/buckets/{bucket}",
            "version": 1,
            "etag": "CAE=",
            "bindings": copy.deepcopy(bindings),
        }

    def route(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        parts = path.strip("/").split("/")  # storage/v1/b/BUCKET/iam
        if len(parts) == 4 and parts[:3] == ["storage", "v1", "b"] and parts[3] in self.buckets:
            doc = self.buckets[parts[3]]
            if method == "PATCH":
                doc.update({k: merge_patch(doc.get(k, {}), v) if isinstance(v, dict) else v
                            for k, v in (body or {}).items()})
                doc["metageneration"] = str(int(doc["metageneration"]) + 1)
            return 200, doc
        if len(parts) != 5 or parts[:3] != ["storage", "v1", "b"] or parts[4] != "iam" or parts[3] not in self.policies:
            return 404, {"error": {"code": 404, "message": "Not Found"}}
        pol = self.policies[parts[3]]
        if method == "PUT":
            if body.get("etag") and body["etag"] != pol["etag"]:
                return 412, {"error": {"code": 412, "message": "Precondition Failed"}}
            n = int.from_bytes(base64.b64decode(pol["etag"]), "big") + 1
            pol.update(bindings=body.get("bindings", []), etag=base64.b64encode(n.to_bytes(2, "big")).decode())
        return 200, pol
