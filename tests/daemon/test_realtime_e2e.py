"""Event-driven re-assessment end to end: a real daemon, its files intake, boto3 changes on moto over
HTTP, the CloudTrail records those calls produce written into the intake, and a webhook receiver.

A change opens (or resolves) its resource's finding within the settle delay plus one poll, with
one notification; a burst of changes costs one re-collection; a re-collection that fails resolves
nothing; a security group opened to the world brings the exposure finding of the instance behind
it; a Kubernetes Deployment patched through the audit log is re-assessed against the API stand-in.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from sqlalchemy import select

from agent.collectors.aws.context import ClientFactory
from agent.commands.status import realtime_line, status_doc
from agent.daemon.service import Daemon
from agent.store.realtime import RealtimeLog
from agent.store.tables import realtime_assessments
from tests.daemon.helpers import tenant_config, write_config
from tests.events.test_change_mapping import _one
from tests.kubernetes.standin import ApiStandIn, list_document

ACCOUNT = "123456789012"
PAB = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}


class Trail:
    """CloudTrail log files in the intake folder, one per batch of records (as CloudTrail delivers)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.n = 0

    def write(self, records: list[dict[str, Any]]) -> None:
        self.n += 1
        name = f"{ACCOUNT}_CloudTrail_us-east-1_20261201T03{self.n:02d}Z_{self.n}.json"
        (self.folder / name).write_text(json.dumps({"Records": records}))


def record(rule: str, name: str, params: dict[str, Any], i: int = 0) -> dict[str, Any]:
    ev = copy.deepcopy(_one("aws", rule))
    ev["eventName"] = name
    ev["requestParameters"] = params
    ev["eventID"] = f"ev-{name}-{i}"
    ev["eventTime"] = ev["eventTime"].replace("03:04:05", f"03:04:{i % 60:02d}")
    return ev


def sent(httpserver) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    out = []
    for req, _ in httpserver.log:
        body = json.loads(req.get_data())
        f = body.get("finding") or {}  # OCSF
        name = (f.get("resources") or [{}])[0].get("name")
        out.append((req.headers.get("X-UCS-Event", ""), f"{(f.get('finding_info') or {}).get('product_uid')} {name}"))
    return out


@pytest.fixture
def daemon(tmp_path, store_url, tenant_id, moto_reset, monkeypatch, httpserver):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("UCS_T_RT_URL", httpserver.url_for("/hook"))
    monkeypatch.setenv("UCS_T_RT_KEY", "hmac-key-for-tests")
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    logs = tmp_path / "logs"
    logs.mkdir()
    cfg = tenant_config(
        tenant_id, store_url, endpoint=moto_reset, menus={"options": ["threat-detection"]},
        intake={"files": [{"path": str(logs), "source": "trail"}]}, realtime={"settle_seconds": 0},
        notifications={
            "channels": [{"name": "ops", "type": "webhook", "url_env": "UCS_T_RT_URL", "secret_env": "UCS_T_RT_KEY"}],
            "routes": [{"name": "rt", "channels": ["ops"],
                        "match": {"checks": ["aws.s3.block_public_access", "aws.ec2.admin_ports_not_reachable"],
                                  "transitions": ["new", "reopened", "resolved"]}}]})
    cfg["providers"]["aws"]["accounts"][0]["services"] = ["s3", "ec2", "ec2_network"]
    d = Daemon(str(write_config(tmp_path / "tenant.yaml", cfg))).start()
    try:
        yield d, Trail(logs), boto3.session.Session(region_name="us-east-1")
    finally:
        d.stop()


def state(d: Daemon, check: str, name: str) -> str | None:
    for f in d.store.findings(d.tenant):
        if f.check_id == check and f.resource.name == name:
            return f.state.value
    return None


def poll(d: Daemon) -> None:
    d.run("intake", "")
    d.run("realtime", "")
    d.run("outbox", "")


