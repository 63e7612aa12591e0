"""Seed a moto estate with one passing ("good-…") and one failing ("bad-…") resource per check.

Account A (moto's default 123456789012) holds the good account-level setup and, in us-east-1,
good and bad resources; eu-west-1 of account A has no Config/GuardDuty/Security Hub (the failing
region).  Account B (reached by sts:AssumeRole) is left bare, so its account-level checks fail.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Callable
from typing import Any

from agent.collectors.aws.context import ClientFactory
from tests.collectors.aws_breadth.certs import self_signed

REGION = "us-east-1"
ACCOUNT_A = "123456789012"  # moto's default account, the one the breadth estate seeds first
BAD_REGION = "eu-west-1"
SECRET_VALUE = "hunter2-never-stored"

def PUBLIC(action: str, res: str = "*") -> str:  # noqa: N802 - reads as the policy constant it builds
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "pub", "Effect": "Allow", "Principal": "*", "Action": action, "Resource": res}]})
LAMBDA_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def retry(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """moto's threaded server can answer 500 under load; seeding retries a few times."""
    for attempt in range(5):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if attempt == 4 or "500" not in str(exc) and "InternalError" not in str(exc):
                raise
            time.sleep(0.2)


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("handler.py", "def handler(event, context):\n    return 1\n")
    return buf.getvalue()


