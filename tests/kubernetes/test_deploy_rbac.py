"""deploy/kubernetes/ucs-scanner.yaml grants list on exactly the kinds the collector reads, and
nothing that writes; the kubelet's nodes/proxy is a role of its own."""

from __future__ import annotations

from pathlib import Path

import yaml

from agent.collectors.kubernetes.kinds import LISTED_KINDS
from agent.policy.k8s_rbac import EffectivePermissions, Subject

MANIFEST = Path(__file__).resolve().parents[2] / "deploy" / "kubernetes" / "ucs-scanner.yaml"


def _docs() -> list[dict]:
    return [d for d in yaml.safe_load_all(MANIFEST.read_text(encoding="utf-8")) if d]


def test_scanner_role_lists_exactly_what_the_collector_reads() -> None:
    [role] = [d for d in _docs() if d["kind"] == "ClusterRole" and d["metadata"]["name"] == "ucs-scanner"]
    granted = {(g, r) for rule in role["rules"] for g in rule["apiGroups"] for r in rule["resources"]}
    assert granted == {(k.group, k.plural) for k in LISTED_KINDS}
    assert {v for rule in role["rules"] for v in rule["verbs"]} == {"list"}


def test_the_scanner_can_read_but_not_write_or_exec() -> None:
    docs = _docs()
    perms = EffectivePermissions([], [d for d in docs if d["kind"] == "ClusterRole"], [],
                                 [d for d in docs if d["kind"] == "ClusterRoleBinding"])
    sa = Subject("ServiceAccount", "ucs-scanner", "ucs")
    assert perms.can(sa, "list", "pods") and perms.can(sa, "get", "nodes/proxy")
    for verb, resource in (("get", "secrets"), ("create", "pods"), ("create", "pods/exec"), ("delete", "namespaces"),
                           ("patch", "configmaps"), ("impersonate", "users")):
        assert not perms.can(sa, verb, resource), (verb, resource)
