"""A good and a bad resource per data-and-analytics service moto serves (account 123456789012,
us-east-1): names start with ``good-`` or ``bad-``, so each check's expectation names the pair."""

from __future__ import annotations

import json
from typing import Any

from agent.collectors.aws.context import ClientFactory

ACCOUNT, REGION = "123456789012", "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/ucs-data"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"


def _security_configuration(on: bool) -> dict[str, Any]:
    mode = (lambda k, v: {k: v, "KmsKeyArn": KEY}) if on else (lambda k, v: {k: "DISABLED"})
    return {"S3Encryption": [mode("S3EncryptionMode", "SSE-KMS")],
            "CloudWatchEncryption": mode("CloudWatchEncryptionMode", "SSE-KMS"),
            "JobBookmarksEncryption": mode("JobBookmarksEncryptionMode", "CSE-KMS")}


def seed_glue(f: ClientFactory) -> None:
    g = f.client("glue", REGION)
    g.create_database(DatabaseInput={"Name": "ucs_data"})
    g.put_data_catalog_encryption_settings(DataCatalogEncryptionSettings={
        "EncryptionAtRest": {"CatalogEncryptionMode": "SSE-KMS", "SseAwsKmsKeyId": KEY},
        "ConnectionPasswordEncryption": {"ReturnConnectionPasswordEncrypted": True, "AwsKmsKeyId": KEY}})
    g.put_resource_policy(PolicyInJson=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "glue:GetTable",
         "Resource": f"arn:aws:glue:{REGION}:{ACCOUNT}:*"}]}))
    for name, ssl in (("good-jdbc", "true"), ("bad-jdbc", "false")):
        g.create_connection(ConnectionInput={"Name": name, "ConnectionType": "JDBC", "ConnectionProperties": {
            "JDBC_CONNECTION_URL": "jdbc:postgresql://db.internal:5432/app", "USERNAME": "app",
            "PASSWORD": "not-a-real-password", "JDBC_ENFORCE_SSL": ssl}})
    g.create_security_configuration(Name="good-config", EncryptionConfiguration=_security_configuration(True))
    g.create_security_configuration(Name="bad-config", EncryptionConfiguration=_security_configuration(False))
    for name, config, version in (("good-job", "good-config", "4.0"), ("bad-job", "bad-config", "2.0"),
                                  ("bad-job-noconfig", None, "1.0")):
        g.create_job(Name=name, Role=ROLE, GlueVersion=version,
                     Command={"Name": "glueetl", "ScriptLocation": "s3://ucs-data/job.py"},
                     DefaultArguments={"--db-password": "not-a-real-password"},
                     **({"SecurityConfiguration": config} if config else {}))
    g.create_dev_endpoint(EndpointName="good-endpoint", RoleArn=ROLE, SubnetId="subnet-0123456789abcdef0",
                          SecurityGroupIds=["sg-0123456789abcdef0"], SecurityConfiguration="good-config")
    g.create_dev_endpoint(EndpointName="bad-endpoint", RoleArn=ROLE, SecurityConfiguration="bad-config")
    for name, mode in (("good-transform", "SSE-KMS"), ("bad-transform", "DISABLED")):
        g.create_ml_transform(Name=name, Role=ROLE, GlueVersion="4.0", InputRecordTables=[
            {"DatabaseName": "ucs_data", "TableName": "people"}], Parameters={
            "TransformType": "FIND_MATCHES", "FindMatchesParameters": {"PrimaryKeyColumnName": "id"}},
            TransformEncryption={"MlUserDataEncryption": {"MlUserDataEncryptionMode": mode,
                                                          **({"KmsKeyId": KEY} if mode != "DISABLED" else {})}})


