"""The GCP collector against the ListAssets stand-in: paging, joins, account mapping, failures."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from google.auth.credentials import AnonymousCredentials

import checks as registry
from agent.collectors import gcp
from agent.core.errors import ConfigError
from agent.core.model import Status, is_unreadable
from agent.settings.gcp import GcpProvider
from agent.settings.tenant import parse_settings
from tests.gcp.standin import AssetStandIn, Estate, asset

NOW = datetime(2026, 11, 24, tzinfo=UTC)
PROJ_ASSET = "cloudresourcemanager.googleapis.com/Project"
BUCKET = "storage.googleapis.com/Bucket"
ANC = ["projects/501", "folders/77", "organizations/9"]


def _collect(estate: Estate, **scope: object):
    with AssetStandIn(estate) as s:
        inv = gcp.collect(GcpProvider(api_endpoint=s.url, **scope), credentials=AnonymousCredentials(), now=NOW,
                          retry_initial=0.01)
        return inv, list(s.requests)


def _run(check_id: str, inv, resource_id: str):
    entry = registry.get(check_id)
    return registry.evaluate(entry, inv.get(resource_id), inv)


def test_pages_follow_next_page_token_and_policies_join() -> None:
    est = Estate()
    for i in range(250):
        policy = {"bindings": [{"role": "roles/storage.objectViewer", "members": ["allUsers"]}]} if i == 7 else None
        est.add("projects/big-project", asset(BUCKET, f"//storage.googleapis.com/big-{i}", {"name": f"big-{i}"},
                                              location="US", policy=policy))
    inv, requests = _collect(est, projects=["big-project"], page_size=100)
    assert len(inv.by_type("gcp.storage.bucket")) == 250
    resource_pages = [r.page_token for r in requests if r.content_type == "RESOURCE"]
    assert resource_pages == ["", "100", "200"]
    assert len([r for r in requests if r.content_type == "IAM_POLICY"]) == 1
    public = inv.get("//storage.googleapis.com/big-7")
    assert public.account == "big-project" and public.region == "us"
    assert public.data["iamPolicy"]["bindings"][0]["members"] == ["allUsers"]
    assert inv.get("//storage.googleapis.com/big-8").data["iamPolicy"] == {"bindings": []}
    assert _run("gcp.storage.bucket_not_public", inv, "//storage.googleapis.com/big-7").status is Status.FAIL
    assert _run("gcp.storage.bucket_not_public", inv, "//storage.googleapis.com/big-8").status is Status.PASS
    counts = {e.resource_type: e.count for e in inv.coverage.entries if e.account == "big-project"}
    assert counts["gcp.storage.bucket"] == 250 and counts["gcp.sql.instance"] == 0


def test_key_age_is_derived_at_collection_time() -> None:
    est = Estate()
    key = "//iam.googleapis.com/projects/keys-project/serviceAccounts/a@keys-project.iam.gserviceaccount.com/keys/"
    est.add("projects/keys-project", asset("iam.googleapis.com/ServiceAccountKey", key + "old",
                                           {"keyType": "USER_MANAGED", "validAfterTime": "2001-01-01T00:00:00Z"}))
    est.add("projects/keys-project", asset("iam.googleapis.com/ServiceAccountKey", key + "new",
                                           {"keyType": "USER_MANAGED", "validAfterTime": "2026-11-01T00:00:00Z"}))
    inv, _ = _collect(est, projects=["keys-project"])
    assert inv.get(key + "old").data["keyAgeDays"] == 9458
    assert inv.get(key + "new").data["keyAgeDays"] == 23
    assert _run("gcp.iam.service_account_key_rotated", inv, key + "old").status is Status.FAIL
    assert _run("gcp.iam.service_account_key_rotated", inv, key + "new").status is Status.PASS


def _folder_estate() -> Estate:
    est = Estate()
    audit = [{"service": "allServices",
              "auditLogConfigs": [{"logType": t} for t in ("ADMIN_READ", "DATA_READ", "DATA_WRITE")]}]
    est.add("folders/77", asset("cloudresourcemanager.googleapis.com/Folder",
                                "//cloudresourcemanager.googleapis.com/folders/77",
                                {"name": "folders/77", "displayName": "prod"}, ancestors=ANC[1:],
                                policy={"bindings": [{"role": "roles/viewer", "members": ["group:sec@acme.example"]}],
                                        "auditConfigs": audit}))
    est.add("folders/77", asset("logging.googleapis.com/LogSink", "//logging.googleapis.com/folders/77/sinks/all",
                                {"name": "all", "destination": "storage.googleapis.com/org-logs", "filter": "",
                                 "includeChildren": True}, ancestors=ANC[1:]))
    est.add("folders/77", asset("compute.googleapis.com/Firewall",
                                "//compute.googleapis.com/projects/shop-prod/global/firewalls/ssh",
                                {"name": "ssh", "direction": "INGRESS", "sourceRanges": ["0.0.0.0/0"],
                                 "allowed": [{"IPProtocol": "tcp", "ports": ["22"]}]}, ancestors=ANC))
    # the project comes last: accounts are mapped from project numbers after the whole listing
    est.add("folders/77", asset(PROJ_ASSET, "//cloudresourcemanager.googleapis.com/projects/501",
                                {"projectId": "shop-prod", "projectNumber": "501", "lifecycleState": "ACTIVE"},
                                ancestors=ANC, policy={"bindings": [{"role": "roles/owner",
                                                                     "members": ["user:alice@acme.example"]}]}))
    return est


def test_folder_scan_maps_accounts_and_inherits_audit_config_and_sinks() -> None:
    inv, requests = _collect(_folder_estate(), folders=["folders/77"])
    assert {r.parent for r in requests} == {"folders/77"}
    project = inv.get("//cloudresourcemanager.googleapis.com/projects/501")
    assert (project.account, project.name) == ("shop-prod", "shop-prod")
    assert inv.get("//compute.googleapis.com/projects/shop-prod/global/firewalls/ssh").account == "shop-prod"
    assert inv.get("//cloudresourcemanager.googleapis.com/folders/77").account == "folders/77"
    assert _run("gcp.logging.audit_logs_all_services", inv, project.id).status is Status.PASS
    assert _run("gcp.logging.sink_for_all_logs", inv, project.id).status is Status.PASS
    assert _run("gcp.compute.firewall_no_ssh_from_internet", inv,
                "//compute.googleapis.com/projects/shop-prod/global/firewalls/ssh").status is Status.FAIL
    assert inv.coverage.includes("gcp", "shop-prod", "asia-northeast1", "gcp.compute.firewall")


def test_iam_listing_denied_makes_policy_checks_error_not_pass() -> None:
    est = _folder_estate()
    est.forbidden_iam.add("folders/77")
    inv, _ = _collect(est, folders=["77"])
    project = inv.get("//cloudresourcemanager.googleapis.com/projects/501")
    assert is_unreadable(project.data["iamPolicy"])
    for check_id in ("gcp.iam.no_public_bindings", "gcp.iam.no_primitive_roles_for_users",
                     "gcp.logging.audit_logs_all_services"):
        assert _run(check_id, inv, project.id).status is Status.ERROR, check_id
    # resources without IAM policies are still assessed, and the gap is recorded for the IAM-bearing types
    assert _run("gcp.compute.firewall_no_ssh_from_internet", inv,
                "//compute.googleapis.com/projects/shop-prod/global/firewalls/ssh").status is Status.FAIL
    assert not inv.coverage.includes("gcp", "shop-prod", "global", "gcp.resourcemanager.project")
    assert inv.coverage.includes("gcp", "shop-prod", "global", "gcp.compute.firewall")


def test_project_in_a_listed_folder_is_kept_once() -> None:
    est = _folder_estate()
    est.assets["projects/shop-prod"] = [a for a in est.assets["folders/77"] if "projects/" in a["name"]]
    inv, _ = _collect(est, projects=["shop-prod"], folders=["77"])
    assert len([r for r in inv if r.type == "gcp.resourcemanager.project"]) == 1


def test_config_validation_names_file_line_and_field() -> None:
    text = ("tenant: {id: acme}\nlicence: {product: UCS Cloud Security, expires: 2099-01-01}\n"
            "providers:\n  gcp:\n    projects: [Bad_Project]\n    folders: [folders/abc]\n")
    with pytest.raises(ConfigError) as err:
        parse_settings(text, "tenant.yaml")
    msg = str(err.value)
    assert "tenant.yaml:5: providers.gcp.projects" in msg and "Bad_Project" in msg
    assert "tenant.yaml:6: providers.gcp.folders" in msg
    ok = parse_settings(text.replace("[Bad_Project]", "[shop-prod]").replace("folders/abc", "folders/123"), "t.yaml")
    assert ok.providers.gcp.parents() == ["projects/shop-prod", "folders/123"]


def test_unreadable_key_file_is_a_clear_collector_error(tmp_path) -> None:
    from agent.core.errors import CollectorError

    bad = tmp_path / "key.json"
    bad.write_text('{"type": "service_account"}')
    with pytest.raises(CollectorError, match="key.json"):
        gcp.collect(GcpProvider(projects=["shop-prod"], credentials_file=str(bad)))


def test_secret_values_never_leave_the_collector() -> None:
    est = Estate()
    vm = "//compute.googleapis.com/projects/shop-prod/zones/asia-northeast1-a/instances/web"
    est.add("projects/shop-prod", asset("compute.googleapis.com/Instance", vm, {
        "name": "web", "metadata": {"items": [{"key": "startup-script", "value": "export DB_PASSWORD=hunter2"},
                                              {"key": "serial-port-enable", "value": "TRUE"}]}}))
    gke = "//container.googleapis.com/projects/shop-prod/locations/asia-northeast1/clusters/old"
    est.add("projects/shop-prod", asset("container.googleapis.com/Cluster", gke, {
        "name": "old", "masterAuth": {"username": "admin", "password": "s3cr3t-pass", "clientKey": "LS0tS0VZ",
                                      "clientCertificate": "LS0tQ0VSVA==", "clusterCaCertificate": "LS0tQ0E="}}))
    inv, _ = _collect(est, projects=["shop-prod"])
    dump = str([r.to_dict() for r in inv])
    for secret in ("hunter2", "s3cr3t-pass", "LS0tS0VZ", "LS0tQ0VSVA=="):
        assert secret not in dump
    assert _run("gcp.compute.instance_serial_port_disabled", inv, vm).status is Status.FAIL
    assert _run("gcp.container.client_certificate_disabled", inv, gke).status is Status.FAIL
    assert inv.get(gke).data["masterAuth"]["clusterCaCertificate"] == "LS0tQ0E="


def test_quota_429_is_waited_out_not_turned_into_a_gap() -> None:
    est = Estate(throttle=2)
    est.add("projects/busy-project", asset(BUCKET, "//storage.googleapis.com/busy", {"name": "busy"}))
    inv, requests = _collect(est, projects=["busy-project"])
    assert [r.name for r in inv] == ["busy"]
    assert not inv.coverage.failures
    assert len([r for r in requests if r.content_type == "RESOURCE"]) == 3  # two throttled, one answered
