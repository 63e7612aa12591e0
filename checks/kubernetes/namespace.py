"""Namespaces: network policies and Pod Security Admission."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.common import T
from checks.kubernetes.podspec import CIS, CIS10, NSA

# Namespaces Kubernetes itself runs in; their pods are the control plane's own.
SYSTEM_NAMESPACES = frozenset({"kube-system", "kube-public", "kube-node-lease"})
PSA_ENFORCE = "pod-security.kubernetes.io/enforce"

MSG = Messages("kubernetes.namespace", {
    "system_namespace": ("system namespace, not assessed", "システムの名前空間のため評価対象外です"),
    "network_policies": ("{count} network policies", "NetworkPolicy が {count} 件あります"),
    "no_network_policy": ("no NetworkPolicy in this namespace", "この名前空間に NetworkPolicy がありません"),
    "enforced": ("enforce={level}", "enforce={level} が適用されています"),
    "weak_level": ("enforce={level}", "enforce={level}（baseline でも restricted でもありません）"),
    "no_enforce_label": ("no pod-security.kubernetes.io/enforce label",
                         "pod-security.kubernetes.io/enforce ラベルがありません"),
    "not_restricted": ("enforce={level}", "enforce={level}（restricted ではありません）"),
    "no_level": ("enforce=(none)", "enforce=(none)（ラベルがありません）"),
})


def _system_namespace(r: Resource) -> bool:
    return r.name in SYSTEM_NAMESPACES


@check(id="k8s.namespace.network_policy_present", resource_types=("k8s.namespace",), severity=Severity.MEDIUM,
       title=T("Namespaces have a NetworkPolicy", "名前空間に NetworkPolicy が定義されている"),
       description=T("Without any NetworkPolicy every pod in the namespace accepts traffic from every pod in the cluster.",
                     "NetworkPolicy が 1 つもないと、名前空間内のすべての Pod がクラスタ内のあらゆる Pod からの通信を受け付けます。"),
       remediation=T("Add a default-deny NetworkPolicy to the namespace, then allow the flows it needs.",
                     "名前空間に既定で拒否する NetworkPolicy を追加し、必要な通信だけを許可してください。"),
       frameworks={CIS: ["5.3.2"], CIS10: ["5.3.2"], NSA: ["network.network-policies"]})
def network_policy_present(r: Resource) -> Result:
    if _system_namespace(r):
        return MSG.ok("system_namespace")
    count = readable(r.data.get("_network_policies"), "network policies")
    return MSG.ok("network_policies", count=count) if count else MSG.fail("no_network_policy")


def _psa_level(r: Resource) -> str | None:
    return ((r.data.get("metadata") or {}).get("labels") or {}).get(PSA_ENFORCE)


@check(id="k8s.namespace.psa_enforced", resource_types=("k8s.namespace",), severity=Severity.MEDIUM,
       title=T("Namespaces enforce a Pod Security Standard", "名前空間で Pod Security Standard を強制している"),
       description=T("Pod Security Admission only blocks unsafe pods in namespaces labelled pod-security.kubernetes.io/enforce=baseline or restricted.",
                     "Pod Security Admission が危険な Pod を拒否するのは、pod-security.kubernetes.io/enforce=baseline または restricted "
                         "のラベルがある名前空間だけです。"),
       remediation=T("Label the namespace: kubectl label ns NAME pod-security.kubernetes.io/enforce=baseline (or restricted).",
                     "名前空間にラベルを付けてください: kubectl label ns NAME pod-security.kubernetes.io/enforce=baseline（または restricted）"),
       frameworks={CIS: ["5.2.1"], CIS10: ["5.2.1"], NSA: ["pod-security.enforcement"]})
def psa_enforced(r: Resource) -> Result:
    if _system_namespace(r):
        return MSG.ok("system_namespace")
    level = _psa_level(r)
    if level in ("baseline", "restricted"):
        return MSG.ok("enforced", level=level)
    return MSG.fail("weak_level", level=level) if level else MSG.fail("no_enforce_label", level=level)


@check(id="k8s.namespace.psa_restricted", resource_types=("k8s.namespace",), severity=Severity.LOW,
       title=T("Namespaces enforce the restricted Pod Security Standard", "名前空間で restricted の Pod Security Standard を強制している"),
       description=T("The restricted standard adds non-root, seccomp and dropped capabilities to the baseline.",
                     "restricted 標準は baseline に加えて非 root 実行、seccomp、ケーパビリティの削除を求めます。"),
       remediation=T("Label the namespace pod-security.kubernetes.io/enforce=restricted once its workloads comply.",
                     "ワークロードが準拠したら、名前空間に pod-security.kubernetes.io/enforce=restricted のラベルを付けてください。"),
       frameworks={CIS: ["5.2.1"], CIS10: ["5.2.1"], NSA: ["pod-security.enforcement"]})
def psa_restricted(r: Resource) -> Result:
    if _system_namespace(r):
        return MSG.ok("system_namespace")
    level = _psa_level(r)
    if level == "restricted":
        return Result.ok()
    return MSG.fail("not_restricted", level=level) if level else MSG.fail("no_level", level=level)
