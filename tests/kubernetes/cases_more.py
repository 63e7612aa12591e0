"""Cases for the attack-surface, cluster-object, control-plane, kubelet and node-file checks.

Same contract as :mod:`tests.kubernetes.cases` (merged into its ``CASES``).  Control-plane cases
are kube-system static pods as kubeadm writes them (``component`` label, the binary and its
flags as the container command); each failing case changes one flag of a hardened component.
Kubelet cases are KubeletConfiguration objects as the collector builds them from configz;
their "error" fixture is configz refused.  Node-file cases are node directories built on disk.
"""

from __future__ import annotations

import copy
from typing import Any

from checks.kubernetes.node_files import FILES as NODE_FILE_SPECS
from tests.kubernetes.cases import (
    GOOD,
    MALLORY,
    NS,
    READER,
    SYSTEM_ADMIN,
    Case,
    cluster_binding,
    cluster_role,
    container,
    deployment,
    grant,
    ingress,
    merge,
    namespace,
    pod,
    pod_spec,
    role,
    role_binding,
    rule,
    sc,
    service,
    service_account,
    subject,
    workload,
)

ADMISSION = "admissionregistration.k8s.io/v1"
EKS_ARN = "arn:aws:eks:eu-west-1:111122223333:cluster/prod"


# ------------------------------------------------------------------------ attack surface: RBAC

def _role_case(rules_bad: list[dict[str, Any]]) -> Case:
    """A role allowing the dangerous rule, bound to nobody, fails; a reader role and the
    built-in cluster-admin pass."""
    return Case([role("pod-reader", [rule(["get", "list"], ["pods"])]), SYSTEM_ADMIN[0],
                 cluster_role("system:controller:x", rules_bad)],
                [role("dormant", rules_bad), cluster_role("dormant-cluster", rules_bad)])


MORE: dict[str, Case] = {
    "k8s.rbac.no_port_forward": Case(READER + SYSTEM_ADMIN, grant("tunnel", [rule(["create"], ["pods/portforward"])], MALLORY)
                                     + [role("pf", [rule(["get"], ["pods/portforward"])]),
                                        role_binding("bob-pf", "Role", "pf", subject("User", "bob@example.com"))]),
    "k8s.rbac.no_critical_object_delete": Case(
        READER + SYSTEM_ADMIN + [role("cleanup", [rule(["delete"], ["pods"])]),
                                 role_binding("alice-cleanup", "Role", "cleanup", subject("User", "carol@example.com"))],
        grant("wrecker", [rule(["delete"], ["namespaces"])], MALLORY)
        + [role("ks", [rule(["delete"], ["secrets"])], ns="kube-system"),
           role_binding("ks", "Role", "ks", subject("User", "bob@example.com"), ns="kube-system")]),
    "k8s.rbac.no_kube_system_workload_create": Case(
        READER + SYSTEM_ADMIN + [role("deployer", [rule(["create"], ["pods"])]),
                                 role_binding("carol-deploy", "Role", "deployer", subject("User", "carol@example.com"))],
        [role("ks-deployer", [rule(["create"], ["daemonsets"], ["apps"])], ns="kube-system"),
         role_binding("ks-deployer", "Role", "ks-deployer", MALLORY, ns="kube-system")]),
    "k8s.rbac.no_ephemeral_container_update": Case(
        READER + SYSTEM_ADMIN, grant("debugger", [rule(["patch"], ["pods/ephemeralcontainers"])], MALLORY)),
    "k8s.rbac.no_kube_system_configmap_write": Case(
        READER + SYSTEM_ADMIN + [role("cm", [rule(["update"], ["configmaps"])]),
                                 role_binding("carol-cm", "Role", "cm", subject("User", "carol@example.com"))],
        [role("dns-editor", [rule(["update", "patch"], ["configmaps"])], ns="kube-system"),
         role_binding("dns-editor", "Role", "dns-editor", MALLORY, ns="kube-system")]),
    "k8s.rbac.no_node_write": Case(READER + SYSTEM_ADMIN, grant("node-labeler", [rule(["patch"], ["nodes"])], MALLORY)),
    "k8s.rbac.role_no_exec_attach": _role_case([rule(["get"], ["pods/attach"])]),
    "k8s.rbac.role_no_port_forward": _role_case([rule(["create"], ["pods/portforward"])]),
    "k8s.rbac.role_no_escalate_bind_impersonate": _role_case([rule(["escalate", "bind"], ["roles"], ["rbac.authorization.k8s.io"])]),
    "k8s.rbac.role_no_webhook_config_write": _role_case([rule(["update"], ["mutatingwebhookconfigurations"],
                                                              ["admissionregistration.k8s.io"])]),
    "k8s.rbac.role_no_csr_approval": _role_case([rule(["update"], ["certificatesigningrequests/approval"], ["certificates.k8s.io"])]),
    "k8s.rbac.role_no_node_proxy": _role_case([rule(["get"], ["nodes/proxy"])]),
    "k8s.rbac.role_no_token_create": _role_case([rule(["create"], ["serviceaccounts/token"])]),
    "k8s.rbac.default_service_account_unbound": Case(
        READER + [role_binding("kube-system-default", "ClusterRole", "view", subject("ServiceAccount", "default", "kube-system"),
                               ns="kube-system"),
                  role_binding("web-view", "Role", "pod-reader", subject("ServiceAccount", "web"))],
        [role_binding("default-view", "Role", "pod-reader", subject("ServiceAccount", "default")),
         cluster_binding("default-edit", "edit", subject("ServiceAccount", "default", "payments"))]),
}

