"""EKS cluster checks: endpoint exposure, control-plane logging, secrets encryption, version."""

from __future__ import annotations

from datetime import date

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check
from checks.common import T

CL = ("aws.eks.cluster",)
LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
# Kubernetes version → end of EKS standard support.
END_OF_SUPPORT = {
    "1.23": date(2023, 10, 11), "1.24": date(2024, 1, 31), "1.25": date(2024, 5, 1), "1.26": date(2024, 6, 11),
    "1.27": date(2024, 7, 24), "1.28": date(2024, 11, 26), "1.29": date(2025, 3, 23), "1.30": date(2025, 7, 23),
    "1.31": date(2025, 11, 26), "1.32": date(2026, 3, 23), "1.33": date(2026, 7, 29),
}

MSG = Messages("aws.eks", {
    "private": ("private endpoint only", "プライベートエンドポイントのみです"),
    "open": ("public endpoint open to 0.0.0.0/0", "パブリックエンドポイントが 0.0.0.0/0 に公開されています"),
    "restricted": ("public endpoint restricted to {cidrs}", "パブリックエンドポイントは {cidrs} に制限されています"),
    "logs_off": ("log types off: {missing}", "無効なログタイプ: {missing}"),
    "secrets_plain": ("secrets are not envelope-encrypted", "シークレットがエンベロープ暗号化されていません"),
    "unknown_version": ("unknown version {version!r}", "不明なバージョン {version!r}"),
    "no_scan_time": ("the scan time is unknown, so Kubernetes {version} cannot be compared with its end of "
                     "standard support ({end})",
                     "スキャン時刻が不明なため、Kubernetes {version} を標準サポート終了日 ({end}) と比較できません"),
    "unsupported": ("Kubernetes {version} is out of standard support", "Kubernetes {version} は標準サポート期間外です"),
    "version": ("{version}", "バージョン {version}"),
})


@check(id="aws.eks.endpoint_not_open_to_internet", resource_types=CL, severity=Severity.HIGH,
       title=T("EKS API endpoint is not open to 0.0.0.0/0", "EKS API エンドポイントが 0.0.0.0/0 に公開されていない"),
       description=T("A public endpoint reachable from any address exposes the Kubernetes API to credential attacks and API vulnerabilities.",
                     "任意のアドレスから到達できるパブリックエンドポイントは、Kubernetes API を認証情報攻撃や脆弱性に晒します。"),
       remediation=T("Disable endpointPublicAccess, or restrict publicAccessCidrs to known ranges.",
                     "endpointPublicAccess を無効にするか、publicAccessCidrs を既知の範囲に制限してください。"))
def endpoint_not_open_to_internet(r: Resource) -> Result:
    vpc = r.data.get("resourcesVpcConfig") or {}
    if not vpc.get("endpointPublicAccess", True):
        return MSG.ok("private")
    cidrs = vpc.get("publicAccessCidrs") or ["0.0.0.0/0"]
    if "0.0.0.0/0" in cidrs or "::/0" in cidrs:
        return MSG.fail("open", cidrs=cidrs)
    return MSG.ok("restricted", cidrs=cidrs)


@check(id="aws.eks.control_plane_logging_enabled", resource_types=CL, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["EKS.8"]},
       title=T("EKS control-plane logging is enabled for all log types", "EKS コントロールプレーンのログが全種類有効"),
       description=T("Audit and authenticator logs are the record of who did what in the cluster.",
                     "監査ログと認証ログは、クラスター内で誰が何をしたかの記録です。"),
       remediation=T("Enable api, audit, authenticator, controllerManager and scheduler logging.",
                     "api, audit, authenticator, controllerManager, scheduler のログを有効にしてください。"))
def control_plane_logging_enabled(r: Resource) -> Result:
    enabled: set[str] = set()
    for s in (r.data.get("logging") or {}).get("clusterLogging", []):
        if s.get("enabled"):
            enabled.update(s.get("types", []))
    missing = [t for t in LOG_TYPES if t not in enabled]
    return MSG.fail("logs_off", missing=missing) if missing else Result.ok()


@check(id="aws.eks.secrets_encryption_enabled", frameworks={"aws-fsbp": ["EKS.3"]}, resource_types=CL, severity=Severity.MEDIUM,
       title=T("EKS encrypts Kubernetes secrets with KMS", "EKS が Kubernetes シークレットを KMS で暗号化している"),
       description=T("Envelope encryption of secrets protects them in etcd with a key you control.",
                     "シークレットのエンベロープ暗号化により、管理下のキーで etcd 内のシークレットを保護します。"),
       remediation=T("Associate an encryption config with provider.keyArn for resources ['secrets'].",
                     "resources ['secrets'] に provider.keyArn を指定した暗号化設定を関連付けてください。"))
def secrets_encryption_enabled(r: Resource) -> Result:
    for cfg in r.data.get("encryptionConfig") or []:
        if "secrets" in cfg.get("resources", []) and (cfg.get("provider") or {}).get("keyArn"):
            return Result.ok()
    return MSG.fail("secrets_plain")


@check(id="aws.eks.version_supported", resource_types=CL, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["EKS.2"]}, needs_inventory=True,
       title=T("EKS cluster runs a Kubernetes version in standard support", "EKS クラスターが標準サポート中の Kubernetes バージョンで動作している"),
       description=T("Versions past standard support get no regular security fixes and cost extended-support fees.",
                     "標準サポート終了後のバージョンには通常のセキュリティ修正がなく、延長サポート料金がかかります。"),
       remediation=T("Upgrade the control plane and node groups to a supported Kubernetes version.",
                     "コントロールプレーンとノードグループをサポート対象の Kubernetes バージョンに更新してください。"))
def version_supported(r: Resource, inventory: Inventory | None = None) -> Result:
    v = str(r.data.get("version", ""))
    try:
        major, minor = (int(x) for x in v.split(".")[:2])
    except ValueError:
        return MSG.error("unknown_version", version=v)
    if (major, minor) < (1, 23):
        return MSG.fail("unsupported", version=v)
    end = END_OF_SUPPORT.get(f"{major}.{minor}")
    if end is None:  # newer than the table: still in standard support, whatever the date
        return MSG.ok("version", version=v)
    now = inventory.now if inventory is not None else None
    if now is None:
        return MSG.error("no_scan_time", version=v, end=end.isoformat())
    return MSG.fail("unsupported", version=v) if end <= now.date() else MSG.ok("version", version=v)
