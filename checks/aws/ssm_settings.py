"""Systems Manager account settings and managed instances: public document sharing blocked,
Automation logs to CloudWatch, Session Manager sessions logged and encrypted, managed instances
patch- and association-compliant."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

MSG = Messages("aws.ssm_settings", {
    "setting": ("{setting} is {value}", "{setting} の値は {value} です"),
    "no_instances": ("no managed instances in this region", "このリージョンにマネージドインスタンスがありません"),
    "no_preferences": ("Session Manager preferences were never saved", "Session Manager の設定が保存されていません"),
    "not_logged": ("sessions are logged neither to S3 nor to CloudWatch Logs",
                   "セッションは S3 にも CloudWatch Logs にも記録されていません"),
    "logged_to": ("sessions logged to {destinations}", "セッションの記録先: {destinations}"),
    "no_kms": ("session data is not encrypted with a KMS key", "セッションデータが KMS キーで暗号化されていません"),
    "compliance": ("{kind} compliance is {status}", "{kind} コンプライアンスの状態は {status} です"),
    "no_patch_data": ("no patch compliance reported: the instance was never scanned against a patch baseline",
                      "パッチコンプライアンスの報告がありません (パッチベースラインによるスキャンが未実施です)"),
    "no_association": ("no State Manager association", "State Manager の関連付けがありません"),
})


@check(id="aws.ssm.documents_public_sharing_blocked", resource_types=("aws.ssm.region",), severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["SSM.7"]},
       title=T("SSM documents cannot be shared publicly (block public sharing is on)",
               "SSM ドキュメントの公開共有がブロックされている"),
       description=T("With the account setting open, anyone allowed to modify a document's permissions can publish "
                     "it to every AWS account, scripts and internal names included.",
                     "アカウント設定が開いていると、ドキュメントの権限を変更できる人なら誰でも、スクリプトや内部名を含めて全 AWS "
                     "アカウントに公開できます。"),
       remediation=T("aws ssm update-service-setting --setting-id /ssm/documents/console/public-sharing-permission "
                     "--setting-value Disable",
                     "aws ssm update-service-setting --setting-id /ssm/documents/console/public-sharing-permission "
                     "--setting-value Disable を実行してください。"))
def documents_public_sharing_blocked(r: Resource) -> Result:
    value = need(r, "PublicSharingPermission")
    return Result.ok() if value == "Disable" else MSG.fail("setting", setting="public-sharing-permission", value=value)


@check(id="aws.ssm.automation_logging_enabled", resource_types=("aws.ssm.region",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["SSM.6"]},
       title=T("SSM Automation sends script output to CloudWatch Logs", "SSM Automation がスクリプト出力を CloudWatch Logs に送信している"),
       description=T("Automation runbooks run scripts with broad roles; without CloudWatch logging what they did is "
                     "not kept.",
                     "Automation ランブックは強い権限のロールでスクリプトを実行します。CloudWatch へのログがないと実行内容が残りません。"),
       remediation=T("aws ssm update-service-setting --setting-id /ssm/automation/customer-script-log-destination "
                     "--setting-value CloudWatch",
                     "aws ssm update-service-setting --setting-id /ssm/automation/customer-script-log-destination "
                     "--setting-value CloudWatch を実行してください。"))
def automation_logging_enabled(r: Resource) -> Result:
    value = need(r, "AutomationLogDestination")
    return Result.ok() if value == "CloudWatch" else MSG.fail("setting", setting="customer-script-log-destination",
                                                                value=value or "NONE")


def _preferences(r: Resource) -> tuple[Result | None, dict[str, Any]]:
    if not need(r, "_managed_instances"):
        return MSG.ok("no_instances"), {}
    prefs = need(r, "_session_preferences")
    if prefs is None:
        return MSG.fail("no_preferences"), {}
    return None, prefs


@check(id="aws.ssm.session_manager_logging_enabled", resource_types=("aws.ssm.region",), severity=Severity.MEDIUM,
       title=T("Session Manager sessions are logged", "Session Manager のセッションが記録されている"),
       description=T("A shell opened through Session Manager leaves no transcript unless session data goes to S3 or "
                     "CloudWatch Logs; the commands of an intruder using it would be lost.",
                     "Session Manager で開いたシェルは、セッションデータを S3 か CloudWatch Logs に送らない限り記録が残りません。"
                     "侵入者が使ったコマンドも失われます。"),
       remediation=T("Set s3BucketName or cloudWatchLogGroupName in the Session Manager preferences "
                     "(document SSM-SessionManagerRunShell).",
                     "Session Manager の設定 (ドキュメント SSM-SessionManagerRunShell) で s3BucketName または "
                     "cloudWatchLogGroupName を設定してください。"))
def session_manager_logging_enabled(r: Resource) -> Result:
    early, prefs = _preferences(r)
    if early is not None:
        return early
    dest = [d for d in ("s3BucketName", "cloudWatchLogGroupName") if prefs.get(d)]
    return MSG.ok("logged_to", destinations=dest) if dest else MSG.fail("not_logged")


@check(id="aws.ssm.session_manager_encrypted", resource_types=("aws.ssm.region",), severity=Severity.MEDIUM,
       title=T("Session Manager session data is encrypted with a KMS key", "Session Manager のセッションデータが KMS キーで暗号化されている"),
       description=T("Sessions carry typed commands and their output, often secrets; a KMS key in the preferences "
                     "encrypts the channel end to end beyond TLS.",
                     "セッションには入力したコマンドとその出力 (しばしば秘密情報) が含まれます。設定に KMS キーを指定すると、TLS "
                     "に加えてチャネルがエンドツーエンドで暗号化されます。"),
       remediation=T("Set kmsKeyId in the Session Manager preferences and allow kms:Decrypt for the instance role and users.",
                     "Session Manager の設定で kmsKeyId を指定し、インスタンスロールとユーザーに kms:Decrypt を許可してください。"))
def session_manager_encrypted(r: Resource) -> Result:
    early, prefs = _preferences(r)
    if early is not None:
        return early
    return Result.ok() if prefs.get("kmsKeyId") else MSG.fail("no_kms")


def _status(r: Resource, kind: str) -> Any:
    comp = readable(need(r, "_compliance"), "_compliance") or {}
    return (comp.get(kind) or {}).get("Status")


@check(id="aws.ssm.managed_instance_patch_compliant", resource_types=("aws.ssm.managed_instance",), severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["SSM.2"]},
       title=T("Managed instance is patch compliant", "マネージドインスタンスがパッチ準拠している"),
       description=T("An instance missing patches its baseline approves runs known-vulnerable software.",
                     "ベースラインが承認したパッチが欠けているインスタンスは、既知の脆弱性を持つソフトウェアを実行しています。"),
       remediation=T("Run AWS-RunPatchBaseline with Operation=Install (or a patch policy in Quick Setup) on the instance.",
                     "インスタンスで AWS-RunPatchBaseline を Operation=Install で実行してください (または Quick Setup のパッチ"
                     "ポリシーを使用してください)。"))
def managed_instance_patch_compliant(r: Resource) -> Result:
    status = _status(r, "Patch")
    if status is None:
        return MSG.fail("no_patch_data")
    return Result.ok() if status == "COMPLIANT" else MSG.fail("compliance", kind="Patch", status=status)


@check(id="aws.ssm.managed_instance_association_compliant", resource_types=("aws.ssm.managed_instance",),
       severity=Severity.LOW, frameworks={"aws-fsbp": ["SSM.3"]},
       title=T("Managed instance is association compliant", "マネージドインスタンスが関連付けに準拠している"),
       description=T("A failed State Manager association means the configuration it enforces (agents, hardening, "
                     "inventory) is not in place on the instance.",
                     "State Manager の関連付けが失敗していると、それが適用する構成 (エージェント、強化設定、インベントリ) がインスタンス"
                     "に反映されていません。"),
       remediation=T("Read the association's execution history (aws ssm describe-association-executions), fix the "
                     "cause and re-run it.",
                     "関連付けの実行履歴 (aws ssm describe-association-executions) を確認し、原因を修正して再実行してください。"))
def managed_instance_association_compliant(r: Resource) -> Result:
    status = _status(r, "Association")
    if status is None:
        return MSG.ok("no_association")
    return Result.ok() if status == "COMPLIANT" else MSG.fail("compliance", kind="Association", status=status)
