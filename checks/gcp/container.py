"""GKE cluster checks (``gcp.container.*``), mapped to the CIS GKE Benchmark 1.6.0 section 5 (GKE left CIS GCP
after 1.x)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import T, as_list

CLUSTER = ("gcp.container.cluster",)
GKE = "cis-gke-1.6"
DEFAULT_SA_SUFFIX = "-compute@developer.gserviceaccount.com"

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
    "no_binary_authorization": ("Binary Authorization is not enforced (evaluationMode={mode})",
                                "Binary Authorization が適用されていません (evaluationMode={mode})"),
    "public_endpoint": ("the control plane has a public endpoint", "コントロールプレーンにパブリックエンドポイントがあります"),
    "no_release_channel": ("not enrolled in a release channel", "リリースチャンネルに登録されていません"),
    "release_channel": ("release channel {channel}", "リリースチャンネル {channel}"),
    "no_intranode_visibility": ("intranode visibility is off", "ノード内可視化が無効です"),
    "secrets_not_encrypted": ("application-layer secrets encryption is {state}",
                              "アプリケーションレイヤでのシークレット暗号化が {state} です"),
    "secure_boot_off": ("secure boot off in: {pools}", "セキュアブートが無効なノードプール: {pools}"),
    "integrity_monitoring_off": ("integrity monitoring off in: {pools}", "整合性モニタリングが無効なノードプール: {pools}"),
    "not_cos_containerd": ("node image not COS_CONTAINERD in: {pools}",
                           "ノードイメージが COS_CONTAINERD でないノードプール: {pools}"),
    "default_node_sa": ("default compute service account in: {pools}",
                        "デフォルトの Compute サービスアカウントを使うノードプール: {pools}"),
    "metadata_not_gke": ("GKE metadata server off in: {pools}", "GKE メタデータサーバーが無効なノードプール: {pools}"),
    "no_node_pools": ("no node pools (Autopilot or none listed)", "ノードプールがありません (Autopilot または未作成)"),
    "posture_off": ("security posture is {mode}", "セキュリティポスチャーが {mode} です"),
    "dashboard_on": ("the Kubernetes Dashboard add-on is enabled", "Kubernetes Dashboard アドオンが有効です"),
    "routes_based": ("routes-based networking (no alias IP ranges)", "ルートベースのネットワークです (エイリアス IP なし)"),
    "boot_disk_google_key": ("boot disks with Google-managed keys in: {pools}", "Google 管理の鍵のブートディスクを使うノードプール: {pools}"),
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


def _pools_where(r: Resource, bad: Callable[[dict[str, Any]], bool], key: str) -> Result:
    """FAIL ``key`` naming the node pools for which ``bad(pool config)`` holds; PASS otherwise."""
    pools = _node_pools(r)
    if not pools:
        return MSG.ok("no_node_pools")
    off = [p.get("name", "?") for p in pools if bad(p.get("config") or {})]
    return MSG.fail(key, pools=off) if off else Result.ok()


@check(id="gcp.container.binary_authorization", resource_types=CLUSTER, severity=Severity.MEDIUM,
       frameworks=gke("5.10.4"),
       title=T("GKE Binary Authorization is enforced", "GKE で Binary Authorization が適用されている"),
       description=T("Binary Authorization admits only images signed or allowed by policy, so an attacker with "
                     "deploy rights cannot run an arbitrary image.",
                     "Binary Authorization はポリシーで署名・許可されたイメージだけを受け入れ、デプロイ権限を得た攻撃者が"
                     "任意のイメージを実行することを防ぎます。"),
       remediation=T("gcloud container clusters update CLUSTER "
                     "--binauthz-evaluation-mode=PROJECT_SINGLETON_POLICY_ENFORCE",
                     "gcloud container clusters update CLUSTER "
                     "--binauthz-evaluation-mode=PROJECT_SINGLETON_POLICY_ENFORCE を実行してください。"))
def binary_authorization(r: Resource) -> Result:
    cfg = r.data.get("binaryAuthorization") or {}
    mode = cfg.get("evaluationMode") or ("PROJECT_SINGLETON_POLICY_ENFORCE" if cfg.get("enabled") else "DISABLED")
    return Result.ok() if mode in ("PROJECT_SINGLETON_POLICY_ENFORCE", "POLICY_BINDINGS",
                                   "POLICY_BINDINGS_AND_PROJECT_SINGLETON_POLICY_ENFORCE") \
        else MSG.fail("no_binary_authorization", mode=mode)


@check(id="gcp.container.private_endpoint", resource_types=CLUSTER, severity=Severity.MEDIUM, frameworks=gke("5.6.4"),
       title=T("GKE control plane has a private endpoint only", "GKE コントロールプレーンがプライベートエンドポイントのみを持つ"),
       description=T("With the public endpoint disabled the Kubernetes API is reachable only from the VPC.",
                     "パブリックエンドポイントを無効にすると、Kubernetes API には VPC 内からしか到達できません。"),
       remediation=T("Create the cluster with --enable-private-endpoint (or gcloud container clusters update CLUSTER "
                     "--enable-private-endpoint on DNS-endpoint clusters).",
                     "--enable-private-endpoint を指定してクラスタを作成してください（DNS エンドポイントのクラスタでは "
                     "gcloud container clusters update CLUSTER --enable-private-endpoint）。"))
def private_endpoint(r: Resource) -> Result:
    private = ((r.data.get("privateClusterConfig") or {}).get("enablePrivateEndpoint")
               or ((r.data.get("controlPlaneEndpointsConfig") or {}).get("ipEndpointsConfig") or {})
               .get("enablePublicEndpoint") is False)
    return Result.ok() if private else MSG.fail("public_endpoint")


@check(id="gcp.container.release_channel", resource_types=CLUSTER, severity=Severity.LOW, frameworks=gke("5.5.4"),
       title=T("GKE cluster is enrolled in a release channel", "GKE クラスタがリリースチャンネルに登録されている"),
       description=T("A release channel keeps the control plane and nodes on supported, patched versions "
                     "automatically.",
                     "リリースチャンネルに登録すると、コントロールプレーンとノードがサポート対象のパッチ済みバージョンに"
                     "自動的に保たれます。"),
       remediation=T("gcloud container clusters update CLUSTER --release-channel=regular",
                     "gcloud container clusters update CLUSTER --release-channel=regular を実行してください。"))
def release_channel(r: Resource) -> Result:
    channel = (r.data.get("releaseChannel") or {}).get("channel") or "UNSPECIFIED"
    return MSG.fail("no_release_channel") if channel == "UNSPECIFIED" else MSG.ok("release_channel", channel=channel)


@check(id="gcp.container.intranode_visibility", resource_types=CLUSTER, severity=Severity.LOW, frameworks=gke("5.6.1"),
       title=T("GKE intranode visibility is enabled", "GKE のノード内可視化が有効"),
       description=T("Intranode visibility sends pod-to-pod traffic on one node through the VPC, so flow logs and "
                     "firewall rules see it.",
                     "ノード内可視化により同一ノード上の Pod 間通信も VPC を通り、フローログとファイアウォールルールの対象に"
                     "なります。"),
       remediation=T("gcloud container clusters update CLUSTER --enable-intra-node-visibility",
                     "gcloud container clusters update CLUSTER --enable-intra-node-visibility を実行してください。"))
def intranode_visibility(r: Resource) -> Result:
    on = (r.data.get("networkConfig") or {}).get("enableIntraNodeVisibility")
    return Result.ok() if on else MSG.fail("no_intranode_visibility")


@check(id="gcp.container.secrets_encrypted_with_kms", resource_types=CLUSTER, severity=Severity.MEDIUM,
       frameworks=gke("5.3.1"),
       title=T("GKE encrypts Kubernetes Secrets with a Cloud KMS key", "GKE が Kubernetes Secret を Cloud KMS 鍵で暗号化している"),
       description=T("Application-layer secrets encryption wraps the etcd encryption key with your KMS key, so a "
                     "copy of etcd alone does not reveal the Secrets.",
                     "アプリケーションレイヤでのシークレット暗号化は etcd の暗号鍵を KMS 鍵で保護し、etcd の複製だけでは"
                     "Secret が読めないようにします。"),
       remediation=T("gcloud container clusters update CLUSTER --database-encryption-key=projects/…/cryptoKeys/KEY",
                     "gcloud container clusters update CLUSTER --database-encryption-key=projects/…/cryptoKeys/KEY "
                     "を実行してください。"))
def secrets_encrypted_with_kms(r: Resource) -> Result:
    enc = r.data.get("databaseEncryption") or {}
    state = enc.get("state") or "DECRYPTED"
    return Result.ok() if state == "ENCRYPTED" and enc.get("keyName") else MSG.fail("secrets_not_encrypted", state=state)


@check(id="gcp.container.node_secure_boot", resource_types=CLUSTER, severity=Severity.LOW, frameworks=gke("5.5.7"),
       title=T("Every GKE node pool has Secure Boot on", "GKE の全ノードプールでセキュアブートが有効"),
       description=T("Secure Boot lets nodes run only signed boot components, which stops boot-level rootkits.",
                     "セキュアブートにより、ノードは署名されたブートコンポーネントのみを実行し、ブートレベルのルートキットを防ぎます。"),
       remediation=T("Create node pools with --shielded-secure-boot and migrate the workloads.",
                     "--shielded-secure-boot を指定してノードプールを作成し、ワークロードを移行してください。"))
def node_secure_boot(r: Resource) -> Result:
    return _pools_where(r, lambda c: not (c.get("shieldedInstanceConfig") or {}).get("enableSecureBoot"),
                        "secure_boot_off")


@check(id="gcp.container.node_integrity_monitoring", resource_types=CLUSTER, severity=Severity.LOW,
       frameworks=gke("5.5.6"),
       title=T("Every GKE node pool has integrity monitoring on", "GKE の全ノードプールで整合性モニタリングが有効"),
       description=T("Integrity monitoring compares each boot with a known-good baseline and reports tampering.",
                     "整合性モニタリングは起動ごとに正常なベースラインと比較し、改ざんを報告します。"),
       remediation=T("Create node pools with --shielded-integrity-monitoring and migrate the workloads.",
                     "--shielded-integrity-monitoring を指定してノードプールを作成し、ワークロードを移行してください。"))
def node_integrity_monitoring(r: Resource) -> Result:
    # The API default for integrity monitoring is on: only an explicit false turns it off.
    return _pools_where(r, lambda c: (c.get("shieldedInstanceConfig") or {}).get("enableIntegrityMonitoring") is False,
                        "integrity_monitoring_off")


@check(id="gcp.container.node_image_cos_containerd", resource_types=CLUSTER, severity=Severity.LOW,
       frameworks=gke("5.5.1"),
       title=T("GKE nodes run Container-Optimized OS with containerd", "GKE ノードが containerd 版 Container-Optimized OS で動作している"),
       description=T("COS is a minimal, hardened, auto-updating image with a read-only root file system.",
                     "COS は読み取り専用のルートファイルシステムを持つ、最小構成で堅牢化され自動更新されるイメージです。"),
       remediation=T("gcloud container clusters upgrade CLUSTER --image-type=COS_CONTAINERD --node-pool=POOL",
                     "gcloud container clusters upgrade CLUSTER --image-type=COS_CONTAINERD --node-pool=POOL を"
                     "実行してください。"))
def node_image_cos_containerd(r: Resource) -> Result:
    return _pools_where(r, lambda c: str(c.get("imageType") or "").upper() != "COS_CONTAINERD", "not_cos_containerd")


@check(id="gcp.container.node_no_default_service_account", resource_types=CLUSTER, severity=Severity.MEDIUM,
       frameworks=gke("5.2.1"),
       title=T("GKE nodes do not run as the Compute Engine default service account",
               "GKE ノードが Compute Engine のデフォルトサービスアカウントで動作していない"),
       description=T("The default service account holds Editor on the project; every pod that reaches the node's "
                     "credentials gets it too.",
                     "デフォルトサービスアカウントはプロジェクトの編集者ロールを持ち、ノードの認証情報に到達した Pod も"
                     "それを得ます。"),
       remediation=T("Create node pools with --service-account=a least-privilege account and migrate the workloads.",
                     "--service-account に最小権限のアカウントを指定してノードプールを作成し、ワークロードを移行してください。"))
def node_no_default_service_account(r: Resource) -> Result:
    return _pools_where(r, lambda c: str(c.get("serviceAccount") or "default") == "default"
                        or str(c.get("serviceAccount")).endswith(DEFAULT_SA_SUFFIX), "default_node_sa")


@check(id="gcp.container.node_gke_metadata_server", resource_types=CLUSTER, severity=Severity.MEDIUM,
       frameworks=gke("5.4.1"),
       title=T("GKE node pools use the GKE metadata server", "GKE ノードプールが GKE メタデータサーバーを使用している"),
       description=T("The GKE metadata server hides the node's credentials and instance metadata from pods; it is "
                     "what makes Workload Identity effective.",
                     "GKE メタデータサーバーはノードの認証情報とインスタンスメタデータを Pod から隠し、Workload Identity を"
                     "有効に機能させます。"),
       remediation=T("gcloud container node-pools update POOL --cluster CLUSTER --workload-metadata=GKE_METADATA",
                     "gcloud container node-pools update POOL --cluster CLUSTER --workload-metadata=GKE_METADATA を"
                     "実行してください。"))
def node_gke_metadata_server(r: Resource) -> Result:
    return _pools_where(r, lambda c: (c.get("workloadMetadataConfig") or {}).get("mode") != "GKE_METADATA",
                        "metadata_not_gke")


@check(id="gcp.container.dashboard_disabled", resource_types=CLUSTER, severity=Severity.MEDIUM, frameworks=gke("5.10.1"),
       title=T("GKE Kubernetes Dashboard add-on is disabled", "GKE の Kubernetes Dashboard アドオンが無効"),
       description=T("The legacy Dashboard add-on runs with a highly privileged service account and has been a "
                     "common way into clusters.",
                     "レガシーの Dashboard アドオンは強い権限のサービスアカウントで動作し、クラスタへの侵入経路としてよく"
                     "使われてきました。"),
       remediation=T("gcloud container clusters update CLUSTER --update-addons=KubernetesDashboard=DISABLED",
                     "gcloud container clusters update CLUSTER --update-addons=KubernetesDashboard=DISABLED を"
                     "実行してください。"))
def dashboard_disabled(r: Resource) -> Result:
    dash = (r.data.get("addonsConfig") or {}).get("kubernetesDashboard")
    # Omitted or {"disabled": true} is off; the add-on is only on when present without disabled.
    return MSG.fail("dashboard_on") if isinstance(dash, dict) and not dash.get("disabled") else Result.ok()


@check(id="gcp.container.vpc_native", resource_types=CLUSTER, severity=Severity.LOW, frameworks=gke("5.6.2"),
       title=T("GKE cluster is VPC-native (alias IP ranges)", "GKE クラスタが VPC ネイティブ（エイリアス IP）である"),
       description=T("VPC-native pod addresses are routable and checked by anti-spoofing, firewall rules and "
                     "Private Google Access; routes-based clusters lack these.",
                     "VPC ネイティブの Pod アドレスはルーティング可能で、なりすまし防止・ファイアウォールルール・限定公開の "
                     "Google アクセスの対象になります。ルートベースのクラスタにはこれらがありません。"),
       remediation=T("Create a new cluster with --enable-ip-alias and move the workloads (it cannot be changed in "
                     "place).",
                     "--enable-ip-alias を指定して新しいクラスタを作成し、ワークロードを移行してください（その場では変更"
                     "できません）。"))
def vpc_native(r: Resource) -> Result:
    return Result.ok() if (r.data.get("ipAllocationPolicy") or {}).get("useIpAliases") else MSG.fail("routes_based")


@check(id="gcp.container.node_boot_disk_cmek", resource_types=CLUSTER, severity=Severity.LOW, frameworks=gke("5.9.2"),
       title=T("GKE node boot disks are encrypted with a customer-managed key",
               "GKE ノードのブートディスクが顧客管理の鍵で暗号化されている"),
       description=T("A Cloud KMS key you control on node boot disks lets you cut off access to node data, "
                     "including cached secrets and images.",
                     "ノードのブートディスクに自身が管理する Cloud KMS 鍵を使うと、キャッシュされたシークレットやイメージを含む"
                     "ノードのデータへのアクセスを遮断できます。"),
       remediation=T("Create node pools with --boot-disk-kms-key=projects/…/cryptoKeys/KEY and migrate the "
                     "workloads.",
                     "--boot-disk-kms-key=projects/…/cryptoKeys/KEY を指定してノードプールを作成し、ワークロードを移行して"
                     "ください。"))
def node_boot_disk_cmek(r: Resource) -> Result:
    return _pools_where(r, lambda c: not c.get("bootDiskKmsKey"), "boot_disk_google_key")


@check(id="gcp.container.security_posture_enabled", resource_types=CLUSTER, severity=Severity.LOW,
       frameworks=gke("5.10.5"),
       title=T("GKE security posture dashboard is enabled", "GKE のセキュリティポスチャーが有効"),
       description=T("Security posture reports workload misconfigurations and known vulnerabilities of the running "
                     "images in the cluster.",
                     "セキュリティポスチャーは、クラスタ内のワークロードの設定ミスと実行中イメージの既知の脆弱性を報告します。"),
       remediation=T("gcloud container clusters update CLUSTER --security-posture=standard "
                     "--workload-vulnerability-scanning=standard",
                     "gcloud container clusters update CLUSTER --security-posture=standard "
                     "--workload-vulnerability-scanning=standard を実行してください。"))
def security_posture_enabled(r: Resource) -> Result:
    mode = str((r.data.get("securityPostureConfig") or {}).get("mode") or "MODE_UNSPECIFIED")
    return MSG.fail("posture_off", mode=mode) if mode in ("DISABLED", "MODE_UNSPECIFIED") else Result.ok()
