"""AWS Config checks: a recorder that records, with a delivery channel, for every resource type."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import check
from checks.aws._helpers import T, unreadable_result


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
        return Result.fail("no configuration recorder")
    if not any(s.get("recording") for s in status):
        return Result.fail("recorder is not recording")
    channels = r.data.get("DeliveryChannels")
    if (err := unreadable_result(channels)):
        return err
    return Result.ok() if channels else Result.fail("no delivery channel")


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
        return Result.fail("no configuration recorder")
    ok = any((rec.get("recordingGroup") or {}).get("allSupported", True) for rec in recs)
    return Result.ok() if ok else Result.fail("recorder records only selected resource types")
