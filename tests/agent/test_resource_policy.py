"""The resource-policy evaluator on its own: a table of documents and who they let in."""

from __future__ import annotations

from typing import Any

import pytest

from agent.policy import aws_resource_policy as rp

ME, OTHER, ORG_PEER = "111122223333", "444455556666", "777788889999"
ARN = "arn:aws:sqs:us-east-1:111122223333:q"


def _doc(*sts: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(sts)}


def _allow(principal: Any = "*", action: Any = "sqs:SendMessage", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Principal": principal, "Action": action, "Resource": ARN, **extra}


# (name, document, public?, foreign accounts)
ROWS: list[tuple[str, dict[str, Any], bool, list[str]]] = [
    ("star", _doc(_allow()), True, []),
    ("AWS star", _doc(_allow({"AWS": "*"})), True, []),
    ("every account's root", _doc(_allow({"AWS": "arn:aws:iam::*:root"})), True, []),
    ("own account", _doc(_allow({"AWS": f"arn:aws:iam::{ME}:root"})), False, []),
    ("other account root", _doc(_allow({"AWS": f"arn:aws:iam::{OTHER}:root"})), False, [OTHER]),
    ("other account id", _doc(_allow({"AWS": OTHER})), False, [OTHER]),
    ("other account role", _doc(_allow({"AWS": [f"arn:aws:iam::{OTHER}:role/r"]})), False, [OTHER]),
    ("trusted peer", _doc(_allow({"AWS": ORG_PEER})), False, []),
    ("service principal", _doc(_allow({"Service": "sns.amazonaws.com"})), False, []),
    ("star + SourceAccount own", _doc(_allow(Condition={"StringEquals": {"aws:SourceAccount": ME}})), False, []),
    ("star + SourceAccount other", _doc(_allow(Condition={"StringEquals": {"aws:SourceAccount": OTHER}})),
     False, [OTHER]),
    ("star + SourceArn", _doc(_allow(Condition={"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:t"}})),
     False, []),
    ("star + PrincipalOrgID", _doc(_allow(Condition={"StringEquals": {"aws:PrincipalOrgID": "o-abc"}})), False, []),
    ("star + SourceVpce", _doc(_allow(Condition={"StringEquals": {"aws:SourceVpce": "vpce-1"}})), False, []),
    ("star + SourceVpc", _doc(_allow(Condition={"StringEquals": {"aws:SourceVpc": "vpc-1"}})), False, []),
    ("star + private SourceIp", _doc(_allow(Condition={"IpAddress": {"aws:SourceIp": ["10.0.0.0/8"]}})), False, []),
    ("star + public SourceIp", _doc(_allow(Condition={"IpAddress": {"aws:SourceIp": ["52.94.0.0/16"]}})),
     True, []),
    ("star + any SourceIp", _doc(_allow(Condition={"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}})), True, []),
    ("star + SecureTransport", _doc(_allow(Condition={"Bool": {"aws:SecureTransport": "true"}})), True, []),
    ("star + Referer", _doc(_allow(Condition={"StringLike": {"aws:Referer": "https://example.com/*"}})), True, []),
    ("NotPrincipal allow", _doc({"Effect": "Allow", "NotPrincipal": {"AWS": f"arn:aws:iam::{ME}:root"},
                                 "Action": "sqs:*", "Resource": ARN}), True, []),
    ("NotAction allow", _doc({"Effect": "Allow", "Principal": "*", "NotAction": "sqs:DeleteQueue", "Resource": ARN}),
     True, []),
    ("deny overrides public", _doc(_allow(), {"Effect": "Deny", "Principal": "*", "Action": "sqs:*",
                                             "Resource": ARN}), False, []),
    ("deny overrides cross-account", _doc(_allow({"AWS": OTHER}), {"Effect": "Deny", "Principal": {"AWS": OTHER},
                                                                   "Action": "*", "Resource": "*"}), False, []),
    ("deny of one action leaves the other", _doc(_allow({"AWS": OTHER}, ["sqs:SendMessage", "sqs:ReceiveMessage"]),
                                                 {"Effect": "Deny", "Principal": "*", "Action": "sqs:SendMessage",
                                                  "Resource": ARN}), False, [OTHER]),
    ("deny unless org", _doc(_allow(), {"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*",
                                       "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc"}}}), False, []),
    ("deny statement alone", _doc({"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}), False, []),
    ("no policy", {}, False, []),
    ("JSON string", '{"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject"}}', True, []),
]


@pytest.mark.parametrize(("name", "doc", "public", "foreign"), ROWS, ids=[r[0] for r in ROWS])
def test_table(name: str, doc: Any, public: bool, foreign: list[str]) -> None:
    assert bool(rp.public_actions(doc)) is public
    assert rp.foreign_accounts(doc, ME, {ORG_PEER}) == foreign
