"""Seed an emulated AWS account with a realistically misconfigured estate.

Used by ``ucs demo`` (a small estate a person can read) and by ``bench/scan_scale.py`` (the
same shapes, multiplied).  Only boto3 calls: whatever answers the AWS API can be seeded.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import boto3
import botocore.config
import botocore.exceptions
import botocore.parsers

ACCOUNT_ID = "123456789012"  # moto's default account
PUBLIC_READ_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                   "Resource": "arn:aws:s3:::{bucket}/*"}],
}


@dataclass
class Seeded:
    """What was created, by kind, so tests and benchmarks can compare counts."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _clients(endpoint_url: str, region: str) -> Callable[[str], Any]:
    cfg = botocore.config.Config(retries={"mode": "standard", "max_attempts": 10}, max_pool_connections=32)

    def client(service: str) -> Any:
        return boto3.client(service, region_name=region, endpoint_url=endpoint_url, config=cfg,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    return client


def _retry(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    # moto's threaded server can answer 500 under concurrent writes (FIELD-NOTES): retry those.
    for attempt in range(6):
        try:
            return fn(*args, **kwargs)
        except botocore.exceptions.ClientError as exc:
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if status < 500 or attempt == 5:
                raise
        except (botocore.parsers.ResponseParserError, botocore.exceptions.ConnectionError):
            # an HTML 500 page from the emulator, or a dropped connection under load
            if attempt == 5:
                raise
        time.sleep(0.05 * (attempt + 1))


def seed_demo(endpoint_url: str, regions: tuple[str, ...] = ("us-east-1", "eu-west-1")) -> Seeded:
    """A small estate with one of each classic mistake next to a correctly configured twin."""
    seeded = Seeded()
    home = regions[0]
    c = _clients(endpoint_url, home)
    s3, iam, kms = c("s3"), c("iam"), c("kms")

    # S3: a public website bucket, a leaky data bucket, and a well-configured private one.
    s3.create_bucket(Bucket="acme-public-assets")
    s3.put_bucket_policy(Bucket="acme-public-assets",
                         Policy=json.dumps(PUBLIC_READ_POLICY).replace("{bucket}", "acme-public-assets"))
    s3.create_bucket(Bucket="acme-customer-exports")
    s3.put_bucket_acl(Bucket="acme-customer-exports", ACL="public-read")
    s3.create_bucket(Bucket="acme-private-data")
    s3.put_public_access_block(Bucket="acme-private-data", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_encryption(Bucket="acme-private-data", ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]})
    s3.put_bucket_versioning(Bucket="acme-private-data", VersioningConfiguration={"Status": "Enabled"})
    s3.create_bucket(Bucket="acme-access-logs")
    s3.put_bucket_acl(Bucket="acme-access-logs", ACL="log-delivery-write")
    s3.put_bucket_logging(Bucket="acme-private-data", BucketLoggingStatus={
        "LoggingEnabled": {"TargetBucket": "acme-access-logs", "TargetPrefix": "private-data/"}})
    seeded.add("s3.bucket", 4)

    # IAM: an admin without MFA holding two access keys, a CI user with a policy attached directly,
    # a customer-managed full-admin policy, and a weak password policy.
    iam.create_user(UserName="alice.admin")
    iam.create_login_profile(UserName="alice.admin", Password="Sup3r-secret-demo!")
    admin_doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    iam.put_user_policy(UserName="alice.admin", PolicyName="break-glass", PolicyDocument=json.dumps(admin_doc))
    iam.create_access_key(UserName="alice.admin")
    iam.create_access_key(UserName="alice.admin")
    iam.create_user(UserName="ci-deployer")
    iam.create_access_key(UserName="ci-deployer")
    iam.create_policy(PolicyName="LegacyFullAccess", PolicyDocument=json.dumps(admin_doc))
    iam.attach_user_policy(UserName="ci-deployer", PolicyArn=f"arn:aws:iam::{ACCOUNT_ID}:policy/LegacyFullAccess")
    iam.create_user(UserName="bob.readonly")
    iam.update_account_password_policy(MinimumPasswordLength=8, PasswordReusePrevention=3)
    seeded.add("iam.user", 3)
    seeded.add("iam.policy", 1)

    # KMS: one key without rotation, one with.
    k1 = kms.create_key(Description="orders-db")["KeyMetadata"]["KeyId"]
    k2 = kms.create_key(Description="payments")["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=k2)
    kms.create_alias(AliasName="alias/orders-db", TargetKeyId=k1)
    seeded.add("kms.key", 2)

    # CloudTrail: a single-region trail without log file validation (not enough for CIS 3.1).
    s3.create_bucket(Bucket="acme-trail-logs")
    ct = c("cloudtrail")
    ct.create_trail(Name="acme-trail", S3BucketName="acme-trail-logs", IsMultiRegionTrail=False)
    ct.start_logging(Name="acme-trail")
    seeded.add("s3.bucket")
    seeded.add("cloudtrail.trail")

    for region in regions:
        _seed_region_demo(_clients(endpoint_url, region), region, seeded)
    return seeded


def _seed_region_demo(c: Callable[[str], Any], region: str, seeded: Seeded) -> None:
    ec2, rds = c("ec2"), c("rds")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    ssh = ec2.create_security_group(GroupName="bastion-ssh", Description="ssh from anywhere", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=ssh, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    rdp = ec2.create_security_group(GroupName="legacy-rdp", Description="rdp", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=rdp, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    allopen = ec2.create_security_group(GroupName="temp-debug", Description="everything", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=allopen, IpPermissions=[{
        "IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    web = ec2.create_security_group(GroupName="web-https", Description="https", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    seeded.add("ec2.security_group", 4)
    images = ec2.describe_images(Owners=["amazon"], MaxResults=5)["Images"]
    image = images[0]["ImageId"] if images else "ami-12c6146b"
    ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro", SecurityGroupIds=[ssh],
                      MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled"},
                      TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "bastion"}]}])
    ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro", SecurityGroupIds=[web],
                      MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
                      TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}])
    seeded.add("ec2.instance", 2)
    v1 = ec2.create_volume(AvailabilityZone=f"{region}a", Size=20)["VolumeId"]
    ec2.create_volume(AvailabilityZone=f"{region}a", Size=20, Encrypted=True)
    seeded.add("ec2.volume", 2)
    snap = ec2.create_snapshot(VolumeId=v1, Description="nightly export")["SnapshotId"]
    ec2.modify_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission", OperationType="add",
                                  GroupNames=["all"])
    seeded.add("ec2.snapshot")
    rds.create_db_instance(DBInstanceIdentifier=f"orders-{region}", DBInstanceClass="db.t3.micro", Engine="postgres",
                           MasterUsername="admin", MasterUserPassword="demo-password-1", AllocatedStorage=20,
                           PubliclyAccessible=True, StorageEncrypted=False, BackupRetentionPeriod=0)
    seeded.add("rds.instance")