# ------------------------------------------------------------------------ workloads in context

EXPOSED_LB = service("web-lb", "LoadBalancer", loadBalancerSourceRanges=["203.0.113.0/24"], selector={"app": "web"})
EXPOSED_ING = [service("web-internal", selector={"app": "debug"}), merge(ingress("shop", tls=True), {"spec": {"rules": [
    {"host": "shop.example.com", "http": {"paths": [{"path": "/", "pathType": "Prefix",
                                                     "backend": {"service": {"name": "web-internal", "port": {"number": 443}}}}]}}]}})]


def _with_labels(doc: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    if out["kind"] == "Pod":
        out["metadata"]["labels"] = labels
    else:
        out["spec"]["template"]["metadata"]["labels"] = labels
    return out


DEBUG_POD = _with_labels(pod("debug"), {"app": "debug"})
CILIUM = {"apiVersion": "cilium.io/v2", "kind": "CiliumNetworkPolicy", "metadata": {"name": "web", "namespace": "payments"},
          "spec": {"endpointSelector": {"matchLabels": {"app": "web"}}, "ingress": [{"fromEndpoints": [{}]}], "egress": [{}]}}
CALICO_GLOBAL = {"apiVersion": "crd.projectcalico.org/v1", "kind": "GlobalNetworkPolicy", "metadata": {"name": "default-deny"},
                 "spec": {"selector": "all()", "types": ["Ingress", "Egress"]}}
INGRESS_ONLY = {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "web-in", "namespace": "legacy"},
                "spec": {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"]}}
OTHER_APP = {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "db-only", "namespace": "legacy"},
             "spec": {"podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Ingress", "Egress"]}}
GRANTED_SA = [service_account("operator", automount=None), role("operator", [rule(["get", "list"], ["configmaps"])]),
              role_binding("operator", "Role", "operator", subject("ServiceAccount", "operator"))]
IRSA_SA = merge(service_account("uploader", automount=None),
                {"metadata": {"annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/uploader"}}})


