"""The rule engine: fixtures generated from the cases are current, the index offers an event only
to the rules that could match it, correlations span batches and restarts through the store, and
a tenant's broken rule file is reported with file and line while every other rule still runs."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from agent.core.errors import ConfigError
from agent.events.intake import Intake
from agent.events.normalise import normalise
from agent.store import Store
from agent.threats import rules as threat_rules
from agent.threats.detect import ThreatContext, default_index, detect, evaluate, event_resource
from agent.threats.pseudonym import Pseudonymiser
from tests.checks import make_threat_fixtures
from tests.threats.conftest import fixture, make_settings
from tests.threats.test_detector import threat_findings

GOOD_RULE = """
name: tenant_bucket_deleted
title: Bucket deleted
description: DeleteBucket succeeded.
logsource: {product: aws, service: cloudtrail}
detection:
  sel: {eventSource: s3.amazonaws.com, eventName: DeleteBucket, outcome: success}
  condition: sel
level: medium
tags: [attack.impact, attack.t1485]
falsepositives: [Clean-ups]
ucs: {ja: {title: バケット削除, description: DeleteBucket が成功しました。}}
"""


def test_fixtures_are_current() -> None:
    for rule_id, doc in make_threat_fixtures.fixtures().items():
        stored = json.loads((make_threat_fixtures.FIXTURES / f"{rule_id}.json").read_text(encoding="utf-8"))
        assert stored == json.loads(json.dumps(doc)), f"{rule_id}: run python -m tests.checks.make_threat_fixtures"


def test_docs_table_is_current() -> None:
    text = make_threat_fixtures.DOCS.read_text(encoding="utf-8")
    assert make_threat_fixtures.rules_table() in text, "run python -m tests.checks.make_threat_fixtures"


def test_index_offers_only_rules_that_could_match() -> None:
    idx = default_index()
    stop = event_resource(normalise(fixture("threat.cloudtrail.trail_logging_stopped")["fail"][0]))
    assert stop is not None
    offered = {r.id for r in idx.candidates(stop)}
    assert "threat.cloudtrail.trail_logging_stopped" in offered
    assert "threat.cloudtrail.secret_value_read_by_person" not in offered
    every_ct = len(idx.every.get("event.aws.cloudtrail", []))
    assert len(offered) <= every_ct + 5 and idx.size() >= 150


def test_correlation_spans_batches_and_restarts(store: Store, store_url: str, tenant_id: str, monkeypatch) -> None:
    monkeypatch.setenv("UCS_T_PSEUDONYM_KEY", "test-pseudonym-key-0123456789")
    doc = fixture("threat.cloudtrail.many_secrets_read")
    settings = make_settings(tenant_id, store_url)
    first = ThreatContext(store, settings)
    detect(first, [normalise(r) for r in doc["inventory"][:2]])
    restarted = ThreatContext(Store(store_url), settings)  # a new daemon: nothing in memory
    detect(restarted, [normalise(r) for r in doc["inventory"][2:]])
    assert not [f for f in threat_findings(store, tenant_id) if f.check_id == "threat.cloudtrail.many_secrets_read"]
    detect(restarted, [normalise(r) for r in doc["fail"]])
    [f] = [f for f in threat_findings(store, tenant_id) if f.check_id == "threat.cloudtrail.many_secrets_read"]
    assert f.severity.name == "HIGH" and "5 matching events" in f.detail


def test_broken_tenant_rule_is_reported_and_others_run(tmp_path: Path) -> None:
    (tmp_path / "good.yml").write_text(GOOD_RULE, encoding="utf-8")
    broken = GOOD_RULE.replace("tenant_bucket_deleted", "tenant_broken").replace("sel: {eventSource", "sel: {eventSource|nosuch")
    (tmp_path / "bad.yml").write_text("# a comment line\n" + broken, encoding="utf-8")
    (tmp_path / "notyaml.yaml").write_text("name: x\n  bad: [indent\n", encoding="utf-8")
    idx = threat_rules.build([str(tmp_path)])
    problems = {Path(p.file).name: p for p in idx.problems}
    assert set(problems) == {"bad.yml", "notyaml.yaml"}
    assert problems["bad.yml"].line == 8 and "nosuch" in problems["bad.yml"].message
    assert problems["notyaml.yaml"].line is not None
    assert "bad.yml:8" in str(ConfigError(idx.problems))
    ev = copy.deepcopy(fixture("threat.cloudtrail.trail_logging_stopped")["fail"][0])
    ev.update(eventSource="s3.amazonaws.com", eventName="DeleteBucket", requestParameters={"bucketName": "logs"})
    got = evaluate([normalise(ev)], Pseudonymiser(b"k"), idx).sightings
    assert {s.finding.check_id for s in got.values()} == {"threat.cloudtrail.tenant_bucket_deleted"}
    # the built-in rules still run beside the tenant's
    stop = fixture("threat.cloudtrail.trail_logging_stopped")["fail"][0]
    assert "threat.cloudtrail.trail_logging_stopped" in {
        s.finding.check_id for s in evaluate([normalise(stop)], Pseudonymiser(b"k"), idx).sightings.values()}


def test_tenant_rule_dirs_through_the_intake(store: Store, tenant_id: str, bound, tmp_path: Path) -> None:
    (tmp_path / "good.yml").write_text(GOOD_RULE, encoding="utf-8")
    bound(threats={"pseudonym_key_env": "UCS_T_PSEUDONYM_KEY", "rule_dirs": [str(tmp_path)]})
    ev = copy.deepcopy(fixture("threat.cloudtrail.trail_logging_stopped")["fail"][0])
    ev.update(eventSource="s3.amazonaws.com", eventName="DeleteBucket", requestParameters={"bucketName": "logs"})
    Intake(tenant_id, None, None).take_records("files audit", [ev])
    assert [f.check_id for f in threat_findings(store, tenant_id)] == ["threat.cloudtrail.tenant_bucket_deleted"]


def test_first_seen_baseline_is_kept_in_the_store(store: Store, store_url: str, tenant_id: str, monkeypatch) -> None:
    monkeypatch.setenv("UCS_T_PSEUDONYM_KEY", "test-pseudonym-key-0123456789")
    doc = fixture("threat.cloudtrail.first_seen_api_for_principal")
    settings = make_settings(tenant_id, store_url)
    detect(ThreatContext(store, settings), [normalise(r) for r in doc["inventory"]])
    later = ThreatContext(Store(store_url), settings)  # a restarted daemon: the baseline is in the store
    detect(later, [normalise(r) for r in doc["pass"][:1]])  # an API it used before: quiet

    def new_api() -> list:
        return [f for f in threat_findings(store, tenant_id) if "first_seen" in f.check_id and "iam:CreateUser" in f.detail]
    assert not new_api()
    detect(later, [normalise(r) for r in doc["fail"]])
    [f] = new_api()
    assert f.check_id == "threat.cloudtrail.first_seen_api_for_principal"
    detect(later, [normalise(r) for r in doc["fail"]])  # now part of the baseline: the count grows, no new finding
    assert len(new_api()) == 1


def test_config_validate_reports_broken_tenant_rules(tmp_path: Path, capsys) -> None:
    from agent.cli import main

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yml").write_text(GOOD_RULE.replace("level: medium", "level: urgent"), encoding="utf-8")
    config = tmp_path / "tenant.yaml"
    config.write_text(f"""
tenant: {{id: rules1}}
licence: {{product: UCS Cloud Security, expires: 2099-01-01}}
menus: {{options: [threat-detection]}}
storage: {{url: "sqlite:///{tmp_path / 'ucs.sqlite'}"}}
threats: {{rule_dirs: ["{rules}"]}}
""", encoding="utf-8")
    capsys.readouterr()
    assert main(["config", "validate", str(config)]) == 2
    err = capsys.readouterr().err
    assert "bad.yml:9: level:" in err and "urgent" in err
