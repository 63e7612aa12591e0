"""`ucs remediate plan` with one provider that cannot be reached (a `manifests:` cluster, a
kubeconfig that does not load): the other providers' plans are made, that provider's plans are
refused with the reason, and nothing crashes."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import pytest

from agent.cli import main
from agent.core.model import Resource
from agent.store import Store
from tests.remediation.aws_seeds import s3_versioning
from tests.remediation.helpers import store_failing


def test_plan_keeps_aws_plans_when_the_kubernetes_cluster_is_offline(
        tmp_path: Path, aws_factory: Any, moto_reset: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBECONFIG", str(tmp_path / "no-such-kubeconfig"))
    (tmp_path / "manifests").mkdir()
    cfg = tmp_path / "tenant.yaml"
    cfg.write_text(f"""
tenant: {{id: mixed}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
menus: {{options: [remediation, containers]}}
providers:
  aws:
    accounts:
      - {{id: "123456789012", regions: [us-east-1], endpoint_url: {moto_reset}, credentials: {{env: true}}}}
  kubernetes:
    clusters:
      - {{name: offline, manifests: {tmp_path / "manifests"}}}
      - {{name: live, kubeconfig: {tmp_path / "no-such-kubeconfig"}}}
storage: {{url: "sqlite:///{tmp_path / "ucs.sqlite"}"}}
remediation: {{mode: approval}}
""")
    store = Store(f"sqlite:///{tmp_path / 'ucs.sqlite'}")
    store_failing(store, "mixed", "aws.s3.versioning_enabled", s3_versioning(aws_factory))
    for cluster in ("offline", "live"):
        sa = Resource("kubernetes", cluster, "default", "k8s.service_account", f"{cluster}/default/default",
                      "default", {}, {"metadata": {"name": "default", "namespace": "default"}})
        store_failing(store, "mixed", "k8s.service_account.default_automount_disabled", sa)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["remediate", "plan", "-c", str(cfg)])
    text = out.getvalue()
    assert code == 0, err.getvalue() + text
    assert "pending [approval] aws.s3.versioning_enabled" in text
    assert "not plannable: kubernetes offline: scanned from manifests" in text
    assert "not plannable: kubernetes live: not reachable: ConfigException" in text
    refused = [line for line in text.splitlines() if "k8s.service_account.default_automount_disabled" in line]
    assert len(refused) == 2 and all("refused" in line for line in refused), text
    store.close()
