"""The Kubernetes kinds the collector reads: API path, scope and the resource type they become."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Kind:
    kind: str
    plural: str
    group: str  # "" for the core group
    version: str
    namespaced: bool = True

    @property
    def resource_type(self) -> str:
        return f"k8s.{snake(self.kind)}"

    @property
    def api_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def list_path(self) -> str:
        """The all-namespaces list path."""
        base = f"/apis/{self.group}/{self.version}" if self.group else f"/api/{self.version}"
        return f"{base}/{self.plural}"

    def namespaced_path(self, namespace: str) -> str:
        base = f"/apis/{self.group}/{self.version}" if self.group else f"/api/{self.version}"
        return f"{base}/namespaces/{namespace}/{self.plural}"


def snake(kind: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", kind).lower()


# Controllers first: a pod is dropped when its controller was read (see normalise.owned_by_collected).
KINDS: tuple[Kind, ...] = (
    Kind("Namespace", "namespaces", "", "v1", namespaced=False),
    Kind("Node", "nodes", "", "v1", namespaced=False),
    Kind("Deployment", "deployments", "apps", "v1"),
    Kind("DaemonSet", "daemonsets", "apps", "v1"),
    Kind("StatefulSet", "statefulsets", "apps", "v1"),
    Kind("ReplicaSet", "replicasets", "apps", "v1"),
    Kind("CronJob", "cronjobs", "batch", "v1"),
    Kind("Job", "jobs", "batch", "v1"),
    Kind("Pod", "pods", "", "v1"),
    Kind("Service", "services", "", "v1"),
    Kind("Ingress", "ingresses", "networking.k8s.io", "v1"),
    Kind("NetworkPolicy", "networkpolicies", "networking.k8s.io", "v1"),
    Kind("ServiceAccount", "serviceaccounts", "", "v1"),
    Kind("Role", "roles", "rbac.authorization.k8s.io", "v1"),
    Kind("ClusterRole", "clusterroles", "rbac.authorization.k8s.io", "v1", namespaced=False),
    Kind("RoleBinding", "rolebindings", "rbac.authorization.k8s.io", "v1"),
    Kind("ClusterRoleBinding", "clusterrolebindings", "rbac.authorization.k8s.io", "v1", namespaced=False),
    Kind("ConfigMap", "configmaps", "", "v1"),
    Kind("Secret", "secrets", "", "v1"),
)
BY_KIND = {k.kind: k for k in KINDS}

WORKLOAD_KINDS = ("Pod", "Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "Job", "CronJob")
CONTROLLER_KINDS = frozenset(WORKLOAD_KINDS) - {"Pod"}
RBAC_KINDS = ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")

# Derived resources the collector builds from what it read.
SUBJECT_TYPE = "k8s.rbac_subject"
CLUSTER_TYPE = "k8s.cluster"
