"""AWS Config checks: a recorder that records, with a delivery channel, for every resource type."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.common import T

MSG = Messages("aws.config", {
    "no_recorder": ("no configuration recorder", "設定レコーダーがありません"),
    "not_recording": ("recorder is not recording", "レコーダーが記録していません"),
    "no_channel": ("no delivery channel", "配信チャネルがありません"),
    "selected_types": ("recorder records only selected resource types",
                       "レコーダーは選択したリソースタイプのみを記録しています"),
})


@check(id="aws.config.recorder_enabled", resource_types=("aws.config.region",), severity=Severity.MEDIUM,
       frameworks={"cis-aws-3.0": ["3.3"], "aws-fsbp": ["Config.1"]},
       title=T("AWS Config records in this region", "このリージョンで AWS Config が記録している"),
       description=T("AWS Config keeps the configuration history investigations and compliance rely on; CIS asks for it in every region.",
                     "AWS Config は調査とコンプライアンスが依存する構成履歴を保持します。CIS は全リージョンでの有効化を求めています。"),
       remediation=T("Create a configuration recorder and delivery channel and start recording (aws configservice start-configuration-recorder).",
                     "設定レコーダーと配信チャネルを作成し、記録を開始してください (aws configservice start-configuration-recorder)。"))
def recorder_enabled(r: Resource) -> Result:
    status = r.data.get("RecorderStatus") or []
    if not r.data.get("ConfigurationRecorders"):
        return MSG.fail("no_recorder")
    if not any(s.get("recording") for s in status):
        return MSG.fail("not_recording")
    channels = readable(r.data.get("DeliveryChannels"), "DeliveryChannels")
    return Result.ok() if channels else MSG.fail("no_channel")


@check(id="aws.config.records_all_resources", resource_types=("aws.config.region",), severity=Severity.LOW,
       frameworks={"cis-aws-3.0": ["3.3"]},
       title=T("AWS Config records all supported resource types", "AWS Config がすべてのサポート対象リソースを記録している"),
       description=T("A recorder limited to some types leaves changes to the others unrecorded.",
                     "一部の種類に限定されたレコーダーでは、それ以外のリソースの変更が記録されません。"),
       remediation=T("Set recordingGroup.allSupported=true (and includeGlobalResourceTypes in one region).",
                     "recordingGroup.allSupported=true (および 1 つのリージョンで includeGlobalResourceTypes) を設定してください。"))
def records_all_resources(r: Resource) -> Result:
    recs = r.data.get("ConfigurationRecorders") or []
    if not recs:
        return MSG.fail("no_recorder")
    ok = any((rec.get("recordingGroup") or {}).get("allSupported", True) for rec in recs)
    return Result.ok() if ok else MSG.fail("selected_types")
