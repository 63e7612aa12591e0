"""RDS public access, RDS snapshots, VPC flow logs, ECR repositories, GuardDuty."""

from __future__ import annotations

from typing import Any

from agent.core.errors import RemediationError
from agent.core.model import Resource
from remediation.aws import region_of
from remediation.base import ApiCall, ApplyRecord, BaseRemediator, Context, Plan, SingleSetting, last_segment


class RdsNotPublic(SingleSetting):
    check_id = "aws.rds.not_publicly_accessible"
    resource_type = "aws.rds.db_instance"
    collector_service = "rds"
    summary = "Turn off public accessibility of RDS instance {name}"
    key, desired = "PubliclyAccessible", False

    def read_value(self, ctx: Context, r: Resource) -> Any:
        rds = ctx.aws_client(r.account, "rds", region_of(r))
        return bool(
            rds.describe_db_instances(DBInstanceIdentifier=last_segment(r, "DBInstanceIdentifier"))["DBInstances"][
                0
            ].get("PubliclyAccessible")
        )

    def set_call(self, r: Resource, public: Any) -> ApiCall:
        return ApiCall(
            "rds",
            "modify_db_instance",
            {
                "DBInstanceIdentifier": last_segment(r, "DBInstanceIdentifier"),
                "PubliclyAccessible": public,
                "ApplyImmediately": True,
            },
            region_of(r),
        )

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f"aws rds modify-db-instance --db-instance-identifier {last_segment(r, 'DBInstanceIdentifier')} "
            "--no-publicly-accessible --apply-immediately"
        )

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"# in the aws_db_instance resource for {r.name}:\npublicly_accessible = false"


class RdsSnapshotNotPublic(SingleSetting):
    """Remove "all" from a manual DB snapshot's or DB cluster snapshot's (Aurora, DocumentDB,
    Neptune) restore attribute; the check covers both types, each has its own pair of API calls."""

    check_id = "aws.rds.snapshot_not_public"
    resource_type = "aws.rds.db_snapshot"
    collector_service = "rds"
    summary = "Make RDS snapshot {name} private (remove the public restore permission)"
    key, desired = "Public", False

    @staticmethod
    def _cluster(r: Resource) -> bool:
        return r.type == "aws.rds.db_cluster_snapshot"

    def _ident(self, r: Resource) -> dict[str, str]:
        if self._cluster(r):
            return {"DBClusterSnapshotIdentifier": last_segment(r, "DBClusterSnapshotIdentifier")}
        return {"DBSnapshotIdentifier": last_segment(r, "DBSnapshotIdentifier")}

    def read_value(self, ctx: Context, r: Resource) -> Any:
        rds = ctx.aws_client(r.account, "rds", region_of(r))
        if self._cluster(r):
            res = rds.describe_db_cluster_snapshot_attributes(**self._ident(r))
            attrs = res["DBClusterSnapshotAttributesResult"].get("DBClusterSnapshotAttributes", [])
        else:
            res = rds.describe_db_snapshot_attributes(**self._ident(r))
            attrs = res["DBSnapshotAttributesResult"].get("DBSnapshotAttributes", [])
        return "all" in [v for a in attrs if a.get("AttributeName") == "restore" for v in a.get("AttributeValues", [])]

    def set_call(self, r: Resource, public: Any) -> ApiCall:
        op = "modify_db_cluster_snapshot_attribute" if self._cluster(r) else "modify_db_snapshot_attribute"
        return ApiCall("rds", op, {**self._ident(r), "AttributeName": "restore",
                                   "ValuesToAdd" if public else "ValuesToRemove": ["all"]}, region_of(r))

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        if self._cluster(r):
            return (f"aws rds modify-db-cluster-snapshot-attribute --db-cluster-snapshot-identifier "
                    f"{last_segment(r, 'DBClusterSnapshotIdentifier')} --attribute-name restore --values-to-remove all")
        return (
            f"aws rds modify-db-snapshot-attribute --db-snapshot-identifier {last_segment(r, 'DBSnapshotIdentifier')} "
            "--attribute-name restore --values-to-remove all"
        )

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"# RDS snapshot sharing is not managed by Terraform; run:\n# {self.cli(ctx, r, after)}"


