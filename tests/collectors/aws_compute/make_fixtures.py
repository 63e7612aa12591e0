"""Per-check fixtures (tests/checks/fixtures/<check id>.json) for the compute and container checks.

Each case is a base document in the shape the collector produces (cut from a collection against
moto and, for App Runner, Lightsail and Elastic Beanstalk settings, from the API reference's
answer shapes) with the fields a check reads patched: ``pass``, ``fail`` and ``error`` (the field
marked unreadable, or not collected).  Rewrite them after changing a collector or a check with:

    python -m tests.collectors.aws_compute.make_fixtures
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

GOOD_CONTAINER = {"name": "web", "image": "nginx:1.27", "essential": True, "privileged": False, "user": "1000:1000",
                  "readonlyRootFilesystem": True, "environment": [{"name": "MODE"}],
                  "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web"}}}
EB_OPTIONS = {"aws:elasticbeanstalk:managedactions:ManagedActionsEnabled": "true",
              "aws:elasticbeanstalk:managedactions:PreferredStartTime": "Sun:02:00",
              "aws:elasticbeanstalk:managedactions:platformupdate:UpdateLevel": "minor",
              "aws:elasticbeanstalk:healthreporting:system:SystemType": "enhanced",
              "aws:elasticbeanstalk:cloudwatch:logs:StreamLogs": "true",
              "aws:elasticbeanstalk:cloudwatch:logs:RetentionInDays": "30"}

BASE: dict[str, tuple[str, dict[str, Any]]] = {
    "aws.ecs.task_definition": (f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web", {
        "taskDefinitionArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:task-definition/web:3", "family": "web", "revision": 3,
        "status": "ACTIVE", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
        "containerDefinitions": [GOOD_CONTAINER], "_secrets_found": []}),
    "aws.ecs.cluster": (f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/prod", {
        "clusterArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/prod", "clusterName": "prod", "status": "ACTIVE",
        "settings": [{"name": "containerInsights", "value": "enhanced"}],
        "configuration": {"executeCommandConfiguration": {"kmsKeyId": KEY, "logging": "OVERRIDE", "logConfiguration": {
            "cloudWatchLogGroupName": "/ecs/exec", "cloudWatchEncryptionEnabled": True}}}}),
    "aws.ecs.service": (f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/prod/web", {
        "serviceArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:service/prod/web", "serviceName": "web", "clusterName": "prod",
        "status": "ACTIVE", "launchType": "FARGATE", "platformVersion": "LATEST", "platformFamily": "Linux",
        "desiredCount": 2, "networkConfiguration": {"awsvpcConfiguration": {
            "subnets": ["subnet-0123456789abcdef0"], "securityGroups": ["sg-0123456789abcdef0"], "assignPublicIp": "DISABLED"}}}),
    "aws.ec2.instance": (f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0123456789abcdef0", {
        "InstanceId": "i-0123456789abcdef0", "InstanceType": "m7g.large", "State": {"Code": 16, "Name": "running"},
        "StateTransitionReason": "", "Monitoring": {"State": "enabled"}, "VirtualizationType": "hvm",
        "IamInstanceProfile": {"Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/web", "Id": "AIPAEXAMPLE"},
        "NetworkInterfaces": [{"NetworkInterfaceId": "eni-0123456789abcdef0", "Attachment": {"DeviceIndex": 0}}],
        "_public_ip": None, "_user_data_secrets": [], "_termination_protection": True, "_ssm_managed": True}),
    "aws.ec2.volume": (f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/vol-0123456789abcdef0", {
        "VolumeId": "vol-0123456789abcdef0", "Size": 8, "State": "in-use", "Encrypted": True, "VolumeType": "gp3",
        "Attachments": [{"InstanceId": "i-0123456789abcdef0", "State": "attached", "Device": "/dev/xvda"}]}),
    "aws.ec2.snapshot": (f"arn:aws:ec2:{REGION}:{ACCOUNT}:snapshot/snap-0123456789abcdef0", {
        "SnapshotId": "snap-0123456789abcdef0", "VolumeId": "vol-0123456789abcdef0", "State": "completed",
        "Encrypted": True, "KmsKeyId": KEY, "OwnerId": ACCOUNT, "_create_volume_permissions": []}),
    "aws.ec2.elastic_ip": (f"arn:aws:ec2:{REGION}:{ACCOUNT}:elastic-ip/eipalloc-0123456789abcdef0", {
        "AllocationId": "eipalloc-0123456789abcdef0", "PublicIp": "198.51.100.7", "Domain": "vpc",
        "AssociationId": "eipassoc-0123456789abcdef0", "InstanceId": "i-0123456789abcdef0",
        "NetworkInterfaceId": "eni-0123456789abcdef0"}),
    "aws.ec2.region_settings": (f"arn:aws:ec2:{REGION}:{ACCOUNT}:region-settings", {
        "EbsEncryptionByDefault": True, "SerialConsoleAccessEnabled": False}),
    "aws.lambda.function": (f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders", {
        "FunctionName": "orders", "FunctionArn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders",
        "Runtime": "python3.13", "PackageType": "Zip", "Role": f"arn:aws:iam::{ACCOUNT}:role/orders",
        "DeadLetterConfig": {"TargetArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:orders-dlq"}, "TracingConfig": {"Mode": "Active"},
        "VpcConfig": {"SubnetIds": ["subnet-0aaa", "subnet-0bbb"], "SecurityGroupIds": ["sg-0123456789abcdef0"],
                      "VpcId": "vpc-0123456789abcdef0"},
        "Environment": {"VariableNames": []}, "_secrets_found": [], "Policy": None, "FunctionUrlConfigs": [],
        "ReservedConcurrentExecutions": 50, "CodeSigningConfigArn":
            f"arn:aws:lambda:{REGION}:{ACCOUNT}:code-signing-config:csc-0123456789abcdef0"}),
    "aws.eks.cluster": (f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/prod", {
        "name": "prod", "arn": f"arn:aws:eks:{REGION}:{ACCOUNT}:cluster/prod", "version": "1.33", "status": "ACTIVE",
        "resourcesVpcConfig": {"endpointPublicAccess": False, "endpointPrivateAccess": True},
        "accessConfig": {"authenticationMode": "API"}}),
    "aws.eks.nodegroup": (f"arn:aws:eks:{REGION}:{ACCOUNT}:nodegroup/prod/workers/1111", {
        "nodegroupName": "workers", "nodegroupArn": f"arn:aws:eks:{REGION}:{ACCOUNT}:nodegroup/prod/workers/1111",
        "clusterName": "prod", "version": "1.33", "status": "ACTIVE", "amiType": "AL2023_x86_64_STANDARD",
        "subnets": ["subnet-0aaa", "subnet-0bbb"], "instanceTypes": ["m7i.large"]}),
    "aws.ecr.registry": (f"arn:aws:ecr:{REGION}:{ACCOUNT}:registry/{ACCOUNT}", {
        "registryId": ACCOUNT, "scanningConfiguration": {"scanType": "ENHANCED", "rules": [
            {"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}]}]},
        "Policy": None}),
    "aws.elasticbeanstalk.environment": (f"arn:aws:elasticbeanstalk:{REGION}:{ACCOUNT}:environment/shop/shop-prod", {
        "EnvironmentName": "shop-prod", "EnvironmentId": "e-abcdef1234", "ApplicationName": "shop", "Status": "Ready",
        "Health": "Green", "HealthStatus": "Ok", "PlatformArn":
            f"arn:aws:elasticbeanstalk:{REGION}::platform/Python 3.12 running on 64bit Amazon Linux 2023/4.3.0",
        "Tier": {"Name": "WebServer", "Type": "Standard"}, "OptionSettings": EB_OPTIONS}),
    "aws.batch.job_definition": (f"arn:aws:batch:{REGION}:{ACCOUNT}:job-definition/etl", {
        "jobDefinitionName": "etl", "jobDefinitionArn": f"arn:aws:batch:{REGION}:{ACCOUNT}:job-definition/etl:2",
        "revision": 2, "status": "ACTIVE", "type": "container", "platformCapabilities": ["FARGATE"],
        "_containers": [{"name": "etl", "image": "etl:1", "privileged": False, "readonlyRootFilesystem": True,
                         "user": "1000", "environment": [{"name": "STAGE"}]}], "_secrets_found": []}),
    "aws.batch.compute_environment": (f"arn:aws:batch:{REGION}:{ACCOUNT}:compute-environment/spot", {
        "computeEnvironmentName": "spot", "computeEnvironmentArn": f"arn:aws:batch:{REGION}:{ACCOUNT}:compute-environment/spot",
        "type": "MANAGED", "state": "ENABLED", "status": "VALID", "computeResources": {"type": "FARGATE_SPOT", "maxvCpus": 16}}),
    "aws.apprunner.service": (f"arn:aws:apprunner:{REGION}:{ACCOUNT}:service/api/0123456789abcdef", {
        "ServiceName": "api", "ServiceId": "0123456789abcdef", "ServiceArn":
            f"arn:aws:apprunner:{REGION}:{ACCOUNT}:service/api/0123456789abcdef", "Status": "RUNNING",
        "ServiceUrl": "abcdefgh.us-east-1.awsapprunner.com", "EncryptionConfiguration": {"KmsKey": KEY},
        "ObservabilityConfiguration": {"ObservabilityEnabled": True, "ObservabilityConfigurationArn":
            f"arn:aws:apprunner:{REGION}:{ACCOUNT}:observabilityconfiguration/tracing/1/abcd"},
        "NetworkConfiguration": {"EgressConfiguration": {"EgressType": "VPC"},
                                 "IngressConfiguration": {"IsPubliclyAccessible": True}},
        "SourceConfiguration": {"ImageRepository": {"ImageIdentifier": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/api:1",
                                                    "ImageRepositoryType": "ECR", "ImageConfiguration": {
                                                        "Port": "8080", "RuntimeEnvironmentVariablesNames": ["MODE"],
                                                        "RuntimeEnvironmentSecretsNames": []}}},
        "_secrets_found": []}),
    "aws.lightsail.instance": (f"arn:aws:lightsail:{REGION}:{ACCOUNT}:Instance/0f1e2d3c", {
        "name": "blog", "arn": f"arn:aws:lightsail:{REGION}:{ACCOUNT}:Instance/0f1e2d3c", "blueprintId": "wordpress",
        "bundleId": "small_3_0", "state": {"name": "running"}, "isStaticIp": True,
        "addOns": [{"name": "AutoSnapshot", "status": "Enabled", "snapshotTimeOfDay": "06:00"}],
        "networking": {"ports": [
            {"fromPort": 80, "toPort": 80, "protocol": "tcp", "accessFrom": "Anywhere (0.0.0.0/0 and ::/0)",
             "accessType": "public", "cidrs": ["0.0.0.0/0"], "ipv6Cidrs": ["::/0"]},
            {"fromPort": 443, "toPort": 443, "protocol": "tcp", "accessFrom": "Anywhere (0.0.0.0/0 and ::/0)",
             "accessType": "public", "cidrs": ["0.0.0.0/0"], "ipv6Cidrs": ["::/0"]},
            {"fromPort": 22, "toPort": 22, "protocol": "tcp", "accessFrom": "Custom", "accessType": "public",
             "cidrs": ["203.0.113.0/24"], "ipv6Cidrs": []}]}}),
    "aws.lightsail.database": (f"arn:aws:lightsail:{REGION}:{ACCOUNT}:RelationalDatabase/4b5c6d7e", {
        "name": "blog-db", "arn": f"arn:aws:lightsail:{REGION}:{ACCOUNT}:RelationalDatabase/4b5c6d7e",
        "engine": "mysql", "engineVersion": "8.0.40", "state": "available", "publiclyAccessible": False,
        "backupRetentionEnabled": True, "masterUsername": "dbmasteruser"}),
}


def doc(rtype: str, label: str, patch: dict[str, Any]) -> dict[str, Any]:
    rid, base = BASE[rtype]
    data = copy.deepcopy(base)
    for k, v in patch.items():
        if v is DROP:
            data.pop(k, None)
        else:
            data[k] = v
    return {"provider": "aws", "account": ACCOUNT, "region": REGION, "type": rtype, "id": f"{rid}-{label}",
            "name": label, "tags": {}, "data": data}


CASES: dict[str, tuple[str, dict[str, list[dict[str, Any]]]]] = {}


def case(check_id: str, rtype: str, passes: list[dict[str, Any]], fails: list[dict[str, Any]],
         errors: list[dict[str, Any]] | None = None, key: str | None = None) -> None:
    """Cases for one check; ``key``: the field it reads, whose unreadable and absent forms are errors."""
    errs = list(errors or []) + ([{key: DENIED}, {key: DROP}] if key else [])
    CASES[check_id] = (rtype, {"pass": passes, "fail": fails, "error": errs})


def containers(**changes: Any) -> list[dict[str, Any]]:
    """The good container and one changed by ``changes`` (a key set to DROP is removed)."""
    bad = {k: v for k, v in {**GOOD_CONTAINER, "name": "sidecar", **changes}.items() if v is not DROP}
    return [GOOD_CONTAINER, bad]


def _ecs() -> None:
    TD, CL, SV = "aws.ecs.task_definition", "aws.ecs.cluster", "aws.ecs.service"
    cd = "containerDefinitions"
    case("aws.ecs.task_definition_not_privileged", TD, [{}, {cd: containers(privileged=DROP)}],
         [{cd: containers(privileged=True)}], key=cd)
    case("aws.ecs.task_definition_host_network_non_root", TD,
         [{}, {"networkMode": "host"}, {"networkMode": "host", cd: containers(user=DROP, privileged=True)},
          {"networkMode": "bridge", cd: containers(user="root")}],
         [{"networkMode": "host", cd: containers(user=DROP)}, {"networkMode": "host", cd: containers(user="0:0")}], key=cd)
    case("aws.ecs.task_definition_no_host_pid", TD, [{}, {"pidMode": "task"}], [{"pidMode": "host"}], key=cd)
    case("aws.ecs.task_definition_no_host_ipc", TD, [{}, {"ipcMode": "none"}], [{"ipcMode": "host"}], key=cd)
    case("aws.ecs.task_definition_read_only_root_filesystem", TD, [{}],
         [{cd: containers(readonlyRootFilesystem=False)}, {cd: containers(readonlyRootFilesystem=DROP)}], key=cd)
    case("aws.ecs.task_definition_non_root_user", TD,
         [{}, {"runtimePlatform": {"operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"}, cd: containers(user=DROP)}],
         [{cd: containers(user=DROP)}, {cd: containers(user="root")}, {cd: containers(user="0")}], key=cd)
    case("aws.ecs.task_definition_logging_configured", TD, [{}],
         [{cd: containers(logConfiguration=DROP)}, {cd: containers(logConfiguration={"options": {}})}], key=cd)
    exec_cfg = lambda **kw: {"configuration": {"executeCommandConfiguration": kw}}  # noqa: E731
    case("aws.ecs.cluster_container_insights_enabled", CL,
         [{}, {"settings": [{"name": "containerInsights", "value": "enabled"}]}],
         [{"settings": []}, {"settings": [{"name": "containerInsights", "value": "disabled"}]}], key="settings")
    case("aws.ecs.cluster_exec_command_logging_enabled", CL, [{}, {"configuration": {}}, exec_cfg(logging="DEFAULT")],
         [exec_cfg(logging="NONE"), exec_cfg(logging="OVERRIDE", logConfiguration={})], key="configuration")
    case("aws.ecs.cluster_exec_command_encrypted", CL, [{}], [{"configuration": {}}, exec_cfg(logging="DEFAULT")],
         key="configuration")
    net = lambda v: {"networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-0a"], "assignPublicIp": v}}}  # noqa: E731
    case("aws.ecs.service_no_public_ip", SV, [{}, {"networkConfiguration": None, "launchType": "EC2"}],
         [net("ENABLED")], key="networkConfiguration")
    case("aws.ecs.fargate_service_latest_platform", SV,
         [{}, {"platformVersion": "1.4.0"}, {"platformFamily": "WINDOWS_SERVER_2019_FULL", "platformVersion": "1.0.0"},
          {"launchType": "EC2", "platformVersion": DROP}],
         [{"platformVersion": "1.3.0"}, {"launchType": DROP, "capacityProviderStrategy": [
             {"capacityProvider": "FARGATE_SPOT", "weight": 1}], "platformVersion": "1.3.0"},
          {"platformFamily": "WINDOWS_SERVER_2019_FULL", "platformVersion": "1.4.0"}], key="serviceArn")


def _ec2() -> None:
    IN = "aws.ec2.instance"
    stopped = lambda when: {"State": {"Code": 80, "Name": "stopped"},  # noqa: E731
                            "StateTransitionReason": f"User initiated ({when} GMT)"}
    case("aws.ec2.instance_not_stopped_long", IN, [{}, stopped("2026-11-20 08:00:00")],
         [stopped("2026-09-01 08:00:00"), stopped("2024-01-31 10:20:30")],
         [{"State": {"Name": "stopped"}, "StateTransitionReason": ""}], key="State")
    case("aws.ec2.instance_detailed_monitoring_enabled", IN, [{}, {"Monitoring": {"State": "pending"}}],
         [{"Monitoring": {"State": "disabled"}}], key="Monitoring")
    case("aws.ec2.instance_termination_protection_enabled", IN, [{}], [{"_termination_protection": False}],
         key="_termination_protection")
    case("aws.ec2.instance_has_instance_profile", IN, [{}], [{"IamInstanceProfile": DROP}], key="InstanceId")
    case("aws.ec2.instance_managed_by_ssm", IN, [{}, {"State": {"Name": "stopped"}, "_ssm_managed": False}],
         [{"_ssm_managed": False}], key="_ssm_managed")
    case("aws.ec2.instance_not_paravirtual", IN, [{}], [{"VirtualizationType": "paravirtual", "InstanceType": "m1.small"}],
         key="VirtualizationType")
    case("aws.ec2.instance_single_network_interface", IN, [{}],
         [{"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1"}, {"NetworkInterfaceId": "eni-2"}]}], key="NetworkInterfaces")
    case("aws.ec2.snapshot_encrypted", "aws.ec2.snapshot", [{}], [{"Encrypted": False, "KmsKeyId": DROP}], key="Encrypted")
    case("aws.ec2.volume_attached", "aws.ec2.volume", [{}], [{"State": "available", "Attachments": []}], key="State")
    case("aws.ec2.elastic_ip_in_use", "aws.ec2.elastic_ip", [{}, {"AssociationId": DROP}],
         [{"AssociationId": DROP, "InstanceId": DROP, "NetworkInterfaceId": DROP}], key="PublicIp")
    case("aws.ec2.serial_console_access_disabled", "aws.ec2.region_settings", [{}],
         [{"SerialConsoleAccessEnabled": True}], key="SerialConsoleAccessEnabled")


def _lambda() -> None:
    FN = "aws.lambda.function"
    case("aws.lambda.dead_letter_queue_configured", FN, [{}], [{"DeadLetterConfig": DROP}, {"DeadLetterConfig": {}}],
         key="FunctionArn")
    case("aws.lambda.tracing_enabled", FN, [{}], [{"TracingConfig": {"Mode": "PassThrough"}}, {"TracingConfig": DROP}],
         key="FunctionArn")
    case("aws.lambda.reserved_concurrency_set", FN, [{}, {"ReservedConcurrentExecutions": 0}],
         [{"ReservedConcurrentExecutions": None}], key="ReservedConcurrentExecutions")
    case("aws.lambda.code_signing_enabled", FN, [{}, {"PackageType": "Image", "CodeSigningConfigArn": None}],
         [{"CodeSigningConfigArn": None}], key="CodeSigningConfigArn")
    case("aws.eks.nodegroup_remote_access_restricted", "aws.eks.nodegroup",
         [{}, {"remoteAccess": {"ec2SshKey": "ops", "sourceSecurityGroups": ["sg-0123456789abcdef0"]}}],
         [{"remoteAccess": {"ec2SshKey": "ops"}}, {"remoteAccess": {"ec2SshKey": "ops", "sourceSecurityGroups": []}}],
         key="nodegroupName")
    case("aws.eks.nodegroup_ami_supported", "aws.eks.nodegroup", [{}, {"amiType": "BOTTLEROCKET_ARM_64"}, {"amiType": "CUSTOM"}],
         [{"amiType": "AL2_x86_64"}, {"amiType": "AL2_ARM_64"}], key="amiType")
    case("aws.eks.cluster_uses_access_entries", "aws.eks.cluster",
         [{}, {"accessConfig": {"authenticationMode": "API_AND_CONFIG_MAP"}}],
         [{"accessConfig": {"authenticationMode": "CONFIG_MAP"}}, {"accessConfig": DROP}], key="name")
    RG = "aws.ecr.registry"
    scan = lambda scan_type, rules: {"scanningConfiguration": {"scanType": scan_type, "rules": rules}}  # noqa: E731
    push_all = [{"scanFrequency": "SCAN_ON_PUSH", "repositoryFilters": [{"filter": "*", "filterType": "WILDCARD"}]}]
    case("aws.ecr.registry_enhanced_scanning_enabled", RG, [{}], [scan("BASIC", push_all), {"scanningConfiguration": {}}],
         key="scanningConfiguration")
    case("aws.ecr.registry_scans_all_repositories", RG, [{}, scan("BASIC", push_all)],
         [scan("BASIC", []), scan("ENHANCED", [{"scanFrequency": "CONTINUOUS_SCAN", "repositoryFilters": [
             {"filter": "prod-*", "filterType": "WILDCARD"}]}])], key="scanningConfiguration")
    pol = lambda principal: {"Policy": {"Version": "2012-10-17", "Statement": [  # noqa: E731
        {"Effect": "Allow", "Principal": principal, "Action": ["ecr:ReplicateImage", "ecr:CreateRepository"],
         "Resource": f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/*"}]}}
    case("aws.ecr.registry_policy_not_public", RG, [{}, pol({"AWS": "arn:aws:iam::444455556666:root"})],
         [pol("*"), pol({"AWS": "*"})], key="Policy")


def _new_services() -> None:
    EB = "aws.elasticbeanstalk.environment"
    opts = lambda **kw: {"OptionSettings": {**EB_OPTIONS, **kw}}  # noqa: E731
    drop = lambda name: {"OptionSettings": {k: v for k, v in EB_OPTIONS.items() if k != name}}  # noqa: E731
    m, h, lg = ("aws:elasticbeanstalk:managedactions:ManagedActionsEnabled",
                "aws:elasticbeanstalk:healthreporting:system:SystemType", "aws:elasticbeanstalk:cloudwatch:logs:StreamLogs")
    case("aws.elasticbeanstalk.environment_managed_updates_enabled", EB, [{}], [opts(**{m: "false"}), drop(m)],
         key="OptionSettings")
    case("aws.elasticbeanstalk.environment_enhanced_health_reporting", EB, [{}], [opts(**{h: "basic"}), drop(h)],
         key="OptionSettings")
    case("aws.elasticbeanstalk.environment_streams_logs_to_cloudwatch", EB, [{}], [opts(**{lg: "false"}), drop(lg)],
         key="OptionSettings")
    JD, CE = "aws.batch.job_definition", "aws.batch.compute_environment"
    good = BASE[JD][1]["_containers"][0]
    jc = lambda **kw: {"_containers": [good, {k: v for k, v in {**good, "name": "nodes 1:", **kw}.items()  # noqa: E731
                                              if v is not DROP}]}
    case("aws.batch.job_definition_not_privileged", JD, [{}, jc(privileged=DROP)], [jc(privileged=True)], key="_containers")
    case("aws.batch.job_definition_read_only_root_filesystem", JD, [{}], [jc(readonlyRootFilesystem=DROP)],
         key="_containers")
    case("aws.batch.job_definition_non_root_user", JD, [{}], [jc(user=DROP), jc(user="root")], key="_containers")
    case("aws.batch.no_secrets_in_job_definition", JD, [{}],
         [{"_secrets_found": [{"key": "etl/DB_PASSWORD", "detector": "Secret Keyword"}]}], key="_secrets_found")
    case("aws.batch.compute_environment_managed", CE, [{}], [{"type": "UNMANAGED", "computeResources": DROP}], key="type")
    AR = "aws.apprunner.service"
    case("aws.apprunner.service_encrypted_with_cmk", AR, [{}], [{"EncryptionConfiguration": None}],
         key="EncryptionConfiguration")
    case("aws.apprunner.service_observability_enabled", AR, [{}],
         [{"ObservabilityConfiguration": {"ObservabilityEnabled": False}}, {"ObservabilityConfiguration": None}],
         key="ObservabilityConfiguration")
    case("aws.apprunner.no_secrets_in_service_environment", AR, [{}],
         [{"_secrets_found": [{"key": "API_TOKEN", "detector": "Secret Keyword"}]}], key="_secrets_found")
    LI, LD = "aws.lightsail.instance", "aws.lightsail.database"
    ports = BASE[LI][1]["networking"]["ports"]
    open_port = lambda lo, hi, proto="tcp", v6=False: {"networking": {"ports": ports[:2] + [{  # noqa: E731
        "fromPort": lo, "toPort": hi, "protocol": proto, "accessFrom": "Anywhere", "accessType": "public",
        "cidrs": [] if v6 else ["0.0.0.0/0"], "ipv6Cidrs": ["::/0"] if v6 else []}]}}
    case("aws.lightsail.instance_admin_ports_not_open_to_all", LI, [{}, open_port(8080, 8080), open_port(0, -1, "icmp")],
         [open_port(22, 22), open_port(3389, 3389, v6=True), open_port(0, 65535, "all"), open_port(20, 30)],
         key="networking")
    case("aws.lightsail.instance_only_web_ports_open_to_all", LI, [{}, open_port(0, -1, "icmp")],
         [open_port(8080, 8080), open_port(22, 22), open_port(0, 65535, "all")], key="networking")
    case("aws.lightsail.instance_automatic_snapshots_enabled", LI, [{}],
         [{"addOns": []}, {"addOns": [{"name": "AutoSnapshot", "status": "Disabled"}]}], key="name")
    case("aws.lightsail.database_not_public", LD, [{}], [{"publiclyAccessible": True}], key="publiclyAccessible")
    case("aws.lightsail.database_backup_retention_enabled", LD, [{}], [{"backupRetentionEnabled": False}],
         key="backupRetentionEnabled")


def lambda_multi_az() -> dict[str, Any]:
    """Lambda.5 reads the zones of the function's subnets from the collected subnets."""
    def subnet(sid: str, az: str) -> dict[str, Any]:
        return {"provider": "aws", "account": ACCOUNT, "region": REGION, "type": "aws.vpc.subnet",
                "id": f"arn:aws:ec2:{REGION}:{ACCOUNT}:subnet/{sid}", "name": sid, "tags": {},
                "data": {"SubnetId": sid, "AvailabilityZone": az, "VpcId": "vpc-0123456789abcdef0"}}
    FN = "aws.lambda.function"
    vpc = lambda *ids: {"VpcConfig": {"SubnetIds": list(ids), "SecurityGroupIds": [], "VpcId": "vpc-0123456789abcdef0"}}  # noqa: E731
    return {"pass": [doc(FN, "pass-0", {}), doc(FN, "pass-1", {"VpcConfig": {"SubnetIds": [], "SecurityGroupIds": []}})],
            "fail": [doc(FN, "fail-0", vpc("subnet-0aaa", "subnet-0ccc")), doc(FN, "fail-1", vpc("subnet-0aaa"))],
            "error": [doc(FN, "error-0", vpc("subnet-0aaa", "subnet-0zzz"))],
            "inventory": [subnet("subnet-0aaa", "us-east-1a"), subnet("subnet-0bbb", "us-east-1b"),
                          subnet("subnet-0ccc", "us-east-1a")],
            "incomplete": {"types": ["aws.vpc.subnet"], "resources": [doc(FN, "incomplete-0", {})]}}


def documents() -> dict[str, dict[str, Any]]:
    _ecs()
    _ec2()
    _lambda()
    _new_services()
    out = {cid: {status: [doc(rtype, f"{status}-{i}", p) for i, p in enumerate(patches)]
                 for status, patches in cases.items()} for cid, (rtype, cases) in CASES.items()}
    out["aws.lambda.vpc_function_multi_az"] = lambda_multi_az()
    return out


def main() -> None:
    for cid, content in documents().items():
        (FIXTURES / f"{cid}.json").write_text(json.dumps(content, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
