"""A small, deliberately mixed AWS estate seeded into moto over HTTP with plain boto3.

Two accounts:

* ``MAIN`` (moto's default account): good and bad resources side by side, scanned by an IAM user
  ``ucs-scanner`` whose policy allows everything but KMS (a real AccessDenied, enforced by moto's
  IAM once auth is switched on) and denies reading one bucket's versioning (an unreadable setting).
* ``SECOND`` (reached by assume-role, which is also how the scan gets in): the account-level
  settings done right or missing where ``MAIN`` has the opposite — password policy, CloudTrail —
  plus the KMS keys, since the scanner may not read KMS in ``MAIN``.

Names say which checks a resource should fail (``bad``) or pass (``good``).
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import boto3

MAIN = "123456789012"
SECOND = "222233334444"
REGIONS = ["us-east-1", "eu-west-1"]
AUDIT_ROLE = f"arn:aws:iam::{SECOND}:role/ucs-audit"
SECRET_BUCKET = "ucs-secret"
ADMIN_DOC = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


@dataclass
class Seeded:
    """Ids the tests need that only exist after seeding."""

    scanner_key: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)


def moto_api(endpoint: str, path: str, body: bytes = b"") -> None:
    req = urllib.request.Request(f"{endpoint}/moto-api/{path}", data=body, method="POST",
                                 headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(req).read()


@contextmanager
def iam_enforced(endpoint: str) -> Iterator[None]:
    """Inside the block moto checks every request against the caller's IAM policies."""
    moto_api(endpoint, "reset-auth", b"0")
    try:
        yield
    finally:
        moto_api(endpoint, "reset-auth", b"inf")


def scanner(endpoint: str, denied: list[dict[str, Any]]) -> dict[str, str]:
    """An IAM user allowed everything except the given Deny statements; returns its keys."""
    iam = _clients(endpoint)("iam")
    iam.create_user(UserName="ucs-scanner")
    iam.put_user_policy(UserName="ucs-scanner", PolicyName="audit", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}] + [{"Effect": "Deny", **d} for d in denied]}))
    key = iam.create_access_key(UserName="ucs-scanner")["AccessKey"]
    return {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}


def _clients(endpoint: str, **creds: Any):
    def client(service: str, region: str = "us-east-1") -> Any:
        return boto3.client(service, region_name=region, endpoint_url=endpoint, **creds)
    client.endpoint = endpoint  # type: ignore[attr-defined]
    return client


def seed_old_credentials(endpoint: str) -> None:
    """Credentials created *before* the test travels 100 days ahead: they become stale."""
    iam = _clients(endpoint)("iam")
    iam.create_user(UserName="ucs-bad-old-keys")
    iam.create_access_key(UserName="ucs-bad-old-keys")
    iam.create_access_key(UserName="ucs-bad-old-keys")


