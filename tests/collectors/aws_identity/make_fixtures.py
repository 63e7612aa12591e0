"""Per-check fixtures (tests/checks/fixtures/<check id>.json) for the AI, identity and governance
checks.

Each resource starts from a base document in the shape the collector produces (cut from a
collection against moto, tests/collectors/aws_identity/seed.py, and where moto differs from the
API reference, from the reference's answer shape); a case changes the settings the check reads.
Error cases mark the setting unreadable (the collector's marker) or leave it out (not collected).
Rewrite the files after changing a collector or a check with:

    python -m tests.collectors.aws_identity.make_fixtures
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
ABSENT = object()  # a case value: the collector did not record the key
VPC = {"SecurityGroupIds": ["sg-0123456789abcdef0"], "Subnets": ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]}
ORG_ID = "o-a1b2c3d4e5"
ROOT = {"Id": "r-ab12", "Arn": f"arn:aws:organizations::{ACCOUNT}:root/{ORG_ID}/r-ab12", "Name": "Root", "PolicyTypes": [
    {"Type": t, "Status": "ENABLED"} for t in ("SERVICE_CONTROL_POLICY", "AISERVICES_OPT_OUT_POLICY", "TAG_POLICY",
                                               "BACKUP_POLICY")]}
ROOT_TARGET = [{"TargetId": "r-ab12", "Arn": ROOT["Arn"], "Name": "Root", "Type": "ROOT"}]
GUARD_SCP = {"Version": "2012-10-17", "Statement": [
    {"Sid": "NoLeaving", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"},
    {"Sid": "KeepDetection", "Effect": "Deny", "Resource": "*", "Action": [
        "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "guardduty:DeleteDetector", "config:Stop*",
        "config:DeleteConfigurationRecorder"],
     "Condition": {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/security-breakglass"}}}]}


def _policy(kind: str, name: str, pid: str, targets: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"Id": pid, "Arn": f"arn:aws:organizations::{ACCOUNT}:policy/{ORG_ID}/{kind.lower()}/{pid}", "Name": name,
            "Type": kind, "AwsManaged": False, "Targets": targets, **extra}


FULL_ACCESS = {**_policy("SERVICE_CONTROL_POLICY", "FullAWSAccess", "p-FullAWSAccess", ROOT_TARGET), "AwsManaged": True}

BASE: dict[str, tuple[str, str, dict[str, Any]]] = {
    "aws.sagemaker.notebook_instance": (f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:notebook-instance/research", REGION, {
        "NotebookInstanceName": "research", "NotebookInstanceStatus": "InService", "InstanceType": "ml.t3.medium",
        "SubnetId": "subnet-0123456789abcdef0", "SecurityGroups": ["sg-0123456789abcdef0"], "KmsKeyId": KEY,
        "DirectInternetAccess": "Disabled", "RootAccess": "Disabled", "PlatformIdentifier": "notebook-al2-v3",
        "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/sagemaker", "VolumeSizeInGB": 5}),
    "aws.sagemaker.endpoint_config": (f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint-config/churn", REGION, {
        "EndpointConfigName": "churn", "KmsKeyId": KEY, "DataCaptureConfig": {},
        "ProductionVariants": [{"VariantName": "primary", "ModelName": "churn", "InitialInstanceCount": 2,
                                "InstanceType": "ml.m5.large", "InitialVariantWeight": 1.0}]}),
    "aws.sagemaker.model": (f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/churn", REGION, {
        "ModelName": "churn", "EnableNetworkIsolation": True, "VpcConfig": VPC, "Containers": [],
        "PrimaryContainer": {"Image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/churn:1", "EnvironmentNames": ["MODE"]},
        "ExecutionRoleArn": f"arn:aws:iam::{ACCOUNT}:role/sagemaker"}),
    "aws.sagemaker.training_job": (f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/churn-2026-11-30", REGION, {
        "TrainingJobName": "churn-2026-11-30", "TrainingJobStatus": "Completed", "EnableNetworkIsolation": True,
        "EnableInterContainerTrafficEncryption": True, "VpcConfig": VPC,
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 2, "VolumeSizeInGB": 10, "VolumeKmsKeyId": KEY},
        "OutputDataConfig": {"S3OutputPath": "s3://ml/out", "KmsKeyId": KEY}}),
    **{f"aws.sagemaker.{kind}_job_definition": (
        f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:{kind.replace('_', '-')}-job-definition/churn-monitor", REGION, {
            "MonitoringJobDefinitionName": "churn-monitor", "EndpointName": "churn", "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/sm",
            "NetworkConfig": {"EnableInterContainerTrafficEncryption": True, "EnableNetworkIsolation": True, "VpcConfig": VPC},
            "JobResources": {"ClusterConfig": {"InstanceCount": 2, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 20}}})
       for kind in ("data_quality", "model_quality", "model_bias", "model_explainability")},
    "aws.bedrock.invocation_logging": (f"arn:aws:bedrock:{REGION}:{ACCOUNT}:model-invocation-logging", REGION, {
        "loggingConfig": {"cloudWatchConfig": {"logGroupName": "/bedrock/invocations",
                                               "roleArn": f"arn:aws:iam::{ACCOUNT}:role/bedrock-logs"},
                          "textDataDeliveryEnabled": True}, "Guardrails": 1, "Agents": 1, "CustomModels": 0}),
    "aws.bedrock.guardrail": (f"arn:aws:bedrock:{REGION}:{ACCOUNT}:guardrail/gr0123456789", REGION, {
        "id": "gr0123456789", "name": "support", "version": "DRAFT", "status": "READY", "kmsKeyArn": KEY,
        "contentPolicy": {"filters": [{"type": "PROMPT_ATTACK", "inputStrength": "HIGH", "outputStrength": "NONE"},
                                      {"type": "HATE", "inputStrength": "MEDIUM", "outputStrength": "MEDIUM"}]},
        "sensitiveInformationPolicy": {"piiEntities": [{"type": "EMAIL", "action": "ANONYMIZE"}], "regexes": 0},
        "wordPolicy": {"words": 0, "managedWordLists": []}}),
    "aws.bedrock.agent": (f"arn:aws:bedrock:{REGION}:{ACCOUNT}:agent/AGENT12345", REGION, {
        "agentId": "AGENT12345", "agentName": "support", "agentStatus": "PREPARED", "customerEncryptionKeyArn": KEY,
        "guardrailConfiguration": {"guardrailIdentifier": "gr0123456789", "guardrailVersion": "1"}}),
    "aws.bedrock.custom_model": (f"arn:aws:bedrock:{REGION}:{ACCOUNT}:custom-model/support-tuned", REGION, {
        "modelName": "support-tuned", "customizationType": "FINE_TUNING", "modelKmsKeyArn": KEY}),
    "aws.comprehend.document_classifier": (f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier/tickets", REGION, {
        "DocumentClassifierArn": f"arn:aws:comprehend:{REGION}:{ACCOUNT}:document-classifier/tickets",
        "LanguageCode": "en", "Status": "TRAINED", "VolumeKmsKeyId": KEY, "ModelKmsKeyId": KEY, "VpcConfig": VPC,
        "InputDataConfig": {"S3Uri": "s3://ml/tickets.csv"}}),
    "aws.comprehend.entity_recognizer": (f"arn:aws:comprehend:{REGION}:{ACCOUNT}:entity-recognizer/products", REGION, {
        "EntityRecognizerArn": f"arn:aws:comprehend:{REGION}:{ACCOUNT}:entity-recognizer/products",
        "LanguageCode": "en", "Status": "TRAINED", "VolumeKmsKeyId": KEY, "ModelKmsKeyId": KEY, "VpcConfig": None}),
    "aws.cognito.user_pool": (f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/{REGION}_AbCdEf123", REGION, {
        "Id": f"{REGION}_AbCdEf123", "Name": "customers", "MfaConfiguration": "ON", "DeletionProtection": "ACTIVE",
        "UserPoolAddOns": {"AdvancedSecurityMode": "ENFORCED"},
        "Policies": {"PasswordPolicy": {"MinimumLength": 12, "RequireUppercase": True, "RequireLowercase": True,
                                        "RequireNumbers": True, "RequireSymbols": True, "TemporaryPasswordValidityDays": 7}},
        "MfaFactors": {"SoftwareTokenMfa": True, "SmsMfa": False, "EmailMfa": False, "WebAuthn": False}}),
    "aws.cognito.identity_pool": (f"arn:aws:cognito-identity:{REGION}:{ACCOUNT}:identitypool/{REGION}:0f1e2d3c", REGION, {
        "IdentityPoolId": f"{REGION}:0f1e2d3c", "IdentityPoolName": "app", "AllowUnauthenticatedIdentities": False,
        "AllowClassicFlow": False, "IdentityPoolTags": {}}),
    "aws.identitycenter.permission_set": ("arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef",
                                          REGION, {
        "Name": "Developers", "SessionDuration": "PT4H", "InstanceArn": "arn:aws:sso:::instance/ssoins-1234567890abcdef",
        "ManagedPolicies": [{"Name": "PowerUserAccess", "Arn": "arn:aws:iam::aws:policy/PowerUserAccess"}],
        "CustomerManagedPolicies": [], "InlinePolicy": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::builds/*"}]}}),
    "aws.directoryservice.directory": (f"arn:aws:ds:{REGION}:{ACCOUNT}:directory/d-1234567890", REGION, {
        "DirectoryId": "d-1234567890", "Name": "corp.example.com", "Type": "MicrosoftAD", "Edition": "Enterprise",
        "Stage": "Active", "RadiusStatus": "Completed", "RadiusSettings": {
            "RadiusServers": ["10.0.1.10"], "RadiusPort": 1812, "AuthenticationProtocol": "MS-CHAPv2"},
        "LogSubscriptions": [{"DirectoryId": "d-1234567890", "LogGroupName": "/aws/directoryservice/d-1234567890"}],
        "EventTopics": [{"DirectoryId": "d-1234567890", "TopicName": "directory-status", "Status": "Registered",
                         "TopicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:directory-status"}],
        "Certificates": [{"CertificateId": "c-1234567890", "CommonName": "ldaps.corp.example.com", "State": "Registered",
                          "ExpiryDateTime": "2027-06-01T00:00:00+00:00", "Type": "ServerLDAPS", "_days_to_expiry": 182}]}),
    "aws.account.alternate_contacts": (f"arn:aws:account::{ACCOUNT}:account/alternate-contacts", "global", {
        t: {"AlternateContactType": t, "HasName": True, "HasTitle": True, "HasEmailAddress": True, "HasPhoneNumber": True}
        for t in ("SECURITY", "BILLING", "OPERATIONS")}),
    "aws.ram.resource_share": (f"arn:aws:ram:{REGION}:{ACCOUNT}:resource-share/6f3a-shared-subnets", REGION, {
        "name": "shared-subnets", "owningAccountId": ACCOUNT, "allowExternalPrincipals": False, "status": "ACTIVE",
        "Principals": [{"associatedEntity": f"arn:aws:organizations::{ACCOUNT}:organization/{ORG_ID}",
                        "associationType": "PRINCIPAL", "status": "ASSOCIATED", "external": False}]}),
    "aws.servicecatalog.portfolio": (f"arn:aws:catalog:{REGION}:{ACCOUNT}:portfolio/port-abcdefghijklm", REGION, {
        "Id": "port-abcdefghijklm", "DisplayName": "platform", "ProviderName": "platform-team", "AccountShares": []}),
    "aws.organizations.organization": (f"arn:aws:organizations::{ACCOUNT}:organization/{ORG_ID}", "global", {
        "Organization": {"Id": ORG_ID, "Arn": f"arn:aws:organizations::{ACCOUNT}:organization/{ORG_ID}",
                         "FeatureSet": "ALL", "MasterAccountId": ACCOUNT},
        "IsManagementAccount": True, "Roots": [ROOT],
        "ServiceControlPolicies": [FULL_ACCESS, _policy("SERVICE_CONTROL_POLICY", "guardrails", "p-guard001", ROOT_TARGET,
                                                        Content=GUARD_SCP)],
        "AiServicesOptOutPolicies": [_policy("AISERVICES_OPT_OUT_POLICY", "ai-opt-out", "p-aiopt001", ROOT_TARGET)],
        "TagPolicies": [_policy("TAG_POLICY", "tags", "p-tags0001", ROOT_TARGET)],
        "BackupPolicies": [_policy("BACKUP_POLICY", "daily", "p-backup01", ROOT_TARGET)],
        "DelegatedAdministrators": [{"Id": "444455556666", "Name": "security", "Status": "ACTIVE",
                                     "JoinedMethod": "CREATED"}],
        "TrustedServices": ["guardduty.amazonaws.com", "sso.amazonaws.com"]}),
    "aws.cloudformation.stack": (f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/network/0a1b2c3d", REGION, {
        "StackId": f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/network/0a1b2c3d", "StackName": "network",
        "StackStatus": "UPDATE_COMPLETE", "EnableTerminationProtection": True,
        "RoleARN": f"arn:aws:iam::{ACCOUNT}:role/cfn-deployer",
        "NotificationARNs": [f"arn:aws:sns:{REGION}:{ACCOUNT}:stack-events"],
        "DriftInformation": {"StackDriftStatus": "IN_SYNC", "LastCheckTimestamp": "2026-11-30T00:00:00+00:00"},
        "ParentId": None, "Parameters": [], "Outputs": [], "_secrets_found": []}),
}


def doc(rtype: str, label: str, patch: dict[str, Any]) -> dict[str, Any]:
    rid, region, base = BASE[rtype]
    data = copy.deepcopy(base)
    for k, v in patch.items():
        if v is ABSENT:
            data.pop(k, None)
        else:
            data[k] = v
    return {"provider": "aws", "account": ACCOUNT, "region": region, "type": rtype, "id": f"{rid}-{label}",
            "name": label, "tags": {}, "data": data}


CASES: dict[str, tuple[str, dict[str, list[dict[str, Any]]]]] = {}


def case(check_id: str, rtype: str, passes: list[dict[str, Any]], fails: list[dict[str, Any]],
         errors: list[dict[str, Any]]) -> None:
    CASES[check_id] = (rtype, {"pass": passes, "fail": fails, "error": errors})


def setting(check_id: str, rtype: str, key: str, good: list[Any], bad: list[Any]) -> None:
    """Cases that set ``key`` itself; error: unreadable, and not collected."""
    case(check_id, rtype, [{key: v} for v in good], [{key: v} for v in bad], [{key: DENIED}, {key: ABSENT}])


def base(rtype: str, key: str) -> Any:
    return copy.deepcopy(BASE[rtype][2][key])


def _sagemaker() -> None:
    NB, EC, M, J = "aws.sagemaker.notebook_instance", "aws.sagemaker.endpoint_config", "aws.sagemaker.model", \
        "aws.sagemaker.training_job"
    setting("aws.sagemaker.notebook_no_direct_internet_access", NB, "DirectInternetAccess", ["Disabled"], ["Enabled", None])
    setting("aws.sagemaker.notebook_in_vpc", NB, "SubnetId", ["subnet-0123456789abcdef0"], [None, ""])
    setting("aws.sagemaker.notebook_root_access_disabled", NB, "RootAccess", ["Disabled"], ["Enabled", None])
    setting("aws.sagemaker.notebook_volume_encrypted_with_kms", NB, "KmsKeyId", [KEY, "alias/notebooks"], [None])
    case("aws.sagemaker.notebook_platform_supported", NB,
         [{}, {"PlatformIdentifier": "notebook-al2023-v1"}, {"PlatformIdentifier": "notebook-al2-v2"}],
         [{"PlatformIdentifier": "notebook-al1-v1"}],
         [{"PlatformIdentifier": None}, {"PlatformIdentifier": ABSENT}, {"PlatformIdentifier": DENIED}])
    setting("aws.sagemaker.endpoint_config_encrypted_with_kms", EC, "KmsKeyId", [KEY], [None])
    variant = base(EC, "ProductionVariants")[0]
    case("aws.sagemaker.endpoint_config_multiple_instances", EC,
         [{}, {"ProductionVariants": [{"VariantName": "sls", "ServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 5}}]}],
         [{"ProductionVariants": [{**variant, "InitialInstanceCount": 1}]},
          {"ProductionVariants": [variant, {**variant, "VariantName": "canary", "InitialInstanceCount": 1}]}],
         [{"ProductionVariants": DENIED}, {"ProductionVariants": ABSENT}])
    setting("aws.sagemaker.model_network_isolation", M, "EnableNetworkIsolation", [True], [False, None])
    setting("aws.sagemaker.model_in_vpc", M, "VpcConfig", [VPC], [None, {}, {"Subnets": [], "SecurityGroupIds": []}])
    setting("aws.sagemaker.training_job_inter_container_encryption", J, "EnableInterContainerTrafficEncryption",
            [True], [False, None])
    setting("aws.sagemaker.training_job_network_isolation", J, "EnableNetworkIsolation", [True], [False])
    setting("aws.sagemaker.training_job_in_vpc", J, "VpcConfig", [VPC], [None])
    rc = base(J, "ResourceConfig")
    setting("aws.sagemaker.training_job_volume_encrypted_with_kms", J, "ResourceConfig", [rc],
            [{k: v for k, v in rc.items() if k != "VolumeKmsKeyId"}, None])
    for kind, isolation in (("data_quality", True), ("model_quality", False), ("model_bias", True),
                            ("model_explainability", False)):
        rtype = f"aws.sagemaker.{kind}_job_definition"
        net = base(rtype, "NetworkConfig")
        flags = [("inter_container_encryption", "EnableInterContainerTrafficEncryption")]
        flags += [("network_isolation", "EnableNetworkIsolation")] if isolation else []
        for name, flag in flags:
            setting(f"aws.sagemaker.{kind}_job_{name}", rtype, "NetworkConfig", [net],
                    [{**net, flag: False}, {k: v for k, v in net.items() if k != flag}, None])


def _bedrock() -> None:
    L, G, A, M = "aws.bedrock.invocation_logging", "aws.bedrock.guardrail", "aws.bedrock.agent", "aws.bedrock.custom_model"
    setting("aws.bedrock.model_invocation_logging_enabled", L, "loggingConfig",
            [base(L, "loggingConfig"), {"s3Config": {"bucketName": "bedrock-logs", "keyPrefix": "invocations/"}}],
            [None, {}, {"textDataDeliveryEnabled": True}])
    setting("aws.bedrock.guardrail_encrypted_with_cmk", G, "kmsKeyArn", [KEY], [None])
    filters = base(G, "contentPolicy")["filters"]
    setting("aws.bedrock.guardrail_prompt_attack_filter", G, "contentPolicy",
            [{"filters": filters}, {"filters": [{**filters[0], "inputStrength": "MEDIUM"}]}],
            [None, {"filters": filters[1:]}, {"filters": [{**filters[0], "inputStrength": "LOW"}]},
             {"filters": [{**filters[0], "inputEnabled": False}]}])
    setting("aws.bedrock.guardrail_sensitive_information_filter", G, "sensitiveInformationPolicy",
            [base(G, "sensitiveInformationPolicy"), {"piiEntities": [], "regexes": 2}],
            [None, {"piiEntities": [], "regexes": 0}])
    setting("aws.bedrock.agent_encrypted_with_cmk", A, "customerEncryptionKeyArn", [KEY], [None])
    setting("aws.bedrock.agent_guardrail_associated", A, "guardrailConfiguration",
            [base(A, "guardrailConfiguration")], [None, {}])
    setting("aws.bedrock.custom_model_encrypted_with_cmk", M, "modelKmsKeyArn", [KEY], [None])


def _comprehend() -> None:
    for what in ("document_classifier", "entity_recognizer"):
        rtype = f"aws.comprehend.{what}"
        setting(f"aws.comprehend.{what}_volume_encrypted", rtype, "VolumeKmsKeyId", [KEY], [None, ""])
        setting(f"aws.comprehend.{what}_model_encrypted", rtype, "ModelKmsKeyId", [KEY], [None])


def _cognito() -> None:
    P, IP = "aws.cognito.user_pool", "aws.cognito.identity_pool"
    case("aws.cognito.user_pool_mfa_enabled", P,
         [{}, {"MfaConfiguration": "OPTIONAL"}, {"MfaConfiguration": "ON", "MfaFactors": DENIED}],
         [{"MfaConfiguration": "OFF"}, {"MfaConfiguration": None},
          {"MfaConfiguration": "OPTIONAL", "MfaFactors": {"SoftwareTokenMfa": False, "SmsMfa": True}}],
         [{"MfaConfiguration": ABSENT}, {"MfaConfiguration": DENIED}, {"MfaConfiguration": "OPTIONAL", "MfaFactors": DENIED}])
    setting("aws.cognito.user_pool_threat_protection_enforced", P, "UserPoolAddOns", [{"AdvancedSecurityMode": "ENFORCED"}],
            [{"AdvancedSecurityMode": "AUDIT"}, {"AdvancedSecurityMode": "OFF"}, None])
    pw = base(P, "Policies")["PasswordPolicy"]
    setting("aws.cognito.user_pool_password_policy_strong", P, "Policies",
            [{"PasswordPolicy": pw}, {"PasswordPolicy": {**pw, "MinimumLength": 8, "TemporaryPasswordValidityDays": 1}}],
            [{"PasswordPolicy": {**pw, "MinimumLength": 6}}, {"PasswordPolicy": {**pw, "RequireSymbols": False}},
             {"PasswordPolicy": {**pw, "TemporaryPasswordValidityDays": 30}}, {}])
    setting("aws.cognito.user_pool_deletion_protection", P, "DeletionProtection", ["ACTIVE"], ["INACTIVE", None])
    setting("aws.cognito.identity_pool_no_unauthenticated_identities", IP, "AllowUnauthenticatedIdentities", [False],
            [True, None])
    setting("aws.cognito.identity_pool_classic_flow_disabled", IP, "AllowClassicFlow", [False, None], [True])


def _identitycenter() -> None:
    PS, ORG = "aws.identitycenter.permission_set", "aws.organizations.organization"
    admin = [{"Name": "AdministratorAccess", "Arn": "arn:aws:iam::aws:policy/AdministratorAccess"}]
    setting("aws.identitycenter.permission_set_no_administrator_access", PS, "ManagedPolicies",
            [base(PS, "ManagedPolicies"), []], [admin, base(PS, "ManagedPolicies") + admin])
    full = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    denied_back = {"Version": "2012-10-17", "Statement": full["Statement"] + [
        {"Effect": "Deny", "Action": "*", "Resource": "*"}]}
    setting("aws.identitycenter.permission_set_inline_policy_not_full_admin", PS, "InlinePolicy",
            [base(PS, "InlinePolicy"), None, denied_back],
            [full, {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["*:*"], "Resource": ["*"]}]}])
    case("aws.identitycenter.permission_set_session_duration_limited", PS,
         [{}, {"SessionDuration": "PT8H"}, {"SessionDuration": "PT30M"}, {"SessionDuration": None}],
         [{"SessionDuration": "PT12H"}, {"SessionDuration": "PT8H30M"}],
         [{"SessionDuration": ABSENT}, {"SessionDuration": DENIED}, {"SessionDuration": "P1D"}])
    case("aws.identitycenter.organization_instance_enabled", ORG,
         [{}, {"IsManagementAccount": False, "TrustedServices": DENIED}, {"Organization": None}],
         [{"TrustedServices": ["guardduty.amazonaws.com"]}, {"TrustedServices": []}],
         [{"TrustedServices": DENIED}, {"IsManagementAccount": ABSENT}])


def _directoryservice() -> None:
    D = "aws.directoryservice.directory"
    case("aws.directoryservice.directory_log_forwarding_enabled", D,
         [{}, {"Type": "SimpleAD", "LogSubscriptions": []}, {"Type": "ADConnector", "LogSubscriptions": DENIED}],
         [{"LogSubscriptions": []}], [{"LogSubscriptions": DENIED}, {"Type": ABSENT}])
    setting("aws.directoryservice.directory_status_notifications_enabled", D, "EventTopics", [base(D, "EventTopics")],
            [[], [{**base(D, "EventTopics")[0], "Status": "Deleted"}]])
    cert = base(D, "Certificates")[0]
    case("aws.directoryservice.directory_certificates_not_expiring", D,
         [{}, {"Certificates": []}, {"Certificates": [{**cert, "State": "Deregistered", "_days_to_expiry": -3}]}],
         [{"Certificates": [{**cert, "_days_to_expiry": 12}]}, {"Certificates": [cert, {**cert, "_days_to_expiry": -1}]}],
         [{"Certificates": DENIED}, {"Certificates": ABSENT}, {"Certificates": [{**cert, "_days_to_expiry": None}]}])
    case("aws.directoryservice.directory_radius_mfa_enabled", D,
         [{}, {"Type": "ADConnector"}, {"Type": "SimpleAD", "RadiusStatus": None, "RadiusSettings": None}],
         [{"RadiusStatus": None, "RadiusSettings": None}, {"RadiusStatus": "Failed"}, {"RadiusSettings": {}}],
         [{"RadiusStatus": ABSENT}, {"Type": DENIED}])


def _account() -> None:
    C = "aws.account.alternate_contacts"
    for kind, cid in (("SECURITY", "security"), ("BILLING", "billing"), ("OPERATIONS", "operations")):
        full = base(C, kind)
        setting(f"aws.account.{cid}_contact_registered", C, kind, [full],
                [None, {**full, "HasEmailAddress": False, "HasPhoneNumber": False}])


def _ram_servicecatalog() -> None:
    R, S = "aws.ram.resource_share", "aws.servicecatalog.portfolio"
    setting("aws.ram.resource_share_external_principals_disallowed", R, "allowExternalPrincipals", [False], [True])
    org = base(R, "Principals")[0]
    setting("aws.ram.resource_share_principals_in_organization", R, "Principals",
            [[org], [], [{**org, "associatedEntity": "444455556666", "external": True, "status": "DISASSOCIATED"}]],
            [[org, {**org, "associatedEntity": "444455556666", "external": True}],
             [{**org, "associatedEntity": "arn:aws:iam::444455556666:role/partner", "external": True,
               "status": "ASSOCIATING"}]])
    share = {"PrincipalId": "444455556666", "Type": "ACCOUNT", "Accepted": True, "ShareTagOptions": False,
             "SharePrincipals": False}
    setting("aws.servicecatalog.portfolio_shared_within_organization", S, "AccountShares", [[]], [[share]])


def _organizations() -> None:
    OR = "aws.organizations.organization"
    no_org = {"Organization": None, "ServiceControlPolicies": [], "AiServicesOptOutPolicies": [], "TagPolicies": [],
              "BackupPolicies": [], "IsManagementAccount": ABSENT, "Roots": ABSENT, "DelegatedAdministrators": ABSENT,
              "TrustedServices": ABSENT}
    scp_only = {"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}
    for cid, key in (("ai_services_opt_out_policy_attached", "AiServicesOptOutPolicies"),
                           ("tag_policy_attached", "TagPolicies"),
                           ("backup_policy_attached", "BackupPolicies")):
        unattached = [{**base(OR, key)[0], "Targets": []}]
        case(f"aws.organizations.{cid}", OR, [{}],
             [no_org, {key: []}, {key: unattached}, {"Roots": [{**ROOT, "PolicyTypes": [scp_only]}]}],
             [{key: DENIED}, {key: ABSENT}, {"Roots": DENIED}])
    guard = base(OR, "ServiceControlPolicies")
    leave_only = [FULL_ACCESS, {**guard[1], "Content": {"Version": "2012-10-17", "Statement": [GUARD_SCP["Statement"][0]]}}]
    detached = [FULL_ACCESS, {**guard[1], "Targets": []}]
    case("aws.organizations.scp_denies_leaving_organization", OR, [{}, {"ServiceControlPolicies": leave_only}],
         [no_org, {"ServiceControlPolicies": [FULL_ACCESS]}, {"ServiceControlPolicies": detached}],
         [{"ServiceControlPolicies": DENIED}, {"ServiceControlPolicies": [FULL_ACCESS, {**guard[1], "Content": DENIED}]}])
    case("aws.organizations.scp_protects_security_services", OR, [{}],
         [no_org, {"ServiceControlPolicies": leave_only}, {"ServiceControlPolicies": [FULL_ACCESS]}],
         [{"ServiceControlPolicies": DENIED}, {"ServiceControlPolicies": ABSENT}])
    case("aws.organizations.account_part_of_organization", OR, [{}, {"IsManagementAccount": False}], [no_org], [])
    admins = base(OR, "DelegatedAdministrators")
    case("aws.organizations.delegated_administrators_active", OR, [{}, {"DelegatedAdministrators": []}],
         [no_org, {"DelegatedAdministrators": admins + [{**admins[0], "Id": "777788889999", "Status": "SUSPENDED"}]}],
         [{"DelegatedAdministrators": DENIED}, {"DelegatedAdministrators": ABSENT}])


def _cloudformation() -> None:
    S = "aws.cloudformation.stack"
    parent = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/platform/9f8e7d6c"
    case("aws.cloudformation.stack_termination_protection_enabled", S,
         [{}, {"EnableTerminationProtection": False, "ParentId": parent, "RootId": parent}],
         [{"EnableTerminationProtection": False}], [{"EnableTerminationProtection": ABSENT}])
    case("aws.cloudformation.stack_not_drifted", S,
         [{}, {"DriftInformation": {"StackDriftStatus": "NOT_CHECKED"}}, {"DriftInformation": None}],
         [{"DriftInformation": {"StackDriftStatus": "DRIFTED", "LastCheckTimestamp": "2026-11-30T00:00:00+00:00"}}],
         [{"DriftInformation": ABSENT}])
    setting("aws.cloudformation.stack_notifications_configured", S, "NotificationARNs",
            [base(S, "NotificationARNs")], [[]])
    setting("aws.cloudformation.stack_has_service_role", S, "RoleARN", [base(S, "RoleARN")], [None])


def documents() -> dict[str, dict[str, Any]]:
    for part in (_sagemaker, _bedrock, _comprehend, _cognito, _identitycenter, _directoryservice, _account,
                 _ram_servicecatalog, _organizations, _cloudformation):
        part()
    return {cid: {status: [doc(rtype, f"{status}-{i}", p) for i, p in enumerate(patches)]
                  for status, patches in cases.items() if patches} for cid, (rtype, cases) in CASES.items()}


def main() -> None:
    for cid, content in documents().items():
        (FIXTURES / f"{cid}.json").write_text(json.dumps(content, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
