"""The index offers an event every rule that could match it: with prefixes
(``eventName|startswith: Describe``) filed as well as values, the rules and correlation members
the index offers match exactly the events that trying every rule matches, over the pack's
fixtures and over values the prefix table must not decide (not ASCII, lists)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from sigma.rule import SigmaRule

from agent.events.normalise import normalise
from agent.threats import rules as threat_rules
from agent.threats.detect import default_index, event_resource
from agent.threats.windows import Feeds
from checks.threats._fields import LOGSOURCES, SOURCES
from checks.threats._pack import PACK, RULES_DIR, load_text, rule_files
from checks.threats._sigma import index_patterns, index_values, may_match
from tests.threats.conftest import fixture
from tests.threats.conftest import threat_rules as pack_rules

PREFIX_RULES = """
name: tenant_describe_calls
title: Describe calls
description: Any Describe or List call, or GetCallerIdentity.
logsource: {product: aws, service: cloudtrail}
detection:
  sel: {eventName|startswith: [Describe, List]}
  who: {eventName: GetCallerIdentity}
  condition: sel or who
level: low
tags: [attack.discovery, attack.t1580]
falsepositives: [Inventory tools]
ucs: {ja: {title: Describe 呼び出し, description: Describe または List の呼び出しです。}}
---
name: tenant_get_policy
title: Get policy calls
description: A Get…Policy call.
logsource: {product: aws, service: cloudtrail}
detection:
  sel: {eventName: 'Get*Policy'}
  condition: sel
level: low
tags: [attack.discovery, attack.t1580]
falsepositives: [Inventory tools]
ucs: {ja: {title: ポリシー取得, description: Get…Policy の呼び出しです。}}
"""


def _records() -> list[dict[str, Any]]:
    out = []
    for c in pack_rules():
        if c.needs_inventory and c.id not in PACK:
            continue
        doc = fixture(c.id)
        out += doc["fail"] + doc["pass"] + doc.get("inventory", [])
    return out


def _resources(records: list[dict[str, Any]]) -> list[Any]:
    got = [event_resource(normalise(copy.deepcopy(r))) for r in records]
    return [r for r in got if r is not None]


def _odd_names(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """CloudTrail records whose eventName the prefix table must leave to the matcher: letters
    the matcher folds to ASCII ones (``ſ`` as ``s``, the Kelvin sign as ``k``), a list, a number."""
    base = next(r for r in records if "eventName" in r and "eventSource" in r)
    out = []
    for name in ("DeſcribeInstances", "ListKeys", "LIſTBuckets", "\u212aMSDecrypt", "describevolumes", "GetBucketPolicy",
                 "GetPolicy", "GetCallerIdentity", "Décrire", ""):
        out.append({**base, "eventName": name, "eventSource": "ec2.amazonaws.com"})
    return out


def _listed(records: list[dict[str, Any]]) -> list[Any]:
    """Resources whose eventName is not a string (built past normalise, which refuses them)."""
    base = next(r for r in records if "eventName" in r and "eventSource" in r)
    res = event_resource(normalise(copy.deepcopy(base)))
    assert res is not None
    out = []
    for name in (["DescribeInstances"], ["x", "ListBuckets"], 7, True):
        data = {**base, "eventName": name}
        out.append(type(res)(res.provider, res.account, res.region, res.type, res.id, res.name, {}, data))
    return out


def test_the_pack_files_its_startswith_members_under_prefixes() -> None:
    default_index()  # the pack registered
    ec2 = PACK["threat.cloudtrail.ec2_enumeration"]
    assert ec2.index == frozenset() and ec2.prefixes == {"describe"}
    [member] = ec2.members
    assert member.prefixes == {"describe"}
    # a rule pinned by values alone answers as before: no prefixes, the same values
    stop = PACK.get("threat.cloudtrail.many_secrets_read")
    assert stop is not None and stop.prefixes == frozenset() and stop.index == {"getsecretvalue", "batchgetsecretvalue"}


def test_correlation_members_offered_match_as_trying_every_member() -> None:
    records = _records()
    resources = _resources(records + _odd_names(records)) + _listed(records)
    rules = default_index().correlations
    feeds = Feeds(rules)
    tried = matched = 0
    for res in resources:
        key = SOURCES[res.type].index_value(res.data)
        offered = {(rule.id, name) for rule, members in feeds.get(res.type, key) for name, pred in members
                   if pred(res.data)}
        every = {(rule.id, m.name) for rule in rules if rule.source.resource_type == res.type for m in rule.members
                 if m.predicate is not None and m.predicate(res.data)}
        assert offered == every, (res.data.get("eventName"), key)
        tried += sum(len(members) for _, members in feeds.get(res.type, key))
        matched += len(every)
    # the prefix members are not offered every event (what filing them under prefixes is for)
    every_member = sum(len(r.members) for r in rules)
    assert matched and tried < len(resources) * every_member / 4


def test_detections_offered_match_as_trying_every_rule(tmp_path) -> None:
    (tmp_path / "prefix.yml").write_text(PREFIX_RULES, encoding="utf-8")
    idx = threat_rules.build([str(tmp_path)])
    assert not idx.problems
    assert {r.id for r, _, _ in idx.by_prefix["event.aws.cloudtrail"]} == {
        "threat.cloudtrail.tenant_describe_calls", "threat.cloudtrail.tenant_get_policy"}
    every_rule = [r for m in idx.by_key.values() for rs in m.values() for r in rs] + \
        [r for rs in idx.every.values() for r in rs] + [r for rs in idx.by_prefix.values() for r, _, _ in rs]
    sigma = {r.id: r for r in every_rule if r.predicate is not None}
    records = _records()
    fired = set()
    for res in _resources(records + _odd_names(records)) + _listed(records):
        offered = {r.id for r in idx.candidates(res) if r.predicate is not None and r.predicate(res.data)}
        every = {rid for rid, r in sigma.items() if r.sigma is not None and r.sigma.source.resource_type == res.type
                 and r.predicate is not None and r.predicate(res.data)}
        assert offered == every, res.data.get("eventName")
        fired |= every
    assert {"threat.cloudtrail.tenant_describe_calls", "threat.cloudtrail.tenant_get_policy"} <= fired


def test_offered_in_the_order_of_trying_every_rule(tmp_path) -> None:
    (tmp_path / "prefix.yml").write_text(PREFIX_RULES, encoding="utf-8")
    idx = threat_rules.build([str(tmp_path)])
    rtype = "event.aws.cloudtrail"
    for key in ("describeinstances", "listbuckets", "getcalleridentity", "getbucketpolicy", "stoplogging", "x"):
        got = [r.id for r in idx.lookup(rtype, key)]
        assert got == [r.id for r in idx.lookup(rtype, key)]  # remembered: the same answer again
        keyed = [r.id for r in idx.by_key.get(rtype, {}).get(key, [])]
        loose = [r.id for r, values, prefixes in idx._loose[rtype] if may_match(key, values, prefixes)]
        assert got == keyed + loose


@pytest.mark.parametrize("key,values,prefixes,want", [
    ("describeinstances", frozenset(), frozenset({"describe"}), True),
    ("getrole", frozenset(), frozenset({"describe", "list"}), False),
    ("getcalleridentity", frozenset({"getcalleridentity"}), frozenset({"list"}), True),
    ("deſcribeinstances", frozenset(), frozenset({"describe"}), True),  # not ASCII: the matcher decides
    ("['describeinstances']", frozenset(), frozenset({"describe"}), True),  # a list: the matcher decides
    ("x", None, frozenset(), True),
    ("x", frozenset({"y"}), frozenset(), False),
])
def test_may_match(key: str, values: frozenset[str] | None, prefixes: frozenset[str], want: bool) -> None:
    assert may_match(key, values, prefixes) is want


def test_index_values_are_the_patterns_without_prefixes() -> None:
    """What rules are filed under by value is what it was before prefixes were read."""
    checked = 0
    for text in [PREFIX_RULES, *(f.read_text(encoding="utf-8") for f in rule_files(RULES_DIR))]:
        for doc in yaml.safe_load_all(text):
            if not isinstance(doc, dict) or "detection" not in doc:
                continue
            rule = SigmaRule.from_dict(doc)
            field = SOURCES[LOGSOURCES[(str(rule.logsource.product), str(rule.logsource.service))]].index_field
            for cond in rule.detection.parsed_condition:
                node = cond.parse()
                pattern, values = index_patterns(node, field), index_values(node, field)
                assert values == (set(pattern[0]) if pattern is not None and not pattern[1] else None)
                checked += 1
    assert checked > 150


def test_a_prefix_rule_loads_with_its_prefixes() -> None:
    [describe, policy], problems = load_text(PREFIX_RULES, "prefix.yml")
    assert not problems
    assert describe.index == {"getcalleridentity"} and describe.prefixes == {"describe", "list"}
    assert policy.index == frozenset() and policy.prefixes == {"get"}


MIXED_CORRELATION = """
name: tenant_user_made
title: User made
description: CreateUser.
logsource: {product: aws, service: cloudtrail}
detection:
  sel: {eventName: CreateUser}
  condition: sel
