"""Each product's own document → :class:`~agent.products.model.Reported` (pure functions).

Field names are the products' public API references: ASFF for Security Hub, GuardDuty
``Finding``, Inspector2 ``Finding``, Macie2 ``Finding``, Access Analyzer ``FindingSummary`` /
``FindingSummaryV2``, the Defender for Cloud ``alerts`` and ``assessments`` resources (as Resource
Graph's ``securityresources`` rows carry them) and SCC ``ListFindingsResult``.
"""

from __future__ import annotations

from typing import Any

from agent.core.model import FindingKind, Resource, Severity
from agent.products.model import Reported, severity_label, severity_normalized, severity_score

# ASFF Resources[].Type -> our resource type (the inventory join corrects it when it knows better).
ASFF_TYPES = {
    "AwsS3Bucket": "aws.s3.bucket", "AwsEc2Instance": "aws.ec2.instance", "AwsEc2SecurityGroup": "aws.ec2.security_group",
    "AwsEc2Volume": "aws.ec2.volume", "AwsEc2NetworkAcl": "aws.ec2.network_acl", "AwsEc2Vpc": "aws.vpc.vpc",
    "AwsIamUser": "aws.iam.user", "AwsIamRole": "aws.iam.role", "AwsIamPolicy": "aws.iam.policy",
    "AwsLambdaFunction": "aws.lambda.function", "AwsRdsDbInstance": "aws.rds.db_instance", "AwsSqsQueue": "aws.sqs.queue",
    "AwsSnsTopic": "aws.sns.topic", "AwsKmsKey": "aws.kms.key", "AwsEcrRepository": "aws.ecr.repository",
    "AwsEksCluster": "aws.eks.cluster", "AwsElbv2LoadBalancer": "aws.elbv2.load_balancer",
    "AwsDynamoDbTable": "aws.dynamodb.table", "AwsEfsFileSystem": "aws.efs.file_system",
    "AwsSecretsManagerSecret": "aws.secretsmanager.secret", "AwsCertificateManagerCertificate": "aws.acm.certificate",
    "AwsCloudTrailTrail": "aws.cloudtrail.trail", "AwsAccount": "aws.account", "AwsS3Object": "aws.s3.object",
}
# Products whose findings Security Hub also carries, by ASFF ProductName, when we read them directly.
DIRECT_PRODUCTS = {"GuardDuty": "guardduty", "Inspector": "inspector2", "Macie": "macie",
                   "IAM Access Analyzer": "access-analyzer"}


def _aws_type(raw: str) -> str:
    return ASFF_TYPES.get(raw, "aws." + "".join("_" + c.lower() if c.isupper() else c for c in raw.removeprefix("Aws")).lstrip("_"))


def _aws_resource(account: str, region: str, rtype: str, rid: str, name: str = "", tags: Any = None) -> Resource:
    return Resource("aws", account, region or "global", rtype, rid, name or rid.rsplit("/", 1)[-1].rsplit(":", 1)[-1],
                    dict(tags or {}))


