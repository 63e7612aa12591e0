"""Each threat rule on real-shaped events: the matching ones match, the others do not, also when
the events go through normalisation and the detector's event view (not just as fixtures)."""

from __future__ import annotations

import pytest

import checks
from agent.core.inventory import Inventory
from agent.core.model import Status
from agent.events.normalise import normalise
from agent.threats.detect import evaluate, event_resource
from agent.threats.pseudonym import Pseudonymiser
from tests.threats.conftest import fixture, threat_rules

RULES = threat_rules()


def test_the_pack_covers_every_source() -> None:
    by_source: dict[str, int] = {}
    for r in RULES:
        for t in r.meta.resource_types:
            by_source[t] = by_source.get(t, 0) + 1
    assert len(RULES) >= 150
    assert by_source["event.aws.cloudtrail"] >= 90 and by_source["event.k8s.audit"] >= 30
    assert by_source["event.azure.activity"] + by_source["event.azure.entra"] >= 15 and by_source["event.gcp.audit"] >= 15
    for r in RULES:
        assert r.id.startswith("threat.") and r.meta.frameworks.get("mitre-attack"), r.id


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_matches_and_does_not_match(rule: checks.Check) -> None:
    doc = fixture(rule.id)
    context = [event_resource(normalise(raw)) for raw in doc.get("inventory", [])]
    for expected, status in (("fail", Status.FAIL), ("pass", Status.PASS)):
        for raw in doc[expected]:
            res = event_resource(normalise(raw))
            assert res is not None and res.type in rule.meta.resource_types
            result = checks.evaluate(rule, res, Inventory(context + [res]))
            assert result.status is status, f"{rule.id} on {raw.get('eventName') or raw.get('verb') or raw.get('operationName')}: {result.detail}"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_detector_view_finds_only_matching_events(rule: checks.Check) -> None:
    doc = fixture(rule.id)
    p = Pseudonymiser(b"k")
    matched = evaluate([normalise(r) for r in doc["fail"] + doc.get("inventory", [])], p).sightings
    assert rule.id in {m.finding.check_id for m in matched.values()}
    assert all(m.finding.kind == "threat" for m in matched.values())
    assert rule.id not in {m.finding.check_id for m in evaluate([normalise(r) for r in doc["pass"]], p).sightings.values()}
