"""Resource policies and sharing, end to end against moto over HTTP: each service seeded with a
public or foreign-account resource and a private one, collected by the real service modules, and
judged by the per-service checks (one estate, one collection for the module)."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import boto3
import pytest

import checks as registry
from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory
from agent.core.model import Status
from agent.engine.evaluate import evaluate

ACCOUNT, FOREIGN, REGION = "123456789012", "444455556666", "us-east-1"
SERVICES = ["kms", "s3_access_points", "lambda_layers", "events", "logs", "ses", "opensearch", "apigateway",
            "ssm_documents", "mq"]


def _doc(principal: Any, action: Any, resource: str = "*") -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "S", "Effect": "Allow", "Principal": principal, "Action": action, "Resource": resource}]})


def _factory(endpoint: str) -> ClientFactory:
    # The project's factory: it strips the account-id host prefix S3 Control puts on a custom endpoint.
    return ClientFactory(endpoint_url=endpoint, default_region=REGION,
                         session=boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing"))


def _seed(endpoint: str) -> None:
    c = _factory(endpoint).client

    kms = c("kms")
    kms.create_key(Description="ucs-bad-public-key", Policy=_doc("*", "kms:Decrypt"))
    kms.create_key(Description="ucs-bad-foreign-key", Policy=_doc({"AWS": f"arn:aws:iam::{FOREIGN}:root"}, "kms:*"))
    kms.create_key(Description="ucs-good-key", Policy=_doc({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "kms:*"))

    c("s3").create_bucket(Bucket="ucs-ap-bucket")
    s3c = c("s3control")
    for name, principal in (("ucs-bad-ap", "*"), ("ucs-good-ap", {"AWS": f"arn:aws:iam::{ACCOUNT}:root"})):
        s3c.create_access_point(AccountId=ACCOUNT, Name=name, Bucket="ucs-ap-bucket")
        s3c.put_access_point_policy(AccountId=ACCOUNT, Name=name, Policy=_doc(
            principal, "s3:GetObject", f"arn:aws:s3:{REGION}:{ACCOUNT}:accesspoint/{name}/object/*"))

    lam = c("lambda")
    for name in ("ucs-bad-layer", "ucs-good-layer"):
        v = lam.publish_layer_version(LayerName=name, Content={"ZipFile": b"PK\x05\x06" + b"\0" * 18})
        if name == "ucs-bad-layer":
            lam.add_layer_version_permission(LayerName=name, VersionNumber=v["Version"], StatementId="all",
                                             Action="lambda:GetLayerVersion", Principal="*")

    ev = c("events")
    ev.create_event_bus(Name="ucs-bad-bus")
    ev.put_permission(EventBusName="ucs-bad-bus", Action="events:PutEvents", Principal="*", StatementId="anyone")
    ev.create_event_bus(Name="ucs-good-bus")
    ev.put_permission(EventBusName="ucs-good-bus", Action="events:PutEvents", Principal=ACCOUNT, StatementId="me")

    logs = c("logs")
    logs.put_resource_policy(policyName="ucs-bad-logs-policy", policyDocument=_doc("*", "logs:PutLogEvents"))
    logs.put_resource_policy(policyName="ucs-good-logs-policy",
                             policyDocument=_doc({"Service": "es.amazonaws.com"}, "logs:PutLogEvents"))
    logs.put_destination(destinationName="ucs-bad-destination", targetArn=f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/s",
                         roleArn=f"arn:aws:iam::{ACCOUNT}:role/cwl")
    logs.put_destination_policy(destinationName="ucs-bad-destination",
                                accessPolicy=_doc({"AWS": FOREIGN}, "logs:PutSubscriptionFilter"))

    ses = c("sesv2")
    ses.create_email_identity(EmailIdentity="bad.example.com")
    ses.create_email_identity_policy(EmailIdentity="bad.example.com", PolicyName="send",
                                     Policy=_doc({"AWS": f"arn:aws:iam::{FOREIGN}:root"}, "ses:SendEmail"))
    ses.create_email_identity(EmailIdentity="good.example.com")

    os_ = c("opensearch")
    os_.create_domain(DomainName="ucs-bad-domain", AccessPolicies=_doc({"AWS": "*"}, "es:*"))
    os_.create_domain(DomainName="ucs-good-domain",
                      AccessPolicies=_doc({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "es:*"))

    apigw = c("apigateway")
    apigw.create_rest_api(name="ucs-bad-api", policy=_doc("*", "execute-api:Invoke"))
    apigw.create_rest_api(name="ucs-good-api")

    ssm = c("ssm")
    for name in ("ucs-bad-document", "ucs-good-document"):
        ssm.create_document(Name=name, DocumentType="Command", Content=json.dumps(
            {"schemaVersion": "2.2", "description": "x", "mainSteps": [
                {"action": "aws:runShellScript", "name": "run", "inputs": {"runCommand": ["true"]}}]}))
    ssm.modify_document_permission(Name="ucs-bad-document", PermissionType="Share", AccountIdsToAdd=["all"])

    mq = c("mq")
    for name, public in (("ucs-bad-broker", True), ("ucs-good-broker", False)):
        mq.create_broker(BrokerName=name, EngineType="ACTIVEMQ", EngineVersion="5.17.6", HostInstanceType="mq.t3.micro",
                         DeploymentMode="SINGLE_INSTANCE", PubliclyAccessible=public, AutoMinorVersionUpgrade=True,
                         Users=[{"Username": "admin", "Password": "not-a-real-password1"}])


@pytest.fixture(scope="module")
def findings(moto_server: str) -> dict[tuple[str, str], Status]:
    urllib.request.urlopen(urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST")).read()
    _seed(moto_server)
    inv = collect_account(_factory(moto_server), ACCOUNT, [REGION], services=SERVICES)
    assert not inv.coverage.failures, [(e.resource_type, e.error) for e in inv.coverage.failures]
    wanted = [c for c in registry.all_checks() if set(c.meta.resource_types) & set(inv.types)]
    out: dict[tuple[str, str], Status] = {}
    for f in evaluate(inv, wanted).findings:
        name = f.resource.name if f.resource.type != "aws.kms.key" else str(f.resource.data.get("Description"))
        out[(f.check_id, name)] = f.status
    return out


EXPECTED = [
    ("aws.kms.key_policy_not_public", "ucs-bad-public-key", "ucs-good-key"),
    ("aws.kms.key_not_shared_cross_account", "ucs-bad-foreign-key", "ucs-good-key"),
    ("aws.s3.access_point_policy_not_public", "ucs-bad-ap", "ucs-good-ap"),
    ("aws.lambda.layer_policy_not_public", "ucs-bad-layer", "ucs-good-layer"),
    ("aws.events.event_bus_policy_not_public", "ucs-bad-bus", "ucs-good-bus"),
    ("aws.logs.resource_policy_not_public", "ucs-bad-logs-policy", "ucs-good-logs-policy"),
    ("aws.logs.destination_not_shared_cross_account", "ucs-bad-destination", None),
    ("aws.ses.identity_not_shared_cross_account", "bad.example.com", "good.example.com"),
    ("aws.opensearch.domain_policy_not_public", "ucs-bad-domain", "ucs-good-domain"),
    ("aws.apigateway.rest_api_policy_not_public", "ucs-bad-api", "ucs-good-api"),
    ("aws.ssm.document_not_public", "ucs-bad-document", "ucs-good-document"),
    ("aws.ssm.document_not_shared_cross_account", "ucs-bad-document", "ucs-good-document"),
    ("aws.mq.broker_not_publicly_accessible", "ucs-bad-broker", "ucs-good-broker"),
]


@pytest.mark.parametrize(("check_id", "bad", "good"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_collected_and_judged(findings: dict[tuple[str, str], Status], check_id: str, bad: str, good: str | None) -> None:
    got = {n: s for (cid, n), s in findings.items() if cid == check_id}
    assert got.get(bad) is Status.FAIL, got
    if good:
        assert got.get(good) is Status.PASS, got
