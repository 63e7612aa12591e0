"""A local HTTPS stand-in for Azure Resource Manager and Resource Graph.

It serves an *estate* — plain JSON in the shapes the real APIs answer — to the real management
clients (``base_url`` + ``connection_verify`` with a test CA from ``trustme``):

``subscriptions``     answers ``GET /subscriptions``
``resources``         rows of the Resource Graph ``resources`` table
``securityresources`` rows of the ``securityresources`` table
``documents``         ARM documents by path (``GET`` of that path, query string ignored);
                      a ``{"value": [...]}`` document is a list answer
``forbidden``         subscription ids answered with 403 ``AuthorizationFailed`` everywhere,
                      including any Resource Graph query naming them
``denied``            ARM paths → the action the principal lacks there: ``GET`` of the path answers
                      403 ``AuthorizationFailed`` naming that action and scope (a role without
                      one detail permission; the rest of the subscription reads normally)
``failing``           ARM paths → ``{"status": ..., "error": {"code", "message"}}``: any other
                      error answer, e.g. 400 ``NoRegisteredProviderFound``
``graph_skips_forbidden``  true: Resource Graph leaves forbidden subscriptions out of its answer
                      instead of refusing the query (the other way the real service can behave)
``graph_throttle``    answer this many Resource Graph queries with 429 and ``Retry-After: 1``
                      first, as the service does when a principal exceeds its query quota

``graph``               Microsoft Graph v1.0 documents by path (``/v1.0/...``): a dict is a single
                      object, a list is a collection served ``graph_page`` items a page (default 2)
                      with an absolute ``@odata.nextLink`` carrying ``$skiptoken``
``graph_denied``        Graph paths answered 403 ``Authorization_RequestDenied`` (a missing permission)
``graph_denied_select`` Graph path -> a ``$select`` property whose mention makes the read 403
``graph_unlicensed``    Graph paths answered 403 ``Authentication_RequestFromNonPremiumTenantOrB2CTenant``

``resourcecontainers``  subscription rows a management-group query (``managementGroups`` in the
                      body) answers, chosen by ``properties.managementGroupAncestorsChain``;
``forbidden_groups``    management group ids such a query is refused for (403)

Resource Graph pages honour ``options.$top`` (at most 1000) and hand out an opaque
``$skipToken`` while rows remain.  The stand-in does not evaluate KQL: it picks the table by the
query's first word and filters rows by the request's subscriptions.  Every request is logged in
``requests`` as ``(method, path)``.

It is also a Microsoft Entra ID authority for a service principal: OpenID discovery at
``/{tenant}/v2.0/.well-known/openid-configuration`` and the client-credentials token endpoint
``/{tenant}/oauth2/v2.0/token``, which checks ``client_id``/``client_secret`` against
``estate["app"]`` (or, when the app has ``certificate: true``, the subject of a signed client
assertion) and hands out a bearer token.  Token requests are kept in ``token_requests``.
"""

from __future__ import annotations

import base64
import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import trustme

# Lists every existing scope answers (empty unless the estate has a document for them).
EMPTY_LISTS = ("/providers/microsoft.insights/diagnosticsettings", "/providers/microsoft.authorization/roledefinitions",
               "/providers/microsoft.authorization/roleassignments", "/providers/microsoft.authorization/classicadministrators",
               "/providers/microsoft.security/securitycontacts", "/providers/microsoft.security/autoprovisioningsettings",
               "/providers/microsoft.security/settings")


