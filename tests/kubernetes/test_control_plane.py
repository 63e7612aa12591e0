"""Control plane and nodes: static pods and configz through the live stand-in, and a node's
directory offline (manifests, kubelet config.yaml, file modes)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

import checks as registry
from agent.collectors.kubernetes import collect, manifest_scope
from agent.collectors.kubernetes.kinds import BY_KIND, KINDS
from agent.core.model import Status, is_unreadable
from agent.settings.tenant import KubernetesCluster
from tests.kubernetes.cases import CASES
from tests.kubernetes.cases_more import APISERVER, ETCD, KUBELET_GOOD, static_pod
from tests.kubernetes.standin import ApiStandIn, list_document


def _lists(pods: list[dict[str, Any]], nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {BY_KIND["Pod"].list_path: list_document("Pod", pods), BY_KIND["Node"].list_path: list_document("Node", nodes)}


def _node(name: str, **labels: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": labels},
            "status": {"nodeInfo": {"kubeletVersion": "v1.36.1"}}}


def _result(check_id: str, resource: Any) -> Any:
    return registry.evaluate(registry.get(check_id), resource)


def test_every_control_plane_check_has_a_case() -> None:
    ids = {c.id for c in registry.all_checks() if c.id.split(".")[1] in ("control_plane", "kubelet", "node_files")}
    assert len(ids) >= 80 and ids <= set(CASES)


def test_static_pods_and_configz_through_the_api() -> None:
    weak = static_pod("kube-apiserver", {**APISERVER, "anonymous-auth": "true", "authorization-mode": "AlwaysAllow"})
    pods = [weak, static_pod("etcd", ETCD)]
    nodes = [_node("cp-1", **{"node-role.kubernetes.io/control-plane": ""}), _node("worker-1"), _node("worker-2")]
    with ApiStandIn(lists=_lists(pods, nodes), forbidden={"/api/v1/nodes/worker-2/proxy/configz"}) as s:
        s.configz["worker-1"] = {**KUBELET_GOOD, "readOnlyPort": 10255}
        inv = collect(KubernetesCluster(name="demo", host=s.url))
    [api] = inv.by_type("k8s.api_server")
    assert api.data["flags"]["authorization-mode"] == "AlwaysAllow" and api.data["node"] == "cp-1"
    assert _result("k8s.control_plane.apiserver_anonymous_auth_disabled", api).status is Status.FAIL
    assert _result("k8s.control_plane.apiserver_authorization_not_always_allow", api).status is Status.FAIL
    assert _result("k8s.control_plane.apiserver_audit_log_path", api).status is Status.PASS
    [etcd] = inv.by_type("k8s.etcd")
    assert _result("k8s.control_plane.etcd_client_cert_auth", etcd).status is Status.PASS
    # Scheduler and controller manager are not running as static pods on the control-plane node: a gap, not a PASS.
    gaps = {e.resource_type: e.error for e in inv.coverage.failures}
    assert "k8s.scheduler" in gaps and "control-plane nodes" in str(gaps["k8s.scheduler"])
    kubelets = {r.name: r for r in inv.by_type("k8s.kubelet_configuration")}
    assert set(kubelets) == {"cp-1", "worker-1", "worker-2"}
    assert _result("k8s.kubelet.read_only_port_disabled", kubelets["worker-1"]).status is Status.FAIL
    assert _result("k8s.kubelet.read_only_port_disabled", kubelets["cp-1"]).status is Status.PASS
    refused = _result("k8s.kubelet.anonymous_auth_disabled", kubelets["worker-2"])
    assert refused.status is Status.ERROR and "nodes/proxy" in str(refused.params)
    assert is_unreadable(kubelets["worker-2"].data["config"])
    paths = [r["path"] for r in s.requests if r["path"].endswith("/configz")]
    assert sorted(paths) == [f"/api/v1/nodes/{n}/proxy/configz" for n in ("cp-1", "worker-1", "worker-2")]


def test_managed_control_planes_are_not_assessed() -> None:
    nodes = [_node("ip-10-0-1-5", **{"eks.amazonaws.com/nodegroup": "general"})]
    with ApiStandIn(lists=_lists([], nodes), version={"major": "1", "minor": "33", "gitVersion": "v1.33.5-eks-3025e55"}) as s:
        inv = collect(KubernetesCluster(name="eks", host=s.url))
    assert inv.by_type("k8s.api_server") == []
    assert not [e for e in inv.coverage.failures if e.resource_type in ("k8s.api_server", "k8s.etcd", "k8s.scheduler")]
    [cluster] = inv.by_type("k8s.cluster")
    assert cluster.data["managed"] == "eks"
    assert len(inv.by_type("k8s.kubelet_configuration")) == 1  # nodes are the customer's even on EKS


def _write(path: Path, text: str, mode: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.chmod(path, mode)


def test_an_offline_node_directory(tmp_path: Path) -> None:
    root = tmp_path / "cp-1"
    manifests = root / "etc/kubernetes/manifests"
    _write(manifests / "kube-apiserver.yaml", yaml.safe_dump(static_pod("kube-apiserver", {**APISERVER, "profiling": None})), 0o644)
    _write(manifests / "etcd.yaml", yaml.safe_dump(static_pod("etcd", ETCD)), 0o600)
    _write(root / "etc/kubernetes/admin.conf", "apiVersion: v1\nkind: Config\n", 0o644)
    _write(root / "etc/kubernetes/pki/apiserver.key", "not a key", 0o600)
    _write(root / "var/lib/kubelet/config.yaml", yaml.safe_dump({
        "apiVersion": "kubelet.config.k8s.io/v1beta1", "kind": "KubeletConfiguration",
        "authentication": {"anonymous": {"enabled": True}, "x509": {"clientCAFile": "/etc/kubernetes/pki/ca.crt"}}}), 0o600)
    inv = collect(manifest_scope(root))
    assert not inv.coverage.failures, inv.coverage.failures
    [api] = inv.by_type("k8s.api_server")
    assert api.data["node"] == "cp-1"
    assert _result("k8s.control_plane.apiserver_profiling_disabled", api).status is Status.FAIL  # the default is true
    [kubelet] = inv.by_type("k8s.kubelet_configuration")
    assert _result("k8s.kubelet.anonymous_auth_disabled", kubelet).status is Status.FAIL
    assert _result("k8s.kubelet.read_only_port_disabled", kubelet).status is Status.PASS  # v1beta1 default 0
    [files] = inv.by_type("k8s.node_files")
    assert _result("k8s.node_files.apiserver_manifest_permissions", files).status is Status.FAIL
    assert _result("k8s.node_files.etcd_manifest_permissions", files).status is Status.PASS
    assert _result("k8s.node_files.admin_conf_permissions", files).status is Status.FAIL
    assert _result("k8s.node_files.pki_keys_permissions", files).status is Status.PASS
    assert _result("k8s.node_files.scheduler_manifest_permissions", files).status is Status.PASS  # absent
    assert _result("k8s.node_files.pki_ownership", files).status is Status.PASS  # written by root here


def test_cni_policy_crds_live_absent_and_forbidden() -> None:
    cilium = {"apiVersion": "cilium.io/v2", "kind": "CiliumNetworkPolicy", "metadata": {"name": "deny", "namespace": "apps"},
              "spec": {"endpointSelector": {}, "ingress": [{}]}}
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "apps"}}
    lists = {BY_KIND["Namespace"].list_path: list_document("Namespace", [ns]),
             BY_KIND["CiliumNetworkPolicy"].list_path: list_document("CiliumNetworkPolicy", [cilium])}
    calico = BY_KIND["CalicoNetworkPolicy"].list_path
    with ApiStandIn(lists=lists, absent={calico, BY_KIND["GlobalNetworkPolicy"].list_path}) as s:
        inv = collect(KubernetesCluster(name="cni", host=s.url))
    [apps] = inv.by_type("k8s.namespace")
    assert _result("k8s.namespace.network_policy_present", apps).status is Status.PASS
    assert not inv.coverage.failures  # a CRD that is not installed is no gap
    with ApiStandIn(lists=lists, forbidden={calico, "/apis/crd.projectcalico.org/v1/namespaces/*/networkpolicies"}) as s:
        s.installed.add("crd.projectcalico.org/v1")  # installed, and refused
        inv = collect(KubernetesCluster(name="cni", host=s.url))
    [apps] = inv.by_type("k8s.namespace")
    assert _result("k8s.namespace.network_policy_present", apps).status is Status.ERROR
    # A scanner without RBAC on CRDs is refused even where they are not installed: API discovery
    # tells "not installed" (404) from "refused" (and the namespace is assessed).
    refused = {k.list_path for k in KINDS if k.optional} | {
        f"/apis/{k.group}/{k.version}/namespaces/*/{k.plural}" for k in KINDS if k.optional}
    with ApiStandIn(lists={BY_KIND["Namespace"].list_path: list_document("Namespace", [ns])}, forbidden=refused) as s:
        inv = collect(KubernetesCluster(name="cni", host=s.url))
    [apps] = inv.by_type("k8s.namespace")
    assert _result("k8s.namespace.network_policy_present", apps).status is Status.FAIL
    assert not inv.coverage.failures


def test_a_plain_kubelet_configuration_manifest(tmp_path: Path) -> None:
    (tmp_path / "kubelet.yaml").write_text(yaml.safe_dump({
        "apiVersion": "kubelet.config.k8s.io/v1beta1", "kind": "KubeletConfiguration", "metadata": {"name": "pool-a"},
        "readOnlyPort": 10255}), encoding="utf-8")
    [kubelet] = collect(manifest_scope(tmp_path)).by_type("k8s.kubelet_configuration")
    assert _result("k8s.kubelet.read_only_port_disabled", kubelet).status is Status.FAIL
