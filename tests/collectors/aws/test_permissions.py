"""The collectors' declared IAM permissions: complete, read-only, and shipped as generated.

No moto here: the declaration is compared with what each module's source can call (botocore's
service models name every operation), which covers calls no test estate happens to trigger.
"""

from __future__ import annotations

import json
import re

import pytest

from agent.collectors.aws import permissions as P
from agent.collectors.aws.runner import service_modules

MODULES = service_modules()
ACTION = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9]+$")


def test_every_service_module_declares_its_permissions() -> None:
    missing = [m.__name__ for m in MODULES if not getattr(m, "PERMISSIONS", None)]
    assert not missing, f"service modules without PERMISSIONS: {missing}"


@pytest.mark.parametrize("mod", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_declared_permissions_cover_every_call_and_only_read(mod) -> None:
    declared = set(mod.PERMISSIONS)
    assert all(ACTION.match(a) for a in declared), declared
    undeclared = P.required_actions(mod) - declared
    assert not undeclared, f"{mod.__name__} calls operations whose permission it does not declare: {sorted(undeclared)}"
    writes = sorted(a for a in declared if not P.is_read_only(a))
    assert not writes, f"{mod.__name__} declares actions that are not reads: {writes}"


def test_the_static_reader_sees_calls_and_maps_iam_names() -> None:
    src = 'c = ctx.client("mq")\nfor b in ctx.paginate(c, "list_brokers", "BrokerSummaries"):\n    c.describe_broker(BrokerId=b)\n'
    assert P.actions_in([src], ["mq"]) == {"mq:ListBrokers", "mq:DescribeBroker"}
    # a name that is no operation of the clients built adds nothing
    assert P.actions_in(["x.describe_broker()"], ["sqs"]) == set()
    assert P.action_for("s3", "ListBuckets") == "s3:ListAllMyBuckets"
    assert P.action_for("s3", "GetBucketEncryption") == "s3:GetEncryptionConfiguration"
    assert P.action_for("s3control", "GetPublicAccessBlock") == "s3:GetAccountPublicAccessBlock"
    assert P.action_for("cloudwatch", "DescribeAlarms") == "cloudwatch:DescribeAlarms"  # signing name "monitoring"
    assert P.action_for("elbv2", "DescribeLoadBalancers") == "elasticloadbalancing:DescribeLoadBalancers"
    assert P.action_for("opensearch", "DescribeDomains") == "es:DescribeDomains"
    assert P.action_for("apigateway", "GetRestApis") == "apigateway:GET"
    assert P.action_for("sts", "GetCallerIdentity") is None
    assert not P.is_read_only("s3:PutBucketPolicy") and P.is_read_only("ec2:DescribeInstances")


def test_policy_documents_fit_iam_and_hold_every_action_once() -> None:
    per_module = {f"m{i}": [f"svc{i % 40}:GetThing{i}"] for i in range(600)}
    docs = P.policy_documents(per_module)
    assert len(docs) > 1
    actions = [a for d in docs for s in d["Statement"] for a in s["Action"]]
    assert sorted(actions) == sorted({a for v in per_module.values() for a in v})
    assert all(len(json.dumps(d, separators=(",", ":"))) <= P.POLICY_CHAR_LIMIT for d in docs)


def test_shipped_policies_and_docs_table_are_current() -> None:
    hint = "regenerate with: python -m agent.collectors.aws.permissions"
    rendered = P.render()
    shipped = {p.name: p.read_text(encoding="utf-8") for p in P.DEPLOY.glob("ucs-*-policy*.json")}
    assert shipped == rendered, hint
    every = {a for m in MODULES for a in m.PERMISSIONS}
    in_docs = {a for name, text in rendered.items() if name.startswith("ucs-readonly")
               for s in json.loads(text)["Statement"] for a in s["Action"]}
    assert in_docs == every
    intake = json.loads(rendered["ucs-intake-policy.json"])["Statement"][0]["Action"]
    assert {"cloudtrail:LookupEvents", "securityhub:GetFindings"} <= set(intake)
    assert "sts:AssumeRole" in json.loads(rendered["ucs-organization-policy.json"])["Statement"][0]["Action"]
    doc = P.DOC.read_text(encoding="utf-8")
    assert P.doc_with_table(doc) == doc, hint
    # no action that reads a secret's value, anywhere
    for forbidden in ("secretsmanager:GetSecretValue", "kms:Decrypt", "ssm:GetParameter"):
        assert forbidden not in every | set(intake)
