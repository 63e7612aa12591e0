"""Everything downstream treats product findings like ours: routes on sources, the plan's risk
ranking, OCSF (class by kind, metadata.product = source), ASFF output and the Security Hub export
(moto), the findings CLI naming every source, and the dedup mapping data itself."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import boto3
import botocore.exceptions
import pytest

import checks
from agent.core.model import Finding, FindingKind, Resource, Severity, State, Status
from agent.posture.plan import build_plan
from agent.products import mapping
from agent.products.asff import to_asff
from agent.products.export import documents, send
from agent.products.mapping import to_finding
from agent.products.model import Reported
from agent.report.ocsf import to_ocsf
from agent.settings.notifications import Match

ACCOUNT, REGION = "123456789012", "eu-west-1"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
INSTANCE = f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-1"


def gd_finding(severity: Severity = Severity.HIGH) -> Finding:
    rep = Reported("guardduty", f"arn:aws:guardduty:{REGION}:{ACCOUNT}:detector/d/finding/g1",
                   "UnauthorizedAccess:EC2/SSHBruteForce", "SSH brute force against i-1", True, severity,
                   FindingKind.THREAT, Resource("aws", ACCOUNT, REGION, "aws.ec2.instance", INSTANCE, "i-1"),
                   "2026-12-01T08:00:00Z", link="https://console.aws.amazon.com/guardduty")
    f = to_finding(rep, None)
    f.state, f.first_seen, f.last_seen = State.NEW, NOW, NOW
    return f


def ours(check: str = "aws.s3.block_public_access", state: State = State.OPEN) -> Finding:
    r = Resource("aws", ACCOUNT, REGION, "aws.s3.bucket", "arn:aws:s3:::b1", "b1")
    f = Finding(check, r, Status.FAIL, Severity.MEDIUM, "not blocked", state=state, first_seen=NOW, last_seen=NOW)
    return f


def test_routes_match_on_sources():
    m = Match(sources=["guardduty"])
    assert m.matches("new", Severity.HIGH, gd_finding().to_dict())
    assert not m.matches("new", Severity.HIGH, ours().to_dict())
    assert Match(sources=["ucs"]).matches("new", Severity.HIGH, ours().to_dict())


def test_guardduty_finding_on_an_internet_reachable_instance_ranks_high():
    gd = gd_finding()
    low = [ours(), ours("aws.s3.versioning_enabled")]
    exposed = {INSTANCE: Resource("aws", ACCOUNT, REGION, "aws.ec2.instance", INSTANCE, "i-1",
                                  data={"_exposure": {"internet_reachable": True}})}
    plan = build_plan([*low, gd], exposed)
    assert plan[0].fingerprints == {gd.fingerprint}
    assert plan[0].risk_removed == 14.0 and "SSH brute force" in plan[0].what  # high 7 × internet-reachable 2
    assert build_plan([gd])[0].risk_removed == 7.0


def test_ocsf_class_follows_kind_and_product_is_the_source():
    doc = to_ocsf(gd_finding())
    assert (doc["class_uid"], doc["metadata"]["product"]["uid"]) == (2004, "guardduty")
    assert doc["finding_info"]["src_url"] == "https://console.aws.amazon.com/guardduty"
    rep = Reported("inspector2", "arn:aws:inspector2:x:finding/1", "CVE-2024-1234", "openssl", True, Severity.CRITICAL,
                   FindingKind.VULNERABILITY, Resource("aws", ACCOUNT, REGION, "aws.ec2.instance", INSTANCE, "i-1"))
    vuln = to_ocsf(to_finding(rep, None))
    assert vuln["class_uid"] == 2002 and vuln["vulnerabilities"][0]["cve"]["uid"] == "CVE-2024-1234"
    assert to_ocsf(ours())["metadata"]["product"]["uid"] == "ucs" and to_ocsf(ours())["class_uid"] == 2003


def test_asff_ids_are_stable_and_resolved_is_archived():
    a = to_asff(ours(), "acme", ACCOUNT, REGION)
    assert a["Id"] == to_asff(ours(), "acme", ACCOUNT, REGION)["Id"]
    assert a["Resources"][0]["Type"] == "AwsS3Bucket" and a["Compliance"]["Status"] == "FAILED"
    gone = to_asff(ours(state=State.RESOLVED), "acme", ACCOUNT, REGION)
    assert (gone["RecordState"], gone["Compliance"]["Status"]) == ("ARCHIVED", "PASSED")


def test_export_to_security_hub_is_idempotent_and_never_reimports(moto_reset):
    client = boto3.client("securityhub", region_name=REGION, endpoint_url=moto_reset)
    client.enable_security_hub()
    buckets = [Finding("aws.s3.block_public_access",
                       Resource("aws", ACCOUNT, REGION, "aws.s3.bucket", f"arn:aws:s3:::b{i}", f"b{i}"),
                       Status.FAIL, Severity.HIGH, "not blocked", state=State.OPEN, first_seen=NOW, last_seen=NOW)
                 for i in range(150)]
    merged = ours()
    merged.sources = ("ucs", "securityhub")  # Security Hub said so too: it has its own copy
    docs = documents([*buckets, merged, gd_finding()], "acme", ACCOUNT, REGION)
    assert len(docs) == 150
    first = send(client, docs)
    assert (first.sent, first.calls, first.failed) == (150, 2, 0)  # batches of 100
    assert send(client, docs).sent == 150
    ids = [f["Id"] for p in client.get_paginator("get_findings").paginate() for f in p["Findings"]]
    assert len(ids) == len(set(ids)) == 150  # exported twice, stored once


class Throttled:
    """A Security Hub client that throttles the first calls, as the service does under load."""

    def __init__(self, real: Any, fail: int) -> None:
        self.real, self.fail = real, fail

    def batch_import_findings(self, **kw: Any) -> Any:
        if self.fail:
            self.fail -= 1
            raise botocore.exceptions.ClientError(
                {"Error": {"Code": "TooManyRequestsException", "Message": "Rate exceeded"}}, "BatchImportFindings")
        return self.real.batch_import_findings(**kw)


def test_export_retries_when_throttled(moto_reset):
    client = boto3.client("securityhub", region_name=REGION, endpoint_url=moto_reset)
    docs = documents([ours()], "acme", ACCOUNT, REGION)
    pauses: list[float] = []
    res = send(Throttled(client, 2), docs, sleep=pauses.append)
    assert (res.sent, res.retries, pauses) == (1, 2, [0.5, 1.0])
    res = send(Throttled(client, 9), docs, attempts=3, sleep=pauses.append)
    assert res.failed == 1 and res.sent == 0


def test_mapping_covers_every_fsbp_control_our_checks_name():
    checks.load_all()
    table = mapping.rules("securityhub")
    for c in checks.all_checks():
        for control in c.meta.frameworks.get("aws-fsbp", ()):
            assert control in table, f"{c.meta.id} names FSBP {control}, which config/products/securityhub.yaml lacks"
    known = {c.meta.id for c in checks.all_checks()}
    for source in mapping.MAPPED_SOURCES:
        rules = mapping.rules(source)
        assert rules, source
        for control, rule in rules.items():
            assert rule.check in known, f"{source} {control} -> {rule.check}: no such check"
            fsbp = checks.get(rule.check).meta.frameworks.get("aws-fsbp")
            assert not fsbp or control in fsbp, f"{rule.check} does not claim {control}"


@pytest.mark.parametrize(("source", "control", "check"), [
    ("securityhub", "S3.8", "aws.s3.block_public_access"),
    ("defender", "Storage account public access should be disallowed", "azure.storage.blob_public_access_disabled"),
    ("scc", "PUBLIC_BUCKET_ACL", "gcp.storage.bucket_not_public"),
])
def test_a_mapped_product_finding_has_our_checks_fingerprint(source, control, check):
    provider = {"securityhub": "aws", "defender": "azure", "scc": "gcp"}[source]
    r = Resource(provider, "acct", "r1", "t", "res-1", "res-1")
    rep = Reported(source, "pid", control, "t", True, Severity.HIGH, FindingKind.MISCONFIGURATION, r)
    f = to_finding(rep, r)
    assert f.check_id == check
    assert f.fingerprint == Finding(check, r, Status.FAIL, Severity.HIGH).fingerprint


def test_findings_cli_filters_by_source_and_show_names_every_source(store, tenant_id, tmp_path, capsys):
    from agent.cli import main

    store.record_product_findings(tenant_id, "guardduty", [gd_finding()], now=NOW)
    cfg = tmp_path / "t.yaml"
    cfg.write_text(f"tenant: {{id: {tenant_id}}}\nlicence: {{product: UCS Cloud Security, expires: 2099-01-01}}\n"
                   f"storage: {{url: '{store.url}'}}\nproducts: {{licensed: [guardduty]}}\n")
    assert main(["findings", "list", "-c", str(cfg), "--source", "guardduty", "--json"]) == 0
    [doc] = json.loads(capsys.readouterr().out)["findings"]  # the findings document (agent.report.document)
    assert doc["sources"] == ["guardduty"]
    assert main(["findings", "list", "-c", str(cfg), "--source", "securityhub", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
    assert main(["findings", "show", "-c", str(cfg), doc["fingerprint"][:10]]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [s["source"] for s in shown["sources"]] == ["guardduty"]
    assert shown["sources"][0]["id"].endswith("/finding/g1")
    assert main(["products", "status", "-c", str(cfg), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["by_source"]["guardduty"]["findings"] == 1


def test_addresses_in_a_products_title_never_reach_our_findings(store, tenant_id):
    """Art. 13: communication data in a product's own text (GuardDuty names remote hosts) stays out."""
    rep = Reported("guardduty", "arn:aws:guardduty:x:finding/9", "Recon:EC2/PortProbeUnprotectedPort",
                   "Unprotected port on i-1 is being probed by 198.51.100.7 and 2001:db8::7", True, Severity.LOW,
                   FindingKind.THREAT, Resource("aws", ACCOUNT, REGION, "aws.ec2.instance", INSTANCE, "i-1"))
    [t] = store.record_product_findings(tenant_id, "guardduty", [to_finding(rep, None)], now=NOW)
    text = json.dumps(store.findings(tenant_id)[0].to_dict()) + json.dumps(t.finding.to_dict()) + json.dumps(to_ocsf(t.finding))
    assert "198.51.100.7" not in text and "2001:db8::7" not in text and "<address>" in text


