"""Secrets in Cloud Run / Cloud Functions environment variables: found by detect-secrets, named, never kept;
and the per-check fixtures of tests/gcp/service_cases.py are still what the collector produces."""

from __future__ import annotations

import json

from agent.collectors.gcp import env_secrets
from tests.gcp.check_fixtures import FIXTURES, all_fixture_docs, render

AWS = "AKIAZ3MHQLOXRTWPB7QD"


def test_run_v2_env_values_are_scanned_then_redacted_and_references_kept() -> None:
    data = {"template": {"containers": [{"env": [
        {"name": "AWS_ACCESS_KEY_ID", "value": AWS},
        {"name": "LOG_LEVEL", "value": "debug"},
        {"name": "DB_PASSWORD", "valueSource": {"secretKeyRef": {"secret": "db", "version": "latest"}}}]}]}}
    out = env_secrets.scrub(env_secrets.RUN_SERVICE, data)
    assert out["envSecrets"] == [{"where": "containers[0]", "name": "AWS_ACCESS_KEY_ID", "detector": "AWS Access Key"}]
    env = out["template"]["containers"][0]["env"]
    assert [e.get("value") for e in env] == ["<redacted>", "<redacted>", None]
    assert env[2]["valueSource"]["secretKeyRef"]["secret"] == "db"
    assert data["template"]["containers"][0]["env"][0]["value"] == AWS  # the input document is not changed


def test_knative_v1_and_function_build_env_are_read_too() -> None:
    v1 = {"spec": {"template": {"spec": {"containers": [{"env": [{"name": "DB_PASSWORD", "value": "hunter2xyzQ"}]}]}}}}
    assert env_secrets.scrub(env_secrets.RUN_SERVICE, v1)["envSecrets"][0]["detector"] == "Secret Keyword"
    fn = {"serviceConfig": {"environmentVariables": {"GREETING": "hello world"}},
          "buildConfig": {"environmentVariables": {"DATABASE_URL": "postgres://u:S3cr3tPa55w0rd@db/x"}}}
    out = env_secrets.scrub(env_secrets.FUNCTION, fn)
    assert out["envSecrets"] == [{"where": "buildConfig", "name": "DATABASE_URL", "detector": "Basic Auth Credentials"}]
    assert "S3cr3t" not in json.dumps(out) and "hello world" not in json.dumps(out)


def test_other_assets_are_left_alone() -> None:
    doc = {"env": [{"name": "X", "value": AWS}]}
    assert env_secrets.scrub("storage.googleapis.com/Bucket", doc) is doc


def test_service_fixtures_are_the_collector_output() -> None:
    """After changing tests/gcp/service_cases.py or the collector: python -m tests.gcp.check_fixtures."""
    stale = [check_id for check_id, doc in all_fixture_docs().items()
             if json.loads((FIXTURES / f"{check_id}.json").read_text(encoding="utf-8")) != json.loads(render(doc))]
    assert not stale, f"rewrite with python -m tests.gcp.check_fixtures: {stale}"
