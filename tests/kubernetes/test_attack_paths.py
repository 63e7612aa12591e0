"""Attack paths on a seeded cluster, read live through the stand-in: internet → workload →
node / cloud role / API, and RBAC paths (binding → role → rule) per subject."""

from __future__ import annotations

from typing import Any

import checks as registry
from agent.collectors.kubernetes import collect
from agent.collectors.kubernetes.kinds import BY_KIND
from agent.core.model import Status
from agent.settings.tenant import KubernetesCluster
from tests.kubernetes.cases import (
    CASES,
    cluster_binding,
    cluster_role,
    container,
    deployment,
    namespace,
    pod_spec,
    role,
    role_binding,
    rule,
    sc,
    service,
    service_account,
    subject,
)
from tests.kubernetes.standin import ApiStandIn, list_document

ROLE_ARN = "arn:aws:iam::111122223333:role/web-uploads"


def seeded() -> dict[str, dict[str, Any]]:
    sa = service_account("web", automount=None)
    sa["metadata"]["annotations"] = {"eks.amazonaws.com/role-arn": ROLE_ARN}
    objs: dict[str, list[dict[str, Any]]] = {
        "Namespace": [namespace("shop")],
        "Service": [service("web-lb", "LoadBalancer", loadBalancerSourceRanges=["0.0.0.0/0"], selector={"app": "web"})],
        "Deployment": [deployment("web", spec=pod_spec([container(**sc(privileged=True))], automountServiceAccountToken=None)),
                       deployment("batch", spec=pod_spec([container(**sc(privileged=True))]))],
        "ServiceAccount": [sa],
        "ClusterRole": [cluster_role("secret-reader", [rule(["get"], ["pods"]), rule(["list"], ["secrets"])])],
        "ClusterRoleBinding": [cluster_binding("web-secrets", "secret-reader", subject("ServiceAccount", "web"))],
        "Role": [role("dormant-debug", [rule(["create"], ["pods/exec"])]), role("tunnel", [rule(["create"], ["pods/portforward"])])],
        "RoleBinding": [role_binding("mallory-tunnel", "Role", "tunnel", subject("User", "mallory@example.com"))],
    }
    return {BY_KIND[k].list_path: list_document(k, v) for k, v in objs.items()}


def _answers(inv: Any, check_id: str) -> dict[str, Any]:
    entry = registry.get(check_id)
    return {r.name: registry.evaluate(entry, r, inv) for t in entry.meta.resource_types for r in inv.by_type(t)}


def test_internet_to_node_cloud_role_and_api() -> None:
    with ApiStandIn(lists=seeded()) as s:
        inv = collect(KubernetesCluster(name="seeded", host=s.url))
    node = _answers(inv, "k8s.pod.exposed_workload_not_privileged")
    assert node["shop/web"].status is Status.FAIL and node["shop/batch"].status is Status.PASS  # batch is privileged, not exposed
    assert node["shop/web"].params["path"] == ["Service/web-lb (LoadBalancer)", "privileged web"]
    cloud = _answers(inv, "k8s.pod.exposed_workload_no_cloud_identity")["shop/web"]
    assert cloud.status is Status.FAIL and f"eks.amazonaws.com/role-arn={ROLE_ARN}" in cloud.params["weaknesses"]
    api = _answers(inv, "k8s.pod.exposed_workload_no_api_grants")["shop/web"]
    assert api.status is Status.FAIL and "ClusterRoleBinding/web-secrets → ClusterRole/secret-reader" in api.params["weaknesses"]


