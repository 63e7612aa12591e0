"""AKS depth: private API server, Entra integration, Defender, upgrades, Azure Policy, workload identity."""

from __future__ import annotations

from typing import Any

from agent.core.model import Severity
from checks import Messages
from checks.azure._common import enabled, lower, property_check
from checks.common import T

AKS = ("azure.aks.cluster",)

MSG = Messages("azure.aks_security", {
    "setting": ("{setting} is {value}", "{setting} は {value} です"),
    "setting_bad": ("{setting} is {value}", "{setting} が {value} になっています"),
})


def _aks(check_id: str, severity: Severity, path: tuple[str, ...], good: Any, default: Any, title: dict[str, str],
         description: dict[str, str], remediation: dict[str, str]) -> None:
    property_check(MSG, AKS, check_id, severity, path, good, default, {}, title, description, remediation)


_aks("azure.aks.private_cluster", Severity.MEDIUM, ("apiServerAccessProfile", "enablePrivateCluster"), lambda v: v is True, False,
     T("AKS API server has no public endpoint", "AKS の API サーバーにパブリックエンドポイントがない"),
     T("A private cluster's API server is reachable only from its virtual network.",
       "プライベートクラスターの API サーバーには仮想ネットワーク内からのみ到達できます。"),
     T("Create the cluster with --enable-private-cluster, or use API Server VNet Integration (az aks update --enable-apiserver-vnet-integration).",
       "--enable-private-cluster でクラスターを作成するか、API サーバーの VNet 統合を使います (az aks update --enable-apiserver-vnet-integration)。"))
_aks("azure.aks.entra_integration_enabled", Severity.HIGH, ("aadProfile", "managed"), lambda v: v is True, False,
     T("AKS uses Microsoft Entra ID for cluster sign-in", "AKS のクラスターサインインに Microsoft Entra ID を使用している"),
     T("Entra integration brings MFA, Conditional Access and per-user audit to kubectl.",
       "Entra 統合により kubectl に MFA、条件付きアクセス、ユーザー単位の監査が適用されます。"),
     T("az aks update -g <rg> -n <cluster> --enable-aad --aad-admin-group-object-ids <group id>",
       "az aks update -g <RG> -n <クラスター> --enable-aad --aad-admin-group-object-ids <グループ ID> を実行します。"))
_aks("azure.aks.defender_enabled", Severity.MEDIUM, ("securityProfile", "defender", "securityMonitoring", "enabled"),
     lambda v: v is True, False,
     T("Defender for Containers runs on the AKS cluster", "AKS クラスターで Defender for Containers が動作している"),
     T("The Defender sensor detects runtime threats in the cluster's nodes and workloads.",
       "Defender センサーはクラスターのノードとワークロードの実行時の脅威を検知します。"),
     T("az aks update -g <rg> -n <cluster> --enable-defender", "az aks update -g <RG> -n <クラスター> --enable-defender を実行します。"))
_aks("azure.aks.auto_upgrade_channel_set", Severity.LOW, ("autoUpgradeProfile", "upgradeChannel"),
     lambda v: lower(v) not in ("", "none"), "none",
     T("AKS cluster upgrades automatically", "AKS クラスターが自動でアップグレードされる"),
     T("Without an upgrade channel the cluster falls behind on Kubernetes security patches and out of support.",
       "アップグレードチャネルがないと、Kubernetes のセキュリティパッチが遅れ、サポート対象外になります。"),
     T("az aks update -g <rg> -n <cluster> --auto-upgrade-channel patch (or stable)",
       "az aks update -g <RG> -n <クラスター> --auto-upgrade-channel patch (または stable) を実行します。"))
_aks("azure.aks.azure_policy_addon_enabled", Severity.LOW, ("addonProfiles", "azurepolicy", "enabled"), enabled, False,
     T("Azure Policy add-on enforces policies in the AKS cluster", "AKS クラスターで Azure Policy アドオンがポリシーを適用している"),
     T("The add-on (Gatekeeper) enforces pod security and image rules at admission.",
       "アドオン (Gatekeeper) はアドミッション時にポッドのセキュリティやイメージの規則を強制します。"),
     T("az aks enable-addons -g <rg> -n <cluster> --addons azure-policy",
       "az aks enable-addons -g <RG> -n <クラスター> --addons azure-policy を実行します。"))
_aks("azure.aks.workload_identity_enabled", Severity.LOW, ("securityProfile", "workloadIdentity", "enabled"),
     lambda v: v is True, False,
     T("AKS workloads can use Entra workload identity", "AKS のワークロードが Entra ワークロード ID を使える"),
     T("Workload identity replaces secrets stored in the cluster with federated, short-lived tokens.",
       "ワークロード ID は、クラスターに保存されたシークレットをフェデレーションされた短期トークンに置き換えます。"),
     T("az aks update -g <rg> -n <cluster> --enable-oidc-issuer --enable-workload-identity",
       "az aks update -g <RG> -n <クラスター> --enable-oidc-issuer --enable-workload-identity を実行します。"))
