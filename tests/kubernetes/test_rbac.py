"""Effective RBAC resolution: bindings → roles, aggregated cluster roles, scopes, subresources."""

from __future__ import annotations

from agent.policy.k8s_rbac import ANYWHERE, EffectivePermissions, Subject, rule_allows, selector_matches
from tests.kubernetes.cases import cluster_binding, cluster_role, role, role_binding, rule, subject

MALLORY = Subject("User", "mallory@example.com")
ALICE = Subject("User", "alice@example.com")
CI = Subject("ServiceAccount", "ci", "shop")


def perms(*docs: dict) -> EffectivePermissions:
    by = {"Role": [], "ClusterRole": [], "RoleBinding": [], "ClusterRoleBinding": []}
    for d in docs:
        by[d["kind"]].append(d)
    return EffectivePermissions(by["Role"], by["ClusterRole"], by["RoleBinding"], by["ClusterRoleBinding"])


def test_aggregated_cluster_role_grants_the_rules_of_the_roles_it_selects() -> None:
    p = perms(
        cluster_role("secrets-part", [rule(["get", "list"], ["secrets"])], labels={"agg/monitoring": "true"}),
        cluster_role("pods-part", [rule(["list"], ["pods"])], labels={"agg/monitoring": "true", "tier": "x"}),
        cluster_role("unrelated", [rule(["delete"], ["nodes"])], labels={"agg/other": "true"}),
        cluster_role("monitoring", [], aggregate=[{"agg/monitoring": "true"}]),
        cluster_binding("mallory-mon", "monitoring", subject("User", MALLORY.name)),
    )
    assert p.who_can("list", "secrets") == [MALLORY]
    assert p.who_can("get", "secrets") == [MALLORY]
    assert p.can(MALLORY, "list", "pods")
    assert not p.can(MALLORY, "delete", "nodes")
    assert not p.can(MALLORY, "watch", "secrets")


def test_aggregation_is_transitive_and_cycles_terminate() -> None:
    p = perms(
        cluster_role("leaf", [rule(["create"], ["pods/exec"])], labels={"to-mid": "true"}),
        cluster_role("mid", [], labels={"to-top": "true"}, aggregate=[{"to-mid": "true"}]),
        cluster_role("top", [], labels={"to-mid": "true"}, aggregate=[{"to-top": "true"}]),  # top ↔ mid cycle
        cluster_binding("b", "top", subject("User", ALICE.name)),
    )
    assert p.can(ALICE, "create", "pods/exec", ANYWHERE)


def test_rolebinding_to_a_cluster_role_grants_only_in_its_namespace() -> None:
    p = perms(
        cluster_role("secret-reader", [rule(["get", "list"], ["secrets"])]),
        role_binding("ci-secrets", "ClusterRole", "secret-reader", {"kind": "ServiceAccount", "name": "ci"}, ns="shop"),
    )
    assert p.who_can("list", "secrets", "shop") == [CI]  # a RoleBinding's SA defaults to its namespace
    assert p.who_can("list", "secrets", "payments") == []
    assert p.who_can("list", "secrets") == []  # not cluster-wide
    assert p.who_can("list", "secrets", ANYWHERE) == [CI]


def test_role_binding_to_a_missing_role_is_dangling_and_grants_nothing() -> None:
    p = perms(role_binding("lost", "Role", "does-not-exist", subject("User", ALICE.name)))
    assert p.dangling == ["RoleBinding/shop/lost"]
    assert p.who_can("get", "pods", ANYWHERE) == []


def test_wildcards_subresources_and_resource_names() -> None:
    assert rule_allows(rule(["*"], ["*"], ["*"]), "create", "apps", "deployments")
    assert rule_allows(rule(["get"], ["*/exec"]), "get", "", "pods/exec")
    assert not rule_allows(rule(["get"], ["pods"]), "get", "", "pods/exec")
    assert not rule_allows(rule(["get"], ["secrets"], ["apps"]), "get", "", "secrets")
    assert not rule_allows({**rule(["get"], ["secrets"]), "resourceNames": ["one"]}, "get", "", "secrets")


def test_label_selector_expressions() -> None:
    labels = {"tier": "web", "env": "prod"}
    assert selector_matches({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["web", "db"]}]}, labels)
    assert not selector_matches({"matchExpressions": [{"key": "env", "operator": "NotIn", "values": ["prod"]}]}, labels)
    assert selector_matches({"matchExpressions": [{"key": "team", "operator": "DoesNotExist"}]}, labels)
    assert not selector_matches({"matchLabels": {"tier": "db"}}, labels)


def test_system_subjects_are_told_apart_from_broad_groups() -> None:
    assert Subject("User", "system:kube-controller-manager").is_system
    assert Subject("ServiceAccount", "coredns", "kube-system").is_system
    assert not Subject("Group", "system:authenticated").is_system
    assert not Subject("Group", "system:serviceaccounts:shop").is_system
    assert not Subject("ServiceAccount", "ci", "shop").is_system


def test_namespaced_role_grants() -> None:
    p = perms(role("deployer", [rule(["create"], ["pods"])], ns="shop"),
              role_binding("ci", "Role", "deployer", {"kind": "ServiceAccount", "name": "ci", "namespace": "shop"}))
    assert p.who_can("create", "pods", "shop") == [CI]
    assert p.who_can("create", "pods", ANYWHERE) == [CI]
    assert p.who_can("create", "pods") == []
