"""A small estate whose findings feed the cross-resource checks, seeded into moto with boto3.

In moto's default account, us-east-1 (one bucket in eu-west-1, so its region comes from
``GetBucketLocation``):

* S3: a public bucket (ACL and policy), a locked-down one, one in eu-west-1;
* EC2: an instance reachable from the internet (public IP, route to an internet gateway, a
  security group opening SSH and RDP to the world) whose instance profile's role is admin;
* IAM: a console user without MFA, a user with a key and a directly attached policy, a
  customer-managed admin policy, the two admin roles below;
* Lambda: one function public through an unauthenticated URL only, one through its resource
  policy only, both running with an admin role — so a fault on either read changes the answer.

Kept small on purpose: every fault scenario rescans all of it.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import boto3

from tests.collectors.aws.estate import ADMIN_DOC, MAIN, moto_api

ACCOUNT = MAIN
REGION = "us-east-1"
SERVICES = ["ec2", "ec2_network", "iam", "iam_roles", "lambda", "s3", "s3_account", "vpc"]

PUBLIC_BUCKET = "ucs-bad-public"
EU_BUCKET = "ucs-eu-bucket"
ADMIN_INSTANCE = "ucs-bad-reachable-admin"
ADMIN_PORTS_SG = "ucs-bad-admin-ports"
URL_FUNCTION = "ucs-bad-url-fn"
POLICY_FUNCTION = "ucs-bad-policy-fn"


def _client(endpoint: str, service: str, region: str = REGION) -> Any:
    return boto3.client(service, region_name=region, endpoint_url=endpoint)


def _s3(endpoint: str) -> None:
    s3 = _client(endpoint, "s3")
    s3.create_bucket(Bucket=PUBLIC_BUCKET, ACL="public-read")
    s3.put_bucket_policy(Bucket=PUBLIC_BUCKET, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{PUBLIC_BUCKET}/*"}]}))
    s3.create_bucket(Bucket="ucs-good-private")
    s3.put_public_access_block(Bucket="ucs-good-private", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_versioning(Bucket="ucs-good-private", VersioningConfiguration={"Status": "Enabled"})
    _client(endpoint, "s3", "eu-west-1").create_bucket(
        Bucket=EU_BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})


def _trust(service: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]})


def _admin_role(iam: Any, name: str, service: str) -> str:
    arn = str(iam.create_role(RoleName=name, AssumeRolePolicyDocument=_trust(service))["Role"]["Arn"])
    iam.put_role_policy(RoleName=name, PolicyName="everything", PolicyDocument=json.dumps(ADMIN_DOC))
    return arn


def _iam(endpoint: str) -> None:
    iam = _client(endpoint, "iam")
    iam.update_account_password_policy(MinimumPasswordLength=8)
    admin = iam.create_policy(PolicyName="ucs-bad-full-admin", PolicyDocument=json.dumps(ADMIN_DOC))["Policy"]["Arn"]
    iam.create_user(UserName="ucs-bad-console-no-mfa")
    iam.create_login_profile(UserName="ucs-bad-console-no-mfa", Password="A-long-passphrase-2")
    iam.create_user(UserName="ucs-bad-key-user")
    iam.create_access_key(UserName="ucs-bad-key-user")
    iam.attach_user_policy(UserName="ucs-bad-key-user", PolicyArn=admin)


def _reachable_admin_instance(endpoint: str) -> None:
    ec2, iam = _client(endpoint, "ec2"), _client(endpoint, "iam")
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.30.1.0/24")["Subnet"]["SubnetId"]
    rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=rt, SubnetId=subnet)
    sg = ec2.create_security_group(GroupName=ADMIN_PORTS_SG, Description="ssh and rdp", VpcId=vpc)["GroupId"]
    world = [{"CidrIp": "0.0.0.0/0"}]
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": world},
        {"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "IpRanges": world}])

    _admin_role(iam, "ucs-bad-instance-admin", "ec2.amazonaws.com")
    iam.create_instance_profile(InstanceProfileName="ucs-bad-admin-profile")
    iam.add_role_to_instance_profile(InstanceProfileName="ucs-bad-admin-profile", RoleName="ucs-bad-instance-admin")
    ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1,
                      IamInstanceProfile={"Name": "ucs-bad-admin-profile"},
                      MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
                      NetworkInterfaces=[{"DeviceIndex": 0, "AssociatePublicIpAddress": True, "SubnetId": subnet,
                                          "Groups": [sg]}],
                      TagSpecifications=[{"ResourceType": "instance",
                                          "Tags": [{"Key": "Name", "Value": ADMIN_INSTANCE}]}])


def _functions(endpoint: str) -> None:
    iam, lam = _client(endpoint, "iam"), _client(endpoint, "lambda")
    role = _admin_role(iam, "ucs-bad-lambda-admin", "lambda.amazonaws.com")
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as z:
        z.writestr("app.py", "def handler(event, context):\n    return 'ok'\n")
    for name in (URL_FUNCTION, POLICY_FUNCTION):
        lam.create_function(FunctionName=name, Runtime="python3.12", Role=role, Handler="app.handler",
                            Code={"ZipFile": code.getvalue()})
    lam.create_function_url_config(FunctionName=URL_FUNCTION, AuthType="NONE")
    lam.add_permission(FunctionName=POLICY_FUNCTION, StatementId="anyone", Action="lambda:InvokeFunction",
                       Principal="*")


def reset(endpoint: str) -> None:
    moto_api(endpoint, "reset")


def seed(endpoint: str) -> None:
    """Wipe moto and seed the whole estate."""
    reset(endpoint)
    _s3(endpoint)
    _iam(endpoint)
    _reachable_admin_instance(endpoint)
    _functions(endpoint)
