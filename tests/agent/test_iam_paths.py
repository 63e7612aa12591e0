"""The attacker's-view IAM evaluator on its own: one row per way a grant is made or taken back."""

from __future__ import annotations

from typing import Any

import pytest

from agent.policy import aws_iam_paths as paths

ACCT = "111122223333"
ME = f"arn:aws:iam::{ACCT}:user/me"


def _pol(*sts: dict[str, Any], name: str = "p", kind: str = "inline", via: str = "", arn: str = "") -> paths.Held:
    return paths.Held(name, kind, {"Version": "2012-10-17", "Statement": list(sts)}, arn, via)


def _allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


ADMIN_ROWS = [
    ("star", [_pol(_allow("*"))], True),
    ("star-colon-star", [_pol(_allow("*:*"))], True),
    ("split over two policies", [_pol(_allow("iam:*")), _pol(_allow("*"), name="q")], True),
    ("NotAction iam leaves iam out", [_pol({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})], False),
    ("conditional allow", [_pol(_allow("*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}))], False),
    ("unconditional deny overrides", [_pol(_allow("*"), {"Effect": "Deny", "Action": "*", "Resource": "*"})], False),
    ("conditional deny does not", [_pol(_allow("*"), {"Effect": "Deny", "Action": "*", "Resource": "*",
                                                      "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}})], True),
    ("one resource only", [_pol(_allow("*", "arn:aws:s3:::b"))], False),
    ("through a group", [_pol(_allow("*"), via="admins", kind="managed", arn=paths.ADMINISTRATOR_ACCESS)], True),
]


@pytest.mark.parametrize(("name", "held", "admin"), ADMIN_ROWS, ids=[r[0] for r in ADMIN_ROWS])
def test_admin(name: str, held: list[paths.Held], admin: bool) -> None:
    assert bool(paths.admin_grants(held)) is admin


ESC_ROWS = [
    ("PassRole + RunInstances", "user", [_pol(_allow(["iam:PassRole", "ec2:RunInstances"]))],
     "iam:PassRole + ec2:RunInstances"),
    ("PassRole on one role only", "user", [_pol(_allow("iam:PassRole", f"arn:aws:iam::{ACCT}:role/web"),
                                                _allow("ec2:RunInstances"))], None),
    ("PassRole denied", "user", [_pol(_allow(["iam:PassRole", "ec2:RunInstances"]),
                                      {"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"})], None),
    ("CreatePolicyVersion", "role", [_pol(_allow("iam:CreatePolicyVersion"))], "iam:CreatePolicyVersion"),
    ("keys of others", "user", [_pol(_allow("iam:CreateAccessKey", f"arn:aws:iam::{ACCT}:user/*"))],
     "iam:CreateAccessKey(user:*)"),
    ("own keys only", "user", [_pol(_allow("iam:CreateAccessKey", ME))], None),
    ("attach to self", "user", [_pol(_allow("iam:AttachUserPolicy", ME))], "iam:AttachUserPolicy(self)"),
    ("attach role policy to self (role)", "role", [_pol(_allow("iam:AttachRolePolicy", f"arn:aws:iam::{ACCT}:role/me"))],
     "iam:AttachRolePolicy(self)"),
    ("lambda needs invoke too", "user", [_pol(_allow(["iam:PassRole", "lambda:CreateFunction"]))], None),
    ("lambda create + invoke", "user", [_pol(_allow(["iam:PassRole", "lambda:Create*", "lambda:InvokeFunction"]))],
     "iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction"),
    ("iam:*", "user", [_pol(_allow("iam:*"))], "iam:CreatePolicyVersion"),
    ("NotAction s3:* is admin, not a path", "user", [_pol({"Effect": "Allow", "NotAction": ["s3:*"], "Resource": "*"})],
     None),
    ("conditional on a tag", "user", [_pol(_allow("iam:CreatePolicyVersion",
                                                  Condition={"StringEquals": {"aws:ResourceTag/team": "x"}}))], None),
    ("admin needs no path", "user", [_pol(_allow("*"))], None),
]


@pytest.mark.parametrize(("name", "kind", "held", "path"), ESC_ROWS, ids=[r[0] for r in ESC_ROWS])
def test_escalation(name: str, kind: str, held: list[paths.Held], path: str | None) -> None:
    me = ME if kind == "user" else f"arn:aws:iam::{ACCT}:role/me"
    found = [e.path for e in paths.escalation_paths(held, ACCT, me, kind)]
    if path is None:
        assert found == []
    else:
        assert path in found


def test_escalation_names_the_granting_statements() -> None:
    held = [_pol({"Sid": "Pass", **_allow("iam:PassRole")}, name="a"),
            _pol({"Sid": "Run", **_allow("ec2:RunInstances")}, name="b", via="ops")]
    esc = next(e for e in paths.escalation_paths(held, ACCT, ME) if e.path == "iam:PassRole + ec2:RunInstances")
    assert esc.evidence()["statements"] == ["a (inline) statement Pass", "group ops: b (inline) statement Run"]


def test_assume_any_role() -> None:
    assert paths.assume_any_role([_pol(_allow("sts:AssumeRole"))], ACCT)
    assert paths.assume_any_role([_pol(_allow("sts:*"))], ACCT)
    assert not paths.assume_any_role([_pol(_allow("sts:AssumeRole", f"arn:aws:iam::{ACCT}:role/*"))], ACCT)
    assert not paths.assume_any_role([_pol(_allow("sts:AssumeRole", "arn:aws:iam::444455556666:role/x"))], ACCT)
