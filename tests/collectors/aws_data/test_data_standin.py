"""Redshift Serverless and EventBridge global endpoints against a local stand-in of their JSON
APIs, and what an API error becomes.

moto serves neither ListWorkgroups/ListNamespaces (redshift-serverless) nor EventBridge
ListEndpoints, so the collectors are read here through the real boto3 clients against a small
stand-in answering the AWS JSON 1.1 protocol of the API references: ``POST /`` with
``X-Amz-Target: RedshiftServerless.ListWorkgroups`` → ``{"workgroups": [Workgroup…], "nextToken"}``
(Workgroup: workgroupName, workgroupArn, publiclyAccessible, enhancedVpcRouting,
configParameters [{parameterKey, parameterValue}] …), ``RedshiftServerless.ListNamespaces`` →
``{"namespaces": [Namespace…]}`` (namespaceName, namespaceArn, adminUsername, kmsKeyId,
logExports …), ``AWSEvents.ListEndpoints`` → ``{"Endpoints": [Endpoint…], "NextToken"}``
(Name, Arn, ReplicationConfig {State}, EventBuses …); Kinesis ``ListStreams`` /
``DescribeStreamSummary`` / ``GetResourcePolicy`` for the unreadable-setting cases.  Errors are HTTP 400 with
``{"__type": "AccessDeniedException", "message": …}``.  The first page of ListWorkgroups carries
a nextToken, so paging is exercised.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

import checks as registry
from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory
from agent.core.model import Status
from agent.engine.evaluate import evaluate

ACCOUNT, REGION = "123456789012", "us-east-1"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"
WG = f"arn:aws:redshift-serverless:{REGION}:{ACCOUNT}:workgroup/"
NS = f"arn:aws:redshift-serverless:{REGION}:{ACCOUNT}:namespace/"


def _workgroup(name: str, good: bool) -> dict[str, Any]:
    return {"workgroupName": name, "workgroupId": f"id-{name}", "workgroupArn": WG + f"id-{name}", "namespaceName": name,
            "status": "AVAILABLE", "baseCapacity": 32, "publiclyAccessible": not good, "enhancedVpcRouting": good,
            "configParameters": [{"parameterKey": "require_ssl", "parameterValue": "true" if good else "false"},
                                 {"parameterKey": "datestyle", "parameterValue": "ISO, MDY"}],
            "endpoint": {"address": f"{name}.{ACCOUNT}.{REGION}.redshift-serverless.amazonaws.com", "port": 5439},
            "creationDate": "2026-11-01T10:00:00Z"}


def _namespace(name: str, good: bool) -> dict[str, Any]:
    return {"namespaceName": name, "namespaceId": f"id-{name}", "namespaceArn": NS + f"id-{name}", "status": "AVAILABLE",
            "adminUsername": "dw_admin" if good else "admin", "dbName": "dev", "iamRoles": [],
            "kmsKeyId": KEY if good else "AWS_OWNED_KMS_KEY",
            "adminPasswordSecretArn": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:redshift!{name}-admin",
            "logExports": ["connectionlog", "userlog", "useractivitylog"] if good else [],
            "creationDate": "2026-11-01T10:00:00Z"}


def _endpoint(name: str, state: str) -> dict[str, Any]:
    return {"Name": name, "Arn": f"arn:aws:events:{REGION}:{ACCOUNT}:endpoint/{name}", "State": "ACTIVE",
            "ReplicationConfig": {"State": state}, "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/replication",
            "RoutingConfig": {"FailoverConfig": {"Primary": {"HealthCheck": "arn:aws:route53:::healthcheck/1"},
                                                 "Secondary": {"Route": "us-west-2"}}},
            "EventBuses": [{"EventBusArn": f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/orders"},
                           {"EventBusArn": f"arn:aws:events:us-west-2:{ACCOUNT}:event-bus/orders"}],
            "EndpointId": f"{name}.veo", "EndpointUrl": f"https://{name}.veo.endpoint.events.amazonaws.com"}


def _ok(body: dict[str, Any]) -> Response:
    return Response(json.dumps(body), status=200, content_type="application/x-amz-json-1.1")


def _denied(target: str) -> Response:
    return Response(json.dumps({"__type": "AccessDeniedException", "message": f"not authorized to call {target}"}),
                    status=400, content_type="application/x-amz-json-1.1")


EMPTY = {"RedshiftServerless.ListWorkgroups": {"workgroups": []}, "RedshiftServerless.ListNamespaces": {"namespaces": []},
         "AWSEvents.ListEndpoints": {"Endpoints": []}}
GLUE = {
    "AWSGlue.GetDatabases": _ok({"DatabaseList": [{"Name": "sales", "CatalogId": ACCOUNT}]}),
    "AWSGlue.GetConnections": _ok({"ConnectionList": []}),
    "AWSGlue.GetDevEndpoints": _ok({"DevEndpoints": []}),
    "AWSGlue.GetMLTransforms": _ok({"Transforms": []}),
    "AWSGlue.GetDataCatalogEncryptionSettings": _ok({"DataCatalogEncryptionSettings": {
        "EncryptionAtRest": {"CatalogEncryptionMode": "DISABLED"},
        "ConnectionPasswordEncryption": {"ReturnConnectionPasswordEncrypted": False}}}),
    "AWSGlue.GetResourcePolicy": Response(json.dumps({"__type": "EntityNotFoundException", "Message": "no policy"}),
                                          status=400, content_type="application/x-amz-json-1.1"),
}


class StandIn:
    """Routes on X-Amz-Target; ``deny`` names targets that answer AccessDenied."""

    def __init__(self, deny: frozenset[str] = frozenset(), empty: bool = False) -> None:
        self.deny = deny
        self.empty = empty  # an account that uses none of the services
        self.targets: list[str] = []

    def __call__(self, request: Request) -> Response:
        target = request.headers.get("X-Amz-Target", "")
        self.targets.append(target)
        body = json.loads(request.get_data() or b"{}")
        if target in self.deny:
            return _denied(target)
        if self.empty and target in EMPTY:
            return _ok(EMPTY[target])
        if target in GLUE:
            return GLUE[target]
        if target == "RedshiftServerless.ListWorkgroups":
            if body.get("nextToken") == "page-2":
                return _ok({"workgroups": [_workgroup("bad-wg", False)]})
            return _ok({"workgroups": [_workgroup("good-wg", True)], "nextToken": "page-2"})
        if target == "RedshiftServerless.ListNamespaces":
            return _ok({"namespaces": [_namespace("good-ns", True), _namespace("bad-ns", False)]})
        if target == "AWSEvents.ListEndpoints":
            return _ok({"Endpoints": [_endpoint("good-endpoint", "ENABLED"), _endpoint("bad-endpoint", "DISABLED")]})
        if target == "Kinesis_20131202.DescribeStreamSummary":
            return _ok({"StreamDescriptionSummary": {
                "StreamName": "clicks", "StreamARN": f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/clicks",
                "StreamStatus": "ACTIVE", "RetentionPeriodHours": 168, "StreamCreationTimestamp": 1764000000.0,
                "EnhancedMonitoring": [{"ShardLevelMetrics": []}], "EncryptionType": "KMS", "KeyId": KEY,
                "OpenShardCount": 2}})
        if target == "Kinesis_20131202.GetResourcePolicy":
            return _ok({"Policy": ""})  # a stream without a policy
        if target == "Kinesis_20131202.ListStreams":
            return _ok({"StreamNames": ["clicks"], "HasMoreStreams": False, "StreamSummaries": [{
                "StreamName": "clicks", "StreamARN": f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/clicks",
                "StreamStatus": "ACTIVE", "StreamModeDetails": {"StreamMode": "ON_DEMAND"},
                "StreamCreationTimestamp": 1764000000.0}]})
        return Response(json.dumps({"__type": "UnknownOperationException"}), status=400,
                        content_type="application/x-amz-json-1.1")


@pytest.fixture(scope="module")
def server():
    srv = HTTPServer(host="127.0.0.1", port=0)
    srv.start()
    yield srv
    srv.stop()


def _collect(server: HTTPServer, handler: StandIn, services: list[str]):
    server.clear()
    server.expect_request("").respond_with_handler(handler)  # every path: the handler routes
    factory = ClientFactory(endpoint_url=server.url_for("/").rstrip("/"), default_region=REGION, max_attempts=1,
                            session=boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing"))
    return collect_account(factory, ACCOUNT, [REGION], services=services)


def _statuses(inv, prefix: str) -> dict[tuple[str, str], Status]:
    wanted = [c for c in registry.all_checks() if c.id.startswith(prefix)]
    return {(x.check_id, x.resource.name): x.status for x in evaluate(inv, wanted).findings}


@pytest.fixture(scope="module")
def served(server):
    handler = StandIn()
    inv = _collect(server, handler, ["redshiftserverless", "events_endpoints"])
    assert not inv.coverage.failures, [(e.resource_type, e.error) for e in inv.coverage.failures]
    return inv, handler


SERVERLESS = [
    ("aws.redshiftserverless.workgroup_not_publicly_accessible", "good-wg", "bad-wg"),
    ("aws.redshiftserverless.workgroup_enhanced_vpc_routing", "good-wg", "bad-wg"),
    ("aws.redshiftserverless.workgroup_requires_ssl", "good-wg", "bad-wg"),
    ("aws.redshiftserverless.namespace_encrypted_with_cmk", "good-ns", "bad-ns"),
    ("aws.redshiftserverless.namespace_no_default_admin_user", "good-ns", "bad-ns"),
    ("aws.redshiftserverless.namespace_audit_logs_exported", "good-ns", "bad-ns"),
    ("aws.events.endpoint_replication_enabled", "good-endpoint", "bad-endpoint"),
]


@pytest.mark.parametrize(("check_id", "good", "bad"), SERVERLESS, ids=[e[0] for e in SERVERLESS])
def test_on_the_standin(served, check_id: str, good: str, bad: str) -> None:
    got = {n: s for (c, n), s in _statuses(served[0], check_id).items() if c == check_id}
    assert got == {good: Status.PASS, bad: Status.FAIL}


def test_paging_and_no_secret_arn(served) -> None:
    inv, handler = served
    assert handler.targets.count("RedshiftServerless.ListWorkgroups") == 2  # the nextToken was followed
    ns = [r for r in inv if r.type == "aws.redshiftserverless.namespace"]
    assert ns and all("adminPasswordSecretArn" not in r.data for r in ns)


def test_denied_listing_is_a_coverage_gap_never_a_pass(server) -> None:
    """AccessDenied on a listing: every type of the module is a coverage failure and no check passes."""
    inv = _collect(server, StandIn(deny=frozenset({"RedshiftServerless.ListNamespaces"})), ["redshiftserverless"])
    failed = {e.resource_type for e in inv.coverage.failures}
    assert failed == {"aws.redshiftserverless.workgroup", "aws.redshiftserverless.namespace"}
    assert "AccessDenied" in " ".join(e.error for e in inv.coverage.failures)
    assert not [s for s in _statuses(inv, "aws.redshiftserverless.").values() if s is Status.PASS]


@pytest.mark.parametrize(("denied", "erred"), [
    ("Kinesis_20131202.DescribeStreamSummary", {"aws.kinesis.stream_encrypted", "aws.kinesis.stream_encrypted_with_cmk",
                                                "aws.kinesis.stream_retention_7_days"}),
    ("Kinesis_20131202.GetResourcePolicy", {"aws.kinesis.stream_policy_not_public",
                                            "aws.kinesis.stream_not_shared_cross_account"}),
])
def test_denied_setting_read_is_error_never_pass(server, denied: str, erred: set[str]) -> None:
    """AccessDenied on one of a stream's reads: the stream is kept, the checks of that read answer ERROR."""
    inv = _collect(server, StandIn(deny=frozenset({denied})), ["kinesis"])
    assert not inv.coverage.failures
    got = {c: s for (c, _), s in _statuses(inv, "aws.kinesis.").items()}
    assert {c for c, s in got.items() if s is Status.ERROR} == erred, got


def test_denied_glue_listing_is_a_gap_for_its_own_type(server) -> None:
    """GetJobs denied: jobs are a coverage gap; the catalog (read fine, no resource policy) is still judged."""
    inv = _collect(server, StandIn(deny=frozenset({"AWSGlue.GetJobs"})), ["glue"])
    assert {e.resource_type for e in inv.coverage.failures} == {"aws.glue.job"}
    got = _statuses(inv, "aws.glue.data_catalog")
    assert got[("aws.glue.data_catalog_encrypted_at_rest", "catalog us-east-1")] is Status.FAIL
    assert got[("aws.glue.data_catalog_policy_not_public", "catalog us-east-1")] is Status.PASS  # no policy


def test_unused_serverless_and_endpoints_cost_one_listing_each(server) -> None:
    handler = StandIn(empty=True)
    inv = _collect(server, handler, ["redshiftserverless", "events_endpoints"])
    assert not inv.coverage.failures and not list(inv)
    assert sorted(handler.targets) == ["AWSEvents.ListEndpoints", "RedshiftServerless.ListNamespaces",
                                       "RedshiftServerless.ListWorkgroups"]
