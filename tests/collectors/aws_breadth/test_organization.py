"""Organisation scans: discovery through moto's Organizations, AssumeRole per member account,
one member denying the role (through the STS gate), the others finishing."""

from __future__ import annotations

import urllib.request

import pytest

from agent.collectors.aws import collect
from agent.collectors.aws.context import ClientFactory
from agent.collectors.aws.organization import assume, enabled_regions
from agent.settings.tenant import AwsOrganization, parse_settings
from tests.collectors.aws_breadth.sts_gate import StsGate

MGMT = "123456789012"


@pytest.fixture()
def org(moto_server: str):
    urllib.request.urlopen(urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST")).read()
    with StsGate(moto_server) as gate:
        mgmt = ClientFactory(endpoint_url=gate.url, default_region="us-east-1")
        o = mgmt.client("organizations")
        o.create_organization(FeatureSet="ALL")
        members = [o.create_account(Email=f"m{i}@example.com", AccountName=f"member-{i}")["CreateAccountStatus"]["AccountId"]
                   for i in range(3)]
        for acct in [MGMT] + members:  # one topic per account, named after it
            f = mgmt if acct == MGMT else assume(mgmt, acct, "UCSAuditRole", "ext-1")
            f.client("sns", "us-east-1").create_topic(Name=f"topic-{acct}")
        gate.denied = {members[1]}
        yield gate, mgmt, members


def scope(**kw) -> AwsOrganization:
    base = {"enabled": True, "role_name": "UCSAuditRole", "external_id": "ext-1", "regions": ["us-east-1"],
            "max_concurrent_accounts": 2}
    base.update(kw)
    return AwsOrganization(**base)


def test_discovers_members_and_records_the_denied_one(org) -> None:
    gate, mgmt, members = org
    inv = collect(scope(), clients=mgmt, services=["sns"])
    topics = {r.account: r.name for r in inv.by_type("aws.sns.topic")}
    ok_accounts = {MGMT, members[0], members[2]}
    assert set(topics) == ok_accounts
    assert all(topics[a] == f"topic-{a}" for a in ok_accounts)  # each account read with its own credentials
    failures = inv.coverage.failures
    assert [(f.account, f.region, f.resource_type) for f in failures] == [(members[1], "*", "*")]
    assert "AccessDenied" in failures[0].error and "UCSAuditRole" in failures[0].error
    assert any(f":{members[1]}:role/UCSAuditRole" in a for a in gate.assume_calls)
    assert {e.account for e in inv.coverage.entries if e.ok} == ok_accounts


def test_explicit_account_list_and_exclusions(org) -> None:
    _, mgmt, members = org
    inv = collect(scope(accounts=[members[0], members[1], members[2]], exclude_accounts=[members[2]]),
                  clients=mgmt, services=["sns"])
    assert {r.account for r in inv.by_type("aws.sns.topic")} == {members[0]}
    assert {f.account for f in inv.coverage.failures} == {members[1]}


def test_run_scan_with_organization_config(org, store, tenant_id) -> None:
    from agent.engine.scan import run_scan

    _, mgmt, members = org
    settings = parse_settings(f"""
tenant: {{id: {tenant_id}}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
providers:
  aws:
    organization: {{enabled: true, role_name: UCSAuditRole, external_id: ext-1, regions: [us-east-1], max_concurrent_accounts: 3}}
""")
    outcome = run_scan(settings, store, collect_options={"aws": {"clients": mgmt, "services": ["sns", "organizations"]}},
                       check_patterns=["aws.sns.*", "aws.organizations.*"])
    assert outcome.status == "partial"
    accounts = {f.resource.account for f in outcome.findings}
    assert accounts == {MGMT, members[0], members[2]}
    scan = store.last_scan(tenant_id)
    assert any(e["account"] == members[1] and not e["ok"] for e in scan.coverage)


def test_enabled_regions_puts_the_default_first(moto_server: str) -> None:
    f = ClientFactory(endpoint_url=moto_server, default_region="eu-west-1")
    regions = enabled_regions(f)
    assert regions[0] == "eu-west-1" and "us-east-1" in regions and len(regions) > 10


def test_bad_organization_region_names_file_line_and_field() -> None:
    from agent.core.errors import ConfigError

    with pytest.raises(ConfigError) as err:
        parse_settings("tenant: {id: a}\nlicence: {product: UCS Cloud Security, expires: 2099-01-01}\n"
                       "providers:\n  aws:\n    organization: {enabled: true, regions: [useast]}\n", "t.yaml")
    assert "t.yaml:5: providers.aws.organization.regions" in str(err.value) and "useast" in str(err.value)
