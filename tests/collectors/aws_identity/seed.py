"""A good and a bad resource per AI, identity and governance service moto serves (account
123456789012, us-east-1): names start with ``good-`` or ``bad-``, so each check's expectation
names the pair."""

from __future__ import annotations

import json
from typing import Any

from agent.collectors.aws.context import ClientFactory

ACCOUNT, REGION = "123456789012", "us-east-1"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/ucs-ml"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/ucs-model:latest"
FOREIGN = "444455556666"


def _network(f: ClientFactory) -> tuple[str, list[str], str]:
    ec2 = f.client("ec2", REGION)
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{i}.0/24", AvailabilityZone=f"{REGION}{z}")["Subnet"]["SubnetId"]
               for i, z in ((1, "a"), (2, "b"))]
    sg = ec2.create_security_group(GroupName="ucs-ml", Description="ml", VpcId=vpc)["GroupId"]
    return vpc, subnets, sg


def seed_sagemaker(f: ClientFactory, subnets: list[str], sg: str) -> None:
    sm = f.client("sagemaker", REGION)
    sm.create_notebook_instance(NotebookInstanceName="good-notebook", InstanceType="ml.t3.medium", RoleArn=ROLE,
                                SubnetId=subnets[0], SecurityGroupIds=[sg], KmsKeyId=KEY, DirectInternetAccess="Disabled",
                                RootAccess="Disabled", PlatformIdentifier="notebook-al2-v3")
    sm.create_notebook_instance(NotebookInstanceName="bad-notebook", InstanceType="ml.t3.medium", RoleArn=ROLE,
                                DirectInternetAccess="Enabled", RootAccess="Enabled", PlatformIdentifier="notebook-al1-v1")
    vpc = {"Subnets": subnets, "SecurityGroupIds": [sg]}
    sm.create_model(ModelName="good-model", ExecutionRoleArn=ROLE, EnableNetworkIsolation=True, VpcConfig=vpc,
                    PrimaryContainer={"Image": IMAGE, "Environment": {"API_TOKEN": "not-a-real-token"}})
    sm.create_model(ModelName="bad-model", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": IMAGE})
    for name, count, key in (("good-endpoint-config", 2, {"KmsKeyId": KEY}), ("bad-endpoint-config", 1, {})):
        sm.create_endpoint_config(EndpointConfigName=name, **key, ProductionVariants=[{
            "VariantName": "primary", "ModelName": "good-model", "InitialInstanceCount": count,
            "InstanceType": "ml.m5.large"}])
    base: dict[str, Any] = {"AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
                            "RoleArn": ROLE, "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
                            "HyperParameters": {"db_password": "not-a-real-password"}}
    sm.create_training_job(TrainingJobName="good-training", **base, VpcConfig=vpc, EnableNetworkIsolation=True,
                           EnableInterContainerTrafficEncryption=True,
                           OutputDataConfig={"S3OutputPath": "s3://ucs-ml/out", "KmsKeyId": KEY},
                           ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 2, "VolumeSizeInGB": 10,
                                           "VolumeKmsKeyId": KEY})
    resources = {"ClusterConfig": {"InstanceCount": 2, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 20}}
    output = {"MonitoringOutputs": [{"S3Output": {"S3Uri": "s3://ucs-ml/monitor", "LocalPath": "/opt/ml/processing/out"}}]}
    for kind, spec, job_input in (
            ("data_quality", {"ImageUri": IMAGE}, {"EndpointInput": {"EndpointName": "churn", "LocalPath": "/opt/ml/in"}}),
            ("model_bias", {"ImageUri": IMAGE, "ConfigUri": "s3://ucs-ml/bias.json"},
             {"EndpointInput": {"EndpointName": "churn", "LocalPath": "/opt/ml/in"},
              "GroundTruthS3Input": {"S3Uri": "s3://ucs-ml/truth"}}),
            ("model_quality", {"ImageUri": IMAGE, "ProblemType": "BinaryClassification"},
             {"EndpointInput": {"EndpointName": "churn", "LocalPath": "/opt/ml/in"},
              "GroundTruthS3Input": {"S3Uri": "s3://ucs-ml/truth"}}),
            ("model_explainability", {"ImageUri": IMAGE, "ConfigUri": "s3://ucs-ml/shap.json"},
             {"EndpointInput": {"EndpointName": "churn", "LocalPath": "/opt/ml/in"}})):
        camel = "".join(w.title() for w in kind.split("_"))
        create = getattr(sm, f"create_{kind}_job_definition")
        for name, on in ((f"good-{kind.replace('_', '-')}", True), (f"bad-{kind.replace('_', '-')}", False)):
            create(JobDefinitionName=name, RoleArn=ROLE, JobResources=resources,
                   **{f"{camel}AppSpecification": {**spec, "Environment": {"API_TOKEN": "not-a-real-token"}},
                      f"{camel}JobInput": job_input, f"{camel}JobOutputConfig": output},
                   NetworkConfig={"EnableInterContainerTrafficEncryption": on, "EnableNetworkIsolation": on,
                                  **({"VpcConfig": vpc} if on else {})})
    sm.create_training_job(TrainingJobName="bad-training", **base, OutputDataConfig={"S3OutputPath": "s3://ucs-ml/out"},
                           ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10})


