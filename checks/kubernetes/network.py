"""Namespaces (network policies, Pod Security Admission), Services and Ingresses."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity, is_unreadable, unreadable_reason
from checks import check
from checks.kubernetes.podspec import CIS, NSA, texts

# Namespaces Kubernetes itself runs in; their pods are the control plane's own.
SYSTEM_NAMESPACES = frozenset({"kube-system", "kube-public", "kube-node-lease"})
PSA_ENFORCE = "pod-security.kubernetes.io/enforce"
ADMIN_PORTS = {22: "ssh", 23: "telnet", 2375: "docker", 2376: "docker-tls", 2379: "etcd", 2380: "etcd-peer",
               3306: "mysql", 3389: "rdp", 5432: "postgresql", 5900: "vnc", 5984: "couchdb", 6379: "redis",
               6443: "kube-apiserver", 8080: "http-admin", 9200: "elasticsearch", 10250: "kubelet",
               10255: "kubelet-ro", 11211: "memcached", 27017: "mongodb"}
EXPOSED_TYPES = ("LoadBalancer", "NodePort")


def _system_namespace(r: Resource) -> bool:
    return r.name in SYSTEM_NAMESPACES


@check(id="k8s.namespace.network_policy_present", resource_types=("k8s.namespace",), severity=Severity.MEDIUM,
       title=texts("Namespaces have a NetworkPolicy", "名前空間に NetworkPolicy が定義されている"),
       description=texts("Without any NetworkPolicy every pod in the namespace accepts traffic from every pod in the cluster.",
                          "NetworkPolicy が 1 つもないと、名前空間内のすべての Pod がクラスタ内のあらゆる Pod からの通信を受け付けます。"),
       remediation=texts("Add a default-deny NetworkPolicy to the namespace, then allow the flows it needs.",
                          "名前空間に既定で拒否する NetworkPolicy を追加し、必要な通信だけを許可してください。"),
       frameworks={CIS: ["5.3.2"], NSA: ["network.network-policies"]})
def network_policy_present(r: Resource) -> Result:
    if _system_namespace(r):
        return Result.ok("system namespace, not assessed")
    count = r.data.get("_network_policies")
    if is_unreadable(count):
        return Result.error(unreadable_reason(count))
    return Result.ok(f"{count} network policies") if count else Result.fail("no NetworkPolicy in this namespace")


def _psa_level(r: Resource) -> str | None:
    return ((r.data.get("metadata") or {}).get("labels") or {}).get(PSA_ENFORCE)


@check(id="k8s.namespace.psa_enforced", resource_types=("k8s.namespace",), severity=Severity.MEDIUM,
       title=texts("Namespaces enforce a Pod Security Standard", "名前空間で Pod Security Standard を強制している"),
       description=texts("Pod Security Admission only blocks unsafe pods in namespaces labelled pod-security.kubernetes.io/enforce=baseline or restricted.",
                          "Pod Security Admission が危険な Pod を拒否するのは、pod-security.kubernetes.io/enforce=baseline または restricted のラベルがある名前空間だけです。"),
       remediation=texts("Label the namespace: kubectl label ns NAME pod-security.kubernetes.io/enforce=baseline (or restricted).",
                          "名前空間にラベルを付けてください: kubectl label ns NAME pod-security.kubernetes.io/enforce=baseline（または restricted）"),
       frameworks={CIS: ["5.2.1"], NSA: ["pod-security.enforcement"]})
def psa_enforced(r: Resource) -> Result:
    if _system_namespace(r):
        return Result.ok("system namespace, not assessed")
    level = _psa_level(r)
    if level in ("baseline", "restricted"):
        return Result.ok(f"enforce={level}")
    return Result.fail(f"enforce={level}" if level else "no pod-security.kubernetes.io/enforce label", level=level)


@check(id="k8s.namespace.psa_restricted", resource_types=("k8s.namespace",), severity=Severity.LOW,
       title=texts("Namespaces enforce the restricted Pod Security Standard", "名前空間で restricted の Pod Security Standard を強制している"),
       description=texts("The restricted standard adds non-root, seccomp and dropped capabilities to the baseline.",
                          "restricted 標準は baseline に加えて非 root 実行、seccomp、ケーパビリティの削除を求めます。"),
       remediation=texts("Label the namespace pod-security.kubernetes.io/enforce=restricted once its workloads comply.",
                          "ワークロードが準拠したら、名前空間に pod-security.kubernetes.io/enforce=restricted のラベルを付けてください。"),
       frameworks={CIS: ["5.2.1"], NSA: ["pod-security.enforcement"]})
def psa_restricted(r: Resource) -> Result:
    if _system_namespace(r):
        return Result.ok("system namespace, not assessed")
    level = _psa_level(r)
    return Result.ok() if level == "restricted" else Result.fail(f"enforce={level or '(none)'}", level=level)


def _spec(r: Resource) -> dict[str, Any]:
    return r.data.get("spec") or {}


@check(id="k8s.service.no_exposed_admin_ports", resource_types=("k8s.service",), severity=Severity.HIGH,
       title=texts("Services do not expose administrative ports outside the cluster",
                    "Service が管理用ポートをクラスタ外に公開していない"),
       description=texts("A LoadBalancer or NodePort Service on an administrative port (SSH, RDP, databases, kubelet, etcd, Docker) exposes it beyond the cluster.",
                          "LoadBalancer や NodePort の Service で管理用ポート（SSH、RDP、データベース、kubelet、etcd、Docker）を公開すると、クラスタ外から到達可能になります。"),
       remediation=texts("Use a ClusterIP Service and reach the port through a bastion, VPN or kubectl port-forward.",
                          "ClusterIP の Service にし、踏み台や VPN、kubectl port-forward 経由でアクセスしてください。"),
       frameworks={NSA: ["network.network-policies"]})
def no_exposed_admin_ports(r: Resource) -> Result:
    spec = _spec(r)
    if spec.get("type") not in EXPOSED_TYPES:
        return Result.ok()
    bad = []
    for p in spec.get("ports") or ():
        port = next((x for x in (p.get("port"), p.get("targetPort")) if x in ADMIN_PORTS), None)
        if port is not None:
            bad.append(f"{port}/{ADMIN_PORTS[port]}")
    bad = sorted(set(bad))
    return Result.fail(f"{spec.get('type')} exposes {', '.join(bad)}", ports=bad) if bad else Result.ok()


@check(id="k8s.service.load_balancer_source_ranges", resource_types=("k8s.service",), severity=Severity.MEDIUM,
       title=texts("LoadBalancer Services restrict source ranges", "LoadBalancer の Service で接続元を制限している"),
       description=texts("A LoadBalancer Service without loadBalancerSourceRanges is reachable from the whole internet on a public load balancer.",
                          "loadBalancerSourceRanges のない LoadBalancer の Service は、公開ロードバランサーではインターネット全体から到達できます。"),
       remediation=texts("Set spec.loadBalancerSourceRanges to the networks that need access, or use an internal load balancer.",
                          "spec.loadBalancerSourceRanges にアクセスが必要なネットワークを設定するか、内部ロードバランサーを使ってください。"),
       frameworks={NSA: ["network.network-policies"]})
def lb_source_ranges(r: Resource) -> Result:
    spec = _spec(r)
    if spec.get("type") != "LoadBalancer":
        return Result.ok()
    ranges = spec.get("loadBalancerSourceRanges") or []
    if not ranges or any(x in ("0.0.0.0/0", "::/0") for x in ranges):
        return Result.fail("reachable from any address", ranges=ranges)
    return Result.ok()


@check(id="k8s.service.no_external_ips", resource_types=("k8s.service",), severity=Severity.MEDIUM,
       title=texts("Services do not set externalIPs", "Service が externalIPs を設定していない"),
       description=texts("Whoever can set externalIPs can intercept traffic to those addresses cluster-wide (CVE-2020-8554).",
                          "externalIPs を設定できる者は、その宛先への通信をクラスタ全体で横取りできます（CVE-2020-8554）。"),
       remediation=texts("Remove spec.externalIPs and block it with an admission policy.",
                          "spec.externalIPs を削除し、アドミッションポリシーで禁止してください。"),
       frameworks={NSA: ["network.network-policies"]})
def no_external_ips(r: Resource) -> Result:
    ips = _spec(r).get("externalIPs") or []
    return Result.fail(f"externalIPs: {', '.join(map(str, ips))}", external_ips=ips) if ips else Result.ok()


@check(id="k8s.service.no_node_port", resource_types=("k8s.service",), severity=Severity.LOW,
       title=texts("Services are not of type NodePort", "Service のタイプが NodePort ではない"),
       description=texts("A NodePort opens the port on every node's address, outside network policies of most CNIs.",
                          "NodePort はすべてのノードのアドレスでポートを開き、多くの CNI ではネットワークポリシーの対象外になります。"),
       remediation=texts("Use ClusterIP behind an Ingress or a LoadBalancer with source ranges.",
                          "Ingress の背後の ClusterIP か、接続元を制限した LoadBalancer を使ってください。"),
       frameworks={NSA: ["network.network-policies"]})
def no_node_port(r: Resource) -> Result:
    return Result.fail("type NodePort") if _spec(r).get("type") == "NodePort" else Result.ok()


@check(id="k8s.ingress.tls_configured", resource_types=("k8s.ingress",), severity=Severity.MEDIUM,
       title=texts("Ingresses terminate TLS", "Ingress で TLS を終端している"),
       description=texts("An Ingress without a tls section serves its hosts over plain HTTP.",
                          "tls セクションのない Ingress は平文の HTTP でホストを公開します。"),
       remediation=texts("Add spec.tls with a certificate Secret for every host (cert-manager can issue them).",
                          "すべてのホストについて、証明書の Secret を指定した spec.tls を追加してください（cert-manager で発行できます）。"),
       frameworks={NSA: ["network.encryption"]})
def ingress_tls(r: Resource) -> Result:
    spec = _spec(r)
    tls = spec.get("tls") or []
    if not tls:
        return Result.fail("no TLS configured")
    covered = {h for t in tls for h in t.get("hosts") or ()}
    hosts = {rule.get("host") for rule in spec.get("rules") or () if rule.get("host")}
    missing = sorted(hosts - covered) if covered else []
    return Result.fail(f"hosts without TLS: {', '.join(missing)}", hosts=missing) if missing else Result.ok()