def test_html_report_has_a_source_column_and_a_per_source_summary(store, tenant_id):
    from agent.report.html import render
    from agent.report.html_data import gather

    store.record_product_findings(tenant_id, "guardduty", [gd_finding()], now=NOW)
    html = render(gather(store, tenant_id, with_plan=False), "en", "UTC")
    # the summary table, and the embedded rows' sources cell (report v2: agent.report.html_data.finding_rows)
    assert "By source" in html and '<td>guardduty</td>' in html and ',"guardduty","' in html


def test_status_names_a_licensed_product_that_could_not_be_read(store, tenant_id, tmp_path, capsys):
    from agent.cli import main
    from agent.products.ingest import Ingest, UnitResult

    cfg = tmp_path / "t.yaml"
    cfg.write_text(f"tenant: {{id: {tenant_id}}}\nlicence: {{product: UCS Cloud Security, expires: 2099-01-01}}\n"
                   f"storage: {{url: '{store.url}'}}\nproducts: {{licensed: [macie]}}\n")
    from agent.settings.tenant import load_settings

    ingest = Ingest(load_settings(cfg), store)
    gap = ingest._gap("macie", ACCOUNT, REGION, UnitResult("macie", ACCOUNT, REGION, ok=False, error="not enabled"))
    store.record_product_findings(tenant_id, "macie", [gap], now=NOW)
    assert main(["status", "-c", str(cfg)]) == 0
    out = capsys.readouterr().out
    assert "COVERAGE GAP" in out and "Amazon Macie is licensed but could not be read" in out


def test_output_format_asff_writes_our_aws_problems_only(tmp_path):
    from agent.report import write_outputs

    passed = Finding("aws.s3.versioning_enabled", ours().resource, Status.PASS, Severity.LOW, state=State.PASSED)
    [path] = write_outputs([ours(), passed, gd_finding()], ["asff"], tmp_path, "scan", extra={"tenant": "acme"})
    docs = json.loads(path.read_text(encoding="utf-8"))
    assert [d["GeneratorId"] for d in docs] == ["ucs/aws.s3.block_public_access"]
    assert docs[0]["Id"].startswith("ucs/acme/") and docs[0]["Compliance"]["RelatedRequirements"] == ["aws-fsbp S3.8", "cis-aws-3.0 2.1.4"]


def test_product_finding_details_read_in_japanese_too():
    f = gd_finding()
    assert f.detail_in("en") == "Amazon GuardDuty reports: SSH brute force against i-1"
    assert f.detail_in("ja") == "Amazon GuardDuty の検出: SSH brute force against i-1"