class AzureStandIn:
    def __init__(self, estate: dict[str, Any], workdir: Path) -> None:
        self.estate = estate
        self.requests: list[tuple[str, str]] = []
        self.token_requests: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._ca = trustme.CA()
        self.ca_path = str(workdir / "azure-standin-ca.pem")
        self._ca.cert_pem.write_to_path(self.ca_path)
        self._docs = {k.lower(): v for k, v in estate.get("documents", {}).items()}
        self._forbidden = {s.lower() for s in estate.get("forbidden", [])}
        self._denied = {k.rstrip("/").lower(): (k.rstrip("/"), v) for k, v in estate.get("denied", {}).items()}
        self._failing = {k.rstrip("/").lower(): v for k, v in estate.get("failing", {}).items()}
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._ca.issue_cert("127.0.0.1", "localhost").configure_cert(ctx)
        handler = _make_handler(self)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._server.socket = ctx.wrap_socket(self._server.socket, server_side=True)
        self.base_url = f"https://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def issue_client_certificate(self, path: Path) -> str:
        """A PEM with a private key and certificate, as a service principal's certificate credential uses."""
        ca = trustme.CA(key_type=trustme.KeyType.RSA)  # azure-identity signs assertions with RS256
        ca.issue_cert("ucs-service-principal", key_type=trustme.KeyType.RSA).private_key_and_cert_chain_pem.write_to_path(str(path))
        return str(path)

    def set_document(self, path: str, doc: Any, denied: str | None = None) -> None:
        """Serve ``doc`` at ``path`` from now on (None removes it); ``denied`` refuses it naming that action."""
        key = path.rstrip("/").lower()
        self._docs.pop(key, None)
        self._denied.pop(key, None)
        if doc is not None:
            self._docs[key] = doc
        if denied:
            self._denied[key] = (path, denied)

    def start(self) -> AzureStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def count(self, fragment: str = "") -> int:
        with self._lock:
            return sum(1 for _, p in self.requests if fragment.lower() in p.lower())

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # --- answers -------------------------------------------------------------------------------
    def _log(self, method: str, path: str) -> None:
        with self._lock:
            self.requests.append((method, path))

    def _forbidden_in(self, subs: list[str]) -> str | None:
        return next((s for s in subs if s.lower() in self._forbidden), None)

    def get(self, path: str) -> tuple[int, Any]:
        parts = path.strip("/").split("/")
        if path.rstrip("/").lower() == "/subscriptions":
            return 200, {"value": self.estate.get("subscriptions", [])}
        if len(parts) >= 2 and parts[0].lower() == "subscriptions" and self._forbidden_in([parts[1]]):
            return 403, _forbidden(f"/subscriptions/{parts[1]}")
        wanted = path.rstrip("/").lower()
        if wanted in self._denied:
            scope, action = self._denied[wanted]
            return 403, _forbidden(scope, action)
        if wanted in self._failing:
            answer = self._failing[wanted]
            return int(answer["status"]), {"error": answer["error"]}
        doc = self._docs.get(wanted)
        if doc is None and wanted.endswith(EMPTY_LISTS):
            return 200, {"value": []}  # a list on an existing scope: empty, not 404
        if doc is None:
            return 404, {"error": {"code": "ResourceNotFound", "message": f"The resource '{path}' was not found."}}
        return 200, doc

    def graph_get(self, path: str, query: str) -> tuple[int, Any]:
        """Microsoft Graph v1.0: one object, or a collection page with ``@odata.nextLink``."""
        docs = {k.lower(): v for k, v in self.estate.get("graph", {}).items()}
        wanted = path.rstrip("/").lower()
        params = parse_qs(query)
        denied = {p.lower() for p in self.estate.get("graph_denied", [])}
        select = ",".join(params.get("$select", []))
        needs = {k.lower(): v for k, v in self.estate.get("graph_denied_select", {}).items()}
        if wanted in denied or (wanted in needs and needs[wanted].lower() in select.lower()):
            return 403, _graph_error("Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
        if wanted in {p.lower() for p in self.estate.get("graph_unlicensed", [])}:
            return 403, _graph_error("Authentication_RequestFromNonPremiumTenantOrB2CTenant",
                                     "Tenant does not have a premium license (Microsoft Entra ID P1 or P2).")
        doc = docs.get(wanted)
        context = f"https://graph.microsoft.com/v1.0/$metadata#{path.split('/v1.0/', 1)[1]}"
        if doc is None:
            return 404, _graph_error("Request_ResourceNotFound", f"Resource '{path}' does not exist.")
        if isinstance(doc, dict):
            return 200, {"@odata.context": f"{context}/$entity", **doc}
        size = int(self.estate.get("graph_page") or 2)
        start = int(params.get("$skiptoken", ["0"])[0])
        answer: dict[str, Any] = {"@odata.context": context, "value": doc[start:start + size]}
        if start + size < len(doc):
            answer["@odata.nextLink"] = f"{self.base_url}{path}?$skiptoken={start + size}"
        return 200, answer

    def openid_configuration(self, tenant: str) -> tuple[int, Any]:
        base = f"{self.base_url}/{tenant}"
        return 200, {"token_endpoint": f"{base}/oauth2/v2.0/token", "issuer": f"{base}/v2.0",
                     "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                     "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
                     "jwks_uri": f"{base}/discovery/v2.0/keys", "response_types_supported": ["code"],
                     "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt"]}

    def token(self, form: dict[str, str]) -> tuple[int, Any]:
        with self._lock:
            self.token_requests.append(form)
        app = self.estate.get("app") or {}
        if form.get("client_assertion") and app.get("certificate"):
            # A certificate credential signs a JWT whose subject is the client id (the signature is not verified here).
            payload = form["client_assertion"].split(".")[1]
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            if claims.get("sub") == app.get("client_id") == form.get("client_id"):
                return 200, {"token_type": "Bearer", "expires_in": 3599, "access_token": "standin-access-token"}
        if form.get("client_id") != app.get("client_id") or form.get("client_secret") != app.get("client_secret"):
            return 401, {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."}
        return 200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599,
                     "access_token": "standin-access-token"}

    def graph(self, body: dict[str, Any]) -> tuple[int, Any]:
        with self._lock:
            throttle = int(self.estate.get("graph_throttle") or 0)
            if throttle:
                self.estate["graph_throttle"] = throttle - 1
                return 429, {"error": {"code": "RateLimiting", "message": "Please provide below info when asking for support"}}
        if body.get("managementGroups"):
            return self._management_group_page(body)
        subs = [str(s) for s in body.get("subscriptions") or []]
        bad = self._forbidden_in(subs)
        if bad and not self.estate.get("graph_skips_forbidden"):
            return 403, _forbidden(f"/subscriptions/{bad}")
        subs = [s for s in subs if s.lower() not in self._forbidden]
        query = str(body.get("query", "")).strip()
        table = query.split("|", 1)[0].strip().lower() or "resources"
        wanted = {s.lower() for s in subs}
        rows = [r for r in self.estate.get(table, []) if str(r.get("subscriptionId", "")).lower() in wanted]
        options = body.get("options") or {}
        top = min(int(options.get("$top") or 100), 1000)
        token = options.get("$skipToken")
        start = int(base64.b64decode(token).decode()) if token else 0
        page = rows[start:start + top]
        answer: dict[str, Any] = {"totalRecords": len(rows), "count": len(page), "data": page,
                                  "facets": [], "resultTruncated": "false"}
        if start + top < len(rows):
            answer["$skipToken"] = base64.b64encode(str(start + top).encode()).decode()
        return 200, answer


    def _management_group_page(self, body: dict[str, Any]) -> tuple[int, Any]:
        """``resourcecontainers`` rows beneath the asked management groups (by their ancestors chain)."""
        groups = {str(g).lower() for g in body["managementGroups"]}
        for g in groups & {str(x).lower() for x in self.estate.get("forbidden_groups", [])}:
            return 403, _forbidden(f"/providers/Microsoft.Management/managementGroups/{g}")
        rows = [r for r in self.estate.get("resourcecontainers", [])
                if groups & {str(a.get("name")).lower() for a in (r.get("properties") or {}).get("managementGroupAncestorsChain") or []}]
        return 200, {"totalRecords": len(rows), "count": len(rows), "data": rows, "facets": [], "resultTruncated": "false"}


