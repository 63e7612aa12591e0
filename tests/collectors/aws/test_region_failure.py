"""A region the endpoint cannot serve is a coverage gap; the other region is still collected."""

from __future__ import annotations

import boto3

from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory

ACCOUNT = "123456789012"
BROKEN = "xx-nowhere-1"  # moto has no backend for it and answers HTTP 500


def test_broken_region_is_recorded_and_the_scan_goes_on(moto_reset: str) -> None:
    boto3.client("rds", region_name="us-east-1", endpoint_url=moto_reset).create_db_instance(
        DBInstanceIdentifier="still-seen", DBInstanceClass="db.t3.micro", Engine="postgres",
        MasterUsername="dbadmin", MasterUserPassword="not-a-real-secret", AllocatedStorage=20)
    # one attempt: retries would only wait (with backoff) for the same answer
    factory = ClientFactory(endpoint_url=moto_reset, max_attempts=1)
    inv = collect_account(factory, ACCOUNT, ["us-east-1", BROKEN], services=["rds", "vpc"])

    failed = {(e.region, e.resource_type) for e in inv.coverage.failures}
    assert failed == {(BROKEN, "aws.rds.db_instance"), (BROKEN, "aws.rds.db_snapshot"), (BROKEN, "aws.rds.db_cluster"),
                      (BROKEN, "aws.rds.db_cluster_snapshot"), (BROKEN, "aws.docdb.cluster"),
                      (BROKEN, "aws.neptune.cluster"), (BROKEN, "aws.vpc.vpc"), (BROKEN, "aws.vpc.subnet")}
    for rtype in ("aws.rds.db_instance", "aws.vpc.vpc"):
        assert inv.coverage.includes("aws", ACCOUNT, "us-east-1", rtype)
        assert not inv.coverage.includes("aws", ACCOUNT, BROKEN, rtype)
    assert [r.name for r in inv.by_type("aws.rds.db_instance")] == ["still-seen"]
    assert all(r.region == "us-east-1" for r in inv)
