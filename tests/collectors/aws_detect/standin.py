"""A local stand-in for the detection-and-management APIs moto lacks or answers only in part,
serving each operation in its wire format (the service models' member names and the paths of
the API references), through the real boto3 clients the collectors build.

JSON-protocol services are routed by ``X-Amz-Target`` (``StarlingDoveService.*`` Config,
``AmazonSSM.*``, ``AWSSupport_20130415.*``, ``AWSShield_20160616.*`` — botocore speaks JSON to
Shield, the first protocol of its model it supports); REST-JSON ones by the SigV4
credential scope's service name and the operation's method and path (GuardDuty
``GET /detector``, ``GET /detector/{id}``, ``POST /detector/{id}/findings``,
``GET /detector/{id}/admin``; Inspector ``POST /status/batch/get``, ``POST /findings/aggregation/list``;
Macie ``GET /macie``, ``GET /automated-discovery/configuration``; Security Hub ``GET /accounts``,
``POST /standards/get``, ``GET /organization/configuration``; Backup ``GET /backup/plans/``,
``GET /backup/plans/{id}/``, ``GET /backup/plans/{id}/selections/``, ``GET /backup-vaults/``,
``GET /backup-vaults/{name}/recovery-points/``; Audit Manager ``GET /account/status``,
``GET /settings/ALL``, ``GET /assessments``).

The access key id picks the estate: ``GOOD`` (every setting on), ``BAD`` (every setting off),
``EMPTY`` (no service used: nothing enabled, nothing listed), ``DENIED`` (every call answers
AccessDeniedException), ``PARTIAL`` (the listings answer as GOOD, the detail reads in
:data:`DETAIL_READS` are denied), ``BASIC`` (as GOOD, but the support plan has no Trusted
Advisor API: SubscriptionRequiredException).
"""

from __future__ import annotations

import json
import re
from typing import Any

from werkzeug.wrappers import Request, Response

ACCOUNT, REGION = "123456789012", "us-east-1"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
DETAIL_READS = {"ListFindings", "DescribeOrganizationConfiguration", "ListFindingAggregations",
                "GetAutomatedDiscoveryConfiguration", "GetEnabledStandards", "DescribeDeliveryChannelStatus",
                "DescribeConformancePackStatus", "GetServiceSetting", "GetDocument", "ListResourceComplianceSummaries",
                "ListBackupSelections", "GetBackupPlan", "DescribeTrustedAdvisorCheckSummaries", "DescribeDRTAccess",
                "DescribeEmergencyContactSettings", "GetSettings", "ListAssessments"}
SCOPE = re.compile(r"Credential=([^/]+)/\d+/([^/]+)/([^/]+)/aws4_request")


def _ok(body: Any) -> Response:
    return Response(json.dumps(body), status=200, content_type="application/json")


def _error(code: str, message: str, status: int = 400) -> Response:
    return Response(json.dumps({"__type": code, "message": message, "Message": message}), status=status,
                    content_type="application/json", headers={"x-amzn-ErrorType": code})


def _on(good: bool) -> str:
    return "ENABLED" if good else "DISABLED"


# -- the REST-JSON services: (method, path) -> operation name, then an answer per estate ---------------
REST = [
    ("guardduty", "GET", r"/detector", "ListDetectors"),
    ("guardduty", "GET", r"/detector/[^/]+", "GetDetector"),
    ("guardduty", "POST", r"/detector/[^/]+/findings", "ListFindings"),
    ("guardduty", "GET", r"/detector/[^/]+/admin", "DescribeOrganizationConfiguration"),
    ("inspector2", "POST", r"/status/batch/get", "BatchGetAccountStatus"),
    ("inspector2", "POST", r"/findings/aggregation/list", "ListFindingAggregations"),
    ("macie2", "GET", r"/macie", "GetMacieSession"),
    ("macie2", "GET", r"/automated-discovery/configuration", "GetAutomatedDiscoveryConfiguration"),
    ("securityhub", "GET", r"/accounts", "DescribeHub"),
    ("securityhub", "POST", r"/standards/get", "GetEnabledStandards"),
    ("securityhub", "GET", r"/organization/configuration", "DescribeOrganizationConfiguration"),
    ("backup", "GET", r"/backup/plans/", "ListBackupPlans"),
    ("backup", "GET", r"/backup/plans/[^/]+/", "GetBackupPlan"),
    ("backup", "GET", r"/backup/plans/[^/]+/selections/", "ListBackupSelections"),
    ("backup", "GET", r"/backup-vaults/", "ListBackupVaults"),
    ("backup", "GET", r"/backup-vaults/[^/]+/recovery-points/", "ListRecoveryPointsByBackupVault"),
    ("auditmanager", "GET", r"/account/status", "GetAccountStatus"),
    ("auditmanager", "GET", r"/settings/ALL", "GetSettings"),
    ("auditmanager", "GET", r"/assessments", "ListAssessments"),
]
DETECTOR = "12abc34d567e8fa901bc2d34e56789f0"