def test_rbac_paths_name_binding_role_and_rule() -> None:
    with ApiStandIn(lists=seeded()) as s:
        inv = collect(KubernetesCluster(name="seeded", host=s.url))
    secrets = _answers(inv, "k8s.rbac.no_cluster_wide_secret_read")["ServiceAccount/shop/web"]
    assert secrets.status is Status.FAIL
    assert secrets.params["via"] == ["ClusterRoleBinding/web-secrets → ClusterRole/secret-reader → rules[1]"]
    tunnel = _answers(inv, "k8s.rbac.no_port_forward")["User/mallory@example.com"]
    assert tunnel.status is Status.FAIL and tunnel.params["via"] == ["RoleBinding/shop/mallory-tunnel → Role/shop/tunnel → rules[0]"]
    dormant = _answers(inv, "k8s.rbac.role_no_exec_attach")
    assert dormant["shop/dormant-debug"].status is Status.FAIL and dormant["shop/tunnel"].status is Status.PASS


def test_every_new_check_has_cases() -> None:
    ids = {c.id for c in registry.all_checks() if c.id.startswith("k8s.")}
    assert len(ids) >= 160 and ids == set(CASES)


def test_cni_policies_select_by_namespace_and_prefixed_labels() -> None:
    from agent.collectors.kubernetes.derive import NetworkPolicies

    def ccnp(name: str, selector: dict[str, Any]) -> dict[str, Any]:
        return {"kind": "CiliumClusterwideNetworkPolicy", "metadata": {"name": name},
                "spec": {"endpointSelector": selector, "ingress": [{}]}}

    policies = NetworkPolicies({
        "CiliumClusterwideNetworkPolicy": [
            ccnp("only-payments", {"matchLabels": {"k8s:io.kubernetes.pod.namespace": "payments"}}),
            ccnp("web-everywhere", {"matchLabels": {"k8s:app": "web"}})],
        "GlobalNetworkPolicy": [{"kind": "GlobalNetworkPolicy", "metadata": {"name": "shop-only"},
                                 "spec": {"selector": "projectcalico.org/namespace == 'shop'", "types": ["Egress"]}}],
    })
    assert policies.in_namespace("payments") == 2 and policies.in_namespace("shop") == 2 and policies.in_namespace("dev") == 1
    assert policies.selecting("dev", {"app": "web"}) == {"ingress": ["CiliumClusterwideNetworkPolicy/web-everywhere"], "egress": []}
    assert policies.selecting("dev", {"app": "db"}) == {"ingress": [], "egress": []}
    assert policies.selecting("shop", {"app": "db"})["egress"] == ["GlobalNetworkPolicy/shop-only"]


def test_cloud_endpoint_and_anonymous_rbac_side_by_side() -> None:
    """The managed cluster's endpoint (cloud collector) and its anonymous grants (in-cluster) in one inventory."""
    from agent.core.inventory import Inventory
    from agent.core.model import Resource

    arn = "arn:aws:eks:eu-west-1:111122223333:cluster/prod"
    lists = seeded()
    lists[BY_KIND["ClusterRoleBinding"].list_path]["items"].append(
        cluster_binding("anon-view", "view", subject("Group", "system:unauthenticated")))
    with ApiStandIn(lists=lists) as s:
        inv = collect(KubernetesCluster(name="prod", host=s.url, cloud_id=arn))
    entry = registry.get("k8s.cluster.public_api_no_anonymous_grants")
    [cluster] = inv.by_type("k8s.cluster")
    assert registry.evaluate(entry, cluster, inv).message.endswith("cloud_not_scanned")

    def eks(public: bool) -> Resource:
        return Resource("aws", "111122223333", "eu-west-1", "aws.eks.cluster", arn, "prod", {},
                        {"arn": arn, "resourcesVpcConfig": {"endpointPublicAccess": public, "publicAccessCidrs": ["0.0.0.0/0"]}})

    for public, status in ((True, Status.FAIL), (False, Status.PASS)):
        both = Inventory(list(inv) + [eks(public)])
        result = registry.evaluate(entry, cluster, both)
        assert result.status is status, result
    assert "Group/system:unauthenticated: ClusterRoleBinding/anon-view → ClusterRole/view" in result.params["grants"]
