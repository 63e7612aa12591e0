"""Service accounts: token automount on each namespace's default account."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import CIS, CIS10, NSA

MSG = Messages("kubernetes.service_account", {
    "not_default": ("not a default service account", "default サービスアカウントではありません"),
    "automount_on": ("automountServiceAccountToken is not false", "automountServiceAccountToken が false ではありません"),
})


@check(id="k8s.service_account.default_automount_disabled", resource_types=("k8s.service_account",), severity=Severity.MEDIUM,
       title=T("Default service accounts do not automount tokens", "default サービスアカウントがトークンを自動マウントしない"),
       description=T("Every pod that names no service account runs as default; unless its token automount is off, each such pod carries an API credential.",
                     "サービスアカウントを指定しない Pod はすべて default で実行され、自動マウントを無効にしない限り API の認証情報を持ちます。"),
       remediation=T("Set automountServiceAccountToken: false on each namespace's default service account.",
                     "各名前空間の default サービスアカウントに automountServiceAccountToken: false を設定してください。"),
       frameworks={CIS: ["5.1.5"], CIS10: ["5.1.5"], NSA: ["pod-security.service-account-tokens"]})
def default_sa_automount(r: Resource) -> Result:
    if (r.data.get("metadata") or {}).get("name") != "default":
        return MSG.ok("not_default")
    if r.data.get("automountServiceAccountToken") is False:
        return Result.ok()
    return MSG.fail("automount_on")
