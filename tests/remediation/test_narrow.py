"""Narrowed re-collection: listings trimmed to the one resource being verified (moto over HTTP)."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws.narrow import NarrowingFactory, native_id
from tests.remediation.aws_seeds import bucket, imds, sg_ssh


def test_listings_keep_only_the_target(aws_factory: Any) -> None:
    for name in ("ucs-narrow-a", "ucs-narrow-b", "ucs-narrow-c"):
        bucket(aws_factory, name)
    group = sg_ssh(aws_factory)
    instance = imds(aws_factory)

    narrowed = NarrowingFactory(aws_factory, "aws.s3.bucket", "ucs-narrow-b")
    assert [b["Name"] for b in narrowed.client("s3").list_buckets()["Buckets"]] == ["ucs-narrow-b"]
    assert narrowed.client("ec2").describe_security_groups()["SecurityGroups"] == []  # another type: dropped
    assert narrowed.client("ec2").describe_instances()["Reservations"] == []
    # The base factory's clients are untouched.
    assert len(aws_factory.client("s3").list_buckets()["Buckets"]) == 3

    by_group = NarrowingFactory(aws_factory, "aws.ec2.security_group", group.data["GroupId"])
    paginator = by_group.client("ec2").get_paginator("describe_security_groups")
    assert [g["GroupId"] for page in paginator.paginate() for g in page["SecurityGroups"]] == [group.data["GroupId"]]

    by_instance = NarrowingFactory(aws_factory, "aws.ec2.instance", instance.data["InstanceId"])
    res = by_instance.client("ec2").describe_instances()["Reservations"]
    assert [i["InstanceId"] for r in res for i in r["Instances"]] == [instance.data["InstanceId"]]


def test_native_ids() -> None:
    assert native_id("aws.s3.bucket", "arn:aws:s3:::logs-bucket", None) == "logs-bucket"
    assert native_id("aws.ec2.security_group", "arn:aws:ec2:us-east-1:1:security-group/sg-1", None) == "sg-1"
    assert native_id("aws.rds.db_instance", "arn:aws:rds:us-east-1:1:db:orders", None) == "orders"
    assert native_id("aws.ecr.repository", "arn:aws:ecr:us-east-1:1:repository/team/app", None) == "team/app"
    assert native_id("aws.iam.user", "arn:aws:iam::1:user/ops/alice", {"UserName": "alice"}) == "alice"
