"""Amazon Bedrock against a local stand-in of its two REST-JSON APIs (bedrock, bedrock-agent).

moto serves invocation logging, custom models and agents but not guardrails, so the whole service
is read here from a stand-in answering, in the wire format of the API reference, through the real
boto3 clients the collector builds:

* ``GET /logging/modelinvocations`` → ``{"loggingConfig": {...}}`` (``{}`` when not configured),
* ``GET /guardrails`` → ``{"guardrails": [summary]}``, ``GET /guardrails/{id}`` → the guardrail
  (``contentPolicy.filters``, ``sensitiveInformationPolicy``, ``wordPolicy``, ``kmsKeyArn``),
* ``POST /agents/`` → ``{"agentSummaries": [...]}``, ``GET /agents/{id}/`` → ``{"agent": {...}}``,
* ``GET /custom-models`` → ``{"modelSummaries": [...]}``, ``GET /custom-models/{arn}`` → the model.

The region is read from the request's SigV4 credential scope: us-east-1 holds a good and a bad
item of each kind; us-west-2 has never used Bedrock; eu-west-1 denies ListGuardrails and the
logging read (AccessDeniedException), which must become coverage gaps, never a PASS.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

import boto3
import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

import checks as registry
from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory
from agent.core.model import Status
from agent.engine.evaluate import evaluate

ACCOUNT, REGION, UNUSED, DENIED = "123456789012", "us-east-1", "us-west-2", "eu-west-1"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555"
SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/")
WHEN = "2026-11-20T10:00:00Z"


def _guardrail(gid: str, good: bool) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "name": f"{'good' if good else 'bad'}-guardrail", "guardrailId": gid, "version": "DRAFT", "status": "READY",
        "guardrailArn": f"arn:aws:bedrock:{REGION}:{ACCOUNT}:guardrail/{gid}", "createdAt": WHEN, "updatedAt": WHEN,
        "blockedInputMessaging": "Sorry.", "blockedOutputsMessaging": "Sorry.",
        "wordPolicy": {"words": [{"text": "project-nightingale"}], "managedWordLists": [{"type": "PROFANITY"}]}}
    if good:
        doc["kmsKeyArn"] = KEY
        doc["contentPolicy"] = {"filters": [
            {"type": "PROMPT_ATTACK", "inputStrength": "HIGH", "outputStrength": "NONE"},
            {"type": "HATE", "inputStrength": "MEDIUM", "outputStrength": "MEDIUM"}]}
        doc["sensitiveInformationPolicy"] = {"piiEntities": [{"type": "EMAIL", "action": "ANONYMIZE"}],
                                             "regexes": [{"name": "employee-id", "pattern": "EMP-[0-9]{6}",
                                                          "action": "BLOCK"}]}
    else:
        doc["contentPolicy"] = {"filters": [{"type": "PROMPT_ATTACK", "inputStrength": "LOW", "outputStrength": "NONE"}]}
    return doc


GUARDRAILS = {"gr-good0000001": _guardrail("gr-good0000001", True), "gr-bad00000001": _guardrail("gr-bad00000001", False)}
AGENTS = {
    "AGENTGOOD1": {"agentId": "AGENTGOOD1", "agentName": "good-agent", "agentStatus": "PREPARED",
                   "customerEncryptionKeyArn": KEY, "instruction": "You are the payroll assistant; secret-ish prompt.",
                   "guardrailConfiguration": {"guardrailIdentifier": "gr-good0000001", "guardrailVersion": "1"}},
    "AGENTBAD01": {"agentId": "AGENTBAD01", "agentName": "bad-agent", "agentStatus": "PREPARED",
                   "instruction": "You are the payroll assistant; secret-ish prompt."},
}
MODELS = {f"arn:aws:bedrock:{REGION}:{ACCOUNT}:custom-model/{n}": {"modelName": n, "modelKmsKeyArn": k}
          for n, k in (("good-model", KEY), ("bad-model", None))}


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")


def _denied() -> Response:
    return Response(json.dumps({"message": "not authorized"}), status=403, content_type="application/json",
                    headers={"x-amzn-ErrorType": "AccessDeniedException"})


def _answer(request: Request) -> Response:
    m = SCOPE.search(request.headers.get("Authorization", ""))
    region = m.group(1) if m else ""
    path = unquote(request.path)
    if region == DENIED and path in ("/guardrails", "/logging/modelinvocations"):
        return _denied()
    used = region == REGION
    if path == "/logging/modelinvocations":
        return _json({"loggingConfig": {"cloudWatchConfig": {"logGroupName": "/bedrock/invocations",
                                                             "roleArn": f"arn:aws:iam::{ACCOUNT}:role/bedrock-logs"},
                                        "textDataDeliveryEnabled": True}} if used else {})
    if path == "/guardrails":
        return _json({"guardrails": [{k: g[k] for k in ("name", "version", "status", "createdAt", "updatedAt")}
                                     | {"id": g["guardrailId"], "arn": g["guardrailArn"]}
                                     for g in GUARDRAILS.values()] if used else []})
    if path.startswith("/guardrails/"):
        return _json(GUARDRAILS[path.split("/")[2]])
    if path == "/agents/":
        return _json({"agentSummaries": [{k: a[k] for k in ("agentId", "agentName", "agentStatus")} | {"updatedAt": WHEN}
                                         for a in AGENTS.values()] if used else []})
    if path.startswith("/agents/"):
        a = AGENTS[path.split("/")[2]]
        return _json({"agent": {**a, "agentArn": f"arn:aws:bedrock:{REGION}:{ACCOUNT}:agent/{a['agentId']}",
                                "agentVersion": "DRAFT", "createdAt": WHEN, "updatedAt": WHEN,
                                "agentResourceRoleArn": f"arn:aws:iam::{ACCOUNT}:role/agent"}})
    if path == "/custom-models":
        return _json({"modelSummaries": [{"modelArn": arn, "modelName": m["modelName"], "creationTime": WHEN,
                                          "baseModelArn": "arn:aws:bedrock:us-east-1::foundation-model/base"}
                                         for arn, m in MODELS.items()] if used else []})
    if path.startswith("/custom-models/"):
        arn = path[len("/custom-models/"):]
        m = MODELS[arn]
        return _json({"modelArn": arn, "modelName": m["modelName"], "creationTime": WHEN, "customizationType": "FINE_TUNING",
                      "hyperParameters": {"learningRate": "0.0001"}, "baseModelArn": "arn:aws:bedrock:::fm/base",
                      "trainingDataConfig": {"s3Uri": "s3://ucs-ml/train.jsonl"}, "outputDataConfig": {"s3Uri": "s3://o/"},
                      **({"modelKmsKeyArn": m["modelKmsKeyArn"]} if m["modelKmsKeyArn"] else {})})
    return Response("unknown", status=400)


@pytest.fixture(scope="module")
def scan() -> Any:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("").respond_with_handler(_answer)  # every path: the handler routes
    server.start()
    try:
        factory = ClientFactory(endpoint_url=server.url_for("/").rstrip("/"), default_region=REGION, max_attempts=1,
                                session=boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing"))
        inv = collect_account(factory, ACCOUNT, [REGION, UNUSED, DENIED], services=["bedrock"])
        single = ClientFactory(endpoint_url=server.url_for("/").rstrip("/"), default_region=UNUSED,
                               session=boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing"))
        unused = collect_account(single, ACCOUNT, [UNUSED], services=["bedrock"])
    finally:
        server.stop()
    return inv, unused, single.calls


@pytest.fixture(scope="module")
def statuses(scan: Any) -> dict[tuple[str, str, str], Status]:
    wanted = [c for c in registry.all_checks() if c.id.startswith("aws.bedrock.")]
    return {(f.check_id, f.resource.region, f.resource.name): f.status for f in evaluate(scan[0], wanted).findings}


@pytest.mark.parametrize(("check_id", "good", "bad"), [
    ("aws.bedrock.guardrail_encrypted_with_cmk", "good-guardrail", "bad-guardrail"),
    ("aws.bedrock.guardrail_prompt_attack_filter", "good-guardrail", "bad-guardrail"),
    ("aws.bedrock.guardrail_sensitive_information_filter", "good-guardrail", "bad-guardrail"),
    ("aws.bedrock.agent_encrypted_with_cmk", "good-agent", "bad-agent"),
    ("aws.bedrock.agent_guardrail_associated", "good-agent", "bad-agent"),
    ("aws.bedrock.custom_model_encrypted_with_cmk", "good-model", "bad-model"),
])
def test_bedrock_items(statuses: dict[tuple[str, str, str], Status], check_id: str, good: str, bad: str) -> None:
    assert statuses[(check_id, REGION, good)] is Status.PASS
    assert statuses[(check_id, REGION, bad)] is Status.FAIL


def test_invocation_logging_where_bedrock_is_used(statuses: dict[tuple[str, str, str], Status]) -> None:
    logging = {(region, s) for (c, region, _), s in statuses.items() if c == "aws.bedrock.model_invocation_logging_enabled"}
    # used and logged: PASS; never used: no resource at all; denied: no resource either (a gap, below)
    assert logging == {(REGION, Status.PASS)}


def test_denied_listing_is_a_coverage_gap(scan: Any) -> None:
    failed = {(e.region, e.resource_type) for e in scan[0].coverage.failures}
    assert failed == {(DENIED, "aws.bedrock.guardrail"), (DENIED, "aws.bedrock.invocation_logging")}, \
        scan[0].coverage.failures


def test_unused_region_costs_four_reads_and_yields_nothing(scan: Any) -> None:
    _, unused, calls = scan
    assert not list(unused) and not unused.coverage.failures
    assert calls <= 4


def test_prompts_and_word_lists_are_dropped(scan: Any) -> None:
    text = repr([r.to_dict() for r in scan[0]])
    for value in ("secret-ish prompt", "project-nightingale", "EMP-[0-9]{6}", "0.0001", "Sorry."):
        assert value not in text, value
    g = next(r for r in scan[0] if r.name == "good-guardrail")
    assert g.data["wordPolicy"]["words"] == 1 and g.data["sensitiveInformationPolicy"]["regexes"] == 1
