"""Every GCP check fixture, served by the ListAssets stand-in and read back by the real client.

One scan collects ~130 per-case projects, folders and organisations through
``asset_v1.AssetServiceClient`` (REST transport); each fixture resource must come back with the
status its fixture file promises.  A forbidden project is in the same scan: it lands in coverage
and everything else is still assessed.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from google.auth.credentials import AnonymousCredentials

import checks as registry
from agent.collectors import gcp
from agent.core.inventory import Inventory
from agent.engine.evaluate import evaluate
from agent.settings.gcp import GcpProvider
from tests.gcp.fixture_estate import build
from tests.gcp.standin import AssetStandIn

NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def scanned():
    fx = build(NOW)
    fx.estate.forbidden.add("projects/ucs-forbidden")
    fx.estate.assets["projects/ucs-forbidden"] = []
    with AssetStandIn(fx.estate) as standin:
        scopes = [GcpProvider(projects=[*fx.projects, "ucs-forbidden"], folders=fx.folders,
                              api_endpoint=standin.url, page_size=50)]
        scopes += [GcpProvider(organization=o, api_endpoint=standin.url) for o in fx.organizations]
        inv = Inventory()
        for scope in scopes:
            inv.merge(gcp.collect(scope, credentials=AnonymousCredentials()))
        requests = list(standin.requests)
    gcp_checks = [c for c in registry.all_checks() if c.meta.provider == "gcp"]
    findings = evaluate(inv, gcp_checks).findings
    return fx, inv, findings, requests


def test_every_gcp_check_has_end_to_end_cases(scanned) -> None:
    fx, _, _, _ = scanned
    covered = {e.check_id for e in fx.expectations}
    gcp_ids = {c.id for c in registry.all_checks() if c.meta.provider == "gcp"}
    assert len(gcp_ids) >= 35
    assert covered == gcp_ids
    for check_id in gcp_ids:
        statuses = {e.status for e in fx.expectations if e.check_id == check_id}
        assert statuses == {"PASS", "FAIL"}, check_id


def test_fixture_statuses_survive_the_wire(scanned) -> None:
    fx, _, findings, _ = scanned
    got = {(f.check_id, f.resource.id): f for f in findings}
    wrong = []
    for e in fx.expectations:
        f = got.get((e.check_id, e.resource_id))
        if f is None or f.status.value != e.status or f.resource.account != e.account:
            wrong.append(f"{e.check_id} {e.resource_id}: expected {e.status} in {e.account}, got "
                         f"{(f.status.value, f.resource.account, f.detail) if f else 'no finding'}")
    assert not wrong, "\n".join(wrong)


def test_forbidden_project_is_a_coverage_gap_and_the_rest_completes(scanned) -> None:
    fx, inv, _, _ = scanned
    failures = inv.coverage.failures
    assert [(e.account, e.resource_type) for e in failures] == [("ucs-forbidden", "*")]
    assert "PermissionDenied" in failures[0].error or "Forbidden" in failures[0].error
    assert "403" in failures[0].error
    assert "cloudasset.assets.listResource" in failures[0].error and "roles/cloudasset.viewer" in failures[0].error
    assert not inv.coverage.includes("gcp", "ucs-forbidden", "global", "gcp.storage.bucket")
    some_project = fx.projects[0]
    assert inv.coverage.includes("gcp", some_project, "global", "gcp.storage.bucket")


def test_listings_are_filtered_and_paged(scanned) -> None:
    _, _, _, requests = scanned
    resource_calls = [r for r in requests if r.content_type == "RESOURCE"]
    iam_calls = [r for r in requests if r.content_type == "IAM_POLICY"]
    org_calls = [r for r in requests if r.content_type == "ORG_POLICY"]
    assert resource_calls and iam_calls and org_calls
    assert all("storage.googleapis.com/Bucket" in r.asset_types for r in resource_calls)
    assert all("compute.googleapis.com/Instance" not in r.asset_types for r in iam_calls)
    hierarchy = {f"cloudresourcemanager.googleapis.com/{kind}" for kind in ("Project", "Folder", "Organization")}
    assert all(set(r.asset_types) == hierarchy for r in org_calls)
    assert all(r.page_size == 50 for r in resource_calls if r.parent.startswith(("projects/", "folders/")))
