"""The cluster itself: the API server's version."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.common import T
from checks.kubernetes.podspec import CIS, CIS10, NSA
from checks.kubernetes.versions import UPGRADING, version_result

SIGNATURES = "pod-security.secure-images"

MSG = Messages("kubernetes.cluster", {
    "no_signature_policy": ("no image signature policy (Sigstore policy-controller, Kyverno verifyImages, Ratify)",
                            "イメージ署名のポリシー（Sigstore policy-controller、Kyverno verifyImages、Ratify）がありません"),
    "signature_policies": ("signature policies: {policies}", "署名ポリシー: {policies}"),
    "no_anonymous_grants": ("nothing is granted to anonymous requests", "匿名のリクエストには何も許可されていません"),
    "cloud_not_scanned": ("anonymous grants {grants}; the managed cluster {cloud_id} is not in this scan",
                          "匿名への権限 {grants} があります。マネージドクラスタ {cloud_id} はこのスキャンに含まれていません"),
    "endpoint_private": ("anonymous grants {grants}, but the API endpoint is {endpoint}",
                         "匿名への権限 {grants} がありますが、API エンドポイントは {endpoint} です"),
    "public_anonymous": ("API endpoint {endpoint}, and anonymous requests are granted {grants}",
                         "API エンドポイントが {endpoint} で、匿名のリクエストに {grants} が許可されています"),
})


@check(id="k8s.cluster.version_supported", resource_types=("k8s.cluster",), severity=Severity.HIGH,
       title=T("The API server runs a supported Kubernetes version", "API サーバーがサポート期間内の Kubernetes を実行している"),
       description=T("Minor versions past their end of life receive no security fixes.",
                     "サポート終了を迎えたマイナーバージョンにはセキュリティ修正が提供されません。"),
       remediation=T("Upgrade the control plane to a supported minor version (one minor at a time).",
                     "コントロールプレーンをサポート期間内のマイナーバージョンへ（1 つずつ）アップグレードしてください。"),
       frameworks={NSA: [UPGRADING]}, needs_inventory=True)
def cluster_version(r: Resource, inventory: Inventory) -> Result:
    v = readable(r.data.get("version"), "version") or {}
    git = str(v.get("gitVersion") or f"v{v.get('major', '')}.{v.get('minor', '')}")
    return version_result(git, inventory.now)


@check(id="k8s.cluster.image_signature_policy", resource_types=("k8s.cluster",), severity=Severity.MEDIUM,
       title=T("Image signatures are verified at admission", "イメージの署名をアドミッション時に検証している"),
       description=T("A registry allow-list says where images come from; only a signature policy (Sigstore policy-controller, Kyverno verifyImages, "
                     "Ratify) says who built them.",
                     "レジストリの許可リストは取得元を示すだけで、誰がビルドしたかは署名ポリシー（Sigstore policy-controller、Kyverno verifyImages、Ratify）"
                     "でしか確認できません。"),
       remediation=T("Install a signature verifier and a policy requiring signatures from your build system's key or identity.",
                     "署名の検証機能を導入し、ビルドシステムの鍵または ID による署名を必須とするポリシーを設定してください。"),
       frameworks={CIS: ["5.5.1"], CIS10: ["5.5.1"], NSA: [SIGNATURES]})
def image_signature_policy(r: Resource) -> Result:
    found = readable(r.data.get("image_signature_policies"), "image signature policies")
    return MSG.ok("signature_policies", policies=list(found)) if found else MSG.fail("no_signature_policy")


def _endpoint(cloud: Resource) -> tuple[bool, str]:
    """(reachable from any address, how) for the managed cluster's API endpoint, as its cloud
    collector read it (EKS resourcesVpcConfig, AKS apiServerAccessProfile, GKE authorised networks)."""
    d = cloud.data
    if cloud.type == "aws.eks.cluster":
        vpc = d.get("resourcesVpcConfig") or {}
        if not vpc.get("endpointPublicAccess", True):
            return False, "private"
        cidrs = vpc.get("publicAccessCidrs") or ["0.0.0.0/0"]
        return bool({"0.0.0.0/0", "::/0"} & set(cidrs)), f"public to {', '.join(cidrs)}"
    if cloud.type == "azure.aks.cluster":
        access = (d.get("properties") or {}).get("apiServerAccessProfile") or {}
        if access.get("enablePrivateCluster") is True:
            return False, "private"
        ranges = [c for c in access.get("authorizedIPRanges") or [] if c not in ("0.0.0.0/0", "*")]
        return not ranges, f"public to {', '.join(ranges) or 'any address'}"
    if (d.get("privateClusterConfig") or {}).get("enablePrivateEndpoint"):
        return False, "private"
    if (d.get("masterAuthorizedNetworksConfig") or {}).get("enabled"):
        return False, "limited to authorised networks"
    return True, "public to any address"


@check(id="k8s.cluster.public_api_no_anonymous_grants", resource_types=("k8s.cluster",), severity=Severity.CRITICAL,
       title=T("An internet-facing API server grants nothing to anonymous requests",
               "インターネットに公開された API サーバーが匿名のリクエストに何も許可していない"),
       description=T("The managed cluster's cloud settings (endpoint reachable from any address) and its in-cluster RBAC (roles bound to "
                     "system:anonymous or system:unauthenticated) together let anyone on the internet use those roles, with no credential.",
                     "マネージドクラスタのクラウド設定（任意のアドレスから到達できるエンドポイント）とクラスタ内の RBAC"
                     "（system:anonymous・system:unauthenticated へのロール）が合わさると、インターネット上の誰もが認証情報なしにそのロールを使えます。"),
       remediation=T("Remove the anonymous bindings, and make the endpoint private or limit it to known networks.",
                     "匿名へのバインディングを削除し、エンドポイントをプライベートにするか既知のネットワークに制限してください。"),
       frameworks={CIS: ["5.1.1"], CIS10: ["5.1.1"], NSA: ["authn.authentication", "network.control-plane"]}, needs_inventory=True)
def public_api_no_anonymous_grants(r: Resource, inventory: Inventory) -> Result:
    grants = list((readable(r.data.get("rbac"), "RBAC") or {}).get("anonymous_grants") or ())
    if not grants:
        return MSG.ok("no_anonymous_grants")
    cloud_id = r.data.get("cloud_id")
    cloud = inventory.get(str(cloud_id)) if cloud_id else None
    if cloud is None:
        return MSG.ok("cloud_not_scanned", grants=grants, cloud_id=cloud_id or "(none)")
    public, endpoint = _endpoint(cloud)
    if not public:
        return MSG.ok("endpoint_private", grants=grants, endpoint=endpoint)
    return MSG.fail("public_anonymous", endpoint=endpoint, grants=grants, cloud_resource=cloud.id)
