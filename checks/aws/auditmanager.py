"""AWS Audit Manager checks (only where it is active): its data encrypted with a customer
managed key, a report destination set, evidence finder on, and at least one active assessment."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

MSG = Messages("aws.auditmanager", {
    "default_key": ("Audit Manager data is encrypted with the AWS owned key", "Audit Manager のデータは AWS 所有キーで暗号化されています"),
    "no_destination": ("no default assessment report destination", "既定の評価レポートの保存先がありません"),
    "evidence_finder": ("evidence finder is {status}", "証拠ファインダーの状態は {status} です"),
    "no_assessment": ("no active assessment: no evidence is collected", "有効な評価がなく、証拠が収集されていません"),
    "assessments": ("{count} active assessments", "有効な評価 {count} 件"),
})


def _settings(r: Resource) -> dict[str, Any]:
    return readable(need(r, "settings"), "settings") or {}


@check(id="aws.auditmanager.settings_encrypted_with_cmk", resource_types=("aws.auditmanager.account",),
       severity=Severity.LOW,
       title=T("Audit Manager encrypts its evidence with a customer managed KMS key",
               "Audit Manager が証拠をカスタマー管理の KMS キーで暗号化している"),
       description=T("Evidence holds configuration snapshots and user activity of the whole account; a customer "
                     "managed key puts its decryption under the account's own key policy and audit trail.",
                     "証拠にはアカウント全体の構成スナップショットとユーザー操作が含まれます。カスタマー管理キーなら復号をアカウント"
                     "自身のキーポリシーと監査証跡の下に置けます。"),
       remediation=T("aws auditmanager update-settings --kms-key KEY_ARN", "aws auditmanager update-settings --kms-key KEY_ARN を実行してください。"))
def settings_encrypted_with_cmk(r: Resource) -> Result:
    key = _settings(r).get("kmsKey")
    return MSG.fail("default_key") if not key or key == "DEFAULT" else Result.ok()


@check(id="aws.auditmanager.report_destination_configured", resource_types=("aws.auditmanager.account",),
       severity=Severity.LOW,
       title=T("Audit Manager has a default assessment report destination", "Audit Manager に既定の評価レポート保存先がある"),
       description=T("Without a default destination reports are written wherever each user picks, outside the bucket "
                     "whose access and retention the audit relies on.",
                     "既定の保存先がないと、レポートは利用者ごとに選んだ場所に書かれ、監査が前提とするアクセス管理と保持期間の"
                     "バケットの外に置かれます。"),
       remediation=T("aws auditmanager update-settings --default-assessment-reports-destination "
                     "destinationType=S3,destination=s3://BUCKET",
                     "aws auditmanager update-settings --default-assessment-reports-destination "
                     "destinationType=S3,destination=s3://BUCKET を実行してください。"))
def report_destination_configured(r: Resource) -> Result:
    dest = _settings(r).get("defaultAssessmentReportsDestination") or {}
    return Result.ok() if dest.get("destination") else MSG.fail("no_destination")


@check(id="aws.auditmanager.evidence_finder_enabled", resource_types=("aws.auditmanager.account",), severity=Severity.LOW,
       title=T("Audit Manager evidence finder is enabled", "Audit Manager の証拠ファインダーが有効"),
       description=T("Evidence finder makes the collected evidence searchable (through CloudTrail Lake), which "
                     "is how an auditor answers a question without exporting every folder.",
                     "証拠ファインダーは収集した証拠を (CloudTrail Lake で) 検索可能にし、監査人がすべてのフォルダーを書き出さずに"
                     "確認できるようにします。"),
       remediation=T("aws auditmanager update-settings --evidence-finder-enabled",
                     "aws auditmanager update-settings --evidence-finder-enabled を実行してください。"))
def evidence_finder_enabled(r: Resource) -> Result:
    status = (_settings(r).get("evidenceFinderEnablement") or {}).get("enablementStatus") or "DISABLED"
    return Result.ok() if status in ("ENABLED", "ENABLE_IN_PROGRESS") else MSG.fail("evidence_finder", status=status)


@check(id="aws.auditmanager.active_assessment_exists", resource_types=("aws.auditmanager.account",),
       severity=Severity.LOW,
       title=T("Audit Manager runs at least one active assessment", "Audit Manager で有効な評価が 1 つ以上実行されている"),
       description=T("Audit Manager collects evidence only for active assessments; an active service without one "
                     "gathers nothing for the audit.",
                     "Audit Manager は有効な評価についてのみ証拠を収集します。評価がなければ監査用の証拠は何も集まりません。"),
       remediation=T("Create an assessment from a framework (aws auditmanager create-assessment).",
                     "フレームワークから評価を作成してください (aws auditmanager create-assessment)。"))
def active_assessment_exists(r: Resource) -> Result:
    active = readable(need(r, "_active_assessments"), "_active_assessments") or []
    return MSG.ok("assessments", count=len(active)) if active else MSG.fail("no_assessment")
