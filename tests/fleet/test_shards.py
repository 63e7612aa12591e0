"""Shard planning and the fleet settings (pure, no broker)."""

from __future__ import annotations

import pytest

from agent.collectors.run import provider_scopes
from agent.core.errors import UsageError
from agent.engine.scan import run_scan
from agent.fleet.shards import Shard, plan, scope_of
from agent.settings.tenant import parse_settings

CONFIG = """
tenant: {id: acme}
licence: {product: UCS Cloud Security, expires: 2099-01-01}
providers:
  aws:
    accounts: [{id: "111111111111"}, {id: "222222222222"}]
    organization: {enabled: true, role_name: Audit}
  kubernetes:
    clusters: [{name: prod, host: "http://127.0.0.1:9"}]
"""


def test_one_shard_per_account_member_and_cluster_in_config_order() -> None:
    s = parse_settings(CONFIG)
    scopes = provider_scopes(s)
    shards, failed = plan(scopes, lambda org: ["333333333333", "444444444444"])
    assert [x.id for x in shards] == ["aws-0", "aws-1", "aws-2-333333333333", "aws-2-444444444444", "kubernetes-3"]
    assert [x.label for x in shards] == ["111111111111", "222222222222", "333333333333", "444444444444", "prod"]
    assert failed == []
    provider, member = scope_of(shards[3], scopes)
    assert provider == "aws" and member.accounts == ["444444444444"]
    assert Shard.from_dict(shards[2].to_dict()) == shards[2]


def test_an_organisation_whose_accounts_cannot_be_listed_is_one_gap() -> None:
    def refuse(_org):  # type: ignore[no-untyped-def]
        raise PermissionError("organizations:ListAccounts denied")

    shards, failed = plan(provider_scopes(parse_settings(CONFIG)), refuse)
    assert [x.id for x in shards] == ["aws-0", "aws-1", "kubernetes-3"]
    assert failed == [("aws", "listing accounts: PermissionError: organizations:ListAccounts denied")]


def test_a_shard_must_match_the_workers_copy_of_the_config() -> None:
    scopes = provider_scopes(parse_settings(CONFIG))
    with pytest.raises(ValueError, match="scope 3 is kubernetes"):
        scope_of(Shard("aws", 3, "x"), scopes)


def test_celery_mode_needs_a_broker(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Exception, match="broker"):
        parse_settings(CONFIG + "engine: {kind: celery}\n")
    with pytest.raises(UsageError, match="needs a broker"):
        run_scan(parse_settings(CONFIG), store, engine="celery", tenant_scan=False)
