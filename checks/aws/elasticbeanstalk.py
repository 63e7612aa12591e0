"""Elastic Beanstalk environment checks: managed platform updates, enhanced health reporting,
log streaming to CloudWatch Logs (read from the environment's option settings)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check

ENV = ("aws.elasticbeanstalk.environment",)
MANAGED = "aws:elasticbeanstalk:managedactions:ManagedActionsEnabled"
HEALTH = "aws:elasticbeanstalk:healthreporting:system:SystemType"
LOGS = "aws:elasticbeanstalk:cloudwatch:logs:StreamLogs"


def _opt(name: str, default: str) -> Any:
    return lambda v: str((v or {}).get(name, default) if isinstance(v, dict) else default).lower()


setting_check(Setting(
    "aws.elasticbeanstalk.environment_managed_updates_enabled", ENV, "OptionSettings",
    lambda v, r: _opt(MANAGED, "false")(v) == "true",
    ("Elastic Beanstalk environment applies managed platform updates", "Elastic Beanstalk 環境でマネージドプラットフォーム更新が有効"),
    ("Managed updates install platform patches and minor versions in a maintenance window, so the environment does not drift behind.",
     "マネージド更新はメンテナンス時間帯にプラットフォームのパッチとマイナーバージョンを適用し、環境が古いまま取り残されるのを防ぎます。"),
    ("Configuration > Managed updates: enable, choose a maintenance window and the update level (minor or patch).",
     "設定 > マネージド更新 で有効にし、メンテナンス時間帯と更新レベル（マイナーまたはパッチ）を選んでください。"),
    Severity.HIGH, ("ElasticBeanstalk.2",), shows=_opt(MANAGED, "false")), __name__)

setting_check(Setting(
    "aws.elasticbeanstalk.environment_enhanced_health_reporting", ENV, "OptionSettings",
    lambda v, r: _opt(HEALTH, "basic")(v) == "enhanced",
    ("Elastic Beanstalk environment uses enhanced health reporting", "Elastic Beanstalk 環境で拡張ヘルスレポートが有効"),
    ("Enhanced health reporting reports instance and request health quickly, so faults and attacks show up early.",
     "拡張ヘルスレポートはインスタンスとリクエストの状態を迅速に報告し、障害や攻撃を早期に把握できます。"),
    ("Configuration > Monitoring: set the health reporting system to Enhanced.",
     "設定 > モニタリング でヘルスレポートシステムを「拡張」にしてください。"),
    Severity.LOW, ("ElasticBeanstalk.1",), shows=_opt(HEALTH, "basic")), __name__)

setting_check(Setting(
    "aws.elasticbeanstalk.environment_streams_logs_to_cloudwatch", ENV, "OptionSettings",
    lambda v, r: _opt(LOGS, "false")(v) == "true",
    ("Elastic Beanstalk environment streams logs to CloudWatch Logs", "Elastic Beanstalk 環境がログを CloudWatch Logs にストリーミングする"),
    ("Instance logs are lost when instances are replaced unless they are streamed to CloudWatch Logs.",
     "CloudWatch Logs にストリーミングしないと、インスタンスの置き換え時にインスタンスのログが失われます。"),
    ("Configuration > Updates, monitoring and logging: enable 'Log streaming' to CloudWatch Logs with a retention period.",
     "設定 > 更新、モニタリング、ログ記録 で CloudWatch Logs への「ログのストリーミング」を保持期間付きで有効にしてください。"),
    Severity.HIGH, ("ElasticBeanstalk.3",), shows=_opt(LOGS, "false")), __name__)
