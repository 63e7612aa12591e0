"""Athena workgroups: query results encrypted, settings enforced, metrics published, engine current."""

from __future__ import annotations

from typing import Any

from agent.core.model import Severity
from checks.aws.settings_common import Setting, setting_check


def _cfg(v: Any) -> dict[str, Any]:
    return v if isinstance(v, dict) else {}


def _results_encrypted(v: Any) -> bool:
    c = _cfg(v)
    if (c.get("ManagedQueryResultsConfiguration") or {}).get("Enabled"):
        return True  # results Athena manages are always encrypted
    return bool(((c.get("ResultConfiguration") or {}).get("EncryptionConfiguration") or {}).get("EncryptionOption"))


setting_check(Setting(
    "aws.athena.workgroup_query_results_encrypted", ("aws.athena.workgroup",), "Configuration",
    lambda v, r: _results_encrypted(v),
    ("Athena workgroup encrypts query results", "Athena ワークグループがクエリ結果を暗号化している"),
    ("Query results written to S3 are encrypted with SSE-S3, SSE-KMS or CSE-KMS.",
     "S3 に書き込まれるクエリ結果が SSE-S3・SSE-KMS・CSE-KMS のいずれかで暗号化されていること。"),
    ("Edit the workgroup: Query result configuration > Encrypt query results (SSE-KMS).",
     "ワークグループを編集し、クエリ結果の設定で「クエリ結果を暗号化」（SSE-KMS）を選んでください。"),
    Severity.MEDIUM, shows=lambda v: "NONE"), __name__)

setting_check(Setting(
    "aws.athena.workgroup_enforces_configuration", ("aws.athena.workgroup",), "Configuration",
    lambda v, r: bool(_cfg(v).get("EnforceWorkGroupConfiguration")),
    ("Athena workgroup overrides client-side settings", "Athena ワークグループがクライアント側の設定を上書きする"),
    ("Without enforcement a client may choose its own result location and switch result encryption off.",
     "強制しない場合、クライアントが独自の結果の保存先を選び、結果の暗号化を無効にできます。"),
    ("Edit the workgroup and select 'Override client-side settings' (EnforceWorkGroupConfiguration).",
     "ワークグループを編集し「クライアント側の設定を上書きする」（EnforceWorkGroupConfiguration）を選んでください。"),
    Severity.MEDIUM, shows=lambda v: _cfg(v).get("EnforceWorkGroupConfiguration", False)), __name__)

setting_check(Setting(
    "aws.athena.workgroup_logging_enabled", ("aws.athena.workgroup",), "Configuration",
    lambda v, r: bool(_cfg(v).get("PublishCloudWatchMetricsEnabled")),
    ("Athena workgroup publishes query metrics to CloudWatch", "Athena ワークグループがクエリメトリクスを CloudWatch に発行する"),
    ("Query metrics in CloudWatch show who runs what volume of queries and let alarms catch unusual use.",
     "CloudWatch のクエリメトリクスで誰がどれだけのクエリを実行しているかが分かり、異常な利用をアラームで検知できます。"),
    ("Edit the workgroup and turn on 'Publish query metrics to AWS CloudWatch'.",
     "ワークグループを編集し「クエリメトリクスを AWS CloudWatch に発行」を有効にしてください。"),
    Severity.LOW, ("Athena.4",), shows=lambda v: _cfg(v).get("PublishCloudWatchMetricsEnabled", False)), __name__)


def _engine(v: Any, r: Any = None) -> str:
    """The workgroup's effective engine version (the listing's copy when the configuration has none)."""
    ev = _cfg(v).get("EngineVersion") or (r.data.get("EngineVersion") if r is not None else None) or {}
    return str(ev.get("EffectiveEngineVersion") or ev.get("SelectedEngineVersion") or "AUTO")


setting_check(Setting(
    "aws.athena.workgroup_engine_version_current", ("aws.athena.workgroup",), "Configuration",
    lambda v, r: _engine(v, r) not in ("Athena engine version 1", "Athena engine version 2"),
    ("Athena workgroup runs a current engine version", "Athena ワークグループが現行のエンジンバージョンで動作する"),
    ("Engine versions 1 and 2 are retired and no longer receive fixes.",
     "エンジンバージョン 1 と 2 は廃止され、修正が提供されません。"),
    ("Edit the workgroup and set the query engine to 'Athena engine version 3' or automatic upgrades.",
     "ワークグループを編集し、クエリエンジンを「Athena engine version 3」または自動アップグレードにしてください。"),
    Severity.LOW, shows=_engine), __name__)