def seed_network(f: ClientFactory) -> dict[str, Any]:
    ec2 = f.client("ec2", REGION)
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    s1 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    s2 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.2.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=rt, SubnetId=s1)
    good_acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    for n, port in ((50, 22), (51, 3389)):
        ec2.create_network_acl_entry(NetworkAclId=good_acl, RuleNumber=n, Protocol="6", RuleAction="deny", Egress=False,
                                     CidrBlock="0.0.0.0/0", PortRange={"From": port, "To": port})
    ec2.create_network_acl_entry(NetworkAclId=good_acl, RuleNumber=100, Protocol="-1", RuleAction="allow", Egress=False,
                                 CidrBlock="0.0.0.0/0")
    ec2.create_tags(Resources=[good_acl], Tags=[{"Key": "Name", "Value": "good-acl"}])
    default_acl = ec2.describe_network_acls(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                     {"Name": "default", "Values": ["true"]}])["NetworkAcls"][0]
    assoc = next(a["NetworkAclAssociationId"] for a in default_acl["Associations"] if a["SubnetId"] == s2)
    ec2.replace_network_acl_association(AssociationId=assoc, NetworkAclId=good_acl)
    orphan = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]  # bad: no subnet, SSH open
    ec2.create_tags(Resources=[orphan], Tags=[{"Key": "Name", "Value": "bad-acl-orphan"}])
    ec2.create_network_acl_entry(NetworkAclId=orphan, RuleNumber=100, Protocol="6", RuleAction="allow", Egress=False,
                                 CidrBlock="0.0.0.0/0", PortRange={"From": 22, "To": 22})
    open_sg = ec2.create_security_group(GroupName="open-sg", Description="open", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=open_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    return {"vpc": vpc, "subnets": [s1, s2], "igw": igw, "good_acl": good_acl, "orphan_acl": orphan,
            "default_acl": default_acl["NetworkAclId"], "open_sg": open_sg}


def seed_elbv2(f: ClientFactory, net: dict[str, Any], cert_arn: str) -> None:
    elb = f.client("elbv2", REGION)
    for name in ("good-alb", "bad-alb"):
        arn = elb.create_load_balancer(Name=name, Subnets=net["subnets"], SecurityGroups=[net["open_sg"]],
                                       Scheme="internet-facing", Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
        tg = elb.create_target_group(Name=f"{name}-tg", Protocol="HTTP", Port=80, VpcId=net["vpc"])["TargetGroups"][0]["TargetGroupArn"]
        good = name.startswith("good")
        http_action = ({"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}
                       if good else {"Type": "forward", "TargetGroupArn": tg})
        elb.create_listener(LoadBalancerArn=arn, Protocol="HTTP", Port=80, DefaultActions=[http_action])
        elb.create_listener(LoadBalancerArn=arn, Protocol="HTTPS", Port=443, Certificates=[{"CertificateArn": cert_arn}],
                            SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06" if good else "ELBSecurityPolicy-2016-08",
                            DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
        v = "true" if good else "false"
        elb.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=[
            {"Key": "deletion_protection.enabled", "Value": v},
            {"Key": "access_logs.s3.enabled", "Value": v}, {"Key": "access_logs.s3.bucket", "Value": "lb-logs"},
            {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": v},
            {"Key": "routing.http.desync_mitigation_mode", "Value": "defensive" if good else "monitor"}])


def seed_acm(f: ClientFactory) -> str:
    acm = f.client("acm", REGION)
    good_cert, good_key = self_signed("good.example.com", 200)
    bad_cert, bad_key = self_signed("bad.example.com", 10)
    good = acm.import_certificate(Certificate=good_cert, PrivateKey=good_key)["CertificateArn"]
    acm.import_certificate(Certificate=bad_cert, PrivateKey=bad_key)
    return good


def seed_iam(f: ClientFactory, account: str) -> dict[str, str]:
    iam = f.client("iam", REGION)
    ec2_trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    iam.create_role(RoleName="good-role", AssumeRolePolicyDocument=ec2_trust)
    reader = iam.create_policy(PolicyName="read-s3", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}]}))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="good-role", PolicyArn=reader)
    iam.create_role(RoleName="bad-role-public-trust", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}))
    iam.create_role(RoleName="bad-role-no-external-id", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sts:AssumeRole"}]}))
    iam.create_role(RoleName="bad-role-admin", AssumeRolePolicyDocument=ec2_trust)
    admin = iam.create_policy(PolicyName="everything", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*"}]}))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="bad-role-admin", PolicyArn=admin)
    iam.create_instance_profile(InstanceProfileName="admin-profile")
    iam.add_role_to_instance_profile(InstanceProfileName="admin-profile", RoleName="bad-role-admin")
    iam.create_role(RoleName="support", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}]}))
    iam.attach_role_policy(RoleName="support", PolicyArn="arn:aws:iam::aws:policy/AWSSupportAccess")
    fn_role = iam.create_role(RoleName="fn-role", AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
    for name, days in (("good-cert", 100), ("bad-cert", -5)):
        body, key = self_signed(f"{name}.example.com", days)
        iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=body.decode(), PrivateKey=key.decode())
    return {"fn_role": fn_role, "admin_role": f"arn:aws:iam::{account}:role/bad-role-admin"}


def seed_lambda(f: ClientFactory, role: str, admin_role: str) -> None:
    lam = f.client("lambda", REGION)
    lam.create_function(FunctionName="toxic-fn", Runtime="python3.12", Role=admin_role, Handler="handler.handler",
                        Code={"ZipFile": _zip()})
    lam.create_function_url_config(FunctionName="toxic-fn", AuthType="NONE")  # public and admin
    lam.create_function(FunctionName="good-fn", Runtime="python3.12", Role=role, Handler="handler.handler",
                        Code={"ZipFile": _zip()}, Environment={"Variables": {"LOG_LEVEL": "info", "DB_SECRET_ARN": "arn:x"}})
    lam.create_function(FunctionName="bad-fn", Runtime="python3.7", Role=role, Handler="handler.handler",
                        Code={"ZipFile": _zip()}, Environment={"Variables": {"DB_PASSWORD": SECRET_VALUE}})
    lam.add_permission(FunctionName="bad-fn", StatementId="public", Action="lambda:InvokeFunction", Principal="*")
    lam.create_function_url_config(FunctionName="bad-fn", AuthType="NONE")
    lam.create_function_url_config(FunctionName="good-fn", AuthType="AWS_IAM")


