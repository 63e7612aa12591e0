"""AWS Config depth: global resource types recorded somewhere in the account, the recorder's
role is the service-linked role, each delivery channel delivers, each conformance pack deployed."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

MSG = Messages("aws.config_depth", {
    "no_recorder": ("no configuration recorder in this region (aws.config.recorder_enabled reports it)",
                    "このリージョンに設定レコーダーがありません (aws.config.recorder_enabled で報告されます)"),
    "global_in": ("global resource types are recorded in {regions}", "グローバルリソースタイプは {regions} で記録されています"),
    "no_global": ("no recorder of the account records global resource types (IAM)",
                  "アカウントのどのレコーダーもグローバルリソースタイプ (IAM) を記録していません"),
    "role": ("recorder {recorder} uses role {role}", "レコーダー {recorder} はロール {role} を使用しています"),
    "delivery_failed": ("last {delivery} delivery failed: {error}", "直近の {delivery} の配信が失敗しました: {error}"),
    "pack_state": ("conformance pack is {state}: {reason}", "コンフォーマンスパックの状態は {state} です: {reason}"),
})

SERVICE_LINKED = "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"


def _records_global(rec: dict) -> bool:
    group = rec.get("recordingGroup") or {}
    if group.get("allSupported", True) and group.get("includeGlobalResourceTypes"):
        return True
    wanted = set(group.get("resourceTypes") or [])
    return bool(wanted & {"AWS::IAM::User", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::Group"})


def _recording(r: Resource) -> bool:
    return any(s.get("recording") for s in readable(r.data.get("RecorderStatus"), "RecorderStatus") or [])


@check(id="aws.config.records_global_resources", resource_types=("aws.config.region",), severity=Severity.LOW,
       needs_inventory=True, inputs=("aws.config.region",), frameworks={"cis-aws-3.0": ["3.3"]},
       title=T("AWS Config records global resource types in one region of the account",
               "アカウントのいずれかのリージョンで AWS Config がグローバルリソースタイプを記録している"),
       description=T("IAM users, roles, groups and policies are recorded only by a recorder that includes global "
                     "resource types; with none, identity changes have no configuration history.",
                     "IAM ユーザー、ロール、グループ、ポリシーは、グローバルリソースタイプを含むレコーダーでのみ記録されます。"
                     "ないと ID の変更に構成履歴が残りません。"),
       remediation=T("In one region set recordingGroup.includeGlobalResourceTypes=true on the recording recorder.",
                     "1 つのリージョンで、記録中のレコーダーの recordingGroup.includeGlobalResourceTypes を true にしてください。"))
def records_global_resources(r: Resource, inv: Inventory | None = None) -> Result:
    regions = [r] + [o for o in (inv.in_account("aws", r.account, "aws.config.region") if inv else []) if o.id != r.id]
    found = sorted({o.region for o in regions if _recording(o)
                    and any(_records_global(rec) for rec in o.data.get("ConfigurationRecorders") or [])})
    return MSG.ok("global_in", regions=found) if found else MSG.fail("no_global")


@check(id="aws.config.recorder_uses_service_linked_role", resource_types=("aws.config.region",), severity=Severity.LOW,
       frameworks={"aws-fsbp": ["Config.1"]},
       title=T("The AWS Config recorder uses the service-linked role", "AWS Config レコーダーがサービスリンクロールを使用している"),
       description=T("A custom recorder role can lose permissions when someone edits it, and recording silently "
                     "stops for the resource types it no longer reads; the service-linked role is maintained by AWS.",
                     "独自のレコーダーロールは編集で権限を失うことがあり、読めなくなったリソースタイプの記録が気付かれずに止まります。"
                     "サービスリンクロールは AWS が維持します。"),
       remediation=T("aws configservice put-configuration-recorder with roleARN "
                     "arn:aws:iam::ACCOUNT:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig",
                     "roleARN に arn:aws:iam::ACCOUNT:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig を"
                     "指定して aws configservice put-configuration-recorder を実行してください。"))
def recorder_uses_service_linked_role(r: Resource) -> Result:
    recs = need(r, "ConfigurationRecorders") or []
    if not recs:
        return MSG.ok("no_recorder")
    for rec in recs:
        role = str(rec.get("roleARN") or "")
        if not role.endswith(SERVICE_LINKED):
            return MSG.fail("role", recorder=rec.get("name"), role=role or "-")
    return Result.ok()


DELIVERIES = (("configHistoryDeliveryInfo", "configuration history"), ("configSnapshotDeliveryInfo", "snapshot"),
              ("configStreamDeliveryInfo", "stream"))


@check(id="aws.config.delivery_channel_healthy", resource_types=("aws.config.delivery_channel",), severity=Severity.MEDIUM,
       title=T("The AWS Config delivery channel delivers without failure", "AWS Config の配信チャネルが失敗なく配信している"),
       description=T("A channel whose last delivery failed (bucket deleted, policy or KMS key changed) leaves the "
                     "configuration history unwritten while the recorder appears healthy.",
                     "直近の配信が失敗しているチャネル (バケット削除、ポリシーや KMS キーの変更) では、レコーダーが正常に見えても"
                     "構成履歴が書き込まれていません。"),
       remediation=T("Fix the delivery bucket, its policy or the SNS topic named in the error, then check "
                     "aws configservice describe-delivery-channel-status.",
                     "エラーに示された配信バケット、そのポリシー、または SNS トピックを修正し、aws configservice "
                     "describe-delivery-channel-status で確認してください。"))
def delivery_channel_healthy(r: Resource) -> Result:
    status = need(r, "_status") or {}
    for key, label in DELIVERIES:
        info = status.get(key) or {}
        if str(info.get("lastStatus", "")).upper() == "FAILURE":
            return MSG.fail("delivery_failed", delivery=label,
                            error=info.get("lastErrorCode") or info.get("lastErrorMessage") or "-")
    return Result.ok()


@check(id="aws.config.conformance_pack_deployed", resource_types=("aws.config.conformance_pack",), severity=Severity.LOW,
       title=T("AWS Config conformance pack is deployed", "AWS Config コンフォーマンスパックがデプロイされている"),
       description=T("A pack whose deployment failed or is being deleted evaluates none of its rules, so the "
                     "compliance it reports is empty, not good.",
                     "デプロイに失敗した、または削除中のパックはルールを 1 つも評価しないため、報告されるコンプライアンスは良好ではなく"
                     "空です。"),
       remediation=T("Read ConformancePackStatusReason, fix the template or the delivery bucket, and redeploy with "
                     "aws configservice put-conformance-pack.",
                     "ConformancePackStatusReason を確認してテンプレートまたは配信バケットを修正し、aws configservice "
                     "put-conformance-pack で再デプロイしてください。"))
def conformance_pack_deployed(r: Resource) -> Result:
    status = need(r, "_status") or {}
    state = status.get("ConformancePackState") or "UNKNOWN"
    if state in ("CREATE_COMPLETE", "CREATE_IN_PROGRESS"):
        return Result.ok()
    return MSG.fail("pack_state", state=state, reason=status.get("ConformancePackStatusReason") or "-")
