"""Secrets where they do not belong, end to end against moto over HTTP — and the canary.

Each place a secret hides (Lambda environment, instance and launch-template user data, ECS
container environment, CloudFormation outputs and echoed parameters, CodeBuild plaintext
variables, SSM String parameters) is seeded with a known canary value that detect-secrets
recognises, next to a clean twin.  A full tenant scan runs, every output is written, and:
each dirty resource FAILs naming the key and the detector, each clean one PASSes, and no canary
appears in the store, a report or a log line (invariant 4).
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import boto3
import pytest

from agent.core.model import Status
from agent.engine.scan import run_scan
from agent.report import write_outputs
from agent.settings.tenant import Settings
from tests.kubernetes.test_secrets_never_leak import store_dump

REGION = "us-east-1"
ACCOUNT = "123456789012"
# AWS's documented example key id and a GitHub-token-shaped value: detect-secrets' own plugins know both.
KEY_ID = "AKIAIOSFODNN7UCSCANRY"[:20]
TOKEN = "ghp_ucsCanary0123456789abcdefghijKLMNOP"
CANARIES = [KEY_ID, TOKEN]
SERVICES = ["lambda", "ec2", "ec2_launch_templates", "ecs", "cloudformation", "codebuild", "ssm_parameters"]
USER_DATA = f"#!/bin/bash\nexport AWS_ACCESS_KEY_ID={KEY_ID}\necho started\n"


def _seed(endpoint: str) -> None:
    def c(service: str) -> Any:
        return boto3.client(service, region_name=REGION, endpoint_url=endpoint,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    role = c("iam").create_role(RoleName="ucs-fn", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                 "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    lam = c("lambda")
    for name, env in (("ucs-bad-fn", {"GIT_TOKEN": TOKEN, "LOG_LEVEL": "debug"}), ("ucs-good-fn", {"LOG_LEVEL": "info"})):
        lam.create_function(FunctionName=name, Runtime="python3.12", Role=role, Handler="h.h",
                            Code={"ZipFile": b"PK\x05\x06" + b"\0" * 18}, Environment={"Variables": env})

    ec2 = c("ec2")
    ami = "ami-12c6146b"  # one moto knows (DescribeImages would load them all: seconds)
    for name, ud in (("ucs-bad-instance", USER_DATA), ("ucs-good-instance", "#!/bin/bash\necho hello\n")):
        ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1, InstanceType="t3.micro", UserData=ud,
                          TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": name}]}])
    for name, ud in (("ucs-bad-template", USER_DATA), ("ucs-good-template", "#!/bin/bash\necho hello\n")):
        ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={
            "ImageId": ami, "UserData": base64.b64encode(ud.encode()).decode()})

    ecs = c("ecs")
    for fam, env, cmd in (("ucs-bad-task", [{"name": "GITHUB_TOKEN", "value": TOKEN}], ["--key", KEY_ID]),
                          ("ucs-good-task", [{"name": "STAGE", "value": "prod"}], ["--port", "80"])):
        ecs.register_task_definition(family=fam, containerDefinitions=[
            {"name": "app", "image": "nginx", "memory": 128, "environment": env, "command": cmd}])

    cfn = c("cloudformation")
    template = {"AWSTemplateFormatVersion": "2010-09-09",
                "Parameters": {"Key": {"Type": "String"}, "Hidden": {"Type": "String", "NoEcho": True}},
                "Resources": {"T": {"Type": "AWS::SNS::Topic"}},
                "Outputs": {"Token": {"Value": {"Ref": "Key"}}}}
    cfn.create_stack(StackName="ucs-bad-stack", TemplateBody=json.dumps(template), Parameters=[
        {"ParameterKey": "Key", "ParameterValue": KEY_ID}, {"ParameterKey": "Hidden", "ParameterValue": TOKEN}])
    # (moto echoes NoEcho parameters in clear where AWS answers "****": the masked case is in fixtures.)
    cfn.create_stack(StackName="ucs-good-stack", TemplateBody=json.dumps(template), Parameters=[
        {"ParameterKey": "Key", "ParameterValue": "plain"}, {"ParameterKey": "Hidden", "ParameterValue": "plain"}])

    cb = c("codebuild")
    for name, env, spec in (("ucs-bad-build", [{"name": "GH_TOKEN", "value": TOKEN, "type": "PLAINTEXT"}],
                             f"version: 0.2\nenv:\n  variables:\n    K: {KEY_ID}\n"),
                            ("ucs-good-build", [{"name": "GH_TOKEN", "value": "/ci/gh-token", "type": "PARAMETER_STORE"}],
                             "version: 0.2\n")):
        cb.create_project(name=name, source={"type": "S3", "location": "ucs-src/src.zip", "buildspec": spec},
                          artifacts={"type": "NO_ARTIFACTS"}, serviceRole=role, environment={
                              "type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                              "computeType": "BUILD_GENERAL1_SMALL", "environmentVariables": env})

    ssm = c("ssm")
    ssm.put_parameter(Name="/ucs/bad/key-id", Value=KEY_ID, Type="String")
    ssm.put_parameter(Name="/ucs/good/stage", Value="production", Type="String")
    ssm.put_parameter(Name="/ucs/good/secure", Value=TOKEN, Type="SecureString")


EXPECTED = {
    "aws.lambda.no_secrets_in_environment": ("ucs-bad-fn", "ucs-good-fn", "GIT_TOKEN"),
    "aws.ec2.no_secrets_in_instance_user_data": ("ucs-bad-instance", "ucs-good-instance", "line 2"),
    "aws.ec2.no_secrets_in_launch_template_user_data": ("ucs-bad-template", "ucs-good-template", "line 2"),
    "aws.ecs.no_secrets_in_task_definition_environment": ("ucs-bad-task", "ucs-good-task", "app/GITHUB_TOKEN"),
    "aws.cloudformation.no_secrets_in_stack_outputs": ("ucs-bad-stack", "ucs-good-stack", "output Token"),
    "aws.codebuild.no_secrets_in_project_environment": ("ucs-bad-build", "ucs-good-build", "GH_TOKEN"),
    "aws.ssm.no_secrets_in_string_parameters": ("/ucs/bad/key-id", "/ucs/good/stage", "/ucs/bad/key-id"),
}


@pytest.fixture(scope="module")
def scanned(moto_server: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    urllib.request.urlopen(urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST")).read()
    _seed(moto_server)
    return moto_server


def test_secrets_found_by_key_and_detector_and_never_leaked(scanned: str, store: Any, tenant_id: str, tmp_path: Path,
                                                            caplog: pytest.LogCaptureFixture,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    settings = Settings.model_validate({
        "tenant": {"id": tenant_id},
        "licence": {"product": "UCS Cloud Security", "expires": (date.today() + timedelta(days=30)).isoformat()},
        "providers": {"aws": {"accounts": [{"id": ACCOUNT, "regions": [REGION], "endpoint_url": scanned,
                                            "services": SERVICES}]}},
    })
    caplog.set_level(logging.DEBUG)
    # As `ucs -vv` runs: everything of ours at DEBUG, the SDK's wire logging capped at WARNING
    # (agent.core.logging_setup), since botocore's DEBUG prints whole response bodies.
    for noisy in ("botocore", "boto3", "urllib3"):
        caplog.set_level(logging.WARNING, logger=noisy)
    outcome = run_scan(settings, store, providers=["aws"], check_patterns=list(EXPECTED))
    got = {(f.check_id, f.resource.name): f for f in outcome.findings}
    for cid, (bad, good, key) in EXPECTED.items():
        assert got[(cid, bad)].status is Status.FAIL, (cid, got[(cid, bad)].detail)
        assert any(key in item for item in got[(cid, bad)].evidence["found"]), got[(cid, bad)].evidence
        assert got[(cid, good)].status is Status.PASS, (cid, got[(cid, good)].detail)
    paths = write_outputs(outcome.findings, ["json", "csv", "ocsf"], tmp_path, "scan", "ja",
                          {"coverage": outcome.coverage.to_list()})
    haystacks = {"store": store_dump(store.engine), "logs": caplog.text}
    haystacks.update({p.name: p.read_text(encoding="utf-8") for p in paths})
    assert "GIT_TOKEN" in haystacks["store"]  # what was read is stored (the search is not vacuous) …
    for name, text in haystacks.items():  # … but never a value
        for canary in CANARIES:
            assert canary not in text, f"{canary!r} leaked into {name}"
