"""VPC checks."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need

MSG = Messages("aws.vpc", {
    "flow_logs": ("flow logs: {flow_logs}", "フローログ: {flow_logs}"),
    "no_reject_capture": ("no active flow log capturing rejected traffic",
                          "拒否されたトラフィックを記録する有効なフローログがありません"),
    "no_flow_log": ("no flow log", "フローログがありません"),
})


@check(
    id="aws.vpc.flow_logs_enabled", resource_types=("aws.vpc.vpc",), severity=Severity.MEDIUM,
    frameworks={"aws-fsbp": ["EC2.6"], "cis-aws-3.0": ["3.7"]},
    title={"en": "VPC flow logging is enabled", "ja": "VPC フローログが有効"},
    description={"en": "The VPC has an active flow log capturing at least rejected traffic (REJECT or ALL), "
                       "needed to investigate network incidents.",
                 "ja": "VPC に、少なくとも拒否されたトラフィック（REJECT または ALL）を記録する有効なフローログがあり、"
                       "ネットワークインシデントを調査できる。"},
    remediation={"en": "aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC_ID --traffic-type "
                       "REJECT (or ALL) with a CloudWatch Logs or S3 destination.",
                 "ja": "aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC_ID --traffic-type REJECT"
                       "（または ALL）で CloudWatch Logs か S3 を宛先に作成する。"},
)
def flow_logs_enabled(vpc: Resource) -> Result:
    logs = need(vpc, "_flow_logs")
    good = [str(fl.get("FlowLogId")) for fl in logs or []
            if fl.get("FlowLogStatus", "ACTIVE") == "ACTIVE" and fl.get("TrafficType") in ("ALL", "REJECT")]
    if good:
        return MSG.ok("flow_logs", flow_logs=good)
    return MSG.fail("no_reject_capture") if logs else MSG.fail("no_flow_log")
