"""GKE cluster checks (``gcp.container.*``), mapped to the CIS GKE Benchmark 1.6.0 section 5 (GKE left CIS GCP
after 1.x)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import as_list

CLUSTER = ("gcp.container.cluster",)
GKE = "cis-gke-1.6"

MSG = Messages("gcp.container", {
    "legacy_abac": ("legacy ABAC is enabled", "レガシー ABAC が有効です"),
    "public_nodes": ("nodes get public IP addresses", "ノードにパブリック IP アドレスが割り当てられます"),
    "dataplane_v2": ("Dataplane V2 enforces network policies", "Dataplane V2 がネットワークポリシーを適用しています"),
    "no_network_policy": ("network policies are not enforced", "ネットワークポリシーが適用されていません"),
    "workload_pool": ("workload pool {pool}", "ワークロードプール {pool}"),
    "no_workload_identity": ("Workload Identity is off", "Workload Identity が無効です"),
    "no_shielded_nodes": ("shielded nodes are off", "シールドされたノードが無効です"),
    "private_endpoint": ("private endpoint only", "プライベートエンドポイントのみです"),
    "open_control_plane": ("control plane reachable from any address", "コントロールプレーンに任意のアドレスから到達できます"),
    "client_certificate": ("a client certificate is issued", "クライアント証明書が発行されています"),
    "alpha": ("Kubernetes alpha features are enabled", "Kubernetes のアルファ機能が有効です"),
    "auto_repair_off": ("auto-repair off in: {pools}", "自動修復が無効なノードプール: {pools}"),
    "auto_upgrade_off": ("auto-upgrade off in: {pools}", "自動アップグレードが無効なノードプール: {pools}"),
    "logging_off": ("logging off", "ロギングが無効です"),
    "monitoring_off": ("monitoring off", "モニタリングが無効です"),
    "logging_and_monitoring_off": ("logging and monitoring off", "ロギングとモニタリングが無効です"),
})


def gke(*controls: str) -> dict[str, list[str]]:
    return {GKE: list(controls)}


@check(id="gcp.container.legacy_abac_disabled", resource_types=CLUSTER, severity=Severity.HIGH, frameworks=gke("5.8.3"),
       title={"en": "GKE legacy authorisation (ABAC) is disabled", "ja": "GKE のレガシー認可（ABAC）が無効"},
       description={"en": "Legacy ABAC grants broad static permissions that bypass Kubernetes RBAC.",
                    "ja": "レガシー ABAC は Kubernetes RBAC を迂回する広範な静的権限を付与します。"},
       remediation={"en": "gcloud container clusters update CLUSTER --no-enable-legacy-authorization",
                    "ja": "gcloud container clusters update CLUSTER --no-enable-legacy-authorization を実行してください。"})
def legacy_abac_disabled(r: Resource) -> Result:
    return MSG.fail("legacy_abac") if (r.data.get("legacyAbac") or {}).get("enabled") else Result.ok()


@check(id="gcp.container.private_nodes", resource_types=CLUSTER, severity=Severity.MEDIUM, frameworks=gke("5.6.5"),
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
    return Result.ok() if private else MSG.fail("public_nodes")


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
        return MSG.ok("dataplane_v2")
    return MSG.fail("no_network_policy")


@check(id="gcp.container.workload_identity", resource_types=CLUSTER, severity=Severity.MEDIUM,
       frameworks=gke("5.2.2", "5.4.1"),
       title={"en": "GKE Workload Identity is enabled", "ja": "GKE の Workload Identity が有効"},
       description={"en": "Without Workload Identity pods use the node's service account, so every pod on a node "
                          "shares its permissions and can read its metadata.",
                    "ja": "Workload Identity がないと Pod はノードのサービスアカウントを使い、ノード上の全 Pod が同じ権限を"
                          "共有しメタデータも読めます。"},
       remediation={"en": "gcloud container clusters update CLUSTER --workload-pool=PROJECT.svc.id.goog",
                    "ja": "gcloud container clusters update CLUSTER --workload-pool=PROJECT.svc.id.goog を実行してください。"})
def workload_identity(r: Resource) -> Result:
    pool = (r.data.get("workloadIdentityConfig") or {}).get("workloadPool")
    return MSG.ok("workload_pool", pool=pool) if pool else MSG.fail("no_workload_identity")


@check(id="gcp.container.shielded_nodes", resource_types=CLUSTER, severity=Severity.MEDIUM, frameworks=gke("5.5.5"),
       title={"en": "GKE Shielded Nodes are enabled", "ja": "GKE のシールドされたノードが有効"},
       description={"en": "Shielded GKE nodes give nodes a verifiable identity, so an attacker cannot impersonate a "
                          "node to read cluster secrets.",
                    "ja": "シールドされたノードは検証可能な ID を持つため、攻撃者がノードになりすましてクラスタのシークレットを"
                          "読むことを防ぎます。"},
       remediation={"en": "gcloud container clusters update CLUSTER --enable-shielded-nodes",
                    "ja": "gcloud container clusters update CLUSTER --enable-shielded-nodes を実行してください。"})
def shielded_nodes(r: Resource) -> Result:
    return Result.ok() if (r.data.get("shieldedNodes") or {}).get("enabled") else MSG.fail("no_shielded_nodes")


# Which message says that these of (logging, monitoring) are off.
SERVICES_OFF = {("logging",): "logging_off", ("monitoring",): "monitoring_off",
                ("logging", "monitoring"): "logging_and_monitoring_off"}


def _node_pools(r: Resource) -> list[dict[str, Any]]:
    return as_list(r.data.get("nodePools"))


@check(id="gcp.container.control_plane_authorized_networks", resource_types=CLUSTER, severity=Severity.HIGH,
       frameworks=gke("5.6.3"),
       title={"en": "GKE control plane accepts connections only from authorised networks",
              "ja": "GKE コントロールプレーンが承認済みネットワークからの接続のみを受け付ける"},
       description={"en": "Without authorised networks the Kubernetes API endpoint accepts connections from any IP "
                          "address; only credentials stand between it and the Internet.",
                    "ja": "承認済みネットワークがないと Kubernetes API エンドポイントは任意の IP アドレスから接続でき、"
                          "インターネットとの間には認証情報しかありません。"},
       remediation={"en": "gcloud container clusters update CLUSTER --enable-master-authorized-networks "
                          "--master-authorized-networks=CIDR,…",
                    "ja": "gcloud container clusters update CLUSTER --enable-master-authorized-networks "
                          "--master-authorized-networks=CIDR,… を実行してください。"})
def control_plane_authorized_networks(r: Resource) -> Result:
    cfg = r.data.get("masterAuthorizedNetworksConfig") or {}
    if (r.data.get("privateClusterConfig") or {}).get("enablePrivateEndpoint"):
        return MSG.ok("private_endpoint")
    return Result.ok() if cfg.get("enabled") else MSG.fail("open_control_plane")


@check(id="gcp.container.client_certificate_disabled", resource_types=CLUSTER, severity=Severity.MEDIUM,
       frameworks=gke("5.8.1"),
       title={"en": "GKE legacy client certificate authentication is disabled",
              "ja": "GKE のレガシーなクライアント証明書認証が無効"},
       description={"en": "The issued client certificate never expires and cannot be revoked; anyone holding it is "
                          "a cluster administrator.",
                    "ja": "発行されたクライアント証明書は失効せず取り消しもできません。保持者は誰でもクラスタ管理者になります。"},
       remediation={"en": "Recreate the cluster with --no-issue-client-certificate and use IAM / OIDC authentication.",
                    "ja": "--no-issue-client-certificate を指定してクラスタを再作成し、IAM / OIDC 認証を使用してください。"})
def client_certificate_disabled(r: Resource) -> Result:
    auth = r.data.get("masterAuth") or {}
    issued = (auth.get("clientCertificateConfig") or {}).get("issueClientCertificate") or auth.get("clientCertificate")
    return MSG.fail("client_certificate") if issued else Result.ok()


@check(id="gcp.container.not_alpha_cluster", resource_types=CLUSTER, severity=Severity.MEDIUM, frameworks=gke("5.10.2"),
       title={"en": "GKE cluster is not an alpha cluster", "ja": "GKE クラスタがアルファクラスタではない"},
       description={"en": "Alpha clusters run unsupported features, cannot be upgraded and expire after 30 days: not "
                          "for production workloads.",
                    "ja": "アルファクラスタはサポート外の機能を使い、アップグレードできず 30 日で削除されるため、本番には"
                          "使えません。"},
       remediation={"en": "Create a new cluster without --enable-kubernetes-alpha and move the workloads.",
                    "ja": "--enable-kubernetes-alpha を付けずに新しいクラスタを作成し、ワークロードを移行してください。"})
def not_alpha_cluster(r: Resource) -> Result:
    return MSG.fail("alpha") if r.data.get("enableKubernetesAlpha") else Result.ok()


@check(id="gcp.container.node_auto_repair", resource_types=CLUSTER, severity=Severity.LOW, frameworks=gke("5.5.2"),
       title={"en": "Every GKE node pool has auto-repair on", "ja": "GKE の全ノードプールで自動修復が有効"},
       description={"en": "Auto-repair replaces unhealthy nodes, so a failing node is not left running out of date.",
                    "ja": "自動修復は異常なノードを置き換え、障害のあるノードが放置されるのを防ぎます。"},
       remediation={"en": "gcloud container node-pools update POOL --cluster CLUSTER --enable-autorepair",
                    "ja": "gcloud container node-pools update POOL --cluster CLUSTER --enable-autorepair を実行してください。"})
def node_auto_repair(r: Resource) -> Result:
    off = [p.get("name", "?") for p in _node_pools(r) if not (p.get("management") or {}).get("autoRepair")]
    return MSG.fail("auto_repair_off", pools=off) if off else Result.ok()


@check(id="gcp.container.node_auto_upgrade", resource_types=CLUSTER, severity=Severity.MEDIUM, frameworks=gke("5.5.3"),
       title={"en": "Every GKE node pool has auto-upgrade on", "ja": "GKE の全ノードプールで自動アップグレードが有効"},
       description={"en": "Auto-upgrade keeps nodes on a supported, patched Kubernetes version.",
                    "ja": "自動アップグレードにより、ノードはサポートされパッチ適用済みの Kubernetes バージョンに保たれます。"},
       remediation={"en": "gcloud container node-pools update POOL --cluster CLUSTER --enable-autoupgrade",
                    "ja": "gcloud container node-pools update POOL --cluster CLUSTER --enable-autoupgrade を実行してください。"})
def node_auto_upgrade(r: Resource) -> Result:
    off = [p.get("name", "?") for p in _node_pools(r) if not (p.get("management") or {}).get("autoUpgrade")]
    return MSG.fail("auto_upgrade_off", pools=off) if off else Result.ok()


@check(id="gcp.container.logging_and_monitoring", resource_types=CLUSTER, severity=Severity.MEDIUM,
       frameworks=gke("5.7.1"),
       title={"en": "GKE sends logs and metrics to Cloud Logging and Cloud Monitoring",
              "ja": "GKE がログとメトリクスを Cloud Logging・Cloud Monitoring に送信している"},
       description={"en": "Without cluster logging and monitoring there is no record of what happened in the "
                          "cluster when an incident is investigated.",
                    "ja": "クラスタのロギングとモニタリングがないと、インシデント調査時にクラスタ内で何が起きたかの記録が"
                          "残りません。"},
       remediation={"en": "gcloud container clusters update CLUSTER --logging=SYSTEM,WORKLOAD --monitoring=SYSTEM",
                    "ja": "gcloud container clusters update CLUSTER --logging=SYSTEM,WORKLOAD --monitoring=SYSTEM を"
                          "実行してください。"})
def logging_and_monitoring(r: Resource) -> Result:
    off = [name for name, key in (("logging", "loggingService"), ("monitoring", "monitoringService"))
           if str(r.data.get(key) or "none").lower() == "none"]
    return MSG.fail(SERVICES_OFF[tuple(off)], off=off) if off else Result.ok()
