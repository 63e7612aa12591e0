"""`ucs scan --provider kubernetes --manifests DIR` end to end, in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.kubernetes.cases import CONTEXT, container, deployment, pod, pod_spec

ROOT = Path(__file__).resolve().parents[2]
LITERAL = "cli-env-canary-5e5e"


def ucs(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "agent", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_scan_manifests_end_to_end(tmp_path: Path) -> None:
    manifests = tmp_path / "prod-manifests"
    manifests.mkdir()
    bad = pod_spec([container(securityContext={"privileged": True},
                              env=[{"name": "DB_PASSWORD", "value": LITERAL}])], hostNetwork=True)
    (manifests / "context.yaml").write_text(yaml.safe_dump_all(CONTEXT), encoding="utf-8")
    (manifests / "apps.yaml").write_text(yaml.safe_dump_all([deployment("web"), deployment("api", spec=bad), pod("debug")]),
                                         encoding="utf-8")
    out = tmp_path / "out"
    store = f"sqlite:///{tmp_path / 'ucs.sqlite'}"
    run = ucs("scan", "--provider", "kubernetes", "--manifests", str(manifests), "--store", store,
              "--output-dir", str(out), "--output-format", "json", "--output-format", "ocsf", "-q",
              "--fail-on", "critical", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    report_path = next(p for p in out.glob("*.json") if not p.name.endswith(".ocsf.json"))
    report = json.loads(report_path.read_text(encoding="utf-8"))
    failing = {(f["check_id"], f["resource"]["name"]) for f in report["findings"] if f["status"] == "FAIL"}
    assert ("k8s.pod.no_privileged", "shop/api") in failing
    assert ("k8s.pod.no_host_network", "shop/api") in failing
    assert ("k8s.pod.no_secret_literals_in_env", "shop/api") in failing
    assert ("k8s.pod.no_privileged", "shop/web") not in failing
    assert all(f["resource"]["account"] == "prod-manifests" for f in report["findings"])
    assert {f["resource"]["provider"] for f in report["findings"]} == {"kubernetes"}
    for p in out.iterdir():
        assert LITERAL not in p.read_text(encoding="utf-8")
    assert LITERAL not in run.stdout + run.stderr

    again = ucs("scan", "--provider", "kubernetes", "--manifests", str(manifests), "--store", store,
                "--output-dir", str(out), "--output-format", "json", "-q", "--fail-on", "high", cwd=tmp_path)
    assert again.returncode == 1
    assert "failing finding(s) at or above high" in again.stderr
