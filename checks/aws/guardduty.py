"""GuardDuty checks: a detector is enabled in the region, every protection plan is on, no
high-severity finding is left open, findings are published often, and the organisation's
administrator enables GuardDuty for new members.

Protection plans are the detector's ``Features`` (``GetDetector``): each has a ``Status`` and,
for Runtime Monitoring, ``AdditionalConfiguration`` naming the automated agent per workload
(EKS add-on, ECS Fargate, EC2).  A region without an enabled detector answers PASS here with a
pointer to ``aws.guardduty.enabled``, which reports it once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

MSG = Messages("aws.guardduty", {
    "no_detector": ("no detector", "ディテクターがありません"),
    "suspended": ("detector is suspended", "ディテクターが停止されています"),
    "no_enabled_detector": ("no enabled detector in this region (aws.guardduty.enabled reports it)",
                            "このリージョンに有効なディテクターがありません (aws.guardduty.enabled で報告されます)"),
    "feature_off": ("protection plan {feature} is {status}", "保護プラン {feature} の状態は {status} です"),
    "agent_off": ("{feature} automated agent {config} is {status}",
                  "{feature} の自動エージェント {config} の状態は {status} です"),
    "high_findings": ("{count} high-severity findings are open", "重大度の高い検出結果が {count} 件未対応です"),
    "high_findings_more": ("more than {count} high-severity findings are open",
                           "重大度の高い検出結果が {count} 件を超えて未対応です"),
    "frequency": ("findings are published every {frequency}", "検出結果の発行間隔は {frequency} です"),
    "not_administrator": ("this account is not the organisation's GuardDuty administrator",
                          "このアカウントは組織の GuardDuty 管理者ではありません"),
    "org_auto_enable": ("new organisation members are enabled: {setting}",
                        "新しい組織メンバーの自動有効化の設定は {setting} です"),
})


def _detector(r: Resource) -> dict[str, Any] | None:
    """The region's enabled detector, or None (no detector, or suspended)."""
    for d in need(r, "Detectors") or []:
        if readable(d.get("Status"), "Status") == "ENABLED":
            return dict(d)
    return None


@check(id="aws.guardduty.enabled", resource_types=("aws.guardduty.region",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["GuardDuty.1"]},
       title=T("GuardDuty is enabled in this region", "このリージョンで GuardDuty が有効"),
       description=T("GuardDuty detects compromised credentials, crypto-mining and reconnaissance; a region without it is unwatched.",
                     "GuardDuty は漏えいした認証情報、暗号通貨マイニング、偵察を検知します。無効なリージョンは監視されていません。"),
       remediation=T("Create a detector (aws guardduty create-detector --enable), ideally organisation-wide.",
                     "ディテクターを作成してください (aws guardduty create-detector --enable)。組織全体での有効化を推奨します。"))
def guardduty_enabled(r: Resource) -> Result:
    dets = need(r, "Detectors") or []
    if not dets:
        return MSG.fail("no_detector")
    if any(d.get("Status") == "ENABLED" for d in dets):
        return Result.ok()
    for d in dets:  # a detector whose status could not be read might be the enabled one
        readable(d.get("Status"), "Status")
    return MSG.fail("suspended")


@dataclass(frozen=True)
class Plan:
    """A protection plan check: ``feature`` enabled, and the automated agent ``agent`` too when set."""

    id: str
    features: tuple[str, ...]  # any of these feature names, enabled, satisfies the plan
    agent: str | None
    fsbp: str
    severity: Severity
    title: tuple[str, str]
    description: tuple[str, str]
    remediation: tuple[str, str]


def _plan_result(p: Plan, r: Resource) -> Result:
    det = _detector(r)
    if det is None:
        return MSG.ok("no_enabled_detector")
    features = {str(f.get("Name")): f for f in need(det, "Features") or [] if isinstance(f, dict)}
    on = [features[n] for n in p.features if n in features and features[n].get("Status") == "ENABLED"]
    if not on:
        got = features.get(p.features[0], {})
        return MSG.fail("feature_off", feature=p.features[0], status=got.get("Status", "NOT_CONFIGURED"))
    if p.agent is None:
        return Result.ok()
    for f in on:
        conf = {str(a.get("Name")): a.get("Status") for a in f.get("AdditionalConfiguration") or []}
        if conf.get(p.agent) == "ENABLED":
            return Result.ok()
    conf = {str(a.get("Name")): a.get("Status") for a in on[0].get("AdditionalConfiguration") or []}
    return MSG.fail("agent_off", feature=on[0].get("Name"), config=p.agent, status=conf.get(p.agent) or "NOT_CONFIGURED")


