"""Microsoft Entra ID through Microsoft Graph (msgraph-sdk): one ``azure.entra.tenant`` resource.

Graph is another audience than Resource Manager, so its client asks the same credential for a
token of its own scope (``<graph>/.default``).  Each document below is read once per scan through
the SDK's request builders, every ``@odata.nextLink`` page followed, and kept as the wire JSON
(the SDK model serialised back: camelCase, omitted properties stay omitted).

A refused read never becomes a verdict: HTTP 403 stores an :func:`unreadable` marker that names
the Graph *application permission* the read needs (Graph's own error does not), so the checks
that depend on it answer ERROR.  A feature the tenant's licence lacks (Entra ID P1/P2 reports,
PIM) is stored as ``{"notLicensed": reason}`` so those checks can say so instead.

Applications and service principals become resources of their own (``azure.entra.application``,
``azure.entra.service_principal``): their credentials are judged one object at a time.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from agent.core.inventory import Inventory
from agent.core.model import Resource, is_unreadable, unreadable, unreadable_reason

log = logging.getLogger(__name__)

GRAPH_ENDPOINT = "https://graph.microsoft.com"
PROVIDER = "azure"
TENANT_TYPE = "azure.entra.tenant"
APPLICATION_TYPE = "azure.entra.application"
SERVICE_PRINCIPAL_TYPE = "azure.entra.service_principal"
ENTRA_TYPES = (TENANT_TYPE, APPLICATION_TYPE, SERVICE_PRINCIPAL_TYPE)

# Error codes Graph answers when the tenant's licence lacks the feature (not a missing permission).
NOT_LICENSED = ("Authentication_RequestFromNonPremiumTenantOrB2CTenant", "AadPremiumLicenseRequired",
                "Authorization_RequestDenied_NonPremiumTenant")
USER_SELECT = ["id", "displayName", "userPrincipalName", "userType", "accountEnabled", "createdDateTime",
               "signInActivity"]
CREDENTIAL_SELECT = ["id", "appId", "displayName", "passwordCredentials", "keyCredentials", "createdDateTime"]
# Credential fields that carry (part of) a secret: Graph sends secretText and key as null on read,
# but hint is the secret's first characters.  None of them is kept.
SECRET_FIELDS = ("secretText", "hint", "key")


@dataclass(frozen=True)
class GraphRead:
    """One Graph document: where the SDK finds it, the permission it needs, whether it is a list."""

    key: str
    path: str
    permission: str
    builder: Callable[[Any], Any]
    many: bool = True
    select: tuple[str, ...] = ()


READS: tuple[GraphRead, ...] = (
    GraphRead("securityDefaults", "/policies/identitySecurityDefaultsEnforcementPolicy", "Policy.Read.All",
              lambda c: c.policies.identity_security_defaults_enforcement_policy, many=False),
    GraphRead("conditionalAccessPolicies", "/identity/conditionalAccess/policies", "Policy.Read.All",
              lambda c: c.identity.conditional_access.policies),
    GraphRead("authorizationPolicy", "/policies/authorizationPolicy", "Policy.Read.All",
              lambda c: c.policies.authorization_policy, many=False),
    GraphRead("authenticationMethodsPolicy", "/policies/authenticationMethodsPolicy", "Policy.Read.AuthenticationMethod",
              lambda c: c.policies.authentication_methods_policy, many=False),
    GraphRead("roleAssignments", "/roleManagement/directory/roleAssignments", "RoleManagement.Read.Directory",
              lambda c: c.role_management.directory.role_assignments),
    GraphRead("roleEligibilitySchedules", "/roleManagement/directory/roleEligibilitySchedules",
              "RoleEligibilitySchedule.Read.Directory", lambda c: c.role_management.directory.role_eligibility_schedules),
    GraphRead("userRegistrationDetails", "/reports/authenticationMethods/userRegistrationDetails", "AuditLog.Read.All",
              lambda c: c.reports.authentication_methods.user_registration_details),
    GraphRead("groupSettings", "/groupSettings", "Directory.Read.All", lambda c: c.group_settings),
    GraphRead("domains", "/domains", "Domain.Read.All", lambda c: c.domains),
    GraphRead("users", "/users", "User.Read.All and AuditLog.Read.All", lambda c: c.users, select=tuple(USER_SELECT)),
    GraphRead("applications", "/applications", "Application.Read.All", lambda c: c.applications,
              select=tuple(CREDENTIAL_SELECT)),
    GraphRead("servicePrincipals", "/servicePrincipals", "Application.Read.All", lambda c: c.service_principals,
              select=(*CREDENTIAL_SELECT, "accountEnabled", "servicePrincipalType", "appOwnerOrganizationId")),
)
PERMISSIONS = sorted({p for r in READS for p in r.permission.split(" and ")})


def to_json(model: Any) -> Any:
    """The wire JSON of a kiota model (what Graph sent; unset properties are left out)."""
    from kiota_serialization_json.json_serialization_writer import JsonSerializationWriter

    writer = JsonSerializationWriter()
    writer.write_object_value(None, model)
    doc = json.loads(writer.get_serialized_content() or b"{}")
    if isinstance(doc, dict):
        doc.pop("@odata.context", None)  # where the answer came from, not part of the object
    return doc


def _error(exc: BaseException, read: GraphRead) -> Any:
    status = getattr(exc, "response_status_code", None)
    err = getattr(exc, "error", None)
    code = str(getattr(err, "code", "") or "")
    message = str(getattr(err, "message", "") or exc)
    if code in NOT_LICENSED:
        return {"notLicensed": f"HTTP {status} {code}: {message}"}
    if status == 403:
        return unreadable(f"HTTP 403 {code}: Microsoft Graph {read.path} needs the application permission "
                          f"{read.permission}")
    return unreadable(f"HTTP {status} {code}: {message}" if status else f"{type(exc).__name__}: {message}")


async def _read(client: Any, read: GraphRead) -> Any:
    from kiota_abstractions.base_request_configuration import RequestConfiguration

    builder = read.builder(client)
    config = None
    if read.select:
        params = getattr(type(builder), f"{type(builder).__name__}GetQueryParameters")
        config = RequestConfiguration(query_parameters=params(select=list(read.select)))
    try:
        page = await builder.get(request_configuration=config)
        if not read.many:
            return to_json(page) if page is not None else None
        items: list[Any] = []
        while page is not None:
            items += [to_json(v) for v in page.value or []]
            if not page.odata_next_link:
                break
            page = await builder.with_url(page.odata_next_link).get()
        return items
    except Exception as exc:  # one refused document never stops the others
        if read.key == "users" and "signInActivity" in read.select and getattr(exc, "response_status_code", None) == 403:
            # Sign-in activity needs AuditLog.Read.All (and a P1 licence): read users without it.
            users = await _read(client, GraphRead(read.key, read.path, "User.Read.All", read.builder,
                                                  select=tuple(s for s in read.select if s != "signInActivity")))
            if is_unreadable(users):
                return users
            return {"users": users, "signInActivity": _error(exc, GraphRead(read.key, read.path, "AuditLog.Read.All",
                                                                             read.builder))}
        log.info("azure entra: %s failed: %s", read.path, exc)
        return _error(exc, read)


def graph_client(credential: Any, graph_url: str, verify: str | None) -> Any:
    """A GraphServiceClient for ``graph_url``, trusting ``verify``, asking tokens for Graph's own scope."""
    import httpx
    from kiota_authentication_azure.azure_identity_authentication_provider import AzureIdentityAuthenticationProvider
    from msgraph import GraphRequestAdapter, GraphServiceClient
    from msgraph_core import GraphClientFactory

    base = graph_url.rstrip("/")
    auth = AzureIdentityAuthenticationProvider(credential, scopes=[f"{base}/.default"],
                                               allowed_hosts=[str(urlsplit(base).hostname)])
    http = GraphClientFactory.create_with_default_middleware(
        client=httpx.AsyncClient(verify=verify or True, timeout=httpx.Timeout(60.0, connect=10.0)))
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = f"{base}/v1.0"
    return GraphServiceClient(request_adapter=adapter)