def seed_athena(f: ClientFactory) -> None:
    a = f.client("athena", REGION)
    a.create_work_group(Name="good-wg", Configuration={
        "ResultConfiguration": {"OutputLocation": "s3://ucs-results/",
                                "EncryptionConfiguration": {"EncryptionOption": "SSE_KMS", "KmsKey": KEY}},
        "EnforceWorkGroupConfiguration": True, "PublishCloudWatchMetricsEnabled": True,
        "EngineVersion": {"SelectedEngineVersion": "Athena engine version 3"}})
    a.create_work_group(Name="bad-wg", Configuration={
        "ResultConfiguration": {"OutputLocation": "s3://ucs-results/"}, "EnforceWorkGroupConfiguration": False,
        "PublishCloudWatchMetricsEnabled": False, "EngineVersion": {"SelectedEngineVersion": "Athena engine version 2"}})


def seed_emr(f: ClientFactory) -> None:
    e = f.client("emr", REGION)
    e.put_block_public_access_configuration(BlockPublicAccessConfiguration={
        "BlockPublicSecurityGroupRules": True, "PermittedPublicSecurityGroupRuleRanges": [{"MinRange": 22, "MaxRange": 22}]})
    e.create_security_configuration(Name="good-emr-config", SecurityConfiguration=json.dumps({
        "EncryptionConfiguration": {"EnableAtRestEncryption": True, "EnableInTransitEncryption": True,
                                    "AtRestEncryptionConfiguration": {"S3EncryptionConfiguration": {"EncryptionMode": "SSE-S3"}},
                                    "InTransitEncryptionConfiguration": {"TLSCertificateConfiguration": {
                                        "CertificateProviderType": "PEM", "S3Object": "s3://ucs-certs/c.zip"}}},
        "AuthenticationConfiguration": {"KerberosConfiguration": {"Provider": "ClusterDedicatedKdc",
                                                                  "ClusterDedicatedKdcConfiguration": {"TicketLifetimeInHours": 24}}}}))
    e.create_security_configuration(Name="bad-emr-config", SecurityConfiguration=json.dumps({
        "EncryptionConfiguration": {"EnableAtRestEncryption": False, "EnableInTransitEncryption": False}}))
    for name, config, log in (("good-emr", "good-emr-config", "s3://ucs-logs/emr/"), ("bad-emr", "bad-emr-config", None)):
        e.run_job_flow(Name=name, ReleaseLabel="emr-7.1.0", JobFlowRole="EMR_EC2_DefaultRole", ServiceRole="EMR_DefaultRole",
                       SecurityConfiguration=config, **({"LogUri": log} if log else {}),
                       Instances={"MasterInstanceType": "m5.xlarge", "SlaveInstanceType": "m5.xlarge", "InstanceCount": 1,
                                  "KeepJobFlowAliveWhenNoSteps": True})


def seed_kinesis_firehose(f: ClientFactory) -> None:
    k = f.client("kinesis", REGION)
    for name in ("good-stream", "bad-stream"):
        k.create_stream(StreamName=name, ShardCount=1)
    k.start_stream_encryption(StreamName="good-stream", EncryptionType="KMS", KeyId=KEY)
    k.increase_stream_retention_period(StreamName="good-stream", RetentionPeriodHours=168)
    bad = f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/bad-stream"
    k.put_resource_policy(ResourceARN=bad, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kinesis:GetRecords",
         "Resource": bad}]}))
    fh = f.client("firehose", REGION)
    s3 = {"RoleARN": ROLE, "BucketARN": "arn:aws:s3:::ucs-delivery"}
    fh.create_delivery_stream(DeliveryStreamName="good-delivery", DeliveryStreamType="DirectPut",
                              DeliveryStreamEncryptionConfigurationInput={"KeyType": "CUSTOMER_MANAGED_CMK", "KeyARN": KEY},
                              ExtendedS3DestinationConfiguration={**s3, "CloudWatchLoggingOptions": {
                                  "Enabled": True, "LogGroupName": "/aws/firehose/good", "LogStreamName": "s3"}})
    fh.create_delivery_stream(DeliveryStreamName="bad-delivery", DeliveryStreamType="DirectPut",
                              ExtendedS3DestinationConfiguration=s3)


