"""Per-check fixtures (tests/checks/fixtures/<check id>.json) for the detection-and-management
checks (issue 15).

Each resource is a base document in the shape the collector produces (cut from a collection
against moto or the stand-in of test_detect_standin.py, which serves the API reference's answer
shapes), with the settings the check reads changed: ``pass``, ``fail`` and ``error`` (the
setting marked unreadable, or absent) cases.  Rewrite them after changing a collector or a check:

    python -m tests.collectors.aws_detect.make_fixtures
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

ON = {"Status": "ENABLED"}
FEATURES = [
    {"Name": "CLOUD_TRAIL", **ON}, {"Name": "DNS_LOGS", **ON}, {"Name": "FLOW_LOGS", **ON},
    {"Name": "S3_DATA_EVENTS", **ON}, {"Name": "EKS_AUDIT_LOGS", **ON}, {"Name": "EBS_MALWARE_PROTECTION", **ON},
    {"Name": "RDS_LOGIN_EVENTS", **ON}, {"Name": "LAMBDA_NETWORK_LOGS", **ON},
    {"Name": "RUNTIME_MONITORING", **ON, "AdditionalConfiguration": [
        {"Name": "EKS_ADDON_MANAGEMENT", **ON}, {"Name": "ECS_FARGATE_AGENT_MANAGEMENT", **ON},
        {"Name": "EC2_AGENT_MANAGEMENT", **ON}]},
]
DETECTOR = {"DetectorId": "12abc34d567e8fa901bc2d34e56789f0", "Status": "ENABLED", "FindingPublishingFrequency": "FIFTEEN_MINUTES",
            "ServiceRole": f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
            "CreatedAt": "2026-01-05T10:00:00.000Z", "UpdatedAt": "2026-11-20T10:00:00.000Z", "Features": FEATURES,
            "_high_findings": 0, "_high_findings_more": False, "_organization": None}
SLR = f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
TRAIL = {"Name": "org-trail", "TrailARN": f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/org-trail", "HomeRegion": REGION,
         "IsMultiRegionTrail": True, "IsLogging": True, "S3BucketName": "log-archive-trails",
         "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": [
             {"Type": "AWS::Lambda::Function", "Values": ["arn:aws:lambda"]},
             {"Type": "AWS::DynamoDB::Table", "Values": ["arn:aws:dynamodb"]}]}], "AdvancedEventSelectors": []}
ADVANCED = [{"Name": "management", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]},
            {"Name": "data", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]},
                                                 {"Field": "resources.type", "Equals": ["AWS::Lambda::Function"]}]},
            {"Name": "ddb", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]},
                                                {"Field": "resources.type", "Equals": ["AWS::DynamoDB::Table"]},
                                                {"Field": "resources.ARN", "StartsWith": [f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"]}]}]

BASE: dict[str, tuple[str, str, dict[str, Any]]] = {
    "aws.guardduty.region": (f"arn:aws:guardduty:{REGION}:{ACCOUNT}:detectors", f"guardduty {REGION}", {"Detectors": [DETECTOR]}),
    "aws.inspector2.region": (f"arn:aws:inspector2:{REGION}:{ACCOUNT}:account-status", f"inspector2 {REGION}", {
        "Status": "ENABLED", "ResourceState": {"ec2": "ENABLED", "ecr": "ENABLED", "lambda": "ENABLED", "lambdaCode": "ENABLED"},
        "_severity_counts": {"all": 12, "critical": 0, "high": 3, "medium": 9}}),
    "aws.macie.region": (f"arn:aws:macie2:{REGION}:{ACCOUNT}:session", f"macie {REGION}", {
        "status": "ENABLED", "findingPublishingFrequency": "FIFTEEN_MINUTES",
        "serviceRole": f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie",
        "_automated_discovery": {"status": "ENABLED", "firstEnabledAt": "2026-02-01T00:00:00Z"}}),
    "aws.securityhub.region": (f"arn:aws:securityhub:{REGION}:{ACCOUNT}:hub/default", f"securityhub {REGION}", {
        "Enabled": True, "HubArn": f"arn:aws:securityhub:{REGION}:{ACCOUNT}:hub/default", "SubscribedAt": "2026-01-05T10:00:00.000Z",
        "AutoEnableControls": True, "ControlFindingGenerator": "SECURITY_CONTROL", "Standards": [
            {"StandardsArn": f"arn:aws:securityhub:{REGION}::standards/aws-foundational-security-best-practices/v/1.0.0",
             "StandardsSubscriptionArn": f"arn:aws:securityhub:{REGION}:{ACCOUNT}:subscription/aws-foundational-security-best-practices/v/1.0.0",
             "StandardsStatus": "READY"},
            {"StandardsArn": f"arn:aws:securityhub:{REGION}::standards/cis-aws-foundations-benchmark/v/3.0.0",
             "StandardsSubscriptionArn": f"arn:aws:securityhub:{REGION}:{ACCOUNT}:subscription/cis-aws-foundations-benchmark/v/3.0.0",
             "StandardsStatus": "READY"}],
        "_organization": None}),
    "aws.config.region": (f"arn:aws:config:{REGION}:{ACCOUNT}:recorders", f"config {REGION}", {
        "ConfigurationRecorders": [{"name": "default", "roleARN": SLR, "recordingGroup": {
            "allSupported": True, "includeGlobalResourceTypes": True, "resourceTypes": []}}],
        "RecorderStatus": [{"name": "default", "recording": True, "lastStatus": "SUCCESS"}],
        "DeliveryChannels": [{"name": "default", "s3BucketName": "config-history"}]}),
    "aws.config.delivery_channel": (f"arn:aws:config:{REGION}:{ACCOUNT}:delivery-channel/default", "default", {
        "name": "default", "s3BucketName": "config-history", "_status": {
            "name": "default", "configSnapshotDeliveryInfo": {"lastStatus": "Success", "lastAttemptTime": "2026-11-30T10:00:00Z"},
            "configHistoryDeliveryInfo": {"lastStatus": "Success", "lastAttemptTime": "2026-11-30T10:00:00Z"},
            "configStreamDeliveryInfo": {"lastStatus": "Not_Applicable"}}}),
    "aws.config.conformance_pack": (f"arn:aws:config:{REGION}:{ACCOUNT}:conformance-pack/op-best-practices/conformance-pack-abcd1234",
                                    "op-best-practices", {
        "ConformancePackName": "op-best-practices", "ConformancePackId": "conformance-pack-abcd1234",
        "ConformancePackArn": f"arn:aws:config:{REGION}:{ACCOUNT}:conformance-pack/op-best-practices/conformance-pack-abcd1234",
        "DeliveryS3Bucket": "config-packs", "_status": {"ConformancePackName": "op-best-practices",
                                                        "ConformancePackState": "CREATE_COMPLETE"}}),
    "aws.logs.log_group": (f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/app/api", "/app/api", {
        "logGroupName": "/app/api", "logGroupArn": f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/app/api",
        "creationTime": 1767225600000, "retentionInDays": 400, "kmsKeyId": KEY, "logGroupClass": "STANDARD"}),
    "aws.cloudtrail.account": (f"arn:aws:cloudtrail::{ACCOUNT}:account", f"cloudtrail {ACCOUNT}", {"Trails": [TRAIL]}),
    "aws.cloudtrail.trail": (f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/org-trail", "org-trail", {
        "Name": "org-trail", "TrailARN": f"arn:aws:cloudtrail:{REGION}:{ACCOUNT}:trail/org-trail", "HomeRegion": REGION,
        "IsMultiRegionTrail": True, "S3BucketName": "log-archive-trails", "LogFileValidationEnabled": True,
        "_status": {"IsLogging": True}, "_event_selectors": {"EventSelectors": [], "AdvancedEventSelectors": []},
        "_insight_selectors": [{"InsightType": "ApiCallRateInsight"}, {"InsightType": "ApiErrorRateInsight"}]}),
    "aws.ssm.region": (f"arn:aws:ssm:{REGION}:{ACCOUNT}:service-settings", f"ssm {REGION}", {
        "PublicSharingPermission": "Disable", "AutomationLogDestination": "CloudWatch", "_managed_instances": 3,
        "_session_preferences": {"s3BucketName": "", "cloudWatchLogGroupName": "/ssm/sessions",
                                 "cloudWatchEncryptionEnabled": True, "kmsKeyId": KEY, "runAsEnabled": False}}),
    "aws.ssm.managed_instance": (f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0abc123def4567890", "i-0abc123def4567890", {
        "InstanceId": "i-0abc123def4567890", "PingStatus": "Online", "PlatformType": "Linux", "PlatformName": "Amazon Linux",
        "AgentVersion": "3.3.1142.0", "IsLatestVersion": True, "ResourceType": "EC2Instance",
        "_compliance": {"Patch": {"Status": "COMPLIANT", "OverallSeverity": "UNSPECIFIED", "NonCompliantCount": 0},
                        "Association": {"Status": "COMPLIANT", "OverallSeverity": "UNSPECIFIED", "NonCompliantCount": 0}}}),
    "aws.backup.plan": (f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-plan:8a5b1c2d-0000-4000-8000-000000000001", "daily", {
        "BackupPlanArn": f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-plan:8a5b1c2d-0000-4000-8000-000000000001",
        "BackupPlanId": "8a5b1c2d-0000-4000-8000-000000000001", "BackupPlanName": "daily", "VersionId": "v1",
        "Rules": [{"RuleName": "daily", "TargetBackupVaultName": "prod", "ScheduleExpression": "cron(0 5 ? * * *)",
                   "Lifecycle": {"DeleteAfterDays": 35}}],
        "_selections": [{"SelectionId": "sel-1", "SelectionName": "tagged", "BackupPlanId": "8a5b1c2d-0000-4000-8000-000000000001",
                         "IamRoleArn": f"arn:aws:iam::{ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole"}]}),
    "aws.backup.vault": (f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:prod", "prod", {
        "BackupVaultName": "prod", "BackupVaultArn": f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:prod",
        "EncryptionKeyArn": KEY, "NumberOfRecoveryPoints": 4, "Locked": True, "MinRetentionDays": 7, "Policy": None}),
    "aws.backup.recovery_point": (f"arn:aws:ec2:{REGION}::snapshot/snap-0123456789abcdef0", "orders-db", {
        "RecoveryPointArn": f"arn:aws:ec2:{REGION}::snapshot/snap-0123456789abcdef0", "BackupVaultName": "prod",
        "BackupVaultArn": f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:prod", "ResourceType": "EBS",
        "ResourceArn": f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/vol-0123456789abcdef0", "Status": "COMPLETED",
        "CreationDate": "2026-11-30T05:00:00Z", "IsEncrypted": True, "EncryptionKeyArn": KEY,
        "Lifecycle": {"DeleteAfterDays": 35}, "ResourceName": "orders-db"}),
    "aws.acm.certificate": (f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012", "api.example.com", {
        "CertificateArn": f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012",
        "DomainName": "api.example.com", "SubjectAlternativeNames": ["api.example.com"], "Status": "ISSUED",
        "Type": "AMAZON_ISSUED", "KeyAlgorithm": "RSA_2048", "NotAfter": "2027-06-01T00:00:00+00:00", "_days_to_expiry": 180,
        "InUseBy": [f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188"],
        "DomainValidationOptions": [{"DomainName": "api.example.com", "ValidationStatus": "SUCCESS", "ValidationMethod": "DNS"}],
        "Options": {"CertificateTransparencyLoggingPreference": "ENABLED"}}),
    "aws.trustedadvisor.security_check": (f"arn:aws:trustedadvisor::{ACCOUNT}:checks/HCP4007jGY", "Security Groups - Specific Ports Unrestricted", {
        "id": "HCP4007jGY", "name": "Security Groups - Specific Ports Unrestricted", "category": "security",
        "_summary": {"status": "ok", "timestamp": "2026-11-30T10:00:00Z", "hasFlaggedResources": False,
                     "resourcesSummary": {"resourcesProcessed": 40, "resourcesFlagged": 0, "resourcesIgnored": 0,
                                          "resourcesSuppressed": 0}}}),
    "aws.trustedadvisor.fault_tolerance_check": (f"arn:aws:trustedadvisor::{ACCOUNT}:checks/H7IgTzjTYb", "Amazon EBS Snapshots", {
        "id": "H7IgTzjTYb", "name": "Amazon EBS Snapshots", "category": "fault_tolerance",
        "_summary": {"status": "ok", "timestamp": "2026-11-30T10:00:00Z", "hasFlaggedResources": False,
                     "resourcesSummary": {"resourcesProcessed": 12, "resourcesFlagged": 0, "resourcesIgnored": 0,
                                          "resourcesSuppressed": 0}}}),
    "aws.shield.subscription": (f"arn:aws:shield::{ACCOUNT}:subscription/1a2b3c4d5e6f", f"shield advanced {ACCOUNT}", {
        "SubscriptionArn": f"arn:aws:shield::{ACCOUNT}:subscription/1a2b3c4d5e6f", "StartTime": "2026-02-12T00:00:00Z",
        "EndTime": "2027-02-12T00:00:00Z", "TimeCommitmentInSeconds": 31536000, "AutoRenew": "ENABLED",
        "ProactiveEngagementStatus": "ENABLED",
        "_drt_access": {"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/shield-drt", "LogBucketList": ["alb-logs"]},
        "_emergency_contacts": 2}),
    "aws.shield.protection": (f"arn:aws:shield::{ACCOUNT}:protection/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", "web-alb", {
        "Id": "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", "Name": "web-alb",
        "ResourceArn": f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188",
        "ProtectionArn": f"arn:aws:shield::{ACCOUNT}:protection/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
        "HealthCheckIds": ["abcdef12-3456-7890-abcd-ef1234567890"],
        "ApplicationLayerAutomaticResponseConfiguration": {"Status": "ENABLED", "Action": {"Block": {}}}}),
    "aws.auditmanager.account": (f"arn:aws:auditmanager:{REGION}:{ACCOUNT}:account", f"auditmanager {REGION}", {
        "status": "ACTIVE", "settings": {"isAwsOrgEnabled": False, "kmsKey": KEY,
                                          "defaultAssessmentReportsDestination": {"destinationType": "S3", "destination": "s3://audit-reports"},
                                          "evidenceFinderEnablement": {"enablementStatus": "ENABLED"}},
        "_active_assessments": [{"id": "5c2f0000-0000-4000-8000-000000000001", "name": "SOC 2", "complianceType": "SOC2",
                                 "status": "ACTIVE"}]}),
    "aws.resiliencehub.app": (f"arn:aws:resiliencehub:{REGION}:{ACCOUNT}:app/0f1e2d3c-0000-4000-8000-000000000001", "orders", {
        "appArn": f"arn:aws:resiliencehub:{REGION}:{ACCOUNT}:app/0f1e2d3c-0000-4000-8000-000000000001", "name": "orders",
        "status": "Active", "policyArn": f"arn:aws:resiliencehub:{REGION}:{ACCOUNT}:resiliency-policy/2a3b4c5d-0000-4000-8000-000000000001",
        "complianceStatus": "PolicyMet", "assessmentSchedule": "Daily", "driftStatus": "NotDetected", "resiliencyScore": 87.5,
        "creationTime": "2026-03-01T00:00:00Z"}),
}
GLOBAL_TYPES = {"aws.cloudtrail.account", "aws.trustedadvisor.security_check", "aws.trustedadvisor.fault_tolerance_check",
                "aws.shield.subscription", "aws.shield.protection"}


def res(rtype: str, patch: dict[str, Any] | None = None, suffix: str = "", account: str = ACCOUNT,
        region: str | None = None) -> dict[str, Any]:
    rid, name, data = BASE[rtype]
    doc = copy.deepcopy(data)
    for k, v in (patch or {}).items():
        if v is DROP:
            doc.pop(k, None)
        else:
            doc[k] = v
    return {"provider": "aws", "account": account,
            "region": region or ("global" if rtype in GLOBAL_TYPES else REGION), "type": rtype,
            "id": rid + suffix, "name": name + suffix, "tags": {}, "data": doc}


def det(**changes: Any) -> dict[str, Any]:
    """The guardduty region with its detector changed (``DROP`` removes a key)."""
    d = copy.deepcopy(DETECTOR)
    for k, v in changes.items():
        if v is DROP:
            d.pop(k, None)
        else:
            d[k] = v
    return {"Detectors": [d]}


def features(name: str, status: str | None = "DISABLED", agent: str | None = None) -> list[dict[str, Any]]:
    """The full feature list with ``name`` set to ``status`` (None: absent), or its agent ``agent`` off."""
    out = []
    for f in copy.deepcopy(FEATURES):
        if f["Name"] == name:
            if agent:
                for a in f["AdditionalConfiguration"]:
                    if a["Name"] == agent:
                        a["Status"] = "DISABLED"
            elif status is None:
                continue
            else:
                f["Status"] = status
        out.append(f)
    return out


NO_DETECTOR = {"Detectors": [{"DetectorId": "d-suspended", "Status": "DISABLED"}]}
Case = tuple[str, list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]  # type, pass, fail, error patches


def guardduty_plan(feature: str, agent: str | None = None) -> Case:
    fails = [det(Features=features(feature, agent=agent) if agent else features(feature)),
             det(Features=features(feature, None) if not agent else features("RUNTIME_MONITORING", "DISABLED"))]
    return ("aws.guardduty.region", [{}, NO_DETECTOR], fails, [det(Features=DROP), det(Status=DENIED)])


def sh(**patch: Any) -> dict[str, Any]:
    return patch


SH = BASE["aws.securityhub.region"][2]
FSBP_ONLY = [SH["Standards"][0]]
CIS_ONLY = [SH["Standards"][1]]

CASES: dict[str, Case] = {
    "aws.guardduty.s3_protection_enabled": guardduty_plan("S3_DATA_EVENTS"),
    "aws.guardduty.eks_audit_logs_enabled": guardduty_plan("EKS_AUDIT_LOGS"),
    "aws.guardduty.rds_protection_enabled": guardduty_plan("RDS_LOGIN_EVENTS"),
    "aws.guardduty.lambda_protection_enabled": guardduty_plan("LAMBDA_NETWORK_LOGS"),
    "aws.guardduty.malware_protection_enabled": guardduty_plan("EBS_MALWARE_PROTECTION"),
    "aws.guardduty.runtime_monitoring_enabled": guardduty_plan("RUNTIME_MONITORING"),
    "aws.guardduty.eks_runtime_monitoring_enabled": (
        "aws.guardduty.region",
        [{}, det(Features=features("RUNTIME_MONITORING", None) + [
            {"Name": "EKS_RUNTIME_MONITORING", **ON, "AdditionalConfiguration": [{"Name": "EKS_ADDON_MANAGEMENT", **ON}]}])],
        [det(Features=features("RUNTIME_MONITORING", agent="EKS_ADDON_MANAGEMENT")), det(Features=features("RUNTIME_MONITORING"))],
        [det(Features=DROP)]),
    "aws.guardduty.ecs_runtime_monitoring_enabled": guardduty_plan("RUNTIME_MONITORING", "ECS_FARGATE_AGENT_MANAGEMENT"),
    "aws.guardduty.ec2_runtime_monitoring_enabled": guardduty_plan("RUNTIME_MONITORING", "EC2_AGENT_MANAGEMENT"),
    "aws.guardduty.no_high_severity_findings": (
        "aws.guardduty.region", [{}, NO_DETECTOR], [det(_high_findings=3), det(_high_findings=50, _high_findings_more=True)],
        [det(_high_findings=DENIED), det(_high_findings=DROP)]),
    "aws.guardduty.findings_published_hourly": (
        "aws.guardduty.region", [{}, det(FindingPublishingFrequency="ONE_HOUR")], [det(FindingPublishingFrequency="SIX_HOURS")],
        [det(FindingPublishingFrequency=DROP)]),
    "aws.guardduty.organization_auto_enable": (
        "aws.guardduty.region", [{}, det(_organization={"AutoEnableOrganizationMembers": "ALL", "AutoEnable": True}),
                                 det(_organization={"AutoEnable": True})],
        [det(_organization={"AutoEnableOrganizationMembers": "NONE", "AutoEnable": False}), det(_organization={"AutoEnable": False})],
        [det(_organization=DENIED)]),
    "aws.inspector2.ec2_scanning_enabled": (
        "aws.inspector2.region", [{}], [{"ResourceState": {"ec2": "DISABLED", "ecr": "ENABLED", "lambda": "ENABLED", "lambdaCode": "ENABLED"}},
                                        {"Status": "DISABLED", "ResourceState": dict.fromkeys(("ec2", "ecr", "lambda", "lambdaCode"), "DISABLED")}],
        [{"ResourceState": dict.fromkeys(("ec2", "ecr", "lambda", "lambdaCode"), DENIED)}, {"ResourceState": DROP}]),
    "aws.inspector2.ecr_scanning_enabled": (
        "aws.inspector2.region", [{}], [{"ResourceState": {"ec2": "ENABLED", "ecr": "SUSPENDED", "lambda": "ENABLED", "lambdaCode": "ENABLED"}}],
        [{"ResourceState": dict.fromkeys(("ec2", "ecr", "lambda", "lambdaCode"), DENIED)}]),
    "aws.inspector2.lambda_scanning_enabled": (
        "aws.inspector2.region", [{}], [{"ResourceState": {"ec2": "ENABLED", "ecr": "ENABLED", "lambda": "DISABLED", "lambdaCode": "DISABLED"}}],
        [{"ResourceState": DROP}]),
    "aws.inspector2.lambda_code_scanning_enabled": (
        "aws.inspector2.region", [{}], [{"ResourceState": {"ec2": "ENABLED", "ecr": "ENABLED", "lambda": "ENABLED", "lambdaCode": "DISABLED"}}],
        [{"ResourceState": dict.fromkeys(("ec2", "ecr", "lambda", "lambdaCode"), DENIED)}]),
    "aws.inspector2.no_critical_findings": (
        "aws.inspector2.region", [{}, {"_severity_counts": None}], [{"_severity_counts": {"all": 40, "critical": 2, "high": 10, "medium": 28}}],
        [{"_severity_counts": DENIED}, {"_severity_counts": DROP}]),
    "aws.macie.enabled": ("aws.macie.region", [{}], [{"status": "DISABLED", "_automated_discovery": None}, {"status": "PAUSED"}],
                          [{"status": DENIED}]),
    "aws.macie.automated_discovery_enabled": (
        "aws.macie.region", [{}, {"status": "DISABLED", "_automated_discovery": None}],
        [{"_automated_discovery": {"status": "DISABLED"}}, {"_automated_discovery": {}}],
        [{"_automated_discovery": DENIED}, {"_automated_discovery": DROP}]),
    "aws.securityhub.fsbp_standard_enabled": (
        "aws.securityhub.region", [{}, {"Enabled": False, "Standards": []}],
        [{"Standards": CIS_ONLY}, {"Standards": [{**FSBP_ONLY[0], "StandardsStatus": "FAILED"}]}],
        [{"Standards": DENIED}]),
    "aws.securityhub.cis_standard_enabled": (
        "aws.securityhub.region", [{}, {"Standards": [{**CIS_ONLY[0], "StandardsArn": "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0"}]}],
        [{"Standards": FSBP_ONLY}], [{"Standards": DENIED}]),
    "aws.securityhub.auto_enable_controls": (
        "aws.securityhub.region", [{}, {"Enabled": False, "Standards": []}], [{"AutoEnableControls": False}],
        [{"AutoEnableControls": DROP}]),
    "aws.securityhub.organization_auto_enable": (
        "aws.securityhub.region",
        [{}, {"_organization": {"AutoEnable": False, "OrganizationConfiguration": {"ConfigurationType": "CENTRAL", "Status": "ENABLED"}}},
         {"_organization": {"AutoEnable": True, "AutoEnableStandards": "DEFAULT"}}],
        [{"_organization": {"AutoEnable": False, "AutoEnableStandards": "NONE",
                            "OrganizationConfiguration": {"ConfigurationType": "LOCAL"}}}],
        [{"_organization": DENIED}]),
    "aws.config.recorder_uses_service_linked_role": (
        "aws.config.region", [{}, {"ConfigurationRecorders": [], "RecorderStatus": []}],
        [{"ConfigurationRecorders": [{"name": "default", "roleARN": f"arn:aws:iam::{ACCOUNT}:role/config-recorder",
                                      "recordingGroup": {"allSupported": True}}]}],
        [{"ConfigurationRecorders": DENIED}]),
    "aws.config.delivery_channel_healthy": (
        "aws.config.delivery_channel", [{}],
        [{"_status": {"name": "default", "configHistoryDeliveryInfo": {"lastStatus": "Failure", "lastErrorCode": "AccessDenied",
                                                                        "lastErrorMessage": "Access Denied"}}},
         {"_status": {"name": "default", "configSnapshotDeliveryInfo": {"lastStatus": "Failure", "lastErrorCode": "NoSuchBucket"}}}],
        [{"_status": DENIED}]),
    "aws.config.conformance_pack_deployed": (
        "aws.config.conformance_pack", [{}],
        [{"_status": {"ConformancePackName": "op-best-practices", "ConformancePackState": "CREATE_FAILED",
                      "ConformancePackStatusReason": "Failure in creating a stack"}}],
        [{"_status": DENIED}]),
    "aws.logs.log_group_retention_365_days": (
        "aws.logs.log_group", [{}, {"retentionInDays": None}, {"retentionInDays": 365}], [{"retentionInDays": 30}],
        [{"retentionInDays": DROP}]),
    "aws.logs.log_group_encrypted_with_kms": ("aws.logs.log_group", [{}], [{"kmsKeyId": None}], [{"kmsKeyId": DROP}]),
    "aws.cloudtrail.lambda_data_events_logged": (
        "aws.cloudtrail.account", [{}, {"Trails": [{**TRAIL, "EventSelectors": [], "AdvancedEventSelectors": ADVANCED}]}],
        [{"Trails": [{**TRAIL, "EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": [
            {"Type": "AWS::Lambda::Function", "Values": [f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:one"]}]}]}]},
         {"Trails": [{**TRAIL, "IsMultiRegionTrail": False}]}],
        [{"Trails": [{**TRAIL, "EventSelectors": DENIED}]}, {"Trails": DENIED}]),
    "aws.cloudtrail.dynamodb_data_events_logged": (
        "aws.cloudtrail.account", [{}],
        [{"Trails": [{**TRAIL, "EventSelectors": [], "AdvancedEventSelectors": ADVANCED}]},
         {"Trails": [{**TRAIL, "IsLogging": False}]}],
        [{"Trails": [{**TRAIL, "IsLogging": DENIED}]}]),
    "aws.cloudtrail.insights_enabled": (
        "aws.cloudtrail.trail", [{}, {"_insight_selectors": [{"InsightType": "ApiErrorRateInsight"}]}], [{"_insight_selectors": []}],
        [{"_insight_selectors": DENIED}, {"_insight_selectors": DROP}]),
    "aws.ssm.documents_public_sharing_blocked": (
        "aws.ssm.region", [{}], [{"PublicSharingPermission": "Enable"}], [{"PublicSharingPermission": DENIED}]),
    "aws.ssm.automation_logging_enabled": (
        "aws.ssm.region", [{}], [{"AutomationLogDestination": "NONE"}, {"AutomationLogDestination": None}],
        [{"AutomationLogDestination": DENIED}]),
    "aws.ssm.session_manager_logging_enabled": (
        "aws.ssm.region", [{}, {"_managed_instances": 0, "_session_preferences": None}],
        [{"_session_preferences": {"s3BucketName": "", "cloudWatchLogGroupName": "", "kmsKeyId": KEY}},
         {"_session_preferences": None}],
        [{"_session_preferences": DENIED}, {"_managed_instances": DENIED}]),
    "aws.ssm.session_manager_encrypted": (
        "aws.ssm.region", [{}, {"_managed_instances": 0, "_session_preferences": None}],
        [{"_session_preferences": {"s3BucketName": "session-logs", "kmsKeyId": ""}}, {"_session_preferences": None}],
        [{"_session_preferences": DENIED}]),
    "aws.ssm.managed_instance_patch_compliant": (
        "aws.ssm.managed_instance", [{}],
        [{"_compliance": {"Patch": {"Status": "NON_COMPLIANT", "OverallSeverity": "CRITICAL", "NonCompliantCount": 4}}},
         {"_compliance": {}}],
        [{"_compliance": DENIED}]),
    "aws.ssm.managed_instance_association_compliant": (
        "aws.ssm.managed_instance", [{}, {"_compliance": {}}],
        [{"_compliance": {"Association": {"Status": "NON_COMPLIANT", "OverallSeverity": "UNSPECIFIED", "NonCompliantCount": 1}}}],
        [{"_compliance": DENIED}]),
    "aws.backup.plan_has_selection": ("aws.backup.plan", [{}], [{"_selections": []}], [{"_selections": DENIED}]),
    "aws.backup.vault_lock_enabled": ("aws.backup.vault", [{}], [{"Locked": False}], [{"Locked": DROP}]),
    "aws.backup.recovery_point_encrypted": ("aws.backup.recovery_point", [{}], [{"IsEncrypted": False}], [{"IsEncrypted": DROP}]),
    "aws.backup.recovery_point_retained_7_days": (
        "aws.backup.recovery_point", [{}, {"Lifecycle": None}, {"Lifecycle": {"MoveToColdStorageAfterDays": 30}}],
        [{"Lifecycle": {"DeleteAfterDays": 1}}], [{"Lifecycle": DROP}]),
    "aws.acm.transparency_logging_enabled": (
        "aws.acm.certificate", [{}, {"Options": {}}, {"Type": "IMPORTED", "Options": {"CertificateTransparencyLoggingPreference": "DISABLED"}}],
        [{"Options": {"CertificateTransparencyLoggingPreference": "DISABLED"}}], [{"Type": DROP}]),
    "aws.acm.no_wildcard_certificate": (
        "aws.acm.certificate", [{}], [{"DomainName": "*.example.com", "SubjectAlternativeNames": ["*.example.com", "example.com"]},
                                      {"SubjectAlternativeNames": ["api.example.com", "*.api.example.com"]}],
        [{"DomainName": DROP}]),
    "aws.acm.certificate_in_use": (
        "aws.acm.certificate", [{}, {"Status": "PENDING_VALIDATION", "InUseBy": []}], [{"InUseBy": []}], [{"Status": DROP}]),
    "aws.acm.validation_not_failed": (
        "aws.acm.certificate", [{}],
        [{"Status": "FAILED", "FailureReason": "CAA_ERROR"},
         {"Status": "PENDING_VALIDATION", "DomainValidationOptions": [
             {"DomainName": "api.example.com", "ValidationStatus": "FAILED", "ValidationMethod": "EMAIL"}]}],
        [{"Status": DENIED}]),
    "aws.trustedadvisor.security_check_ok": (
        "aws.trustedadvisor.security_check", [{}, {"_summary": {"status": "not_available"}}],
        [{"_summary": {"status": "error", "hasFlaggedResources": True, "resourcesSummary": {"resourcesFlagged": 3}}},
         {"_summary": {"status": "warning", "hasFlaggedResources": True, "resourcesSummary": {"resourcesFlagged": 1}}}],
        [{"_summary": DENIED}]),
    "aws.trustedadvisor.fault_tolerance_check_ok": (
        "aws.trustedadvisor.fault_tolerance_check", [{}],
        [{"_summary": {"status": "warning", "hasFlaggedResources": True, "resourcesSummary": {"resourcesFlagged": 7}}}],
        [{"_summary": DENIED}]),
    "aws.shield.subscription_auto_renew": ("aws.shield.subscription", [{}], [{"AutoRenew": "DISABLED"}], [{"AutoRenew": DROP}]),
    "aws.shield.drt_access_granted": (
        "aws.shield.subscription", [{}], [{"_drt_access": {"RoleArn": None, "LogBucketList": []}}], [{"_drt_access": DENIED}]),
    "aws.shield.proactive_engagement_enabled": (
        "aws.shield.subscription", [{}], [{"ProactiveEngagementStatus": "DISABLED"}, {"_emergency_contacts": 0}],
        [{"_emergency_contacts": DENIED}]),
    "aws.shield.protection_has_health_check": (
        "aws.shield.protection", [{}], [{"HealthCheckIds": []}], [{"HealthCheckIds": DROP}]),
    "aws.shield.protection_automatic_layer7_mitigation": (
        "aws.shield.protection",
        [{}, {"ResourceArn": f"arn:aws:ec2:{REGION}:{ACCOUNT}:eip-allocation/eipalloc-0123456789abcdef0",
              "ApplicationLayerAutomaticResponseConfiguration": None}],
        [{"ApplicationLayerAutomaticResponseConfiguration": {"Status": "DISABLED"}},
         {"ResourceArn": f"arn:aws:cloudfront::{ACCOUNT}:distribution/E1ABCDEFGHIJKL",
          "ApplicationLayerAutomaticResponseConfiguration": None}],
        [{"ResourceArn": DROP}]),
    "aws.auditmanager.settings_encrypted_with_cmk": (
        "aws.auditmanager.account", [{}], [{"settings": {"kmsKey": "DEFAULT"}}], [{"settings": DENIED}]),
    "aws.auditmanager.report_destination_configured": (
        "aws.auditmanager.account", [{}], [{"settings": {"kmsKey": KEY}}], [{"settings": DENIED}]),
    "aws.auditmanager.evidence_finder_enabled": (
        "aws.auditmanager.account", [{}], [{"settings": {"kmsKey": KEY, "evidenceFinderEnablement": {"enablementStatus": "DISABLED"}}}],
        [{"settings": DROP}]),
    "aws.auditmanager.active_assessment_exists": (
        "aws.auditmanager.account", [{}], [{"_active_assessments": []}], [{"_active_assessments": DENIED}]),
    "aws.resiliencehub.app_has_resiliency_policy": (
        "aws.resiliencehub.app", [{}], [{"policyArn": None}], [{"policyArn": DENIED}]),
    "aws.resiliencehub.app_assessed": (
        "aws.resiliencehub.app", [{}, {"complianceStatus": "PolicyBreached"}], [{"complianceStatus": "NotAssessed"}],
        [{"complianceStatus": DROP}]),
    "aws.resiliencehub.app_meets_resiliency_policy": (
        "aws.resiliencehub.app", [{}, {"complianceStatus": "NotAssessed"}], [{"complianceStatus": "PolicyBreached"}],
        [{"complianceStatus": DROP}]),
    "aws.resiliencehub.app_assessed_daily": (
        "aws.resiliencehub.app", [{}], [{"assessmentSchedule": "Disabled"}], [{"assessmentSchedule": DROP}]),
}


def _cases(rtype: str, patches: list[dict[str, Any]], label: str) -> list[dict[str, Any]]:
    return [res(rtype, p, f"-{label}{i}" if i or label != "pass" else "") for i, p in enumerate(patches)]


def _inventory_fixtures() -> dict[str, dict[str, Any]]:
    """The cross-resource checks: their context resources and 'incomplete' cases."""
    bucket = {"provider": "aws", "account": ACCOUNT, "region": REGION, "type": "aws.s3.bucket",
              "id": "arn:aws:s3:::trail-logs-here", "name": "trail-logs-here", "tags": {}, "data": {"Name": "trail-logs-here"}}
    key = {"provider": "aws", "account": ACCOUNT, "region": REGION, "type": "aws.kms.key", "id": KEY, "name": "alias/backup",
           "tags": {}, "data": {"KeyId": KEY.rsplit("/", 1)[1], "Arn": KEY, "KeyManager": "CUSTOMER", "KeyState": "Enabled"}}
    here = {"Trails": [{**TRAIL, "S3BucketName": "trail-logs-here"}]}
    aws_key = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/99999999-aaaa-bbbb-cccc-000000000000"
    global_off = {"ConfigurationRecorders": [{"name": "default", "roleARN": SLR, "recordingGroup": {
        "allSupported": True, "includeGlobalResourceTypes": False}}]}
    other_region = res("aws.config.region", region="eu-west-1")
    other_region["id"] = f"arn:aws:config:eu-west-1:{ACCOUNT}:recorders"
    other_region["name"] = "config eu-west-1"
    other = "444455556666"

    def lb(name: str, scheme: str, account: str = ACCOUNT) -> dict[str, Any]:
        arn = f"arn:aws:elasticloadbalancing:{REGION}:{account}:loadbalancer/app/{name}/50dc6c495c0c9188"
        return {"provider": "aws", "account": account, "region": REGION, "type": "aws.elbv2.load_balancer", "id": arn,
                "name": name, "tags": {}, "data": {"LoadBalancerArn": arn, "LoadBalancerName": name, "Type": "application",
                                                   "Scheme": scheme}}
    return {
        "aws.shield.internet_facing_resources_protected": {
            "inventory": [lb("web", "internet-facing"), lb("intranet", "internal"), res("aws.shield.protection"),
                          lb("shop", "internet-facing", other)],
            "pass": [res("aws.shield.subscription")],
            "fail": [res("aws.shield.subscription", account=other)],
            "incomplete": {"types": ["aws.elbv2.load_balancer"], "resources": [res("aws.shield.subscription", suffix="-unread")]}},
        "aws.cloudtrail.trail_bucket_in_other_account": {
            "inventory": [bucket],
            "pass": [res("aws.cloudtrail.account"), res("aws.cloudtrail.account", {"Trails": []}, "-none")],
            "fail": [res("aws.cloudtrail.account", here, "-here")],
            "error": [res("aws.cloudtrail.account", {"Trails": DENIED}, "-denied")],
            "incomplete": {"types": ["aws.s3.bucket"], "resources": [res("aws.cloudtrail.account", here, "-unread")]}},
        "aws.backup.vault_encrypted_with_cmk": {
            "inventory": [key],
            "pass": [res("aws.backup.vault"), res("aws.backup.vault", {"EncryptionKeyArn": "arn:aws:kms:us-east-1:444455556666:key/x"},
                                                  "-foreign-key")],
            "fail": [res("aws.backup.vault", {"EncryptionKeyArn": aws_key}, "-aws-key"), res("aws.backup.vault", {"EncryptionKeyArn": None},
                                                                                          "-no-key")],
            "error": [res("aws.backup.vault", {"EncryptionKeyArn": DROP}, "-unread")],
            "incomplete": {"types": ["aws.kms.key"], "resources": [res("aws.backup.vault", {"EncryptionKeyArn": aws_key}, "-unread-keys")]}},
        "aws.config.records_global_resources": {
            "inventory": [other_region],
            "pass": [res("aws.config.region"), res("aws.config.region", global_off, "-elsewhere")],
            "fail": [res("aws.config.region", {**global_off, "RecorderStatus": [{"name": "default", "recording": True}]}, "-nowhere",
                         account="444455556666")],
            "error": [res("aws.config.region", {"RecorderStatus": DENIED}, "-denied", account="444455556666")],
            "incomplete": {"types": ["aws.config.region"], "resources": [res("aws.config.region", global_off, "-unread",
                                                                              account="444455556666")]}},
    }


def build() -> dict[str, dict[str, Any]]:
    out = {cid: {"pass": _cases(rt, p, "pass"), "fail": _cases(rt, f, "fail"), "error": _cases(rt, e, "error")}
           for cid, (rt, p, f, e) in CASES.items()}
    out.update(_inventory_fixtures())
    return out


def main() -> None:
    for cid, doc in build().items():
        (FIXTURES / f"{cid}.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(build())} fixtures to {FIXTURES}")


if __name__ == "__main__":
    main()
