"""Writes tests/checks/fixtures/<check id>.json for the storage, messaging and end-user computing
checks (issue 15): one base resource per type, in the shape the collectors produce (the API's
document plus the ``_`` fields they add), and per check the changes that make it pass, fail or
answer ERROR.  Run from the repository root:
    python -m tests.collectors.aws_storage.make_fixtures
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

OUT = Path("tests/checks/fixtures")
ACCT, REGION = "111122223333", "us-east-1"
DROP: Any = object()  # remove the key: "not collected"
UNREAD = {"__unreadable__": "AccessDenied: not authorized"}
CMK = f"arn:aws:kms:{REGION}:{ACCT}:key/1111aaaa-22bb-33cc-44dd-555566667777"
AWS_KEY = f"arn:aws:kms:{REGION}:{ACCT}:key/9999ffff-88ee-77dd-66cc-555544443333"  # aws/<service>: not listed
FOREIGN_KEY = "arn:aws:kms:us-east-1:444455556666:key/abcdabcd-1234-5678-9abc-def012345678"
KEY_RESOURCE = {"provider": "aws", "account": ACCT, "region": REGION, "type": "aws.kms.key", "id": CMK, "name": "alias/app",
                "tags": {}, "data": {"KeyId": CMK.rsplit("/", 1)[1], "Arn": CMK, "KeyManager": "CUSTOMER",
                                     "KeyState": "Enabled", "_aliases": ["alias/app"]}}


def arn(svc: str, res: str, region: str = REGION) -> str:
    return f"arn:aws:{svc}:{region}:{ACCT}:{res}"


BASE: dict[str, tuple[str, str, dict[str, Any]]] = {  # type -> (id, name, data)
    "aws.dax.cluster": (arn("dax", "cache/orders"), "orders", {
        "ClusterName": "orders", "ClusterArn": arn("dax", "cache/orders"), "Status": "available", "TotalNodes": 3,
        "SSEDescription": {"Status": "ENABLED"}, "ClusterEndpointEncryptionType": "TLS"}),
    "aws.fsx.file_system": (arn("fsx", "file-system/fs-0a1"), "fs-0a1", {
        "FileSystemId": "fs-0a1", "FileSystemType": "WINDOWS", "KmsKeyId": CMK, "ResourceARN": arn("fsx", "file-system/fs-0a1"),
        "WindowsConfiguration": {"DeploymentType": "MULTI_AZ_1", "AutomaticBackupRetentionDays": 30, "CopyTagsToBackups": True,
                                 "AuditLogConfiguration": {"FileAccessAuditLogLevel": "SUCCESS_AND_FAILURE",
                                                           "FileShareAccessAuditLogLevel": "FAILURE_ONLY",
                                                           "AuditLogDestination": arn("logs", "log-group:/fsx/audit")}}}),
    "aws.transfer.server": (arn("transfer", "server/s-01"), "s-01", {
        "ServerId": "s-01", "Arn": arn("transfer", "server/s-01"), "Protocols": ["SFTP"], "EndpointType": "VPC",
        "LoggingRole": f"arn:aws:iam::{ACCT}:role/transfer-logs", "SecurityPolicyName": "TransferSecurityPolicy-2024-01",
        "IdentityProviderType": "SERVICE_MANAGED", "State": "ONLINE"}),
    "aws.transfer.connector": (arn("transfer", "connector/c-01"), "c-01", {
        "ConnectorId": "c-01", "Arn": arn("transfer", "connector/c-01"), "Url": "sftp://partner.example.com",
        "LoggingRole": f"arn:aws:iam::{ACCT}:role/transfer-logs"}),
    "aws.datasync.task": (arn("datasync", "task/task-01"), "nightly", {
        "TaskArn": arn("datasync", "task/task-01"), "Name": "nightly", "Status": "AVAILABLE",
        "CloudWatchLogGroupArn": arn("logs", "log-group:/datasync"), "Options": {"LogLevel": "TRANSFER"}}),
    "aws.datasync.efs_location": (arn("datasync", "location/loc-efs"), "efs://us-east-1.fs-1/", {
        "LocationArn": arn("datasync", "location/loc-efs"), "LocationUri": "efs://us-east-1.fs-1/",
        "InTransitEncryption": "TLS1_2"}),
    "aws.datasync.object_storage_location": (arn("datasync", "location/loc-obj"), "object-storage://minio.internal/b/", {
        "LocationArn": arn("datasync", "location/loc-obj"), "LocationUri": "object-storage://minio.internal/b/",
        "ServerProtocol": "HTTPS", "ServerPort": 443}),
    "aws.datasync.smb_location": (arn("datasync", "location/loc-smb"), "smb://files.internal/share/", {
        "LocationArn": arn("datasync", "location/loc-smb"), "LocationUri": "smb://files.internal/share/",
        "MountOptions": {"Version": "SMB3"}, "User": "svc-datasync"}),
    "aws.workspaces.workspace": (arn("workspaces", "workspace/ws-01"), "WSAMZN-01", {
        "WorkspaceId": "ws-01", "DirectoryId": "d-01", "UserName": "alice", "State": "AVAILABLE",
        "UserVolumeEncryptionEnabled": True, "RootVolumeEncryptionEnabled": True, "VolumeEncryptionKey": CMK}),
    "aws.workspaces.directory": (arn("workspaces", "directory/d-01"), "corp.example.com", {
        "DirectoryId": "d-01", "DirectoryName": "corp.example.com", "State": "REGISTERED", "ipGroupIds": ["wsipg-01"],
        "WorkspaceCreationProperties": {"EnableInternetAccess": False, "UserEnabledAsLocalAdministrator": False}}),
    "aws.appstream.fleet": (arn("appstream", "fleet/analysts"), "analysts", {
        "Name": "analysts", "Arn": arn("appstream", "fleet/analysts"), "FleetType": "ON_DEMAND", "State": "RUNNING",
        "EnableDefaultInternetAccess": False, "MaxUserDurationInSeconds": 28800, "DisconnectTimeoutInSeconds": 300,
        "IdleDisconnectTimeoutInSeconds": 600}),
    "aws.storagegateway.gateway": (arn("storagegateway", "gateway/sgw-01"), "files", {
        "GatewayARN": arn("storagegateway", "gateway/sgw-01"), "GatewayName": "files", "GatewayType": "FILE_S3",
        "GatewayOperationalState": "ACTIVE", "CloudWatchLogGroupARN": arn("logs", "log-group:/sgw"),
        "SMBSecurityStrategy": "MandatoryEncryption"}),
    "aws.storagegateway.nfs_file_share": (arn("storagegateway", "share/share-nfs"), "nfs-share", {
        "FileShareARN": arn("storagegateway", "share/share-nfs"), "FileShareName": "nfs-share", "KMSEncrypted": True,
        "KMSKey": CMK, "ClientList": ["10.0.0.0/16"], "Squash": "RootSquash"}),
    "aws.storagegateway.smb_file_share": (arn("storagegateway", "share/share-smb"), "smb-share", {
        "FileShareARN": arn("storagegateway", "share/share-smb"), "FileShareName": "smb-share", "KMSEncrypted": True,
        "KMSKey": CMK, "Authentication": "ActiveDirectory"}),
    "aws.sns.topic": (arn("sns", "alerts"), "alerts", {
        "TopicArn": arn("sns", "alerts"), "Attributes": {"KmsMasterKeyId": CMK,
                                                        "SQSFailureFeedbackRoleArn": f"arn:aws:iam::{ACCT}:role/sns-logs"},
        "DataProtectionPolicy": {"Name": "audit", "Version": "2021-06-01", "Statement": [{"Sid": "audit"}]},
        "_subscriptions": [{"Protocol": "https", "SubscriptionArn": arn("sns", "alerts:1")}]}),
    "aws.sqs.queue": (arn("sqs", "jobs"), "jobs", {
        "QueueUrl": f"https://sqs.{REGION}.amazonaws.com/{ACCT}/jobs",
        "Attributes": {"KmsMasterKeyId": CMK, "MessageRetentionPeriod": "345600",
                       "RedrivePolicy": json.dumps({"deadLetterTargetArn": arn("sqs", "jobs-dlq"), "maxReceiveCount": 5})}}),
    "aws.ses.identity": (arn("ses", "identity/example.com"), "example.com", {
        "IdentityType": "DOMAIN", "IdentityName": "example.com", "SendingEnabled": True, "PolicyNames": [], "Policy": None,
        "DkimAttributes": {"SigningEnabled": True, "Status": "SUCCESS", "SigningAttributesOrigin": "AWS_SES"}}),
    "aws.ses.configuration_set": (arn("ses", "configuration-set/transactional"), "transactional", {
        "ConfigurationSetName": "transactional", "DeliveryOptions": {"TlsPolicy": "REQUIRE"},
        "ReputationOptions": {"ReputationMetricsEnabled": True}}),
    "aws.glacier.vault": (arn("glacier", "vaults/records"), "records", {
        "VaultName": "records", "VaultARN": arn("glacier", "vaults/records"), "Policy": None, "VaultLock": {"State": "Locked"},
        "VaultNotificationConfig": {"SNSTopic": arn("sns", "vault-events"), "Events": ["ArchiveRetrievalCompleted"]}}),
    "aws.dynamodb.table": (arn("dynamodb", "table/orders"), "orders", {
        "TableName": "orders", "TableArn": arn("dynamodb", "table/orders"),
        "SSEDescription": {"Status": "ENABLED", "SSEType": "KMS", "KMSMasterKeyArn": CMK},
        "BillingModeSummary": {"BillingMode": "PROVISIONED"},
        "_autoscaled": ["dynamodb:table:ReadCapacityUnits", "dynamodb:table:WriteCapacityUnits"]}),
    "aws.elasticache.replication_group": (arn("elasticache", "replicationgroup:sessions"), "sessions", {
        "ReplicationGroupId": "sessions", "Status": "available", "AutoMinorVersionUpgrade": True, "MultiAZ": "enabled",
        "AutomaticFailover": "enabled"}),
    "aws.elasticache.cache_cluster": (arn("elasticache", "cluster:memo"), "memo", {
        "CacheClusterId": "memo", "Engine": "memcached", "TransitEncryptionEnabled": True, "AutoMinorVersionUpgrade": True}),
    "aws.efs.access_point": (arn("elasticfilesystem", "access-point/fsap-01"), "app", {
        "AccessPointId": "fsap-01", "FileSystemId": "fs-01", "PosixUser": {"Uid": 1000, "Gid": 1000},
        "RootDirectory": {"Path": "/app"}}),
    "aws.efs.file_system": (arn("elasticfilesystem", "file-system/fs-01"), "fs-01", {
        "FileSystemId": "fs-01", "Encrypted": True, "KmsKeyId": CMK, "_mount_target_subnets": ["subnet-private"]}),
    "aws.s3.bucket": ("arn:aws:s3:::data-bucket", "data-bucket", {
        "Name": "data-bucket", "Region": REGION, "Versioning": {"Status": "Enabled"},
        "LifecycleRules": [{"ID": "expire-old", "Status": "Enabled", "NoncurrentVersionExpiration": {"NoncurrentDays": 30}}],
        "NotificationConfiguration": {"QueueConfigurations": [{"QueueArn": arn("sqs", "events"), "Events": ["s3:ObjectRemoved:*"]}]},
        "ReplicationConfiguration": {"Role": f"arn:aws:iam::{ACCT}:role/repl",
                                     "Rules": [{"ID": "all", "Status": "Enabled", "Destination": {"Bucket": "arn:aws:s3:::dr"}}]},
        "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
        "Encryption": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": CMK},
                                  "BucketKeyEnabled": True}]}}),
    "aws.s3.access_point": (arn("s3", "accesspoint/ap1"), "ap1", {
        "Name": "ap1", "Bucket": "data-bucket", "NetworkOrigin": "VPC", "Policy": None,
        "PublicAccessBlockConfiguration": {k: True for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy",
                                                             "RestrictPublicBuckets")}}),
    "aws.s3.multi_region_access_point": (f"arn:aws:s3::{ACCT}:accesspoint/mfzwi23gnjvgw.mrap", "global", {
        "Name": "global", "Alias": "mfzwi23gnjvgw.mrap", "Status": "READY",
        "PublicAccessBlock": {k: True for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")}}),
    "aws.s3tables.table_bucket": (arn("s3tables", "bucket/analytics"), "analytics", {
        "arn": arn("s3tables", "bucket/analytics"), "name": "analytics", "ownerAccountId": ACCT, "type": "customer",
        "encryptionConfiguration": {"sseAlgorithm": "aws:kms", "kmsKeyArn": CMK}, "resourcePolicy": None,
        "maintenanceConfiguration": {"icebergUnreferencedFileRemoval": {"status": "enabled", "settings": {
            "icebergUnreferencedFileRemoval": {"unreferencedDays": 3, "nonCurrentDays": 10}}}}}),
    "aws.vpc.subnet": (arn("ec2", "subnet/subnet-private"), "subnet-private", {
        "SubnetId": "subnet-private", "MapPublicIpOnLaunch": False}),
}


def res(rtype: str, changes: dict[str, Any] | None = None, suffix: str = "", **top: Any) -> dict[str, Any]:
    rid, name, data = BASE[rtype]
    data = copy.deepcopy(data)
    for path, value in (changes or {}).items():
        cur = data
        *parents, leaf = path.split(".")
        for p in parents:
            cur = cur.setdefault(p, {})
        if value is DROP:
            cur.pop(leaf, None)
        else:
            cur[leaf] = value
    out = {"provider": "aws", "account": ACCT, "region": REGION, "type": rtype, "id": rid + suffix, "name": name + suffix,
           "tags": {}, "data": data}
    out.update(top)
    return out


def case(rtype: str, passing: list[dict[str, Any]], failing: list[dict[str, Any]], erroring: list[dict[str, Any]],
         **extra: Any) -> dict[str, Any]:
    """Fixture of one check: each list holds the changes of one resource from the base one."""
    def build(kind: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [res(rtype, ch, f"-{kind}{i}") for i, ch in enumerate(items)]
    doc = {"pass": build("ok", [{}] + passing), "fail": build("bad", failing), "error": build("err", erroring)}
    doc.update(extra)
    return doc


def cmk_case(rtype: str, key_path: str, passing: list[dict[str, Any]] = (), failing: list[dict[str, Any]] = (),  # type: ignore[assignment]
             erroring: list[dict[str, Any]] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    """A customer-managed-key check: the key found in the inventory passes, an unlisted key of the
    account fails, a key of another account passes, and without KMS collected the answer waits."""
    return case(rtype, [{key_path: FOREIGN_KEY}, *passing], [{key_path: AWS_KEY}, {key_path: "alias/aws/x"}, *failing],
                list(erroring), inventory=[KEY_RESOURCE],
                incomplete={"types": ["aws.kms.key"], "resources": [res(rtype, {}, "-incomplete")]})


U = UNREAD
FIXTURES: dict[str, dict[str, Any]] = {
    # DAX
    "aws.dax.cluster_encrypted_at_rest": case("aws.dax.cluster", [], [{"SSEDescription": {"Status": "DISABLED"}}],
                                              [{"SSEDescription": DROP}]),
    "aws.dax.cluster_encrypted_in_transit": case("aws.dax.cluster", [], [{"ClusterEndpointEncryptionType": "NONE"}],
                                                 [{"ClusterEndpointEncryptionType": U}]),
    # FSx
    "aws.fsx.file_system_encrypted_with_cmk": cmk_case("aws.fsx.file_system", "KmsKeyId",
                                                       passing=[{"FileSystemType": "LUSTRE", "KmsKeyId": DROP}]),
    "aws.fsx.file_system_automatic_backups": case(
        "aws.fsx.file_system", [{"FileSystemType": "LUSTRE", "LustreConfiguration": {"DeploymentType": "SCRATCH_2"}}],
        [{"WindowsConfiguration.AutomaticBackupRetentionDays": 0}, {"WindowsConfiguration.AutomaticBackupRetentionDays": 3}],
        [{"WindowsConfiguration.AutomaticBackupRetentionDays": DROP}, {"FileSystemType": DROP}]),
    "aws.fsx.file_system_copies_tags_to_backups": case(
        "aws.fsx.file_system", [{"FileSystemType": "ONTAP", "OntapConfiguration": {"DeploymentType": "MULTI_AZ_1"}},
                                {"FileSystemType": "OPENZFS", "OpenZFSConfiguration": {"CopyTagsToBackups": True,
                                                                                       "CopyTagsToVolumes": True}}],
        [{"WindowsConfiguration.CopyTagsToBackups": False},
         {"FileSystemType": "LUSTRE", "LustreConfiguration": {"DeploymentType": "PERSISTENT_2"}},
         {"FileSystemType": "OPENZFS", "OpenZFSConfiguration": {"CopyTagsToBackups": True}}],
        [{"FileSystemType": DROP}]),
    "aws.fsx.file_system_multi_az": case(
        "aws.fsx.file_system", [{"FileSystemType": "LUSTRE", "LustreConfiguration": {"DeploymentType": "PERSISTENT_2"}}],
        [{"WindowsConfiguration.DeploymentType": "SINGLE_AZ_2"},
         {"FileSystemType": "ONTAP", "OntapConfiguration": {"DeploymentType": "SINGLE_AZ_1"}}],
        [{"WindowsConfiguration.DeploymentType": DROP}]),
    "aws.fsx.windows_file_access_audited": case(
        "aws.fsx.file_system", [{"FileSystemType": "ONTAP"}],
        [{"WindowsConfiguration.AuditLogConfiguration": DROP},
         {"WindowsConfiguration.AuditLogConfiguration.FileShareAccessAuditLogLevel": "DISABLED"}],
        [{"FileSystemType": U}]),
    # Transfer Family
    "aws.transfer.server_no_ftp": case("aws.transfer.server", [{"Protocols": ["SFTP", "FTPS"]}],
                                       [{"Protocols": ["FTP"]}, {"Protocols": ["SFTP", "FTP"]}], [{"Protocols": U}]),
    "aws.transfer.server_logging_enabled": case(
        "aws.transfer.server", [{"LoggingRole": None, "StructuredLogDestinations": [arn("logs", "log-group:/t")]}],
        [{"LoggingRole": None}, {"LoggingRole": ""}], [{"LoggingRole": U}]),
    "aws.transfer.server_endpoint_not_public": case("aws.transfer.server", [{"EndpointType": "VPC_ENDPOINT"}],
                                                    [{"EndpointType": "PUBLIC"}], [{"EndpointType": DROP}]),
    "aws.transfer.server_security_policy_current": case(
        "aws.transfer.server", [{"SecurityPolicyName": "TransferSecurityPolicy-FIPS-2024-01"}],
        [{"SecurityPolicyName": "TransferSecurityPolicy-2018-11"}, {"SecurityPolicyName": "TransferSecurityPolicy-2020-06"},
         {"SecurityPolicyName": None}], [{"SecurityPolicyName": U}]),
    "aws.transfer.connector_logging_enabled": case("aws.transfer.connector", [], [{"LoggingRole": None}],
                                                   [{"LoggingRole": DROP}]),
    # DataSync
    "aws.datasync.task_logging_enabled": case(
        "aws.datasync.task", [{"Options": {"LogLevel": "BASIC"}}],
        [{"CloudWatchLogGroupArn": None}, {"Options.LogLevel": "OFF"}], [{"CloudWatchLogGroupArn": U}, {"Options": DROP}]),
    "aws.datasync.efs_location_encrypted_in_transit": case("aws.datasync.efs_location", [], [{"InTransitEncryption": "NONE"}],
                                                           [{"InTransitEncryption": U}]),
    "aws.datasync.object_storage_location_uses_https": case("aws.datasync.object_storage_location", [],
                                                            [{"ServerProtocol": "HTTP"}], [{"ServerProtocol": U}]),
    "aws.datasync.smb_location_encrypted_protocol": case(
        "aws.datasync.smb_location", [{"MountOptions": {"Version": "AUTOMATIC"}}, {"MountOptions": {}}],
        [{"MountOptions.Version": "SMB1"}, {"MountOptions.Version": "SMB2"}], [{"MountOptions": U}]),
    # WorkSpaces
    "aws.workspaces.user_volume_encrypted": case("aws.workspaces.workspace", [], [{"UserVolumeEncryptionEnabled": False}],
                                                 [{"UserVolumeEncryptionEnabled": DROP}]),
    "aws.workspaces.root_volume_encrypted": case("aws.workspaces.workspace", [], [{"RootVolumeEncryptionEnabled": False}],
                                                 [{"RootVolumeEncryptionEnabled": DROP}]),
    "aws.workspaces.directory_ip_access_restricted": case("aws.workspaces.directory", [], [{"ipGroupIds": []}],
                                                          [{"ipGroupIds": DROP}]),
    "aws.workspaces.directory_no_default_internet_access": case(
        "aws.workspaces.directory", [{"WorkspaceCreationProperties": {}}],
        [{"WorkspaceCreationProperties.EnableInternetAccess": True}], [{"WorkspaceCreationProperties": DROP}]),
    # AppStream
    "aws.appstream.fleet_no_default_internet_access": case("aws.appstream.fleet", [], [{"EnableDefaultInternetAccess": True}],
                                                           [{"EnableDefaultInternetAccess": U}]),
    "aws.appstream.fleet_session_duration_limited": case("aws.appstream.fleet", [{"MaxUserDurationInSeconds": 36000}],
                                                         [{"MaxUserDurationInSeconds": 57600}], [{"MaxUserDurationInSeconds": DROP}]),
    "aws.appstream.fleet_disconnect_timeout_short": case("aws.appstream.fleet", [{"DisconnectTimeoutInSeconds": 60}],
                                                         [{"DisconnectTimeoutInSeconds": 900}], [{"DisconnectTimeoutInSeconds": DROP}]),
    "aws.appstream.fleet_idle_disconnect_timeout_short": case(
        "aws.appstream.fleet", [{"IdleDisconnectTimeoutInSeconds": 60}],
        [{"IdleDisconnectTimeoutInSeconds": 0}, {"IdleDisconnectTimeoutInSeconds": 3600}],
        [{"IdleDisconnectTimeoutInSeconds": DROP}]),
    # Storage Gateway
    "aws.storagegateway.gateway_logging_enabled": case("aws.storagegateway.gateway", [], [{"CloudWatchLogGroupARN": None}],
                                                       [{"CloudWatchLogGroupARN": U}]),
    "aws.storagegateway.gateway_smb_encryption_required": case(
        "aws.storagegateway.gateway", [{"SMBSecurityStrategy": "MandatoryEncryptionNoAes128"},
                                       {"GatewayType": "CACHED", "SMBSecurityStrategy": DROP}],
        [{"SMBSecurityStrategy": "ClientSpecified"}, {"SMBSecurityStrategy": "MandatorySigning"}],
        [{"SMBSecurityStrategy": U}, {"SMBSecurityStrategy": DROP}]),
    "aws.storagegateway.nfs_share_clients_restricted": case("aws.storagegateway.nfs_file_share", [],
                                                            [{"ClientList": ["0.0.0.0/0"]}], [{"ClientList": DROP}]),
    "aws.storagegateway.nfs_share_squashes_root": case("aws.storagegateway.nfs_file_share", [{"Squash": "AllSquash"}],
                                                       [{"Squash": "NoSquash"}], [{"Squash": U}]),
    "aws.storagegateway.nfs_share_encrypted_with_cmk": cmk_case("aws.storagegateway.nfs_file_share", "KMSKey",
                                                                failing=[{"KMSEncrypted": False, "KMSKey": DROP}],
                                                                erroring=[{"KMSEncrypted": U}]),
    "aws.storagegateway.smb_share_encrypted_with_cmk": cmk_case("aws.storagegateway.smb_file_share", "KMSKey",
                                                                failing=[{"KMSEncrypted": False, "KMSKey": DROP}],
                                                                erroring=[{"KMSEncrypted": DROP}]),
    "aws.storagegateway.smb_share_no_guest_access": case("aws.storagegateway.smb_file_share", [],
                                                         [{"Authentication": "GuestAccess"}], [{"Authentication": DROP}]),
    # SNS
    "aws.sns.topic_no_http_subscriptions": case(
        "aws.sns.topic", [{"_subscriptions": []}],
        [{"_subscriptions": [{"Protocol": "http", "SubscriptionArn": arn("sns", "alerts:2")}]}], [{"_subscriptions": U}]),
    "aws.sns.topic_delivery_status_logged": case(
        "aws.sns.topic", [{"Attributes": {"HTTPSuccessFeedbackRoleArn": f"arn:aws:iam::{ACCT}:role/sns-logs"}}],
        [{"Attributes": {"KmsMasterKeyId": "alias/aws/sns"}}], [{"Attributes": U}]),
    "aws.sns.topic_data_protection_policy": case("aws.sns.topic", [], [{"DataProtectionPolicy": None}],
                                                 [{"DataProtectionPolicy": U}, {"DataProtectionPolicy": DROP}]),
    "aws.sns.topic_encrypted_with_cmk": cmk_case("aws.sns.topic", "Attributes.KmsMasterKeyId",
                                                 failing=[{"Attributes": {}}], erroring=[{"Attributes": U}]),
    # SQS
    "aws.sqs.queue_encrypted_with_cmk": cmk_case(
        "aws.sqs.queue", "Attributes.KmsMasterKeyId",
        failing=[{"Attributes": {"SqsManagedSseEnabled": "true"}}, {"Attributes": {}}], erroring=[{"Attributes": U}]),
    # SES
    "aws.ses.identity_dkim_signing_enabled": case(
        "aws.ses.identity", [], [{"DkimAttributes": {"SigningEnabled": False, "Status": "NOT_STARTED"}},
                                 {"DkimAttributes.Status": "PENDING"}], [{"DkimAttributes": U}]),
    "aws.ses.configuration_set_tls_required": case("aws.ses.configuration_set", [], [{"DeliveryOptions": {}},
                                                                                   {"DeliveryOptions.TlsPolicy": "OPTIONAL"}],
                                                   [{"DeliveryOptions": U}]),
    "aws.ses.configuration_set_reputation_metrics_enabled": case(
        "aws.ses.configuration_set", [], [{"ReputationOptions": {}}], [{"ReputationOptions": U}]),
    # Glacier
    "aws.glacier.vault_lock_enforced": case("aws.glacier.vault", [], [{"VaultLock": None}, {"VaultLock.State": "InProgress"}],
                                            [{"VaultLock": U}]),
    "aws.glacier.vault_notifications_configured": case("aws.glacier.vault", [], [{"VaultNotificationConfig": None}],
                                                       [{"VaultNotificationConfig": U}]),
    # DynamoDB
    "aws.dynamodb.table_capacity_scales": case(
        "aws.dynamodb.table", [{"BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"}, "_autoscaled": []}],
        [{"_autoscaled": []}, {"_autoscaled": ["dynamodb:table:ReadCapacityUnits"], "BillingModeSummary": DROP}],
        [{"_autoscaled": U}, {"Table": U}]),
    "aws.dynamodb.table_encrypted_with_cmk": cmk_case("aws.dynamodb.table", "SSEDescription.KMSMasterKeyArn",
                                                      failing=[{"SSEDescription": DROP}], erroring=[{"Table": U}]),
    # ElastiCache
    "aws.elasticache.replication_group_auto_minor_version_upgrade": case(
        "aws.elasticache.replication_group", [], [{"AutoMinorVersionUpgrade": False}], [{"AutoMinorVersionUpgrade": DROP}]),
    "aws.elasticache.replication_group_multi_az": case("aws.elasticache.replication_group", [], [{"MultiAZ": "disabled"}],
                                                       [{"MultiAZ": U}]),
    "aws.elasticache.cache_cluster_encrypted_in_transit": case(
        "aws.elasticache.cache_cluster", [{"ReplicationGroupId": "sessions", "TransitEncryptionEnabled": False}],
        [{"TransitEncryptionEnabled": False}], [{"TransitEncryptionEnabled": DROP}]),
    # EFS
    "aws.efs.access_point_enforces_root_directory": case(
        "aws.efs.access_point", [], [{"RootDirectory": {"Path": "/"}}, {"RootDirectory": DROP}], [{"AccessPointId": DROP}]),
    "aws.efs.access_point_enforces_user_identity": case("aws.efs.access_point", [], [{"PosixUser": DROP}],
                                                        [{"AccessPointId": DROP}]),
    "aws.efs.mount_targets_not_in_public_subnets": case(
        "aws.efs.file_system", [{"_mount_target_subnets": []}], [{"_mount_target_subnets": ["subnet-public"]}],
        [{"_mount_target_subnets": U}, {"_mount_target_subnets": ["subnet-elsewhere"]}],
        inventory=[res("aws.vpc.subnet"),
                   res("aws.vpc.subnet", {"SubnetId": "subnet-public", "MapPublicIpOnLaunch": True}, "-public")],
        incomplete={"types": ["aws.vpc.subnet"], "resources": [res("aws.efs.file_system", {}, "-incomplete")]}),
    "aws.efs.file_system_encrypted_with_cmk": cmk_case("aws.efs.file_system", "KmsKeyId",
                                                       failing=[{"Encrypted": False, "KmsKeyId": DROP}],
                                                       erroring=[{"Encrypted": DROP}]),
    # S3
    "aws.s3.versioned_bucket_lifecycle_configured": case(
        "aws.s3.bucket", [{"Versioning": {}, "LifecycleRules": None}],
        [{"LifecycleRules": None}, {"Versioning": {"Status": "Suspended"}, "LifecycleRules": []}],
        [{"Versioning": U}, {"LifecycleRules": U}]),
    "aws.s3.lifecycle_configured": case("aws.s3.bucket", [], [{"LifecycleRules": None},
                                                             {"LifecycleRules": [{"ID": "x", "Status": "Disabled"}]}],
                                        [{"LifecycleRules": U}]),
    "aws.s3.event_notifications_enabled": case("aws.s3.bucket", [{"NotificationConfiguration": {"EventBridgeConfiguration": {}}}],
                                               [{"NotificationConfiguration": {}}], [{"NotificationConfiguration": U}]),
    "aws.s3.cross_region_replication": case("aws.s3.bucket", [], [{"ReplicationConfiguration": None}],
                                            [{"ReplicationConfiguration": U}]),
    "aws.s3.acls_disabled": case("aws.s3.bucket", [], [{"OwnershipControls": None},
                                                      {"OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}}],
                                 [{"OwnershipControls": U}]),
    "aws.s3.default_encryption_kms": case(
        "aws.s3.bucket", [{"Encryption": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms:dsse"}}]}}],
        [{"Encryption": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}}, {"Encryption": None}],
        [{"Encryption": U}]),
    "aws.s3.access_point_block_public_access": case(
        "aws.s3.access_point", [], [{"PublicAccessBlockConfiguration.BlockPublicPolicy": False},
                                    {"PublicAccessBlockConfiguration": None}], [{"PublicAccessBlockConfiguration": U}]),
    "aws.s3.multi_region_access_point_block_public_access": case(
        "aws.s3.multi_region_access_point", [], [{"PublicAccessBlock.RestrictPublicBuckets": False}],
        [{"PublicAccessBlock": DROP}]),
}


def _policy(principal: Any) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": principal, "Action": "s3tables:GetTable",
                                                    "Resource": "*"}]}


FIXTURES.update({
    "aws.s3tables.table_bucket_encrypted_with_kms": case(
        "aws.s3tables.table_bucket", [], [{"encryptionConfiguration": {"sseAlgorithm": "AES256"}},
                                          {"encryptionConfiguration": None}], [{"encryptionConfiguration": U}]),
    "aws.s3tables.table_bucket_policy_not_public": case(
        "aws.s3tables.table_bucket", [{"resourcePolicy": _policy({"AWS": f"arn:aws:iam::{ACCT}:root"})}],
        [{"resourcePolicy": _policy("*")}], [{"resourcePolicy": U}, {"resourcePolicy": DROP}]),
    "aws.s3tables.table_bucket_not_shared_cross_account": case(
        "aws.s3tables.table_bucket", [{"resourcePolicy": _policy({"AWS": f"arn:aws:iam::{ACCT}:root"})}],
        [{"resourcePolicy": _policy({"AWS": "arn:aws:iam::444455556666:root"})}], [{"resourcePolicy": U}]),
    "aws.s3tables.table_bucket_unreferenced_file_removal": case(
        "aws.s3tables.table_bucket", [{"maintenanceConfiguration": None}],
        [{"maintenanceConfiguration.icebergUnreferencedFileRemoval.status": "disabled"}],
        [{"maintenanceConfiguration": U}]),
})


def _sqs(name: str, attrs: dict[str, Any]) -> dict[str, Any]:
    return {"provider": "aws", "account": ACCT, "region": REGION, "type": "aws.sqs.queue", "id": arn("sqs", name), "name": name,
            "tags": {}, "data": {"QueueUrl": f"https://sqs.{REGION}.amazonaws.com/{ACCT}/{name}", "Attributes": attrs}}


REDRIVE = json.dumps({"deadLetterTargetArn": arn("sqs", "jobs-dlq"), "maxReceiveCount": 5})
DLQ = _sqs("jobs-dlq", {"MessageRetentionPeriod": "1209600"})
SHORT_DLQ = _sqs("short-dlq", {"MessageRetentionPeriod": "60"})
FIXTURES["aws.sqs.queue_has_dead_letter_queue"] = {
    "pass": [_sqs("jobs", {"RedrivePolicy": REDRIVE}), DLQ],
    "fail": [_sqs("lonely", {"MessageRetentionPeriod": "345600"})],
    "error": [_sqs("unread", UNREAD)],
    "inventory": [_sqs("jobs", {"RedrivePolicy": REDRIVE})],
    "incomplete": {"types": ["aws.sqs.queue"], "resources": [_sqs("lonely-2", {})]},
}
FIXTURES["aws.sqs.dead_letter_queue_retention_longer"] = {
    "pass": [_sqs("jobs", {"RedrivePolicy": REDRIVE, "MessageRetentionPeriod": "345600"}), _sqs("plain", {})],
    "fail": [_sqs("impatient", {"MessageRetentionPeriod": "345600", "RedrivePolicy": json.dumps(
        {"deadLetterTargetArn": arn("sqs", "short-dlq"), "maxReceiveCount": 3})})],
    "error": [_sqs("orphan", {"RedrivePolicy": json.dumps({"deadLetterTargetArn": arn("sqs", "gone"), "maxReceiveCount": 3})}),
              _sqs("unread", UNREAD)],
    "inventory": [DLQ, SHORT_DLQ],
    "incomplete": {"types": ["aws.sqs.queue"], "resources": [_sqs("jobs-2", {"RedrivePolicy": REDRIVE})]},
}


def main() -> None:
    for check_id, doc in sorted(FIXTURES.items()):
        (OUT / f"{check_id}.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(FIXTURES)} fixtures to {OUT}")


if __name__ == "__main__":
    main()