def _s3(c: Any, seeded: Seeded) -> None:
    s3 = c("s3")
    s3.create_bucket(Bucket="ucs-logs")
    s3.put_bucket_acl(Bucket="ucs-logs", ACL="log-delivery-write")

    s3.create_bucket(Bucket="ucs-good")
    s3.put_public_access_block(Bucket="ucs-good", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_encryption(Bucket="ucs-good", ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    s3.put_bucket_versioning(Bucket="ucs-good", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_logging(Bucket="ucs-good", BucketLoggingStatus={
        "LoggingEnabled": {"TargetBucket": "ucs-logs", "TargetPrefix": "ucs-good/"}})
    s3.put_bucket_policy(Bucket="ucs-good", Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": ["arn:aws:s3:::ucs-good", "arn:aws:s3:::ucs-good/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
    s3.put_bucket_tagging(Bucket="ucs-good", Tagging={"TagSet": [{"Key": "owner", "Value": "data-team"}]})

    s3.create_bucket(Bucket="ucs-bad", ACL="public-read")
    s3.put_bucket_policy(Bucket="ucs-bad", Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::ucs-bad/*"}]}))

    c("s3", "eu-west-1").create_bucket(Bucket=SECRET_BUCKET,
                                       CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})


def _ec2(c: Any, seeded: Seeded) -> None:
    ec2 = c("ec2")
    default_vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    seeded.ids["default_vpc"] = default_vpc
    seeded.ids["default_sg"] = ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [default_vpc]}, {"Name": "group-name", "Values": ["default"]}])[
        "SecurityGroups"][0]["GroupId"]

    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": "ucs-good-vpc"}])
    seeded.ids["good_vpc"] = vpc
    ec2.create_flow_logs(ResourceIds=[vpc], ResourceType="VPC", TrafficType="ALL", LogDestinationType="s3",
                         LogDestination="arn:aws:s3:::ucs-logs")
    closed = ec2.describe_security_groups(Filters=[
        {"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
    ec2.revoke_security_group_egress(GroupId=closed["GroupId"], IpPermissions=closed["IpPermissionsEgress"])
    seeded.ids["closed_default_sg"] = closed["GroupId"]
    private_subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24")["Subnet"]["SubnetId"]

    def sg(name: str, perms: list[dict[str, Any]]) -> None:
        gid = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=perms)

    world = [{"CidrIp": "0.0.0.0/0"}]
    sg("ucs-bad-ssh", [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": world}])
    sg("ucs-bad-all", [{"IpProtocol": "-1", "IpRanges": world}])
    sg("ucs-good-web", [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": world}])

    image = "ami-12c6146b"
    bad = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1,
                            MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled"},
                            NetworkInterfaces=[{"DeviceIndex": 0, "AssociatePublicIpAddress": True,
                                                "SubnetId": private_subnet}],
                            TagSpecifications=[{"ResourceType": "instance",
                                                "Tags": [{"Key": "Name", "Value": "ucs-bad-instance"}]}])
    good = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, SubnetId=private_subnet,
                             MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
                             TagSpecifications=[{"ResourceType": "instance",
                                                 "Tags": [{"Key": "Name", "Value": "ucs-good-instance"}]}])
    seeded.ids["bad_instance"] = bad["Instances"][0]["InstanceId"]
    seeded.ids["good_instance"] = good["Instances"][0]["InstanceId"]

    def volume(name: str, encrypted: bool) -> str:
        return ec2.create_volume(AvailabilityZone="us-east-1a", Size=1, Encrypted=encrypted, TagSpecifications=[
            {"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": name}]}])["VolumeId"]

    plain = volume("ucs-bad-volume", False)
    volume("ucs-good-volume", True)
    for name, public in (("ucs-bad-snapshot", True), ("ucs-good-snapshot", False)):
        sid = ec2.create_snapshot(VolumeId=plain, TagSpecifications=[
            {"ResourceType": "snapshot", "Tags": [{"Key": "Name", "Value": name}]}])["SnapshotId"]
        if public:
            ec2.modify_snapshot_attribute(SnapshotId=sid, Attribute="createVolumePermission",
                                          OperationType="add", GroupNames=["all"])
    c("ec2", "eu-west-1").enable_ebs_encryption_by_default()


def _iam(c: Any, seeded: Seeded) -> None:
    iam = c("iam")
    iam.update_account_password_policy(MinimumPasswordLength=8, PasswordReusePrevention=5)
    admin = iam.create_policy(PolicyName="ucs-bad-full-admin", PolicyDocument=json.dumps(ADMIN_DOC))["Policy"]["Arn"]
    read = iam.create_policy(PolicyName="ucs-good-s3-read", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}]}))["Policy"]["Arn"]
    iam.create_group(GroupName="ucs-admins")
    iam.attach_group_policy(GroupName="ucs-admins", PolicyArn=admin)

    iam.create_user(UserName="ucs-good-human")
    iam.create_login_profile(UserName="ucs-good-human", Password="A-long-passphrase-1")
    iam.add_user_to_group(GroupName="ucs-admins", UserName="ucs-good-human")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="ucs-good-human")["VirtualMFADevice"]["SerialNumber"]
    iam.enable_mfa_device(UserName="ucs-good-human", SerialNumber=serial,
                          AuthenticationCode1="123456", AuthenticationCode2="654321")

    iam.create_user(UserName="ucs-bad-console-no-mfa")
    iam.create_login_profile(UserName="ucs-bad-console-no-mfa", Password="A-long-passphrase-2")

    iam.create_user(UserName="ucs-fresh-key")
    iam.create_access_key(UserName="ucs-fresh-key")
    iam.attach_user_policy(UserName="ucs-fresh-key", PolicyArn=read)

    # The attacker's view: an inline *:* on a user, escalation paths.  (moto serves the AWS managed
    # policies only when told to load all of them, for every test: AdministratorAccess is in fixtures.)
    iam.create_user(UserName="ucs-bad-inline-admin")
    iam.put_user_policy(UserName="ucs-bad-inline-admin", PolicyName="everything", PolicyDocument=json.dumps(ADMIN_DOC))
    iam.create_user(UserName="ucs-bad-escalator")
    iam.put_user_policy(UserName="ucs-bad-escalator", PolicyName="launch", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Sid": "Pass", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
            {"Sid": "Run", "Effect": "Allow", "Action": ["ec2:RunInstances", "sts:AssumeRole"], "Resource": "*"}]}))
    iam.create_role(RoleName="ucs-bad-policy-writer", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
    iam.put_role_policy(RoleName="ucs-bad-policy-writer", PolicyName="versions", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "*"}]}))

    # The scanner: everything but KMS, and not the versioning setting of one bucket.
    seeded.scanner_key = scanner(c.endpoint, [
        {"Action": "kms:*", "Resource": "*"},
        {"Action": "s3:GetBucketVersioning", "Resource": f"arn:aws:s3:::{SECRET_BUCKET}"}])


def _cloudtrail(c: Any) -> None:
    kms_key = c("kms").create_key()["KeyMetadata"]["Arn"]
    ct = c("cloudtrail")
    ct.create_trail(Name="ucs-good-trail", S3BucketName="ucs-logs", IsMultiRegionTrail=True,
                    EnableLogFileValidation=True, KmsKeyId=kms_key)
    ct.start_logging(Name="ucs-good-trail")
    c("s3", "eu-west-1").create_bucket(Bucket="ucs-eu-logs", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    eu = c("cloudtrail", "eu-west-1")
    eu.create_trail(Name="ucs-bad-trail", S3BucketName="ucs-eu-logs")
    eu.start_logging(Name="ucs-bad-trail")


def _rds(c: Any) -> None:
    rds = c("rds")
    rds.create_db_instance(DBInstanceIdentifier="ucs-bad-db", DBInstanceClass="db.t3.micro", Engine="postgres",
                           MasterUsername="dbadmin", MasterUserPassword="not-a-real-secret", AllocatedStorage=20,
                           PubliclyAccessible=True, StorageEncrypted=False, BackupRetentionPeriod=0)
    rds.create_db_instance(DBInstanceIdentifier="ucs-good-db", DBInstanceClass="db.t3.micro", Engine="postgres",
                           MasterUsername="dbadmin", MasterUserPassword="not-a-real-secret", AllocatedStorage=20,
                           PubliclyAccessible=False, StorageEncrypted=True, BackupRetentionPeriod=7)
    for name, public in (("ucs-bad-db-snapshot", True), ("ucs-good-db-snapshot", False)):
        rds.create_db_snapshot(DBSnapshotIdentifier=name, DBInstanceIdentifier="ucs-good-db")
        if public:
            rds.modify_db_snapshot_attribute(DBSnapshotIdentifier=name, AttributeName="restore", ValuesToAdd=["all"])
    # Aurora: cluster snapshots are shared through their own attribute API.
    rds.create_db_cluster(DBClusterIdentifier="ucs-aurora", Engine="aurora-postgresql", MasterUsername="dbadmin",
                          MasterUserPassword="not-a-real-secret", StorageEncrypted=True)
    for name, public in (("ucs-bad-cluster-snapshot", True), ("ucs-good-cluster-snapshot", False)):
        rds.create_db_cluster_snapshot(DBClusterSnapshotIdentifier=name, DBClusterIdentifier="ucs-aurora")
        if public:
            rds.modify_db_cluster_snapshot_attribute(DBClusterSnapshotIdentifier=name, AttributeName="restore",
                                                     ValuesToAdd=["all"])


def seed_main(endpoint: str) -> Seeded:
    seeded = Seeded()
    c = _clients(endpoint)
    _s3(c, seeded)
    _ec2(c, seeded)
    _iam(c, seeded)
    _cloudtrail(c)
    _rds(c)
    return seeded


def seed_second(endpoint: str) -> None:
    """The second account, entered the way the scan enters it: by assuming a role."""
    sts = _clients(endpoint)("sts")
    creds = sts.assume_role(RoleArn=AUDIT_ROLE, RoleSessionName="seed", ExternalId="ucs-ext")["Credentials"]
    c = _clients(endpoint, aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                 aws_session_token=creds["SessionToken"])
    iam = c("iam")
    iam.update_account_password_policy(MinimumPasswordLength=14, PasswordReusePrevention=24)
    kms = c("kms")
    good = kms.create_key(Description="ucs-good-key")["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=good)
    kms.create_alias(AliasName="alias/ucs-good-key", TargetKeyId=good)
    bad = kms.create_key(Description="ucs-bad-key")["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/ucs-bad-key", TargetKeyId=bad)
