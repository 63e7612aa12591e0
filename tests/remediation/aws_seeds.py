"""Seeders: put one resource into moto in the state its check fails on, return it as a Resource.

Ids follow the collector conventions (ARNs where AWS has them); when a real collector is present
the tests swap in the collected resource (see ``collected_twin`` in test_aws_remediators.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agent.core.model import Resource
from tests.remediation.conftest import ACCOUNT, REGION

Seeder = Callable[[Any], Resource]


def _r(rtype: str, rid: str, name: str, region: str = REGION, **data: Any) -> Resource:
    return Resource("aws", ACCOUNT, region, rtype, rid, name, {}, data)


def bucket(f: Any, name: str) -> Resource:
    f.client("s3").create_bucket(Bucket=name)
    return _r("aws.s3.bucket", f"arn:aws:s3:::{name}", name, Name=name)


def s3_pab(f: Any) -> Resource:
    return bucket(f, "ucs-pab-bucket")


def s3_account_pab(f: Any) -> Resource:
    return _r(
        "aws.s3.account_public_access_block",
        f"arn:aws:s3:::account/{ACCOUNT}",
        f"s3 account {ACCOUNT}",
        region="global",
    )


def s3_encryption(f: Any) -> Resource:
    return bucket(f, "ucs-plain-bucket")


def s3_versioning(f: Any) -> Resource:
    return bucket(f, "ucs-unversioned-bucket")


def s3_logging(f: Any) -> Resource:
    s3 = f.client("s3")
    s3.create_bucket(Bucket="ucs-test-access-logs")
    s3.put_bucket_acl(Bucket="ucs-test-access-logs", ACL="log-delivery-write")
    return bucket(f, "ucs-unlogged-bucket")


def _group(f: Any, name: str, perms: list[dict[str, Any]]) -> Resource:
    ec2 = f.client("ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    gid = ec2.create_security_group(GroupName=name, Description="ucs test", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=perms)
    return _r(
        "aws.ec2.security_group", f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/{gid}", name, GroupId=gid, VpcId=vpc
    )


def _open(port: int) -> list[dict[str, Any]]:
    # The internet ranges share a rule with a private range and sit next to a harmless rule:
    # the fix must revoke the first two and leave the rest.
    return [
        {
            "IpProtocol": "tcp",
            "FromPort": port,
            "ToPort": port,
            "IpRanges": [{"CidrIp": "0.0.0.0/0", "Description": "anywhere"}, {"CidrIp": "10.0.0.0/8"}],
            "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
        },
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
    ]


def sg_ssh(f: Any) -> Resource:
    return _group(f, "ucs-open-ssh", _open(22))


def sg_port(port: int) -> Seeder:
    return lambda f: _group(f, f"ucs-open-{port}", _open(port))


def sg_rdp(f: Any) -> Resource:
    return _group(f, "ucs-open-rdp", _open(3389))


def sg_all(f: Any) -> Resource:
    return _group(
        f,
        "ucs-open-all",
        [
            {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
            {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        ],
    )


def default_sg(f: Any) -> Resource:
    ec2 = f.client("ec2")
    g = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
    ec2.authorize_security_group_ingress(
        GroupId=g["GroupId"],
        IpPermissions=[{"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": g["GroupId"], "UserId": ACCOUNT}]}],
    )
    return _r(
        "aws.ec2.security_group",
        f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/{g['GroupId']}",
        "default",
        GroupId=g["GroupId"],
        GroupName="default",
        VpcId=g["VpcId"],
    )


def _image(f: Any, name: str) -> str:
    # A registered image of our own: listing moto's built-in catalogue of AMIs takes seconds.
    return f.client("ec2").register_image(Name=name, RootDeviceName="/dev/sda1", Architecture="x86_64")["ImageId"]


def _instance(f: Any) -> str:
    ec2 = f.client("ec2")
    ami = _image(f, "ucs-base-image")
    return ec2.run_instances(
        ImageId=ami, MinCount=1, MaxCount=1, InstanceType="t3.micro", MetadataOptions={"HttpTokens": "optional"}
    )["Instances"][0]["InstanceId"]


def imds(f: Any) -> Resource:
    iid = _instance(f)
    return _r("aws.ec2.instance", f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{iid}", iid, InstanceId=iid)


def ebs_default(f: Any) -> Resource:
    f.client("ec2").disable_ebs_encryption_by_default()
    return _r("aws.ec2.region_settings", f"arn:aws:ec2:{REGION}:{ACCOUNT}:region-settings", f"ec2 settings {REGION}")


def snapshot(f: Any) -> Resource:
    ec2 = f.client("ec2")
    vol = ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=1)["VolumeId"]
    sid = ec2.create_snapshot(VolumeId=vol)["SnapshotId"]
    ec2.modify_snapshot_attribute(
        SnapshotId=sid, Attribute="createVolumePermission", OperationType="add", GroupNames=["all"]
    )
    return _r("aws.ec2.snapshot", f"arn:aws:ec2:{REGION}:{ACCOUNT}:snapshot/{sid}", sid, SnapshotId=sid)


def ami(f: Any) -> Resource:
    ec2 = f.client("ec2")
    image = _image(f, "ucs-public-ami")
    ec2.modify_image_attribute(ImageId=image, LaunchPermission={"Add": [{"Group": "all"}]})
    return _r("aws.ec2.image", f"arn:aws:ec2:{REGION}:{ACCOUNT}:image/{image}", "ucs-public-ami", ImageId=image)


def password_policy(f: Any) -> Resource:
    f.client("iam").update_account_password_policy(MinimumPasswordLength=8, RequireSymbols=False)
    return _r(
        "aws.iam.password_policy",
        f"arn:aws:iam::{ACCOUNT}:account-password-policy",
        "account password policy",
        region="global",
    )


def access_keys(f: Any) -> Resource:
    iam = f.client("iam")
    iam.create_user(UserName="ucs-stale-user")
    iam.create_access_key(UserName="ucs-stale-user")
    return _r(
        "aws.iam.user",
        f"arn:aws:iam::{ACCOUNT}:user/ucs-stale-user",
        "ucs-stale-user",
        region="global",
        UserName="ucs-stale-user",
    )


def kms_key(f: Any) -> Resource:
    key = f.client("kms").create_key(Description="ucs test")["KeyMetadata"]
    return _r("aws.kms.key", key["Arn"], key["KeyId"], KeyId=key["KeyId"])


def _trail(f: Any) -> Resource:
    f.client("s3").create_bucket(Bucket="ucs-trail-bucket")
    t = f.client("cloudtrail").create_trail(
        Name="ucs-trail", S3BucketName="ucs-trail-bucket", IsMultiRegionTrail=False, EnableLogFileValidation=False
    )
    return _r("aws.cloudtrail.trail", t["TrailARN"], "ucs-trail", TrailARN=t["TrailARN"], Name="ucs-trail")


def trail_region(f: Any) -> Resource:
    _trail(f)
    return _r(
        "aws.cloudtrail.region",
        f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:region-trails",
        f"cloudtrail {REGION}",
        Region=REGION,
    )


def rds_instance(f: Any) -> Resource:
    db = f.client("rds").create_db_instance(
        DBInstanceIdentifier="ucs-public-db",
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        MasterUsername="admin",
        MasterUserPassword="not-a-secret-1",
        AllocatedStorage=20,
        PubliclyAccessible=True,
    )["DBInstance"]
    return _r("aws.rds.db_instance", db["DBInstanceArn"], "ucs-public-db", DBInstanceIdentifier="ucs-public-db")


def rds_snapshot(f: Any) -> Resource:
    rds = f.client("rds")
    rds_instance(f)
    snap = rds.create_db_snapshot(DBInstanceIdentifier="ucs-public-db", DBSnapshotIdentifier="ucs-public-snap")[
        "DBSnapshot"
    ]
    rds.modify_db_snapshot_attribute(
        DBSnapshotIdentifier="ucs-public-snap", AttributeName="restore", ValuesToAdd=["all"]
    )
    return _r("aws.rds.db_snapshot", snap["DBSnapshotArn"], "ucs-public-snap", DBSnapshotIdentifier="ucs-public-snap")


def vpc(f: Any) -> Resource:
    f.client("s3").create_bucket(Bucket="ucs-test-flow-logs")
    v = f.client("ec2").create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    return _r("aws.vpc.vpc", f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc/{v}", v, VpcId=v)


def ecr_repo(f: Any) -> Resource:
    repo = f.client("ecr").create_repository(repositoryName="ucs-repo")["repository"]
    return _r("aws.ecr.repository", repo["repositoryArn"], "ucs-repo", repositoryName="ucs-repo")


def guardduty(f: Any) -> Resource:
    return _r("aws.guardduty.region", f"arn:aws:guardduty:{REGION}:{ACCOUNT}:detectors", f"guardduty {REGION}")


SEEDS: dict[str, Seeder] = {
    "aws.s3.block_public_access": s3_pab,
    "aws.s3.account_public_access_blocked": s3_account_pab,
    "aws.s3.default_encryption": s3_encryption,
    "aws.s3.versioning_enabled": s3_versioning,
    "aws.s3.access_logging_enabled": s3_logging,
    "aws.ec2.sg_no_ssh_from_internet": sg_ssh,
    "aws.ec2.sg_no_rdp_from_internet": sg_rdp,
    "aws.ec2.sg_no_all_traffic_from_internet": sg_all,
    "aws.ec2.sg_no_mysql_from_internet": sg_port(3306),
    "aws.ec2.sg_no_postgresql_from_internet": sg_port(5432),
    "aws.ec2.sg_no_redis_from_internet": sg_port(6379),
    "aws.ec2.sg_no_kubernetes_api_from_internet": sg_port(6443),
    "aws.ec2.default_sg_restricts_all": default_sg,
    "aws.ec2.imdsv2_required": imds,
    "aws.ec2.ebs_default_encryption": ebs_default,
    "aws.ec2.snapshot_not_public": snapshot,
    "aws.ec2.ami_not_public": ami,
    "aws.iam.password_policy_min_length_14": password_policy,
    "aws.iam.unused_credentials_45_days": access_keys,
    "aws.kms.rotation_enabled": kms_key,
    "aws.cloudtrail.log_file_validation": _trail,
    "aws.cloudtrail.enabled_multi_region": trail_region,
    "aws.rds.not_publicly_accessible": rds_instance,
    "aws.rds.snapshot_not_public": rds_snapshot,
    "aws.vpc.flow_logs_enabled": vpc,
    "aws.ecr.scan_on_push_enabled": ecr_repo,
    "aws.ecr.tag_immutability_enabled": ecr_repo,
    "aws.guardduty.enabled": guardduty,
}