def asff(doc: dict[str, Any]) -> Reported:
    """One ASFF finding (Security Hub GetFindings).  A control finding is about its control id."""
    res = (doc.get("Resources") or [{}])[0]
    comp = doc.get("Compliance") or {}
    pf = doc.get("ProductFields") or {}
    control = str(comp.get("SecurityControlId") or pf.get("ControlId") or doc.get("GeneratorId") or doc.get("Id"))
    workflow = str((doc.get("Workflow") or {}).get("Status") or doc.get("WorkflowState") or "NEW")
    record = str(doc.get("RecordState") or "ACTIVE")
    active = record == "ACTIVE" and workflow in ("NEW", "NOTIFIED") and comp.get("Status") != "PASSED"
    sev = doc.get("Severity") or {}
    severity = severity_label(sev["Label"]) if sev.get("Label") else severity_normalized(sev.get("Normalized"))
    types = " ".join(doc.get("Types") or [])
    kind = (FindingKind.VULNERABILITY if "Vulnerabilities" in types or doc.get("Vulnerabilities")
            else FindingKind.THREAT if ("TTPs" in types or "Unusual Behaviors" in types) else FindingKind.MISCONFIGURATION)
    refs = {"aws-fsbp": [control]} if comp.get("SecurityControlId") or pf.get("ControlId") else {}
    for assoc in comp.get("AssociatedStandards") or []:
        std = str(assoc.get("StandardsId", "")).split("/")[1:2]
        if std and std[0] not in ("aws-foundational-security-best-practices",):
            refs.setdefault(std[0], []).append(control)
    account = str(doc.get("AwsAccountId") or "")
    region = str(res.get("Region") or doc.get("Region") or "")
    return Reported(
        source="securityhub", product_id=str(doc.get("Id")), control=control, title=str(doc.get("Title") or control),
        active=active, severity=severity, kind=kind,
        resource=_aws_resource(account, region, _aws_type(str(res.get("Type") or "Other")), str(res.get("Id") or account),
                               tags=res.get("Tags")),
        updated_at=str(doc.get("UpdatedAt") or ""), controls=refs,
        link=str((doc.get("Remediation") or {}).get("Recommendation", {}).get("Url") or doc.get("SourceUrl") or ""),
        status=f"{record}/{workflow}" + (f"/{comp['Status']}" if comp.get("Status") else ""))


def guardduty(doc: dict[str, Any]) -> Reported:
    """One GuardDuty Finding (GetFindings)."""
    res = doc.get("Resource") or {}
    account, region = str(doc.get("AccountId") or ""), str(doc.get("Region") or "")
    rtype, rid = "aws.account", f"arn:aws:iam::{account}:root"
    inst = res.get("InstanceDetails") or {}
    if inst.get("InstanceId"):
        rtype, rid = "aws.ec2.instance", f"arn:aws:ec2:{region}:{account}:instance/{inst['InstanceId']}"
    elif (res.get("AccessKeyDetails") or {}).get("UserName") and res.get("ResourceType") == "AccessKey":
        user = res["AccessKeyDetails"]["UserName"]
        rtype, rid = ("aws.iam.root_user", f"arn:aws:iam::{account}:root") if user == "Root" else \
            ("aws.iam.user", f"arn:aws:iam::{account}:user/{user}")
    elif res.get("S3BucketDetails"):
        b = res["S3BucketDetails"][0]
        rtype, rid = "aws.s3.bucket", str(b.get("Arn") or f"arn:aws:s3:::{b.get('Name')}")
    elif (res.get("EksClusterDetails") or {}).get("Arn"):
        rtype, rid = "aws.eks.cluster", res["EksClusterDetails"]["Arn"]
    service = doc.get("Service") or {}
    archived = bool(service.get("Archived"))
    return Reported(
        source="guardduty", product_id=str(doc.get("Arn") or doc.get("Id")), control=str(doc.get("Type")),
        title=str(doc.get("Title") or doc.get("Type")), active=not archived, severity=severity_score(doc.get("Severity")),
        kind=FindingKind.THREAT, resource=_aws_resource(account, region, rtype, rid),
        updated_at=str(doc.get("UpdatedAt") or ""), status="ARCHIVED" if archived else "ACTIVE",
        link=f"https://console.aws.amazon.com/guardduty/home?region={region}#/findings?fId={doc.get('Id')}")


