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