def seed_ecr(f: ClientFactory) -> None:
    ecr = f.client("ecr", REGION)
    ecr.create_repository(repositoryName="good-repo", imageTagMutability="IMMUTABLE",
                          imageScanningConfiguration={"scanOnPush": True}, encryptionConfiguration={"encryptionType": "KMS"})
    ecr.put_lifecycle_policy(repositoryName="good-repo", lifecyclePolicyText=json.dumps({"rules": [{
        "rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 5},
        "action": {"type": "expire"}}]}))
    ecr.create_repository(repositoryName="bad-repo")
    ecr.set_repository_policy(repositoryName="bad-repo", policyText=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "pub", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage"]}]}))


def seed_eks(f: ClientFactory, role: str, net: dict[str, Any]) -> None:
    eks = f.client("eks", REGION)
    eks.create_cluster(name="good-eks", version="1.34", roleArn=role,
                       resourcesVpcConfig={"subnetIds": net["subnets"], "endpointPublicAccess": False, "endpointPrivateAccess": True},
                       logging={"clusterLogging": [{"types": ["api", "audit", "authenticator", "controllerManager", "scheduler"], "enabled": True}]},
                       encryptionConfig=[{"resources": ["secrets"], "provider": {"keyArn": "arn:aws:kms:us-east-1:123456789012:key/k"}}])
    eks.create_cluster(name="bad-eks", version="1.27", roleArn=role,
                       resourcesVpcConfig={"subnetIds": net["subnets"], "endpointPublicAccess": True, "publicAccessCidrs": ["0.0.0.0/0"]})


def seed_messaging(f: ClientFactory) -> None:
    sns, sqs = f.client("sns", REGION), f.client("sqs", REGION)
    sns.create_topic(Name="good-topic", Attributes={"KmsMasterKeyId": "alias/aws/sns"})
    bad = sns.create_topic(Name="bad-topic")["TopicArn"]
    sns.set_topic_attributes(TopicArn=bad, AttributeName="Policy", AttributeValue=PUBLIC("sns:Publish", bad))
    sqs.create_queue(QueueName="good-queue", Attributes={"SqsManagedSseEnabled": "true"})
    sqs.create_queue(QueueName="bad-queue", Attributes={"SqsManagedSseEnabled": "false", "Policy": PUBLIC("sqs:SendMessage")})


def seed_data_stores(f: ClientFactory) -> None:
    sm = f.client("secretsmanager", REGION)
    sm.create_secret(Name="good-secret", SecretString="x")
    fn = f.client("lambda", REGION).get_function(FunctionName="good-fn")["Configuration"]["FunctionArn"]
    sm.rotate_secret(SecretId="good-secret", RotationLambdaARN=fn, RotationRules={"AutomaticallyAfterDays": 30})
    bad = sm.create_secret(Name="bad-secret", SecretString="y")["ARN"]
    sm.put_resource_policy(SecretId=bad, ResourcePolicy=PUBLIC("secretsmanager:GetSecretValue"))
    ddb = f.client("dynamodb", REGION)
    for name in ("good-table", "bad-table"):
        good = name.startswith("good")
        kwargs: dict[str, Any] = {"SSESpecification": {"Enabled": True, "SSEType": "KMS"}, "DeletionProtectionEnabled": True} if good else {}
        ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST", **kwargs)
        if good:
            ddb.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    efs = f.client("efs", REGION)
    efs.create_file_system(CreationToken="good-efs", Encrypted=True, Tags=[{"Key": "Name", "Value": "good-efs"}])
    bad_fs = efs.create_file_system(CreationToken="bad-efs", Encrypted=False, Tags=[{"Key": "Name", "Value": "bad-efs"}])["FileSystemId"]
    efs.put_file_system_policy(FileSystemId=bad_fs, Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["elasticfilesystem:ClientMount"]}]}))