def inspector2(doc: dict[str, Any]) -> Reported:
    """One Inspector2 Finding (ListFindings)."""
    res = (doc.get("resources") or [{}])[0]
    account, region = str(doc.get("awsAccountId") or ""), str(res.get("region") or "")
    vuln = doc.get("packageVulnerabilityDetails") or {}
    control = str(vuln.get("vulnerabilityId") or doc.get("title") or doc.get("findingArn"))
    rtype = {"AWS_EC2_INSTANCE": "aws.ec2.instance", "AWS_ECR_CONTAINER_IMAGE": "aws.ecr.image",
             "AWS_LAMBDA_FUNCTION": "aws.lambda.function", "AWS_ECR_REPOSITORY": "aws.ecr.repository"}.get(
        str(res.get("type")), "aws.resource")
    rid = str(res.get("id") or "")
    if rtype == "aws.ec2.instance" and not rid.startswith("arn:"):
        rid = f"arn:aws:ec2:{region}:{account}:instance/{rid}"
    status = str(doc.get("status") or "ACTIVE")
    kind = FindingKind.VULNERABILITY if doc.get("type", "PACKAGE_VULNERABILITY") != "NETWORK_REACHABILITY" \
        else FindingKind.MISCONFIGURATION
    return Reported(
        source="inspector2", product_id=str(doc.get("findingArn")), control=control, title=str(doc.get("title") or control),
        active=status == "ACTIVE", severity=severity_label(doc.get("severity")), kind=kind,
        resource=_aws_resource(account, region, rtype, rid), updated_at=str(doc.get("updatedAt") or ""), status=status,
        link=str(vuln.get("sourceUrl") or ""))


def macie(doc: dict[str, Any]) -> Reported:
    """One Macie2 Finding (GetFindings)."""
    bucket = ((doc.get("resourcesAffected") or {}).get("s3Bucket") or {})
    account, region = str(doc.get("accountId") or ""), str(doc.get("region") or "")
    name = str(bucket.get("name") or "")
    archived = bool(doc.get("archived"))
    return Reported(
        source="macie", product_id=str(doc.get("id")), control=str(doc.get("type")), title=str(doc.get("title") or doc.get("type")),
        active=not archived, severity=severity_label((doc.get("severity") or {}).get("description")),
        kind=FindingKind.MISCONFIGURATION if str(doc.get("category")) == "POLICY" else FindingKind.VULNERABILITY,
        resource=_aws_resource(account, region, "aws.s3.bucket", str(bucket.get("arn") or f"arn:aws:s3:::{name}"), name),
        updated_at=str(doc.get("updatedAt") or ""), status="ARCHIVED" if archived else "ACTIVE")


def access_analyzer(doc: dict[str, Any], account: str, region: str) -> Reported:
    """One Access Analyzer finding (ListFindingsV2: external access, or unused access)."""
    ftype = str(doc.get("findingType") or "ExternalAccess")
    unused = ftype.startswith("Unused")
    public = bool(doc.get("isPublic"))
    rid = str(doc.get("resource") or "")
    # "AWS::IAM::Role" -> ASFF's "AwsIamRole" (acronyms as ASFF spells them: Iam, Kms, Sqs, Ec2)
    parts = str(doc.get("resourceType") or "AWS::Unknown").split("::")[1:]
    rtype = _aws_type("Aws" + "".join(p if any(c.islower() for c in p) else p.capitalize() for p in parts))
    status = str(doc.get("status") or "ACTIVE")
    return Reported(
        source="access-analyzer", product_id=str(doc.get("id")), control=ftype,
        title=("unused access" if unused else "public access" if public else "access from outside the zone of trust"),
        active=status == "ACTIVE", severity=Severity.LOW if unused else Severity.HIGH if public else Severity.MEDIUM,
        kind=FindingKind.MISCONFIGURATION,
        resource=_aws_resource(str(doc.get("resourceOwnerAccount") or account), region, rtype, rid),
        updated_at=str(doc.get("updatedAt") or ""), status=status)


def _azure_resource(rid: str, location: str = "") -> Resource:
    parts = rid.split("/")
    sub = parts[2] if len(parts) > 2 and parts[1].lower() == "subscriptions" else ""
    provider_path = rid.lower().split("/providers/")[-1].split("/") if "/providers/" in rid.lower() else []
    arm_type = "/".join(provider_path[0:2]) if len(provider_path) >= 2 else "subscription"
    return Resource("azure", sub, (location or "global").lower(), "azure." + arm_type.replace("microsoft.", "").replace("/", "."),
                    rid, parts[-1] if parts else rid)


