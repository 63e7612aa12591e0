"""AWS Resilience Hub application checks: a resiliency policy attached, the application
assessed and meeting its policy, assessed daily."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

MSG = Messages("aws.resiliencehub", {
    "no_policy": ("no resiliency policy is attached", "回復性ポリシーが関連付けられていません"),
    "compliance": ("compliance status is {status}", "コンプライアンスの状態は {status} です"),
    "schedule": ("assessment schedule is {schedule}", "評価スケジュールは {schedule} です"),
})

NOT_ASSESSED = ("NotAssessed", "MissingPolicy", "NotApplicable")


@check(id="aws.resiliencehub.app_has_resiliency_policy", resource_types=("aws.resiliencehub.app",), severity=Severity.MEDIUM,
       title=T("Resilience Hub application has a resiliency policy", "Resilience Hub アプリケーションに回復性ポリシーがある"),
       description=T("Without a policy (target RTO and RPO per disruption type) Resilience Hub has nothing to assess "
                     "the application against.",
                     "ポリシー (障害種別ごとの目標 RTO と RPO) がないと、Resilience Hub はアプリケーションを評価する基準を持ちません。"),
       remediation=T("aws resiliencehub update-app --app-arn ARN --policy-arn POLICY_ARN",
                     "aws resiliencehub update-app --app-arn ARN --policy-arn POLICY_ARN を実行してください。"))
def app_has_resiliency_policy(r: Resource) -> Result:
    return Result.ok() if need(r, "policyArn") else MSG.fail("no_policy")


@check(id="aws.resiliencehub.app_assessed", resource_types=("aws.resiliencehub.app",), severity=Severity.LOW,
       title=T("Resilience Hub application has been assessed", "Resilience Hub アプリケーションが評価されている"),
       description=T("An application never assessed has an unknown recovery capability: nobody has checked that "
                     "its backups, replicas and failover meet the targets.",
                     "一度も評価されていないアプリケーションの復旧能力は不明です。バックアップ、レプリカ、フェイルオーバーが目標を"
                     "満たすか誰も確認していません。"),
       remediation=T("Publish the application version and run aws resiliencehub start-app-assessment.",
                     "アプリケーションのバージョンを公開し、aws resiliencehub start-app-assessment を実行してください。"))
def app_assessed(r: Resource) -> Result:
    status = need(r, "complianceStatus")
    return MSG.fail("compliance", status=status) if status in NOT_ASSESSED else Result.ok()


@check(id="aws.resiliencehub.app_meets_resiliency_policy", resource_types=("aws.resiliencehub.app",),
       severity=Severity.MEDIUM,
       title=T("Resilience Hub application meets its resiliency policy", "Resilience Hub アプリケーションが回復性ポリシーを満たしている"),
       description=T("A breached policy means the estimated recovery time or data loss of some disruption exceeds "
                     "the target the business set.",
                     "ポリシー違反は、ある障害の推定復旧時間またはデータ損失が事業で定めた目標を超えていることを意味します。"),
       remediation=T("Apply the assessment's resiliency recommendations (Multi-AZ, backups, replicas) and re-assess.",
                     "評価の回復性に関する推奨事項 (マルチ AZ、バックアップ、レプリカ) を適用し、再評価してください。"))
def app_meets_resiliency_policy(r: Resource) -> Result:
    status = need(r, "complianceStatus")
    if status in NOT_ASSESSED:
        return MSG.ok("compliance", status=status)  # aws.resiliencehub.app_assessed reports it
    return Result.ok() if status == "PolicyMet" else MSG.fail("compliance", status=status)


@check(id="aws.resiliencehub.app_assessed_daily", resource_types=("aws.resiliencehub.app",), severity=Severity.LOW,
       title=T("Resilience Hub assesses the application daily", "Resilience Hub がアプリケーションを毎日評価している"),
       description=T("With scheduled assessment off, drift (a replica removed, a backup plan detached) is found only "
                     "when someone remembers to re-run the assessment.",
                     "スケジュール評価が無効だと、ドリフト (レプリカの削除やバックアッププランの解除など) は誰かが再評価したときに"
                     "しか見つかりません。"),
       remediation=T("aws resiliencehub update-app --app-arn ARN --assessment-schedule Daily",
                     "aws resiliencehub update-app --app-arn ARN --assessment-schedule Daily を実行してください。"))
def app_assessed_daily(r: Resource) -> Result:
    schedule = need(r, "assessmentSchedule")
    return Result.ok() if schedule == "Daily" else MSG.fail("schedule", schedule=schedule)