def seed_comprehend(f: ClientFactory, subnets: list[str], sg: str) -> None:
    c = f.client("comprehend", REGION)
    data = {"S3Uri": "s3://ucs-ml/train.csv"}
    c.create_document_classifier(DocumentClassifierName="good-classifier", DataAccessRoleArn=ROLE, LanguageCode="en",
                                 InputDataConfig=data, VolumeKmsKeyId=KEY, ModelKmsKeyId=KEY,
                                 VpcConfig={"Subnets": subnets, "SecurityGroupIds": [sg]})
    c.create_document_classifier(DocumentClassifierName="bad-classifier", DataAccessRoleArn=ROLE, LanguageCode="en",
                                 InputDataConfig=data)
    ents = {"EntityTypes": [{"Type": "PRODUCT"}], "Documents": {"S3Uri": "s3://ucs-ml/docs"},
            "EntityList": {"S3Uri": "s3://ucs-ml/entities.csv"}}
    c.create_entity_recognizer(RecognizerName="good-recognizer", DataAccessRoleArn=ROLE, LanguageCode="en",
                               InputDataConfig=ents, VolumeKmsKeyId=KEY, ModelKmsKeyId=KEY)
    c.create_entity_recognizer(RecognizerName="bad-recognizer", DataAccessRoleArn=ROLE, LanguageCode="en",
                               InputDataConfig=ents)


def seed_cognito(f: ClientFactory) -> None:
    idp = f.client("cognito-idp", REGION)
    strong = {"PasswordPolicy": {"MinimumLength": 14, "RequireUppercase": True, "RequireLowercase": True,
                                 "RequireNumbers": True, "RequireSymbols": True, "TemporaryPasswordValidityDays": 3}}
    good = idp.create_user_pool(PoolName="good-pool", Policies=strong, DeletionProtection="ACTIVE", MfaConfiguration="OFF",
                                UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"})["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(UserPoolId=good, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON")
    idp.create_user_pool(PoolName="bad-pool", Policies={"PasswordPolicy": {"MinimumLength": 6}},
                         DeletionProtection="INACTIVE", MfaConfiguration="OFF",
                         UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"})
    ident = f.client("cognito-identity", REGION)
    ident.create_identity_pool(IdentityPoolName="good_identities", AllowUnauthenticatedIdentities=False,
                               AllowClassicFlow=False)
    ident.create_identity_pool(IdentityPoolName="bad_identities", AllowUnauthenticatedIdentities=True,
                               AllowClassicFlow=True)


ADMIN = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
READ = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]})


