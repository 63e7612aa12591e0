"""AKS cluster checks.  The CIS Azure Foundations Benchmark leaves AKS to the CIS AKS benchmark, so no ids here."""

from __future__ import annotations

from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.azure._common import props

AKS = ("azure.aks.cluster",)

MSG = Messages("azure.aks", {
    "rbac_disabled": ("Kubernetes RBAC is disabled", "Kubernetes RBAC が無効です"),
    "local_accounts": ("local accounts are enabled", "ローカルアカウントが有効です"),
    "private_cluster": ("private cluster", "プライベートクラスターです"),
    "authorised_ranges": ("authorised ranges: {ranges}", "許可された IP 範囲: {ranges}"),
    "public_api_server": ("the API server is public to every address", "API サーバーがすべてのアドレスに公開されています"),
    "network_policy": ("{networkPolicy}", "ネットワークポリシーエンジン: {networkPolicy}"),
    "no_network_policy": ("no network policy engine", "ネットワークポリシーエンジンがありません"),
})


@check(id="azure.aks.rbac_enabled", resource_types=AKS, severity=Severity.HIGH,
       title={"en": "AKS cluster has Kubernetes RBAC enabled", "ja": "AKS クラスターで Kubernetes RBAC が有効"},
       description={"en": "Without RBAC every authenticated user is effectively cluster admin.",
                    "ja": "RBAC がないと、認証済みユーザー全員が実質的にクラスター管理者になります。"},
       remediation={"en": "RBAC can only be set at creation: recreate the cluster with --enable-rbac (default) and migrate workloads.",
                    "ja": "RBAC は作成時にしか設定できません。--enable-rbac (既定) でクラスターを作り直し、ワークロードを移行します。"})
def rbac(r: Resource) -> Result:
    return Result.ok() if props(r).get("enableRBAC") is True else MSG.fail("rbac_disabled")


@check(id="azure.aks.local_accounts_disabled", resource_types=AKS, severity=Severity.MEDIUM,
       title={"en": "AKS cluster local accounts are disabled", "ja": "AKS クラスターのローカルアカウントが無効"},
       description={"en": "The local cluster-admin credential bypasses Entra ID, MFA and audit of who did what.",
                    "ja": "ローカルの cluster-admin 資格情報は Entra ID、MFA、操作者の監査を迂回します。"},
       remediation={"en": "az aks update -g <rg> -n <cluster> --disable-local-accounts (with Entra ID integration enabled)",
                    "ja": "Entra ID 統合を有効にしたうえで az aks update -g <RG> -n <クラスター> --disable-local-accounts を実行します。"})
def local_accounts(r: Resource) -> Result:
    return Result.ok() if props(r).get("disableLocalAccounts") is True else MSG.fail("local_accounts")


@check(id="azure.aks.api_server_restricted", resource_types=AKS, severity=Severity.HIGH,
       title={"en": "AKS API server is private or limited to authorised IP ranges",
              "ja": "AKS の API サーバーがプライベート、または許可 IP 範囲に制限されている"},
       description={"en": "A public API server open to every address is exposed to credential attacks and API exploits.",
                    "ja": "全アドレスに公開された API サーバーは資格情報への攻撃や API の脆弱性悪用にさらされます。"},
       remediation={"en": "az aks update -g <rg> -n <cluster> --api-server-authorized-ip-ranges <cidrs>, or use a private cluster",
                    "ja": "az aks update -g <RG> -n <クラスター> --api-server-authorized-ip-ranges <CIDR> を実行するか、プライベートクラスターにします。"})
def api_server(r: Resource) -> Result:
    access = props(r).get("apiServerAccessProfile") or {}
    if access.get("enablePrivateCluster") is True:
        return MSG.ok("private_cluster")
    ranges = [c for c in access.get("authorizedIPRanges") or [] if c not in ("0.0.0.0/0", "*")]
    if ranges:
        return MSG.ok("authorised_ranges", ranges=ranges)
    return MSG.fail("public_api_server")


@check(id="azure.aks.network_policy_configured", resource_types=AKS, severity=Severity.MEDIUM,
       title={"en": "AKS cluster has a network policy engine", "ja": "AKS クラスターにネットワークポリシーエンジンがある"},
       description={"en": "Without a network policy engine, NetworkPolicy objects are ignored and every pod can reach every other.",
                    "ja": "ネットワークポリシーエンジンがないと NetworkPolicy は無視され、すべての Pod が互いに通信できます。"},
       remediation={"en": "az aks update -g <rg> -n <cluster> --network-policy azure|calico|cilium",
                    "ja": "az aks update -g <RG> -n <クラスター> --network-policy azure|calico|cilium を実行します。"})
def network_policy(r: Resource) -> Result:
    policy = (props(r).get("networkProfile") or {}).get("networkPolicy")
    return MSG.ok("network_policy", networkPolicy=str(policy)) if policy and str(policy).lower() != "none" \
        else MSG.fail("no_network_policy")
