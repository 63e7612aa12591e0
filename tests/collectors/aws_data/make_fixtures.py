"""Per-check fixtures (tests/checks/fixtures/<check id>.json) for the data-and-analytics checks.

Each resource is a base document in the shape the collector produces (cut from a collection
against moto and, where moto differs from the API reference, from the reference's answer shape),
with the one setting the check reads changed: ``pass``, ``fail`` and ``error`` (the setting
marked unreadable, or absent) cases.  Rewrite them after changing a collector or a check with:

    python -m tests.collectors.aws_data.make_fixtures
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[2] / "checks" / "fixtures"
ACCOUNT, REGION = "111122223333", "us-east-1"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
DENIED = {"__unreadable__": "AccessDeniedException: not authorized"}
DROP = object()  # a patch value: remove the key (the collector did not read it)

SC_ON = {"S3Encryption": [{"S3EncryptionMode": "SSE-KMS", "KmsKeyArn": KEY}],
         "CloudWatchEncryption": {"CloudWatchEncryptionMode": "SSE-KMS", "KmsKeyArn": KEY},
         "JobBookmarksEncryption": {"JobBookmarksEncryptionMode": "CSE-KMS", "KmsKeyArn": KEY}}
SC_OFF = {"S3Encryption": [{"S3EncryptionMode": "DISABLED"}], "CloudWatchEncryption": {"CloudWatchEncryptionMode": "DISABLED"},
          "JobBookmarksEncryption": {"JobBookmarksEncryptionMode": "DISABLED"}}

BASE: dict[str, tuple[str, dict[str, Any]]] = {
    "aws.glue.data_catalog": (f"arn:aws:glue:{REGION}:{ACCOUNT}:catalog", {"DataCatalogEncryptionSettings": {
        "EncryptionAtRest": {"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": KEY},
        "ConnectionPasswordEncryption": {"ReturnConnectionPasswordEncrypted": True, "AwsKmsKeyId": KEY}}, "Policy": None}),
    "aws.glue.connection": (f"arn:aws:glue:{REGION}:{ACCOUNT}:connection/orders", {
        "Name": "orders", "ConnectionType": "JDBC", "Status": "READY", "ConnectionProperties": {"JDBC_ENFORCE_SSL": "true"},
        "ConnectionPropertyNames": ["JDBC_CONNECTION_URL", "JDBC_ENFORCE_SSL", "USERNAME"],
        "PhysicalConnectionRequirements": {"SubnetId": "subnet-0123456789abcdef0"}}),
    "aws.glue.job": (f"arn:aws:glue:{REGION}:{ACCOUNT}:job/etl", {
        "Name": "etl", "Role": f"arn:aws:iam::{ACCOUNT}:role/glue", "Command": {"Name": "glueetl",
        "ScriptLocation": "s3://scripts/etl.py", "PythonVersion": "3"}, "SecurityConfiguration": "encrypted",
        "GlueVersion": "4.0", "ExecutionClass": "STANDARD", "DefaultArgumentNames": ["--job-language"],
        "SecurityConfigurationEncryption": SC_ON}),
    "aws.glue.dev_endpoint": (f"arn:aws:glue:{REGION}:{ACCOUNT}:devEndpoint/notebook", {
        "EndpointName": "notebook", "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/glue", "SubnetId": "subnet-0123456789abcdef0",
        "SecurityGroupIds": ["sg-0123456789abcdef0"], "PrivateAddress": "10.0.1.15", "Status": "READY",
        "VpcId": "vpc-0123456789abcdef0", "SecurityConfiguration": "encrypted", "SecurityConfigurationEncryption": SC_ON}),
    "aws.glue.ml_transform": (f"arn:aws:glue:{REGION}:{ACCOUNT}:mlTransform/tfm-0123456789abcdef", {
        "TransformId": "tfm-0123456789abcdef", "Name": "dedupe", "Status": "READY", "GlueVersion": "4.0",
        "TransformEncryption": {"MlUserDataEncryption": {"MlUserDataEncryptionMode": "SSE-KMS", "KmsKeyId": KEY}}}),
    "aws.athena.workgroup": (f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/analysts", {
        "Name": "analysts", "State": "ENABLED", "EngineVersion": {"SelectedEngineVersion": "AUTO",
                                                                   "EffectiveEngineVersion": "Athena engine version 3"},
        "Configuration": {"ResultConfiguration": {"OutputLocation": "s3://results/", "EncryptionConfiguration": {
            "EncryptionOption": "SSE_KMS", "KmsKey": KEY}}, "EnforceWorkGroupConfiguration": True,
            "PublishCloudWatchMetricsEnabled": True, "RequesterPaysEnabled": False,
            "EngineVersion": {"SelectedEngineVersion": "AUTO", "EffectiveEngineVersion": "Athena engine version 3"}}}),
    "aws.emr.block_public_access": (f"arn:aws:elasticmapreduce:{REGION}:{ACCOUNT}:block-public-access", {
        "BlockPublicAccessConfiguration": {"BlockPublicSecurityGroupRules": True,
                                           "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}]}}),
    "aws.emr.cluster": (f"arn:aws:elasticmapreduce:{REGION}:{ACCOUNT}:cluster/j-1ABCDEFGHIJKL", {
        "Id": "j-1ABCDEFGHIJKL", "Name": "spark", "Status": {"State": "WAITING"}, "LogUri": "s3n://logs/emr/",
        "ReleaseLabel": "emr-7.1.0", "InstanceCollectionType": "INSTANCE_GROUP", "SecurityConfiguration": "secure",
        "Ec2InstanceAttributes": {"Ec2SubnetId": "subnet-0123456789abcdef0"}, "KerberosAttributes": {},
        "MasterPublicIps": [], "SecurityConfigurationDocument": {
            "EncryptionConfiguration": {"EnableAtRestEncryption": True, "EnableInTransitEncryption": True},
            "AuthenticationConfiguration": {"KerberosConfiguration": {"Provider": "ClusterDedicatedKdc"}}}}),
    "aws.kinesis.stream": (f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/clicks", {
        "StreamName": "clicks", "StreamARN": f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/clicks", "StreamStatus": "ACTIVE",
        "StreamModeDetails": {"StreamMode": "ON_DEMAND"}, "RetentionPeriodHours": 168, "EncryptionType": "KMS",
        "KeyId": KEY, "OpenShardCount": 4, "Policy": None}),
    "aws.firehose.delivery_stream": (f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/to-s3", {
        "DeliveryStreamName": "to-s3", "DeliveryStreamARN": f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/to-s3",
        "DeliveryStreamStatus": "ACTIVE", "DeliveryStreamType": "DirectPut",
        "DeliveryStreamEncryptionConfiguration": {"KeyARN": KEY, "KeyType": "CUSTOMER_MANAGED_CMK", "Status": "ENABLED"},
        "Source": {}, "Destinations": [{"DestinationId": "destinationId-000000000001", "ExtendedS3DestinationDescription": {
            "BucketARN": "arn:aws:s3:::archive", "CloudWatchLoggingOptions": {
                "Enabled": True, "LogGroupName": "/aws/kinesisfirehose/to-s3", "LogStreamName": "DestinationDelivery"}}}]}),
    "aws.redshiftserverless.workgroup": (f"arn:aws:redshift-serverless:{REGION}:{ACCOUNT}:workgroup/5a9c-analytics", {
        "workgroupName": "analytics", "workgroupId": "5a9c", "namespaceName": "analytics", "status": "AVAILABLE",
        "publiclyAccessible": False, "enhancedVpcRouting": True, "baseCapacity": 32, "configParameters": [
            {"parameterKey": "require_ssl", "parameterValue": "true"}, {"parameterKey": "enable_user_activity_logging",
                                                                        "parameterValue": "true"}]}),
    "aws.redshiftserverless.namespace": (f"arn:aws:redshift-serverless:{REGION}:{ACCOUNT}:namespace/8e1f-analytics", {
        "namespaceName": "analytics", "namespaceId": "8e1f", "status": "AVAILABLE", "adminUsername": "warehouse_admin",
        "dbName": "analytics", "kmsKeyId": KEY, "logExports": ["connectionlog", "userlog", "useractivitylog"]}),
    "aws.quicksight.account_settings": (f"arn:aws:quicksight:::account/{ACCOUNT}", {
        "AccountName": "example", "Edition": "ENTERPRISE", "DefaultNamespace": "default", "PublicSharingEnabled": False,
        "TerminationProtectionEnabled": True}),
    "aws.quicksight.data_source": (f"arn:aws:quicksight:{REGION}:{ACCOUNT}:datasource/orders", {
        "Arn": f"arn:aws:quicksight:{REGION}:{ACCOUNT}:datasource/orders", "DataSourceId": "orders", "Name": "orders",
        "Type": "POSTGRESQL", "Status": "CREATION_SUCCESSFUL", "SslProperties": {"DisableSsl": False},
        "VpcConnectionProperties": {"VpcConnectionArn": f"arn:aws:quicksight:{REGION}:{ACCOUNT}:vpcConnection/private"}}),
    "aws.lakeformation.data_lake_settings": (f"arn:aws:lakeformation:{REGION}:{ACCOUNT}:data-lake-settings", {
        "DataLakeAdmins": [{"DataLakePrincipalIdentifier": f"arn:aws:iam::{ACCOUNT}:role/lake-admin"}],
        "CreateDatabaseDefaultPermissions": [], "CreateTableDefaultPermissions": [], "TrustedResourceOwners": []}),
    "aws.stepfunctions.state_machine": (f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:orders", {
        "stateMachineArn": f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:orders", "name": "orders", "type": "STANDARD",
        "status": "ACTIVE", "loggingConfiguration": {"level": "ERROR", "includeExecutionData": False, "destinations": [
            {"cloudWatchLogsLogGroup": {"logGroupArn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/sfn/orders:*"}}]},
        "tracingConfiguration": {"enabled": True},
        "encryptionConfiguration": {"type": "CUSTOMER_MANAGED_KMS_KEY", "kmsKeyId": KEY}}),
    "aws.appsync.graphql_api": (f"arn:aws:appsync:{REGION}:{ACCOUNT}:apis/abcdefghijklmnopqrstuvwxyz", {
        "name": "orders", "apiId": "abcdefghijklmnopqrstuvwxyz", "apiType": "GRAPHQL", "visibility": "GLOBAL",
        "authenticationType": "AMAZON_COGNITO_USER_POOLS", "additionalAuthenticationProviders": [{"authenticationType": "AWS_IAM"}],
        "logConfig": {"fieldLogLevel": "ERROR", "cloudWatchLogsRoleArn": f"arn:aws:iam::{ACCOUNT}:role/appsync-logs"},
        "wafWebAclArn": f"arn:aws:wafv2:{REGION}:{ACCOUNT}:regional/webacl/api/1111", "introspectionConfig": "DISABLED",
        "xrayEnabled": True}),
    "aws.kafka.cluster": (f"arn:aws:kafka:{REGION}:{ACCOUNT}:cluster/events/1111-2222", {
        "ClusterArn": f"arn:aws:kafka:{REGION}:{ACCOUNT}:cluster/events/1111-2222", "ClusterName": "events",
        "ClusterType": "PROVISIONED", "State": "ACTIVE", "Serverless": False, "EnhancedMonitoring": "PER_BROKER",
        "LoggingInfo": {"BrokerLogs": {"CloudWatchLogs": {"Enabled": True, "LogGroup": "/msk/events"},
                                       "Firehose": {"Enabled": False}, "S3": {"Enabled": False}}},
        "EncryptionInfo": {"EncryptionAtRest": {"DataVolumeKMSKeyId": KEY},
                           "EncryptionInTransit": {"ClientBroker": "TLS", "InCluster": True}},
        "ClientAuthentication": {"Sasl": {"Iam": {"Enabled": True}}, "Unauthenticated": {"Enabled": False}},
        "PublicAccess": {"Type": "DISABLED"}}),
    "aws.mq.broker": (f"arn:aws:mq:{REGION}:{ACCOUNT}:broker:orders:b-1234", {
        "BrokerId": "b-1234", "BrokerName": "orders", "BrokerArn": f"arn:aws:mq:{REGION}:{ACCOUNT}:broker:orders:b-1234",
        "BrokerState": "RUNNING", "EngineType": "ACTIVEMQ", "EngineVersion": "5.18", "DeploymentMode": "ACTIVE_STANDBY_MULTI_AZ",
        "AutoMinorVersionUpgrade": True, "Logs": {"Audit": True, "General": True}, "PubliclyAccessible": False,
        "EncryptionOptions": {"UseAwsOwnedKey": False, "KmsKeyId": KEY}}),
    "aws.events.event_bus": (f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/orders", {
        "Name": "orders", "Arn": f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/orders", "Policy": {
            "Version": "2012-10-17", "Statement": [{"Sid": "me", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                                                    "Action": "events:PutEvents",
                                                    "Resource": f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/orders"}]},
        "Custom": True, "Archives": [{"ArchiveName": "orders-all", "State": "ENABLED", "RetentionDays": 30}]}),
    "aws.events.rule": (f"arn:aws:events:{REGION}:{ACCOUNT}:rule/orders-created", {
        "Name": "orders-created", "Arn": f"arn:aws:events:{REGION}:{ACCOUNT}:rule/orders-created", "State": "ENABLED",
        "EventBusName": "default", "Targets": [{"Id": "queue", "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders",
                                                "DeadLetterConfig": {"Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders-dlq"}}]}),
    "aws.events.endpoint": (f"arn:aws:events:{REGION}:{ACCOUNT}:endpoint/orders-global", {
        "Name": "orders-global", "Arn": f"arn:aws:events:{REGION}:{ACCOUNT}:endpoint/orders-global", "State": "ACTIVE",
        "ReplicationConfig": {"State": "ENABLED"}, "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/replication",
        "EventBuses": [{"EventBusArn": f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/orders"},
                       {"EventBusArn": f"arn:aws:events:us-west-2:{ACCOUNT}:event-bus/orders"}]}),
    "aws.redshift.cluster": (f"arn:aws:redshift:{REGION}:{ACCOUNT}:cluster:warehouse", {
        "ClusterIdentifier": "warehouse", "NodeType": "ra3.xlplus", "ClusterStatus": "available", "MasterUsername": "dwadmin",
        "DBName": "analytics", "Endpoint": {"Address": "warehouse.abc.us-east-1.redshift.amazonaws.com", "Port": 15439},
        "MultiAZ": "Enabled", "Encrypted": True, "PubliclyAccessible": False,
        "ClusterParameterGroups": [{"ParameterGroupName": "secure", "ParameterApplyStatus": "in-sync"}],
        "ClusterParameters": {"require_ssl": "true", "enable_user_activity_logging": "true"}}),
}


def doc(rtype: str, label: str, patch: dict[str, Any]) -> dict[str, Any]:
    rid, base = BASE[rtype]
    data = copy.deepcopy(base)
    for k, v in patch.items():
        if v is DROP:
            data.pop(k, None)
        else:
            data[k] = v
    region = "global" if rtype == "aws.quicksight.account_settings" else REGION
    return {"provider": "aws", "account": ACCOUNT, "region": region, "type": rtype, "id": f"{rid}-{label}",
            "name": f"{label}", "tags": {}, "data": data}


def nested(rtype: str, key: str, **changes: Any) -> dict[str, Any]:
    """A patch replacing the top-level ``key`` with its base value updated by ``changes``."""
    value = copy.deepcopy(BASE[rtype][1][key])
    value.update(changes)
    return {key: value}


# check id -> (resource type, {"pass": [patch…], "fail": [patch…], "error": [patch…]})
CASES: dict[str, tuple[str, dict[str, list[dict[str, Any]]]]] = {}


def case(check_id: str, rtype: str, passes: list[dict[str, Any]], fails: list[dict[str, Any]],
         errors: list[dict[str, Any]]) -> None:
    CASES[check_id] = (rtype, {"pass": passes, "fail": fails, "error": errors})


def simple(check_id: str, rtype: str, key: str, good: list[Any], bad: list[Any]) -> None:
    """Pass and fail cases that set ``key`` itself; error: unreadable and not collected."""
    case(check_id, rtype, [{key: v} for v in good], [{key: v} for v in bad], [{key: DENIED}, {key: DROP}])


def _policy(principal: Any, resource: str) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": principal, "Action": "*",
                                                    "Resource": resource}]}


def policy_cases(prefix: str, rtype: str) -> None:
    """The two resource-policy checks of a type whose collector stores ``Policy`` (None: no policy)."""
    res = BASE[rtype][0]
    own, foreign = _policy({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, res), _policy({"AWS": "arn:aws:iam::444455556666:root"}, res)
    simple(f"{prefix}_policy_not_public", rtype, "Policy", [None, own, foreign], [_policy("*", res), _policy({"AWS": "*"}, res)])
    simple(f"{prefix}_not_shared_cross_account", rtype, "Policy", [None, own], [foreign])


def _cases() -> None:
    policy_cases("aws.glue.data_catalog", "aws.glue.data_catalog")
    policy_cases("aws.kinesis.stream", "aws.kinesis.stream")
    G, J, D = "aws.glue.data_catalog", "aws.glue.job", "aws.glue.dev_endpoint"
    enc = BASE[G][1]["DataCatalogEncryptionSettings"]
    simple("aws.glue.data_catalog_encrypted_at_rest", G, "DataCatalogEncryptionSettings", [enc, {
        **enc, "EncryptionAtRest": {"CatalogEncryptionMode": "SSE-KMS-WITH-SERVICE-ROLE", "CatalogEncryptionServiceRole": "r"}}],
        [{**enc, "EncryptionAtRest": {"CatalogEncryptionMode": "DISABLED"}}, {}])
    simple("aws.glue.data_catalog_connection_passwords_encrypted", G, "DataCatalogEncryptionSettings", [enc],
           [{**enc, "ConnectionPasswordEncryption": {"ReturnConnectionPasswordEncrypted": False}}, {}])
    C = "aws.glue.connection"
    case("aws.glue.connection_ssl_enforced", C,
         [{}, {"ConnectionType": "KAFKA", "ConnectionProperties": {}}, {"ConnectionType": "NETWORK", "ConnectionProperties": {}}],
         [{"ConnectionProperties": {"JDBC_ENFORCE_SSL": "false"}}, {"ConnectionProperties": {}},
          {"ConnectionType": "KAFKA", "ConnectionProperties": {"KAFKA_SSL_ENABLED": "false"}}],
         [{"ConnectionType": DROP}, {"ConnectionProperties": DENIED}])
    for rtype, prefix in ((J, "job"), (D, "dev_endpoint")):
        checks = [("s3_encryption_enabled", "S3Encryption", [{"S3EncryptionMode": "DISABLED"}]),
                  ("cloudwatch_logs_encrypted", "CloudWatchEncryption", {"CloudWatchEncryptionMode": "DISABLED"})]
        if rtype == J:
            checks.append(("bookmarks_encrypted", "JobBookmarksEncryption", {"JobBookmarksEncryptionMode": "DISABLED"}))
        for name, block, off in checks:
            case(f"aws.glue.{prefix}_{name}", rtype, [{}],
                 [{"SecurityConfigurationEncryption": {**SC_ON, block: off}},
                  {"SecurityConfiguration": DROP, "SecurityConfigurationEncryption": None}],
                 [{"SecurityConfigurationEncryption": DENIED}, {"SecurityConfigurationEncryption": DROP}])
    case("aws.glue.job_uses_security_configuration", J, [{}],
         [{"SecurityConfiguration": DROP, "SecurityConfigurationEncryption": None}],
         [{"SecurityConfigurationEncryption": DENIED}])
    case("aws.glue.job_supported_glue_version", J,
         [{}, {"GlueVersion": "3.0"}, {"Command": {"Name": "pythonshell"}, "GlueVersion": "1.0"}],
         [{"GlueVersion": "2.0"}, {"GlueVersion": "0.9"}, {"GlueVersion": DROP}],
         [{"Command": DROP}, {"Command": DENIED}])
    case("aws.glue.dev_endpoint_in_vpc", D, [{}],
         [{"SubnetId": None, "PublicAddress": "ec2-3-4-5-6.compute-1.amazonaws.com"}], [{"SubnetId": DENIED}])
    M = "aws.glue.ml_transform"
    simple("aws.glue.ml_transform_encrypted", M, "TransformEncryption", [BASE[M][1]["TransformEncryption"]],
           [{"MlUserDataEncryption": {"MlUserDataEncryptionMode": "DISABLED"}}, {}])

    A = "aws.athena.workgroup"
    cfg = BASE[A][1]["Configuration"]
    simple("aws.athena.workgroup_query_results_encrypted", A, "Configuration",
           [cfg, {"ManagedQueryResultsConfiguration": {"Enabled": True}}],
           [{**cfg, "ResultConfiguration": {"OutputLocation": "s3://results/"}}, {}])
    simple("aws.athena.workgroup_enforces_configuration", A, "Configuration", [cfg],
           [{**cfg, "EnforceWorkGroupConfiguration": False}, {}])
    simple("aws.athena.workgroup_logging_enabled", A, "Configuration", [cfg], [{**cfg, "PublishCloudWatchMetricsEnabled": False}])
    v2 = {"SelectedEngineVersion": "Athena engine version 2", "EffectiveEngineVersion": "Athena engine version 2"}
    no_engine = {k: v for k, v in cfg.items() if k != "EngineVersion"}
    case("aws.athena.workgroup_engine_version_current", A,
         [{}, {"Configuration": {**cfg, "EngineVersion": {"SelectedEngineVersion": "PySpark engine version 3",
                                                          "EffectiveEngineVersion": "PySpark engine version 3"}}},
          {"Configuration": no_engine}],
         [{"Configuration": {**cfg, "EngineVersion": v2}}, {"Configuration": no_engine, "EngineVersion": v2}],
         [{"Configuration": DENIED}, {"Configuration": DROP}])

    B, E = "aws.emr.block_public_access", "aws.emr.cluster"
    bpa = BASE[B][1]["BlockPublicAccessConfiguration"]
    simple("aws.emr.block_public_access_enabled", B, "BlockPublicAccessConfiguration",
           [bpa, {"BlockPublicSecurityGroupRules": True}],
           [{**bpa, "BlockPublicSecurityGroupRules": False},
            {**bpa, "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}, {"MinRange": 8080, "MaxRange": 8090}]}])
    simple("aws.emr.cluster_primary_node_no_public_ip", E, "MasterPublicIps", [[]], [["3.80.1.2"]])
    doc_ = BASE[E][1]["SecurityConfigurationDocument"]
    for cid, flag in (("aws.emr.cluster_encrypted_at_rest", "EnableAtRestEncryption"),
                      ("aws.emr.cluster_encrypted_in_transit", "EnableInTransitEncryption")):
        simple(cid, E, "SecurityConfigurationDocument", [doc_],
               [{**doc_, "EncryptionConfiguration": {**doc_["EncryptionConfiguration"], flag: False}}, None])
    case("aws.emr.cluster_kerberos_enabled", E,
         [{}, {"SecurityConfigurationDocument": {"EncryptionConfiguration": {}}, "KerberosAttributes": {"Realm": "EC2.INTERNAL"}}],
         [{"SecurityConfigurationDocument": {"EncryptionConfiguration": {}}}, {"SecurityConfigurationDocument": None}],
         [{"SecurityConfigurationDocument": DENIED}])
    simple("aws.emr.cluster_logging_enabled", E, "LogUri", ["s3://logs/"], [None])

    K = "aws.kinesis.stream"
    simple("aws.kinesis.stream_encrypted", K, "EncryptionType", ["KMS"], ["NONE"])
    case("aws.kinesis.stream_encrypted_with_cmk", K, [{}],
         [{"KeyId": "alias/aws/kinesis"}, {"EncryptionType": "NONE", "KeyId": DROP}],
         [{"EncryptionType": DENIED}])
    simple("aws.kinesis.stream_retention_7_days", K, "RetentionPeriodHours", [168, 8760], [24, 72])

    F = "aws.firehose.delivery_stream"
    simple("aws.firehose.delivery_stream_encrypted_with_cmk", F, "DeliveryStreamEncryptionConfiguration",
           [BASE[F][1]["DeliveryStreamEncryptionConfiguration"]],
           [{"KeyType": "AWS_OWNED_CMK", "Status": "ENABLED"}, {"Status": "DISABLED"}, {}])
    case("aws.firehose.delivery_stream_error_logging_enabled", F, [{}],
         [{"Destinations": [{"DestinationId": "destinationId-000000000001", "ExtendedS3DestinationDescription": {
             "BucketARN": "arn:aws:s3:::archive", "CloudWatchLoggingOptions": {"Enabled": False}}}]},
          {"Destinations": [{"DestinationId": "destinationId-000000000001", "HttpEndpointDestinationDescription": {
              "EndpointConfiguration": {"Name": "siem"}}}]}],
         [{"Destinations": DENIED}, {"Destinations": DROP}])

    W, N = "aws.redshiftserverless.workgroup", "aws.redshiftserverless.namespace"
    simple("aws.redshiftserverless.workgroup_not_publicly_accessible", W, "publiclyAccessible", [False], [True])
    simple("aws.redshiftserverless.workgroup_enhanced_vpc_routing", W, "enhancedVpcRouting", [True], [False])
    simple("aws.redshiftserverless.workgroup_requires_ssl", W, "configParameters",
           [[{"parameterKey": "require_ssl", "parameterValue": "true"}]],
           [[{"parameterKey": "require_ssl", "parameterValue": "false"}], []])
    simple("aws.redshiftserverless.namespace_encrypted_with_cmk", N, "kmsKeyId", [KEY], ["AWS_OWNED_KMS_KEY"])
    simple("aws.redshiftserverless.namespace_no_default_admin_user", N, "adminUsername", ["warehouse_admin"], ["admin"])
    simple("aws.redshiftserverless.namespace_audit_logs_exported", N, "logExports",
           [["connectionlog", "userlog"], ["userlog", "connectionlog", "useractivitylog"]], [[], ["useractivitylog"], ["userlog"]])

    Q, S = "aws.quicksight.account_settings", "aws.quicksight.data_source"
    simple("aws.quicksight.account_public_sharing_disabled", Q, "PublicSharingEnabled", [False], [True])
    simple("aws.quicksight.account_termination_protection_enabled", Q, "TerminationProtectionEnabled", [True], [False])
    case("aws.quicksight.data_source_ssl_enabled", S, [{}, {"SslProperties": DROP}, {"Type": "S3", "SslProperties": DROP}],
         [{"SslProperties": {"DisableSsl": True}}, {"Type": "REDSHIFT", "SslProperties": {"DisableSsl": True}}],
         [{"Type": DROP}, {"Type": DENIED}])
    case("aws.quicksight.data_source_uses_vpc_connection", S, [{}, {"Type": "ATHENA", "VpcConnectionProperties": DROP}],
         [{"VpcConnectionProperties": DROP}, {"Type": "MYSQL", "VpcConnectionProperties": DROP}],
         [{"Type": DROP}])

    L = "aws.lakeformation.data_lake_settings"
    iam_all = [{"Principal": {"DataLakePrincipalIdentifier": "IAM_ALLOWED_PRINCIPALS"}, "Permissions": ["ALL"]}]
    scoped = [{"Principal": {"DataLakePrincipalIdentifier": f"arn:aws:iam::{ACCOUNT}:role/etl"}, "Permissions": ["ALL"]}]
    simple("aws.lakeformation.new_databases_not_granted_to_iam_allowed_principals", L, "CreateDatabaseDefaultPermissions",
           [[], scoped], [iam_all, scoped + iam_all])
    simple("aws.lakeformation.new_tables_not_granted_to_iam_allowed_principals", L, "CreateTableDefaultPermissions",
           [[], scoped], [iam_all])
    simple("aws.lakeformation.data_lake_admins_set", L, "DataLakeAdmins", [BASE[L][1]["DataLakeAdmins"]], [[]])

    SM = "aws.stepfunctions.state_machine"
    log = BASE[SM][1]["loggingConfiguration"]
    simple("aws.stepfunctions.state_machine_logging_enabled", SM, "loggingConfiguration", [log, {**log, "level": "ALL"}],
           [{"level": "OFF"}, {**log, "level": "FATAL"}, {}])
    simple("aws.stepfunctions.state_machine_tracing_enabled", SM, "tracingConfiguration", [{"enabled": True}],
           [{"enabled": False}, {}])
    simple("aws.stepfunctions.state_machine_encrypted_with_cmk", SM, "encryptionConfiguration",
           [BASE[SM][1]["encryptionConfiguration"]], [{"type": "AWS_OWNED_KEY"}, {}])

    AP = "aws.appsync.graphql_api"
    simple("aws.appsync.api_field_logging_enabled", AP, "logConfig",
           [BASE[AP][1]["logConfig"], {"fieldLogLevel": "ALL", "cloudWatchLogsRoleArn": "r"}],
           [{"fieldLogLevel": "NONE", "cloudWatchLogsRoleArn": "r"}, None])
    case("aws.appsync.api_no_api_key_authentication", AP, [{}, {"authenticationType": "AWS_LAMBDA",
                                                               "additionalAuthenticationProviders": []}],
         [{"authenticationType": "API_KEY", "additionalAuthenticationProviders": []},
          {"additionalAuthenticationProviders": [{"authenticationType": "API_KEY"}]}],
         [{"authenticationType": DROP}, {"authenticationType": DENIED}])
    simple("aws.appsync.api_waf_associated", AP, "wafWebAclArn", [BASE[AP][1]["wafWebAclArn"]], [None])
    simple("aws.appsync.api_introspection_disabled", AP, "introspectionConfig", ["DISABLED"], ["ENABLED", None])

    KF = "aws.kafka.cluster"
    case("aws.kafka.cluster_enhanced_monitoring", KF,
         [{}, {"EnhancedMonitoring": "PER_TOPIC_PER_PARTITION"}, {"Serverless": True, "ClusterType": "SERVERLESS",
                                                                  "EnhancedMonitoring": "DEFAULT"}],
         [{"EnhancedMonitoring": "DEFAULT"}], [{"EnhancedMonitoring": DROP}, {"EnhancedMonitoring": DENIED}])
    case("aws.kafka.cluster_broker_logging_enabled", KF,
         [{}, {"LoggingInfo": {"BrokerLogs": {"S3": {"Enabled": True, "Bucket": "logs"}}}},
          {"Serverless": True, "ClusterType": "SERVERLESS", "LoggingInfo": {}}],
         [{"LoggingInfo": {}}, {"LoggingInfo": {"BrokerLogs": {"CloudWatchLogs": {"Enabled": False}}}}],
         [{"LoggingInfo": DROP}])

    MQ = "aws.mq.broker"
    rabbit = {"EngineType": "RABBITMQ", "EngineVersion": "3.13", "Logs": {"General": True}}
    case("aws.mq.broker_audit_logging_enabled", MQ, [{}, {**rabbit, "DeploymentMode": "CLUSTER_MULTI_AZ"}],
         [{"Logs": {"Audit": False, "General": True}}, {"Logs": {"General": True}}],
         [{"Logs": DENIED}, {"EngineType": DROP}])
    simple("aws.mq.broker_general_logging_enabled", MQ, "Logs", [{"Audit": True, "General": True}, {"General": True}],
           [{"Audit": True, "General": False}, {}])
    case("aws.mq.broker_engine_version_supported", MQ,
         [{}, {"EngineVersion": "5.19.1"}, {**rabbit, "EngineVersion": "3.13"}, {**rabbit, "EngineVersion": "4.2"}],
         [{"EngineVersion": "5.17.6"}, {"EngineVersion": "5.14.5"}, {**rabbit, "EngineVersion": "3.11.28"},
          {**rabbit, "EngineVersion": "3.8.34"}],
         [{"EngineVersion": DROP}, {"EngineVersion": "latest"}, {"EngineType": DENIED}])
    simple("aws.mq.broker_auto_minor_version_upgrade", MQ, "AutoMinorVersionUpgrade", [True], [False])
    simple("aws.mq.broker_encrypted_with_cmk", MQ, "EncryptionOptions", [{"UseAwsOwnedKey": False, "KmsKeyId": KEY}],
           [{"UseAwsOwnedKey": True}, {}])
    case("aws.mq.activemq_broker_active_standby", MQ, [{}, {**rabbit, "DeploymentMode": "SINGLE_INSTANCE"}],
         [{"DeploymentMode": "SINGLE_INSTANCE"}], [{"DeploymentMode": DROP}, {"EngineType": DENIED}])
    case("aws.mq.rabbitmq_broker_cluster_deployment", MQ, [{**rabbit, "DeploymentMode": "CLUSTER_MULTI_AZ"},
                                                          {"DeploymentMode": "SINGLE_INSTANCE"}],
         [{**rabbit, "DeploymentMode": "SINGLE_INSTANCE"}], [{**rabbit, "DeploymentMode": DROP}, {"EngineType": DROP}])

    EB, ER, EE = "aws.events.event_bus", "aws.events.rule", "aws.events.endpoint"
    case("aws.events.custom_event_bus_has_policy", EB,
         [{}, {"Name": "default", "Policy": None, "Custom": False, "Archives": DROP},
          {"Name": "aws.partner/saas.com/123/events", "Policy": None, "Custom": False, "Archives": DROP}],
         [{"Policy": None}], [{"Policy": DENIED}, {"Custom": DROP}])
    case("aws.events.custom_event_bus_archived", EB,
         [{}, {"Archives": [{"ArchiveName": "old", "State": "DISABLED"}, {"ArchiveName": "all", "State": "ENABLED"}]},
          {"Name": "default", "Custom": False, "Archives": DROP}],
         [{"Archives": []}, {"Archives": [{"ArchiveName": "old", "State": "DISABLED", "RetentionDays": 7}]}],
         [{"Archives": DENIED}, {"Archives": DROP}, {"Custom": DROP}])
    case("aws.events.rule_targets_have_dead_letter_queue", ER, [{}, {"Targets": []}],
         [{"Targets": [{"Id": "queue", "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders"}]},
          {"Targets": [{"Id": "a", "Arn": "arn:aws:sqs:x", "DeadLetterConfig": {"Arn": "arn:aws:sqs:dlq"}},
                       {"Id": "b", "Arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:f"}]}],
         [{"Targets": DENIED}, {"Targets": DROP}])
    simple("aws.events.endpoint_replication_enabled", EE, "ReplicationConfig", [{"State": "ENABLED"}], [{"State": "DISABLED"}])

    R = "aws.redshift.cluster"
    params = BASE[R][1]["ClusterParameters"]
    simple("aws.redshift.cluster_requires_ssl", R, "ClusterParameters", [params],
           [{**params, "require_ssl": "false"}, {}])
    simple("aws.redshift.cluster_user_activity_logging_enabled", R, "ClusterParameters", [params],
           [{**params, "enable_user_activity_logging": "false"}, {}])
    simple("aws.redshift.cluster_no_default_database_name", R, "DBName", ["analytics"], ["dev"])
    simple("aws.redshift.cluster_not_default_port", R, "Endpoint", [{"Address": "a", "Port": 15439}],
           [{"Address": "a", "Port": 5439}])
    simple("aws.redshift.cluster_multi_az", R, "MultiAZ", ["Enabled"], ["Disabled"])


def firehose_encrypted() -> dict[str, Any]:
    """The cross-resource check: its own encryption, or its Kinesis source stream's."""
    F, K = "aws.firehose.delivery_stream", "aws.kinesis.stream"
    src = lambda arn: {"DeliveryStreamType": "KinesisStreamAsSource", "DeliveryStreamEncryptionConfiguration": {  # noqa: E731
        "Status": "DISABLED"}, "Source": {"KinesisStreamSourceDescription": {"KinesisStreamARN": arn}}}
    plain, sealed = doc(K, "plain", {"EncryptionType": "NONE", "KeyId": DROP}), doc(K, "sealed", {})
    passing = [doc(F, "pass-0", {}), doc(F, "pass-1", src(sealed["id"]))]
    return {"pass": passing,
            "fail": [doc(F, "fail-0", {"DeliveryStreamEncryptionConfiguration": {"Status": "DISABLED"}}),
                     doc(F, "fail-1", {"DeliveryStreamEncryptionConfiguration": {}}), doc(F, "fail-2", src(plain["id"]))],
            "error": [doc(F, "error-0", {"DeliveryStreamEncryptionConfiguration": DENIED}),
                      doc(F, "error-1", {"Source": DENIED}),
                      doc(F, "error-2", src(f"arn:aws:kinesis:{REGION}:444455556666:stream/elsewhere"))],
            "inventory": [plain, sealed],
            "incomplete": {"types": [K], "resources": [doc(F, "incomplete-0", src(sealed["id"]))]}}


