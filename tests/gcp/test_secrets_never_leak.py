"""Secrets a GCP estate carries in its asset documents never reach the store, the reports or the logs.

The stand-in serves a Cloud Run service and a Cloud Function whose plain environment variables hold
known canaries (an AWS access key and a database URL with a password, which detect-secrets
recognises, plus a value no detector knows), an API key document carrying its ``keyString``, a
Workbench instance with a startup-script URL in its metadata and a VM with a startup script.  A full
tenant scan runs, every output is written, and the canaries are searched for everywhere.  The
findings must still name the variables and detectors, so the search is not vacuous.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import sqlalchemy as sa

from agent.core.model import Status
from agent.engine.scan import run_scan
from agent.report import write_outputs
from agent.settings.tenant import parse_settings
from tests.gcp.service_cases import api_key, function, instance, run_service, workbench
from tests.gcp.standin import AssetStandIn, Estate

AWS_CANARY = "AKIAUCSCANARY7QDX4PB"
PASSWORD_CANARY = "ucsCanaryPa55w0rd"
PLAIN_CANARY = "ucs-plain-env-canary-5e1f"
KEY_CANARY = "AIzaSyUcsCanaryKeyString0123456789abcd"
SCRIPT_CANARY = "ucs-startup-canary-99c0"
CANARIES = [AWS_CANARY, PASSWORD_CANARY, PLAIN_CANARY, KEY_CANARY, SCRIPT_CANARY]


def _estate() -> Estate:
    est = Estate()
    docs = [
        run_service("leaky", env=[{"name": "AWS_ACCESS_KEY_ID", "value": AWS_CANARY},
                                  {"name": "GREETING", "value": PLAIN_CANARY}]),
        function("leaky-fn", env={"DATABASE_URL": f"postgres://app:{PASSWORD_CANARY}@db:5432/app"},
                 build_env={"GREETING": PLAIN_CANARY}),
        api_key("browser", None),
        workbench("nb", metadata={"startup-script": f"export TOKEN={SCRIPT_CANARY}"}),
        instance("vm", metadata={"items": [{"key": "startup-script", "value": f"echo {SCRIPT_CANARY}"}]}),
    ]
    docs[2]["resource"]["data"]["keyString"] = KEY_CANARY  # GetKeyString's field, should a listing ever carry it
    for doc in docs:
        est.add("projects/acme-prod", doc)
    return est


def store_dump(engine: sa.Engine) -> str:
    meta = sa.MetaData()
    meta.reflect(bind=engine)
    with engine.connect() as conn:
        return "\n".join(repr(tuple(row)) for table in meta.sorted_tables for row in conn.execute(sa.select(table)))


def test_gcp_canaries_never_appear_in_store_reports_or_logs(store, tenant_id: str, tmp_path: Path,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with AssetStandIn(_estate()) as s:
        settings = parse_settings(
            f"tenant: {{id: {tenant_id}}}\nlicence: {{product: UCS Cloud Security, expires: 2099-01-01}}\n"
            f"menus: {{options: [multi-cloud]}}\nproviders:\n  gcp:\n    projects: [acme-prod]\n"
            f"    api_endpoint: {s.url}\n    anonymous: true\n", "tenant.yaml")
        outcome = run_scan(settings, store)
    by_check = {(f.check_id, f.resource.name): f for f in outcome.findings}
    run_finding = by_check[("gcp.run.service_no_secrets_in_env", "leaky")]
    fn_finding = by_check[("gcp.cloudfunctions.function_no_secrets_in_env", "leaky-fn")]
    assert run_finding.status is Status.FAIL and fn_finding.status is Status.FAIL
    paths = write_outputs(outcome.findings, ["json", "csv", "ocsf"], tmp_path, "scan", "ja",
                          {"coverage": outcome.coverage.to_list()})
    haystacks = {"store": store_dump(store.engine), "logs": caplog.text}
    haystacks.update({p.name: p.read_text(encoding="utf-8") for p in paths})
    # The variable and the detector are reported (so the search is not vacuous)...
    assert "AWS_ACCESS_KEY_ID" in haystacks["store"] and "AWS Access Key" in haystacks["store"]
    assert "DATABASE_URL" in haystacks["store"] and "Basic Auth Credentials" in haystacks["store"]
    # ...but none of the values.
    for name, text in haystacks.items():
        for canary in CANARIES:
            assert canary not in text, f"{canary!r} leaked into {name}"
