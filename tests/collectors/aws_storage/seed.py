"""Seed moto with one passing ("good-…") and one failing ("bad-…") resource per storage,
messaging and end-user computing check that moto's server can express (issue 15)."""

from __future__ import annotations

import json
from typing import Any

from agent.collectors.aws.context import ClientFactory
from tests.collectors.aws_breadth.seed import retry

REGION = "us-east-1"
ACCOUNT = "123456789012"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/ucs-test-role"
LOG_GROUP = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ucs/test"


def seed(f: ClientFactory) -> dict[str, Any]:
    out: dict[str, Any] = {}
    kms = f.client("kms", REGION)
    cmk = kms.create_key(Description="ucs app key")["KeyMetadata"]["Arn"]
    kms.create_alias(AliasName="alias/ucs-app", TargetKeyId=cmk)
    out["cmk"] = cmk
    ec2 = f.client("ec2", REGION)
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    private = ec2.create_subnet(VpcId=vpc, CidrBlock="10.40.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    public = ec2.create_subnet(VpcId=vpc, CidrBlock="10.40.2.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
    ec2.modify_subnet_attribute(SubnetId=public, MapPublicIpOnLaunch={"Value": True})
    out.update(vpc=vpc, private=private, public=public)
    _dax(f)
    _fsx(f, cmk, private)
    _transfer(f)
    _datasync(f)
    _workspaces(f, vpc, private, public)
    _sns(f)  # after the key: the good topic names its alias
    _sqs(f, cmk)
    _ses(f)
    _dynamodb(f, cmk)
    _efs(f, cmk, private, public)
    _s3(f, cmk)
    return out


def _dax(f: ClientFactory) -> None:
    dax = f.client("dax", REGION)
    retry(dax.create_cluster, ClusterName="good-dax", NodeType="dax.t3.small", ReplicationFactor=1, IamRoleArn=ROLE,
          SSESpecification={"Enabled": True}, ClusterEndpointEncryptionType="TLS")
    retry(dax.create_cluster, ClusterName="bad-dax", NodeType="dax.t3.small", ReplicationFactor=1, IamRoleArn=ROLE)


def _fsx(f: ClientFactory, cmk: str, subnet: str) -> None:
    fsx = f.client("fsx", REGION)
    common = {"FileSystemType": "WINDOWS", "StorageCapacity": 32, "SubnetIds": [subnet]}
    fsx.create_file_system(**common, KmsKeyId=cmk, Tags=[{"Key": "Name", "Value": "good-fsx"}], WindowsConfiguration={
        "ThroughputCapacity": 8, "DeploymentType": "MULTI_AZ_1", "AutomaticBackupRetentionDays": 30, "CopyTagsToBackups": True,
        "AuditLogConfiguration": {"FileAccessAuditLogLevel": "SUCCESS_AND_FAILURE",
                                  "FileShareAccessAuditLogLevel": "SUCCESS_AND_FAILURE", "AuditLogDestination": LOG_GROUP}})
    fsx.create_file_system(**common, Tags=[{"Key": "Name", "Value": "bad-fsx"}], WindowsConfiguration={
        "ThroughputCapacity": 8, "DeploymentType": "SINGLE_AZ_2", "AutomaticBackupRetentionDays": 0,
        "CopyTagsToBackups": False})


def _transfer(f: ClientFactory) -> None:
    t = f.client("transfer", REGION)
    t.create_server(Protocols=["SFTP"], EndpointType="VPC", LoggingRole=ROLE,
                    SecurityPolicyName="TransferSecurityPolicy-2024-01", Tags=[{"Key": "Name", "Value": "good-sftp"}])
    t.create_server(Protocols=["FTP"], EndpointType="PUBLIC", SecurityPolicyName="TransferSecurityPolicy-2018-11",
                    Tags=[{"Key": "Name", "Value": "bad-ftp"}])
    sftp = {"TrustedHostKeys": ["ssh-rsa AAAA"], "UserSecretId": "partner"}
    t.create_connector(Url="sftp://good.example.com", AccessRole=ROLE, LoggingRole=ROLE, SftpConfig=sftp)
    t.create_connector(Url="sftp://bad.example.com", AccessRole=ROLE, SftpConfig=sftp)


def _datasync(f: ClientFactory) -> None:
    ds = f.client("datasync", REGION)
    agent = [f"arn:aws:datasync:{REGION}:{ACCOUNT}:agent/agent-0"]
    good = ds.create_location_smb(ServerHostname="good.internal", Subdirectory="share", User="svc", Password="pw",
                                  AgentArns=agent, MountOptions={"Version": "SMB3"})["LocationArn"]
    bad = ds.create_location_smb(ServerHostname="bad.internal", Subdirectory="share", User="svc", Password="pw",
                                 AgentArns=agent, MountOptions={"Version": "SMB1"})["LocationArn"]
    ds.create_task(SourceLocationArn=good, DestinationLocationArn=bad, Name="good-task", CloudWatchLogGroupArn=LOG_GROUP,
                   Options={"LogLevel": "TRANSFER"})
    ds.create_task(SourceLocationArn=bad, DestinationLocationArn=good, Name="bad-task")


def _workspaces(f: ClientFactory, vpc: str, a: str, b: str) -> None:
    ds = f.client("ds", REGION)
    directory = ds.create_directory(Name="corp.example.com", Password="Passw0rd!x", Size="Small",
                                    VpcSettings={"VpcId": vpc, "SubnetIds": [a, b]})["DirectoryId"]
    ws = f.client("workspaces", REGION)
    ws.register_workspace_directory(DirectoryId=directory)
    ws.modify_workspace_creation_properties(ResourceId=directory, WorkspaceCreationProperties={"EnableInternetAccess": True})
    ws.create_workspaces(Workspaces=[
        {"DirectoryId": directory, "UserName": "good-user", "BundleId": "wsb-1", "UserVolumeEncryptionEnabled": True,
         "RootVolumeEncryptionEnabled": True, "VolumeEncryptionKey": "alias/ucs-app"},
        {"DirectoryId": directory, "UserName": "bad-user", "BundleId": "wsb-1"}])


def _sns(f: ClientFactory) -> None:
    sns = f.client("sns", REGION)
    good = sns.create_topic(Name="good-topic")["TopicArn"]
    sns.set_topic_attributes(TopicArn=good, AttributeName="SQSFailureFeedbackRoleArn", AttributeValue=ROLE)
    sns.set_topic_attributes(TopicArn=good, AttributeName="KmsMasterKeyId", AttributeValue="alias/ucs-app")
    bad = sns.create_topic(Name="bad-topic")["TopicArn"]
    sns.subscribe(TopicArn=good, Protocol="https", Endpoint="https://hooks.example.com/in?token=never-stored")
    sns.subscribe(TopicArn=bad, Protocol="http", Endpoint="http://hooks.example.com/in?token=never-stored")


def _sqs(f: ClientFactory, cmk: str) -> None:
    sqs = f.client("sqs", REGION)
    def arn(name: str) -> str:
        return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"
    sqs.create_queue(QueueName="good-dlq", Attributes={"MessageRetentionPeriod": "1209600", "KmsMasterKeyId": cmk})
    sqs.create_queue(QueueName="short-dlq", Attributes={"MessageRetentionPeriod": "60", "SqsManagedSseEnabled": "true"})
    sqs.create_queue(QueueName="good-queue", Attributes={
        "KmsMasterKeyId": cmk, "MessageRetentionPeriod": "345600",
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": arn("good-dlq"), "maxReceiveCount": "5"})})
    sqs.create_queue(QueueName="bad-queue", Attributes={
        "SqsManagedSseEnabled": "true", "MessageRetentionPeriod": "345600",
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": arn("short-dlq"), "maxReceiveCount": "5"})})
    sqs.create_queue(QueueName="bad-lonely", Attributes={"KmsMasterKeyId": "alias/aws/sqs"})


def _ses(f: ClientFactory) -> None:
    ses = f.client("sesv2", REGION)
    ses.create_email_identity(EmailIdentity="good.example.com")
    ses.create_configuration_set(ConfigurationSetName="good-set", DeliveryOptions={"TlsPolicy": "REQUIRE"},
                                 ReputationOptions={"ReputationMetricsEnabled": True})
    ses.create_configuration_set(ConfigurationSetName="bad-set", DeliveryOptions={"TlsPolicy": "OPTIONAL"},
                                 ReputationOptions={"ReputationMetricsEnabled": False})


def _dynamodb(f: ClientFactory, cmk: str) -> None:
    ddb = f.client("dynamodb", REGION)
    key = {"KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
           "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}
    ddb.create_table(TableName="good-ondemand", BillingMode="PAY_PER_REQUEST",
                     SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": cmk}, **key)
    throughput = {"ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}
    ddb.create_table(TableName="good-scaled", **throughput, **key)
    ddb.create_table(TableName="bad-fixed", **throughput, **key)
    aas = f.client("application-autoscaling", REGION)
    for dim in ("dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"):
        aas.register_scalable_target(ServiceNamespace="dynamodb", ResourceId="table/good-scaled", ScalableDimension=dim,
                                     MinCapacity=5, MaxCapacity=100)


def _efs(f: ClientFactory, cmk: str, private: str, public: str) -> None:
    efs = f.client("efs", REGION)
    good = efs.create_file_system(CreationToken="good-efs", Encrypted=True, KmsKeyId=cmk,
                                  Tags=[{"Key": "Name", "Value": "good-efs"}])
    bad = efs.create_file_system(CreationToken="bad-efs", Encrypted=True, Tags=[{"Key": "Name", "Value": "bad-efs"}])
    efs.create_mount_target(FileSystemId=good["FileSystemId"], SubnetId=private)
    efs.create_mount_target(FileSystemId=bad["FileSystemId"], SubnetId=public)
    efs.create_access_point(FileSystemId=good["FileSystemId"], Tags=[{"Key": "Name", "Value": "good-ap"}],
                            PosixUser={"Uid": 1000, "Gid": 1000}, RootDirectory={"Path": "/app"})
    efs.create_access_point(FileSystemId=good["FileSystemId"], Tags=[{"Key": "Name", "Value": "bad-ap"}])


def _s3(f: ClientFactory, cmk: str) -> None:
    s3 = f.client("s3", REGION)
    sqs = f.client("sqs", REGION)
    events = sqs.create_queue(QueueName="bucket-events")["QueueUrl"]
    events_arn = sqs.get_queue_attributes(QueueUrl=events, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    for b in ("ucs-good-data", "ucs-bad-data", "ucs-replica"):
        s3.create_bucket(Bucket=b)
    good = "ucs-good-data"
    s3.put_bucket_versioning(Bucket=good, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_lifecycle_configuration(Bucket=good, LifecycleConfiguration={"Rules": [
        {"ID": "old", "Status": "Enabled", "Filter": {"Prefix": ""}, "NoncurrentVersionExpiration": {"NoncurrentDays": 30}}]})
    s3.put_bucket_notification_configuration(Bucket=good, NotificationConfiguration={"QueueConfigurations": [
        {"QueueArn": events_arn, "Events": ["s3:ObjectRemoved:*"]}]})
    s3.put_bucket_replication(Bucket=good, ReplicationConfiguration={"Role": ROLE, "Rules": [
        {"ID": "all", "Status": "Enabled", "Priority": 1, "Filter": {"Prefix": ""},
         "DeleteMarkerReplication": {"Status": "Disabled"}, "Destination": {"Bucket": "arn:aws:s3:::ucs-replica"}}]})
    s3.put_bucket_ownership_controls(Bucket=good, OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]})
    s3.put_bucket_encryption(Bucket=good, ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": cmk}}]})
    s3.put_bucket_versioning(Bucket="ucs-bad-data", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_ownership_controls(Bucket="ucs-bad-data", OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    control = f.client("s3control", REGION)
    bpa = {k: True for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")}
    control.create_access_point(AccountId=ACCOUNT, Name="good-ap", Bucket=good, PublicAccessBlockConfiguration=bpa)
    control.create_access_point(AccountId=ACCOUNT, Name="bad-ap", Bucket=good,
                                PublicAccessBlockConfiguration={**bpa, "BlockPublicPolicy": False})
    mrap = f.client("s3control", "us-west-2")  # the Multi-Region Access Point API lives in us-west-2
    for name, block in (("good-mrap", bpa), ("bad-mrap", {**bpa, "RestrictPublicBuckets": False})):
        mrap.create_multi_region_access_point(AccountId=ACCOUNT, ClientToken=name, Details={
            "Name": name, "PublicAccessBlock": block, "Regions": [{"Bucket": "ucs-replica"}]})


# Types of this area moto cannot serve (no API, or no way to create one): the breadth identity
# test (tests/collectors/aws_breadth/test_services_e2e.py) expects no resource of them there.
MOTO_LACKS = {"aws.appstream.fleet", "aws.storagegateway.gateway", "aws.storagegateway.nfs_file_share",
              "aws.storagegateway.smb_file_share", "aws.datasync.efs_location", "aws.datasync.object_storage_location"}


def seed_identity_types(f: ClientFactory) -> None:
    """One resource of each new type of this area moto can hold, with names no other estate uses,
    for the breadth test's identity-under-faults run (every module, every failing read)."""
    c = lambda service: f.client(service, REGION)  # noqa: E731 - a short alias for the seeding calls
    c("dax").create_cluster(ClusterName="ucs-id-dax", NodeType="dax.t3.small", ReplicationFactor=1, IamRoleArn=ROLE)
    ec2 = c("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.77.{i}.0/24", AvailabilityZone=f"us-east-1{z}")["Subnet"]["SubnetId"]
               for i, z in ((1, "a"), (2, "b"))]
    c("fsx").create_file_system(FileSystemType="LUSTRE", StorageCapacity=1200, SubnetIds=subnets[:1],
                                LustreConfiguration={"DeploymentType": "SCRATCH_2"})
    t = c("transfer")
    t.create_server(Protocols=["SFTP"], Tags=[{"Key": "Name", "Value": "ucs-id-sftp"}])
    t.create_connector(Url="sftp://ucs-id.example.com", AccessRole=ROLE, SftpConfig={"UserSecretId": "s"})
    ds = c("datasync")
    loc = ds.create_location_smb(ServerHostname="ucs-id.internal", Subdirectory="s", User="u", Password="p",
                                 AgentArns=[f"arn:aws:datasync:{REGION}:{ACCOUNT}:agent/agent-1"])["LocationArn"]
    ds.create_task(SourceLocationArn=loc, DestinationLocationArn=loc, Name="ucs-id-task")
    directory = c("ds").create_directory(Name="ucs-id.example.com", Password="Passw0rd!x", Size="Small",
                                         VpcSettings={"VpcId": vpc, "SubnetIds": subnets})["DirectoryId"]
    c("workspaces").register_workspace_directory(DirectoryId=directory)
    c("workspaces").create_workspaces(Workspaces=[{"DirectoryId": directory, "UserName": "ucs-id", "BundleId": "wsb-1"}])
    c("sesv2").create_configuration_set(ConfigurationSetName="ucs-id-set")
    fs = c("efs").create_file_system(CreationToken="ucs-id-efs")["FileSystemId"]
    c("efs").create_access_point(FileSystemId=fs)
    c("s3tables").create_table_bucket(name="ucs-id-tables")
    c("s3").create_bucket(Bucket="ucs-id-mrap")
    f.client("s3control", "us-west-2").create_multi_region_access_point(AccountId=ACCOUNT, ClientToken="ucs-id", Details={
        "Name": "ucs-id-mrap", "Regions": [{"Bucket": "ucs-id-mrap"}]})