def kafka_cmk() -> dict[str, Any]:
    """The at-rest key is a customer managed key when the KMS collector (customer keys only) holds it."""
    KF = "aws.kafka.cluster"
    key = {"provider": "aws", "account": ACCOUNT, "region": REGION, "type": "aws.kms.key", "id": KEY, "name": "alias/msk",
           "tags": {}, "data": {"KeyId": KEY.rsplit("/", 1)[1], "Arn": KEY, "KeyManager": "CUSTOMER", "KeyState": "Enabled",
                                "_aliases": ["alias/msk"]}}
    at_rest = lambda k: nested(KF, "EncryptionInfo", EncryptionAtRest={"DataVolumeKMSKeyId": k})  # noqa: E731
    managed = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/99999999-8888-7777-6666-555555555555"
    return {"pass": [doc(KF, "pass-0", {}), doc(KF, "pass-1", {"Serverless": True, "ClusterType": "SERVERLESS"}),
                     doc(KF, "pass-2", at_rest(f"arn:aws:kms:{REGION}:444455556666:key/abcd"))],
            "fail": [doc(KF, "fail-0", at_rest(managed)), doc(KF, "fail-1", {"EncryptionInfo": {"EncryptionInTransit": {
                "ClientBroker": "TLS", "InCluster": True}}})],
            "error": [doc(KF, "error-0", {"EncryptionInfo": DENIED}), doc(KF, "error-1", {"EncryptionInfo": DROP})],
            "inventory": [key],
            "incomplete": {"types": ["aws.kms.key"], "resources": [doc(KF, "incomplete-0", {})]}}


def documents() -> dict[str, dict[str, Any]]:
    _cases()
    out = {cid: {status: [doc(rtype, f"{status}-{i}", p) for i, p in enumerate(patches)]
                 for status, patches in cases.items()} for cid, (rtype, cases) in CASES.items()}
    out["aws.firehose.delivery_stream_encrypted"] = firehose_encrypted()
    out["aws.kafka.cluster_encrypted_at_rest_with_cmk"] = kafka_cmk()
    return out


def main() -> None:
    for cid, content in documents().items():
        (FIXTURES / f"{cid}.json").write_text(json.dumps(content, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
