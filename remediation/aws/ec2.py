"""EC2: security-group ingress from the internet, default security group, IMDSv2, EBS default
encryption, public EBS snapshots and public AMIs."""

from __future__ import annotations

import json
from typing import Any

from agent.core.model import Resource
from remediation.aws import region_of
from remediation.base import ApiCall, BaseRemediator, Context, SingleSetting, last_segment

INTERNET = {"IpRanges": ("CidrIp", "0.0.0.0/0"), "Ipv6Ranges": ("CidrIpv6", "::/0")}


def group_id(r: Resource) -> str:
    return last_segment(r, "GroupId")


def _covers(perm: dict[str, Any], port: int | None) -> bool:
    """Does an ingress permission open ``port`` (None: all traffic, protocol -1 only)?"""
    if str(perm.get("IpProtocol")) == "-1":
        return True
    if port is None:
        return False
    if perm.get("IpProtocol") not in ("tcp", "6"):
        return False
    return int(perm.get("FromPort", -1)) <= port <= int(perm.get("ToPort", -1))


def _internet_rules(perms: list[dict[str, Any]], port: int | None) -> list[dict[str, Any]]:
    """Only the internet-wide ranges of the offending permissions, one rule per range."""
    out = []
    for p in perms:
        if not _covers(p, port):
            continue
        for list_key, (cidr_key, cidr) in INTERNET.items():
            for rng in p.get(list_key, []):
                if rng.get(cidr_key) == cidr:
                    rule = {"IpProtocol": str(p["IpProtocol"]), list_key: [dict(rng)]}
                    if str(p["IpProtocol"]) != "-1":
                        rule.update(FromPort=p.get("FromPort"), ToPort=p.get("ToPort"))
                    out.append(rule)
    return sorted(out, key=lambda d: json.dumps(d, sort_keys=True))