def _in(ns: str, doc: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    out["metadata"]["namespace"] = ns
    return out


MORE.update({
    "k8s.pod.ingress_network_policy_applies": Case(
        GOOD + [namespace("payments"), _in("payments", deployment("web")), CILIUM,
                namespace("edge"), _in("edge", deployment("gw")), CALICO_GLOBAL],
        [namespace("legacy"), OTHER_APP, _in("legacy", deployment("web"))],
        unreadable={"NetworkPolicy": "403 Forbidden"}),
    "k8s.pod.egress_network_policy_applies": Case(
        GOOD + [namespace("payments"), _in("payments", deployment("web")), CILIUM],
        [namespace("legacy"), INGRESS_ONLY, _in("legacy", deployment("web"))],
        unreadable={"CiliumNetworkPolicy": "403 Forbidden"}),
    "k8s.pod.exposed_workload_not_privileged": Case(
        GOOD + [EXPOSED_LB, _with_labels(deployment("internal", spec=pod_spec([container(**sc(privileged=True))])), {"app": "batch"})],
        [EXPOSED_LB, deployment("web", spec=pod_spec(hostNetwork=True)),
         *EXPOSED_ING, _with_labels(pod("debug", spec=pod_spec(volumes=[{"name": "h", "hostPath": {"path": "/"}}])), {"app": "debug"})],
        unreadable={"Service": "403 Forbidden"}),
    "k8s.pod.exposed_workload_no_cloud_identity": Case(
        GOOD + [EXPOSED_LB, IRSA_SA, _with_labels(deployment("uploader", spec=pod_spec(serviceAccountName="uploader",
                                                                                    automountServiceAccountToken=None)),
                                                  {"app": "uploader"})],
        [EXPOSED_LB, IRSA_SA, deployment("web", spec=pod_spec(serviceAccountName="uploader", automountServiceAccountToken=None))],
        unreadable={"Ingress": "403 Forbidden"}),
    "k8s.pod.exposed_workload_no_api_grants": Case(
        GOOD + [EXPOSED_LB, *GRANTED_SA, _with_labels(deployment("op", spec=pod_spec(serviceAccountName="operator")), {"app": "web"})],
        [*EXPOSED_ING, *GRANTED_SA, _with_labels(pod("debug", spec=pod_spec(serviceAccountName="operator",
                                                                           automountServiceAccountToken=None)), {"app": "debug"})],
        unreadable={"RoleBinding": "403 Forbidden"}),
    "k8s.pod.exposed_workload_no_credentials": Case(
        GOOD + [EXPOSED_LB, _with_labels(deployment("batch", spec=pod_spec([container(env=[
            {"name": "S3_ID", "value": "AKIAIOSFODNN7EXAMPLE"}])])), {"app": "batch"})],
        [EXPOSED_LB, deployment("web", spec=pod_spec([container(env=[{"name": "S3_ID", "value": "AKIAIOSFODNN7EXAMPLE"}])]))],
        unreadable={"Service": "403 Forbidden"}),
    "k8s.pod.granted_token_not_automounted": Case(
        GOOD + [*GRANTED_SA, deployment("operator", spec=pod_spec(serviceAccountName="operator"))],
        [*GRANTED_SA, deployment("operator", spec=pod_spec(serviceAccountName="operator", automountServiceAccountToken=None)),
         pod("debug", spec=pod_spec(serviceAccountName="operator", automountServiceAccountToken=True))],
        unreadable={"ClusterRoleBinding": "403 Forbidden"}),
    "k8s.pod.no_root_supplemental_groups": Case(
        GOOD + [deployment("groups", spec=pod_spec(securityContext={"supplementalGroups": [2000]}))],
        workload(pod_patch={"securityContext": {"supplementalGroups": [0, 2000]}})),
    "k8s.pod.fs_group_non_root": Case(
        [deployment("web", spec=pod_spec(securityContext={"fsGroup": 2000})),
         deployment("novol", spec=pod_spec(volumes=[]))],
        [deployment("web"), pod("debug", spec=pod_spec(securityContext={"fsGroup": 0}))]),
    "k8s.pod.no_root_group": Case(
        GOOD + [deployment("grp", spec=pod_spec(securityContext={"runAsGroup": 3000}))],
        [deployment("web", spec=pod_spec(securityContext={"runAsGroup": 0})), pod("debug", spec=pod_spec([container(**sc(runAsGroup=0))]))]),
    "k8s.pod.mutable_tag_pulled_always": Case(
        GOOD + [deployment("tagged", spec=pod_spec([container(image="registry.example.com/shop/web:1.4.2", imagePullPolicy="Always")])),
                deployment("latest", spec=pod_spec([container(image="registry.example.com/shop/web")]))],
        [deployment("web", spec=pod_spec([container(image="registry.example.com/shop/web:1.4.2")])),
         pod("debug", spec=pod_spec([container(image="registry.example.com/shop/web:latest", imagePullPolicy="IfNotPresent")]))]),
    "k8s.pod.projected_token_expiry_bounded": Case(
        GOOD + [deployment("vault", spec=pod_spec(volumes=[{"name": "tok", "projected": {"sources": [
            {"serviceAccountToken": {"audience": "vault", "expirationSeconds": 3600, "path": "token"}}]}}]))],
        [deployment("web", spec=pod_spec(volumes=[{"name": "tok", "projected": {"sources": [
            {"serviceAccountToken": {"audience": "vault", "expirationSeconds": 31536000, "path": "token"}}]}}]))]),
    "k8s.pod.no_ephemeral_containers": Case(
        GOOD, [pod("debug", spec=pod_spec(ephemeralContainers=[{"name": "debugger-x1", "image": "busybox:1.36",
                                                                "targetContainerName": "web"}]))]),
})

# ------------------------------------------------------------------------ cluster-wide objects

def webhook_config(kind: str, name: str, **hook: Any) -> dict[str, Any]:
    base = {"name": f"{name}.example.com", "admissionReviewVersions": ["v1"], "sideEffects": "None", "failurePolicy": "Fail",
            "clientConfig": {"service": {"name": name, "namespace": "policy", "path": "/validate"}, "caBundle": "Y2E="},
            "rules": [{"apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE"], "resources": ["pods"]}],
            "namespaceSelector": {"matchExpressions": [{"key": "kubernetes.io/metadata.name", "operator": "NotIn",
                                                         "values": ["kube-system"]}]}}
    return {"apiVersion": ADMISSION, "kind": kind, "metadata": {"name": name}, "webhooks": [merge(base, hook)]}