def _guardduty(op: str, good: bool, empty: bool) -> Response:
    if op == "ListDetectors":
        return _ok({"detectorIds": [] if empty else [DETECTOR]})
    if op == "GetDetector":
        rt = {"name": "RUNTIME_MONITORING", "status": _on(good), "additionalConfiguration": [
            {"name": n, "status": _on(good)} for n in ("EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT")]}
        return _ok({"createdAt": "2026-01-05T10:00:00.000Z", "updatedAt": "2026-11-20T10:00:00.000Z", "status": "ENABLED",
                    "serviceRole": f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
                    "findingPublishingFrequency": "FIFTEEN_MINUTES" if good else "SIX_HOURS", "tags": {"team": "sec"},
                    "features": [{"name": n, "status": _on(good)} for n in (
                        "CLOUD_TRAIL", "DNS_LOGS", "FLOW_LOGS", "S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION",
                        "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS")] + [rt]})
    if op == "ListFindings":
        return _ok({"findingIds": [] if good else [f"f{i:031d}" for i in range(4)]})
    # DescribeOrganizationConfiguration: the GOOD account is the administrator, the BAD one too, without auto-enable
    return _ok({"autoEnable": good, "memberAccountLimitReached": False,
                "autoEnableOrganizationMembers": "NEW" if good else "NONE", "features": []})


def _inspector2(op: str, good: bool, empty: bool) -> Response:
    if op == "BatchGetAccountStatus":
        if empty:
            return _ok({"accounts": [], "failedAccounts": []})
        state = {t: {"status": _on(good or t == "ec2")} for t in ("ec2", "ecr", "lambda", "lambdaCode")}
        return _ok({"accounts": [{"accountId": ACCOUNT, "state": {"status": "ENABLED"}, "resourceState": state}],
                    "failedAccounts": []})
    counts = {"all": 9, "critical": 0, "high": 2, "medium": 7} if good else {"all": 30, "critical": 4, "high": 8, "medium": 18}
    return _ok({"aggregationType": "ACCOUNT", "responses": [{"accountAggregation": {"accountId": ACCOUNT, "severityCounts": counts}}]})


