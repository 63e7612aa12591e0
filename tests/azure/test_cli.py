"""`ucs scan --provider azure` in a subprocess: config → service principal sign-in → scan → JSON, secret never printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.azure.conftest import SUB_D, SUB_OFF, SUB_X, tenant_yaml

ROOT = Path(__file__).resolve().parents[2]
SECRET = "cli-sp-secret-4c1d-never-printed"


def test_cli_scan_over_azure(azure_standin, tmp_path) -> None:
    estate = azure_standin.estate
    estate["app"] = {"client_id": "0a0b0c0d-0000-0000-0000-00000000c002", "client_secret": SECRET}
    config = tmp_path / "tenant.yaml"
    config.write_text(tenant_yaml(
        azure_standin, "cli-azure", tenant_id=estate["tenantId"], client_id=estate["app"]["client_id"],
        client_secret_env="UCS_CLI_AZURE_SECRET", discover_subscriptions=True, authority=azure_standin.base_url,
        extra=f"storage: {{url: 'sqlite:///{tmp_path / 'ucs.sqlite'}'}}\n"
              f"output: {{dir: '{tmp_path / 'out'}', formats: [json]}}\n"), encoding="utf-8")
    env = {**os.environ, "UCS_CLI_AZURE_SECRET": SECRET, "PYTHONPATH": str(ROOT)}
    try:
        proc = subprocess.run([sys.executable, "-m", "agent", "-vv", "scan", "--config", str(config), "--quiet",
                               "--provider", "azure", "--fail-on", "critical"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    finally:
        estate.pop("app")
    assert proc.returncode == 1, proc.stderr  # nsg-open allows every port: a critical FAIL is open
    assert SECRET not in proc.stdout + proc.stderr
    assert f"not assessed: azure {SUB_X} * *" in " ".join(proc.stderr.split())
    (report,) = (tmp_path / "out").glob("*.json")
    doc = json.loads(report.read_text(encoding="utf-8"))
    assert doc["scan"]["status"] == "partial"
    assert [(c["account"], c["resource_type"]) for c in doc["coverage"] if not c["ok"]] == [
        (SUB_OFF, "*"), (SUB_X, "*"), (SUB_D, "azure.monitor.diagnostic_settings")]
    failing = {(f["check_id"], f["resource"]["name"]) for f in doc["findings"] if f["status"] == "FAIL"}
    assert ("azure.network.nsg_all_ports_restricted", "nsg-open") in failing
    assert SECRET not in report.read_text(encoding="utf-8")