def defender_alert(row: dict[str, Any]) -> Reported:
    """One Defender for Cloud alert (securityresources, type microsoft.security/locations/alerts)."""
    p = row.get("properties") or {}
    entity: dict[str, Any] = next((e for e in p.get("resourceIdentifiers") or [] if e.get("azureResourceId")), {})
    rid = str(entity.get("azureResourceId") or p.get("compromisedEntity") or row.get("id"))
    status = str(p.get("status") or "Active")
    return Reported(
        source="defender", product_id=str(row.get("id")), control=str(p.get("alertType") or row.get("name")),
        title=str(p.get("alertDisplayName") or p.get("alertType")), active=status in ("Active", "InProgress"),
        severity=severity_label(p.get("severity")), kind=FindingKind.THREAT, resource=_azure_resource(rid),
        updated_at=str(p.get("timeGeneratedUtc") or p.get("processingEndTimeUtc") or ""), status=status,
        link=str(p.get("alertUri") or ""))


def defender_assessment(row: dict[str, Any]) -> Reported:
    """One Defender for Cloud assessment (securityresources, type microsoft.security/assessments)."""
    p = row.get("properties") or {}
    meta = p.get("metadata") or {}
    rid = str((p.get("resourceDetails") or {}).get("Id") or (p.get("resourceDetails") or {}).get("id")
              or str(row.get("id")).split("/providers/Microsoft.Security/assessments/")[0])
    code = str((p.get("status") or {}).get("code") or "Unhealthy")
    return Reported(
        source="defender", product_id=str(row.get("id")), control=str(p.get("displayName") or row.get("name")),
        title=str(p.get("displayName") or row.get("name")), active=code == "Unhealthy",
        severity=severity_label(meta.get("severity")), kind=FindingKind.MISCONFIGURATION, resource=_azure_resource(rid),
        updated_at=str((p.get("status") or {}).get("statusChangeDate") or ""), status=code,
        link=str((p.get("links") or {}).get("azurePortal") or ""))


def scc(result: dict[str, Any]) -> Reported:
    """One SCC ListFindingsResult (``{"finding": …, "resource": …}``)."""
    f = result.get("finding") or {}
    res = result.get("resource") or {}
    project = str(res.get("projectDisplayName") or res.get("project_display_name")
                  or str(res.get("projectName") or res.get("project_name") or "").rsplit("/", 1)[-1])
    state, mute = str(f.get("state") or "ACTIVE"), str(f.get("mute") or "")
    cls = str(f.get("findingClass") or f.get("finding_class") or "MISCONFIGURATION")
    kind = {"THREAT": FindingKind.THREAT, "VULNERABILITY": FindingKind.VULNERABILITY}.get(cls, FindingKind.MISCONFIGURATION)
    rname = str(f.get("resourceName") or f.get("resource_name") or res.get("name") or "")
    rtype = str(res.get("type") or res.get("type_") or "")
    refs: dict[str, list[str]] = {}
    for c in f.get("compliances") or []:
        refs.setdefault(f"{c.get('standard')}-{c.get('version')}", []).extend(c.get("ids") or [])
    return Reported(
        source="scc", product_id=str(f.get("name")), control=str(f.get("category")), title=str(f.get("category")),
        active=state == "ACTIVE" and mute != "MUTED", severity=severity_label(f.get("severity"), Severity.INFO),
        kind=kind, resource=Resource("gcp", project, "global", "gcp." + rtype.lower().replace(".googleapis.com/", "."),
                                     rname, rname.rsplit("/", 1)[-1]),
        updated_at=str(f.get("eventTime") or f.get("event_time") or ""), controls=refs,
        status=state + ("/MUTED" if mute == "MUTED" else ""), link=str(f.get("externalUri") or f.get("external_uri") or ""))