def _macie2(op: str, good: bool, empty: bool) -> Response:
    if op == "GetMacieSession":
        if empty:
            return _error("AccessDeniedException", "Macie is not enabled.", 403)
        return _ok({"status": "ENABLED", "findingPublishingFrequency": "FIFTEEN_MINUTES", "createdAt": "2026-01-05T10:00:00Z",
                    "serviceRole": f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie"})
    return _ok({"status": _on(good), "firstEnabledAt": "2026-02-01T00:00:00Z"})


def _securityhub(op: str, good: bool, empty: bool) -> Response:
    if op == "DescribeHub":
        if empty:
            return _error("InvalidAccessException", f"Account {ACCOUNT} is not subscribed to AWS Security Hub")
        return _ok({"HubArn": f"arn:aws:securityhub:{REGION}:{ACCOUNT}:hub/default", "SubscribedAt": "2026-01-05T10:00:00.000Z",
                    "AutoEnableControls": good, "ControlFindingGenerator": "SECURITY_CONTROL"})
    if op == "GetEnabledStandards":
        subs = [{"StandardsArn": f"arn:aws:securityhub:{REGION}::standards/{s}", "StandardsStatus": "READY",
                 "StandardsSubscriptionArn": f"arn:aws:securityhub:{REGION}:{ACCOUNT}:subscription/{s}", "StandardsInput": {}}
                for s in ("aws-foundational-security-best-practices/v/1.0.0", "cis-aws-foundations-benchmark/v/3.0.0")]
        return _ok({"StandardsSubscriptions": subs if good else []})
    if not good:
        return _error("InvalidAccessException", f"Account {ACCOUNT} is not an administrator for this organization")
    return _ok({"AutoEnable": False, "MemberAccountLimitReached": False, "AutoEnableStandards": "NONE",
                "OrganizationConfiguration": {"ConfigurationType": "CENTRAL", "Status": "ENABLED"}})


PLAN = "8a5b1c2d-0000-4000-8000-000000000001"


def _backup(op: str, good: bool, empty: bool) -> Response:
    if op == "ListBackupPlans":
        return _ok({"BackupPlansList": [] if empty else [{
            "BackupPlanArn": f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-plan:{PLAN}", "BackupPlanId": PLAN,
            "BackupPlanName": "daily", "VersionId": "v1", "CreationDate": 1767225600.0}]})
    if op == "GetBackupPlan":
        return _ok({"BackupPlanId": PLAN, "BackupPlanArn": f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-plan:{PLAN}",
                    "VersionId": "v1", "BackupPlan": {"BackupPlanName": "daily", "Rules": [
                        {"RuleName": "daily", "TargetBackupVaultName": "prod", "ScheduleExpression": "cron(0 5 ? * * *)",
                         "Lifecycle": {"DeleteAfterDays": 35 if good else 1}, "RuleId": "r1"}]}})
    if op == "ListBackupSelections":
        return _ok({"BackupSelectionsList": [{"SelectionId": "sel-1", "SelectionName": "tagged", "BackupPlanId": PLAN,
                                              "IamRoleArn": f"arn:aws:iam::{ACCOUNT}:role/backup"}] if good else []})
    if op == "ListBackupVaults":
        return _ok({"BackupVaultList": [] if empty else [{
            "BackupVaultName": "prod", "BackupVaultArn": f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:prod",
            "EncryptionKeyArn": KEY, "NumberOfRecoveryPoints": 1, "Locked": good}]})
    return _ok({"RecoveryPoints": [{
        "RecoveryPointArn": f"arn:aws:ec2:{REGION}::snapshot/snap-0123456789abcdef0", "BackupVaultName": "prod",
        "BackupVaultArn": f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:prod", "ResourceType": "EBS",
        "ResourceArn": f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/vol-0123456789abcdef0", "Status": "COMPLETED",
        "CreationDate": 1796094000.0, "IsEncrypted": good, "ResourceName": "orders-db",
        **({"EncryptionKeyArn": KEY} if good else {}), "Lifecycle": {"DeleteAfterDays": 35 if good else 1}}]})


def _auditmanager(op: str, good: bool, empty: bool) -> Response:
    if op == "GetAccountStatus":
        return _ok({"status": "INACTIVE" if empty else "ACTIVE"})
    if op == "GetSettings":
        return _ok({"settings": {"isAwsOrgEnabled": False, "kmsKey": KEY if good else "DEFAULT",
                                 **({"defaultAssessmentReportsDestination": {"destinationType": "S3",
                                                                             "destination": "s3://audit-reports"}} if good else {}),
                                 "evidenceFinderEnablement": {"enablementStatus": _on(good)}}})
    return _ok({"assessmentMetadata": [{"id": "5c2f0000-0000-4000-8000-000000000001", "name": "SOC 2", "complianceType": "SOC2",
                                        "status": "ACTIVE", "creationTime": 1767225600.0}] if good else []})


REST_SERVICES = {"guardduty": _guardduty, "inspector2": _inspector2, "macie2": _macie2, "securityhub": _securityhub,
                 "backup": _backup, "auditmanager": _auditmanager}


# -- the JSON-protocol services ---------------------------------------------------------------------
def _config(op: str, good: bool, empty: bool, body: dict[str, Any]) -> Response:
    if op == "DescribeDeliveryChannels":
        return _ok({"DeliveryChannels": [] if empty else [{"name": "default", "s3BucketName": "config-history"}]})
    if op == "DescribeDeliveryChannelStatus":
        last = "SUCCESS" if good else "FAILURE"
        info = {"lastStatus": last, "lastAttemptTime": 1796094000.0, **({} if good else {"lastErrorCode": "NoSuchBucket",
                                                                                       "lastErrorMessage": "bucket gone"})}
        return _ok({"DeliveryChannelsStatus": [{"name": "default", "configHistoryDeliveryInfo": info,
                                                "configSnapshotDeliveryInfo": info,
                                                "configStreamDeliveryInfo": {"lastStatus": "NOT_APPLICABLE"}}]})
    if op == "DescribeConformancePacks":
        return _ok({"ConformancePackDetails": [] if empty else [{
            "ConformancePackName": "op-best-practices", "ConformancePackId": "conformance-pack-abcd1234",
            "ConformancePackArn": f"arn:aws:config:{REGION}:{ACCOUNT}:conformance-pack/op-best-practices/conformance-pack-abcd1234",
            "DeliveryS3Bucket": "config-packs"}]})
    return _ok({"ConformancePackStatusDetails": [{
        "ConformancePackName": "op-best-practices", "ConformancePackId": "conformance-pack-abcd1234",
        "ConformancePackArn": f"arn:aws:config:{REGION}:{ACCOUNT}:conformance-pack/op-best-practices/conformance-pack-abcd1234",
        "ConformancePackState": "CREATE_COMPLETE" if good else "CREATE_FAILED", "StackArn": "arn:aws:cloudformation:stack",
        "LastUpdateRequestedTime": 1796094000.0, **({} if good else {"ConformancePackStatusReason": "template error"})}]})


INSTANCE = "i-0abc123def4567890"


def _ssm(op: str, good: bool, empty: bool, body: dict[str, Any]) -> Response:
    if op == "GetServiceSetting":
        sid = body["SettingId"]
        value = {"/ssm/documents/console/public-sharing-permission": "Disable" if good else "Enable",
                 "/ssm/automation/customer-script-log-destination": "CloudWatch" if good else "NONE"}[sid]
        return _ok({"ServiceSetting": {"SettingId": sid, "SettingValue": value, "Status": "Customized" if good else "Default",
                                       "ARN": f"arn:aws:ssm:{REGION}:{ACCOUNT}:servicesetting{sid}"}})
    if op == "DescribeInstanceInformation":
        return _ok({"InstanceInformationList": [] if empty else [{
            "InstanceId": INSTANCE, "PingStatus": "Online", "PlatformType": "Linux", "PlatformName": "Amazon Linux",
            "AgentVersion": "3.3.1142.0", "IsLatestVersion": True, "ResourceType": "EC2Instance", "LastPingDateTime": 1796094000.0}]})
    if op == "GetDocument":
        if not good:
            return _error("InvalidDocument", "The specified document does not exist.")
        content = {"schemaVersion": "1.0", "description": "Session Manager preferences", "sessionType": "Standard_Stream",
                   "inputs": {"s3BucketName": "", "cloudWatchLogGroupName": "/ssm/sessions", "cloudWatchEncryptionEnabled": True,
                              "kmsKeyId": KEY, "runAsEnabled": False, "shellProfile": {"linux": "export SECRET=not-kept"}}}
        return _ok({"Name": "SSM-SessionManagerRunShell", "DocumentType": "Session", "DocumentFormat": "JSON",
                    "Content": json.dumps(content)})
    status = "COMPLIANT" if good else "NON_COMPLIANT"
    return _ok({"ResourceComplianceSummaryItems": [
        {"ComplianceType": kind, "ResourceType": "ManagedInstance", "ResourceId": INSTANCE, "Status": status,
         "OverallSeverity": "UNSPECIFIED" if good else "CRITICAL", "NonCompliantSummary": {"NonCompliantCount": 0 if good else 3}}
        for kind in ("Patch", "Association")]})


def _support(op: str, good: bool, empty: bool, body: dict[str, Any]) -> Response:
    if op == "DescribeTrustedAdvisorChecks":
        return _ok({"checks": [
            {"id": "HCP4007jGY", "name": "Security Groups - Specific Ports Unrestricted", "category": "security",
             "description": "…", "metadata": []},
            {"id": "H7IgTzjTYb", "name": "Amazon EBS Snapshots", "category": "fault_tolerance", "description": "…", "metadata": []},
            {"id": "Qch7DwouX1", "name": "Low Utilization Amazon EC2 Instances", "category": "cost_optimizing",
             "description": "…", "metadata": []}]})
    status = "ok" if good else "error"
    return _ok({"summaries": [{"checkId": cid, "timestamp": "2026-11-30T10:00:00Z", "status": status,
                               "hasFlaggedResources": not good, "resourcesSummary": {
                                   "resourcesProcessed": 10, "resourcesFlagged": 0 if good else 2, "resourcesIgnored": 0,
                                   "resourcesSuppressed": 0}, "categorySpecificSummary": {}}
                              for cid in body.get("checkIds", [])]})


PROTECTED = {"web-alb": f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188",
             "edge": f"arn:aws:cloudfront::{ACCOUNT}:distribution/E1ABCDEFGHIJKL",
             "nat-eip": f"arn:aws:ec2:{REGION}:{ACCOUNT}:eip-allocation/eipalloc-0123456789abcdef0"}


def _shield(op: str, good: bool, empty: bool, body: dict[str, Any]) -> Response:
    if op == "DescribeSubscription":
        if empty:
            return _error("ResourceNotFoundException", "The subscription does not exist.")
        return _ok({"Subscription": {"SubscriptionArn": f"arn:aws:shield::{ACCOUNT}:subscription/1a2b3c4d5e6f",
                                     "StartTime": 1770854400.0, "EndTime": 1802390400.0, "TimeCommitmentInSeconds": 31536000,
                                     "AutoRenew": _on(good), "ProactiveEngagementStatus": _on(good),
                                     "Limits": [], "SubscriptionLimits": {}}})
    if op == "DescribeDRTAccess":
        return _ok({"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/shield-drt", "LogBucketList": ["alb-logs"]} if good else {})
    if op == "DescribeEmergencyContactSettings":
        return _ok({"EmergencyContactList": [{"EmailAddress": "soc@example.com"}] if good else []})
    return _ok({"Protections": [
        {"Id": f"p-{name}", "Name": name, "ResourceArn": target, "ProtectionArn": f"arn:aws:shield::{ACCOUNT}:protection/p-{name}",
         "HealthCheckIds": ["abcdef12-3456-7890-abcd-ef1234567890"] if good else [],
         **({"ApplicationLayerAutomaticResponseConfiguration": {"Status": _on(good), "Action": {"Block": {}}}}
            if ":eip-allocation/" not in target else {})}
        for name, target in PROTECTED.items()]})


JSON_SERVICES = {"StarlingDoveService": _config, "AmazonSSM": _ssm, "AWSSupport_20130415": _support,
                 "AWSShield_20160616": _shield}


def answer(request: Request) -> Response:
    """Route one request to its service and estate (see the module docstring)."""
    m = SCOPE.search(request.headers.get("Authorization", ""))
    if not m:
        return _error("MissingAuthenticationTokenException", "unsigned request", 403)
    estate, _region, signing = m.groups()
    good, empty = estate in ("GOOD", "PARTIAL", "BASIC"), estate == "EMPTY"
    target = request.headers.get("X-Amz-Target", "")
    if target:
        prefix, op = target.split(".", 1)
        handler = JSON_SERVICES.get(prefix)
    else:
        op = next((o for svc, meth, pat, o in REST if svc == signing and meth == request.method
                   and re.fullmatch(pat, request.path)), "")
        handler = None
    if not op or (target and handler is None):
        return _error("UnknownOperationException", f"{signing} {request.method} {request.path} {target}", 404)
    if estate == "DENIED" or (estate == "PARTIAL" and op in DETAIL_READS):
        return _error("AccessDeniedException", f"User is not authorized to perform: {signing}:{op}", 403)
    if estate == "BASIC" and target.startswith("AWSSupport_20130415."):
        return _error("SubscriptionRequiredException", "AWS Premium Support Subscription is required to use this service.")
    if handler is not None:
        body = json.loads(request.get_data() or b"{}")
        return handler(op, good, empty, body)
    return REST_SERVICES[signing](op, good, empty)
