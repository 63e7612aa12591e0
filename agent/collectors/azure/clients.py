"""Credentials and the Azure management clients one scan uses, all built in one place.

Every client is pointed at the same Resource Manager endpoint (``base_url``, the public cloud by
default), trusts ``ca_bundle`` *in addition to* the usual roots when one is given (see
:func:`trust_store`), and counts each HTTP request it sends through
the ``raw_request_hook`` of azure-core's pipeline, so benchmarks can print how many calls an
inventory took.  Tests and the demo pass a ready credential object instead of building one.
"""

from __future__ import annotations

import hashlib
import os
import ssl
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from azure.core.exceptions import AzureError, HttpResponseError
from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import HTTPPolicy

from agent.core.errors import CollectorError
from agent.core.logging_setup import register_secret
from agent.settings.tenant import AzureProvider

ARM_ENDPOINT = "https://management.azure.com"


def trust_store(ca_bundle: str | None) -> str | None:
    """A CA file trusting the usual roots (certifi's and the system's) *plus* ``ca_bundle``.

    requests' ``verify=<file>`` (azure-core's ``connection_verify``) trusts only that file, so a
    TLS-inspecting proxy's CA passed alone would make every Microsoft endpoint not behind the
    proxy fail verification.  The merged file is written once per content (its name is the hash)
    in the temp directory; ``None`` keeps the default store.
    """
    if not ca_bundle:
        return None
    try:
        extra = Path(ca_bundle).read_bytes()
    except OSError as exc:
        raise CollectorError(f"azure: providers.azure.ca_bundle {ca_bundle}: {exc.strerror or exc}",
                             hint="point ca_bundle at a readable PEM file with the CA certificate(s) to add") from exc
    import certifi

    parts = [Path(certifi.where()).read_bytes()]
    system = ssl.get_default_verify_paths().cafile
    if system and os.path.isfile(system):
        parts.append(Path(system).read_bytes())
    parts.append(extra)
    merged = b"\n".join(p.rstrip(b"\n") for p in parts) + b"\n"
    path = Path(tempfile.gettempdir()) / f"ucs-ca-{hashlib.sha256(merged).hexdigest()[:16]}.pem"
    if not path.exists():
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_bytes(merged)
        os.replace(tmp, path)  # atomic: concurrent scans never read a half-written bundle
    return str(path)


def credential_for(scope: AzureProvider) -> Any:
    """The credential the config asks for, in DefaultAzureCredential's spirit.

    A client secret (read from the environment variable named by ``client_secret_env``, never from
    the file) wins, then a certificate; otherwise DefaultAzureCredential tries environment,
    workload identity, managed identity and the Azure CLI login in its documented order.
    ``authority`` names another Entra ID host (sovereign clouds); ``ca_bundle`` is trusted for it too.
    """
    from azure.identity import AzureAuthorityHosts, CertificateCredential, ClientSecretCredential, DefaultAzureCredential

    kwargs: dict[str, Any] = {}
    if scope.authority:
        kwargs["authority"] = scope.authority
        known = {f"https://{getattr(AzureAuthorityHosts, n)}".rstrip("/") for n in dir(AzureAuthorityHosts) if n.isupper()}
        if scope.authority.rstrip("/") not in known:
            kwargs["disable_instance_discovery"] = True  # MSAL only knows Microsoft's own hosts
    if scope.ca_bundle:
        kwargs["connection_verify"] = trust_store(scope.ca_bundle)
    if scope.client_secret_env:
        secret = os.environ.get(scope.client_secret_env)
        if not secret:
            raise CollectorError(
                f"azure: environment variable {scope.client_secret_env} (providers.azure.client_secret_env) is not set",
                hint="export the service principal's client secret in that variable before the scan",
            )
        register_secret(secret)
        _need_ids(scope, "client_secret_env")
        return ClientSecretCredential(scope.tenant_id, scope.client_id, secret, **kwargs)
    if scope.certificate_path:
        _need_ids(scope, "certificate_path")
        return CertificateCredential(scope.tenant_id, scope.client_id, scope.certificate_path, **kwargs)
    kwargs.pop("disable_instance_discovery", None)
    return DefaultAzureCredential(exclude_interactive_browser_credential=True, **kwargs)


def _need_ids(scope: Any, key: str) -> None:
    if not scope.tenant_id or not scope.client_id:
        raise CollectorError(f"azure: providers.azure.{key} needs tenant_id and client_id as well",
                             hint="set providers.azure.tenant_id and providers.azure.client_id (the app registration)")


# The one kind of POST a read-only scan sends: Resource Graph queries.
READ_POSTS = ("/providers/microsoft.resourcegraph/resources",)


class WriteRefused(AzureError):
    """A request that would change the subscription, refused before it leaves the agent."""


class ReadOnlyPolicy(HTTPPolicy):  # type: ignore[type-arg]
    """Refuses every request that is not a read (``writes=False``, what scans use).

    The collector only reads, but azure-mgmt-core's default pipeline answers a 409
    MissingSubscriptionRegistration by *registering* the resource provider for the caller (a POST
    to ``…/providers/<rp>/register``): with a principal allowed to, a scan would change the
    customer's subscription.  This policy sits next to the transport, so that POST (and any other
    write a future SDK adds) fails here and the setting reads as unreadable.  Remediation, which
    writes the one setting its plan names, builds its clients with ``writes=True``: even then a
    provider registration is refused, since no plan ever asks for one.
    """

    def __init__(self, writes: bool = False) -> None:
        super().__init__()
        self.writes = writes

    def send(self, request: PipelineRequest) -> PipelineResponse:  # type: ignore[type-arg]
        http = request.http_request
        method = http.method.upper()
        path = urlsplit(http.url).path.rstrip("/").lower()
        registration = method == "POST" and path.startswith("/subscriptions/") and path.endswith("/register")
        read = method in ("GET", "HEAD") or (method == "POST" and path.endswith(READ_POSTS))
        if registration or not (read or self.writes):
            raise WriteRefused(f"refused {method} {path}: UCS reads Azure and never changes it"
                               if not self.writes else f"refused {method} {path}: not part of any remediation plan")
        return self.next.send(request)


