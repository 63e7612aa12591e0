"""The kubernetes section of the tenant config: clear errors naming file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agent.core.errors import ConfigError
from agent.settings.tenant import parse_settings
from tests.kubernetes.cases import merge

HEAD = """tenant: {id: acme}
licence: {product: UCS Cloud Security, expires: 2099-01-01}
menus: {options: [containers]}
providers:
  kubernetes:
    clusters:
"""


def test_valid_clusters() -> None:
    s = parse_settings(HEAD + """      - {name: prod, kubeconfig: /etc/ucs/kubeconfig, context: prod, registries_allowed: [registry.example.com]}
      - {name: self, in_cluster: true}
      - {name: repo, manifests: /srv/gitops}
""", "tenant.yaml")
    clusters = s.providers.kubernetes.clusters  # type: ignore[union-attr]
    assert [c.name for c in clusters] == ["prod", "self", "repo"]
    assert clusters[0].registries_allowed == ["registry.example.com"]


@pytest.mark.parametrize("entry, message", [
    ("{name: x, in_cluster: true, context: prod}", "not in_cluster and kubeconfig"),
    ("{name: x, kubeconfig: k, manifests: /srv}", "not kubeconfig and manifests"),
    ("{name: x, kubeconfg: k}", "unknown key"),
    ("{kubeconfig: k}", "required key is missing"),
])
def test_bad_cluster_entries_name_file_line_and_key(entry: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_settings(HEAD + f"      - {entry}\n", "tenant.yaml")
    text = str(err.value)
    assert "tenant.yaml:7" in text and "providers.kubernetes.clusters[0]" in text and message in text, text


def test_namespaces_and_labels_excluded_from_assessment(tmp_path: Path) -> None:
    from agent.collectors.kubernetes import collect
    from tests.kubernetes.cases import deployment, namespace

    docs = [namespace("shop"), namespace("sandbox-1"), namespace("vendor", {"ucs.example.com/skip": "yes"}),
            deployment("web"), deployment("try", ns="sandbox-1"), deployment("agent", ns="vendor"),
            merge(deployment("legacy"), {"metadata": {"labels": {"ucs.example.com/skip": "true"}}})]
    (tmp_path / "all.yaml").write_text(yaml.safe_dump_all(docs), encoding="utf-8")
    entry = f'      - {{name: prod, manifests: {tmp_path}, exclude_namespaces: ["sandbox-*"], exclude_labels: {{ucs.example.com/skip: "*"}}}}\n'
    s = parse_settings(HEAD + entry, "tenant.yaml")
    scope = s.providers.kubernetes.clusters[0]  # type: ignore[union-attr]
    assert scope.exclude_namespaces == ["sandbox-*"]
    inv = collect(scope)
    assert sorted(r.name for r in inv.by_type("k8s.deployment")) == ["shop/web"]
    assert sorted(r.name for r in inv.by_type("k8s.namespace")) == ["shop"]