async def _read_all(credential: Any, graph_url: str, verify: str | None) -> dict[str, Any]:
    client = graph_client(credential, graph_url, verify)
    try:
        results = await asyncio.gather(*(_read(client, r) for r in READS))
    finally:
        await client.request_adapter._http_client.aclose()
    return {r.key: v for r, v in zip(READS, results, strict=True)}


def read_tenant(credential: Any, graph_url: str, verify: str | None,
                run: Callable[[Awaitable[dict[str, Any]]], dict[str, Any]] = asyncio.run) -> dict[str, Any]:
    """Every Entra document of :data:`READS`, keyed as there (each a value or an unreadable marker)."""
    return run(_read_all(credential, graph_url, verify))


def collect_tenant(tenant: str, docs: dict[str, Any], inv: Inventory, extra: dict[str, Any] | None = None) -> None:
    """Turn the Graph documents into resources and coverage under account ``tenant``."""
    users = docs.get("users")
    if isinstance(users, dict) and "users" in users:  # read without sign-in activity
        docs = {**docs, "users": users["users"], "signInActivity": users["signInActivity"]}
    base = f"/tenants/{tenant}/providers/Microsoft.Graph"
    # Applications and service principals are resources of their own, not repeated on the tenant.
    tenant_docs = {k: v for k, v in docs.items() if k not in ("applications", "servicePrincipals")}
    inv.add(Resource(PROVIDER, tenant, "global", TENANT_TYPE, base, "entra-id",
                     data={"tenantId": tenant, **tenant_docs, **(extra or {})}))
    inv.coverage.add(PROVIDER, tenant, "*", TENANT_TYPE, 1)
    for key, rtype, kind in (("applications", APPLICATION_TYPE, "applications"),
                             ("servicePrincipals", SERVICE_PRINCIPAL_TYPE, "servicePrincipals")):
        items = docs.get(key)
        if is_unreadable(items) or not isinstance(items, list):
            inv.coverage.fail(PROVIDER, tenant, "*", rtype, f"Microsoft Graph: {unreadable_reason(items)}")
            continue
        for item in items:
            item = _without_secrets(item)
            oid = str(item.get("id") or "")
            inv.add(Resource(PROVIDER, tenant, "global", rtype, f"{base}/{kind}/{oid}",
                             str(item.get("displayName") or item.get("appId") or oid), data=item))
        inv.coverage.add(PROVIDER, tenant, "*", rtype, len(items))


def _without_secrets(item: dict[str, Any]) -> dict[str, Any]:
    out = dict(item)
    for kind in ("passwordCredentials", "keyCredentials"):
        if isinstance(out.get(kind), list):
            out[kind] = [{k: v for k, v in c.items() if k not in SECRET_FIELDS} if isinstance(c, dict) else c
                         for c in out[kind]]
    return out


def collect(tenant: str, credential: Any, graph_url: str | None, verify: str | None, inv: Inventory,
            extra: dict[str, Any] | None = None) -> None:
    """Read the tenant's Entra ID documents into ``inv``; Graph unreachable makes the three types gaps."""
    try:
        docs = read_tenant(credential, graph_url or GRAPH_ENDPOINT, verify)
    except Exception as exc:  # the sign-in or the endpoint failed: nothing of Entra ID was assessed
        log.warning("azure entra %s: Microsoft Graph failed: %s", tenant, exc)
        for rtype in ENTRA_TYPES:
            inv.coverage.fail(PROVIDER, tenant, "*", rtype, f"Microsoft Graph: {type(exc).__name__}: {exc}")
        return
    collect_tenant(tenant, docs, inv, extra)