def test_bucket_made_public_then_fixed(daemon, moto_reset, httpserver) -> None:  # type: ignore[no-untyped-def]
    d, trail, session = daemon
    s3 = session.client("s3", endpoint_url=moto_reset)
    for b in ("rt-a", "rt-b"):
        s3.create_bucket(Bucket=b)
        s3.put_public_access_block(Bucket=b, PublicAccessBlockConfiguration=PAB)
    s3.delete_public_access_block(Bucket="rt-b")
    d.run("scan", f"aws:{ACCOUNT}")
    d.run("outbox", "")
    assert state(d, "aws.s3.block_public_access", "rt-a") == "passed"
    assert state(d, "aws.s3.block_public_access", "rt-b") == "new"
    before = len(sent(httpserver))

    # rt-a is made public; rt-b is fixed without an event reaching us: only rt-a may change.
    s3.delete_public_access_block(Bucket="rt-a")
    s3.put_public_access_block(Bucket="rt-b", PublicAccessBlockConfiguration=PAB)
    trail.write([record("s3-bucket", "DeleteBucketPublicAccessBlock", {"bucketName": "rt-a", "publicAccessBlock": ""})])
    poll(d)
    assert state(d, "aws.s3.block_public_access", "rt-a") == "new"
    assert state(d, "aws.s3.block_public_access", "rt-b") == "new"  # not re-assessed: untouched
    assert sent(httpserver)[before:] == [("new", "aws.s3.block_public_access rt-a")]

    s3.put_public_access_block(Bucket="rt-a", PublicAccessBlockConfiguration=PAB)
    trail.write([record("s3-bucket", "PutBucketPublicAccessBlock", {"bucketName": "rt-a"})])
    poll(d)
    assert state(d, "aws.s3.block_public_access", "rt-a") == "resolved"
    assert sent(httpserver)[before + 1:] == [("resolved", "aws.s3.block_public_access rt-a")]
    summary = RealtimeLog(d.store.engine).summary(d.tenant)
    assert summary.by_outcome == {"assessed": 2} and summary.latency_p95 is not None

    # rt-b is deleted: its findings resolve as deleted, without a re-read.
    s3.delete_bucket(Bucket="rt-b")
    trail.write([record("s3-bucket", "DeleteBucket", {"bucketName": "rt-b"})])
    poll(d)
    gone = [f for f in d.store.findings(d.tenant) if f.resource.name == "rt-b" and f.state.value == "resolved"]
    assert gone and all(f.detail == "resource deleted" for f in gone)
    doc = status_doc(d.settings, d.store)["realtime"]
    assert doc["enabled"] and doc["last_24h"]["by_outcome"] == {"assessed": 2, "deleted": 1}
    assert "re-assessment" in realtime_line(doc, "en") and "リアルタイム再評価" in realtime_line(doc, "ja")


def test_fifty_changes_one_recollection_and_a_failing_one_resolves_nothing(daemon, moto_reset, httpserver) -> None:  # type: ignore[no-untyped-def]
    d, trail, session = daemon
    s3 = session.client("s3", endpoint_url=moto_reset)
    s3.create_bucket(Bucket="rt-busy")
    d.run("scan", f"aws:{ACCOUNT}")
    assert state(d, "aws.s3.block_public_access", "rt-busy") == "new"
    trail.write([record("s3-bucket", "PutBucketAcl", {"bucketName": "rt-busy", "acl": ""}, i) for i in range(50)])
    d.run("intake", "")
    assert len(d.realtime.queue) == 1 and d.realtime.queue.events == 50
    d.run("realtime", "")
    with d.store.engine.connect() as conn:
        rows = conn.execute(select(realtime_assessments).where(realtime_assessments.c.tenant == d.tenant)).mappings().all()
    assert [(r["outcome"], r["events"], r["resource_key"]) for r in rows] == [("assessed", 50, "rt-busy")]
    assert 0 < rows[0]["api_calls"] < 20  # the narrowed path: this bucket's reads, not the account's
    assert state(d, "aws.s3.block_public_access", "rt-busy") == "open"  # re-assessed: still failing

    # Fixed, but the re-collection is refused: the finding stays as it was, the failure is counted.
    s3.put_public_access_block(Bucket="rt-busy", PublicAccessBlockConfiguration=PAB)
    httpserver.expect_request("/", method="GET").respond_with_data(
        "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>", status=403)
    d.realtime.reassessor.aws_factory = lambda _scope: ClientFactory(endpoint_url=httpserver.url_for("/").rstrip("/"),
                                                                      default_region="us-east-1")
    trail.write([record("s3-bucket", "PutBucketPublicAccessBlock", {"bucketName": "rt-busy"})])
    poll(d)
    assert state(d, "aws.s3.block_public_access", "rt-busy") == "open"
    assert RealtimeLog(d.store.engine).summary(d.tenant).by_outcome == {"assessed": 1, "failed": 1}