def _plan_check(p: Plan) -> Callable[[Resource], Result]:
    def evaluate(r: Resource) -> Result:
        return _plan_result(p, r)

    evaluate.__name__ = evaluate.__qualname__ = p.id.rsplit(".", 1)[1]
    evaluate.__module__ = __name__
    return check(id=p.id, resource_types=("aws.guardduty.region",), severity=p.severity,
                 frameworks={"aws-fsbp": [p.fsbp]}, title=T(*p.title), description=T(*p.description),
                 remediation=T(*p.remediation))(evaluate)


RUNTIME = ("RUNTIME_MONITORING",)
PLANS = (
    Plan("aws.guardduty.s3_protection_enabled", ("S3_DATA_EVENTS",), None, "GuardDuty.10", Severity.HIGH,
         ("GuardDuty S3 Protection is enabled", "GuardDuty S3 Protection が有効"),
         ("S3 Protection analyses S3 data events for exfiltration and tampering of objects; without it an attacker "
          "reading every bucket is unseen.",
          "S3 Protection は S3 データイベントを分析してオブジェクトの持ち出しや改ざんを検知します。無効だとバケットの"
          "大量読み出しも検知されません。"),
         ("aws guardduty update-detector --detector-id ID --features Name=S3_DATA_EVENTS,Status=ENABLED",
          "aws guardduty update-detector --detector-id ID --features Name=S3_DATA_EVENTS,Status=ENABLED を実行してください。")),
    Plan("aws.guardduty.eks_audit_logs_enabled", ("EKS_AUDIT_LOGS",), None, "GuardDuty.5", Severity.HIGH,
         ("GuardDuty EKS Audit Log Monitoring is enabled", "GuardDuty EKS 監査ログモニタリングが有効"),
         ("EKS Audit Log Monitoring reads the Kubernetes audit logs of EKS clusters for suspicious API activity.",
          "EKS 監査ログモニタリングは EKS クラスターの Kubernetes 監査ログから不審な API 操作を検知します。"),
         ("aws guardduty update-detector --detector-id ID --features Name=EKS_AUDIT_LOGS,Status=ENABLED",
          "aws guardduty update-detector --detector-id ID --features Name=EKS_AUDIT_LOGS,Status=ENABLED を実行してください。")),
    Plan("aws.guardduty.runtime_monitoring_enabled", RUNTIME, None, "GuardDuty.11", Severity.HIGH,
         ("GuardDuty Runtime Monitoring is enabled", "GuardDuty ランタイムモニタリングが有効"),
         ("Runtime Monitoring watches processes, file access and network connections inside EKS, ECS and EC2 "
          "workloads, where log-based detection sees nothing.",
          "ランタイムモニタリングは EKS・ECS・EC2 ワークロード内のプロセス、ファイルアクセス、ネットワーク接続を監視します。"
          "ログベースの検知では見えない領域です。"),
         ("aws guardduty update-detector --detector-id ID --features Name=RUNTIME_MONITORING,Status=ENABLED",
          "aws guardduty update-detector --detector-id ID --features Name=RUNTIME_MONITORING,Status=ENABLED を実行してください。")),
    Plan("aws.guardduty.eks_runtime_monitoring_enabled", RUNTIME + ("EKS_RUNTIME_MONITORING",), "EKS_ADDON_MANAGEMENT",
         "GuardDuty.7", Severity.MEDIUM,
         ("GuardDuty EKS Runtime Monitoring manages its agent automatically", "GuardDuty EKS ランタイムモニタリングがエージェントを自動管理している"),
         ("Without automated agent management new EKS clusters get no GuardDuty security agent and are not monitored.",
          "エージェントの自動管理がないと、新しい EKS クラスターに GuardDuty セキュリティエージェントが入らず監視されません。"),
         ("Enable RUNTIME_MONITORING with AdditionalConfiguration Name=EKS_ADDON_MANAGEMENT,Status=ENABLED.",
          "RUNTIME_MONITORING を AdditionalConfiguration Name=EKS_ADDON_MANAGEMENT,Status=ENABLED 付きで有効にしてください。")),
    Plan("aws.guardduty.ecs_runtime_monitoring_enabled", RUNTIME, "ECS_FARGATE_AGENT_MANAGEMENT", "GuardDuty.12",
         Severity.MEDIUM,
         ("GuardDuty ECS Runtime Monitoring manages its Fargate agent automatically",
          "GuardDuty ECS ランタイムモニタリングが Fargate エージェントを自動管理している"),
         ("ECS tasks on Fargate are monitored only when GuardDuty manages the security agent for them.",
          "Fargate 上の ECS タスクは、GuardDuty がセキュリティエージェントを管理している場合にのみ監視されます。"),
         ("Enable RUNTIME_MONITORING with AdditionalConfiguration Name=ECS_FARGATE_AGENT_MANAGEMENT,Status=ENABLED.",
          "RUNTIME_MONITORING を AdditionalConfiguration Name=ECS_FARGATE_AGENT_MANAGEMENT,Status=ENABLED 付きで有効に"
          "してください。")),
    Plan("aws.guardduty.ec2_runtime_monitoring_enabled", RUNTIME, "EC2_AGENT_MANAGEMENT", "GuardDuty.13", Severity.MEDIUM,
         ("GuardDuty EC2 Runtime Monitoring manages its agent automatically", "GuardDuty EC2 ランタイムモニタリングがエージェントを自動管理している"),
         ("EC2 instances get the GuardDuty security agent (through Systems Manager) only with automated agent management.",
          "EC2 インスタンスには、エージェントの自動管理が有効な場合にのみ (Systems Manager 経由で) GuardDuty セキュリティ"
          "エージェントが導入されます。"),
         ("Enable RUNTIME_MONITORING with AdditionalConfiguration Name=EC2_AGENT_MANAGEMENT,Status=ENABLED.",
          "RUNTIME_MONITORING を AdditionalConfiguration Name=EC2_AGENT_MANAGEMENT,Status=ENABLED 付きで有効にしてください。")),
    Plan("aws.guardduty.rds_protection_enabled", ("RDS_LOGIN_EVENTS",), None, "GuardDuty.9", Severity.HIGH,
         ("GuardDuty RDS Protection is enabled", "GuardDuty RDS Protection が有効"),
         ("RDS Protection profiles Aurora and RDS login activity and reports brute force and anomalous logins.",
          "RDS Protection は Aurora と RDS のログイン操作を分析し、総当たり攻撃や異常なログインを報告します。"),
         ("aws guardduty update-detector --detector-id ID --features Name=RDS_LOGIN_EVENTS,Status=ENABLED",
          "aws guardduty update-detector --detector-id ID --features Name=RDS_LOGIN_EVENTS,Status=ENABLED を実行してください。")),
    Plan("aws.guardduty.lambda_protection_enabled", ("LAMBDA_NETWORK_LOGS",), None, "GuardDuty.6", Severity.HIGH,
         ("GuardDuty Lambda Protection is enabled", "GuardDuty Lambda Protection が有効"),
         ("Lambda Protection reads the network activity of Lambda functions (crypto-mining, command-and-control).",
          "Lambda Protection は Lambda 関数のネットワーク通信 (暗号通貨マイニング、C2 通信) を分析します。"),
         ("aws guardduty update-detector --detector-id ID --features Name=LAMBDA_NETWORK_LOGS,Status=ENABLED",
          "aws guardduty update-detector --detector-id ID --features Name=LAMBDA_NETWORK_LOGS,Status=ENABLED を実行してください。")),
    Plan("aws.guardduty.malware_protection_enabled", ("EBS_MALWARE_PROTECTION",), None, "GuardDuty.8", Severity.HIGH,
         ("GuardDuty Malware Protection for EC2 is enabled", "GuardDuty Malware Protection for EC2 が有効"),
         ("Malware Protection scans the EBS volumes of instances and containers a finding points at.",
          "Malware Protection は、検出結果が示すインスタンスやコンテナの EBS ボリュームをスキャンします。"),
         ("aws guardduty update-detector --detector-id ID --features Name=EBS_MALWARE_PROTECTION,Status=ENABLED",
          "aws guardduty update-detector --detector-id ID --features Name=EBS_MALWARE_PROTECTION,Status=ENABLED を実行"
          "してください。")),
)
for _p in PLANS:
    _plan_check(_p)