def storage_class(name: str, provisioner: str, **parameters: str) -> dict[str, Any]:
    return {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": name}, "provisioner": provisioner,
            "parameters": parameters, "reclaimPolicy": "Delete", "volumeBindingMode": "WaitForFirstConsumer"}


def config_map(name: str, ns: str = NS, **data: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": ns}, "data": data}


V, M = "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration"
COREFILE = ".:53 {\n    errors\n    health\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n    }\n" \
           "    forward . /etc/resolv.conf\n    cache 30\n}\n"
PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n" \
              "-----END RSA PRIVATE KEY-----\n"
MORE.update({
    "k8s.webhook.fails_closed": Case([webhook_config(V, "policy")], [webhook_config(V, "policy", failurePolicy="Ignore")]),
    "k8s.webhook.mutating_excludes_system_namespaces": Case(
        [webhook_config(M, "inject"), webhook_config(M, "scoped", namespaceSelector={"matchLabels": {"team": "shop"}})],
        [webhook_config(M, "inject", namespaceSelector=None)]),
    "k8s.webhook.client_config_verified": Case(
        [webhook_config(V, "policy"), webhook_config(M, "remote", clientConfig={"url": "https://hooks.example.com/m", "caBundle": "Y2E="})],
        [webhook_config(V, "plain", clientConfig={"service": None, "caBundle": None, "url": "http://hooks.example.com/v"}),
         webhook_config(M, "noca", clientConfig={"service": None, "caBundle": None, "url": "https://hooks.example.com/m"})]),
    "k8s.storage_class.encrypted": Case(
        [storage_class("gp3", "ebs.csi.aws.com", type="gp3", encrypted="true"), storage_class("managed", "disk.csi.azure.com")],
        [storage_class("gp2", "kubernetes.io/aws-ebs", type="gp2"), storage_class("gp3", "ebs.csi.aws.com", encrypted="false")]),
    "k8s.storage_class.customer_managed_key": Case(
        [storage_class("gp3", "ebs.csi.aws.com", encrypted="true", kmsKeyId="arn:aws:kms:eu-west-1:111122223333:key/abc"),
         storage_class("pd", "pd.csi.storage.gke.io", **{"disk-encryption-kms-key": "projects/p/locations/l/keyRings/r/cryptoKeys/k"})],
        [storage_class("gp3", "ebs.csi.aws.com", encrypted="true"), storage_class("managed", "disk.csi.azure.com", skuName="Premium_LRS")]),
    "k8s.persistent_volume.no_host_path": Case(
        [{"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "data"}, "spec": {
            "capacity": {"storage": "10Gi"}, "accessModes": ["ReadWriteOnce"], "csi": {"driver": "ebs.csi.aws.com", "volumeHandle": "vol-1"}}}],
        [{"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "node-root"}, "spec": {
            "capacity": {"storage": "10Gi"}, "accessModes": ["ReadWriteOnce"], "hostPath": {"path": "/"}}}]),
    "k8s.kube_proxy.metrics_bound_to_localhost": Case(
        [config_map("kube-proxy", "kube-system", **{"config.conf": "apiVersion: kubeproxy.config.k8s.io/v1alpha1\n"
                                                                   "kind: KubeProxyConfiguration\nmetricsBindAddress: \"\"\nmode: iptables\n"})],
        [config_map("kube-proxy", "kube-system", **{"config.conf": "apiVersion: kubeproxy.config.k8s.io/v1alpha1\n"
                                                                   "kind: KubeProxyConfiguration\nmetricsBindAddress: 0.0.0.0:10249\n"})]),
    "k8s.persistent_volume.encrypted": Case(
        [storage_class("gp3", "ebs.csi.aws.com", encrypted="true"),
         {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "data"}, "spec": {
             "storageClassName": "gp3", "capacity": {"storage": "10Gi"}, "csi": {"driver": "ebs.csi.aws.com", "volumeHandle": "vol-1"}}},
         {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "nfs"}, "spec": {
             "capacity": {"storage": "1Ti"}, "nfs": {"server": "nfs.example.com", "path": "/"}}}],
        [storage_class("gp2", "kubernetes.io/aws-ebs", type="gp2"),
         {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "legacy"}, "spec": {
             "storageClassName": "gp2", "capacity": {"storage": "10Gi"}, "awsElasticBlockStore": {"volumeID": "vol-2"}}}],
        unreadable={"StorageClass": "403 Forbidden"}),
    "k8s.cluster.public_api_no_anonymous_grants": Case(
        [cluster_binding("public-info", "system:public-info-viewer", subject("Group", "system:unauthenticated")),
         cluster_binding("alice-view", "view", subject("User", "alice@example.com"))],
        [cluster_binding("anon-view", "view", subject("User", "system:anonymous"))],
        server_version={w: {"major": "1", "minor": "33", "gitVersion": "v1.33.5-eks-3025e55"} for w in ("pass", "fail", "error")},
        unreadable={"ClusterRoleBinding": "403 Forbidden"},
        cloud={"cloud_id": EKS_ARN, "resource": {
            "provider": "aws", "account": "111122223333", "region": "eu-west-1", "type": "aws.eks.cluster", "id": EKS_ARN,
            "name": "prod", "tags": {}, "data": {"name": "prod", "arn": EKS_ARN, "resourcesVpcConfig": {
                "endpointPublicAccess": True, "endpointPrivateAccess": False, "publicAccessCidrs": ["0.0.0.0/0"]}}}}),
    "k8s.cluster.image_signature_policy": Case(
        [{"apiVersion": "policy.sigstore.dev/v1beta1", "kind": "ClusterImagePolicy", "metadata": {"name": "signed"},
          "spec": {"images": [{"glob": "registry.example.com/**"}], "authorities": [{"keyless": {"url": "https://fulcio.sigstore.dev"}}]}}],
        [{"apiVersion": "kyverno.io/v1", "kind": "ClusterPolicy", "metadata": {"name": "labels"},
          "spec": {"rules": [{"name": "need-team", "validate": {"pattern": {"metadata": {"labels": {"team": "?*"}}}}}]}}],
        server_version={w: {"major": "1", "minor": "36", "gitVersion": "v1.36.1"} for w in ("pass", "fail", "error")},
        unreadable={"ClusterImagePolicy": "403 Forbidden"}),
    "k8s.coredns.not_tampered": Case(
        [config_map("coredns", "kube-system", Corefile=COREFILE), config_map("web", LOG_LEVEL="info")],
        [config_map("coredns", "kube-system", Corefile=COREFILE.replace("    cache 30\n",
                                                                        "    rewrite name vault.shop.svc.cluster.local evil.attacker.svc.cluster.local\n"
                                                                        "    cache 30\n"))]),
    "k8s.ingress_nginx.snippets_disabled": Case(
        [config_map("ingress-nginx-controller", "ingress-nginx", **{"allow-snippet-annotations": "false"}), config_map("web", LOG_LEVEL="x")],
        [config_map("ingress-nginx-controller", "ingress-nginx", **{"allow-snippet-annotations": "true"})]),
    "k8s.ingress.no_snippet_annotations": Case(
        [ingress("shop", tls=True)],
        [merge(ingress("shop", tls=True), {"metadata": {"annotations": {
            "nginx.ingress.kubernetes.io/configuration-snippet": "more_set_headers 'X: y';"}}})]),
    "k8s.config_map.no_credentials_in_values": Case(
        [config_map("web", LOG_LEVEL="info", DATABASE_URL="postgres://db.shop.svc:5432/shop")],
        [config_map("deploy", settings="region=eu-west-1", tls_key=PRIVATE_KEY),
         config_map("legacy", NOTES="aws id AKIAIOSFODNN7EXAMPLE for uploads")]),
    "k8s.service.no_ssh_port": Case([service("web"), service("db", ports=[{"port": 5432}])],
                                    [service("ssh", ports=[{"port": 22, "name": "ssh"}]),
                                     service("alt", "LoadBalancer", ports=[{"port": 2022, "targetPort": 22}])]),
})

