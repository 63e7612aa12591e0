"""Secrets (metadata only; the collector never keeps their data)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T
from checks.kubernetes.podspec import CIS, CIS10, NSA

MSG = Messages("kubernetes.secret", {
    "legacy_token": ("long-lived token for service account {service_account}",
                     "サービスアカウント {service_account} の長期間有効なトークンです"),
    "legacy_token_unnamed": ("long-lived token for service account ?",
                             "サービスアカウント（名前不明）の長期間有効なトークンです"),
})


def _annotations(r: Resource) -> dict[str, Any]:
    return (r.data.get("metadata") or {}).get("annotations") or {}


@check(id="k8s.secret.no_legacy_service_account_tokens", resource_types=("k8s.secret",), severity=Severity.MEDIUM,
       title=T("No long-lived service account token Secrets", "長期間有効なサービスアカウントトークンの Secret がない"),
       description=T("Token Secrets (type kubernetes.io/service-account-token) never expire; bound tokens from the TokenRequest API expire and are "
           "audience-bound.",
                     "トークン Secret（type kubernetes.io/service-account-token）は失効しません。TokenRequest API "
                         "の期限付きトークンは有効期限と対象が限定されます。"),
       remediation=T("Delete the token Secret and let pods use projected, time-bound tokens (kubectl create token for tools).",
                     "トークン Secret を削除し、Pod には期限付きの projected トークンを使わせてください（ツールには kubectl create token）。"),
       frameworks={CIS: ["5.1.6"], CIS10: ["5.1.6"], NSA: ["pod-security.service-account-tokens"]})
def no_legacy_tokens(r: Resource) -> Result:
    # Only metadata is read: the type is recognised by the annotation the token controller sets.
    sa = _annotations(r).get("kubernetes.io/service-account.name")
    if sa:
        return MSG.fail("legacy_token", service_account=sa)
    if r.data.get("type") == "kubernetes.io/service-account-token":
        return MSG.fail("legacy_token_unnamed", service_account=sa)
    return Result.ok()