def test_security_group_opened_brings_the_instance_exposure(daemon, moto_reset) -> None:  # type: ignore[no-untyped-def]
    d, trail, session = daemon
    ec2 = session.client("ec2", endpoint_url=moto_reset)
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.40.1.0/24")["Subnet"]["SubnetId"]
    rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=rt, SubnetId=subnet)
    sg = ec2.create_security_group(GroupName="rt-web", Description="web", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, NetworkInterfaces=[
        {"DeviceIndex": 0, "AssociatePublicIpAddress": True, "SubnetId": subnet, "Groups": [sg]}],
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "rt-web-1"}]}])
    d.run("scan", f"aws:{ACCOUNT}")
    assert state(d, "aws.ec2.admin_ports_not_reachable", "rt-web-1") == "passed"

    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    trail.write([record("ec2-security-group", "AuthorizeSecurityGroupIngress", {
        "groupId": sg, "ipPermissions": {"items": [{"ipProtocol": "tcp", "fromPort": 22, "toPort": 22,
                                                    "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]}}]}})])
    poll(d)
    assert state(d, "aws.ec2.sg_no_ssh_from_internet", "rt-web") == "new"
    assert state(d, "aws.ec2.admin_ports_not_reachable", "rt-web-1") == "new"  # the dependent re-assessed
    (row,) = RealtimeLog(d.store.engine).summary(d.tenant).by_outcome.items()
    assert row == ("assessed", 1)


def deployment(privileged: bool) -> dict[str, Any]:
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "shop", "uid": "uid-web", "resourceVersion": "7"},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}}, "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "web", "image": "registry.example.com/web@sha256:" + "a" * 64,
                                         "securityContext": {"privileged": privileged}}]}}}}


def test_kubernetes_deployment_patched_through_the_audit_log(tmp_path, store_url, tenant_id) -> None:  # type: ignore[no-untyped-def]
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "uid": "uid-ns"}}
    lists = {"/api/v1/namespaces": list_document("Namespace", [ns]),
             "/apis/apps/v1/deployments": list_document("Deployment", [deployment(False)])}
    logs = tmp_path / "audit"
    logs.mkdir()
    with ApiStandIn(lists) as api:
        cfg = tenant_config(tenant_id, store_url, menus={"options": ["threat-detection", "containers"]},
                            intake={"files": [{"path": str(logs), "source": "audit"}]}, realtime={"settle_seconds": 0})
        cfg["providers"] = {"kubernetes": {"clusters": [{"name": "prod", "host": api.url}]}}
        d = Daemon(str(write_config(tmp_path / "tenant.yaml", cfg))).start()
        try:
            d.run("scan", next(k for _, kind, k in d.desired_jobs(d.settings).values() if kind == "scan"))
            assert state(d, "k8s.pod.no_privileged", "shop/web") == "passed"
            lists["/apis/apps/v1/deployments"]["items"] = [deployment(True)]
            api._bodies.clear()
            audit = copy.deepcopy(_one("kubernetes", "k8s-workloads"))
            audit["objectRef"] = {"resource": "deployments", "namespace": "shop", "name": "web", "apiGroup": "apps",
                                  "apiVersion": "v1"}
            (logs / "audit.log").write_text(json.dumps(audit) + "\n")
            poll(d)
            assert state(d, "k8s.pod.no_privileged", "shop/web") == "new"
            assert RealtimeLog(d.store.engine).summary(d.tenant).by_outcome == {"assessed": 1}
        finally:
            d.stop()
