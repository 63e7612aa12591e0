"""No credential report (denied): report-based IAM checks answer ERROR; the others still judge."""

from __future__ import annotations

import json

import boto3

import checks as registry
from agent.collectors.aws import collect_account
from agent.collectors.aws.context import ClientFactory
from agent.core.model import Status, is_unreadable
from agent.engine.evaluate import evaluate
from tests.collectors.aws import estate


def test_denied_credential_report_gives_error_not_fail(moto_reset: str) -> None:
    iam = boto3.client("iam", region_name="us-east-1", endpoint_url=moto_reset)
    iam.create_user(UserName="console-user")
    iam.create_login_profile(UserName="console-user", Password="A-long-passphrase-3")
    iam.put_user_policy(UserName="console-user", PolicyName="read", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}))
    keys = estate.scanner(moto_reset, [{"Action": "iam:GenerateCredentialReport", "Resource": "*"}])
    with estate.iam_enforced(moto_reset):
        factory = ClientFactory(session=boto3.Session(**keys), endpoint_url=moto_reset)
        inv = collect_account(factory, estate.MAIN, ["us-east-1"], services=["iam"])

    user = next(r for r in inv.by_type("aws.iam.user") if r.name == "console-user")
    assert is_unreadable(user.data["_credential_report"]) and is_unreadable(user.data["_mfa_active"])
    iam_checks = [c for c in registry.all_checks() if c.meta.service == "iam"]
    status = {(f.check_id, f.resource.name): f.status for f in evaluate(inv, iam_checks).findings}
    for check_id in ("aws.iam.user_mfa_enabled", "aws.iam.access_key_rotated_90_days",
                     "aws.iam.unused_credentials_45_days", "aws.iam.single_active_access_key"):
        assert status[(check_id, "console-user")] is Status.ERROR, check_id
    # root falls back to nothing: the report is unreadable, so root checks are ERROR too
    assert status[("aws.iam.root_mfa_enabled", "root")] is Status.ERROR
    # what does not come from the report is still judged
    assert status[("aws.iam.no_policies_attached_to_users", "console-user")] is Status.FAIL
    assert inv.coverage.includes("aws", estate.MAIN, "global", "aws.iam.user")
