"""KMS checks."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need

MSG = Messages("aws.kms", {
    "not_applicable": ("rotation does not apply (state {state}, spec {spec}, origin {origin})",
                       "ローテーションは対象外です (状態 {state}、仕様 {spec}、オリジン {origin})"),
    "rotation_on": ("rotation enabled", "ローテーションが有効です"),
    "rotation_off": ("automatic rotation is off", "自動ローテーションが無効です"),
})


@check(
    id="aws.kms.rotation_enabled", resource_types=("aws.kms.key",), severity=Severity.MEDIUM,
    frameworks={"aws-fsbp": ["KMS.4"], "cis-aws-3.0": ["3.6"]},
    title={"en": "KMS customer key rotation is enabled", "ja": "KMS カスタマーキーのローテーションが有効"},
    description={"en": "Automatic yearly rotation is on for enabled, symmetric customer-managed keys "
                       "(asymmetric, imported and disabled keys cannot rotate and pass).",
                 "ja": "有効な対称カスタマー管理キーで自動ローテーション（年 1 回）が有効になっている"
                       "（非対称キー、インポートしたキー、無効なキーはローテーションできないため合格とする）。"},
    remediation={"en": "aws kms enable-key-rotation --key-id KEY_ID",
                 "ja": "aws kms enable-key-rotation --key-id KEY_ID を実行する。"},
)
def rotation_enabled(key: Resource) -> Result:
    rotation = need(key, "_rotation_enabled")
    if rotation is None:
        return MSG.ok("not_applicable", state=key.data.get("KeyState"), spec=key.data.get("KeySpec"),
                      origin=key.data.get("Origin"))
    return MSG.ok("rotation_on") if rotation else MSG.fail("rotation_off")
