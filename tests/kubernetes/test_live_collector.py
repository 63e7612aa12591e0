"""The collector against the stand-in API server, through the official client over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import checks as registry
from agent.collectors.kubernetes import collect
from agent.collectors.kubernetes.live import METADATA_ONLY
from agent.core.logging_setup import REDACTED, redact
from agent.core.model import Status, is_unreadable, utcnow
from agent.engine.evaluate import evaluate
from agent.settings.tenant import KubernetesCluster
from checks.kubernetes.versions import support_status
from tests.kubernetes.standin import ApiStandIn

K8S = [c for c in registry.all_checks() if c.id.startswith("k8s.")]


def scan(standin: ApiStandIn, **opts):  # type: ignore[no-untyped-def]
    return collect(KubernetesCluster(name="demo", host=standin.url, registries_allowed=["registry.example.com"]), **opts)


def test_every_list_is_paginated_with_limit_and_continue() -> None:
    with ApiStandIn() as s:
        inv = scan(s, page_size=2)
    pod_requests = [r for r in s.requests if r["path"] == "/api/v1/pods"]
    assert len(pod_requests) == 5  # 9 pods, 2 per page
    assert all(r["query"]["limit"] == ["2"] for r in pod_requests)
    assert "continue" not in pod_requests[0]["query"] and all("continue" in r["query"] for r in pod_requests[1:])
    assert next(e for e in inv.coverage.entries if e.resource_type == "k8s.pod").count == 9


def test_an_expired_continue_token_restarts_the_list_once() -> None:
    from kubernetes import client as k8s

    from agent.collectors.kubernetes.kinds import BY_KIND
    from agent.collectors.kubernetes.live import ClusterReader

    with ApiStandIn() as s:
        cfg = k8s.Configuration()
        cfg.host = s.url
        reader = ClusterReader(k8s.ApiClient(cfg), page_size=4)
        s.expire_continue_tokens = 1
        once = reader.list_kind(BY_KIND["Pod"])
        s.expire_continue_tokens = 2
        twice = reader.list_kind(BY_KIND["Pod"])
    assert once.error is None and len(once.items) == 9 and len({i["metadata"]["name"] for i in once.items}) == 9
    assert twice.error is not None and "410" in twice.error


def test_recorded_pages_are_followed_with_the_servers_own_continue_token() -> None:
    with ApiStandIn() as s:
        inv = scan(s)
    requests = [r for r in s.requests if r["path"] == "/api/v1/serviceaccounts"]
    recorded = s.lists["/api/v1/serviceaccounts"]["pages"][0]["metadata"]["continue"]
    assert [r["query"].get("continue") for r in requests] == [None, [recorded]]
    assert sorted(r.name for r in inv.by_type("k8s.service_account")) == [
        "kube-system/kube-proxy", "legacy/default", "shop/default", "shop/web"]


def test_secrets_are_requested_as_metadata_only_and_kept_without_data() -> None:
    with ApiStandIn() as s:
        inv = scan(s)
    secret_requests = [r for r in s.requests if r["path"] == "/api/v1/secrets"]
    assert secret_requests and all(r["headers"]["accept"] == METADATA_ONLY for r in secret_requests)
    other = [r for r in s.requests if r["path"] == "/api/v1/configmaps"]
    assert all("PartialObjectMetadata" not in r["headers"]["accept"] for r in other)
    secrets = {r.name: r for r in inv.by_type("k8s.secret")}
    assert set(secrets) == {"legacy/db", "shop/ci-token"}
    for r in secrets.values():
        assert set(r.data) <= {"apiVersion", "kind", "metadata"}
        assert "kubectl.kubernetes.io/last-applied-configuration" not in (r.data["metadata"].get("annotations") or {})
        assert "managedFields" not in r.data["metadata"]


def test_pod_templates_are_checked_once_at_their_controller() -> None:
    with ApiStandIn() as s:
        inv = scan(s)
    # Pods of ReplicaSets/DaemonSets that were read are dropped; ReplicaSets of Deployments and
    # Jobs of CronJobs too.  A static pod (owned by its Node) and a pod whose ReplicaSet is gone stay.
    assert sorted(r.name for r in inv.by_type("k8s.pod")) == ["kube-system/etcd-node-a", "legacy/debug", "shop/worker-6f7c9-abcde"]
    assert inv.by_type("k8s.replica_set") == [] and inv.by_type("k8s.job") == []
    findings = evaluate(inv, [registry.get("k8s.pod.no_privileged")]).findings
    assert sorted(f.resource.name for f in findings if f.status is Status.FAIL) == ["kube-system/kube-proxy", "legacy/api"]


def test_env_values_are_never_kept_only_names_and_their_source() -> None:
    with ApiStandIn() as s:
        inv = scan(s)
    api = next(r for r in inv.by_type("k8s.deployment") if r.name == "legacy/api")
    env = api.data["spec"]["template"]["spec"]["containers"][0]["env"]
    assert env == [{"name": "DB_PASSWORD", "_literal": True}, {"name": "DB_HOST", "_literal": True},
                   {"name": "API_TOKEN", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}]
    cm = inv.by_type("k8s.config_map")[0]
    assert cm.data["_keys"] == ["API_TOKEN", "LOG_LEVEL"] and "data" not in cm.data


def test_effective_rbac_and_cluster_summary() -> None:
    with ApiStandIn() as s:
        inv = scan(s)
    subjects = {r.name: r for r in inv.by_type("k8s.rbac_subject")}
    assert set(subjects) == {"User/mallory@example.com", "User/alice@example.com", "Group/ops@example.com",
                             "ServiceAccount/shop/ci", "User/system:kube-controller-manager"}
    inv.now = utcnow()  # what the engine sets at the start of a scan
    findings = evaluate(inv, K8S).findings
    failing = {(f.check_id, f.resource.name) for f in findings if f.status is Status.FAIL}
    # mallory reads secrets through the aggregated "monitoring" role; alice execs in one namespace.
    assert ("k8s.rbac.no_cluster_wide_secret_read", "User/mallory@example.com") in failing
    assert ("k8s.rbac.no_pod_exec", "User/alice@example.com") in failing
    assert ("k8s.rbac.no_pod_create", "ServiceAccount/shop/ci") in failing
    assert ("k8s.rbac.no_cluster_wide_secret_read", "User/system:kube-controller-manager") not in failing
    assert ("k8s.cluster.version_supported", "demo") in failing
    assert ("k8s.node.kubelet_version_supported", "node-a") in failing
    # node-b runs v1.36.1, supported until the date in config/kubernetes-versions.yaml.
    today = inv.now.date()
    assert (("k8s.node.kubelet_version_supported", "node-b") in failing) is not support_status("v1.36.1", today)[0]
    assert ("k8s.pod.image_registry_allowed", "legacy/api") in failing
    assert not [f for f in findings if f.status is Status.ERROR]
    cluster = inv.by_type("k8s.cluster")[0]
    assert cluster.data["version"]["gitVersion"] == "v1.24.17"
    assert cluster.data["rbac"]["cluster_admin_non_system"] == ["Group/ops@example.com"]


def test_a_forbidden_kind_is_a_coverage_gap_and_the_scan_goes_on() -> None:
    forbidden = {"/api/v1/secrets", "/api/v1/namespaces/*/secrets", "/apis/rbac.authorization.k8s.io/v1/clusterroles"}
    with ApiStandIn(forbidden=forbidden) as s:
        inv = scan(s)
    failed = {e.resource_type: e.error for e in inv.coverage.failures}
    assert set(failed) == {"k8s.secret", "k8s.cluster_role", "k8s.rbac_subject"}
    assert "403" in failed["k8s.secret"] and "forbidden" in failed["k8s.secret"]
    assert inv.by_type("k8s.deployment") and inv.by_type("k8s.namespace") and not inv.by_type("k8s.rbac_subject")
    assert not inv.coverage.includes("kubernetes", "demo", "shop", "k8s.secret")
    assert inv.coverage.includes("kubernetes", "demo", "shop", "k8s.deployment")
    # What depends on RBAC is ERROR, never PASS or FAIL.
    api = next(r for r in inv.by_type("k8s.deployment") if r.name == "legacy/api")
    assert is_unreadable(api.data["_service_account_rbac"])
    result = registry.evaluate(registry.get("k8s.pod.token_automount_needed"), api)
    assert result.status is Status.ERROR


def test_kubeconfig_context_with_a_bearer_token(tmp_path: Path) -> None:
    token = "kube-token-6d1f0e9a8b7c"
    eks = "arn:aws:eks:ap-northeast-1:123456789012:cluster/prod"
    with ApiStandIn(token=token) as s:
        kubeconfig = tmp_path / "config"
        kubeconfig.write_text(yaml.safe_dump({
            "apiVersion": "v1", "kind": "Config", "current-context": "elsewhere",
            "clusters": [{"name": eks, "cluster": {"server": s.url}},
                         {"name": "nowhere", "cluster": {"server": "http://127.0.0.1:9"}}],
            "users": [{"name": "scanner", "user": {"token": token}}],
            "contexts": [{"name": "standin", "context": {"cluster": eks, "user": "scanner"}},
                         {"name": "elsewhere", "context": {"cluster": "nowhere", "user": "scanner"}}],
        }), encoding="utf-8")
        inv = collect(KubernetesCluster(name="demo", kubeconfig=str(kubeconfig), context="standin"))
    assert not inv.coverage.failures
    assert len(inv.by_type("k8s.namespace")) == 5
    assert all(r["headers"].get("authorization") == f"Bearer {token}" for r in s.requests)
    assert redact(f"token={token}") == f"token={REDACTED}"
    assert inv.by_type("k8s.cluster")[0].data["cloud_id"] == eks  # links to the EKS collector's cluster


def test_gke_kubeconfig_names_link_to_the_gcp_cluster(tmp_path: Path) -> None:
    from agent.collectors.kubernetes.live import cloud_identity

    kubeconfig = tmp_path / "config"
    kubeconfig.write_text(yaml.safe_dump({
        "apiVersion": "v1", "kind": "Config", "current-context": "gke",
        "clusters": [{"name": "gke_acme-prod_asia-northeast1_web", "cluster": {"server": "https://203.0.113.9"}}],
        "users": [{"name": "u", "user": {"token": "t0k3n-abcdef"}}],
        "contexts": [{"name": "gke", "context": {"cluster": "gke_acme-prod_asia-northeast1_web", "user": "u"}}]}), encoding="utf-8")
    scope = KubernetesCluster(name="web", kubeconfig=str(kubeconfig))
    assert cloud_identity(scope) == "//container.googleapis.com/projects/acme-prod/locations/asia-northeast1/clusters/web"
    assert cloud_identity(scope.model_copy(update={"cloud_id": "explicit"})) == "explicit"


def test_a_kind_refused_cluster_wide_is_read_namespace_by_namespace() -> None:
    forbidden = {"/api/v1/secrets", "/api/v1/namespaces/legacy/secrets", "/apis/rbac.authorization.k8s.io/v1/rolebindings"}
    with ApiStandIn(forbidden=forbidden) as s:
        inv = scan(s)
    assert [r.name for r in inv.by_type("k8s.secret")] == ["shop/ci-token"]
    secret_cov = {e.region: e for e in inv.coverage.entries if e.resource_type == "k8s.secret"}
    assert secret_cov["shop"].ok and secret_cov["shop"].count == 1
    assert not secret_cov["legacy"].ok and "403" in (secret_cov["legacy"].error or "")
    assert inv.coverage.includes("kubernetes", "demo", "shop", "k8s.secret")
    assert not inv.coverage.includes("kubernetes", "demo", "legacy", "k8s.secret")
    # RoleBindings were all readable per namespace, so effective RBAC is complete.
    assert "User/alice@example.com" in {r.name for r in inv.by_type("k8s.rbac_subject")}
    assert {e.resource_type for e in inv.coverage.failures} == {"k8s.secret"}
    ns_requests = {r["path"] for r in s.requests if "/namespaces/" in r["path"]}
    assert "/api/v1/namespaces/shop/secrets" in ns_requests
    assert "/apis/rbac.authorization.k8s.io/v1/namespaces/legacy/rolebindings" in ns_requests


def test_a_wrong_token_fails_every_kind_without_crashing() -> None:
    with ApiStandIn(token="right") as s:
        inv = scan(s)
    assert len(inv) == 1 and inv.by_type("k8s.cluster")  # only the summary, its version unreadable
    assert {e.resource_type for e in inv.coverage.failures} >= {"k8s.pod", "k8s.secret", "k8s.rbac_subject"}
    assert all("401" in (e.error or "") for e in inv.coverage.failures if e.resource_type == "k8s.pod")
    result = registry.evaluate(registry.get("k8s.cluster.version_supported"), inv.by_type("k8s.cluster")[0])
    assert result.status is Status.ERROR


def test_missing_kubeconfig_is_a_clear_error(tmp_path: Path) -> None:
    from agent.core.errors import CollectorError

    with pytest.raises(CollectorError) as err:
        collect(KubernetesCluster(name="demo", kubeconfig=str(tmp_path / "absent"), context="x"))
    assert "demo" in str(err.value) and "absent" in str(err.value)


def test_two_clusters_in_one_inventory_do_not_collide() -> None:
    from agent.engine.scan import collect_all

    with ApiStandIn() as s:
        inv = collect_all([("kubernetes", KubernetesCluster(name=n, host=s.url)) for n in ("tokyo", "osaka")])
    tokyo = [r for r in inv if r.account == "tokyo"]
    osaka = [r for r in inv if r.account == "osaka"]
    assert len(tokyo) == len(osaka) > 30 and len(inv) == len(tokyo) + len(osaka)
    assert {r.id.split("/", 1)[0] for r in inv} == {"tokyo", "osaka"}


def test_a_tenant_without_the_containers_menu_cannot_scan_kubernetes(tmp_path: Path) -> None:
    from datetime import date, timedelta

    from agent.core.errors import MenuError
    from agent.engine.scan import run_scan
    from agent.settings.tenant import Settings
    from agent.store import Store

    settings = Settings.model_validate({
        "tenant": {"id": "nomenu"},
        "licence": {"product": "UCS Cloud Security", "expires": (date.today() + timedelta(days=9)).isoformat()},
        "providers": {"kubernetes": {"clusters": [{"name": "demo", "host": "http://127.0.0.1:9"}]}},
    })
    store = Store(f"sqlite:///{tmp_path / 'ucs.sqlite'}")
    try:
        with pytest.raises(MenuError) as err:
            run_scan(settings, store, providers=["kubernetes"])
    finally:
        store.close()
    assert "containers" in str(err.value)