class AzureClients:
    """Builds and caches management clients for one credential and endpoint; counts requests."""

    def __init__(self, credential: Any, base_url: str | None = None, ca_bundle: str | None = None,
                 retry_total: int = 3, pool_size: int = 16, writes: bool = False) -> None:
        import requests
        from azure.core.pipeline.transport import RequestsTransport

        self.credential = credential
        self.base_url = (base_url or ARM_ENDPOINT).rstrip("/")
        self.ca_bundle = ca_bundle
        verify = trust_store(ca_bundle)
        # One connection pool for every client: each subscription's clients reuse the same TLS
        # connections instead of opening their own.
        session = requests.Session()
        session.mount("https://", requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=pool_size))
        transport_kwargs: dict[str, Any] = {"connection_verify": verify} if verify else {}
        self._transport = RequestsTransport(session=session, session_owner=False, **transport_kwargs)
        self._kwargs: dict[str, Any] = {
            "transport": self._transport,
            "base_url": self.base_url,
            # The token audience follows the endpoint (sovereign clouds); the public cloud's by default.
            "credential_scopes": [f"{self.base_url}/.default"],
            "raw_request_hook": self._count,
            "retry_total": retry_total,
            "connection_timeout": 10,  # a hung endpoint must not hang the scan for azure-core's 300 s default
            "read_timeout": 60,
        }
        if verify:
            self._kwargs["connection_verify"] = verify
        self.verify = verify
        self.writes = writes
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], Any] = {}
        self.requests = 0
        self.requests_by_kind: dict[str, int] = {}

    def _options(self) -> dict[str, Any]:
        # A fresh ReadOnlyPolicy per client: a policy instance links to the next policy of the
        # pipeline it is built into, so one instance shared by two clients would route the first
        # client's requests through the second one's pipeline (skipping its authentication).
        return {**self._kwargs, "per_retry_policies": [ReadOnlyPolicy(self.writes)]}

    def _count(self, request: Any) -> None:
        url = str(getattr(getattr(request, "http_request", None), "url", ""))
        path = urlsplit(url).path.rstrip("/").lower()
        # Inventory = the subscription list and Resource Graph pages; everything else reads one resource's details.
        kind = "inventory" if path == "/subscriptions" or path.startswith("/providers/microsoft.resourcegraph") else "detail"
        with self._lock:
            self.requests += 1
            self.requests_by_kind[kind] = self.requests_by_kind.get(kind, 0) + 1

    def _client(self, kind: str, subscription: str, build: Any) -> Any:
        key = (kind, subscription)
        with self._lock:
            client = self._cache.get(key)
        if client is None:
            client = build()
            with self._lock:
                client = self._cache.setdefault(key, client)
        return client

    def subscriptions(self) -> Any:
        from azure.mgmt.resource.subscriptions import SubscriptionClient

        return self._client("subscriptions", "", lambda: SubscriptionClient(self.credential, **self._options()))

    def graph(self) -> Any:
        from azure.mgmt.resourcegraph import ResourceGraphClient

        return self._client("graph", "", lambda: ResourceGraphClient(self.credential, **self._options()))

    def resources(self, subscription: str) -> Any:
        from azure.mgmt.resource.resources import ResourceManagementClient

        return self._client("resources", subscription,
                            lambda: ResourceManagementClient(self.credential, subscription, **self._options()))

    def storage(self, subscription: str) -> Any:
        from azure.mgmt.storage import StorageManagementClient

        return self._client("storage", subscription,
                            lambda: StorageManagementClient(self.credential, subscription, **self._options()))

    def sql(self, subscription: str) -> Any:
        from azure.mgmt.sql import SqlManagementClient

        return self._client("sql", subscription, lambda: SqlManagementClient(self.credential, subscription, **self._options()))

    def keyvault(self, subscription: str) -> Any:
        from azure.mgmt.keyvault import KeyVaultManagementClient

        return self._client("keyvault", subscription,
                            lambda: KeyVaultManagementClient(self.credential, subscription, **self._options()))

    def authorization(self, subscription: str) -> Any:
        from azure.mgmt.authorization import AuthorizationManagementClient

        return self._client("authorization", subscription,
                            lambda: AuthorizationManagementClient(self.credential, subscription, **self._options()))

    def web(self, subscription: str) -> Any:
        from azure.mgmt.web import WebSiteManagementClient

        return self._client("web", subscription, lambda: WebSiteManagementClient(self.credential, subscription, **self._options()))


def status_of(exc: BaseException) -> int | None:
    return getattr(exc, "status_code", None) if isinstance(exc, HttpResponseError) else None


def describe_error(exc: BaseException) -> str:
    """One line for coverage and logs: HTTP status, ARM error code and message."""
    if isinstance(exc, HttpResponseError):
        code = getattr(getattr(exc, "error", None), "code", None) or ""
        message = getattr(getattr(exc, "error", None), "message", None) or exc.reason or ""
        return f"HTTP {exc.status_code} {code}: {message}".strip()
    return f"{type(exc).__name__}: {exc}"


def as_dict(model: Any) -> dict[str, Any]:
    """The wire-format JSON of an SDK model (camelCase keys, as the API sent it)."""
    if model is None:
        return {}
    if isinstance(model, dict):
        return model
    if hasattr(model, "as_dict"):
        try:
            return dict(model.as_dict())
        except TypeError:
            pass
    return dict(model)
