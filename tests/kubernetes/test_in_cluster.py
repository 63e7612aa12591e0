"""`ucs scan --provider kubernetes` inside a pod: the mounted service account token and CA are
read by the client's in-cluster loader, the API server is reached over verified TLS."""

from __future__ import annotations

import json
import ssl
from pathlib import Path

import pytest
import trustme
from kubernetes.config import incluster_config

from agent.cli import main
from tests.kubernetes.standin import ApiStandIn

TOKEN = "in-cluster-token-canary-9d1e"


def test_one_command_in_cluster_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    ca = trustme.CA()
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_ctx)
    mounted = tmp_path / "serviceaccount"
    mounted.mkdir()
    (mounted / "token").write_text(TOKEN, encoding="utf-8")
    ca.cert_pem.write_to_path(str(mounted / "ca.crt"))
    # Where the pod's service account volume is mounted (/var/run/secrets/kubernetes.io/serviceaccount).
    monkeypatch.setattr(incluster_config, "SERVICE_TOKEN_FILENAME", str(mounted / "token"))
    monkeypatch.setattr(incluster_config, "SERVICE_CERT_FILENAME", str(mounted / "ca.crt"))
    with ApiStandIn(token=TOKEN, tls=server_ctx) as s:
        port = s.url.rsplit(":", 1)[1]
        monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "127.0.0.1")
        monkeypatch.setenv("KUBERNETES_SERVICE_PORT", port)
        monkeypatch.setenv("UCS_CLUSTER_NAME", "prod-eu")
        out = tmp_path / "out"
        code = main(["scan", "--provider", "kubernetes", "--store", f"sqlite:///{tmp_path / 'ucs.sqlite'}", "--output-dir", str(out),
                     "--output-format", "json", "-q"])
    assert code == 0, capsys.readouterr().err
    assert all(r["headers"].get("authorization", "").lower() == f"bearer {TOKEN}".lower() for r in s.requests)
    report = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert {f["resource"]["account"] for f in report["findings"]} == {"prod-eu"}
    assert any(f["check_id"] == "k8s.pod.no_privileged" for f in report["findings"])
    assert TOKEN not in json.dumps(report) and TOKEN not in capsys.readouterr().err


def test_outside_a_cluster_the_error_says_what_to_do(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    code = main(["scan", "--provider", "kubernetes", "--store", f"sqlite:///{tmp_path / 'ucs.sqlite'}", "-q"])
    err = capsys.readouterr().err
    assert code != 0 and "not running inside a cluster" in err and "ucs-scanner" in err
