"""A good and a bad resource per compute and container service moto serves (account
123456789012, us-east-1; the ECR registry also in us-west-2): names start with ``good-`` or
``bad-``, so each check's expectation names the pair."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from agent.collectors.aws.context import ClientFactory

ACCOUNT, REGION, OTHER_REGION = "123456789012", "us-east-1", "us-west-2"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]}, "Action": "sts:AssumeRole"}]})
FAKE_SECRET = "Zq8vN3kP1mX7wR4tY6uB9cD2fG5hJ0lA"  # high-entropy, not a real credential


def _net(f: ClientFactory) -> tuple[list[str], list[str], str]:
    """Two default subnets in different zones, the default security group, the default VPC."""
    ec2 = f.client("ec2", REGION)
    subnets = sorted(ec2.describe_subnets()["Subnets"], key=lambda s: s["AvailabilityZone"])
    vpc = subnets[0]["VpcId"]
    sg = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"][0]["GroupId"]
    return [subnets[0]["SubnetId"], subnets[1]["SubnetId"]], [sg], vpc


def _role(f: ClientFactory) -> str:
    iam = f.client("iam", REGION)
    arn = iam.create_role(RoleName="ucs-compute", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    iam.create_instance_profile(InstanceProfileName="ucs-compute")
    iam.add_role_to_instance_profile(InstanceProfileName="ucs-compute", RoleName="ucs-compute")
    return str(arn)


def _container(name: str, good: bool) -> dict[str, Any]:
    if good:
        return {"name": name, "image": "nginx:1.27", "memory": 128, "essential": True, "privileged": False, "user": "1000:1000",
                "readonlyRootFilesystem": True, "environment": [{"name": "MODE", "value": "prod"}],
                "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/good"}}}
    return {"name": name, "image": "nginx:1.27", "memory": 128, "essential": True}


def seed_ecs(f: ClientFactory, subnets: list[str], sgs: list[str]) -> None:
    ecs = f.client("ecs", REGION)
    ecs.create_cluster(clusterName="good-cluster", settings=[{"name": "containerInsights", "value": "enhanced"}],
                       configuration={"executeCommandConfiguration": {
                           "kmsKeyId": f"arn:aws:kms:{REGION}:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555",
                           "logging": "OVERRIDE", "logConfiguration": {"cloudWatchLogGroupName": "/ecs/exec",
                                                                       "cloudWatchEncryptionEnabled": True}}})
    ecs.create_cluster(clusterName="bad-cluster", settings=[{"name": "containerInsights", "value": "disabled"}],
                       configuration={"executeCommandConfiguration": {"logging": "NONE"}})
    ecs.register_task_definition(family="good-td", networkMode="awsvpc", requiresCompatibilities=["FARGATE"],
                                 cpu="256", memory="512", containerDefinitions=[_container("web", True)])
    ecs.register_task_definition(family="bad-td", networkMode="host", pidMode="host", ipcMode="host",
                                 containerDefinitions=[{**_container("priv", False), "privileged": True},
                                                       _container("app", False)])
    for name, cluster, version, public in (("good-svc", "good-cluster", "LATEST", "DISABLED"),
                                           ("bad-svc", "bad-cluster", "1.3.0", "ENABLED")):
        ecs.create_service(cluster=cluster, serviceName=name, taskDefinition="good-td", desiredCount=1, launchType="FARGATE",
                           platformVersion=version, networkConfiguration={"awsvpcConfiguration": {
                               "subnets": subnets, "securityGroups": sgs, "assignPublicIp": public}})


def seed_ec2(f: ClientFactory, subnets: list[str]) -> None:
    ec2 = f.client("ec2", REGION)
    ami = "ami-12c6146b"

    def run(name: str, **kw: Any) -> str:
        got = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, SubnetId=subnets[0], TagSpecifications=[
            {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}], **kw)
        return str(got["Instances"][0]["InstanceId"])

    good = run("good-ec2", Monitoring={"Enabled": True}, IamInstanceProfile={"Name": "ucs-compute"})
    ec2.modify_instance_attribute(InstanceId=good, DisableApiTermination={"Value": True})
    bad = run("bad-ec2")
    eni = ec2.create_network_interface(SubnetId=subnets[0])["NetworkInterface"]["NetworkInterfaceId"]
    ec2.attach_network_interface(NetworkInterfaceId=eni, InstanceId=bad, DeviceIndex=1)
    ec2.stop_instances(InstanceIds=[bad])
    zone = ec2.describe_subnets(SubnetIds=[subnets[0]])["Subnets"][0]["AvailabilityZone"]
    for name, encrypted in (("good", True), ("bad", False)):
        vol = ec2.create_volume(AvailabilityZone=zone, Size=1, Encrypted=encrypted, TagSpecifications=[
            {"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": f"{name}-vol"}]}])["VolumeId"]
        ec2.create_snapshot(VolumeId=vol, TagSpecifications=[
            {"ResourceType": "snapshot", "Tags": [{"Key": "Name", "Value": f"{name}-snap"}]}])
        if encrypted:
            ec2.attach_volume(VolumeId=vol, InstanceId=good, Device="/dev/sdf")
        alloc = ec2.allocate_address(Domain="vpc")["AllocationId"]
        ec2.create_tags(Resources=[alloc], Tags=[{"Key": "Name", "Value": f"{name}-eip"}])
        if encrypted:
            ec2.associate_address(AllocationId=alloc, InstanceId=good)


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", "def handler(event, context):\n    return 'ok'\n")
    return buf.getvalue()


def seed_lambda(f: ClientFactory, role: str, subnets: list[str], sgs: list[str]) -> None:
    lam = f.client("lambda", REGION)
    lam.create_function(FunctionName="good-fn", Runtime="python3.13", Role=role, Handler="app.handler",
                        Code={"ZipFile": _zip()}, TracingConfig={"Mode": "Active"},
                        VpcConfig={"SubnetIds": subnets, "SecurityGroupIds": sgs})
    lam.put_function_concurrency(FunctionName="good-fn", ReservedConcurrentExecutions=5)
    lam.create_function(FunctionName="bad-fn", Runtime="python3.13", Role=role, Handler="app.handler",
                        Code={"ZipFile": _zip()}, VpcConfig={"SubnetIds": subnets[:1], "SecurityGroupIds": sgs})


def seed_eks(f: ClientFactory, role: str, subnets: list[str], sgs: list[str]) -> None:
    eks = f.client("eks", REGION)
    eks.create_cluster(name="good-eks", roleArn=role, resourcesVpcConfig={"subnetIds": subnets},
                       accessConfig={"authenticationMode": "API"})
    # moto gives a node group without remoteAccess an SSH key of its own: the good one names its source group.
    eks.create_nodegroup(clusterName="good-eks", nodegroupName="good-ng", subnets=subnets, nodeRole=role,
                         amiType="AL2023_x86_64_STANDARD", remoteAccess={"ec2SshKey": "ops", "sourceSecurityGroups": sgs})
    eks.create_nodegroup(clusterName="good-eks", nodegroupName="bad-ng", subnets=subnets, nodeRole=role,
                         amiType="AL2_x86_64", remoteAccess={"ec2SshKey": "ops"})


def seed_ecr(f: ClientFactory) -> None:
    good = f.client("ecr", REGION)
    good.create_repository(repositoryName="good-repo")
    good.put_registry_scanning_configuration(scanType="ENHANCED", rules=[
        {"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}]}])
    bad = f.client("ecr", OTHER_REGION)
    bad.create_repository(repositoryName="bad-repo")
    bad.put_registry_policy(policyText=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "anyone", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["ecr:ReplicateImage"],
         "Resource": f"arn:aws:ecr:{OTHER_REGION}:{ACCOUNT}:repository/*"}]}))


def seed_batch(f: ClientFactory, role: str, subnets: list[str], sgs: list[str]) -> None:
    b = f.client("batch", REGION)
    b.create_compute_environment(computeEnvironmentName="good-ce", type="MANAGED", serviceRole=role, computeResources={
        "type": "FARGATE", "maxvCpus": 4, "subnets": subnets, "securityGroupIds": sgs})
    b.create_compute_environment(computeEnvironmentName="bad-ce", type="UNMANAGED", serviceRole=role)
    b.register_job_definition(jobDefinitionName="good-jd", type="container", containerProperties={
        "image": "etl:1", "vcpus": 1, "memory": 128, "user": "1000", "readonlyRootFilesystem": True, "privileged": False})
    b.register_job_definition(jobDefinitionName="bad-jd", type="container", containerProperties={
        "image": "etl:1", "vcpus": 1, "memory": 128, "privileged": True,
        "environment": [{"name": "DB_PASSWORD", "value": FAKE_SECRET}]})


def seed_elasticbeanstalk(f: ClientFactory) -> None:
    eb = f.client("elasticbeanstalk", REGION)
    eb.create_application(ApplicationName="shop")
    eb.create_environment(ApplicationName="shop", EnvironmentName="shop-env",
                          SolutionStackName="64bit Amazon Linux 2023 v4.3.0 running Python 3.12")


def seed_all(f: ClientFactory) -> None:
    subnets, sgs, _ = _net(f)
    role = _role(f)
    seed_ecs(f, subnets, sgs)
    seed_ec2(f, subnets)
    seed_lambda(f, role, subnets, sgs)
    seed_eks(f, role, subnets, sgs)
    seed_ecr(f)
    seed_batch(f, role, subnets, sgs)
    seed_elasticbeanstalk(f)


def seed_identity(f: ClientFactory) -> None:
    """One resource of each compute type moto serves, for the breadth identity test
    (tests/collectors/aws_breadth/test_services_e2e.py): names start with ``ucs-identity``."""
    subnets, sgs, _ = _net(f)
    iam = f.client("iam", REGION)
    role = iam.create_role(RoleName="ucs-identity-compute", AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
    ecs = f.client("ecs", REGION)
    ecs.create_cluster(clusterName="ucs-identity")
    ecs.register_task_definition(family="ucs-identity", networkMode="awsvpc", containerDefinitions=[_container("web", True)])
    ecs.create_service(cluster="ucs-identity", serviceName="ucs-identity", taskDefinition="ucs-identity", desiredCount=0,
                       launchType="FARGATE", networkConfiguration={"awsvpcConfiguration": {
                           "subnets": subnets, "securityGroups": sgs}})
    eks = f.client("eks", REGION)
    eks.create_cluster(name="ucs-identity", roleArn=role, resourcesVpcConfig={"subnetIds": subnets})
    eks.create_nodegroup(clusterName="ucs-identity", nodegroupName="ucs-identity", subnets=subnets, nodeRole=role)
    f.client("ecr", REGION).create_repository(repositoryName="ucs-identity")
    f.client("ec2", REGION).allocate_address(Domain="vpc")
    b = f.client("batch", REGION)
    b.create_compute_environment(computeEnvironmentName="ucs-identity", type="UNMANAGED", serviceRole=role)
    b.register_job_definition(jobDefinitionName="ucs-identity", type="container",
                              containerProperties={"image": "etl:1", "vcpus": 1, "memory": 128})
    seed_elasticbeanstalk(f)
