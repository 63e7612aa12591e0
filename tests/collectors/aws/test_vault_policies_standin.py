"""Glacier and Backup vault policies against a local stand-in of the two REST-JSON APIs.

moto serves ListVaults and ListBackupVaults but neither GetVaultAccessPolicy nor
GetBackupVaultAccessPolicy, so the collectors are read here against a small stand-in that answers
the four operations in their wire format (paths and bodies of the API references:
``GET /-/vaults``, ``GET /-/vaults/{name}/access-policy`` → ``{"Policy": "<json>"}``,
``GET /backup-vaults/``, ``GET /backup-vaults/{name}/access-policy`` → ``{"BackupVaultName", …,
"Policy": "<json>"}``; a vault without a policy answers 404 ResourceNotFoundException), through the
real boto3 clients the collectors build.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

import checks as registry
from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory
from agent.core.model import Status
from agent.engine.evaluate import evaluate

ACCOUNT, FOREIGN, REGION = "123456789012", "444455556666", "us-east-1"


def _policy(principal: Any) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "S", "Effect": "Allow", "Principal": principal, "Action": "*", "Resource": "*"}]})


GLACIER = {"ucs-bad-vault": _policy("*"), "ucs-foreign-vault": _policy({"AWS": f"arn:aws:iam::{FOREIGN}:root"}),
           "ucs-good-vault": None}
BACKUP = {"ucs-bad-backup": _policy({"AWS": "*"}), "ucs-good-backup": _policy({"AWS": f"arn:aws:iam::{ACCOUNT}:root"})}


def _not_found() -> Response:
    return Response(json.dumps({"code": "ResourceNotFoundException", "message": "no policy", "type": "Client"}),
                    status=404, content_type="application/json",
                    headers={"x-amzn-ErrorType": "ResourceNotFoundException"})


def _answer(request: Request) -> Response:
    parts = [p for p in request.path.split("/") if p]
    ok = {"status": 200, "content_type": "application/json"}
    if parts[:2] == ["-", "vaults"] and len(parts) == 2:
        return Response(json.dumps({"VaultList": [
            {"VaultARN": f"arn:aws:glacier:{REGION}:{ACCOUNT}:vaults/{n}", "VaultName": n, "NumberOfArchives": 0,
             "SizeInBytes": 0, "CreationDate": "2026-01-01T00:00:00.000Z"} for n in GLACIER]}), **ok)
    if parts[:2] == ["-", "vaults"] and parts[3:] == ["access-policy"]:
        pol = GLACIER.get(parts[2])
        return Response(json.dumps({"Policy": pol}), **ok) if pol else _not_found()
    if parts == ["backup-vaults"]:
        return Response(json.dumps({"BackupVaultList": [
            {"BackupVaultName": n, "BackupVaultArn": f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:{n}",
             "NumberOfRecoveryPoints": 0} for n in BACKUP]}), **ok)
    if parts[:1] == ["backup-vaults"] and parts[2:] == ["access-policy"]:
        n = parts[1]
        return Response(json.dumps({"BackupVaultName": n, "BackupVaultArn": f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:{n}",
                                    "Policy": BACKUP[n]}), **ok)
    return Response("unknown", status=400)


@pytest.fixture(scope="module")
def statuses() -> Any:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("").respond_with_handler(_answer)  # every path: the handler routes
    server.start()
    try:
        server.clear_assertions()
        factory = ClientFactory(endpoint_url=server.url_for("/").rstrip("/"), default_region=REGION,
                                session=boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing"))
        inv = collect_account(factory, ACCOUNT, [REGION], services=["glacier", "backup"])
    finally:
        server.stop()
    assert not inv.coverage.failures, [(e.resource_type, e.error) for e in inv.coverage.failures]
    wanted = [c for c in registry.all_checks() if c.id.startswith(("aws.glacier.", "aws.backup."))]
    return {(f.check_id, f.resource.name): f.status for f in evaluate(inv, wanted).findings}


@pytest.mark.parametrize(("check_id", "bad", "good"), [
    ("aws.glacier.vault_policy_not_public", "ucs-bad-vault", "ucs-good-vault"),
    ("aws.glacier.vault_not_shared_cross_account", "ucs-foreign-vault", "ucs-good-vault"),
    ("aws.backup.vault_policy_not_public", "ucs-bad-backup", "ucs-good-backup"),
])
def test_vault_policies(statuses: Any, check_id: str, bad: str, good: str) -> None:
    assert statuses[(check_id, bad)] is Status.FAIL and statuses[(check_id, good)] is Status.PASS
