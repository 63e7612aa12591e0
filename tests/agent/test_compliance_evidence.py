"""Cross-provider frameworks on a seeded estate: statuses, the weighted score per framework,
provider and account, evidence (JSON, CSV, HTML), daily snapshots, trend and notifications.

The ``store`` fixture runs every store test on SQLite and, when UCS_TEST_POSTGRES_URL is set, on
PostgreSQL as well.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import select

import checks as registry
from agent.cli import main
from agent.core.errors import ConfigError
from agent.core.model import Coverage, Finding, Resource, Severity, Status
from agent.posture.compliance import WEIGHTS, owner_lookup, report_from_store
from agent.posture.compliance_history import changes, take_snapshots, trend
from agent.settings.tenant import parse_settings
from agent.store.tables import outbox

AWS, K8S = "111122223333", "prod-cluster"
META = {c.id: c.meta for c in registry.all_checks()}
DAY1 = datetime(2026, 11, 30, 12, tzinfo=UTC)


def _res(provider: str, account: str, rtype: str, rid: str) -> Resource:
    return Resource(provider, account, "ap-northeast-1" if provider == "aws" else "payments", rtype, rid, rid, {}, {})


def seed(store, tenant: str, *, s3_fails: bool = True, when: datetime = DAY1) -> int:
    """AWS (S3, KMS) and Kubernetes pods scanned; KMS read in one region and failed in another."""
    cov = Coverage()
    cov.add("aws", AWS, "*", "aws.s3.bucket", 2)
    cov.add("aws", AWS, "ap-northeast-1", "aws.kms.key", 1)
    cov.fail("aws", AWS, "us-east-1", "aws.kms.key", "AccessDeniedException")
    cov.add("kubernetes", K8S, "*", "k8s.pod", 1)
    b1, b2 = _res("aws", AWS, "aws.s3.bucket", "bucket-1"), _res("aws", AWS, "aws.s3.bucket", "bucket-2")
    key = _res("aws", AWS, "aws.kms.key", "key-1")
    pod = _res("kubernetes", K8S, "k8s.pod", "payments/api")
    muted = Finding("k8s.pod.no_privileged", pod, Status.MUTED, Severity.HIGH, "privileged container api")
    muted.mute_reason, muted.mute_expires = "vendor agent needs it", date(2099, 12, 31)
    results = [Finding("aws.s3.default_encryption", b1, Status.FAIL if s3_fails else Status.PASS, Severity.MEDIUM,
                       "no default encryption"),
               Finding("aws.s3.default_encryption", b2, Status.PASS, Severity.MEDIUM, ""),
               Finding("aws.kms.rotation_enabled", key, Status.PASS, Severity.MEDIUM, ""), muted]
    scan = store.begin_scan(tenant)
    store.record_scan(scan, tenant, results, cov, {f.check_id for f in results}, now=when)
    return scan


CONFIG = """
tenant: {{id: {tenant}, timezone: Asia/Tokyo}}
licence: {{product: UCS, expires: 2099-01-01}}
storage: {{url: '{url}'}}
mutelist:
  - {{check: k8s.pod.no_privileged, resource: payments/*, reason: vendor agent needs it, owner: sec-team, expires: 2099-12-31}}
compliance:
  frameworks: [fisc, nist-800-53-r5]
  score_drop_points: 10
notifications:
  channels:
    - {{name: hook, type: webhook, url_env: UCS_TEST_HOOK_URL, secret_env: UCS_TEST_HOOK_SECRET}}
  routes:
    - {{name: fisc-watch, match: {{frameworks: [fisc]}}, channels: [hook]}}
"""


def settings_for(store, tenant: str):
    return parse_settings(CONFIG.format(tenant=tenant, url=store.url))


def by_id(report) -> dict:
    return {c.id: c for c in report.controls}


def test_statuses_score_and_breakdowns(store, tenant_id) -> None:
    seed(store, tenant_id)
    settings = settings_for(store, tenant_id)
    report = report_from_store(store, tenant_id, "fisc", owner=owner_lookup(settings.mutelist, date(2026, 12, 1)))
    c = by_id(report)
    assert c["実3"].status == "fail" and c["実3"].failing[0]["resource"] == "bucket-1"
    assert c["実30"].status == "error" and any("AccessDeniedException" in g for g in c["実30"].gaps)  # partly read
    assert c["実100"].status == "not-assessed"  # RDS, DynamoDB, ELB, Key Vault: none scanned
    assert c["統1"].status == "manual" and c["統1"].reason and c["統1"].reason["ja"]
    assert c["実14"].status == "pass"  # the only result on its pod checks is an accepted (muted) exception
    mute = next(r for r in c["実14"].results if r.status == "MUTED")
    assert (mute.mute_reason, mute.mute_owner, mute.mute_expires) == ("vendor agent needs it", "sec-team", "2099-12-31")
    assert mute.first_seen and mute.last_seen
    # The score, recomputed from the documented formula: not-assessed controls count against it.
    automated = [x for x in report.controls if x.status != "manual"]
    weight = {x.id: max(WEIGHTS[META[k].severity] for k in x.checks) for x in automated}
    expect = round(100 * sum(weight[x.id] for x in automated if x.status == "pass") / sum(weight.values()), 1)
    assert report.score == expect and 0 < expect < 100
    assert report.totals["not-assessed"] == report.summary.not_assessed > 0
    assert set(report.by_provider) == {"aws", "kubernetes"}
    assert set(report.by_account) == {f"aws:{AWS}", f"kubernetes:{K8S}"}
    k8s = report.by_provider["kubernetes"]
    assert k8s.counts["fail"] == 0 and k8s.score is not None
    assert report.by_provider["aws"].counts["fail"] >= 1


def test_evidence_formats_through_the_cli(store, tenant_id, tmp_path, capsys) -> None:
    scan = seed(store, tenant_id)
    cfg = tmp_path / "t.yaml"
    cfg.write_text(CONFIG.format(tenant=tenant_id, url=store.url), encoding="utf-8")
    assert main(["compliance", "--framework", "fisc", "--config", str(cfg), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["scan_id"] == scan and doc["framework"] == "fisc" and doc["summary"]["counts"]["manual"] == 3
    ctrl = next(x for x in doc["controls"] if x["id"] == "実3")
    assert {r["resource"] for r in ctrl["results"]} >= {"bucket-1", "bucket-2"}  # passes are evidence too
    assert main(["compliance", "--framework", "fisc", "--config", str(cfg), "--format", "csv", "--lang", "ja"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    muted = [r for r in rows if r["result"] == "MUTED"]
    assert muted and all(r["mute_owner"] == "sec-team" and r["mute_expires"] == "2099-12-31" for r in muted)
    assert any(r["control"] == "実3" and r["title"] == "蓄積データの漏えい防止" for r in rows)
    out = tmp_path / "e.html"
    assert main(["compliance", "--framework", "fisc", "--config", str(cfg), "--format", "html", "--lang", "ja",
                 "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert '<html lang="ja">' in html and "コンプライアンス証跡" in html and "sec-team" in html
    assert "<script" not in html and "Content-Security-Policy" in html and "default-src 'none'" in unescape(html)
    assert main(["compliance", "frameworks", "--json"]) == 0
    fws = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert fws["fisc"]["controls"] == 18 and fws["fisc"]["automated"] == 15
    assert fws["ismap"]["automated_share"] == round(100 * fws["ismap"]["automated"] / fws["ismap"]["controls"], 1)


def test_html_escapes_stored_values(store, tenant_id, tmp_path) -> None:
    """A hostile resource name or detail stays text (autoescape)."""
    from agent.posture.frameworks import load_framework
    from agent.report.compliance_evidence import evidence_html

    seed(store, tenant_id)
    report = report_from_store(store, tenant_id, "fisc")
    r = next(x for x in by_id(report)["実3"].results if x.status == "FAIL")
    r.resource, r.detail = "<img src=x onerror=alert(1)>", "</td><script>alert(2)</script>"
    html = evidence_html(report, load_framework("fisc"), [], "en", tenant_id, DAY1)
    assert "<img src=x" not in html and "<script>" not in html and "&lt;script&gt;" in html


def test_snapshots_trend_as_of_and_notifications(store, tenant_id, monkeypatch) -> None:
    monkeypatch.setenv("UCS_TEST_HOOK_URL", "https://hooks.example.invalid/x")
    settings = settings_for(store, tenant_id)
    seed(store, tenant_id, s3_fails=False)
    first = take_snapshots(store, settings, now=DAY1)
    assert [r["framework"] for r in first] == ["fisc", "nist-800-53-r5"]  # the tenant's selection
    assert _outbox(store, tenant_id) == []  # nothing to compare the first snapshot with
    seed(store, tenant_id, s3_fails=True, when=DAY1 + timedelta(days=1))
    take_snapshots(store, settings, now=DAY1 + timedelta(days=1))
    rows = _outbox(store, tenant_id)
    events = sorted((r["event"], r["payload"]["compliance"]["control"]) for r in rows)
    assert ("compliance_control_changed", "実3") in events
    assert all(r["payload"]["compliance"]["framework"] == "fisc" for r in rows)  # the route matches fisc only
    again = take_snapshots(store, settings, now=DAY1 + timedelta(days=1, hours=2))  # same day, same state
    assert len(_outbox(store, tenant_id)) == len(rows) and len(again) == 2  # one notification per transition
    points = trend(store, tenant_id, "fisc", 90, date(2026, 12, 2))
    assert [p["day"] for p in points] == ["2026-11-30", "2026-12-01"]  # days in Asia/Tokyo
    assert points[1]["score"] < points[0]["score"] and points[0]["not_assessed"] > 0
    past = report_from_store(store, tenant_id, "fisc", as_of=date(2026, 11, 30))
    assert past.source == "snapshot 2026-11-30" and by_id(past)["実3"].status == "pass"
    assert by_id(report_from_store(store, tenant_id, "fisc"))["実3"].status == "fail"


def _outbox(store, tenant: str) -> list[dict]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(outbox).where(outbox.c.tenant == tenant)).mappings()]


def test_score_drop_is_one_event_above_the_threshold() -> None:
    prev = {"framework": "fisc", "score": 80.0, "statuses": {"実3": "pass"}, "report": {"controls": []}}
    cur = {"framework": "fisc", "score": 69.0, "statuses": {"実3": "pass"}, "report": {"controls": []}}
    assert [c.kind for c in changes(prev, cur, 10)] == ["compliance_score_dropped"]
    assert changes(prev, {**cur, "score": 71.0}, 10) == []
    assert changes(None, cur, 10) == []


def test_tenant_frameworks_are_validated_with_file_and_line() -> None:
    text = "tenant: {id: acme}\nlicence: {product: UCS, expires: 2099-01-01}\ncompliance:\n  frameworks:\n    - fisc\n    - fisk\n"
    with pytest.raises(ConfigError) as err:
        parse_settings(text, "acme.yaml")
    msg = str(err.value) + " ".join(f"{p.file}:{p.line} {p.path} {p.message}" for p in err.value.problems)
    assert "acme.yaml:6" in msg and "compliance.frameworks[1]" in msg and "fisk" in msg


def test_unknown_framework_in_a_route_is_a_config_error() -> None:
    text = ("tenant: {id: acme}\nlicence: {product: UCS, expires: 2099-01-01}\nnotifications:\n  channels:\n"
            "    - {name: hook, type: webhook, url_env: H, secret_env: S}\n  routes:\n"
            "    - {name: r, match: {frameworks: [fisc, nist]}, channels: [hook]}\n")
    with pytest.raises(ConfigError) as err:
        parse_settings(text, "acme.yaml")
    assert "acme.yaml:7" in str(err.value) and "notifications.routes[0].match.frameworks[1]" in str(err.value)


def test_trend_as_of_and_snapshot_commands(store, tenant_id, tmp_path, capsys) -> None:
    cfg = tmp_path / "t.yaml"
    cfg.write_text(CONFIG.format(tenant=tenant_id, url=store.url), encoding="utf-8")
    seed(store, tenant_id)
    assert main(["compliance", "snapshot", "--config", str(cfg)]) == 0
    assert "fisc:" in capsys.readouterr().out
    assert main(["compliance", "trend", "--config", str(cfg), "--framework", "fisc", "--days", "90", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["days"] == 90 and len(doc["points"]) == 1 and doc["points"][0]["score"] is not None
    day = doc["points"][0]["day"]
    assert main(["compliance", "--config", str(cfg), "--framework", "fisc", "--as-of", day, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["source"] == f"snapshot {day}"
    assert main(["compliance", "--config", str(cfg), "--framework", "fisc", "--as-of", "2001-01-01"]) == 2
    assert "no compliance snapshot" in capsys.readouterr().err


def test_compliance_events_render_in_the_channel_language() -> None:
    from notifiers.render import render

    row = {"kind": "event", "event": "compliance_score_dropped", "severity": 3, "payload": {
        "tenant": "acme", "title": {"en": "fisc: compliance score dropped", "ja": "fisc: スコアが低下しました"},
        "compliance": {"framework": "fisc"}}}
    assert render(row, "ja").title == "fisc: スコアが低下しました"
    assert render(row, "en").headline == "Compliance score dropped"