# ------------------------------------------------------------------------ control plane

def static_pod(component: str, flags: dict[str, str | None]) -> dict[str, Any]:
    """A kubeadm static pod in kube-system for ``component`` with these flags (None: left out)."""
    command = [component] + [f"--{k}={v}" for k, v in flags.items() if v is not None]
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": f"{component}-cp-1", "namespace": "kube-system",
                         "labels": {"component": component, "tier": "control-plane"},
                         "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": "cp-1", "controller": True}]},
            "spec": {"nodeName": "cp-1", "hostNetwork": True, "priorityClassName": "system-node-critical",
                     "containers": [{"name": component, "image": f"registry.k8s.io/{component}:v1.36.1", "command": command}]}}


PKI = "/etc/kubernetes/pki"
APISERVER = {
    "advertise-address": "10.0.0.10", "allow-privileged": "true", "anonymous-auth": "false", "authorization-mode": "Node,RBAC",
    "client-ca-file": f"{PKI}/ca.crt", "enable-admission-plugins": "NodeRestriction,EventRateLimit,AlwaysPullImages,DenyServiceExternalIPs",
    "admission-control-config-file": "/etc/kubernetes/admission.yaml", "etcd-cafile": f"{PKI}/etcd/ca.crt",
    "etcd-certfile": f"{PKI}/apiserver-etcd-client.crt", "etcd-keyfile": f"{PKI}/apiserver-etcd-client.key",
    "etcd-servers": "https://127.0.0.1:2379", "kubelet-client-certificate": f"{PKI}/apiserver-kubelet-client.crt",
    "kubelet-client-key": f"{PKI}/apiserver-kubelet-client.key", "kubelet-certificate-authority": f"{PKI}/ca.crt",
    "profiling": "false", "audit-log-path": "/var/log/kubernetes/audit/audit.log", "audit-log-maxage": "30",
    "audit-log-maxbackup": "10", "audit-log-maxsize": "100", "audit-policy-file": "/etc/kubernetes/audit-policy.yaml",
    "service-account-key-file": f"{PKI}/sa.pub", "service-account-signing-key-file": f"{PKI}/sa.key",
    "service-account-issuer": "https://kubernetes.default.svc.cluster.local", "service-account-lookup": "true",
    "tls-cert-file": f"{PKI}/apiserver.crt", "tls-private-key-file": f"{PKI}/apiserver.key",
    "encryption-provider-config": "/etc/kubernetes/encryption.yaml",
    "tls-cipher-suites": "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
}
CONTROLLER_MANAGER = {
    "bind-address": "127.0.0.1", "profiling": "false", "use-service-account-credentials": "true",
    "service-account-private-key-file": f"{PKI}/sa.key", "root-ca-file": f"{PKI}/ca.crt", "terminated-pod-gc-threshold": "10",
    "kubeconfig": "/etc/kubernetes/controller-manager.conf", "feature-gates": "RotateKubeletServerCertificate=true",
}
SCHEDULER = {"bind-address": "127.0.0.1", "profiling": "false", "kubeconfig": "/etc/kubernetes/scheduler.conf"}
ETCD = {
    "cert-file": f"{PKI}/etcd/server.crt", "key-file": f"{PKI}/etcd/server.key", "client-cert-auth": "true",
    "peer-cert-file": f"{PKI}/etcd/peer.crt", "peer-key-file": f"{PKI}/etcd/peer.key", "peer-client-cert-auth": "true",
    "trusted-ca-file": f"{PKI}/etcd/ca.crt", "peer-trusted-ca-file": f"{PKI}/etcd/ca.crt", "data-dir": "/var/lib/etcd",
}
COMPONENTS = {"apiserver": ("kube-apiserver", APISERVER), "controller_manager": ("kube-controller-manager", CONTROLLER_MANAGER),
              "scheduler": ("kube-scheduler", SCHEDULER), "etcd": ("etcd", ETCD)}
