"""A failing and a passing manifest set for every Kubernetes check.

``CASES[check_id] = Case(passing=[manifest…], failing=[manifest…], …)``.  Each manifest set is
scanned together with :data:`CONTEXT` (the namespace, its network policy and service account a
well-run workload lives with).  Every resource of the check's types that comes from the case's
own manifests must give PASS (``passing``) or FAIL (``failing``).  A case with ``unreadable``
kinds (or a ``version_error``) also reads the failing manifests as a live scan would when those
could not be read: every such resource must give ERROR.

The conformance fixtures in tests/checks/fixtures/k8s.*.json are generated from these cases by
``python -m tests.kubernetes.make_fixtures``; a test keeps them in step.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

DIGEST = "sha256:" + "ab" * 32
GOOD_IMAGE = f"registry.example.com/shop/web:1.4.2@{DIGEST}"
NS = "shop"
RBAC_API = "rbac.authorization.k8s.io/v1"


def merge(base: Any, patch: Any) -> Any:
    """Deep-merge ``patch`` into a copy of ``base``; a None value removes the key."""
    if not isinstance(base, dict) or not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = copy.deepcopy(base)
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge(out.get(k), v) if isinstance(v, dict) else copy.deepcopy(v)
    return out


def container(**patch: Any) -> dict[str, Any]:
    base = {
        "name": "web",
        "image": GOOD_IMAGE,
        "ports": [{"containerPort": 8080}],
        "env": [{"name": "LOG_LEVEL", "value": "info"}],
        "securityContext": {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True, "runAsNonRoot": True,
                            "capabilities": {"drop": ["ALL"]}},
        "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}},
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
        "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}},
    }
    return merge(base, patch)


def pod_spec(containers: list[dict[str, Any]] | None = None, **patch: Any) -> dict[str, Any]:
    base = {
        "serviceAccountName": "web",
        "automountServiceAccountToken": False,
        "securityContext": {"runAsNonRoot": True, "runAsUser": 10001, "seccompProfile": {"type": "RuntimeDefault"}},
        "containers": containers or [container()],
        "volumes": [{"name": "tmp", "emptyDir": {}}],
    }
    return merge(base, patch)


def deployment(name: str = "web", ns: str = NS, spec: dict[str, Any] | None = None, **tpl_meta: Any) -> dict[str, Any]:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": ns, "labels": {"app": name}},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}, **tpl_meta}, "spec": spec or pod_spec()}}}


def pod(name: str = "debug", ns: str = NS, spec: dict[str, Any] | None = None, **meta: Any) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns, **meta}, "spec": spec or pod_spec()}


def cron_job(name: str = "report", ns: str = NS, spec: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": name, "namespace": ns},
            "spec": {"schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec": spec or pod_spec(restartPolicy="Never")}}}}}


def namespace(name: str, labels: dict[str, str] | None = None) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels or {}}}


def network_policy(ns: str) -> dict[str, Any]:
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "default-deny", "namespace": ns},
            "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}}


def service_account(name: str, ns: str = NS, automount: bool | None = False) -> dict[str, Any]:
    doc: dict[str, Any] = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": ns}}
    if automount is not None:
        doc["automountServiceAccountToken"] = automount
    return doc


def service(name: str, type_: str = "ClusterIP", ports: list[dict[str, Any]] | None = None, **spec: Any) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": NS},
            "spec": {"type": type_, "selector": {"app": "web"}, "ports": ports or [{"port": 443, "targetPort": 8443}], **spec}}


def ingress(name: str, tls: bool) -> dict[str, Any]:
    spec: dict[str, Any] = {"rules": [{"host": "shop.example.com", "http": {"paths": [
        {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 443}}}}]}}]}
    if tls:
        spec["tls"] = [{"hosts": ["shop.example.com"], "secretName": "shop-tls"}]
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": name, "namespace": NS}, "spec": spec}


def cluster_role(name: str, rules: list[dict[str, Any]], labels: dict[str, str] | None = None,
                 aggregate: list[dict[str, str]] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"apiVersion": RBAC_API, "kind": "ClusterRole", "metadata": {"name": name, "labels": labels or {}},
                           "rules": rules}
    if aggregate is not None:
        doc["aggregationRule"] = {"clusterRoleSelectors": [{"matchLabels": m} for m in aggregate]}
    return doc


def role(name: str, rules: list[dict[str, Any]], ns: str = NS) -> dict[str, Any]:
    return {"apiVersion": RBAC_API, "kind": "Role", "metadata": {"name": name, "namespace": ns}, "rules": rules}


def subject(kind: str, name: str, ns: str | None = None) -> dict[str, Any]:
    s = {"kind": kind, "name": name}
    if kind == "ServiceAccount":
        s["namespace"] = ns or NS
    else:
        s["apiGroup"] = "rbac.authorization.k8s.io"
    return s


def cluster_binding(name: str, role_name: str, *subjects: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": RBAC_API, "kind": "ClusterRoleBinding", "metadata": {"name": name},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role_name},
            "subjects": list(subjects)}


def role_binding(name: str, role_kind: str, role_name: str, *subjects: dict[str, Any], ns: str = NS) -> dict[str, Any]:
    return {"apiVersion": RBAC_API, "kind": "RoleBinding", "metadata": {"name": name, "namespace": ns},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": role_kind, "name": role_name},
            "subjects": list(subjects)}


def rule(verbs: list[str], resources: list[str], groups: list[str] | None = None) -> dict[str, Any]:
    return {"apiGroups": groups if groups is not None else [""], "resources": resources, "verbs": verbs}


def grant(name: str, rules: list[dict[str, Any]], who: dict[str, Any]) -> list[dict[str, Any]]:
    """A ClusterRole with ``rules`` bound cluster-wide to ``who``."""
    return [cluster_role(name, rules), cluster_binding(name, name, who)]


CONTEXT: list[dict[str, Any]] = [
    namespace(NS, {"pod-security.kubernetes.io/enforce": "restricted"}),
    network_policy(NS),
    service_account("web"),
]
ALICE = subject("User", "alice@example.com")
MALLORY = subject("User", "mallory@example.com")
# A namespaced reader: what every "who can" check accepts.
READER = [role("pod-reader", [rule(["get", "list", "watch"], ["pods"])]), role_binding("alice-reads", "Role", "pod-reader", ALICE)]
# A system subject holding everything: exempt from the "who can" checks.
SYSTEM_ADMIN = [cluster_role("cluster-admin", [rule(["*"], ["*"], ["*"]), {"nonResourceURLs": ["*"], "verbs": ["*"]}],
                             labels={"kubernetes.io/bootstrapping": "rbac-defaults"}),
                cluster_binding("system-controller", "cluster-admin", subject("User", "system:kube-controller-manager"))]


@dataclass
class Case:
    passing: list[dict[str, Any]]
    failing: list[dict[str, Any]]
    registries_allowed: list[str] = field(default_factory=list)
    server_version: dict[str, dict[str, Any]] | None = None  # {"pass": {...}, "fail": {...}} for k8s.cluster
    unreadable: dict[str, str] = field(default_factory=dict)  # kind -> the error reading it (the "error" fixture)
    version_error: str | None = None  # the server version could not be read (the "error" fixture of k8s.cluster)
    erroring: list[dict[str, Any]] | None = None  # manifests whose own content reads as "could not read" (configz refused)
    node_files: dict[str, dict[str, tuple[int, int]]] | None = None  # {"pass"/"fail": {role: (mode, uid)}}: a node directory
    cloud: dict[str, Any] | None = None  # {"cloud_id": …, "resource": Resource dict}: the cloud collector's view of the cluster

    @property
    def has_error_case(self) -> bool:
        return bool(self.unreadable) or self.version_error is not None or self.erroring is not None


def sc(**patch: Any) -> dict[str, Any]:
    return {"securityContext": patch}


def workload(bad: dict[str, Any] | None = None, pod_patch: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """A deployment and a bare pod whose spec carries the given container / pod-spec patch."""
    spec = pod_spec([container(**(bad or {}))], **(pod_patch or {}))
    return [deployment("web", spec=spec), pod("debug", spec=spec)]


GOOD = [deployment("web"), pod("debug"), cron_job("report")]

CASES: dict[str, Case] = {
    "k8s.pod.no_privileged": Case(GOOD, workload(sc(privileged=True)) + [
        # OpenShift DeploymentConfigs are workloads too.
        {"apiVersion": "apps.openshift.io/v1", "kind": "DeploymentConfig", "metadata": {"name": "legacy", "namespace": NS},
         "spec": {"replicas": 1, "selector": {"app": "legacy"}, "template": {"metadata": {"labels": {"app": "legacy"}},
                                                                            "spec": pod_spec([container(**sc(privileged=True))])}}}]),
    "k8s.pod.no_host_network": Case(GOOD, workload(pod_patch={"hostNetwork": True})),
    "k8s.pod.no_host_pid": Case(GOOD, workload(pod_patch={"hostPID": True})),
    "k8s.pod.no_host_ipc": Case(GOOD, workload(pod_patch={"hostIPC": True})),
    "k8s.pod.no_host_path_volumes": Case(GOOD, workload(pod_patch={"volumes": [{"name": "logs", "hostPath": {"path": "/var/log"}}]})),
    "k8s.pod.no_container_runtime_socket": Case(
        GOOD + [deployment("logs", spec=pod_spec(volumes=[{"name": "l", "hostPath": {"path": "/var/log"}}]))],
        workload(pod_patch={"volumes": [{"name": "sock", "hostPath": {"path": "/var/run/docker.sock"}}]})
        + [deployment("cd", spec=pod_spec(volumes=[{"name": "s", "hostPath": {"path": "/run/containerd/containerd.sock"}}]))]),
    "k8s.pod.no_host_ports": Case(GOOD, workload({"ports": [{"containerPort": 8080, "hostPort": 8080}]})),
    "k8s.pod.baseline_capabilities_only": Case(
        GOOD + [deployment("bind", spec=pod_spec([container(**sc(capabilities={"drop": ["ALL"], "add": ["NET_BIND_SERVICE", "CHOWN"]}))]))],
        workload(sc(capabilities={"add": ["NET_ADMIN"]}))),
    "k8s.pod.no_sys_admin_capability": Case(GOOD, workload(sc(capabilities={"add": ["SYS_ADMIN"]}))
                                            + [deployment("all", spec=pod_spec([container(**sc(capabilities={"add": ["ALL"]}))]))]),
    "k8s.pod.net_raw_dropped": Case(
        GOOD + [deployment("raw", spec=pod_spec([container(**sc(capabilities={"drop": ["NET_RAW"]}))]))],
        workload(sc(capabilities={"drop": None, "add": ["NET_RAW"]}))
        + [deployment("nodrop", spec=pod_spec([container(**sc(capabilities=None))]))]),
    "k8s.pod.all_capabilities_dropped": Case(GOOD, workload(sc(capabilities={"drop": ["NET_RAW"]}))),
    "k8s.pod.no_privilege_escalation": Case(GOOD, workload(sc(allowPrivilegeEscalation=True))
                                            + [deployment("unset", spec=pod_spec([container(**sc(allowPrivilegeEscalation=None))]))]),
    "k8s.pod.run_as_non_root": Case(
        GOOD + [deployment("podlevel", spec=pod_spec([container(**sc(runAsNonRoot=None))]))],
        [deployment("web", spec=pod_spec([container(**sc(runAsNonRoot=None))], securityContext={"runAsNonRoot": None})),
         pod("debug", spec=pod_spec([container(**sc(runAsNonRoot=False))]))]),
    "k8s.pod.no_root_user": Case(GOOD, [deployment("web", spec=pod_spec(securityContext={"runAsUser": 0})),
                                        pod("debug", spec=pod_spec([container(**sc(runAsUser=0))]))]),
    "k8s.pod.seccomp_profile_set": Case(
        GOOD + [deployment("local", spec=pod_spec([container(**sc(seccompProfile={"type": "Localhost", "localhostProfile": "p.json"}))],
                                                  securityContext={"seccompProfile": None}))],
        [deployment("web", spec=pod_spec(securityContext={"seccompProfile": None}))]),
    "k8s.pod.no_unconfined_seccomp": Case(GOOD, workload(sc(seccompProfile={"type": "Unconfined"}))),
    "k8s.pod.no_unconfined_apparmor": Case(
        GOOD, [deployment("web", annotations={"container.apparmor.security.beta.kubernetes.io/web": "unconfined"}),
               pod("debug", spec=pod_spec([container(**sc(appArmorProfile={"type": "Unconfined"}))]))]),
    "k8s.pod.read_only_root_filesystem": Case(GOOD, workload(sc(readOnlyRootFilesystem=False)) + [
        # Init and ephemeral containers count too.
        deployment("init", spec=pod_spec(initContainers=[container(name="migrate", **sc(readOnlyRootFilesystem=None))])),
        pod("dbg", spec=pod_spec(ephemeralContainers=[{"name": "debugger", "image": "busybox:1.36"}]))]),
    "k8s.pod.default_proc_mount": Case(GOOD, workload(sc(procMount="Unmasked"))),
    "k8s.pod.safe_sysctls_only": Case(
        GOOD + [deployment("tuned", spec=pod_spec(securityContext={"sysctls": [{"name": "net.ipv4.tcp_syncookies", "value": "1"}]}))],
        workload(pod_patch={"securityContext": {"sysctls": [{"name": "kernel.msgmax", "value": "65536"}]}})),
    "k8s.pod.no_windows_host_process": Case(GOOD, workload(sc(windowsOptions={"hostProcess": True}))),
    "k8s.pod.restricted_volume_types": Case(GOOD, workload(pod_patch={"volumes": [{"name": "n", "nfs": {"server": "nfs", "path": "/"}}]})),
    "k8s.pod.no_custom_selinux": Case(
        GOOD + [deployment("typed", spec=pod_spec(securityContext={"seLinuxOptions": {"type": "container_t", "level": "s0:c1"}}))],
        workload(sc(seLinuxOptions={"type": "spc_t"})) + [deployment("usr", spec=pod_spec(securityContext={"seLinuxOptions": {"user": "system_u"}}))]),
    "k8s.pod.image_tag_not_latest": Case(
        GOOD + [deployment("tagged", spec=pod_spec([container(image="registry.example.com/shop/web:1.4.2")]))],
        workload({"image": "nginx"}) + [deployment("latest", spec=pod_spec([container(image="registry.example.com:5000/web:latest")]))]),
    "k8s.pod.image_pinned_by_digest": Case(GOOD, workload({"image": "registry.example.com/shop/web:1.4.2"}) + [
        # Malformed digests are not pins: short, upper-case, another algorithm.
        deployment("short", spec=pod_spec([container(image="registry.example.com/shop/web@sha256:abc123")])),
        deployment("upper", spec=pod_spec([container(image="registry.example.com/shop/web@sha256:" + "AB" * 32)])),
        deployment("md5", spec=pod_spec([container(image="registry.example.com/shop/web@md5:" + "ab" * 16)]))]),
    "k8s.pod.image_registry_allowed": Case(
        GOOD + [deployment("mirror", spec=pod_spec([container(image=f"mirror.example.net/hub/nginx@{DIGEST}")]))],
        workload({"image": f"nginx:1.27@{DIGEST}"}) + [deployment("ghcr", spec=pod_spec([container(image=f"ghcr.io/x/y:1@{DIGEST}")]))],
        registries_allowed=["registry.example.com", "mirror.example.net/hub"]),
    "k8s.pod.resource_limits_set": Case(GOOD, workload({"resources": {"limits": {"cpu": None}}})),
    "k8s.pod.resource_requests_set": Case(GOOD, workload({"resources": {"requests": None}})),
    "k8s.pod.liveness_probe_set": Case(GOOD, workload({"livenessProbe": None})),
    "k8s.pod.readiness_probe_set": Case(GOOD, workload({"readinessProbe": None})),
    "k8s.pod.token_automount_needed": Case(
        GOOD + [deployment("operator", spec=pod_spec(serviceAccountName="operator", automountServiceAccountToken=None)),
                role("operator", [rule(["get", "list"], ["configmaps"])]),
                role_binding("operator", "Role", "operator", subject("ServiceAccount", "operator")),
                service_account("operator", automount=None)],
        workload(pod_patch={"automountServiceAccountToken": True})
        + [deployment("quiet", spec=pod_spec(serviceAccountName="quiet", automountServiceAccountToken=None)),
           service_account("quiet", automount=True)],
        unreadable={"ServiceAccount": "403 Forbidden", "RoleBinding": "403 Forbidden"}),
    "k8s.pod.default_service_account_not_used": Case(GOOD, workload(pod_patch={"serviceAccountName": None})),
    "k8s.pod.no_secret_literals_in_env": Case(
        GOOD + [deployment("ref", spec=pod_spec([container(env=[{"name": "DB_PASSWORD", "valueFrom": {
            "secretKeyRef": {"name": "db", "key": "password"}}}])]))],
        workload({"env": [{"name": "DB_PASSWORD", "value": "hunter2-literal"}]})
        + [deployment("api", spec=pod_spec([container(env=[{"name": "STRIPE_API_KEY", "value": "sk_live_literal"}])])),
           # Credentials under innocuous names, recognised in the value (detect-secrets).
           deployment("upload", spec=pod_spec([container(env=[{"name": "S3_ID", "value": "AKIAIOSFODNN7EXAMPLE"}])])),
           deployment("signer", spec=pod_spec([container(env=[{"name": "SIGNING", "value": "-----BEGIN RSA PRIVATE KEY-----\n"
                                                               "MIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n"
                                                               "-----END RSA PRIVATE KEY-----"}])]))]),
    "k8s.pod.secrets_not_in_env": Case(
        GOOD, workload({"env": [{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}]})
        + [deployment("envfrom", spec=pod_spec([container(envFrom=[{"secretRef": {"name": "db"}}])]))]),
    "k8s.pod.not_in_default_namespace": Case(GOOD, [deployment("web", ns="default"), pod("debug", ns="default")]),
    "k8s.namespace.network_policy_present": Case(
        [namespace("payments", {"pod-security.kubernetes.io/enforce": "restricted"}), network_policy("payments"),
         namespace("kube-system"),
         # Protected by CNI policies the Kubernetes NetworkPolicy API does not show.
         namespace("cilium-app"), {"apiVersion": "cilium.io/v2", "kind": "CiliumNetworkPolicy",
                                   "metadata": {"name": "deny", "namespace": "cilium-app"}, "spec": {"endpointSelector": {}, "ingress": [{}]}},
         namespace("calico-app"), {"apiVersion": "projectcalico.org/v3", "kind": "NetworkPolicy",
                                   "metadata": {"name": "deny", "namespace": "calico-app"}, "spec": {"selector": "all()", "types": ["Ingress"]}},
         namespace("cluster-wide"), {"apiVersion": "cilium.io/v2", "kind": "CiliumClusterwideNetworkPolicy",
                                     "metadata": {"name": "cluster-wide"}, "spec": {"endpointSelector": {"matchLabels": {
                                         "k8s:io.kubernetes.pod.namespace": "cluster-wide"}}, "ingress": [{}]}}],
        [namespace("legacy", {"pod-security.kubernetes.io/enforce": "restricted"})],
        unreadable={"NetworkPolicy": "403 Forbidden"}),
    "k8s.namespace.psa_enforced": Case(
        [namespace("payments", {"pod-security.kubernetes.io/enforce": "baseline"}), namespace("kube-system")],
        [namespace("legacy"), namespace("wide-open", {"pod-security.kubernetes.io/enforce": "privileged"})]),
    "k8s.namespace.psa_restricted": Case(
        [namespace("payments", {"pod-security.kubernetes.io/enforce": "restricted"})],
        [namespace("legacy", {"pod-security.kubernetes.io/enforce": "baseline"}), namespace("bare")]),
    "k8s.service.no_exposed_admin_ports": Case(
        [service("web", "LoadBalancer", loadBalancerSourceRanges=["203.0.113.0/24"]), service("db", ports=[{"port": 5432}])],
        [service("ssh", "LoadBalancer", ports=[{"port": 22}]), service("kubelet", "NodePort", ports=[{"port": 443, "targetPort": 10250}])]),
    "k8s.service.load_balancer_source_ranges": Case(
        [service("web", "LoadBalancer", loadBalancerSourceRanges=["203.0.113.0/24"]), service("internal")],
        [service("web", "LoadBalancer"), service("any", "LoadBalancer", loadBalancerSourceRanges=["0.0.0.0/0"])]),
    "k8s.service.no_external_ips": Case([service("web")], [service("web", externalIPs=["198.51.100.7"])]),
    "k8s.service.no_node_port": Case([service("web"), service("lb", "LoadBalancer")], [service("web", "NodePort")]),
    "k8s.ingress.tls_configured": Case(
        [ingress("shop", tls=True)],
        [ingress("shop", tls=False),
         merge(ingress("partial", tls=True), {"spec": {"rules": [{"host": "shop.example.com"}, {"host": "admin.example.com"}]}})]),
    "k8s.rbac.no_wildcard_verbs": Case(
        [cluster_role("viewer", [rule(["get", "list"], ["pods"])]), role("ops", [rule(["get"], ["*"])]), SYSTEM_ADMIN[0]],
        [cluster_role("god", [rule(["*"], ["pods"])]), role("ops", [rule(["get"], ["pods"]), rule(["*"], ["deployments"], ["apps"])])]),
    "k8s.rbac.no_wildcard_resources": Case(
        [cluster_role("viewer", [rule(["get", "list"], ["pods"])]), role("ops", [rule(["*"], ["pods"])]), SYSTEM_ADMIN[0]],
        [cluster_role("reader", [rule(["get"], ["*"])]), role("ops", [rule(["get"], ["*"], ["apps"])])]),
    "k8s.rbac.cluster_admin_restricted": Case(
        [SYSTEM_ADMIN[1], role_binding("view", "ClusterRole", "view", ALICE),
         cluster_binding("kube-system-admin", "cluster-admin", subject("ServiceAccount", "admin", "kube-system"))],
        [cluster_binding("alice-admin", "cluster-admin", ALICE),
         # A User named like a service account is that account's identity, not a system one.
         cluster_binding("ci-as-user", "cluster-admin", subject("User", "system:serviceaccount:shop:ci")),
         role_binding("ci-admin", "ClusterRole", "cluster-admin", subject("ServiceAccount", "ci"))]),
    "k8s.rbac.no_anonymous_bindings": Case(
        [cluster_binding("alice-view", "view", ALICE)],
        [cluster_binding("anon", "view", subject("User", "system:anonymous")),
         role_binding("unauth", "ClusterRole", "view", subject("Group", "system:unauthenticated"))]),
    "k8s.rbac.no_broad_authenticated_bindings": Case(
        [cluster_binding("system:discovery", "system:discovery", subject("Group", "system:authenticated")),
         cluster_binding("alice-view", "view", ALICE)],
        [cluster_binding("everyone-edit", "edit", subject("Group", "system:authenticated")),
         role_binding("all-sa", "ClusterRole", "view", subject("Group", "system:serviceaccounts:shop"))]),
    "k8s.rbac.no_system_masters_binding": Case(
        [cluster_binding("alice-view", "view", ALICE)],
        [cluster_binding("masters", "view", subject("Group", "system:masters"))]),
    # "Who can" checks: one subject per failing manifest set, granted directly or through aggregation.
    "k8s.rbac.no_cluster_wide_secret_read": Case(
        READER + SYSTEM_ADMIN + [role("ns-secrets", [rule(["get", "list"], ["secrets"])]),
                                 role_binding("bob-secrets", "Role", "ns-secrets", subject("User", "bob@example.com"))],
        [cluster_role("secret-reader", [rule(["get", "list", "watch"], ["secrets"])], labels={"example.com/aggregate-to-audit": "true"}),
         cluster_role("audit", [], aggregate=[{"example.com/aggregate-to-audit": "true"}]),
         cluster_binding("mallory-audit", "audit", MALLORY)]),
    "k8s.rbac.no_pod_create": Case(READER + SYSTEM_ADMIN, grant("deployer", [rule(["create"], ["pods"])], MALLORY)),
    "k8s.rbac.no_pod_exec": Case(READER + SYSTEM_ADMIN,
                                 [role("debugger", [rule(["create"], ["pods/exec"])]), role_binding("mallory-debug", "Role", "debugger", MALLORY),
                                  role("attacher", [rule(["get"], ["pods/attach"])]),
                                  role_binding("bob-attach", "Role", "attacher", subject("User", "bob@example.com"))]),
    "k8s.rbac.no_escalate_bind_impersonate": Case(
        READER + SYSTEM_ADMIN, grant("impersonator", [rule(["impersonate"], ["users", "groups"])], MALLORY)
        + grant("binder", [rule(["bind"], ["clusterroles"], ["rbac.authorization.k8s.io"])], subject("ServiceAccount", "ci"))),
    "k8s.rbac.no_pv_create": Case(READER + SYSTEM_ADMIN, grant("storage", [rule(["create"], ["persistentvolumes"])], MALLORY)),
    "k8s.rbac.no_node_proxy": Case(READER + SYSTEM_ADMIN, grant("node-proxy", [rule(["get"], ["nodes/proxy"])], MALLORY)),
    "k8s.rbac.no_csr_approval": Case(READER + SYSTEM_ADMIN, grant("approver", [
        rule(["update"], ["certificatesigningrequests/approval"], ["certificates.k8s.io"])], MALLORY)),
    "k8s.rbac.no_webhook_config_write": Case(READER + SYSTEM_ADMIN, grant("hooks", [
        rule(["patch"], ["mutatingwebhookconfigurations"], ["admissionregistration.k8s.io"])], MALLORY)),
    "k8s.rbac.no_token_create": Case(READER + SYSTEM_ADMIN, grant("tokens", [rule(["create"], ["serviceaccounts/token"])], MALLORY)),
    "k8s.cluster.version_supported": Case([], [], server_version={
        "pass": {"major": "1", "minor": "99", "gitVersion": "v1.99.0"},
        "fail": {"major": "1", "minor": "24", "gitVersion": "v1.24.17-eks-5e0fdde"}},
        version_error="503 Service Unavailable"),
    "k8s.node.kubelet_version_supported": Case(
        [{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-new"}, "status": {"nodeInfo": {"kubeletVersion": "v1.99.1"}}}],
        [{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-old"}, "status": {"nodeInfo": {"kubeletVersion": "v1.23.4"}}}]),
    "k8s.service_account.default_automount_disabled": Case(
        [service_account("default", automount=False), service_account("web-extra", automount=None)],
        [service_account("default", automount=None), service_account("default", ns="payments", automount=True)]),
    "k8s.config_map.no_secret_like_keys": Case(
        [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "web", "namespace": NS}, "data": {"LOG_LEVEL": "info"}}],
        [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "web", "namespace": NS},
          "data": {"DB_PASSWORD": "cm-literal-value", "LOG_LEVEL": "info"}}]),
    "k8s.secret.no_legacy_service_account_tokens": Case(
        [{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db", "namespace": NS}, "type": "Opaque",
          "data": {"password": "c2VjcmV0"}}],
        [{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "ci-token", "namespace": NS, "annotations": {
            "kubernetes.io/service-account.name": "ci"}}, "type": "kubernetes.io/service-account-token"}]),
}

from tests.kubernetes.cases_more import MORE  # noqa: E402  (the helpers above are what it builds with)

CASES.update(MORE)
