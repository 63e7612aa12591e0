"""Outputs (issue 20): SARIF 2.1.0 and JUnit XML, and one JSON document shape (findings +
coverage + scan metadata, JSON Schema shipped in the package) for scan, report and findings list."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from agent.core.inventory import Inventory
from agent.core.model import Coverage, Finding, Resource, Severity, Status
from agent.report import sarif
from agent.report.document import schema
from agent.report.junit import to_junit
from agent.store import Store
from tests.cli.helpers import scan_one_pod, ucs

SARIF_SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0-core.schema.json").read_text())
TENANT = "out"


def _findings() -> list[Finding]:
    bucket = Resource("aws", "123456789012", "eu-west-1", "aws.s3.bucket", "arn:aws:s3:::logs", "logs")
    pod = Resource("kubernetes", "prod", "shop", "k8s.pod", "prod/shop/web", "web")
    return [Finding("aws.s3.default_encryption", bucket, Status.FAIL, Severity.MEDIUM, "no default encryption"),
            Finding("aws.s3.block_public_access", bucket, Status.PASS, Severity.HIGH, ""),
            Finding("k8s.pod.no_privileged", pod, Status.FAIL, Severity.HIGH, "privileged"),
            Finding("k8s.pod.no_host_network", pod, Status.ERROR, Severity.HIGH, "could not read")]


def _store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'o.sqlite'}"
    store = Store(url)
    found = _findings()
    cov = Coverage()
    cov.add("aws", "123456789012", "eu-west-1", "aws.s3.bucket", 1)
    cov.fail("aws", "123456789012", "eu-west-1", "aws.rds.db_instance", "HTTP 403 AccessDenied")
    cov.add("kubernetes", "prod", "*", "k8s.pod", 1)
    scan = store.begin_scan(TENANT, "test")
    resources = list({f.resource.id: f.resource for f in found}.values())
    store.record_scan(scan, TENANT, found, cov, {f.check_id for f in found}, Inventory(resources, cov))
    store.close()
    return url


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_sarif_is_valid_and_has_rules_and_located_results(lang: str) -> None:
    doc = sarif.to_sarif(_findings(), lang)
    jsonschema.validate(doc, SARIF_SCHEMA)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({f.check_id for f in _findings()})
    assert all(r["shortDescription"]["text"] and r["help"]["text"] for r in rules)
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert set(by_rule) == {"aws.s3.default_encryption", "k8s.pod.no_privileged", "k8s.pod.no_host_network"}
    enc = by_rule["aws.s3.default_encryption"]
    assert rules[enc["ruleIndex"]]["id"] == enc["ruleId"] and enc["level"] == "warning" and enc["kind"] == "fail"
    loc = enc["locations"][0]
    assert loc["logicalLocations"][0]["fullyQualifiedName"] == "arn:aws:s3:::logs"
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == "aws/123456789012/eu-west-1/aws.s3.bucket/logs"
    assert by_rule["k8s.pod.no_host_network"]["kind"] == "review"
    if lang == "ja":
        assert any("\u3040" <= ch <= "\u30ff" for ch in rules[0]["shortDescription"]["text"])


def test_junit_has_a_testcase_per_check_and_resource() -> None:
    root = to_junit(_findings())
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 4 and root.get("failures") == "2" and root.get("errors") == "1"
    failed = [c for c in cases if c.find("failure") is not None]
    assert {c.get("classname") for c in failed} == {"aws.s3.default_encryption", "k8s.pod.no_privileged"}
    assert failed[0].find("failure").get("type") in ("medium", "high")
    ET.fromstring(ET.tostring(root))  # well-formed


def test_one_document_shape_for_scan_report_and_findings_list(tmp_path: Path) -> None:
    url = _store(tmp_path)
    code, out, err = ucs("findings", "list", "--store", url, "--tenant", TENANT, "--json", "--status", "FAIL",
                         "--status", "ERROR", "--status", "PASS")
    assert code == 0, err
    listed = json.loads(out)
    jsonschema.validate(listed, schema())
    code, out, err = ucs("report", "--store", url, "--tenant", TENANT, "--format", "json", "--format", "sarif",
                         "--format", "junit", "--output-dir", str(tmp_path / "r"))
    assert code == 0, err
    reported = json.loads(next((tmp_path / "r").glob("*.json")).read_text(encoding="utf-8"))
    jsonschema.validate(reported, schema())
    jsonschema.validate(json.loads(next((tmp_path / "r").glob("*.sarif")).read_text(encoding="utf-8")), SARIF_SCHEMA)
    ET.parse(next((tmp_path / "r").glob("*.junit.xml")))
    for doc in (listed, reported):
        assert doc["scan"]["status"] == "partial" and doc["scan"]["started_at"].endswith("Z")
        assert {c["resource_type"] for c in doc["coverage"] if not c["ok"]} == {"aws.rds.db_instance"}
        assert doc["findings"][0]["first_seen"].endswith("Z")
    assert set(listed) == set(reported)


def test_scan_json_follows_the_document_schema(tmp_path: Path) -> None:
    code, _, err = scan_one_pod(tmp_path, "{name: c, image: nginx:1.27}", "--output-format", "json",
                                "--output-dir", str(tmp_path / "out"))
    assert code == 0, err
    doc = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema())
    assert doc["scan"]["id"] and doc["coverage"] and doc["findings"]


def test_finding_history_gives_severity_by_name(tmp_path: Path) -> None:
    url = _store(tmp_path)
    code, out, _ = ucs("findings", "list", "--store", url, "--tenant", TENANT, "--json")
    fp = json.loads(out)["findings"][0]["fingerprint"]
    code, out, err = ucs("findings", "show", "--store", url, "--tenant", TENANT, fp)
    assert code == 0, err
    history = json.loads(out)["history"]
    assert history and all(h["severity"] in ("medium", "high") for h in history if "severity" in h)