def seed_stepfunctions_appsync(f: ClientFactory) -> None:
    sf = f.client("stepfunctions", REGION)
    definition = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Pass", "Result": "secret-ish", "End": True}}})
    sf.create_state_machine(name="good-sm", definition=definition, roleArn=ROLE,
                            loggingConfiguration={"level": "ALL", "includeExecutionData": False, "destinations": [
                                {"cloudWatchLogsLogGroup": {"logGroupArn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:sm:*"}}]},
                            tracingConfiguration={"enabled": True},
                            encryptionConfiguration={"type": "CUSTOMER_MANAGED_KMS_KEY", "kmsKeyId": KEY,
                                                     "kmsDataKeyReusePeriodSeconds": 300})
    sf.create_state_machine(name="bad-sm", definition=definition, roleArn=ROLE)
    ap = f.client("appsync", REGION)
    ap.create_graphql_api(name="good-api", authenticationType="AWS_IAM", logConfig={
        "fieldLogLevel": "ERROR", "cloudWatchLogsRoleArn": ROLE}, introspectionConfig="DISABLED")
    ap.create_graphql_api(name="bad-api", authenticationType="API_KEY")


def seed_quicksight_events(f: ClientFactory) -> None:
    qs = f.client("quicksight", REGION)
    for name, disable in (("good-source", False), ("bad-source", True)):
        qs.create_data_source(AwsAccountId=ACCOUNT, DataSourceId=name, Name=name, Type="POSTGRESQL",
                              DataSourceParameters={"PostgreSqlParameters": {"Host": "db.internal", "Port": 5432,
                                                                             "Database": "app"}},
                              SslProperties={"DisableSsl": disable})
    ev = f.client("events", REGION)
    ev.create_event_bus(Name="good-bus")
    ev.put_permission(EventBusName="good-bus", Action="events:PutEvents", Principal=ACCOUNT, StatementId="me")
    ev.create_archive(ArchiveName="good-bus-all", EventSourceArn=f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/good-bus",
                      RetentionDays=30)
    ev.create_event_bus(Name="bad-bus")
    queue = f"arn:aws:sqs:{REGION}:{ACCOUNT}:ucs-dlq"
    for name, dlq in (("good-rule", True), ("bad-rule", False)):
        ev.put_rule(Name=name, EventPattern=json.dumps({"source": ["ucs.test"]}))
        ev.put_targets(Rule=name, Targets=[{"Id": "t1", "Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:ucs-target",
                                            "Input": '{"token": "not-a-real-token"}',
                                            **({"DeadLetterConfig": {"Arn": queue}} if dlq else {})}])


def seed_mq_redshift(f: ClientFactory) -> None:
    mq = f.client("mq", REGION)
    common = {"HostInstanceType": "mq.m5.large", "PubliclyAccessible": False,
              "Users": [{"Username": "ucsadmin", "Password": "not-a-real-password1"}]}
    mq.create_broker(BrokerName="good-mq", EngineType="ACTIVEMQ", EngineVersion="5.18", DeploymentMode="ACTIVE_STANDBY_MULTI_AZ",
                     AutoMinorVersionUpgrade=True, Logs={"Audit": True, "General": True},
                     EncryptionOptions={"UseAwsOwnedKey": False, "KmsKeyId": KEY}, **common)
    mq.create_broker(BrokerName="bad-mq", EngineType="ACTIVEMQ", EngineVersion="5.17.6", DeploymentMode="SINGLE_INSTANCE",
                     AutoMinorVersionUpgrade=False, Logs={"Audit": False, "General": False}, **common)
    rs = f.client("redshift", REGION)
    rs.create_cluster_parameter_group(ParameterGroupName="good-params", ParameterGroupFamily="redshift-1.0",
                                      Description="ucs")
    for name, db, port, group in (("good-rs", "warehouse", 15439, "good-params"), ("bad-rs", "dev", 5439, None)):
        rs.create_cluster(ClusterIdentifier=name, NodeType="ra3.xlplus", MasterUsername="ucsadmin",
                          MasterUserPassword="NotARealPassw0rd", DBName=db, Port=port,
                          **({"ClusterParameterGroupName": group} if group else {}))


OTHER_REGION = "us-west-2"  # Lake Formation settings are one per region: the bad ones live here


