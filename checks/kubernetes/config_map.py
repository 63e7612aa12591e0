"""ConfigMaps (keys only; the collector never keeps their values)."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T
from checks.kubernetes.pod_hygiene import SECRET_NAME
from checks.kubernetes.podspec import CIS, CIS10, NSA

MSG = Messages("kubernetes.config_map", {
    "secret_like_keys": ("secret-like keys: {keys}", "シークレットのような名前のキー: {keys}"),
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