# check (without "k8s.control_plane.") → the flag changes that break it (None removes a flag).
FLAG_FAILURES: dict[str, list[dict[str, str | None]]] = {
    "apiserver_anonymous_auth_disabled": [{"anonymous-auth": None}, {"anonymous-auth": "true"}],
    "apiserver_no_token_auth_file": [{"token-auth-file": "/etc/kubernetes/tokens.csv"}],
    "apiserver_deny_service_external_ips": [{"enable-admission-plugins": "NodeRestriction"}],
    "apiserver_kubelet_client_certificate": [{"kubelet-client-key": None}],
    "apiserver_kubelet_certificate_authority": [{"kubelet-certificate-authority": None}],
    "apiserver_authorization_not_always_allow": [{"authorization-mode": None}, {"authorization-mode": "AlwaysAllow,RBAC"}],
    "apiserver_authorization_node": [{"authorization-mode": "RBAC"}],
    "apiserver_authorization_rbac": [{"authorization-mode": "Node,Webhook"}],
    "apiserver_event_rate_limit": [{"enable-admission-plugins": "NodeRestriction"}],
    "apiserver_no_always_admit": [{"enable-admission-plugins": "NodeRestriction,AlwaysAdmit"}],
    "apiserver_always_pull_images": [{"enable-admission-plugins": "NodeRestriction"}],
    "apiserver_service_account_plugin": [{"disable-admission-plugins": "ServiceAccount"}],
    "apiserver_namespace_lifecycle_plugin": [{"disable-admission-plugins": "PodNodeSelector,NamespaceLifecycle"}],
    "apiserver_node_restriction_plugin": [{"enable-admission-plugins": "EventRateLimit"}],
    "apiserver_profiling_disabled": [{"profiling": None}],
    "apiserver_audit_log_path": [{"audit-log-path": None}],
    "apiserver_audit_log_maxage": [{"audit-log-maxage": "7"}, {"audit-log-maxage": None}],
    "apiserver_audit_log_maxbackup": [{"audit-log-maxbackup": "3"}],
    "apiserver_audit_log_maxsize": [{"audit-log-maxsize": "10"}],
    "apiserver_service_account_lookup": [{"service-account-lookup": "false"}],
    "apiserver_service_account_key_file": [{"service-account-key-file": None}],
    "apiserver_etcd_client_certificate": [{"etcd-certfile": None}],
    "apiserver_tls_certificate": [{"tls-private-key-file": None}],
    "apiserver_client_ca_file": [{"client-ca-file": None}],
    "apiserver_etcd_ca_file": [{"etcd-cafile": None}],
    "apiserver_encryption_provider_config": [{"encryption-provider-config": None}],
    "apiserver_strong_tls_ciphers": [{"tls-cipher-suites": "TLS_RSA_WITH_RC4_128_SHA,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"}],
    "apiserver_audit_policy_file": [{"audit-policy-file": None}],
    "controller_manager_terminated_pod_gc_threshold": [{"terminated-pod-gc-threshold": None}],
    "controller_manager_profiling_disabled": [{"profiling": "true"}],
    "controller_manager_service_account_credentials": [{"use-service-account-credentials": None}],
    "controller_manager_service_account_private_key": [{"service-account-private-key-file": None}],
    "controller_manager_root_ca_file": [{"root-ca-file": None}],
    "controller_manager_rotate_kubelet_server_certificate": [{"feature-gates": "RotateKubeletServerCertificate=false"}],
    "controller_manager_bind_address_localhost": [{"bind-address": "0.0.0.0"}, {"bind-address": None}],
    "scheduler_profiling_disabled": [{"profiling": None}],
    "scheduler_bind_address_localhost": [{"bind-address": "0.0.0.0"}],
    "etcd_tls_certificate": [{"key-file": None}],
    "etcd_client_cert_auth": [{"client-cert-auth": None}],
    "etcd_no_auto_tls": [{"auto-tls": "true"}],
    "etcd_peer_tls_certificate": [{"peer-cert-file": None}],
    "etcd_peer_client_cert_auth": [{"peer-client-cert-auth": "false"}],
    "etcd_no_peer_auto_tls": [{"peer-auto-tls": "true"}],
    "etcd_trusted_ca_file": [{"trusted-ca-file": None}],
}


