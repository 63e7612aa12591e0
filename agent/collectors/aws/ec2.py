"""EC2 in one region: instances, security groups, EBS volumes, snapshots, Elastic IPs, and the
region's settings (EBS default encryption, serial console access).

Instances carry ``_user_data_secrets``: what detect-secrets finds in their user data, and
``_termination_protection`` (``DisableApiTermination``): two ``DescribeInstanceAttribute`` calls
each (the user data itself is not kept).  ``_ssm_managed`` says whether Systems Manager lists the
instance as managed (one paginated ``DescribeInstanceInformation`` per region, only when the
region has instances).

Everything but snapshot sharing comes from paginated ``Describe*`` calls.  Who may create a
volume from a snapshot has no batch read (``DescribeSnapshots`` cannot report it), so it is one
``DescribeSnapshotAttribute`` per snapshot owned by the account, on a bounded pool.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import bounded_map, jsonable, listed, name_tag
from agent.collectors.aws._secrets import scan_text
from agent.collectors.aws.context import ServiceContext, tags_dict
from agent.core.model import Resource, is_unreadable

SERVICE = "ec2"
GLOBAL = False
RESOURCE_TYPES = (
    "aws.ec2.instance",
    "aws.ec2.security_group",
    "aws.ec2.volume",
    "aws.ec2.snapshot",
    "aws.ec2.elastic_ip",
    "aws.ec2.region_settings",
)
PERMISSIONS = (
    "ec2:DescribeAddresses",
    "ec2:DescribeInstanceAttribute",
    "ec2:DescribeInstances",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSnapshotAttribute",
    "ec2:DescribeSnapshots",
    "ec2:DescribeVolumes",
    "ec2:GetEbsEncryptionByDefault",
    "ec2:GetSerialConsoleAccessStatus",
    "ssm:DescribeInstanceInformation",
)


def _arn(ctx: ServiceContext, kind: str, rid: str) -> str:
    return f"arn:aws:ec2:{ctx.region}:{ctx.account}:{kind}/{rid}"


def decode_user_data(value: Any) -> str:
    """User data as text: base64, possibly gzip-compressed (cloud-init accepts both)."""
    import base64
    import gzip

    raw = base64.b64decode(str(value or ""), validate=False)
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return raw.decode("utf-8", errors="replace")


def _user_data_secrets(ctx: ServiceContext, ec2: Any, instance_id: str) -> Any:
    got = ctx.read(ec2.describe_instance_attribute, InstanceId=instance_id, Attribute="userData")
    if is_unreadable(got):
        return got
    return scan_text(decode_user_data(((got or {}).get("UserData") or {}).get("Value")))


def _instances(ctx: ServiceContext, ec2: Any) -> list[Resource]:
    out: list[Resource] = []
    for reservation in ctx.paginate(ec2, "describe_instances", "Reservations"):
        for inst in reservation.get("Instances", []):
            if inst.get("State", {}).get("Name") == "terminated":
                continue
            tags = tags_dict(inst.get("Tags"))
            data = jsonable(inst)
            data["_public_ip"] = inst.get("PublicIpAddress")
            out.append(Resource("aws", ctx.account, ctx.region, "aws.ec2.instance",
                                _arn(ctx, "instance", inst["InstanceId"]), name_tag(tags, inst["InstanceId"]),
                                tags, data))

    # User data and termination protection have no batch read: DescribeInstanceAttribute per
    # instance, on a bounded pool; only what detect-secrets finds in the user data is kept.
    def attributes(r: Resource) -> None:
        iid = str(r.data["InstanceId"])
        r.data["_user_data_secrets"] = _user_data_secrets(ctx, ec2, iid)
        got = ctx.read(ec2.describe_instance_attribute, InstanceId=iid, Attribute="disableApiTermination")
        r.data["_termination_protection"] = got if is_unreadable(got) else \
            bool(((got or {}).get("DisableApiTermination") or {}).get("Value"))

    bounded_map(attributes, out)
    if out:
        managed = _ssm_managed_ids(ctx)
        for r in out:
            r.data["_ssm_managed"] = managed if is_unreadable(managed) else r.data["InstanceId"] in managed
    return out


def _ssm_managed_ids(ctx: ServiceContext) -> Any:
    """Ids of the instances Systems Manager manages in the region, or an unreadable marker."""
    ssm = ctx.client("ssm")
    got = ctx.read(lambda: [i.get("InstanceId") for i in
                            ctx.paginate(ssm, "describe_instance_information", "InstanceInformationList")])
    return got if is_unreadable(got) else set(got)


def _addresses(ctx: ServiceContext, ec2: Any) -> list[Resource]:
    out = []
    for a in ec2.describe_addresses().get("Addresses", []):  # not paginated
        rid = a.get("AllocationId") or a.get("PublicIp", "")
        tags = tags_dict(a.get("Tags"))
        out.append(Resource("aws", ctx.account, ctx.region, "aws.ec2.elastic_ip", _arn(ctx, "elastic-ip", rid),
                            name_tag(tags, a.get("PublicIp") or rid), tags, jsonable(a)))
    return out


def _security_groups(ctx: ServiceContext, ec2: Any) -> list[Resource]:
    out = []
    for sg in ctx.paginate(ec2, "describe_security_groups", "SecurityGroups"):
        tags = tags_dict(sg.get("Tags"))
        out.append(Resource("aws", ctx.account, ctx.region, "aws.ec2.security_group",
                            _arn(ctx, "security-group", sg["GroupId"]), sg.get("GroupName", sg["GroupId"]),
                            tags, jsonable(sg)))
    return out


def _volumes(ctx: ServiceContext, ec2: Any) -> list[Resource]:
    out = []
    for vol in ctx.paginate(ec2, "describe_volumes", "Volumes"):
        tags = tags_dict(vol.get("Tags"))
        out.append(Resource("aws", ctx.account, ctx.region, "aws.ec2.volume", _arn(ctx, "volume", vol["VolumeId"]),
                            name_tag(tags, vol["VolumeId"]), tags, jsonable(vol)))
    return out


def _snapshot(ctx: ServiceContext, ec2: Any, snap: dict[str, Any]) -> Resource:
    perms = ctx.read(ec2.describe_snapshot_attribute, SnapshotId=snap["SnapshotId"], Attribute="createVolumePermission")
    data = jsonable(snap)
    if is_unreadable(perms):
        data["_create_volume_permissions"] = perms
    else:
        data["_create_volume_permissions"] = perms.get("CreateVolumePermissions", [])
    tags = tags_dict(snap.get("Tags"))
    return Resource("aws", ctx.account, ctx.region, "aws.ec2.snapshot", _arn(ctx, "snapshot", snap["SnapshotId"]),
                    name_tag(tags, snap["SnapshotId"]), tags, data)


def _snapshots(ctx: ServiceContext, ec2: Any) -> list[Resource]:
    # OwnerIds=self already narrows the list; the owner test guards against emulators ignoring it
    # (moto returns its public AMI snapshots too), which would cost one call per foreign snapshot.
    snaps = [s for s in ctx.paginate(ec2, "describe_snapshots", "Snapshots", OwnerIds=["self"])
             if s.get("OwnerId") in (None, ctx.account)]
    return bounded_map(lambda s: _snapshot(ctx, ec2, s), snaps)


def _region_settings(ctx: ServiceContext, ec2: Any) -> list[Resource]:
    enc = ctx.read(ec2.get_ebs_encryption_by_default)
    data: dict[str, Any] = {
        "EbsEncryptionByDefault": enc if is_unreadable(enc) else enc.get("EbsEncryptionByDefault"),
    }
    serial = ctx.read(ec2.get_serial_console_access_status)
    data["SerialConsoleAccessEnabled"] = serial if is_unreadable(serial) else serial.get("SerialConsoleAccessEnabled")
    return [Resource("aws", ctx.account, ctx.region, "aws.ec2.region_settings",
                     f"arn:aws:ec2:{ctx.region}:{ctx.account}:region-settings", f"ec2 settings {ctx.region}",
                     {}, data)]


def collect(ctx: ServiceContext) -> list[Resource]:
    ec2 = ctx.client()
    out: list[Resource] = []
    out += listed(ctx, "aws.ec2.instance", lambda: _instances(ctx, ec2))
    out += listed(ctx, "aws.ec2.security_group", lambda: _security_groups(ctx, ec2))
    out += listed(ctx, "aws.ec2.volume", lambda: _volumes(ctx, ec2))
    out += listed(ctx, "aws.ec2.snapshot", lambda: _snapshots(ctx, ec2))
    out += listed(ctx, "aws.ec2.elastic_ip", lambda: _addresses(ctx, ec2))
    out += _region_settings(ctx, ec2)
    return out
