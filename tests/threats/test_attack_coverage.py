"""Coverage of the Stratus Red Team AWS attack techniques, checked against docs/threats.md.

Each technique is replayed as the CloudTrail records its detonation produces (event source and
name, request shape, outcome, identity type; written here from the documented calls, not copied
from a recording), with a plain SDK user agent so no rule leans on the tool's own name.  The
table in docs/threats.md names the rules that fire for each technique: this test fails when a
listed rule stops firing, when a technique has no row, or when fewer than 30 are covered.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from agent.events.normalise import normalise
from agent.threats.detect import evaluate
from agent.threats.pseudonym import Pseudonymiser
from tests.checks.make_threat_fixtures import DOCS, cloudtrail

GO = "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64"
CLI_ON_INSTANCE = "aws-cli/2.15.17 Python/3.11.6 Linux/6.1.72-96.166.amzn2023.x86_64 exe/x86_64.amzn.2023"
OUTSIDE = "999988887777"  # the attacker's account
SSE_C = "x-amz-server-side-encryption-customer-algorithm"


def _c(name: str, svc: str = "ec2", **kw: Any) -> dict[str, Any]:
    return {"svc": svc, "name": name, "ua": GO, **kw}


def _policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


_TRUST_OUTSIDE = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OUTSIDE}:root"}, "Action": "sts:AssumeRole"}

TECHNIQUES: dict[str, list[dict[str, Any]]] = {
    "aws.credential-access.ec2-get-password-data": [
        _c("GetPasswordData", identity="role", error="Client.UnauthorizedOperation", read_only=True,
           params={"instanceId": f"i-{k:017x}"}, at=k * 0.1) for k in range(30)],
    "aws.credential-access.ec2-steal-instance-credentials": [
        _c("SendCommand", "ssm", params={"instanceIds": ["i-0abc1234def567890"], "documentName": "AWS-RunShellScript",
                                          "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS", "interactive": False}),
        _c("GetCallerIdentity", "sts", identity="instance", ip="198.51.100.77", read_only=True, at=1),
        _c("DescribeInstances", identity="instance", ip="198.51.100.77", read_only=True, at=1.1,
           params={"instancesSet": {}, "filterSet": {}})],
    "aws.credential-access.secretsmanager-batch-retrieve-secrets": [
        _c("BatchGetSecretValue", "secretsmanager", read_only=True, at=k * 0.1,
           params={"filters": [{"key": "tag-key", "values": ["StratusRedTeam"]}]}) for k in range(5)],
    "aws.credential-access.secretsmanager-retrieve-secrets": [
        _c("ListSecrets", "secretsmanager", read_only=True)] + [
        _c("GetSecretValue", "secretsmanager", read_only=True, at=0.1 * k,
           params={"secretId": f"arn:aws:secretsmanager:us-east-1:111122223333:secret:app-{k}-AbCdEf"}) for k in range(20)],
    "aws.credential-access.ssm-retrieve-securestring-parameters": [
        _c("DescribeParameters", "ssm", read_only=True, params={"maxResults": 10})] + [
        _c("GetParameters", "ssm", read_only=True, at=0.1 * k,
           params={"names": [f"/credentials/app/credentials-{k * 10 + j}" for j in range(10)], "withDecryption": True})
        for k in range(4)],
    "aws.defense-evasion.cloudtrail-delete": [_c("DeleteTrail", "cloudtrail", params={"name": "org-trail"})],
    "aws.defense-evasion.cloudtrail-event-selectors": [
        _c("PutEventSelectors", "cloudtrail", params={"trailName": "org-trail", "eventSelectors": [
            {"dataResources": [{"type": "AWS::S3::Object", "values": []}], "excludeManagementEventSources": [],
             "includeManagementEvents": False, "readWriteType": "ReadOnly"}]})],
    "aws.defense-evasion.cloudtrail-lifecycle-rule": [
        _c("PutBucketLifecycle", "s3", params={"bucketName": "org-trail-logs", "lifecycle": "", "LifecycleConfiguration": {
            "Rule": {"ID": "nuke-after-1-day", "Status": "Enabled", "Filter": {"Prefix": "*"}, "Expiration": {"Days": 1}}}})],
    "aws.defense-evasion.cloudtrail-stop": [_c("StopLogging", "cloudtrail", params={"name": "org-trail"})],
    "aws.defense-evasion.dns-delete-logs": [
        _c("DeleteResolverQueryLogConfig", "route53resolver", params={"resolverQueryLogConfigId": "rqlc-4473f20ca554c07"},
           resp={"resolverQueryLogConfig": {"id": "rqlc-4473f20ca554c07", "status": "DELETING"}})],
    "aws.defense-evasion.organizations-leave": [
        _c("LeaveOrganization", "organizations", identity="role", error="AccessDenied")],
    "aws.defense-evasion.vpc-remove-flow-logs": [
        _c("DeleteFlowLogs", params={"DeleteFlowLogsRequest": {"FlowLogId": {"content": "fl-0e17aa62a21d4bbfe", "tag": 1}}},
           resp={"DeleteFlowLogsResponse": {"unsuccessful": ""}})],
    "aws.defense-evasion.bedrock-model-invocation-logging-delete": [
        _c("DeleteModelInvocationLoggingConfiguration", "bedrock")],
    "aws.defense-evasion.bedrock-guardrail-delete": [
        _c("DeleteGuardrail", "bedrock", params={"guardrailIdentifier": "cmy5azq5koeo"})],
    "aws.discovery.ec2-enumerate-from-instance": [
        _c(n, s, identity="instance", ip="10.0.3.17", ua=CLI_ON_INSTANCE, read_only=True, at=0.2 * i) for i, (s, n) in enumerate((
            ("sts", "GetCallerIdentity"), ("s3", "ListBuckets"), ("iam", "GetAccountSummary"), ("iam", "ListRoles"),
            ("iam", "ListUsers"), ("iam", "GetAccountAuthorizationDetails"), ("ec2", "DescribeSnapshots"),
            ("cloudtrail", "DescribeTrails"), ("guardduty", "ListDetectors")))],
    "aws.discovery.ec2-download-user-data": [
        _c("DescribeInstanceAttribute", identity="role", error="Client.UnauthorizedOperation", read_only=True, at=0.1 * k,
           params={"attribute": "userData", "instanceId": f"i-{k:08x}"}) for k in range(15)],
    "aws.discovery.ses-enumerate": [
        _c(n, "ses", read_only=True, at=0.1 * i) for i, n in enumerate(
            ("GetAccountSendingEnabled", "GetSendQuota", "ListIdentities", "GetIdentityVerificationAttributes"))],
    "aws.discovery.bedrock-enumerate-models-multiple-regions": [
        _c("InvokeModel", "bedrock", identity="role", error="ValidationException", region=r, at=0.1 * i,
           params={"modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0"})
        for i, r in enumerate(("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"))],
    "aws.execution.ec2-launch-unusual-instances": [
        _c("RunInstances", identity="role", error="Client.UnauthorizedOperation", params={
            "instanceType": "p2.xlarge", "instancesSet": {"items": [{"imageId": "ami-0abc", "minCount": 1, "maxCount": 10}]},
            "blockDeviceMapping": {}, "monitoring": {"enabled": False}, "subnetId": "subnet-0e540f0c7ffb48ae9"})],
    "aws.execution.ec2-user-data": [
        _c("StopInstances", params={"instancesSet": {"items": [{"instanceId": "i-0abc1234def567890"}]}, "force": False}),
        _c("ModifyInstanceAttribute", params={"instanceId": "i-0abc1234def567890", "userData": "<sensitiveDataRemoved>"},
           resp={"_return": True}, at=1),
        _c("StartInstances", params={"instancesSet": {"items": [{"instanceId": "i-0abc1234def567890"}]}}, at=2)],
    "aws.execution.sagemaker-update-lifecycle-config": [
        _c("CreateNotebookInstanceLifecycleConfig", "sagemaker", identity="role",
           params={"notebookInstanceLifecycleConfigName": "priv-esc-config", "onStart": [{"content": "HIDDEN"}]}),
        _c("StopNotebookInstance", "sagemaker", identity="role", params={"notebookInstanceName": "research"}, at=1),
        _c("UpdateNotebookInstance", "sagemaker", identity="role", at=3,
           params={"notebookInstanceName": "research", "lifecycleConfigName": "priv-esc-config"}),
        _c("StartNotebookInstance", "sagemaker", identity="role", params={"notebookInstanceName": "research"}, at=8)],
    "aws.execution.ssm-send-command": [
        _c("SendCommand", "ssm", params={"instanceIds": ["i-0f364762ca43f9661", "i-0a86d1f61db2b9b5d", "i-08a69bfbe21c67e70"],
                                          "documentName": "AWS-RunShellScript", "parameters": "HIDDEN_DUE_TO_SECURITY_REASONS",
                                          "interactive": False})],
    "aws.execution.ssm-start-session": [
        _c("StartSession", "ssm", params={"target": f"i-0{k}ab1234def56789"}, at=0.1 * k,
           resp={"sessionId": f"alice-0{k}", "tokenValue": "Value hidden due to security reasons."}) for k in range(3)],
    "aws.exfiltration.ec2-security-group-open-port-22-ingress": [
        _c("AuthorizeSecurityGroupIngress", params={"groupId": "sg-0a1b2c3d", "ipPermissions": {"items": [
            {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "groups": {}, "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]},
             "ipv6Ranges": {}, "prefixListIds": {}}]}}, resp={"_return": True})],
    "aws.exfiltration.ec2-share-ami": [
        _c("ModifyImageAttribute", params={"attributeType": "launchPermission", "imageId": "ami-0b87ea1d007078d18",
                                           "launchPermission": {"add": {"items": [{"userId": OUTSIDE}]}}}, resp={"_return": True})],
    "aws.exfiltration.ec2-share-ebs-snapshot": [
        _c("ModifySnapshotAttribute", params={"snapshotId": "snap-0abc", "attributeType": "CREATE_VOLUME_PERMISSION",
                                              "createVolumePermission": {"add": {"items": [{"userId": OUTSIDE}]}}},
           resp={"_return": True})],
    "aws.exfiltration.rds-share-snapshot": [
        _c("ModifyDBSnapshotAttribute", "rds", params={"dBSnapshotIdentifier": "prod-snap", "attributeName": "restore",
                                                       "valuesToAdd": [OUTSIDE]})],
    "aws.exfiltration.s3-backdoor-bucket-policy": [
        _c("PutBucketPolicy", "s3", params={"bucketName": "shop-data", "policy": "", "bucketPolicy": {
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OUTSIDE}:root"},
                                                   "Action": ["s3:GetObject", "s3:GetBucketLocation", "s3:ListBucket"],
                                                   "Resource": ["arn:aws:s3:::shop-data/*", "arn:aws:s3:::shop-data"]}]}})],
    "aws.impact.bedrock-invoke-model": [
        _c("ListFoundationModels", "bedrock", read_only=True),
        _c("InvokeModel", "bedrock", params={"modelId": "anthropic.claude-v2"}, at=0.1)],
    "aws.impact.ec2-deregister-ami": [
        _c("DeregisterImage", params={"imageId": "ami-0b87ea1d007078d18", "deleteAssociatedSnapshots": False},
           resp={"_return": True})],
    "aws.impact.s3-ransomware-batch-deletion": [
        _c("ListObjectVersions", "s3", read_only=True, params={"bucketName": "shop-data", "versions": ""}),
        _c("DeleteObjects", "s3", params={"bucketName": "shop-data", "delete": "", "x-id": "DeleteObjects"}, at=0.5),
        _c("PutObject", "s3", params={"bucketName": "shop-data", "key": "FILES-DELETED.txt", "x-id": "PutObject"}, at=1)],
    "aws.impact.s3-ransomware-client-side-encryption": [
        _c("ListObjectsV2", "s3", read_only=True, params={"bucketName": "shop-data", "list-type": "2"})] + [
        _c("CopyObject", "s3", at=0.01 * k, params={"bucketName": "shop-data", "key": f"f{k}.csv", SSE_C: "AES256",
                                                     "x-amz-copy-source": f"shop-data/f{k}.csv", "x-id": "CopyObject"},
           resp={SSE_C: "AES256"}) for k in range(30)] + [
        _c("PutObject", "s3", params={"bucketName": "shop-data", "key": "FILES-ENCRYPTED.txt", "x-id": "PutObject"}, at=1)],
    "aws.impact.s3-ransomware-individual-deletion": [
        _c("DeleteObject", "s3", at=0.01 * k, params={"bucketName": "shop-data", "key": f"f{k}.csv", "versionId": "v1",
                                                       "x-id": "DeleteObject"}) for k in range(60)] + [
        _c("PutObject", "s3", params={"bucketName": "shop-data", "key": "FILES-DELETED.txt", "x-id": "PutObject"}, at=1)],
    "aws.initial-access.console-login-without-mfa": [
        _c("ConsoleLogin", "signin", ua="Mozilla/5.0 (X11; Linux x86_64)", resp={"ConsoleLogin": "Success"},
           set={"eventType": "AwsConsoleSignIn", "additionalEventData": {
               "LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "No"}})],
    "aws.lateral-movement.ec2-instance-connect": [
        _c("SendSSHPublicKey", "ec2-instance-connect", at=0.1 * k, resp={"success": True},
           params={"instanceId": f"i-0{k}ab1234def56789", "instanceOSUser": "ec2-user", "sSHPublicKey": "ssh-ed25519 AAAA"})
        for k in range(3)],
    "aws.lateral-movement.ec2-serial-console-send-ssh-public-key": [
        _c("SendSerialConsoleSSHPublicKey", "ec2-instance-connect", identity="role", at=0.1 * k, resp={"success": True},
           params={"instanceId": f"i-0{k}ab1234def56789", "monitorMode": False, "sSHPublicKey": "ssh-ed25519 AAAA",
                   "serialPort": 0}) for k in range(3)],
    "aws.persistence.iam-backdoor-role": [
        _c("UpdateAssumeRolePolicy", "iam", params={"roleName": "app-role", "policyDocument": _policy(
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}, _TRUST_OUTSIDE)})],
    "aws.persistence.iam-backdoor-user": [
        _c("CreateAccessKey", "iam", params={"userName": "ci-deployer"},
           resp={"accessKey": {"accessKeyId": "AKIAEXAMPLENEWKEY01", "status": "Active", "userName": "ci-deployer"}})],
    "aws.persistence.iam-create-admin-user": [
        _c("CreateUser", "iam", params={"userName": "malicious-iam-user"}),
        _c("AttachUserPolicy", "iam", params={"userName": "malicious-iam-user",
                                              "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}, at=0.1),
        _c("CreateAccessKey", "iam", params={"userName": "malicious-iam-user"}, at=0.2,
           resp={"accessKey": {"accessKeyId": "AKIAEXAMPLENEWKEY02", "status": "Active", "userName": "malicious-iam-user"}})],
    "aws.persistence.iam-create-backdoor-role": [
        _c("CreateRole", "iam", params={"roleName": "malicious-iam-role", "assumeRolePolicyDocument": _policy(_TRUST_OUTSIDE)}),
        _c("AttachRolePolicy", "iam", at=0.1, params={"roleName": "malicious-iam-role",
                                                      "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"})],
    "aws.persistence.iam-create-user-login-profile": [
        _c("CreateLoginProfile", "iam", params={"userName": "ci-deployer", "passwordResetRequired": False},
           resp={"loginProfile": {"userName": "ci-deployer", "passwordResetRequired": False}})],
    "aws.persistence.lambda-backdoor-function": [
        _c("AddPermission20150331v2", "lambda", params={"functionName": "payments", "statementId": "backdoor",
                                                        "action": "lambda:InvokeFunction", "principal": "*"})],
    "aws.persistence.lambda-layer-extension": [
        _c("UpdateFunctionConfiguration20150331v2", "lambda", params={
            "environment": {}, "functionName": "arn:aws:lambda:us-east-1:111122223333:function:payments",
            "layers": ["arn:aws:lambda:us-east-1:111122223333:layer:my-lambda-extension:1"]})],
    "aws.persistence.lambda-overwrite-code": [
        _c("UpdateFunctionCode20150331v2", "lambda", params={"functionName": "payments", "publish": False, "dryRun": False})],
    "aws.persistence.rolesanywhere-create-trust-anchor": [
        _c("CreateTrustAnchor", "rolesanywhere", params={"name": "malicious-trust-anchor", "enabled": True, "source": {
            "sourceType": "CERTIFICATE_BUNDLE", "sourceData": {"x509CertificateData": "-----BEGIN CERTIFICATE-----"}}}),
        _c("CreateProfile", "rolesanywhere", at=0.1, params={
            "name": "malicious-profile", "enabled": True, "roleArns": ["arn:aws:iam::111122223333:role/trusted"]})],
    "aws.persistence.sts-federation-token": [
        _c("GetFederationToken", "sts", params={"name": "stratus_red_team", "policy": _policy(
            {"Effect": "Allow", "Action": "*", "Resource": "*"})})],
    "aws.privilege-escalation.iam-update-user-login-profile": [
        _c("UpdateLoginProfile", "iam", params={"userName": "ci-deployer", "passwordResetRequired": False})],
    "aws.persistence.cognito-refresh-token-reuse": [
        _c("GetTokensFromRefreshToken", "cognito-idp", set={"userIdentity": {"type": "Unknown", "principalId": "Anonymous"}},
           params={"clientId": "1example23456789", "refreshToken": "HIDDEN_DUE_TO_SECURITY_REASONS"})],
}

_ROW = re.compile(r"^\| (aws\.[a-z0-9.-]+) \| ([^|]*) \| ([^|]*) \|$")


def coverage_table() -> dict[str, list[str]]:
    """technique → the rule ids its row in docs/threats.md names (empty when not detected)."""
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("## Coverage of the Stratus Red Team AWS techniques")
    rows: dict[str, list[str]] = {}
    for line in text[start:].splitlines():
        if line.startswith("## ") and rows:
            break
        m = _ROW.match(line.strip())
        if m:
            rows[m.group(1)] = [f"threat.cloudtrail.{r.strip().strip('`')}" for r in m.group(2).split(",")
                                if r.strip() and r.strip() != "—"]
    return rows


def fired(technique: str) -> set[str]:
    records = [cloudtrail(case, f"{technique}.{i}") for i, case in enumerate(TECHNIQUES[technique])]
    got = evaluate([normalise(r) for r in records], Pseudonymiser(b"k")).sightings
    return {s.finding.check_id for s in got.values()}


def test_every_technique_has_a_row() -> None:
    assert sorted(coverage_table()) == sorted(TECHNIQUES)


@pytest.mark.parametrize("technique", sorted(TECHNIQUES))
def test_the_rules_the_docs_name_fire(technique: str) -> None:
    listed = coverage_table()[technique]
    got = fired(technique)
    assert set(listed) <= got, f"{technique}: docs name {sorted(set(listed) - got)}, fired {sorted(got)}"
    if not listed:
        assert not got, f"{technique}: docs say not detected, but {sorted(got)} fired"


def test_at_least_thirty_techniques_detected() -> None:
    assert sum(1 for rules in coverage_table().values() if rules) >= 30
