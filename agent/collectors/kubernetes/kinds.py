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
    optional: bool = False  # a CRD: not installed (404) means none, not a coverage gap
    api_kind: str = ""  # the kind the API server names it, when two groups share one (Calico's NetworkPolicy)
    listed: bool = True  # False: only ever read from files (a node's KubeletConfiguration)

    @property
    def served_kind(self) -> str:
        return self.api_kind or self.kind

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
    Kind("DeploymentConfig", "deploymentconfigs", "apps.openshift.io", "v1", optional=True),
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
    Kind("PersistentVolume", "persistentvolumes", "", "v1", namespaced=False),
    Kind("StorageClass", "storageclasses", "storage.k8s.io", "v1", namespaced=False),
    Kind("ValidatingWebhookConfiguration", "validatingwebhookconfigurations", "admissionregistration.k8s.io", "v1",
         namespaced=False),
    Kind("MutatingWebhookConfiguration", "mutatingwebhookconfigurations", "admissionregistration.k8s.io", "v1",
         namespaced=False),
    # CNI policy CRDs: a namespace protected by one of them has a network policy.
    Kind("CiliumNetworkPolicy", "ciliumnetworkpolicies", "cilium.io", "v2", optional=True),
    Kind("CiliumClusterwideNetworkPolicy", "ciliumclusterwidenetworkpolicies", "cilium.io", "v2", namespaced=False,
         optional=True),
    Kind("CalicoNetworkPolicy", "networkpolicies", "crd.projectcalico.org", "v1", optional=True, api_kind="NetworkPolicy"),
    Kind("GlobalNetworkPolicy", "globalnetworkpolicies", "crd.projectcalico.org", "v1", namespaced=False, optional=True),
    # Image signature policies: Sigstore policy-controller, Kyverno, Ratify (with Gatekeeper).
    Kind("ClusterImagePolicy", "clusterimagepolicies", "policy.sigstore.dev", "v1beta1", namespaced=False, optional=True),
    Kind("ClusterPolicy", "clusterpolicies", "kyverno.io", "v1", namespaced=False, optional=True),
    Kind("KyvernoPolicy", "policies", "kyverno.io", "v1", optional=True, api_kind="Policy"),
    Kind("Verifier", "verifiers", "config.ratify.deislabs.io", "v1beta1", namespaced=False, optional=True),
    # Read from a node's files only (offline), or through the node's configz (live, see live.py).
    Kind("KubeletConfiguration", "kubeletconfigurations", "kubelet.config.k8s.io", "v1beta1", namespaced=False,
         listed=False),
)
LISTED_KINDS = tuple(k for k in KINDS if k.listed)
BY_KIND = {k.kind: k for k in KINDS}
# Groups whose kinds share a name with a core kind: (api group, served kind) → our kind name.
_BY_GROUP_KIND = {(k.group, k.served_kind): k.kind for k in KINDS if k.api_kind}
_CALICO_V3 = "projectcalico.org"


def kind_key(obj: dict[str, object]) -> str:
    """The kind name an object is filed under: its ``kind``, except where two API groups serve
    the same kind name (Calico's NetworkPolicy is not the Kubernetes one)."""
    kind = str(obj.get("kind") or "")
    group = str(obj.get("apiVersion") or "").rpartition("/")[0]
    if group == _CALICO_V3:
        group = "crd.projectcalico.org"  # the v3 API server and the CRDs hold the same objects
    return _BY_GROUP_KIND.get((group, kind), kind)


WORKLOAD_KINDS = ("Pod", "Deployment", "DaemonSet", "StatefulSet", "ReplicaSet", "Job", "CronJob", "DeploymentConfig")
CONTROLLER_KINDS = frozenset(WORKLOAD_KINDS) - {"Pod"}
RBAC_KINDS = ("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding")

# Derived resources the collector builds from what it read.
SUBJECT_TYPE = "k8s.rbac_subject"
CLUSTER_TYPE = "k8s.cluster"
# Control-plane components, from kube-system static pods (live) or a node's manifests (offline).
CONTROL_PLANE_TYPES = {"kube-apiserver": "k8s.api_server", "kube-controller-manager": "k8s.controller_manager",
                       "kube-scheduler": "k8s.scheduler", "etcd": "k8s.etcd"}
KUBELET_TYPE = "k8s.kubelet_configuration"
NODE_FILES_TYPE = "k8s.node_files"
