"""collect(scope): the account's config (id, regions, services, endpoint) decides what is read."""

from __future__ import annotations

from agent.collectors.aws import collect
from agent.settings.tenant import AwsAccount


def test_services_and_regions_from_the_account_config(moto_reset: str) -> None:
    scope = AwsAccount.model_validate({"regions": ["eu-west-1", "ap-northeast-1"], "endpoint_url": moto_reset,
                                       "services": ["vpc"]})
    inv = collect(scope)
    assert {e.resource_type for e in inv.coverage.entries} == {"aws.vpc.vpc", "aws.vpc.subnet"}
    assert {e.region for e in inv.coverage.entries} == {"eu-west-1", "ap-northeast-1"}
    # no id configured: the account is the caller's (STS GetCallerIdentity at the endpoint)
    assert {r.account for r in inv} == {"123456789012"}
    assert sorted(r.region for r in inv.by_type("aws.vpc.vpc")) == ["ap-northeast-1", "eu-west-1"]  # moto's default VPCs