level: low
tags: [attack.persistence, attack.t1136.003]
falsepositives: [Onboarding]
ucs: {ja: {title: ユーザー作成, description: CreateUser です。}}
---
name: tenant_denied
title: Denied
description: Any call denied.
logsource: {product: aws, service: cloudtrail}
detection:
  sel: {errorCode: AccessDenied}
  condition: sel
level: low
tags: [attack.discovery, attack.t1580]
falsepositives: [Misconfigured tools]
ucs: {ja: {title: 拒否, description: 拒否された呼び出しです。}}
---
name: tenant_denied_then_user
title: Denied, then a user made
description: A denied call and CreateUser by one identity.
logsource: {product: aws, service: cloudtrail}
correlation:
  type: temporal
  rules: [tenant_denied, tenant_user_made]
  group-by: [userIdentity.arn]
  timespan: 10m
level: medium
tags: [attack.persistence, attack.t1136.003]
falsepositives: [Onboarding after a failed attempt]
ucs: {ja: {title: 拒否の後のユーザー作成, description: 拒否された呼び出しと CreateUser が同じ ID で起きました。}}
"""


def test_a_member_filed_by_value_is_offered_under_a_rule_reading_every_event(tmp_path) -> None:
    """A correlation reads every event when one member does; its other members are still
    offered the values they are filed under (no other rule being filed under them)."""
    (tmp_path / "mixed.yml").write_text(MIXED_CORRELATION, encoding="utf-8")
    idx = threat_rules.build([str(tmp_path)])
    assert not idx.problems
    [rule] = [r for r in idx.correlations if r.id == "threat.cloudtrail.tenant_denied_then_user"]
    assert rule.index is None
    rules = [rule]
    offered = {name for r, members in Feeds(rules).get("event.aws.cloudtrail", "createuser") for name, _ in members}
    assert offered == {"tenant_denied", "tenant_user_made"}
    offered = {name for r, members in Feeds(rules).get("event.aws.cloudtrail", "getrole") for name, _ in members}
    assert offered == {"tenant_denied"}
