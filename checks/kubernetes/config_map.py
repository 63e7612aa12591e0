"""ConfigMaps (keys only; the collector never keeps their values)."""

from __future__ import annotations

import re

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T
from checks.kubernetes.pod_hygiene import SECRET_NAME
from checks.kubernetes.podspec import CIS, CIS10, NSA

# Corefile plugins that answer or rewrite names instead of resolving them.
COREDNS_TAMPERING = re.compile(r"^\s*(rewrite|template|hosts|file|erratic)\b", re.M)

MSG = Messages("kubernetes.config_map", {
    "secret_like_keys": ("secret-like keys: {keys}", "シークレットのような名前のキー: {keys}"),
    "not_coredns": ("not the CoreDNS configuration", "CoreDNS の設定ではありません"),
    "coredns_tampered": ("Corefile uses {plugins}", "Corefile で {plugins} を使用しています"),
    "snippets_allowed": ("allow-snippet-annotations is {value}", "allow-snippet-annotations が {value} です"),
    "not_nginx": ("not an ingress-nginx controller configuration", "ingress-nginx コントローラーの設定ではありません"),
    "credentials": ("keys holding credentials: {keys}", "認証情報を含むキー: {keys}"),
})


@check(id="k8s.config_map.no_secret_like_keys", resource_types=("k8s.config_map",), severity=Severity.MEDIUM,
       title=T("ConfigMaps do not hold secrets", "ConfigMap にシークレットを格納していない"),
       description=T("ConfigMaps are readable by far more subjects than Secrets and are not encrypted at rest; keys named like passwords or tokens suggest a "
           "secret stored there.",
                     "ConfigMap は Secret よりも多くのサブジェクトが読め、保存時の暗号化対象外です。"
                         "パスワードやトークンのような名前のキーはシークレットの格納を示唆します。"),
       remediation=T("Move the values into Secrets (or an external secret store) and reference those instead.",
                     "値を Secret（または外部のシークレットストア）に移し、そちらを参照してください。"),
       frameworks={CIS: ["5.4.2"], CIS10: ["5.4.2"], NSA: ["network.secrets"]})
def configmap_secret_keys(r: Resource) -> Result:
    keys = [k for k in r.data.get("_keys") or () if SECRET_NAME.search(str(k))]
    return MSG.fail("secret_like_keys", keys=keys) if keys else Result.ok()


def _cm(r: Resource) -> tuple[str, str]:
    meta = r.data.get("metadata") or {}
    return str(meta.get("namespace") or "default"), str(meta.get("name") or "")


@check(id="k8s.config_map.coredns_not_tampered", resource_types=("k8s.config_map",), severity=Severity.MEDIUM,
       title=T("CoreDNS answers names only by resolving them", "CoreDNS が名前を解決によってのみ応答している"),
       description=T("rewrite, template, hosts or file plugins in the CoreDNS Corefile answer chosen names with chosen addresses: "
                     "a common way to redirect in-cluster traffic (DNS poisoning).",
                     "CoreDNS の Corefile の rewrite・template・hosts・file プラグインは、特定の名前に任意のアドレスを返します。"
                     "クラスタ内の通信を横取りする典型的な手口（DNS ポイズニング）です。"),
       remediation=T("Review the kube-system/coredns ConfigMap; remove entries nobody can account for and restrict who can change it.",
                     "kube-system/coredns の ConfigMap を確認し、説明のつかない設定を削除し、変更できる者を制限してください。"),
       frameworks={NSA: ["network.network-policies"]})
def coredns_not_tampered(r: Resource) -> Result:
    ns, name = _cm(r)
    corefile = (r.data.get("_settings") or {}).get("Corefile")
    if ns != "kube-system" or name not in ("coredns", "coredns-custom") or corefile is None:
        return MSG.ok("not_coredns")
    plugins = sorted(set(COREDNS_TAMPERING.findall(str(corefile))))
    return MSG.fail("coredns_tampered", plugins=plugins) if plugins else Result.ok()


@check(id="k8s.config_map.nginx_snippets_disabled", resource_types=("k8s.config_map",), severity=Severity.HIGH,
       title=T("ingress-nginx does not allow snippet annotations", "ingress-nginx がスニペットのアノテーションを許可していない"),
       description=T("With allow-snippet-annotations: \"true\" anyone who can create an Ingress can inject nginx configuration and read the "
                     "controller's service account token and every Secret it sees (CVE-2021-25742).",
                     "allow-snippet-annotations: \"true\" では、Ingress を作成できる誰もが nginx の設定を注入し、コントローラーのトークンや"
                     "参照できるすべての Secret を読めます（CVE-2021-25742）。"),
       remediation=T("Set allow-snippet-annotations: \"false\" in the ingress-nginx controller ConfigMap (the default since v1.9).",
                     "ingress-nginx コントローラーの ConfigMap で allow-snippet-annotations: \"false\" を設定してください（v1.9 以降の既定）。"),
       frameworks={NSA: ["network.network-policies"]})
def nginx_snippets_disabled(r: Resource) -> Result:
    value = (r.data.get("_settings") or {}).get("allow-snippet-annotations")
    if value is None:
        return MSG.ok("not_nginx")
    return MSG.fail("snippets_allowed", value=value) if value.strip().lower() == "true" else Result.ok()


@check(id="k8s.config_map.no_credentials_in_values", resource_types=("k8s.config_map",), severity=Severity.HIGH,
       title=T("ConfigMap values hold no credentials", "ConfigMap の値に認証情報が含まれていない"),
       description=T("A value recognised as a credential (private key, cloud access key, token) sits in a ConfigMap, readable by more subjects "
                     "than Secrets and never encrypted at rest, whatever its key is called.",
                     "認証情報と判定された値（秘密鍵、クラウドのアクセスキー、トークン）が ConfigMap にあり、キー名にかかわらず、"
                     "Secret より多くのサブジェクトが読め、保存時にも暗号化されません。"),
       remediation=T("Move the value into a Secret or an external secret store, and rotate the credential.",
                     "値を Secret または外部のシークレットストアに移し、認証情報をローテーションしてください。"),
       frameworks={CIS: ["5.4.1"], CIS10: ["5.4.1"], NSA: ["network.secrets"]})
def configmap_credentials(r: Resource) -> Result:
    # The collector keeps the formats detect-secrets found per key, never the value.
    found = r.data.get("_credentials") or {}
    keys = [f"{k} ({', '.join(v)})" for k, v in sorted(found.items())]
    return MSG.fail("credentials", keys=keys) if keys else Result.ok()