def _component_case(check: str, breaks: list[dict[str, str | None]]) -> Case:
    key = next(k for k in COMPONENTS if check.startswith(k + "_"))
    binary, good = COMPONENTS[key]
    failing = []
    for i, change in enumerate(breaks):
        p = static_pod(binary, {**good, **change})
        p["metadata"]["name"] = f"{binary}-cp-{i + 1}"
        p["spec"]["nodeName"] = f"cp-{i + 1}"
        failing.append(p)
    return Case([static_pod(binary, good)], failing)


for _check, _breaks in FLAG_FAILURES.items():
    MORE[f"k8s.control_plane.{_check}"] = _component_case(_check, _breaks)

# ------------------------------------------------------------------------ kubelet

KUBELET_GOOD: dict[str, Any] = {
    "authentication": {"anonymous": {"enabled": False}, "webhook": {"enabled": True}, "x509": {"clientCAFile": f"{PKI}/ca.crt"}},
    "authorization": {"mode": "Webhook"}, "readOnlyPort": 0, "streamingConnectionIdleTimeout": "5m0s", "makeIPTablesUtilChains": True,
    "eventRecordQPS": 50, "tlsCertFile": "/var/lib/kubelet/pki/kubelet.crt", "tlsPrivateKeyFile": "/var/lib/kubelet/pki/kubelet.key",
    "rotateCertificates": True, "featureGates": {"RotateKubeletServerCertificate": True},
    "tlsCipherSuites": ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"],
    "podPidsLimit": 4096, "protectKernelDefaults": True, "seccompDefault": True,
}


def kubelet_doc(node: str, config: dict[str, Any] | None = None, error: str | None = None) -> dict[str, Any]:
    """A KubeletConfiguration as the collector builds it from /api/v1/nodes/NODE/proxy/configz."""
    doc: dict[str, Any] = {"apiVersion": "kubelet.config.k8s.io/v1beta1", "kind": "KubeletConfiguration",
                           "metadata": {"name": node}, "source": f"/api/v1/nodes/{node}/proxy/configz"}
    if error is not None:
        doc["_error"] = error
    else:
        doc["config"] = config
    return doc