def seed_account_settings(f: ClientFactory) -> None:
    """QuickSight account settings (one per account) and Lake Formation settings per region."""
    qs = f.client("quicksight", REGION)
    qs.update_public_sharing_settings(AwsAccountId=ACCOUNT, PublicSharingEnabled=True)
    qs.update_account_settings(AwsAccountId=ACCOUNT, DefaultNamespace="default", TerminationProtectionEnabled=True)
    f.client("lakeformation", REGION).put_data_lake_settings(DataLakeSettings={
        "DataLakeAdmins": [{"DataLakePrincipalIdentifier": f"arn:aws:iam::{ACCOUNT}:role/ucs-lake-admin"}],
        "CreateDatabaseDefaultPermissions": [], "CreateTableDefaultPermissions": []})
    f.client("glue", OTHER_REGION).create_database(DatabaseInput={"Name": "ucs_data_west"})


def seed_all(f: ClientFactory) -> None:
    for fn in (seed_glue, seed_athena, seed_emr, seed_kinesis_firehose, seed_stepfunctions_appsync,
               seed_quicksight_events, seed_mq_redshift, seed_account_settings):
        fn(f)


def seed_identity(f: ClientFactory) -> None:
    """One resource of each type the data-and-analytics collectors read that moto serves, for the
    breadth identity test (tests/collectors/aws_breadth/test_services_e2e.py); names start ucs-data-."""
    c = lambda service: f.client(service, REGION)  # noqa: E731 - a short alias for the seeding calls
    g = c("glue")
    g.create_database(DatabaseInput={"Name": "ucs_data_identity"})
    g.create_connection(ConnectionInput={"Name": "ucs-data-conn", "ConnectionType": "JDBC", "ConnectionProperties": {
        "JDBC_CONNECTION_URL": "jdbc:mysql://db.internal:3306/app", "JDBC_ENFORCE_SSL": "true"}})
    g.create_security_configuration(Name="ucs-data-config", EncryptionConfiguration=_security_configuration(True))
    g.create_job(Name="ucs-data-job", Role=ROLE, Command={"Name": "glueetl", "ScriptLocation": "s3://x/job.py"},
                 GlueVersion="4.0", SecurityConfiguration="ucs-data-config")
    g.create_dev_endpoint(EndpointName="ucs-data-endpoint", RoleArn=ROLE)
    g.create_ml_transform(Name="ucs-data-transform", Role=ROLE, InputRecordTables=[
        {"DatabaseName": "ucs_data_identity", "TableName": "t"}], Parameters={
        "TransformType": "FIND_MATCHES", "FindMatchesParameters": {"PrimaryKeyColumnName": "id"}})
    c("athena").create_work_group(Name="ucs-data-wg", Configuration={"EnforceWorkGroupConfiguration": True})
    c("emr").run_job_flow(Name="ucs-data-emr", ReleaseLabel="emr-7.1.0", JobFlowRole="EMR_EC2_DefaultRole",
                          ServiceRole="EMR_DefaultRole", Instances={"MasterInstanceType": "m5.xlarge", "InstanceCount": 1,
                                                                    "KeepJobFlowAliveWhenNoSteps": True})
    c("kinesis").create_stream(StreamName="ucs-data-stream", ShardCount=1)
    c("firehose").create_delivery_stream(DeliveryStreamName="ucs-data-delivery", ExtendedS3DestinationConfiguration={
        "RoleARN": ROLE, "BucketARN": "arn:aws:s3:::ucs-data-delivery"})
    c("stepfunctions").create_state_machine(name="ucs-data-sm", roleArn=ROLE, definition=json.dumps(
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}))
    c("appsync").create_graphql_api(name="ucs-data-api", authenticationType="AWS_IAM")
    c("quicksight").create_data_source(AwsAccountId=ACCOUNT, DataSourceId="ucs-data-source", Name="ucs-data-source",
                                       Type="ATHENA", DataSourceParameters={"AthenaParameters": {"WorkGroup": "primary"}})
    c("events").put_rule(Name="ucs-data-rule", ScheduleExpression="rate(1 hour)")
