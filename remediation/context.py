"""Where remediators get their clients, and the one function that performs an API call.

Clients are built through the same factories the collectors use, passed in (never at import
time), so tests point them at moto's server or a local stand-in.  ``execute`` is the only place
a remediation writes to a cloud; a recorder can be attached to it (``on_call``) for audits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.core.errors import RemediationError
from agent.settings.remediation import RemediationSettings
from remediation.base import ApiCall


class RemediationContext:
    def __init__(
        self,
        settings: RemediationSettings | None = None,
        *,
        aws: dict[str, Any] | None = None,
        kubernetes: dict[str, Any] | None = None,
        azure: dict[str, Any] | None = None,
        gcp: dict[str, Any] | None = None,
        actor: str = "ucs",
        on_call: Callable[[str, str, ApiCall], None] | None = None,
        builders: dict[str, Callable[[str], Any]] | None = None,
        unreachable: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.settings = settings or RemediationSettings()
        self.aws = aws or {}  # account id -> agent.collectors.aws.context.ClientFactory
        self.kubernetes = kubernetes or {}  # cluster name -> kubernetes.client.ApiClient
        self.azure = azure or {}  # subscription id -> azure.mgmt.storage.StorageManagementClient
        self.gcp = gcp or {}  # project id -> remediation.gcp.storage.GcsIamClient
        self.actor = actor
        self.on_call = on_call
        # provider -> function(account) building a client on first use (Azure, GCP from config)
        self.builders = builders or {}
        # provider -> {account or "*": why no client could be built}: that provider's plans are
        # refused with the reason, the others' plans go on (one cluster down never loses them)
        self.unreachable = unreachable or {}

    def unreachable_reason(self, provider: str, account: str, table: dict[str, Any] | None = None) -> str:
        """Why no client can be had for (provider, account), or ``""``."""
        provider = "kubernetes" if provider == "k8s" else provider
        down = self.unreachable.get(provider, {})
        if account in down:
            return f"{provider} {account}: {down[account]}"
        if "*" in down and account not in (table if table is not None else self._table(provider)):
            return f"{provider} {account}: {down['*']}"
        return ""

    def _table(self, provider: str) -> dict[str, Any]:
        return {"aws": self.aws, "kubernetes": self.kubernetes, "azure": self.azure, "gcp": self.gcp}.get(provider, {})

    def _pick(self, table: dict[str, Any], provider: str, account: str) -> Any:
        why = self.unreachable_reason(provider, account, table)
        if why:
            raise RemediationError(why, hint=f"check providers.{provider} in the tenant config")
        if account in table:
            return table[account]
        if "*" in table:
            return table["*"]
        if provider in self.builders:
            table[account] = self.builders[provider](account)
            return table[account]
        raise RemediationError(
            f"no {provider} credentials configured for {account!r}",
            hint=f"add the {provider} account/cluster to providers in the tenant config",
        )

    def aws_factory(self, account: str) -> Any:
        return self._pick(self.aws, "aws", account)

    def aws_client(self, account: str, service: str, region: str | None) -> Any:
        return self.aws_factory(account).client(service, region)

    def k8s_api(self, cluster: str, api: str) -> Any:
        import kubernetes.client

        return getattr(kubernetes.client, api)(self._pick(self.kubernetes, "kubernetes", cluster))

    def azure_client(self, subscription: str) -> Any:
        return self._pick(self.azure, "azure", subscription)

    def gcp_client(self, project: str) -> Any:
        return self._pick(self.gcp, "gcp", project)

    def execute(self, provider: str, account: str, call: ApiCall) -> Any:
        if self.on_call:
            self.on_call(provider, account, call)
        if provider == "aws":
            return getattr(self.aws_client(account, call.service, call.region), call.operation)(**call.params)
        if provider in ("kubernetes", "k8s"):
            return getattr(self.k8s_api(account, call.service), call.operation)(**call.params)
        if provider == "azure":
            target: Any = self.azure_client(account)
            for part in call.operation.split("."):
                target = getattr(target, part)
            return target(**call.params)
        if provider == "gcp":
            return getattr(self.gcp_client(account), call.operation)(**call.params)
        raise RemediationError(f"no executor for provider {provider!r}")


def build_context(settings: Any, actor: str = "cli") -> RemediationContext:
    """A context with clients for every account/cluster/subscription/project in the tenant config."""
    aws: dict[str, Any] = {}
    unreachable: dict[str, dict[str, str]] = {}

    def down(provider: str, account: str, exc: Exception) -> None:
        unreachable.setdefault(provider, {})[account] = f"not reachable: {type(exc).__name__}: {exc}"

    p = settings.providers
    if p.aws:
        from agent.collectors.aws import caller_account
        from agent.collectors.aws.context import ClientFactory

        for acct in p.aws.accounts:
            try:
                try:
                    factory = ClientFactory.for_account(acct)
                except ImportError:  # credential helpers not present: the default chain (env, profile, role)
                    factory = ClientFactory(endpoint_url=acct.endpoint_url, default_region=(acct.regions or [None])[0])
                aws[acct.id or caller_account(factory)] = factory
            except Exception as exc:  # noqa: BLE001 — one unreachable account never loses the others' plans
                down("aws", acct.id or "*", exc)
    kube: dict[str, Any] = {}
    if p.kubernetes:
        for cl in p.kubernetes.clusters:
            if cl.manifests:
                unreachable.setdefault("kubernetes", {})[cl.name] = (
                    "scanned from manifests (offline): there is no cluster API to change")
                continue
            try:
                kube[cl.name] = _kube_client(cl)
            except Exception as exc:  # noqa: BLE001 — e.g. kubernetes.config.ConfigException
                down("kubernetes", cl.name, exc)
    builders: dict[str, Callable[[str], Any]] = {}
    if p.azure:
        builders["azure"] = lambda sub: _azure_storage_client(p.azure, sub)
    if p.gcp:
        builders["gcp"] = lambda project: _gcs_client(p.gcp, project)
    return RemediationContext(settings.remediation, aws=aws, kubernetes=kube, actor=actor, builders=builders,
                              unreachable=unreachable)


def _azure_storage_client(cfg: Any, subscription: str) -> Any:
    # The collector's credential and client builder: the same service principal, endpoint and CA.
    from agent.collectors.azure.clients import AzureClients, credential_for

    return AzureClients(credential_for(cfg), cfg.base_url, cfg.ca_bundle, writes=True).storage(subscription)


def _gcs_client(cfg: Any, project: str) -> Any:
    """Cloud Storage with write scopes (the collector's credentials are read-only by design)."""
    from google.cloud import storage

    from remediation.gcp.storage import GcsIamClient

    options = {"api_endpoint": cfg.api_endpoint} if cfg.api_endpoint else None
    if getattr(cfg, "anonymous", False):  # local emulators only (see providers.gcp.anonymous)
        from google.auth.credentials import AnonymousCredentials

        return GcsIamClient(storage.Client(project=project, credentials=AnonymousCredentials(), client_options=options))
    if cfg.credentials_file:
        return GcsIamClient(storage.Client.from_service_account_json(cfg.credentials_file, project=project))
    return GcsIamClient(storage.Client(project=project, client_options=options))


def _kube_client(cluster: Any) -> Any:
    import kubernetes.client
    import kubernetes.config

    if cluster.host:
        cfg = kubernetes.client.Configuration()
        cfg.host = cluster.host
        return kubernetes.client.ApiClient(cfg)
    if cluster.in_cluster:
        kubernetes.config.load_incluster_config()
        return kubernetes.client.ApiClient()
    return kubernetes.config.new_client_from_config(config_file=cluster.kubeconfig, context=cluster.context)
