"""Kubernetes: service-account token automount, default-deny NetworkPolicy, PSA enforce label.

Every change is a patch or a create of a new object; rollback patches the old value back (a
``None`` in a merge patch removes the field again) or removes only the object UCS created.
"""

from __future__ import annotations

from typing import Any

import yaml

from agent.core.model import Resource
from remediation.base import ApiCall, BaseRemediator, Context, Plan, SingleSetting

PSA_ENFORCE = "pod-security.kubernetes.io/enforce"
DENY_POLICY = "ucs-default-deny-ingress"


def meta(r: Resource) -> tuple[str, str]:
    """(namespace, name) of a namespaced object; for a Namespace, ("", name)."""
    md = r.data.get("metadata") or {}
    name = md.get("name") or r.name.rsplit("/", 1)[-1]
    ns = md.get("namespace") or (r.name.split("/", 1)[0] if "/" in r.name else "")
    return ns, name


def as_dict(api: Any, obj: Any) -> dict[str, Any]:
    """A client model as the API's own JSON document (camelCase keys), as the collector stores it."""
    return dict(api.api_client.sanitize_for_serialization(obj))


def _get(obj: Any, *path: str) -> Any:
    for p in path:
        if obj is None:
            return None
        obj = obj.get(p) if isinstance(obj, dict) else getattr(obj, p, None)
    return obj


class ServiceAccountAutomount(SingleSetting):
    check_id = "k8s.service_account.default_automount_disabled"
    provider = "kubernetes"
    resource_type = "k8s.service_account"
    summary = "Set automountServiceAccountToken: false on service account {name}"
    key, desired = "automountServiceAccountToken", False

    def read_value(self, ctx: Context, r: Resource) -> Any:
        ns, name = meta(r)
        sa = ctx.k8s_api(r.account, "CoreV1Api").read_namespaced_service_account(name=name, namespace=ns)
        return _get(sa, "automount_service_account_token")

    def set_call(self, r: Resource, value: Any) -> ApiCall:
        ns, name = meta(r)  # a None value in the merge patch removes the field again
        return ApiCall(
            "CoreV1Api",
            "patch_namespaced_service_account",
            {"name": name, "namespace": ns, "body": {"automountServiceAccountToken": value}},
        )

    def refresh(self, ctx: Context, plan: Plan) -> Resource:
        ns, name = meta(plan.resource())
        api = ctx.k8s_api(plan.account, "CoreV1Api")
        return self.snapshot(plan, **as_dict(api, api.read_namespaced_service_account(name=name, namespace=ns)))

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        ns, name = meta(r)
        return f"kubectl -n {ns} patch serviceaccount {name} -p '{{\"automountServiceAccountToken\": false}}'"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        ns, name = meta(r)
        return (
            f'resource "kubernetes_service_account_v1" "ucs_fix" {{\n  metadata {{\n    name      = "{name}"\n'
            f'    namespace = "{ns}"\n  }}\n  automount_service_account_token = false\n}}'
        )


def deny_policy(ns: str) -> dict[str, Any]:
    # Ingress only: denying egress by default would also cut DNS and break workloads outright.
    return {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": DENY_POLICY, "namespace": ns, "labels": {"app.kubernetes.io/managed-by": "ucs"}},
        "spec": {"podSelector": {}, "policyTypes": ["Ingress"]},
    }


class DefaultDenyNetworkPolicy(BaseRemediator):
    """Adds a generated default-deny-ingress NetworkPolicy; applied only in approval or auto mode."""

    check_id = "k8s.namespace.network_policy_present"
    provider = "kubernetes"
    resource_type = "k8s.namespace"
    summary = "Add a default-deny-ingress NetworkPolicy to namespace {name}"

    def read(self, ctx: Context, r: Resource) -> dict[str, Any]:
        _, ns = meta(r)
        pols = ctx.k8s_api(r.account, "NetworkingV1Api").list_namespaced_network_policy(namespace=ns)
        return {"NetworkPolicies": sorted(_get(p, "metadata", "name") for p in (_get(pols, "items") or []))}

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        return {"NetworkPolicies": sorted(set(before["NetworkPolicies"]) | {DENY_POLICY})}

    def is_fixed(self, state: dict[str, Any], after: dict[str, Any]) -> bool:
        return bool(state.get("NetworkPolicies"))

    def refresh(self, ctx: Context, plan: Plan) -> Resource:
        # The collector stores the count of a namespace's policies as the derived _network_policies.
        return self.snapshot(plan, _network_policies=len(self.read(ctx, plan.resource())["NetworkPolicies"]))

    def calls(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        _, ns = meta(r)
        return [
            ApiCall("NetworkingV1Api", "create_namespaced_network_policy", {"namespace": ns, "body": deny_policy(ns)})
        ]

    def undo(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        _, ns = meta(r)  # removes only the policy this plan created
        return [ApiCall("NetworkingV1Api", "delete_namespaced_network_policy", {"name": DENY_POLICY, "namespace": ns})]

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        _, ns = meta(r)
        return "kubectl apply -f - <<'EOF'\n" + yaml.safe_dump(deny_policy(ns), sort_keys=False) + "EOF"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        _, ns = meta(r)
        return (
            f'resource "kubernetes_network_policy_v1" "ucs_fix" {{\n  metadata {{\n    name      = "{DENY_POLICY}"\n'
            f'    namespace = "{ns}"\n  }}\n  spec {{\n    pod_selector {{}}\n    policy_types = ["Ingress"]\n  }}\n}}'
        )


class PsaEnforceLabel(SingleSetting):
    check_id = "k8s.namespace.psa_enforced"
    provider = "kubernetes"
    resource_type = "k8s.namespace"
    summary = "Label namespace {name} with a Pod Security Admission enforce level"
    key, desired = PSA_ENFORCE, None  # the level comes from remediation.psa_enforce_level

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        return {PSA_ENFORCE: ctx.settings.psa_enforce_level}

    def refresh(self, ctx: Context, plan: Plan) -> Resource:
        api = ctx.k8s_api(plan.account, "CoreV1Api")
        return self.snapshot(plan, **as_dict(api, api.read_namespace(name=meta(plan.resource())[1])))

    def read_value(self, ctx: Context, r: Resource) -> Any:
        obj = ctx.k8s_api(r.account, "CoreV1Api").read_namespace(name=meta(r)[1])
        return (_get(obj, "metadata", "labels") or {}).get(PSA_ENFORCE)

    def set_call(self, r: Resource, value: Any) -> ApiCall:
        return ApiCall(
            "CoreV1Api", "patch_namespace", {"name": meta(r)[1], "body": {"metadata": {"labels": {PSA_ENFORCE: value}}}}
        )

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"kubectl label namespace {meta(r)[1]} {PSA_ENFORCE}={after[PSA_ENFORCE]} --overwrite"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f"# in the kubernetes_namespace_v1 resource for {meta(r)[1]}:\nmetadata {{\n  labels = {{\n"
            f'    "{PSA_ENFORCE}" = "{after[PSA_ENFORCE]}"\n  }}\n}}'
        )


REMEDIATORS = [ServiceAccountAutomount(), DefaultDenyNetworkPolicy(), PsaEnforceLabel()]
