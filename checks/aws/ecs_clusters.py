"""ECS cluster and service checks: Container Insights, ECS Exec logging and encryption, public IPs
assigned to service tasks, Fargate platform version."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

CL, SV = ("aws.ecs.cluster",), ("aws.ecs.service",)
# The latest Fargate platform version per OS family (docs: "AWS Fargate platform versions").
LATEST_FARGATE = {"LINUX": "1.4.0", "WINDOWS": "1.0.0"}

MSG = Messages("aws.ecs_clusters", {
    "insights_off": ("Container Insights is {value}", "Container Insights の設定は {value} です"),
    "exec_no_logging": ("ECS Exec session logging is NONE", "ECS Exec のセッションログが NONE です"),
    "exec_override_empty": ("ECS Exec logging is OVERRIDE with no CloudWatch log group or S3 bucket",
                            "ECS Exec のログが OVERRIDE ですが、CloudWatch ロググループも S3 バケットもありません"),
    "exec_no_kms": ("ECS Exec sessions are not encrypted with a KMS key", "ECS Exec のセッションが KMS キーで暗号化されていません"),
    "public_ip": ("tasks are assigned public IP addresses (assignPublicIp ENABLED)",
                  "タスクにパブリック IP アドレスが割り当てられます (assignPublicIp ENABLED)"),
    "not_fargate": ("not a Fargate service", "Fargate のサービスではありません"),
    "old_platform": ("Fargate platform version {version} ({family}); the latest is {latest}",
                     "Fargate プラットフォームバージョン {version} ({family}) です（最新は {latest}）"),
})


def _exec(r: Resource) -> dict[str, Any]:
    return dict((need(r, "configuration") or {}).get("executeCommandConfiguration") or {})


@check(id="aws.ecs.cluster_container_insights_enabled", resource_types=CL, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["ECS.12"]},
       title=T("ECS cluster uses Container Insights", "ECS クラスターで Container Insights が有効"),
       description=T("Container Insights collects the cluster's metrics and diagnostics, the base for spotting abuse and outages.",
                     "Container Insights はクラスターのメトリクスと診断情報を収集し、不正利用や障害を見つける基礎になります。"),
       remediation=T("aws ecs update-cluster-settings --cluster <name> --settings name=containerInsights,value=enhanced",
                     "aws ecs update-cluster-settings --cluster <name> --settings name=containerInsights,value=enhanced を実行してください。"))
def cluster_container_insights_enabled(r: Resource) -> Result:
    value = next((s.get("value") for s in need(r, "settings") or [] if s.get("name") == "containerInsights"), "disabled")
    return Result.ok() if value in ("enabled", "enhanced") else MSG.fail("insights_off", value=value)


@check(id="aws.ecs.cluster_exec_command_logging_enabled", resource_types=CL, severity=Severity.MEDIUM,
       title=T("ECS Exec sessions of the cluster are logged", "ECS クラスターの ECS Exec セッションがログに記録される"),
       description=T("ECS Exec opens a shell in running containers; without session logging nobody can tell what was run.",
                     "ECS Exec は実行中のコンテナでシェルを開きます。セッションログがなければ何が実行されたか分かりません。"),
       remediation=T("Set executeCommandConfiguration.logging to DEFAULT, or OVERRIDE with a CloudWatch log group or S3 bucket.",
                     "executeCommandConfiguration.logging を DEFAULT にするか、CloudWatch ロググループまたは S3 バケットを指定して OVERRIDE にしてください。"))
def cluster_exec_command_logging_enabled(r: Resource) -> Result:
    ex = _exec(r)
    logging = ex.get("logging", "DEFAULT")
    if logging == "NONE":
        return MSG.fail("exec_no_logging")
    lc = ex.get("logConfiguration") or {}
    if logging == "OVERRIDE" and not (lc.get("cloudWatchLogGroupName") or lc.get("s3BucketName")):
        return MSG.fail("exec_override_empty")
    return Result.ok()


@check(id="aws.ecs.cluster_exec_command_encrypted", resource_types=CL, severity=Severity.LOW,
       title=T("ECS Exec sessions of the cluster are encrypted with a KMS key", "ECS クラスターの ECS Exec セッションが KMS キーで暗号化される"),
       description=T("A customer KMS key adds encryption under your control to the session data between the client and the container.",
                     "カスタマー管理の KMS キーにより、クライアントとコンテナ間のセッションデータを管理下のキーで暗号化できます。"),
       remediation=T("Set executeCommandConfiguration.kmsKeyId on the cluster (aws ecs update-cluster --configuration ...).",
                     "クラスターの executeCommandConfiguration.kmsKeyId を設定してください (aws ecs update-cluster --configuration ...)。"))
def cluster_exec_command_encrypted(r: Resource) -> Result:
    return Result.ok() if _exec(r).get("kmsKeyId") else MSG.fail("exec_no_kms")


@check(id="aws.ecs.service_no_public_ip", resource_types=SV, severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["ECS.2"]},
       title=T("ECS service does not assign public IP addresses", "ECS サービスがパブリック IP アドレスを割り当てない"),
       description=T("Tasks with public IPs are reachable from the internet wherever their security groups allow it.",
                     "パブリック IP を持つタスクは、セキュリティグループが許す範囲でインターネットから到達可能です。"),
       remediation=T("Set assignPublicIp to DISABLED and reach the internet through a NAT gateway or VPC endpoints.",
                     "assignPublicIp を DISABLED にし、NAT ゲートウェイや VPC エンドポイント経由で通信してください。"))
def service_no_public_ip(r: Resource) -> Result:
    vpc = (need(r, "networkConfiguration") or {}).get("awsvpcConfiguration") or {}
    return MSG.fail("public_ip") if vpc.get("assignPublicIp") == "ENABLED" else Result.ok()


def _fargate(r: Resource) -> bool:
    if r.data.get("launchType") == "FARGATE":
        return True
    return any(str(s.get("capacityProvider", "")).startswith("FARGATE") for s in r.data.get("capacityProviderStrategy") or [])


@check(id="aws.ecs.fargate_service_latest_platform", resource_types=SV, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["ECS.10"]},
       title=T("ECS Fargate service runs on the latest platform version", "ECS Fargate サービスが最新のプラットフォームバージョンで動作する"),
       description=T("Older Fargate platform versions miss the runtime and kernel fixes of the latest one.",
                     "古い Fargate プラットフォームバージョンには、最新版のランタイムやカーネルの修正がありません。"),
       remediation=T("Update the service with platformVersion LATEST (or the latest version number) and force a new deployment.",
                     "platformVersion を LATEST（または最新のバージョン番号）にしてサービスを更新し、新しいデプロイを強制してください。"))
def fargate_service_latest_platform(r: Resource) -> Result:
    need(r, "serviceArn")
    if not _fargate(r):
        return MSG.ok("not_fargate")
    version = str(r.data.get("platformVersion") or "LATEST")  # DescribeServices gives it for Fargate; LATEST is the default
    family = "WINDOWS" if str(r.data.get("platformFamily") or "").upper().startswith("WINDOWS") else "LINUX"
    if version in ("LATEST", LATEST_FARGATE[family]):
        return Result.ok()
    return MSG.fail("old_platform", version=version, family=family, latest=LATEST_FARGATE[family])