def seed_scale(endpoint_url: str, total: int, regions: tuple[str, ...] = ("us-east-1", "eu-west-1"),
               workers: int = 4) -> Seeded:
    """Roughly ``total`` resources spread over ``regions`` with the demo's mix of good and bad.

    Mix per region: 45 % security groups, 30 % EBS volumes, 5 % snapshots; account-wide: 12 %
    S3 buckets, 8 % IAM users.  Every fifth item is misconfigured.
    """
    seeded = Seeded()
    per_region = total * 80 // 100 // len(regions)
    n_buckets, n_users = total * 12 // 100, total * 8 // 100
    home = _clients(endpoint_url, regions[0])
    s3, iam = home("s3"), home("iam")

    def bucket(i: int) -> None:
        name = f"bench-bucket-{i:05d}"
        _retry(s3.create_bucket, Bucket=name)
        if i % 5 == 0:
            _retry(s3.put_bucket_acl, Bucket=name, ACL="public-read")
        else:
            _retry(s3.put_bucket_versioning, Bucket=name, VersioningConfiguration={"Status": "Enabled"})

    def user(i: int) -> None:
        name = f"bench-user-{i:05d}"
        _retry(iam.create_user, UserName=name)
        if i % 5 == 0:
            _retry(iam.create_access_key, UserName=name)

    jobs: list[Callable[[], None]] = [lambda i=i: bucket(i) for i in range(n_buckets)]
    jobs += [lambda i=i: user(i) for i in range(n_users)]
    for region in regions:
        jobs += _region_scale_jobs(_clients(endpoint_url, region), region, per_region)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for f in [pool.submit(j) for j in jobs]:
            f.result()
    seeded.add("s3.bucket", n_buckets)
    seeded.add("iam.user", n_users)
    seeded.add("regional", per_region * len(regions))
    return seeded


def _region_scale_jobs(c: Callable[[str], Any], region: str, n: int) -> list[Callable[[], None]]:
    ec2 = c("ec2")
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    n_sg, n_vol = n * 45 // 80, n * 30 // 80
    n_snap = n - n_sg - n_vol

    def sg(i: int) -> None:
        gid = _retry(ec2.create_security_group, GroupName=f"bench-sg-{i:05d}", Description="bench", VpcId=vpc)["GroupId"]
        port = 22 if i % 5 == 0 else 443
        _retry(ec2.authorize_security_group_ingress, GroupId=gid, IpPermissions=[{
            "IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])

    def vol(i: int) -> None:
        _retry(ec2.create_volume, AvailabilityZone=f"{region}a", Size=1, Encrypted=i % 5 != 0)

    def snap(i: int) -> None:
        vid = _retry(ec2.create_volume, AvailabilityZone=f"{region}a", Size=1, Encrypted=True)["VolumeId"]
        _retry(ec2.create_snapshot, VolumeId=vid)

    return ([lambda i=i: sg(i) for i in range(n_sg)] + [lambda i=i: vol(i) for i in range(n_vol)]
            + [lambda i=i: snap(i) for i in range(n_snap)])
