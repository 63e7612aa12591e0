"""The IAM policy evaluator: admin and public decisions over real-shaped documents."""

from __future__ import annotations

import json

import pytest

from agent.policy import aws_iam as pol


def doc(*statements: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


ADMIN = doc({"Effect": "Allow", "Action": "*", "Resource": "*"})


def test_full_admin_star_and_star_colon_star() -> None:
    assert pol.is_full_admin(ADMIN)
    assert pol.is_full_admin(json.dumps(doc({"Effect": "Allow", "Action": ["*:*"], "Resource": ["*"]})))


def test_admin_with_condition_or_denied_is_not_full_admin() -> None:
    conditional = doc({"Effect": "Allow", "Action": "*", "Resource": "*",
                       "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}})
    assert not pol.is_full_admin(conditional)
    denied = doc({"Effect": "Allow", "Action": "*", "Resource": "*"},
                 {"Effect": "Deny", "Action": "*", "Resource": "*"})
    assert not pol.is_full_admin(denied)


def test_service_wildcard_is_not_full_admin_but_iam_star_is_privileged() -> None:
    s3 = doc({"Effect": "Allow", "Action": "s3:*", "Resource": "*"})
    assert not pol.is_full_admin(s3)
    assert not pol.is_privileged(s3)
    iam = doc({"Effect": "Allow", "Action": "iam:*", "Resource": "*"})
    assert pol.is_privileged(iam)
    assert "iam:PassRole" in pol.privileged_actions(iam)


def test_not_action_allow_is_privileged() -> None:
    d = doc({"Effect": "Allow", "NotAction": ["s3:DeleteBucket"], "Resource": "*"})
    assert pol.is_privileged(d)
    assert pol.is_allowed(d, "ec2:RunInstances")
    assert not pol.is_allowed(d, "s3:DeleteBucket")


def test_action_matching_is_case_insensitive_with_wildcards() -> None:
    d = doc({"Effect": "Allow", "Action": "S3:Get*", "Resource": "arn:aws:s3:::b/*"})
    assert pol.is_allowed(d, "s3:getobject", "arn:aws:s3:::b/k")
    assert not pol.is_allowed(d, "s3:GetObject", "arn:aws:s3:::other/k")
    assert not pol.is_allowed(d, "s3:PutObject", "arn:aws:s3:::b/k")


def test_not_resource() -> None:
    d = doc({"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"})
    assert pol.is_allowed(d, "s3:GetObject", "arn:aws:s3:::open/k")
    assert not pol.is_allowed(d, "s3:GetObject", "arn:aws:s3:::secret/k")


@pytest.mark.parametrize("principal", ["*", {"AWS": "*"}, {"AWS": ["*"]}])
def test_public_principal_forms(principal) -> None:
    d = doc({"Effect": "Allow", "Principal": principal, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"})
    assert pol.is_public(d)
    assert pol.public_actions(d) == ["s3:GetObject"]


@pytest.mark.parametrize("condition", [
    {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}},
    {"StringEquals": {"aws:SourceAccount": "111122223333"}},
    {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::my-bucket"}},
    {"StringEquals": {"aws:SourceVpce": "vpce-1234"}},
    {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
    {"StringEquals": {"aws:PrincipalAccount": ["111122223333"]}},
])
def test_restricting_conditions_make_it_not_public(condition) -> None:
    d = doc({"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*", "Condition": condition})
    assert not pol.is_public(d)


@pytest.mark.parametrize("condition", [
    {"Bool": {"aws:SecureTransport": "true"}},
    {"StringLike": {"aws:Referer": "https://example.com/*"}},
    {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}},
    {"StringLike": {"aws:PrincipalOrgID": "*"}},
])
def test_non_restricting_conditions_stay_public(condition) -> None:
    d = doc({"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*", "Condition": condition})
    assert pol.is_public(d)


def test_deny_unless_org_pattern_is_not_public() -> None:
    d = doc({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*",
             "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-abc123"}}})
    assert not pol.is_public(d)


def test_named_account_and_service_principals_are_not_public() -> None:
    d = doc({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sns:Publish"},
            {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sns:Publish"})
    assert not pol.is_public(d)
    assert pol.trusted_accounts(d) == {"111122223333"}


def test_identity_policy_is_never_public() -> None:
    assert not pol.is_public(ADMIN)


def test_absent_key_semantics() -> None:
    st = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
    neg = doc({**st, "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}})
    assert pol.is_allowed(neg, "s3:GetObject", context={})  # negated operator, key absent -> matches
    pos = doc({**st, "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}})
    assert not pol.is_allowed(pos, "s3:GetObject", context={})
    ifx = doc({**st, "Condition": {"StringEqualsIfExists": {"aws:SourceVpce": "vpce-1"}}})
    assert pol.is_allowed(ifx, "s3:GetObject", context={})
    null = doc({**st, "Condition": {"Null": {"aws:SourceVpce": "true"}}})
    assert pol.is_allowed(null, "s3:GetObject", context={})
    assert not pol.is_allowed(null, "s3:GetObject", context={"aws:SourceVpce": "vpce-1"})


def test_for_all_values_and_unknown_operator() -> None:
    st = {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}
    fa = doc({**st, "Condition": {"ForAllValues:StringEquals": {"dynamodb:Attributes": ["a", "b"]}}})
    assert pol.is_allowed(fa, "dynamodb:GetItem", context={"dynamodb:Attributes": ["a"]})
    assert not pol.is_allowed(fa, "dynamodb:GetItem", context={"dynamodb:Attributes": ["a", "c"]})
    unknown = doc({**st, "Condition": {"FancyNewOperator": {"aws:x": "y"}}})
    assert not pol.is_allowed(unknown, "dynamodb:GetItem", context={"aws:x": "y"})


def test_load_tolerates_encoded_and_broken_documents() -> None:
    from urllib.parse import quote

    assert pol.is_full_admin(quote(json.dumps(ADMIN)))
    assert pol.statements("not json") == []
    assert pol.statements(None) == []
