"""Defender for Cloud (Resource Graph securityresources, on the Azure HTTPS stand-in) and SCC
(google-cloud-securitycenter REST, on a local stand-in) into the store, deduplicated with ours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from agent.core.model import Coverage, Finding, Resource, Severity, State, Status
from agent.products.ingest import Clients, Ingest
from agent.settings.tenant import parse_settings
from tests.azure.standin import AzureStandIn, StaticCredential
from tests.products.scc_standin import SccStandIn, scc_result

SUB = "77777777-7777-7777-7777-777777777777"
SA = f"/subscriptions/{SUB}/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/opensa"
VM = f"/subscriptions/{SUB}/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def assessment(name: str, display: str, rid: str, code: str, when: str = "2026-11-30T10:00:00Z",
               severity: str = "High") -> dict[str, Any]:
    return {"id": f"{rid}/providers/Microsoft.Security/assessments/{name}", "name": name,
            "type": "microsoft.security/assessments", "subscriptionId": SUB, "location": "",
            "properties": {"displayName": display, "status": {"code": code, "statusChangeDate": when},
                           "resourceDetails": {"Source": "Azure", "Id": rid},
                           "metadata": {"severity": severity, "assessmentType": "BuiltIn"},
                           "links": {"azurePortal": "portal.azure.com/#blade/x"}}}


def alert(name: str, status: str, when: str = "2026-11-30T11:00:00Z") -> dict[str, Any]:
    return {"id": f"/subscriptions/{SUB}/resourceGroups/rg1/providers/Microsoft.Security/locations/westeurope/alerts/{name}",
            "name": name, "type": "microsoft.security/locations/alerts", "subscriptionId": SUB, "location": "westeurope",
            "properties": {"alertType": "VM_SuspiciousActivity", "alertDisplayName": "Suspicious process executed",
                           "severity": "High", "status": status, "timeGeneratedUtc": when,
                           "resourceIdentifiers": [{"type": "AzureResource", "azureResourceId": VM}],
                           "alertUri": "https://portal.azure.com/#blade/alert"}}


def record(store: Any, tenant: str, check: str, res: Resource) -> None:
    cov = Coverage()
    cov.add(res.provider, res.account, res.region, res.type)
    sid = store.begin_scan(tenant, trigger="test", scope={})
    store.record_scan(sid, tenant, [Finding(check, res, Status.FAIL, Severity.HIGH, "ours")], cov, {check},
                      inventory=[res], now=NOW - timedelta(days=1))


def test_defender_assessments_and_alerts(store, tenant_id, tmp_path):
    rows = [assessment("a1", "Storage account public access should be disallowed", SA, "Unhealthy"),
            assessment("a2", "Azure Backup should be enabled for virtual machines", VM, "Unhealthy", severity="Low"),
            assessment("a3", "Secure transfer to storage accounts should be enabled", SA, "Healthy"),
            alert("al1", "Active"), alert("al2", "Dismissed")]
    estate = {"subscriptions": [{"id": f"/subscriptions/{SUB}", "subscriptionId": SUB, "displayName": "p", "state": "Enabled"}],
              "securityresources": rows}
    standin = AzureStandIn(estate, tmp_path).start()
    try:
        ours = Resource("azure", SUB, "westeurope", "azure.storage.account", SA.replace("resourceGroups", "resourcegroups"),
                        "opensa")
        record(store, tenant_id, "azure.storage.blob_public_access_disabled", ours)
        settings = parse_settings(f"""
