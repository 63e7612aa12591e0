"""Systems Manager in one region: the account's SSM service settings and Session Manager
preferences (``aws.ssm.region``), and the managed instances with their patch and association
compliance (``aws.ssm.managed_instance``).

Always: ``GetServiceSetting`` for ``/ssm/documents/console/public-sharing-permission`` (Enable /
Disable) and ``/ssm/automation/customer-script-log-destination`` (CloudWatch or NONE; a setting
never changed answers its default), and ``DescribeInstanceInformation`` (paginated).  Only where
instances are managed: ``GetDocument`` of ``SSM-SessionManagerRunShell`` (the Session Manager
preferences; never saved is ``InvalidDocument``, kept as ``None``), of which only the logging and
encryption inputs are kept, and ``ListResourceComplianceSummaries`` (paginated, resource type
ManagedInstance items) giving each instance's ``Patch`` and ``Association`` status.
"""

from __future__ import annotations

import json
from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable, unreadable

SERVICE = "ssm"
GLOBAL = False
RESOURCE_TYPES = ("aws.ssm.region", "aws.ssm.managed_instance")
PERMISSIONS = ("ssm:DescribeInstanceInformation", "ssm:GetDocument", "ssm:GetServiceSetting",
               "ssm:ListResourceComplianceSummaries")

PUBLIC_SHARING = "/ssm/documents/console/public-sharing-permission"
AUTOMATION_LOGS = "/ssm/automation/customer-script-log-destination"
SESSION_DOCUMENT = "SSM-SessionManagerRunShell"
SESSION_INPUTS = ("s3BucketName", "s3KeyPrefix", "s3EncryptionEnabled", "cloudWatchLogGroupName",
                  "cloudWatchEncryptionEnabled", "cloudWatchStreamingEnabled", "kmsKeyId", "idleSessionTimeout",
                  "runAsEnabled")
INSTANCE_KEYS = ("InstanceId", "PingStatus", "PlatformType", "PlatformName", "PlatformVersion", "AgentVersion",
                 "IsLatestVersion", "ResourceType", "LastPingDateTime", "ComputerName", "AssociationStatus")


def _setting(ctx: ServiceContext, c: Any, setting_id: str) -> Any:
    got = ctx.read(c.get_service_setting, SettingId=setting_id)
    return got if is_unreadable(got) else (got.get("ServiceSetting") or {}).get("SettingValue")


def _session_preferences(ctx: ServiceContext, c: Any) -> Any:
    got = ctx.read(c.get_document, Name=SESSION_DOCUMENT, DocumentFormat="JSON", missing=("InvalidDocument",))
    if got is None or is_unreadable(got):
        return got
    try:
        inputs = (json.loads(got.get("Content") or "{}").get("inputs")) or {}
    except ValueError:
        return unreadable(f"{SESSION_DOCUMENT}: content is not JSON")
    return {k: inputs[k] for k in SESSION_INPUTS if k in inputs}


def _compliance(ctx: ServiceContext, c: Any) -> Any:
    def read() -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for item in ctx.paginate(c, "list_resource_compliance_summaries", "ResourceComplianceSummaryItems"):
            if item.get("ResourceType") not in (None, "ManagedInstance"):
                continue
            out.setdefault(str(item.get("ResourceId")), {})[str(item.get("ComplianceType"))] = {
                "Status": item.get("Status"), "OverallSeverity": item.get("OverallSeverity"),
                "NonCompliantCount": (item.get("NonCompliantSummary") or {}).get("NonCompliantCount")}
        return out
    return ctx.read(read)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("ssm")
    instances: list[dict[str, Any]] = []

    def managed() -> list[Resource]:
        instances.extend(ctx.paginate(c, "describe_instance_information", "InstanceInformationList"))
        if not instances:
            return []
        comp = _compliance(ctx, c)
        out = []
        for i in instances:
            iid = str(i["InstanceId"])
            data = {k: i[k] for k in INSTANCE_KEYS if k in i}
            data["_compliance"] = comp if is_unreadable(comp) else comp.get(iid, {})
            rid = arn(ctx, "ssm", f"managed-instance/{iid}") if iid.startswith("mi-") else arn(ctx, "ec2", f"instance/{iid}")
            out.append(make(ctx, "aws.ssm.managed_instance", rid, iid, data))
        return out

    out = listed(ctx, "aws.ssm.managed_instance", managed)
    listed_ok = not any(t == "aws.ssm.managed_instance" for t, _ in ctx.gaps)
    region: dict[str, Any] = {
        "PublicSharingPermission": _setting(ctx, c, PUBLIC_SHARING),
        "AutomationLogDestination": _setting(ctx, c, AUTOMATION_LOGS),
        "_managed_instances": len(instances) if listed_ok else unreadable("DescribeInstanceInformation failed"),
        "_session_preferences": _session_preferences(ctx, c) if instances else None,
    }
    return [make(ctx, "aws.ssm.region", arn(ctx, "ssm", "service-settings"), f"ssm {ctx.region}", region), *out]