def seed_rds(f: ClientFactory, net: dict[str, Any]) -> None:
    rds = f.client("rds", REGION)
    rds.create_db_subnet_group(DBSubnetGroupName="dbsn", DBSubnetGroupDescription="db", SubnetIds=net["subnets"])
    common = {"DBInstanceClass": "db.t3.micro", "Engine": "postgres", "MasterUsername": "u", "MasterUserPassword": "password123",
              "AllocatedStorage": 20, "DBSubnetGroupName": "dbsn", "VpcSecurityGroupIds": [net["open_sg"]]}
    rds.create_db_instance(DBInstanceIdentifier="good-db", MultiAZ=True, DeletionProtection=True, AutoMinorVersionUpgrade=True,
                           EnableIAMDatabaseAuthentication=True, CopyTagsToSnapshot=True, PubliclyAccessible=False, **common)
    rds.create_db_instance(DBInstanceIdentifier="bad-db", MultiAZ=False, DeletionProtection=False, AutoMinorVersionUpgrade=False,
                           EnableIAMDatabaseAuthentication=False, CopyTagsToSnapshot=False, PubliclyAccessible=True, **common)


def seed_images(f: ClientFactory) -> None:
    ec2 = f.client("ec2", REGION)
    inst = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    good = ec2.create_image(InstanceId=inst, Name="good-ami")["ImageId"]
    bad = ec2.create_image(InstanceId=inst, Name="bad-ami")["ImageId"]
    ec2.modify_image_attribute(ImageId=bad, LaunchPermission={"Add": [{"Group": "all"}]})
    assert good != bad


def seed_regional_services(f: ClientFactory) -> None:
    """Config, GuardDuty and Security Hub on in us-east-1 only (eu-west-1 stays off)."""
    cfg = f.client("config", REGION)
    f.client("s3", REGION).create_bucket(Bucket="config-delivery")
    cfg.put_configuration_recorder(ConfigurationRecorder={"name": "default", "roleARN": "arn:aws:iam::123456789012:role/config",
                                                          "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})
    cfg.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "config-delivery"})
    cfg.start_configuration_recorder(ConfigurationRecorderName="default")
    f.client("guardduty", REGION).create_detector(Enable=True)
    f.client("securityhub", REGION).enable_security_hub()