tenant: {{id: {tenant_id}}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
providers:
  azure: {{subscriptions: [{{id: "{SUB}"}}], base_url: "{standin.base_url}", ca_bundle: "{standin.ca_path}"}}
products: {{licensed: [defender]}}
""", "tenant.yaml")
        from agent.collectors.azure.clients import AzureClients

        clients = Clients(azure=AzureClients(StaticCredential(), standin.base_url, standin.ca_path))
        told: list[Any] = []
        ingest = Ingest(settings, store, clients, on_transitions=lambda conn, ts: told.extend(ts))
        assert ingest.run(now=NOW).by_source()["defender"] == {
            "units": 1, "gaps": 0, "read": 3, "stored": 3, "dropped": 0, "transitions": 2}
        found = {f.check_id: f for f in store.findings(tenant_id)}
        merged = found["azure.storage.blob_public_access_disabled"]
        assert merged.sources == ("ucs", "defender") and merged.resource.id == ours.id  # joined across id spellings
        backup = found["product.defender.Azure_Backup_should_be_enabled_for_virtual_machines"]
        assert backup.severity is Severity.LOW and backup.refs["defender"]["link"].startswith("portal.azure.com")
        threat = found["product.defender.VM_SuspiciousActivity"]
        assert threat.kind == "threat" and threat.resource.type == "azure.compute.virtualmachines"
        assert sorted(t.finding.check_id for t in told) == ["product.defender.Azure_Backup_should_be_enabled_for_virtual_machines",
                                                            "product.defender.VM_SuspiciousActivity"]
        # Defender resolves the alert: the incremental read takes in only that change
        rows[3]["properties"].update(status="Resolved", timeGeneratedUtc="2026-12-01T10:00:00Z")
        told.clear()
        second = ingest.run(now=NOW + timedelta(hours=2)).by_source()["defender"]
        assert second["read"] == 1
        assert [(t.kind, t.finding.check_id) for t in told] == [("resolved", "product.defender.VM_SuspiciousActivity")]
    finally:
        standin.stop()


def test_scc_findings_at_organisation_and_project(store, tenant_id):
    from google.auth.credentials import AnonymousCredentials

    from agent.products.gcp import client_for

    org, proj = "organizations/123456", "projects/proj-b"
    bucket = "//storage.googleapis.com/pub-bucket"
    data = {org: [scc_result(org, "f1", "PUBLIC_BUCKET_ACL", bucket, "proj-a"),
                  scc_result(org, "f2", "MALWARE_BAD_DOMAIN", "//compute.googleapis.com/projects/proj-a/zones/z/instances/i1",
                             "proj-a", finding_class="THREAT", severity="CRITICAL",
                             resource_type="google.compute.Instance"),
                  scc_result(org, "f3", "OPEN_RDP_PORT", "//compute.googleapis.com/projects/proj-a/global/firewalls/fw",
                             "proj-a", state="INACTIVE")]}
    with SccStandIn(data, forbidden={proj}) as standin:
        ours = Resource("gcp", "proj-a", "us", "gcp.storage.bucket", bucket, "pub-bucket")
        record(store, tenant_id, "gcp.storage.bucket_not_public", ours)
        settings = parse_settings(f"""
tenant: {{id: {tenant_id}}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
products: {{licensed: [scc], scc_parents: [{org}, {proj}]}}
""", "tenant.yaml")
        client = client_for(standin.url, AnonymousCredentials())
        report = Ingest(settings, store, Clients(scc=client)).run(now=NOW)
        assert report.by_source()["scc"]["stored"] == 2 and report.by_source()["scc"]["gaps"] == 1
        [gap] = report.to_dict()["gaps"]
        assert gap["account"] == proj and ("403" in gap["error"] or "denied" in gap["error"].lower())
        found = {f.check_id: f for f in store.findings(tenant_id)}
        assert found["gcp.storage.bucket_not_public"].sources == ("ucs", "scc")
        assert found["gcp.storage.bucket_not_public"].refs["scc"]["controls"] == {"cis-2.0": ["5.1"]}
        malware = found["product.scc.MALWARE_BAD_DOMAIN"]
        assert malware.severity is Severity.CRITICAL and malware.kind == "threat"
        assert found["product.scc.coverage_gap"].state is State.NEW
        assert all('state="ACTIVE"' in p or "findings" in p for p in standin.requests)
