"""Invariant 4: Secret data and env var values never reach the store, the reports or the logs.

The stand-in cluster holds a Secret (and a last-applied annotation repeating it in clear), a
literal env value and a ConfigMap value, each a known canary.  A full tenant scan runs, every
output is written, and the canaries are searched for everywhere: every row of every table of
the store, every report file and every log line.
"""

from __future__ import annotations

import base64
import json
import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from agent.engine.scan import run_scan
from agent.posture.compliance import report_from_store
from agent.posture.compliance_history import take_snapshots
from agent.posture.frameworks import load_framework
from agent.report import write_outputs
from agent.report.compliance_evidence import evidence_csv, evidence_html, evidence_json
from agent.settings.tenant import Settings
from tests.kubernetes.standin import ApiStandIn, load_lists

SECRET = "ucs-canary-4f9d2b7e1a"
# Credentials detect-secrets recognises by their format, under innocuous names: only the format
# ("AWS Access Key", "Private Key") may be kept, never the value.
AKIA_CANARY = "AKIAUCSCANARY7Q4ZX2W"
KEY_CANARY = "MIIEucsKEYcanary0Z3VS5JJcds3xfn"
CANARIES = [SECRET, base64.b64encode(SECRET.encode()).decode(), "ucs-env-canary-77aa", "ucs-cm-canary-31bc",
            "canary-token", base64.b64encode(b"eyJhbGciOiJSUzI1NiJ9.canary-token").decode(), AKIA_CANARY, KEY_CANARY]


def add_credentials(lists: dict) -> None:
    """A deployment with an AWS key in an env value named S3_ID, and a ConfigMap holding a private key."""
    deployments = next(d for d in lists.values() if d["kind"] == "DeploymentList")
    dep = json.loads(json.dumps(deployments["items"][0]))
    dep["metadata"]["name"] = "uploader"
    dep["spec"]["template"]["spec"]["containers"][0]["env"] = [{"name": "S3_ID", "value": AKIA_CANARY}]
    deployments["items"].append(dep)
    config_maps = next(d for d in lists.values() if d["kind"] == "ConfigMapList")
    config_maps["items"].append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "deploy-keys", "namespace": "shop"},
                                 "data": {"id": f"-----BEGIN RSA PRIVATE KEY-----\n{KEY_CANARY}\n-----END RSA PRIVATE KEY-----\n"}})


def tenant_settings(tenant_id: str, host: str) -> Settings:
    return Settings.model_validate({
        "tenant": {"id": tenant_id},
        "licence": {"product": "UCS Cloud Security", "expires": (date.today() + timedelta(days=30)).isoformat()},
        "menus": {"options": ["containers"]},
        "providers": {"kubernetes": {"clusters": [{"name": "demo", "host": host}]}},
    })


def store_dump(engine: sa.Engine) -> str:
    meta = sa.MetaData()
    meta.reflect(bind=engine)
    parts = []
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            parts.extend(repr(tuple(row)) for row in conn.execute(sa.select(table)))
    return "\n".join(parts)


@pytest.mark.parametrize("server_honours_metadata_only", [True, False])
def test_canaries_never_appear_in_store_reports_or_logs(store, tenant_id: str, tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture,
                                                        server_honours_metadata_only: bool) -> None:
    lists, version = load_lists()
    add_credentials(lists)
    standin = ApiStandIn(lists, version)
    if not server_honours_metadata_only:  # an API server that ignores the Accept header
        original = standin.answer
        standin.answer = lambda m, p, q, h: original(m, p, q, {**h, "accept": "application/json"})  # type: ignore[method-assign]
    assert any(SECRET.encode() in repr(doc).encode() or CANARIES[1] in repr(doc) for doc in lists.values())
    caplog.set_level(logging.DEBUG)
    with standin:
        outcome = run_scan(tenant_settings(tenant_id, standin.url), store, providers=["kubernetes"])
    assert outcome.status == "completed" and len(outcome.findings) > 100
    paths = write_outputs(outcome.findings, ["json", "csv", "ocsf", "asff", "sarif", "junit"], tmp_path, "scan", "en",
                          {"coverage": outcome.coverage.to_list()})
    # Compliance evidence and the daily snapshot (stored, so it is in the store dump below).
    settings = tenant_settings(tenant_id, standin.url)
    take_snapshots(store, settings)
    evidence = report_from_store(store, tenant_id, "nist-800-53-r5")
    haystacks = {"store": store_dump(store.engine), "logs": caplog.text, "evidence.json": evidence_json(evidence),
                 "evidence.csv": evidence_csv(evidence, "ja"),
                 "evidence.html": evidence_html(evidence, load_framework("nist-800-53-r5"), [], "ja", tenant_id,
                                                datetime.now(UTC))}
    assert "k8s.pod" in haystacks["evidence.json"]
    haystacks.update({p.name: p.read_text(encoding="utf-8") for p in paths})
    # The scan did store what it read (so the search is not vacuous)...
    assert "legacy/db" in haystacks["store"] and "DB_PASSWORD" in haystacks["store"]
    assert "S3_ID (AWS Access Key)" in haystacks["store"] and "id (Private Key)" in haystacks["store"]
    # ...but none of the values.
    for name, text in haystacks.items():
        for canary in CANARIES:
            assert canary not in text, f"{canary!r} leaked into {name}"
