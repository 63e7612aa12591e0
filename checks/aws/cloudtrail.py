"""CloudTrail checks: every region recorded by a logging multi-region trail; trail hardening."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity, is_unreadable
from checks import Messages, check, need, readable

TRAIL = ("aws.cloudtrail.trail",)

MSG = Messages("aws.cloudtrail", {
    "no_multi_region": ("no multi-region trail records this region",
                        "このリージョンを記録するマルチリージョン証跡がありません"),
    "no_trail": ("no trail at all", "証跡が 1 つもありません"),
    "recorded_by": ("recorded by {trail}", "{trail} が記録しています"),
    "trails_unreadable": ("status or selectors of {trails} could not be read",
                          "{trails} の状態またはイベントセレクターを読み取れませんでした"),
    "none_logging_all": ("multi-region trails exist but none is logging all management events",
                         "マルチリージョン証跡はありますが、すべての管理イベントを記録中のものはありません"),
    "validation_off": ("log file validation is off", "ログファイルの検証が無効です"),
    "encrypted_with": ("encrypted with {kms_key}", "{kms_key} で暗号化されています"),
    "not_kms": ("logs are not encrypted with KMS", "ログが KMS で暗号化されていません"),
})


def records_all_management_events(selectors: Any) -> bool:
    """True when the selectors capture read and write management events.

    No selectors at all is CloudTrail's default (all management events).
    """
    basic = selectors.get("EventSelectors") or []
    advanced = selectors.get("AdvancedEventSelectors") or []
    if not basic and not advanced:
        return True
    for sel in basic:
        if sel.get("IncludeManagementEvents", True) and sel.get("ReadWriteType", "All") == "All":
            return True
    for sel in advanced:
        fields = {f.get("Field"): f for f in sel.get("FieldSelectors", [])}
        category = fields.get("eventCategory", {})
        if "Management" in (category.get("Equals") or []) and "readOnly" not in fields:
            return True
    return False


@check(
    id="aws.cloudtrail.enabled_multi_region", resource_types=("aws.cloudtrail.region",), severity=Severity.HIGH,
    frameworks={"aws-fsbp": ["CloudTrail.1"], "cis-aws-3.0": ["3.1"]},
    title={"en": "A logging multi-region CloudTrail trail records the region",
           "ja": "ログ記録中のマルチリージョン CloudTrail 証跡がリージョンを記録している"},
    description={"en": "At least one multi-region trail is logging and records all read and write management "
                       "events, so API activity in this region is on record.",
                 "ja": "読み取り・書き込みのすべての管理イベントを記録するマルチリージョン証跡が少なくとも 1 つ"
                       "ログ記録中であり、このリージョンの API 操作が記録される。"},
    remediation={"en": "aws cloudtrail create-trail --name NAME --s3-bucket-name BUCKET --is-multi-region-trail "
                       "then aws cloudtrail start-logging --name NAME.",
                 "ja": "aws cloudtrail create-trail --name NAME --s3-bucket-name BUCKET --is-multi-region-trail "
                       "の後に aws cloudtrail start-logging --name NAME を実行する。"},
)
def enabled_multi_region(region: Resource) -> Result:
    trails = need(region, "_trails")
    multi = [t for t in trails or [] if t.get("IsMultiRegionTrail")]
    if not multi:
        return MSG.fail("no_multi_region") if trails else MSG.fail("no_trail")
    unknown = []
    for t in multi:
        # One trail that could not be read does not hide another that records the region.
        if is_unreadable(t.get("IsLogging")) or is_unreadable(t.get("EventSelectors")):
            unknown.append(str(t.get("Name")))
            continue
        if t.get("IsLogging") and records_all_management_events(t.get("EventSelectors") or {}):
            return MSG.ok("recorded_by", trail=t.get("Name"))
    if unknown:
        return MSG.error("trails_unreadable", trails=unknown)
    return MSG.fail("none_logging_all", trails=[t.get("Name") for t in multi])


@check(
    id="aws.cloudtrail.log_file_validation", resource_types=TRAIL, severity=Severity.MEDIUM,
    frameworks={"aws-fsbp": ["CloudTrail.4"], "cis-aws-3.0": ["3.2"]},
    title={"en": "CloudTrail log file validation is enabled", "ja": "CloudTrail のログファイル検証が有効"},
    description={"en": "The trail writes signed digest files, so tampering with delivered logs can be detected.",
                 "ja": "証跡が署名付きダイジェストファイルを書き込み、配信されたログの改ざんを検出できる。"},
    remediation={"en": "aws cloudtrail update-trail --name NAME --enable-log-file-validation",
                 "ja": "aws cloudtrail update-trail --name NAME --enable-log-file-validation を実行する。"},
)
def log_file_validation(trail: Resource) -> Result:
    return Result.ok() if need(trail, "LogFileValidationEnabled") else MSG.fail("validation_off")


@check(
    id="aws.cloudtrail.kms_encrypted", resource_types=TRAIL, severity=Severity.MEDIUM,
    frameworks={"aws-fsbp": ["CloudTrail.2"], "cis-aws-3.0": ["3.5"]},
    title={"en": "CloudTrail logs are encrypted with a KMS key", "ja": "CloudTrail ログが KMS キーで暗号化されている"},
    description={"en": "The trail encrypts its log files with a customer-managed KMS key (SSE-KMS), so reading "
                       "them needs kms:Decrypt as well as S3 access.",
                 "ja": "証跡がカスタマー管理 KMS キー（SSE-KMS）でログファイルを暗号化しており、読み取りには S3 への"
                       "アクセスに加えて kms:Decrypt が必要になる。"},
    remediation={"en": "aws cloudtrail update-trail --name NAME --kms-key-id KEY_ARN (the key policy must "
                       "allow CloudTrail to use it).",
                 "ja": "aws cloudtrail update-trail --name NAME --kms-key-id KEY_ARN を実行する（キーポリシーで"
                       "CloudTrail による利用を許可しておく）。"},
)
def kms_encrypted(trail: Resource) -> Result:
    key = readable(trail.data.get("KmsKeyId"), "KmsKeyId")
    return MSG.ok("encrypted_with", kms_key=key) if key else MSG.fail("not_kms")