def seed_account_logging(f: ClientFactory, account: str) -> None:
    """A multi-region trail to CloudWatch Logs with every CIS 4.x filter + alarm + subscribed topic."""
    from checks.aws.cloudwatch import ALARMS

    s3 = f.client("s3", REGION)
    s3.create_bucket(Bucket="good-trail-logs")
    s3.create_bucket(Bucket="access-logs")
    s3.put_bucket_policy(Bucket="access-logs", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
         "Resource": "arn:aws:s3:::access-logs/*"}]}))
    s3.put_bucket_logging(Bucket="good-trail-logs", BucketLoggingStatus={"LoggingEnabled": {
        "TargetBucket": "access-logs", "TargetPrefix": "trail/"}})
    s3.put_bucket_policy(Bucket="good-trail-logs", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
         "Resource": "arn:aws:s3:::good-trail-logs/*"}]}))
    logs = f.client("logs", REGION)
    logs.create_log_group(logGroupName="trail-lg")
    lg_arn = f"arn:aws:logs:{REGION}:{account}:log-group:trail-lg:*"
    ct = f.client("cloudtrail", REGION)
    ct.create_trail(Name="good-trail", S3BucketName="good-trail-logs", IsMultiRegionTrail=True,
                    EnableLogFileValidation=True, CloudWatchLogsLogGroupArn=lg_arn,
                    CloudWatchLogsRoleArn=f"arn:aws:iam::{account}:role/ct-logs")
    ct.put_event_selectors(TrailName="good-trail", EventSelectors=[{"ReadWriteType": "All", "IncludeManagementEvents": True,
                                                                     "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}]}])
    ct.start_logging(Name="good-trail")
    sns, sqs, cw = f.client("sns", REGION), f.client("sqs", REGION), f.client("cloudwatch", REGION)
    topic = sns.create_topic(Name="cis-alerts")["TopicArn"]
    q = sqs.create_queue(QueueName="cis-alerts-q")["QueueUrl"]
    qarn = sqs.get_queue_attributes(QueueUrl=q, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=qarn)
    for _control, _sh, slug, *_rest, terms in ALARMS:
        parts = []
        for t in terms:
            if t == "$.useridentity.invokedbynotexists":
                parts.append("$.userIdentity.invokedBy NOT EXISTS")
                continue
            key, op, val = t.partition("!=") if "!=" in t else t.partition("=")
            parts.append(f'({key} {op} "{val}")')
        logs.put_metric_filter(logGroupName="trail-lg", filterName=slug, filterPattern="{ " + " || ".join(parts) + " }",
                               metricTransformations=[{"metricName": slug, "metricNamespace": "CISBenchmark", "metricValue": "1"}])
        cw.put_metric_alarm(AlarmName=f"cis-{slug}", MetricName=slug, Namespace="CISBenchmark", Statistic="Sum", Period=300,
                            EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold", AlarmActions=[topic])


def seed_instances(f: ClientFactory, net: dict[str, Any]) -> None:
    """A toxic instance (public IP, SG open to the world, IGW route, admin instance profile) and a
    private one with the same profile."""
    ec2 = f.client("ec2", REGION)
    for name, subnet, public in (("bad-toxic", net["subnets"][0], True), ("good-private", net["subnets"][1], False)):
        ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, IamInstanceProfile={"Name": "admin-profile"},
                          NetworkInterfaces=[{"DeviceIndex": 0, "SubnetId": subnet, "Groups": [net["open_sg"]],
                                              "AssociatePublicIpAddress": public}],
                          TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}])


def seed_account_a(f: ClientFactory, account: str) -> dict[str, Any]:
    net = seed_network(f)
    cert = seed_acm(f)
    roles = seed_iam(f, account)
    seed_instances(f, net)
    seed_elbv2(f, net, cert)
    seed_lambda(f, roles["fn_role"], roles["admin_role"])
    seed_ecr(f)
    seed_eks(f, roles["fn_role"], net)
    seed_messaging(f)
    seed_data_stores(f)
    seed_rds(f, net)
    seed_images(f)
    seed_regional_services(f)
    seed_account_logging(f, account)
    org = f.client("organizations", REGION)
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    scp = org.create_policy(Name="deny-leave", Description="guardrail", Type="SERVICE_CONTROL_POLICY", Content=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}))
    org.attach_policy(PolicyId=scp["Policy"]["PolicySummary"]["Id"], TargetId=root)
    f.client("s3control", REGION).put_public_access_block(AccountId=account, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    return {"net": net, "roles": roles}


def seed_account_b(f: ClientFactory) -> None:
    """Bare account: a single-region trail only, CloudShell full access granted to a user."""
    s3 = f.client("s3", REGION)
    s3.create_bucket(Bucket="bad-trail-logs")  # public, no access logging
    s3.put_bucket_policy(Bucket="bad-trail-logs", Policy=PUBLIC("s3:GetObject", "arn:aws:s3:::bad-trail-logs/*"))
    ct = f.client("cloudtrail", REGION)
    ct.create_trail(Name="bad-trail", S3BucketName="bad-trail-logs", IsMultiRegionTrail=False)
    ct.start_logging(Name="bad-trail")
    iam = f.client("iam", REGION)
    iam.create_user(UserName="shell-user")
    iam.attach_user_policy(UserName="shell-user", PolicyArn="arn:aws:iam::aws:policy/AWSCloudShellFullAccess")
    iam.create_user(UserName="setup-user")  # console password plus a never-used access key
    iam.create_login_profile(UserName="setup-user", Password="Pa55word!Pa55word!")
    iam.create_access_key(UserName="setup-user")


def seed_depth_types(f: ClientFactory) -> None:
    """One resource of each type the depth collectors (issue 14) read, in account A."""
    c = lambda service: f.client(service, REGION)  # noqa: E731 - a short alias for the seeding calls
    iam = c("iam")
    iam.create_group(GroupName="ucs-identity-group")
    role = iam.create_role(RoleName="ucs-depth", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"},
                                                 "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    rds = c("rds")
    rds.create_db_cluster(DBClusterIdentifier="ucs-depth-aurora", Engine="aurora-postgresql", MasterUsername="dbadmin",
                          MasterUserPassword="not-a-real-secret")
    rds.create_db_cluster_snapshot(DBClusterSnapshotIdentifier="ucs-depth-cluster-snap", DBClusterIdentifier="ucs-depth-aurora")
    c("s3").create_bucket(Bucket="ucs-depth-ap")
    c("s3control").create_access_point(AccountId=ACCOUNT_A, Name="ucs-depth-ap", Bucket="ucs-depth-ap")
    c("lambda").publish_layer_version(LayerName="ucs-depth-layer", Content={"ZipFile": _zip()})
    c("logs").put_resource_policy(policyName="ucs-depth", policyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "es.amazonaws.com"},
                                                 "Action": "logs:PutLogEvents", "Resource": "*"}]}))
    c("logs").put_destination(destinationName="ucs-depth", targetArn=f"arn:aws:kinesis:{REGION}:{ACCOUNT_A}:stream/s",
                              roleArn=role)
    c("sesv2").create_email_identity(EmailIdentity="depth.example.com")
    c("opensearch").create_domain(DomainName="ucs-depth")
    c("apigateway").create_rest_api(name="ucs-depth")
    c("ssm").create_document(Name="ucs-depth", DocumentType="Command", Content=json.dumps(
        {"schemaVersion": "2.2", "description": "x", "mainSteps": [
            {"action": "aws:runShellScript", "name": "run", "inputs": {"runCommand": ["true"]}}]}))
    c("ssm").put_parameter(Name="/ucs/depth", Value="plain", Type="String")
    c("mq").create_broker(BrokerName="ucs-depth", EngineType="ACTIVEMQ", EngineVersion="5.17.6",
                          HostInstanceType="mq.t3.micro", DeploymentMode="SINGLE_INSTANCE", PubliclyAccessible=False,
                          AutoMinorVersionUpgrade=True, Users=[{"Username": "admin", "Password": "not-a-real-password1"}])
    c("ec2").create_launch_template(LaunchTemplateName="ucs-depth", LaunchTemplateData={"ImageId": "ami-12c6146b"})
    c("ecs").register_task_definition(family="ucs-depth", containerDefinitions=[
        {"name": "app", "image": "nginx", "memory": 128, "environment": [{"name": "STAGE", "value": "prod"}]}])
    seed_depth_stores(f, "ucs-depth")
    seed_depth_compute(f, "ucs-depth")
    c("glacier").create_vault(vaultName="ucs-depth")  # its policy API is not in moto: the stand-in test has it
    c("backup").create_backup_vault(BackupVaultName="ucs-depth")
    c("cloudformation").create_stack(StackName="ucs-depth", TemplateBody=json.dumps({
        "AWSTemplateFormatVersion": "2010-09-09", "Resources": {"T": {"Type": "AWS::SNS::Topic"}}}))
    c("codebuild").create_project(name="ucs-depth", source={"type": "S3", "location": "b/k.zip"},
                                  artifacts={"type": "NO_ARTIFACTS"}, serviceRole=role, environment={
                                      "type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                                      "computeType": "BUILD_GENERAL1_SMALL"})


def seed_depth_stores(f: ClientFactory, prefix: str, good: bool = True) -> None:
    """Redshift, ElastiCache and Neptune, all settings on (``good``) or off.  (moto has no DocumentDB
    engine: its checks are proven by fixtures.)"""
    c = lambda service: f.client(service, REGION)  # noqa: E731
    c("redshift").create_cluster(ClusterIdentifier=f"{prefix}-wh", NodeType="ra3.xlplus", MasterUsername="whadmin" if good
                                 else "awsuser", MasterUserPassword="Not-a-real-pw1", PubliclyAccessible=not good,
                                 Encrypted=good, AutomatedSnapshotRetentionPeriod=7 if good else 1,
                                 EnhancedVpcRouting=good, AllowVersionUpgrade=good)
    c("elasticache").create_replication_group(ReplicationGroupId=f"{prefix}-rg", ReplicationGroupDescription="x",
                                              Engine="redis", CacheNodeType="cache.t3.micro", NumCacheClusters=2,
                                              AtRestEncryptionEnabled=good, TransitEncryptionEnabled=good,
                                              AutomaticFailoverEnabled=good, SnapshotRetentionLimit=5 if good else 0,
                                              **({"AuthToken": "not-a-real-token-0123456789"} if good else {}))
    c("rds").create_db_cluster(DBClusterIdentifier=f"{prefix}-neptune", Engine="neptune", MasterUsername="dbadmin",
                               MasterUserPassword="not-a-real-secret", StorageEncrypted=good, DeletionProtection=good,
                               BackupRetentionPeriod=7 if good else 1, EnableCloudwatchLogsExports=["audit"] if good else [])


def seed_depth_compute(f: ClientFactory, prefix: str, good: bool = True) -> None:
    """A Memcached cluster, a DMS instance, an MSK and a MemoryDB cluster, and an Auto Scaling
    group with its launch configuration; settings on (``good``) or off."""
    c = lambda service: f.client(service, REGION)  # noqa: E731
    c("elasticache").create_cache_cluster(CacheClusterId=f"{prefix}-mc", Engine="memcached",
                                          CacheNodeType="cache.t3.micro", NumCacheNodes=1,
                                          AutoMinorVersionUpgrade=good)
    c("dms").create_replication_instance(ReplicationInstanceIdentifier=f"{prefix}-dms",
                                         ReplicationInstanceClass="dms.t3.micro", PubliclyAccessible=not good,
                                         AutoMinorVersionUpgrade=good, MultiAZ=good)
    c("memorydb").create_cluster(ClusterName=f"{prefix}-mdb", NodeType="db.t4g.small", ACLName="open-access",
                                 TLSEnabled=good, SnapshotRetentionLimit=7 if good else 0)
    ec2 = c("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.42.{i}.0/24", AvailabilityZone=f"{REGION}{z}")["Subnet"]["SubnetId"]
               for i, z in ((1, "a"), (2, "b"))]
    c("kafka").create_cluster_v2(ClusterName=f"{prefix}-msk", Provisioned={
        "KafkaVersion": "3.6.0", "NumberOfBrokerNodes": 2,
        "BrokerNodeGroupInfo": {"InstanceType": "kafka.t3.small", "ClientSubnets": subnets},
        "EncryptionInfo": {"EncryptionInTransit": {"ClientBroker": "TLS" if good else "TLS_PLAINTEXT", "InCluster": True}},
        "ClientAuthentication": {"Sasl": {"Iam": {"Enabled": True}}, "Unauthenticated": {"Enabled": not good}}})
    asg = c("autoscaling")
    asg.create_launch_configuration(LaunchConfigurationName=f"{prefix}-lc", ImageId="ami-12c6146b", InstanceType="t3.micro",
                                    MetadataOptions={"HttpTokens": "required" if good else "optional"},
                                    AssociatePublicIpAddress=not good)
    asg.create_auto_scaling_group(AutoScalingGroupName=f"{prefix}-asg", LaunchConfigurationName=f"{prefix}-lc", MinSize=0,
                                  MaxSize=1, VPCZoneIdentifier=",".join(subnets if good else subnets[:1]))