@check(id="aws.guardduty.no_high_severity_findings", resource_types=("aws.guardduty.region",), severity=Severity.HIGH,
       title=T("No high-severity GuardDuty finding is left open", "重大度の高い GuardDuty 検出結果が放置されていない"),
       description=T("A finding of severity 7 or more that is not archived is an incident someone has not handled: "
                     "compromised credentials, an instance talking to a known attacker, exfiltration.",
                     "アーカイブされていない重大度 7 以上の検出結果は未対応のインシデントです (漏えいした認証情報、既知の攻撃者と"
                     "通信するインスタンス、データ持ち出しなど)。"),
       remediation=T("Investigate each high-severity finding in the GuardDuty console, contain the resource, then "
                     "archive the finding; suppress known-benign patterns with a filter.",
                     "GuardDuty コンソールで重大度の高い検出結果を調査してリソースを隔離し、検出結果をアーカイブしてください。"
                     "既知の無害なパターンは抑制ルールで除外してください。"))
def no_high_severity_findings(r: Resource) -> Result:
    det = _detector(r)
    if det is None:
        return MSG.ok("no_enabled_detector")
    count = int(need(det, "_high_findings"))
    if count and det.get("_high_findings_more"):
        return MSG.fail("high_findings_more", count=count)
    return MSG.fail("high_findings", count=count) if count else Result.ok()


