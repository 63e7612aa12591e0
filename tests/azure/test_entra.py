"""Entra ID through msgraph-sdk against the Graph stand-in: scope, paging, refusals, licences."""

from __future__ import annotations

import json
from pathlib import Path

from agent.core.model import is_unreadable, unreadable_reason
from tests.azure import entra_estate as E

ROOT = Path(__file__).resolve().parents[2]


def _tenant(inv, tenant):
    (r,) = [r for r in inv.by_type("azure.entra.tenant") if r.account == tenant]
    return r


def test_graph_is_read_with_its_own_token_scope_and_every_page_followed(azure_standin) -> None:
    from agent.collectors.azure import entra
    from agent.collectors.azure.clients import trust_store
    from agent.core.inventory import Inventory
    from tests.azure.standin import StaticCredential

    saved = {k: azure_standin.estate.pop(k) for k in list(azure_standin.estate) if k.startswith("graph")}
    azure_standin.estate.update(E.estate(E.BAD))  # two items a page
    credential = StaticCredential()
    azure_standin.reset_log()
    inv = Inventory()
    try:
        entra.collect(E.BAD, credential, azure_standin.base_url, trust_store(azure_standin.ca_path), inv)
    finally:
        for k in [k for k in azure_standin.estate if k.startswith("graph")]:
            azure_standin.estate.pop(k)
        azure_standin.estate.update(saved)
    assert set(credential.scopes) == {f"{azure_standin.base_url}/.default"}  # Graph's audience, not ARM's
    users = _tenant(inv, E.BAD).data["users"]
    assert len(users) == len(E.bad()["/v1.0/users"]) == 8
    assert azure_standin.count("/v1.0/users") == 4  # four pages of two, via @odata.nextLink
    assert "signInActivity" in users[6] and "signInActivity" not in users[7]  # omitted when never signed in


def test_a_refused_graph_read_names_the_application_permission(entra_inventory) -> None:
    denied = _tenant(entra_inventory, E.DENIED).data
    assert "needs the application permission Policy.Read.All" in unreadable_reason(denied["conditionalAccessPolicies"])
    assert "RoleManagement.Read.Directory" in unreadable_reason(denied["roleAssignments"])
    failures = {f.resource_type: f.error for f in entra_inventory.coverage.failures if f.account == E.DENIED}
    assert "Application.Read.All" in failures["azure.entra.application"]


def test_a_tenant_without_premium_licences_is_told_apart_from_a_refusal(entra_inventory) -> None:
    free = _tenant(entra_inventory, E.FREE).data
    assert "notLicensed" in free["roleEligibilitySchedules"] and not is_unreadable(free["roleEligibilitySchedules"])
    # Sign-in activity could not be selected: users are read without it, and that alone is unreadable.
    assert isinstance(free["users"], list) and len(free["users"]) == 6
    assert "AuditLog.Read.All" in unreadable_reason(free["signInActivity"])


def test_credential_secrets_never_reach_the_inventory(azure_standin) -> None:
    """A canary in secretText, hint and key (Graph sends them null or truncated) is dropped by the collector."""
    from agent.collectors.azure import entra
    from agent.collectors.azure.clients import trust_store
    from agent.core.inventory import Inventory
    from tests.azure.standin import StaticCredential

    canary = "Q~canary-entra-secret-value-never-stored"
    docs = E.bad()
    for app in docs["/v1.0/applications"]:
        for cred in app["passwordCredentials"]:
            cred.update(secretText=canary, hint=canary[:3])
    for sp in docs["/v1.0/servicePrincipals"]:
        for cred in sp["keyCredentials"]:
            cred["key"] = "Y2FuYXJ5LWtleS1ieXRlcw=="  # base64 of key bytes
    saved = {k: azure_standin.estate.pop(k) for k in list(azure_standin.estate) if k.startswith("graph")}
    azure_standin.estate.update({"graph": docs, "graph_page": 100})
    inv = Inventory()
    try:
        entra.collect(E.BAD, StaticCredential(), azure_standin.base_url, trust_store(azure_standin.ca_path), inv)
    finally:
        for k in [k for k in azure_standin.estate if k.startswith("graph")]:
            azure_standin.estate.pop(k)
        azure_standin.estate.update(saved)
    stored = json.dumps([r.to_dict() for r in inv])
    assert canary not in stored and '"hint"' not in stored and "Y2FuYXJ5" not in stored
    apps = {r.name: r for r in inv.by_type("azure.entra.application")}
    assert all(c["endDateTime"] for c in apps["bad-app"].data["passwordCredentials"])


def test_deploy_lists_exactly_the_graph_permissions_the_collector_reads_with() -> None:
    from agent.collectors.azure.entra import PERMISSIONS

    doc = json.loads((ROOT / "deploy" / "azure" / "graph-permissions.json").read_text(encoding="utf-8"))
    assert sorted(doc["applicationPermissions"]) == PERMISSIONS
