"""Issue 23 at the collector's edge: a garbled JSON answer is a fault, a bucket that cannot be
placed is a coverage gap (never the scan's region), and the default VPC's usage is reported."""

from __future__ import annotations

from typing import Any

import boto3
import botocore.awsrequest
import botocore.parsers
import pytest

import checks as registry
from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory, ServiceContext
from agent.core.model import is_unreadable
from agent.engine.evaluate import evaluate

ACCOUNT = "123456789012"


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Any:
        yield self.body


def _answering(body: bytes) -> Any:
    """A ``before-send`` handler: every request gets HTTP 200 with ``body``, no network."""
    def handler(request: Any, **_: Any) -> Any:
        return botocore.awsrequest.AWSResponse(request.url, 200, {}, _Raw(body))
    return handler


@pytest.mark.parametrize("service,call", [("lambda", "list_functions"), ("secretsmanager", "list_secrets")])
def test_garbled_json_answer_is_a_parse_error_not_an_empty_answer(service: str, call: str) -> None:
    client = ClientFactory(endpoint_url="http://127.0.0.1:9").client(service, "us-east-1")
    client.meta.events.register("before-send", _answering(b"<html>502 Bad Gateway</html>"))
    with pytest.raises(botocore.parsers.ResponseParserError, match="is not JSON"):
        getattr(client, call)()
    ctx = ServiceContext(ClientFactory(), ACCOUNT, "us-east-1", service)
    assert is_unreadable(ctx.read(getattr(client, call)))  # one setting: unreadable, so its checks ERROR


@pytest.mark.parametrize("body", [b"", b"{}", b'{"Functions": []}'])
def test_json_and_empty_answers_still_parse(body: bytes) -> None:
    client = ClientFactory(endpoint_url="http://127.0.0.1:9").client("lambda", "us-east-1")
    client.meta.events.register("before-send", _answering(body))
    assert client.list_functions().get("Functions", []) == []


class _Denying(ClientFactory):
    """Clients whose ``operation`` answers AccessDenied (no network, no retry); the rest is moto."""

    def __init__(self, endpoint: str, operation: str, bucket_region: dict[str, str] | None = None) -> None:
        super().__init__(endpoint_url=endpoint, max_attempts=0)
        self.operation, self.bucket_region, self.seen = operation, bucket_region, []
        self._hooked: set[int] = set()

    def client(self, service: str, region: str | None = None, max_attempts: int | None = None) -> Any:
        cl = super().client(service, region, max_attempts)
        if id(cl) not in self._hooked:
            self._hooked.add(id(cl))
            cl.meta.events.register("before-call", self._deny)
            cl.meta.events.register("after-call.s3.ListBuckets", self._with_region)
        return cl

    def _deny(self, model: Any, **_: Any) -> Any:
        self.seen.append(model.name)
        if model.name == self.operation:
            return (type("Http", (), {"status_code": 403, "raw": None, "headers": {}})(),
                    {"Error": {"Code": "AccessDenied", "Message": "denied"}, "ResponseMetadata": {}})
        return None

    def _with_region(self, parsed: dict[str, Any], **_: Any) -> None:
        # What S3 sends when the request has a parameter (moto does not, yet).
        for b in parsed.get("Buckets", []):
            if self.bucket_region and b["Name"] in self.bucket_region:
                b["BucketRegion"] = self.bucket_region[b["Name"]]


def _eu_bucket(endpoint: str) -> None:
    boto3.client("s3", region_name="eu-west-1", endpoint_url=endpoint).create_bucket(
        Bucket="ucs-far-away", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    boto3.client("s3", region_name="us-east-1", endpoint_url=endpoint).create_bucket(Bucket="ucs-near")


def test_bucket_whose_region_cannot_be_read_is_a_gap_not_the_scan_region(moto_reset: str) -> None:
    _eu_bucket(moto_reset)
    inv = collect_account(_Denying(moto_reset, "GetBucketLocation"), ACCOUNT, ["us-east-1"], services=["s3"])
    assert not inv.by_type("aws.s3.bucket")  # neither is placed, so neither is reported anywhere
    assert [(e.region, e.resource_type) for e in inv.coverage.failures] == [("*", "aws.s3.bucket")] * 2
    assert not inv.complete("aws", ACCOUNT, "eu-west-1", "aws.s3.bucket")
    assert not inv.complete("aws", ACCOUNT, "us-east-1", "aws.s3.bucket")


def test_bucket_region_from_the_listing_needs_no_location_call(moto_reset: str) -> None:
    _eu_bucket(moto_reset)
    f = _Denying(moto_reset, "GetBucketLocation", {"ucs-far-away": "eu-west-1", "ucs-near": "us-east-1"})
    inv = collect_account(f, ACCOUNT, ["us-east-1"], services=["s3"])
    assert {r.name: r.region for r in inv.by_type("aws.s3.bucket")} == {"ucs-far-away": "eu-west-1", "ucs-near": "us-east-1"}
    assert "GetBucketLocation" not in f.seen and not inv.coverage.failures


def test_default_vpc_usage_survives_beside_the_vpc(moto_reset: str) -> None:
    factory = ClientFactory(endpoint_url=moto_reset, max_attempts=1)
    inv = collect_account(factory, ACCOUNT, ["us-east-1"], services=["vpc", "ec2_network"])
    default = next(r for r in inv.by_type("aws.vpc.vpc") if r.data.get("IsDefault"))
    usage = inv.by_type("aws.ec2.default_vpc")
    assert [u.name for u in usage] == [default.data["VpcId"]] and usage[0].id != default.id
    found = evaluate(inv, [registry.get("aws.vpc.default_vpc_not_used")]).findings
    assert [f.resource.id for f in found] == [usage[0].id]