PUBLISH_OK = ("FIFTEEN_MINUTES", "ONE_HOUR")


@check(id="aws.guardduty.findings_published_hourly", resource_types=("aws.guardduty.region",), severity=Severity.LOW,
       title=T("GuardDuty publishes updated findings at least hourly", "GuardDuty が更新された検出結果を 1 時間以内の間隔で発行している"),
       description=T("Updates to existing findings reach EventBridge, Security Hub and S3 exports only at the publishing "
                     "frequency; the default of six hours delays the response to an ongoing incident.",
                     "既存の検出結果の更新は発行間隔ごとにしか EventBridge、Security Hub、S3 エクスポートに届きません。既定の 6 時間"
                     "では進行中のインシデントへの対応が遅れます。"),
       remediation=T("aws guardduty update-detector --detector-id ID --finding-publishing-frequency FIFTEEN_MINUTES",
                     "aws guardduty update-detector --detector-id ID --finding-publishing-frequency FIFTEEN_MINUTES を"
                     "実行してください。"))
def findings_published_hourly(r: Resource) -> Result:
    det = _detector(r)
    if det is None:
        return MSG.ok("no_enabled_detector")
    freq = need(det, "FindingPublishingFrequency")
    return MSG.ok("frequency", frequency=freq) if freq in PUBLISH_OK else MSG.fail("frequency", frequency=freq)


@check(id="aws.guardduty.organization_auto_enable", resource_types=("aws.guardduty.region",), severity=Severity.MEDIUM,
       title=T("The organisation's GuardDuty administrator enables new member accounts",
               "組織の GuardDuty 管理者が新しいメンバーアカウントを自動で有効化している"),
       description=T("Where this account is the delegated GuardDuty administrator, accounts joining the organisation "
                     "stay unmonitored unless auto-enable covers them.",
                     "このアカウントが GuardDuty の委任管理者である場合、自動有効化がないと組織に加わったアカウントは監視されない"
                     "ままになります。"),
       remediation=T("aws guardduty update-organization-configuration --detector-id ID --auto-enable-organization-members NEW (or ALL)",
                     "aws guardduty update-organization-configuration --detector-id ID --auto-enable-organization-members NEW "
                     "(または ALL) を実行してください。"))
def organization_auto_enable(r: Resource) -> Result:
    det = _detector(r)
    if det is None:
        return MSG.ok("no_enabled_detector")
    org = need(det, "_organization")
    if org is None:
        return MSG.ok("not_administrator")
    setting = org.get("AutoEnableOrganizationMembers") or ("NEW" if org.get("AutoEnable") else "NONE")
    return MSG.ok("org_auto_enable", setting=setting) if setting in ("NEW", "ALL") else \
        MSG.fail("org_auto_enable", setting=setting)