def _strip_descriptions(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for rule in rules:
        rule = dict(rule)
        for list_key in ("IpRanges", "Ipv6Ranges"):
            if list_key in rule:
                rule[list_key] = [{k: v for k, v in rng.items() if k != "Description"} for rng in rule[list_key]]
        out.append(rule)
    return out


def _describe_group(ctx: Context, r: Resource) -> dict[str, Any]:
    ec2 = ctx.aws_client(r.account, "ec2", region_of(r))
    return ec2.describe_security_groups(GroupIds=[group_id(r)])["SecurityGroups"][0]


class InternetIngress(BaseRemediator):
    """Revoke only the 0.0.0.0/0 and ::/0 ranges that open ``port``; every other rule stays."""

    resource_type = "aws.ec2.security_group"
    collector_service = "ec2"
    port: int | None = None

    def read(self, ctx: Context, r: Resource) -> dict[str, Any]:
        return {"InternetIngress": _internet_rules(_describe_group(ctx, r).get("IpPermissions", []), self.port)}

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        return {"InternetIngress": []}

    def calls(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [
            ApiCall(
                "ec2",
                "revoke_security_group_ingress",
                {"GroupId": group_id(r), "IpPermissions": _strip_descriptions(before["InternetIngress"])},
                region_of(r),
            )
        ]

    def undo(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [
            ApiCall(
                "ec2",
                "authorize_security_group_ingress",
                {"GroupId": group_id(r), "IpPermissions": before["InternetIngress"]},
                region_of(r),
            )
        ]

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        what = "all traffic" if self.port is None else f"port {self.port}"
        return (
            f"aws ec2 revoke-security-group-ingress --group-id {group_id(r)} --ip-permissions '<the 0.0.0.0/0 and ::/0 "
            f"rules for {what}, listed in the plan>'"
        )

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        what = "all traffic" if self.port is None else f"port {self.port}"
        return (
            f"# In the aws_security_group / aws_vpc_security_group_ingress_rule for {group_id(r)}:\n"
            f'# remove cidr_blocks = ["0.0.0.0/0"] and ipv6_cidr_blocks = ["::/0"] from the ingress rule for {what},\n'
            "# or narrow them to your administration network, e.g.\n"
            f'resource "aws_vpc_security_group_ingress_rule" "ucs_fix" {{\n  security_group_id = "{group_id(r)}"\n'
            f'  cidr_ipv4         = "10.0.0.0/8"  # your admin network\n  ip_protocol       = "tcp"\n'
            f"  from_port         = {self.port or 0}\n  to_port           = {self.port or 0}\n}}"
        )


class NoSshFromInternet(InternetIngress):
    check_id = "aws.ec2.sg_no_ssh_from_internet"
    summary = "Revoke SSH (22) ingress from 0.0.0.0/0 and ::/0 on security group {name}"
    port = 22


class NoRdpFromInternet(InternetIngress):
    check_id = "aws.ec2.sg_no_rdp_from_internet"
    summary = "Revoke RDP (3389) ingress from 0.0.0.0/0 and ::/0 on security group {name}"
    port = 3389


class NoAllTrafficFromInternet(InternetIngress):
    check_id = "aws.ec2.sg_no_all_traffic_from_internet"
    summary = "Revoke all-traffic ingress from 0.0.0.0/0 and ::/0 on security group {name}"
    port = None


# The per-service port checks of checks.aws.ec2_ports whose service listens on one TCP port get
# the same fix (multi-port and UDP services are left to a person).
class NoMysqlFromInternet(InternetIngress):
    check_id = "aws.ec2.sg_no_mysql_from_internet"
    summary = "Revoke MySQL (3306) ingress from 0.0.0.0/0 and ::/0 on security group {name}"
    port = 3306


class NoPostgresqlFromInternet(InternetIngress):
    check_id = "aws.ec2.sg_no_postgresql_from_internet"
    summary = "Revoke PostgreSQL (5432) ingress from 0.0.0.0/0 and ::/0 on security group {name}"
    port = 5432


class NoRedisFromInternet(InternetIngress):
    check_id = "aws.ec2.sg_no_redis_from_internet"
    summary = "Revoke Redis (6379) ingress from 0.0.0.0/0 and ::/0 on security group {name}"
    port = 6379


class NoKubernetesApiFromInternet(InternetIngress):
    check_id = "aws.ec2.sg_no_kubernetes_api_from_internet"
    summary = "Revoke Kubernetes API (6443) ingress from 0.0.0.0/0 and ::/0 on security group {name}"
    port = 6443


def _clean_perm(p: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"IpProtocol": str(p["IpProtocol"])}
    if str(p["IpProtocol"]) != "-1":
        out.update(FromPort=p.get("FromPort"), ToPort=p.get("ToPort"))
    for k in ("IpRanges", "Ipv6Ranges", "PrefixListIds"):
        if p.get(k):
            out[k] = [dict(x) for x in p[k]]
    if p.get("UserIdGroupPairs"):
        out["UserIdGroupPairs"] = [
            {k: v for k, v in pair.items() if k in ("GroupId", "UserId")} for pair in p["UserIdGroupPairs"]
        ]
    return out


def _sorted_perms(perms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted((_clean_perm(p) for p in perms), key=lambda d: json.dumps(d, sort_keys=True))


class DefaultGroupRestrictsAll(BaseRemediator):
    check_id = "aws.ec2.default_sg_restricts_all"
    resource_type = "aws.ec2.security_group"
    collector_service = "ec2"
    summary = "Remove every inbound and outbound rule of default security group {name}"

    def read(self, ctx: Context, r: Resource) -> dict[str, Any]:
        g = _describe_group(ctx, r)
        return {
            "Ingress": _sorted_perms(g.get("IpPermissions", [])),
            "Egress": _sorted_perms(g.get("IpPermissionsEgress", [])),
        }

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        return {"Ingress": [], "Egress": []}

    def _calls(self, r: Resource, state: dict[str, Any], verb: str) -> list[ApiCall]:
        out = []
        if state["Ingress"]:
            out.append(
                ApiCall(
                    "ec2",
                    f"{verb}_security_group_ingress",
                    {"GroupId": group_id(r), "IpPermissions": state["Ingress"]},
                    region_of(r),
                )
            )
        if state["Egress"]:
            out.append(
                ApiCall(
                    "ec2",
                    f"{verb}_security_group_egress",
                    {"GroupId": group_id(r), "IpPermissions": state["Egress"]},
                    region_of(r),
                )
            )
        return out

    def calls(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return self._calls(r, before, "revoke")

    def undo(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return self._calls(r, before, "authorize")

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f"aws ec2 revoke-security-group-ingress --group-id {group_id(r)} --ip-permissions '<every ingress rule>' && "
            f"aws ec2 revoke-security-group-egress --group-id {group_id(r)} --ip-permissions '<every egress rule>'"
        )

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        vpc = r.data.get("VpcId", "<vpc id>")
        return (
            f'resource "aws_default_security_group" "ucs_fix" {{\n  vpc_id = "{vpc}"\n'
            "  # no ingress or egress blocks: Terraform removes every rule\n}"
        )


class ImdsV2Required(SingleSetting):
    check_id = "aws.ec2.imdsv2_required"
    resource_type = "aws.ec2.instance"
    collector_service = "ec2"
    summary = "Require IMDSv2 session tokens on instance {name}"
    key, desired = "HttpTokens", "required"

    def read_value(self, ctx: Context, r: Resource) -> Any:
        ec2 = ctx.aws_client(r.account, "ec2", region_of(r))
        inst = ec2.describe_instances(InstanceIds=[last_segment(r, "InstanceId")])["Reservations"][0]["Instances"][0]
        return inst.get("MetadataOptions", {}).get("HttpTokens", "optional")

    def set_call(self, r: Resource, tokens: Any) -> ApiCall:
        return ApiCall(
            "ec2",
            "modify_instance_metadata_options",
            {"InstanceId": last_segment(r, "InstanceId"), "HttpTokens": tokens, "HttpEndpoint": "enabled"},
            region_of(r),
        )

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"aws ec2 modify-instance-metadata-options --instance-id {last_segment(r, 'InstanceId')} --http-tokens required --http-endpoint enabled"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            "# in the aws_instance resource for " + last_segment(r, "InstanceId") + ":\nmetadata_options {\n"
            '  http_endpoint = "enabled"\n  http_tokens   = "required"\n}'
        )


class EbsDefaultEncryption(SingleSetting):
    check_id = "aws.ec2.ebs_default_encryption"
    resource_type = "aws.ec2.region_settings"
    collector_service = "ec2"
    summary = "Turn on EBS encryption by default in region {name}"
    key, desired = "EbsEncryptionByDefault", True

    def read_value(self, ctx: Context, r: Resource) -> Any:
        return bool(
            ctx.aws_client(r.account, "ec2", region_of(r)).get_ebs_encryption_by_default()["EbsEncryptionByDefault"]
        )

    def set_call(self, r: Resource, on: Any) -> ApiCall:
        return ApiCall(
            "ec2", "enable_ebs_encryption_by_default" if on else "disable_ebs_encryption_by_default", {}, region_of(r)
        )

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"aws ec2 enable-ebs-encryption-by-default --region {r.region}"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f'resource "aws_ebs_encryption_by_default" "ucs_fix" {{\n  enabled = true  # provider region {r.region}\n}}'
        )


class SnapshotNotPublic(SingleSetting):
    check_id = "aws.ec2.snapshot_not_public"
    resource_type = "aws.ec2.snapshot"
    collector_service = "ec2"
    summary = "Remove public (all accounts) create-volume permission from EBS snapshot {name}"
    key, desired = "Public", False

    def read_value(self, ctx: Context, r: Resource) -> Any:
        ec2 = ctx.aws_client(r.account, "ec2", region_of(r))
        perms = ec2.describe_snapshot_attribute(
            SnapshotId=last_segment(r, "SnapshotId"), Attribute="createVolumePermission"
        ).get("CreateVolumePermissions", [])
        return any(p.get("Group") == "all" for p in perms)

    def set_call(self, r: Resource, public: Any) -> ApiCall:
        return ApiCall(
            "ec2",
            "modify_snapshot_attribute",
            {
                "SnapshotId": last_segment(r, "SnapshotId"),
                "Attribute": "createVolumePermission",
                "OperationType": "add" if public else "remove",
                "GroupNames": ["all"],
            },
            region_of(r),
        )

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f"aws ec2 modify-snapshot-attribute --snapshot-id {last_segment(r, 'SnapshotId')} "
            "--attribute createVolumePermission --operation-type remove --group-names all"
        )

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f'# remove any aws_snapshot_create_volume_permission with group "all" for {last_segment(r, "SnapshotId")};\n'
            "# share with named accounts instead:\n"
            f'resource "aws_snapshot_create_volume_permission" "ucs_fix" {{\n  snapshot_id = "{last_segment(r, "SnapshotId")}"\n'
            '  account_id  = "<trusted account id>"\n}'
        )


class AmiNotPublic(SingleSetting):
    check_id = "aws.ec2.ami_not_public"
    resource_type = "aws.ec2.image"
    collector_service = "ec2_images"
    summary = "Make AMI {name} private (remove the public launch permission)"
    key, desired = "Public", False

    def read_value(self, ctx: Context, r: Resource) -> Any:
        ec2 = ctx.aws_client(r.account, "ec2", region_of(r))
        perms = ec2.describe_image_attribute(ImageId=last_segment(r, "ImageId"), Attribute="launchPermission").get(
            "LaunchPermissions", []
        )
        return any(p.get("Group") == "all" for p in perms)

    def set_call(self, r: Resource, public: Any) -> ApiCall:
        return ApiCall(
            "ec2",
            "modify_image_attribute",
            {
                "ImageId": last_segment(r, "ImageId"),
                "LaunchPermission": {"Add" if public else "Remove": [{"Group": "all"}]},
            },
            region_of(r),
        )

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"aws ec2 modify-image-attribute --image-id {last_segment(r, 'ImageId')} --launch-permission 'Remove=[{{Group=all}}]'"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f'# remove any aws_ami_launch_permission with group = "all" for {last_segment(r, "ImageId")}\n'
            f'resource "aws_ami_launch_permission" "ucs_fix" {{\n  image_id   = "{last_segment(r, "ImageId")}"\n'
            '  account_id = "<trusted account id>"\n}'
        )


REMEDIATORS = [
    NoSshFromInternet(),
    NoRdpFromInternet(),
    NoAllTrafficFromInternet(),
    DefaultGroupRestrictsAll(),
    ImdsV2Required(),
    EbsDefaultEncryption(),
    SnapshotNotPublic(),
    AmiNotPublic(),
    NoMysqlFromInternet(),
    NoPostgresqlFromInternet(),
    NoRedisFromInternet(),
    NoKubernetesApiFromInternet(),
]