def seed_identitycenter(f: ClientFactory) -> None:
    sso = f.client("sso-admin", REGION)
    instance = sso.list_instances()["Instances"][0]["InstanceArn"]
    good = sso.create_permission_set(Name="good-readers", InstanceArn=instance, SessionDuration="PT4H")
    bad = sso.create_permission_set(Name="bad-admins", InstanceArn=instance, SessionDuration="PT12H")
    g, b = good["PermissionSet"]["PermissionSetArn"], bad["PermissionSet"]["PermissionSetArn"]
    sso.attach_managed_policy_to_permission_set(InstanceArn=instance, PermissionSetArn=g,
                                                ManagedPolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    sso.attach_managed_policy_to_permission_set(InstanceArn=instance, PermissionSetArn=b,
                                                ManagedPolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    sso.put_inline_policy_to_permission_set(InstanceArn=instance, PermissionSetArn=g, InlinePolicy=READ)
    sso.put_inline_policy_to_permission_set(InstanceArn=instance, PermissionSetArn=b, InlinePolicy=ADMIN)


def seed_directoryservice(f: ClientFactory, vpc: str, subnets: list[str]) -> dict[str, str]:
    ds = f.client("ds", REGION)
    settings = {"VpcId": vpc, "SubnetIds": subnets}
    good = ds.create_microsoft_ad(Name="good.example.com", Password="Not-a-real-Passw0rd", VpcSettings=settings,
                                  Edition="Standard")["DirectoryId"]
    bad = ds.create_microsoft_ad(Name="bad.example.com", Password="Not-a-real-Passw0rd", VpcSettings=settings,
                                 Edition="Standard")["DirectoryId"]
    ds.create_log_subscription(DirectoryId=good, LogGroupName="/aws/directoryservice/good")
    ds.enable_radius(DirectoryId=good, RadiusSettings={
        "RadiusServers": ["10.20.1.10"], "RadiusPort": 1812, "RadiusTimeout": 5, "RadiusRetries": 3,
        "SharedSecret": "not-a-real-secret", "AuthenticationProtocol": "PAP", "DisplayLabel": "mfa",
        "UseSameUsername": True})
    return {"good": good, "bad": bad}


def seed_ram(f: ClientFactory) -> None:
    ram = f.client("ram", REGION)
    org = f.client("organizations", REGION).describe_organization()["Organization"]
    ram.create_resource_share(name="good-share", allowExternalPrincipals=False, principals=[org["Arn"]])
    ram.create_resource_share(name="bad-share", allowExternalPrincipals=True, principals=[FOREIGN])


def seed_servicecatalog(f: ClientFactory) -> None:
    sc = f.client("servicecatalog", REGION)
    good = sc.create_portfolio(DisplayName="good-portfolio", ProviderName="platform")["PortfolioDetail"]["Id"]
    bad = sc.create_portfolio(DisplayName="bad-portfolio", ProviderName="platform")["PortfolioDetail"]["Id"]
    org = f.client("organizations", REGION).describe_organization()["Organization"]
    sc.create_portfolio_share(PortfolioId=good, OrganizationNode={"Type": "ORGANIZATION", "Value": org["Id"]})
    sc.create_portfolio_share(PortfolioId=bad, AccountId=FOREIGN)


def seed_organizations(f: ClientFactory) -> None:
    o = f.client("organizations", REGION)
    o.create_organization(FeatureSet="ALL")
    root = o.list_roots()["Roots"][0]["Id"]
    deny = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": ["organizations:LeaveOrganization", "cloudtrail:StopLogging", "cloudtrail:DeleteTrail",
                                      "guardduty:DeleteDetector", "config:StopConfigurationRecorder",
                                      "config:DeleteConfigurationRecorder"], "Resource": "*"}]}
    for ptype, name, content in (
            ("SERVICE_CONTROL_POLICY", "guardrails", deny),
            ("AISERVICES_OPT_OUT_POLICY", "ai-opt-out", {"services": {"default": {"opt_out_policy": {"@@assign": "optOut"}}}}),
            ("TAG_POLICY", "tags", {"tags": {"owner": {"tag_key": {"@@assign": "owner"}}}})):
        o.enable_policy_type(RootId=root, PolicyType=ptype)
        pid = o.create_policy(Name=name, Description=name, Type=ptype, Content=json.dumps(content))["Policy"]["PolicySummary"]["Id"]
        o.attach_policy(PolicyId=pid, TargetId=root)
    o.enable_aws_service_access(ServicePrincipal="sso.amazonaws.com")


def seed_account(f: ClientFactory) -> None:
    a = f.client("account", REGION)
    a.put_alternate_contact(AlternateContactType="SECURITY", Name="Security team", Title="SOC",
                            EmailAddress="soc@example.com", PhoneNumber="+81-3-0000-0000")
    a.put_alternate_contact(AlternateContactType="BILLING", Name="Finance", Title="AP", EmailAddress="ap@example.com",
                            PhoneNumber="+81-3-0000-0001")


def seed_cloudformation(f: ClientFactory) -> None:
    cf = f.client("cloudformation", REGION)
    topic = f.client("sns", REGION).create_topic(Name="ucs-stack-events")["TopicArn"]
    body = json.dumps({"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}})
    cf.create_stack(StackName="good-stack", TemplateBody=body, EnableTerminationProtection=True,
                    NotificationARNs=[topic], RoleARN=f"arn:aws:iam::{ACCOUNT}:role/cfn-deployer")
    cf.create_stack(StackName="bad-stack", TemplateBody=body)


def seed_all(f: ClientFactory) -> dict[str, str]:
    vpc, subnets, sg = _network(f)
    seed_organizations(f)
    seed_sagemaker(f, subnets, sg)
    seed_comprehend(f, subnets, sg)
    seed_cognito(f)
    seed_identitycenter(f)
    directories = seed_directoryservice(f, vpc, subnets)
    seed_ram(f)
    seed_servicecatalog(f)
    seed_account(f)
    seed_cloudformation(f)
    return directories


def seed_identity_types(f: ClientFactory) -> None:
    """Resources of every AI and identity type moto serves, into an estate that already has its
    organisation and stacks (the breadth estate's identity-under-faults test seeds these)."""
    vpc, subnets, sg = _network(f)
    seed_sagemaker(f, subnets, sg)
    seed_comprehend(f, subnets, sg)
    seed_cognito(f)
    seed_identitycenter(f)
    seed_directoryservice(f, vpc, subnets)
    seed_ram(f)
    seed_servicecatalog(f)
    seed_account(f)