REFUSED = ('HTTP 403 Forbidden: nodes "node-1" is forbidden: User "system:serviceaccount:ucs:scanner" cannot get resource '
           '"nodes/proxy" (reading configz needs RBAC get on nodes/proxy)')
KUBELET_FAILURES: dict[str, list[dict[str, Any]]] = {
    "anonymous_auth_disabled": [{"authentication": {"anonymous": {"enabled": True}}}],
    "authorization_not_always_allow": [{"authorization": {"mode": "AlwaysAllow"}}],
    "client_ca_file": [{"authentication": {"x509": {"clientCAFile": ""}}}],
    "read_only_port_disabled": [{"readOnlyPort": 10255}],
    "streaming_idle_timeout": [{"streamingConnectionIdleTimeout": "0s"}],
    "iptables_util_chains": [{"makeIPTablesUtilChains": False}],
    "event_record_qps": [{"eventRecordQPS": 1}],
    "tls_certificate": [{"tlsPrivateKeyFile": None}],
    "rotate_certificates": [{"rotateCertificates": False}],
    "rotate_server_certificate": [{"featureGates": {"RotateKubeletServerCertificate": False}}],
    "strong_tls_ciphers": [{"tlsCipherSuites": ["TLS_RSA_WITH_3DES_EDE_CBC_SHA"]}, {"tlsCipherSuites": None}],
    "pod_pids_limit": [{"podPidsLimit": None}],
    "protect_kernel_defaults": [{"protectKernelDefaults": None}],
    "seccomp_default": [{"seccompDefault": False}],
    "webhook_authentication": [{"authentication": {"webhook": {"enabled": False}}}],
}
for _check, _breaks in KUBELET_FAILURES.items():
    MORE[f"k8s.kubelet.{_check}"] = Case(
        [kubelet_doc("node-1", KUBELET_GOOD)],
        [kubelet_doc(f"node-{i + 2}", merge(KUBELET_GOOD, b)) for i, b in enumerate(_breaks)],
        erroring=[kubelet_doc("node-1", error=REFUSED)])

# ------------------------------------------------------------------------ node files

NODE_GOOD: dict[str, tuple[int, int]] = {
    "apiserver_manifest": (0o600, 0), "controller_manager_manifest": (0o600, 0), "scheduler_manifest": (0o600, 0),
    "etcd_manifest": (0o600, 0), "etcd_data_dir": (0o700, 0), "admin_conf": (0o600, 0), "scheduler_conf": (0o600, 0),
    "controller_manager_conf": (0o600, 0), "pki_dir": (0o755, 0), "ca.crt": (0o600, 0), "ca.key": (0o600, 0),
    "kubelet_service": (0o600, 0), "kube_proxy_kubeconfig": (0o600, 0), "kubelet_conf": (0o600, 0), "kubelet_config": (0o600, 0),
}
# check stem → the role whose file it reads (node_files.FILES).
NODE_ROLES = {"apiserver_manifest": "apiserver_manifest", "controller_manager_manifest": "controller_manager_manifest",
              "scheduler_manifest": "scheduler_manifest", "etcd_manifest": "etcd_manifest", "etcd_data_dir": "etcd_data_dir",
              "admin_conf": "admin_conf", "super_admin_conf": "super_admin_conf", "scheduler_conf": "scheduler_conf",
              "controller_manager_conf": "controller_manager_conf", "pki_certificates": "ca.crt", "pki_keys": "ca.key",
              "pki": "ca.key", "kubelet_service": "kubelet_service", "proxy_kubeconfig": "kube_proxy_kubeconfig",
              "kubelet_kubeconfig": "kubelet_conf", "kubelet_ca": "ca.crt", "kubelet_config": "kubelet_config"}
_NODE_CHECKS = [(stem, "permissions") for stem, _r, _e, _j, mode_id, _o, _l in NODE_FILE_SPECS if mode_id] + [
    ("pki" if stem == "pki_certificates" else stem, "ownership") for stem, _r, _e, _j, _m, owner_id, _l in NODE_FILE_SPECS
    if owner_id and stem != "pki_keys"]
for _stem, _what in _NODE_CHECKS:
    _role = NODE_ROLES[_stem]
    _good = dict(NODE_GOOD)
    if _stem == "super_admin_conf":
        _good["super_admin_conf"] = (0o600, 0)
    _bad = dict(_good)
    mode, uid = _bad[_role]
    _bad[_role] = (0o644 if _what == "permissions" else mode, 1000 if _what == "ownership" else uid)
    MORE[f"k8s.node_files.{_stem}_{_what}"] = Case([], [], node_files={"pass": _good, "fail": _bad})