def _forbidden(scope: str, action: str = "") -> dict[str, Any]:
    what = f"perform action '{action}'" if action else "perform action"
    return {"error": {"code": "AuthorizationFailed",
                      "message": f"The client does not have authorization to {what} over scope "
                                 f"'{scope}' or the scope is invalid."}}


def _graph_error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message,
                      "innerError": {"date": "2026-12-01T00:00:00", "request-id": "standin", "client-request-id": "standin"}}}


def _make_handler(standin: AzureStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes; without TCP_NODELAY the client's delayed ACK
        # adds ~40 ms to every answer on a kept-alive connection.
        disable_nagle_algorithm = True

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, doc: Any) -> None:
            body = json.dumps(doc).encode()
            self.send_response(status)
            if status == 429:
                self.send_header("Retry-After", "1")
                self.send_header("x-ms-user-quota-resets-after", "00:00:01")
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("x-ms-request-id", "standin")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802
            url = urlsplit(self.path)
            path = url.path
            standin._log("GET", path)
            if path.startswith("/v1.0/"):
                if self._authorised():
                    self._send(*standin.graph_get(path, url.query))
                return
            if path.endswith("/v2.0/.well-known/openid-configuration"):
                self._send(*standin.openid_configuration(path.strip("/").split("/")[0]))
                return
            if self._authorised():
                self._send(*standin.get(path))

        def _authorised(self) -> bool:
            # With an app registered, only the token the token endpoint issued is accepted.
            expected = "Bearer standin-access-token" if standin.estate.get("app") else "Bearer "
            if self.headers.get("Authorization", "").startswith(expected):
                return True
            self._send(401, {"error": {"code": "InvalidAuthenticationToken", "message": "missing or wrong bearer token"}})
            return False

        def do_POST(self) -> None:  # noqa: N802
            path = urlsplit(self.path).path
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            standin._log("POST", path)
            if path.endswith("/oauth2/v2.0/token"):
                self._send(*standin.token({k: v[0] for k, v in parse_qs(raw.decode()).items()}))
                return
            body = json.loads(raw or b"{}")
            if path.lower() != "/providers/microsoft.resourcegraph/resources":
                self._send(404, {"error": {"code": "NotFound", "message": path}})
                return
            if self._authorised():
                self._send(*standin.graph(body))

    return Handler


class StaticCredential:
    """A credential whose get_token hands out a fixed bearer token (what the clients need)."""

    def __init__(self, token: str = "ucs-test-token") -> None:
        self.token = token
        self.calls = 0
        self.scopes: list[str] = []

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        self.calls += 1
        self.scopes += scopes
        return AccessToken(self.token, 4102444800)  # 2100-01-01: never refreshed during a test
