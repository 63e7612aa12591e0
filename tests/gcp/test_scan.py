"""GCP inside a tenant scan: the multi-cloud option menu gates it, findings reach the store, and a
403 project makes the scan partial without stopping it; the CLI runs the same path end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from agent.core.errors import MenuError
from agent.core.model import Status
from agent.engine.scan import run_scan
from agent.settings.tenant import parse_settings
from tests.gcp.standin import AssetStandIn, Estate, asset

ROOT = Path(__file__).resolve().parents[2]


def _estate() -> Estate:
    est = Estate()
    est.add("projects/shop-prod", asset("compute.googleapis.com/Firewall",
                                        "//compute.googleapis.com/projects/shop-prod/global/firewalls/rdp",
                                        {"name": "rdp", "direction": "INGRESS", "sourceRanges": ["0.0.0.0/0"],
                                         "allowed": [{"IPProtocol": "tcp", "ports": ["3389"]}]}))
    est.add("projects/shop-prod", asset("storage.googleapis.com/Bucket", "//storage.googleapis.com/shop-prod-assets",
                                        {"name": "shop-prod-assets",
                                         "iamConfiguration": {"uniformBucketLevelAccess": {"enabled": True}}},
                                        location="ASIA-NORTHEAST1"))
    est.forbidden.add("projects/shop-secret")
    return est


def _config(url: str, menus: str) -> str:
    return (f"tenant: {{id: acme}}\nlicence: {{product: UCS Cloud Security, expires: 2099-01-01}}\n"
            f"menus: {{options: [{menus}]}}\n"
            f"providers:\n  gcp:\n    projects: [shop-prod, shop-secret]\n"
            f"    api_endpoint: {url}\n    anonymous: true\n")


def test_gcp_needs_the_multi_cloud_menu(store, tenant_id) -> None:
    with AssetStandIn(_estate()) as s:
        settings = parse_settings(_config(s.url, "").replace("id: acme", f"id: {tenant_id}"), "tenant.yaml")
        with pytest.raises(MenuError, match="multi-cloud"):
            run_scan(settings, store)
        assert s.requests == []  # refused before anything is read


def test_scan_stores_findings_and_records_the_forbidden_project(store, tenant_id) -> None:
    with AssetStandIn(_estate()) as s:
        settings = parse_settings(_config(s.url, "multi-cloud").replace("id: acme", f"id: {tenant_id}"), "tenant.yaml")
        outcome = run_scan(settings, store)
    assert outcome.status == "partial"
    gaps = [(g.account, g.resource_type) for g in outcome.coverage.failures]
    assert gaps == [("shop-secret", "*")]
    by_check = {(f.check_id, f.resource.name): f.status for f in outcome.findings}
    assert by_check[("gcp.compute.firewall_no_rdp_from_internet", "rdp")] is Status.FAIL
    assert by_check[("gcp.storage.uniform_bucket_level_access", "shop-prod-assets")] is Status.PASS
    stored = {f.check_id for f in store.findings(tenant_id) if f.status is Status.FAIL}
    assert "gcp.compute.firewall_no_rdp_from_internet" in stored


def test_cli_scan_of_a_gcp_tenant(tmp_path) -> None:
    with AssetStandIn(_estate()) as s:
        cfg = tmp_path / "tenant.yaml"
        cfg.write_text(_config(s.url, "multi-cloud"))
        proc = subprocess.run([sys.executable, "-m", "agent", "scan", "--config", str(cfg), "--provider", "gcp",
                               "--store", f"sqlite:///{tmp_path / 'ucs.sqlite'}", "--output-format", "json",
                               "--output-dir", str(tmp_path / "out"), "-q"],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "not assessed" in proc.stderr and "shop-secret" in proc.stderr
    report = json.loads(next((tmp_path / "out").glob("*.json")).read_text())
    text = json.dumps(report)
    assert "gcp.compute.firewall_no_rdp_from_internet" in text and "partial" in text