class VpcFlowLogs(BaseRemediator):
    """Create a flow log (ALL traffic) to the configured destination.

    The new flow log's id is only known after the call, so rollback looks up the flow logs of
    this VPC that did not exist in the before-state and removes exactly those (the log data
    already delivered stays where it is).
    """

    check_id = "aws.vpc.flow_logs_enabled"
    resource_type = "aws.vpc.vpc"
    collector_service = "vpc"
    summary = "Turn on VPC flow logs (all traffic) for VPC {name} to the configured destination"

    def read(self, ctx: Context, r: Resource) -> dict[str, Any]:
        ec2 = ctx.aws_client(r.account, "ec2", region_of(r))
        logs = ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [last_segment(r, "VpcId")]}])[
            "FlowLogs"
        ]
        return {"FlowLogIds": sorted(f["FlowLogId"] for f in logs)}

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        if not ctx.settings.flow_log_destination:
            raise RemediationError(
                f"{self.check_id}: no flow-log destination configured",
                hint="set remediation.flow_log_destination (an S3 bucket ARN or a CloudWatch Logs group ARN)",
            )
        return {"FlowLogIds": before["FlowLogIds"] + ["<new flow log>"]}

    def is_fixed(self, state: dict[str, Any], after: dict[str, Any]) -> bool:
        return bool(state.get("FlowLogIds"))

    def calls(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        s = ctx.settings
        params: dict[str, Any] = {
            "ResourceIds": [last_segment(r, "VpcId")],
            "ResourceType": "VPC",
            "TrafficType": "ALL",
            "LogDestination": s.flow_log_destination,
        }
        if ":s3:::" in s.flow_log_destination:
            params["LogDestinationType"] = "s3"
        else:
            params["LogDestinationType"] = "cloud-watch-logs"
            params["DeliverLogsPermissionArn"] = s.flow_log_role_arn
        return [ApiCall("ec2", "create_flow_logs", params, region_of(r))]

    def undo(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [ApiCall("ec2", "delete_flow_logs", {"FlowLogIds": ["<flow logs created by this plan>"]}, region_of(r))]

    def rollback(self, ctx: Context, plan: Plan) -> ApplyRecord:
        live = self.read(ctx, plan.resource())
        created = [i for i in live["FlowLogIds"] if i not in plan.before["FlowLogIds"]]
        if created:
            ctx.execute(
                plan.provider,
                plan.account,
                ApiCall("ec2", "delete_flow_logs", {"FlowLogIds": created}, region_of(plan.resource())),
            )
        after = self.read(ctx, plan.resource())
        return ApplyRecord(plan.id, live, after, [f"ec2.delete_flow_logs({created})"], after == plan.before)

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        dest = ctx.settings.flow_log_destination
        kind = "s3" if ":s3:::" in dest else "cloud-watch-logs"
        return (
            f"aws ec2 create-flow-logs --resource-type VPC --resource-ids {last_segment(r, 'VpcId')} --traffic-type ALL "
            f"--log-destination-type {kind} --log-destination {dest}"
        )

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f'resource "aws_flow_log" "ucs_fix" {{\n  vpc_id               = "{last_segment(r, "VpcId")}"\n'
            f'  traffic_type         = "ALL"\n  log_destination      = "{ctx.settings.flow_log_destination}"\n}}'
        )


def repo_name(r: Resource) -> str:
    return r.data.get("repositoryName") or r.id.rsplit("repository/", 1)[-1]


class EcrRepositorySetting(SingleSetting):
    resource_type = "aws.ecr.repository"
    collector_service = "ecr"

    def repository(self, ctx: Context, r: Resource) -> dict[str, Any]:
        ecr = ctx.aws_client(r.account, "ecr", region_of(r))
        return dict(ecr.describe_repositories(repositoryNames=[repo_name(r)])["repositories"][0])


class EcrScanOnPush(EcrRepositorySetting):
    check_id = "aws.ecr.scan_on_push_enabled"
    summary = "Turn on image scanning on push for ECR repository {name}"
    key, desired = "scanOnPush", True

    def read_value(self, ctx: Context, r: Resource) -> Any:
        return bool(self.repository(ctx, r).get("imageScanningConfiguration", {}).get("scanOnPush"))

    def set_call(self, r: Resource, on: Any) -> ApiCall:
        return ApiCall(
            "ecr",
            "put_image_scanning_configuration",
            {"repositoryName": repo_name(r), "imageScanningConfiguration": {"scanOnPush": on}},
            region_of(r),
        )

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"aws ecr put-image-scanning-configuration --repository-name {repo_name(r)} --image-scanning-configuration scanOnPush=true"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"# in the aws_ecr_repository resource for {repo_name(r)}:\nimage_scanning_configuration {{\n  scan_on_push = true\n}}"


class EcrTagImmutability(EcrRepositorySetting):
    check_id = "aws.ecr.tag_immutability_enabled"
    summary = "Make image tags immutable in ECR repository {name}"
    key, desired = "imageTagMutability", "IMMUTABLE"

    def read_value(self, ctx: Context, r: Resource) -> Any:
        return self.repository(ctx, r)["imageTagMutability"]

    def set_call(self, r: Resource, value: Any) -> ApiCall:
        return ApiCall(
            "ecr",
            "put_image_tag_mutability",
            {"repositoryName": repo_name(r), "imageTagMutability": value},
            region_of(r),
        )

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"aws ecr put-image-tag-mutability --repository-name {repo_name(r)} --image-tag-mutability IMMUTABLE"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f'# in the aws_ecr_repository resource for {repo_name(r)}:\nimage_tag_mutability = "IMMUTABLE"'


class GuardDutyEnabled(BaseRemediator):
    """Enable the region's detector, creating one if there is none.  Rollback disables it (a
    detector UCS created is left disabled rather than deleted: no destructive action)."""

    check_id = "aws.guardduty.enabled"
    resource_type = "aws.guardduty.region"
    collector_service = "guardduty"
    summary = "Enable GuardDuty in region {name}"

    def read(self, ctx: Context, r: Resource) -> dict[str, Any]:
        gd = ctx.aws_client(r.account, "guardduty", region_of(r))
        ids = gd.list_detectors()["DetectorIds"]
        enabled = bool(ids) and gd.get_detector(DetectorId=ids[0])["Status"] == "ENABLED"
        return {"Enabled": enabled}

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        return {"Enabled": True}

    def calls(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        # A region holds at most one detector: one that exists but is disabled is re-enabled.
        detector = self._detector(ctx, r)
        if detector:
            return [ApiCall("guardduty", "update_detector", {"DetectorId": detector, "Enable": True}, region_of(r))]
        return [ApiCall("guardduty", "create_detector", {"Enable": True}, region_of(r))]

    def undo(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [
            ApiCall(
                "guardduty", "update_detector", {"DetectorId": "<the region's detector>", "Enable": False}, region_of(r)
            )
        ]

    def _detector(self, ctx: Context, r: Resource) -> str | None:
        ids = ctx.aws_client(r.account, "guardduty", region_of(r)).list_detectors()["DetectorIds"]
        return ids[0] if ids else None

    def rollback(self, ctx: Context, plan: Plan) -> ApplyRecord:
        # The id of a detector created by the apply is only known now.
        r = plan.resource()
        detector = self._detector(ctx, r)
        if detector:
            plan.rollback_calls = [
                ApiCall("guardduty", "update_detector", {"DetectorId": detector, "Enable": False}, region_of(r))
            ]
        return super().rollback(ctx, plan)

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"aws guardduty create-detector --enable --region {r.region}"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f'resource "aws_guardduty_detector" "ucs_fix" {{\n  enable = true  # provider region {r.region}\n}}'


REMEDIATORS = [
    RdsNotPublic(),
    RdsSnapshotNotPublic(),
    VpcFlowLogs(),
    EcrScanOnPush(),
    EcrTagImmutability(),
    GuardDutyEnabled(),
]
