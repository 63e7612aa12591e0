"""GKE cluster checks (the CIS GKE benchmark's control-plane settings; not part of CIS GCP 2.0)."""

from __future__ import annotations

from checks import check
from agent.model import Resource, Result, Severity

CLUSTER = ("gcp.container.cluster",)


@check(id="gcp.container.legacy_abac_disabled", resource_types=CLUSTER, severity=Severity.HIGH,
       title={"en": "GKE legacy authorisation (ABAC) is disabled", "ja": "GKE のレガシー認可（ABAC）が無効"},
       description={"en": "Legacy ABAC grants broad static permissions that bypass Kubernetes RBAC.",
                    "ja": "レガシー ABAC は Kubernetes RBAC を迂回する広範な静的権限を付与します。"},
       remediation={"en": "gcloud container clusters update CLUSTER --no-enable-legacy-authorization",
                    "ja": "gcloud container clusters update CLUSTER --no-enable-legacy-authorization を実行してください。"})
def legacy_abac_disabled(r: Resource) -> Result:
    return Result.fail("legacy ABAC is enabled") if (r.data.get("legacyAbac") or {}).get("enabled") else Result.ok()


@check(id="gcp.container.private_nodes", resource_types=CLUSTER, severity=Severity.MEDIUM,
       title={"en": "GKE nodes have private IP addresses only", "ja": "GKE ノードがプライベート IP アドレスのみを持つ"},
       description={"en": "Nodes with public IPs can be reached from the Internet; private nodes reach out through "
                          "Cloud NAT.",
                    "ja": "パブリック IP を持つノードにはインターネットから到達できます。プライベートノードは Cloud NAT 経由で"
                          "外部に接続します。"},
       remediation={"en": "Create the cluster (or node pool) with --enable-private-nodes.",
                    "ja": "--enable-private-nodes を指定してクラスタ（またはノードプール）を作成してください。"})
def private_nodes(r: Resource) -> Result:
    private = ((r.data.get("privateClusterConfig") or {}).get("enablePrivateNodes")
               or (r.data.get("networkConfig") or {}).get("defaultEnablePrivateNodes"))
    return Result.ok() if private else Result.fail("nodes get public IP addresses")


@check(id="gcp.container.network_policy_enabled", resource_types=CLUSTER, severity=Severity.MEDIUM,
       title={"en": "GKE enforces Kubernetes network policies", "ja": "GKE で Kubernetes ネットワークポリシーが適用される"},
       description={"en": "Without network policy enforcement every pod can talk to every other pod.",
                    "ja": "ネットワークポリシーが適用されないと、全 Pod が他の全 Pod と通信できます。"},
       remediation={"en": "Enable network policy (--enable-network-policy) or use GKE Dataplane V2 "
                          "(--enable-dataplane-v2).",
                    "ja": "ネットワークポリシー（--enable-network-policy）を有効にするか、GKE Dataplane V2"
                          "（--enable-dataplane-v2）を使用してください。"})
def network_policy_enabled(r: Resource) -> Result:
    if (r.data.get("networkPolicy") or {}).get("enabled"):
        return Result.ok()
    if (r.data.get("networkConfig") or {}).get("datapathProvider") == "ADVANCED_DATAPATH":
        return Result.ok("Dataplane V2 enforces network policies")
    return Result.fail("network policies are not enforced")


@check(id="gcp.container.workload_identity", resource_types=CLUSTER, severity=Severity.MEDIUM,
       title={"en": "GKE Workload Identity is enabled", "ja": "GKE の Workload Identity が有効"},
       description={"en": "Without Workload Identity pods use the node's service account, so every pod on a node "
                          "shares its permissions and can read its metadata.",
                    "ja": "Workload Identity がないと Pod はノードのサービスアカウントを使い、ノード上の全 Pod が同じ権限を"
                          "共有しメタデータも読めます。"},
       remediation={"en": "gcloud container clusters update CLUSTER --workload-pool=PROJECT.svc.id.goog",
                    "ja": "gcloud container clusters update CLUSTER --workload-pool=PROJECT.svc.id.goog を実行してください。"})
def workload_identity(r: Resource) -> Result:
    pool = (r.data.get("workloadIdentityConfig") or {}).get("workloadPool")
    return Result.ok(f"workload pool {pool}") if pool else Result.fail("Workload Identity is off")


@check(id="gcp.container.shielded_nodes", resource_types=CLUSTER, severity=Severity.MEDIUM,
       title={"en": "GKE Shielded Nodes are enabled", "ja": "GKE のシールドされたノードが有効"},
       description={"en": "Shielded GKE nodes give nodes a verifiable identity, so an attacker cannot impersonate a "
                          "node to read cluster secrets.",
                    "ja": "シールドされたノードは検証可能な ID を持つため、攻撃者がノードになりすましてクラスタのシークレットを"
                          "読むことを防ぎます。"},
       remediation={"en": "gcloud container clusters update CLUSTER --enable-shielded-nodes",
                    "ja": "gcloud container clusters update CLUSTER --enable-shielded-nodes を実行してください。"})
def shielded_nodes(r: Resource) -> Result:
    return Result.ok() if (r.data.get("shieldedNodes") or {}).get("enabled") else Result.fail("shielded nodes are off")
