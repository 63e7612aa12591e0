"""Services: what they expose outside the cluster, and to whom."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import NSA

ADMIN_PORTS = {22: "ssh", 23: "telnet", 2375: "docker", 2376: "docker-tls", 2379: "etcd", 2380: "etcd-peer",
               3306: "mysql", 3389: "rdp", 5432: "postgresql", 5900: "vnc", 5984: "couchdb", 6379: "redis",
               6443: "kube-apiserver", 8080: "http-admin", 9200: "elasticsearch", 10250: "kubelet",
               10255: "kubelet-ro", 11211: "memcached", 27017: "mongodb"}
EXPOSED_TYPES = ("LoadBalancer", "NodePort")

SSH_PORTS = {22, 2222}

MSG = Messages("kubernetes.service", {
    "admin_ports": ("{service_type} exposes {ports}", "{service_type} で {ports} が公開されています"),
    "any_source": ("reachable from any address", "任意のアドレスから到達可能です"),
    "external_ips": ("externalIPs: {external_ips}", "externalIPs が設定されています: {external_ips}"),
    "node_port": ("type NodePort", "タイプが NodePort です"),
    "ssh_port": ("SSH port exposed: {ports}", "SSH ポートを公開しています: {ports}"),
})


def _spec(r: Resource) -> dict[str, Any]:
    return r.data.get("spec") or {}


@check(id="k8s.service.no_exposed_admin_ports", resource_types=("k8s.service",), severity=Severity.HIGH,
       title=T("Services do not expose administrative ports outside the cluster",
               "Service が管理用ポートをクラスタ外に公開していない"),
       description=T("A LoadBalancer or NodePort Service on an administrative port (SSH, RDP, databases, kubelet, etcd, Docker) exposes it beyond the cluster.",
                     "LoadBalancer や NodePort の Service で管理用ポート（SSH、RDP、データベース、kubelet、etcd、Docker）を公開すると、"
                         "クラスタ外から到達可能になります。"),
       remediation=T("Use a ClusterIP Service and reach the port through a bastion, VPN or kubectl port-forward.",
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
    return MSG.fail("admin_ports", service_type=spec.get("type"), ports=bad) if bad else Result.ok()


@check(id="k8s.service.load_balancer_source_ranges", resource_types=("k8s.service",), severity=Severity.MEDIUM,
       title=T("LoadBalancer Services restrict source ranges", "LoadBalancer の Service で接続元を制限している"),
       description=T("A LoadBalancer Service without loadBalancerSourceRanges is reachable from the whole internet on a public load balancer.",
                     "loadBalancerSourceRanges のない LoadBalancer の Service は、公開ロードバランサーではインターネット全体から到達できます。"),
       remediation=T("Set spec.loadBalancerSourceRanges to the networks that need access, or use an internal load balancer.",
                     "spec.loadBalancerSourceRanges にアクセスが必要なネットワークを設定するか、内部ロードバランサーを使ってください。"),
       frameworks={NSA: ["network.network-policies"]})
def lb_source_ranges(r: Resource) -> Result:
    spec = _spec(r)
    if spec.get("type") != "LoadBalancer":
        return Result.ok()
    ranges = spec.get("loadBalancerSourceRanges") or []
    if not ranges or any(x in ("0.0.0.0/0", "::/0") for x in ranges):
        return MSG.fail("any_source", ranges=ranges)
    return Result.ok()


@check(id="k8s.service.no_external_ips", resource_types=("k8s.service",), severity=Severity.MEDIUM,
       title=T("Services do not set externalIPs", "Service が externalIPs を設定していない"),
       description=T("Whoever can set externalIPs can intercept traffic to those addresses cluster-wide (CVE-2020-8554).",
                     "externalIPs を設定できる者は、その宛先への通信をクラスタ全体で横取りできます（CVE-2020-8554）。"),
       remediation=T("Remove spec.externalIPs and block it with an admission policy.",
                     "spec.externalIPs を削除し、アドミッションポリシーで禁止してください。"),
       frameworks={NSA: ["network.network-policies"]})
def no_external_ips(r: Resource) -> Result:
    ips = _spec(r).get("externalIPs") or []
    return MSG.fail("external_ips", external_ips=ips) if ips else Result.ok()


@check(id="k8s.service.no_node_port", resource_types=("k8s.service",), severity=Severity.LOW,
       title=T("Services are not of type NodePort", "Service のタイプが NodePort ではない"),
       description=T("A NodePort opens the port on every node's address, outside network policies of most CNIs.",
                     "NodePort はすべてのノードのアドレスでポートを開き、多くの CNI ではネットワークポリシーの対象外になります。"),
       remediation=T("Use ClusterIP behind an Ingress or a LoadBalancer with source ranges.",
                     "Ingress の背後の ClusterIP か、接続元を制限した LoadBalancer を使ってください。"),
       frameworks={NSA: ["network.network-policies"]})
def no_node_port(r: Resource) -> Result:
    return MSG.fail("node_port") if _spec(r).get("type") == "NodePort" else Result.ok()


@check(id="k8s.service.no_ssh_port", resource_types=("k8s.service",), severity=Severity.MEDIUM,
       title=T("Services do not expose SSH", "Service が SSH を公開していない"),
       description=T("An SSH server in a container, reachable through a Service (ClusterIP included), is a remote shell other pods and "
                     "intruders can try credentials against.",
                     "Service（ClusterIP も含む）で到達できるコンテナ内の SSH サーバーは、他の Pod や侵入者が認証情報を試せるリモートシェルです。"),
       remediation=T("Remove SSH from the image and the Service; use kubectl exec with RBAC and audit for access.",
                     "イメージと Service から SSH を取り除き、アクセスには RBAC と監査のある kubectl exec を使ってください。"),
       frameworks={NSA: ["network.network-policies"]})
def no_ssh_port(r: Resource) -> Result:
    bad = []
    for p in (r.data.get("spec") or {}).get("ports") or ():
        if p.get("port") in SSH_PORTS or p.get("targetPort") in SSH_PORTS or str(p.get("name", "")).lower() == "ssh":
            bad.append(f"{p.get('port')}/{p.get('name') or 'tcp'}")
    return MSG.fail("ssh_port", ports=bad) if bad else Result.ok()
