"""An IAM policy evaluator over policy documents: how "admin" and "public" are decided.

AWS offers SimulatePrincipalPolicy for this, but it needs a call per question, is not available
for resource policies of every service, and local emulators do not implement it; the documents
are already in the inventory, so we evaluate them here.

Semantics (the subset of https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
that single-document questions need):

* A statement applies to a request when its Action/NotAction, Resource/NotResource,
  Principal/NotPrincipal and Condition all match.  A missing Resource (trust and resource
  policies) or Principal (identity policies) element matches everything.
* Explicit Deny wins over Allow; nothing allowed means implicit deny.
* Actions match case-insensitively with ``*`` and ``?`` wildcards; resources and principals are
  case-sensitive globs.
* Conditions: every operator must match; within one operator every key must match; within one
  key any value may match.  ``…IfExists`` matches when the key is absent; negated operators
  (``StringNotEquals`` …) match when the key is absent; ``ForAllValues:`` / ``ForAnyValue:`` take
  multi-valued keys.  Unknown operators never match (so they never widen access).

"Public" is answered by evaluating the document for an anonymous outsider: a principal from no
account we know, from no organisation, through no VPC endpoint, from an arbitrary internet
address.  A statement restricted by ``aws:PrincipalOrgID``, ``aws:SourceAccount``,
``aws:SourceArn``, ``aws:SourceVpce`` or a specific source IP therefore does not make the
resource public, while a condition on something the caller controls (``aws:Referer``,
``aws:UserAgent``, ``aws:SecureTransport``) does not protect it.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from agent.core.lists import as_list

ANY = object()  # a context value the caller chooses freely: every positive condition on it matches

# Actions that hand out (or let one take) every other permission: holding any of them on "*"
# without conditions makes an identity privileged even without "*:*".
ESCALATION_ACTIONS = (
    "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:AttachUserPolicy", "iam:AttachRolePolicy",
    "iam:AttachGroupPolicy", "iam:PutUserPolicy", "iam:PutRolePolicy", "iam:PutGroupPolicy",
    "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:UpdateAssumeRolePolicy",
    "iam:PassRole", "iam:AddUserToGroup", "sts:AssumeRole", "lambda:UpdateFunctionCode",
)

# Keys an outsider cannot set; the values given here are ones no real policy names.
OUTSIDER_CONTEXT: dict[str, Any] = {
    "aws:PrincipalAccount": "000000000000",
    "aws:PrincipalOrgID": "o-ucsoutsider00",
    "aws:PrincipalArn": "arn:aws:iam::000000000000:user/ucs-outsider",
    "aws:SourceAccount": "000000000000",
    "aws:SourceArn": "arn:aws:ucs:outsider",
    "aws:SourceOwner": "000000000000",
    "aws:SourceIp": "198.51.100.77",
    "aws:userid": "UCSOUTSIDER",
    "aws:username": "ucs-outsider",
    "aws:SecureTransport": ANY,
    "aws:Referer": ANY,
    "aws:UserAgent": ANY,
    "aws:CurrentTime": ANY,
    "aws:EpochTime": ANY,
    "s3:x-amz-acl": ANY,
    "s3:prefix": ANY,
}
OUTSIDER_PRINCIPAL = "AWS:arn:aws:iam::000000000000:user/ucs-outsider"


def load(doc: Any) -> dict[str, Any]:
    """A policy document from what APIs return: a dict, a JSON string or a URL-encoded JSON string."""
    if doc is None or doc == "":
        return {}
    if isinstance(doc, Mapping):
        return dict(doc)
    if isinstance(doc, str):
        text = doc
        if text.lstrip().startswith("%7B"):
            from urllib.parse import unquote

            text = unquote(text)
        try:
            parsed = json.loads(text)
        except ValueError:
            return {}
        return parsed if isinstance(parsed, dict) else {}
    return {}


@dataclass(frozen=True)
class Statement:
    effect: str
    actions: tuple[str, ...] = ()
    not_actions: tuple[str, ...] | None = None
    resources: tuple[str, ...] | None = None
    not_resources: tuple[str, ...] | None = None
    principals: tuple[str, ...] | None = None  # "*" or "AWS:arn", "Service:…", "Federated:…"
    not_principals: tuple[str, ...] | None = None
    conditions: Mapping[str, Mapping[str, list[str]]] = field(default_factory=dict)
    sid: str = ""

    @property
    def allow(self) -> bool:
        return self.effect == "Allow"


def _principals(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if value == "*":
        return ("*",)
    out: list[str] = []
    if isinstance(value, Mapping):
        for kind, ids in value.items():
            for i in as_list(ids):
                out.append("*" if (kind == "AWS" and i == "*") else f"{kind}:{i}")
    return tuple(out)


def statements(doc: Any) -> list[Statement]:
    out = []
    for raw in as_list(load(doc).get("Statement")):
        if not isinstance(raw, Mapping):
            continue
        cond = raw.get("Condition") or {}
        out.append(Statement(
            effect=str(raw.get("Effect", "")),
            actions=tuple(str(a) for a in as_list(raw.get("Action"))),
            not_actions=tuple(str(a) for a in as_list(raw["NotAction"])) if "NotAction" in raw else None,
            resources=tuple(str(r) for r in as_list(raw["Resource"])) if "Resource" in raw else None,
            not_resources=tuple(str(r) for r in as_list(raw["NotResource"])) if "NotResource" in raw else None,
            principals=_principals(raw.get("Principal")),
            not_principals=_principals(raw.get("NotPrincipal")),
            conditions={op: {k: [str(v) for v in as_list(vals)] for k, vals in (keys or {}).items()}
                        for op, keys in cond.items() if isinstance(keys, Mapping)},
            sid=str(raw.get("Sid", "")),
        ))
    return out


@lru_cache(maxsize=4096)
def _glob(pattern: str, case: bool) -> re.Pattern[str]:
    rx = fnmatch.translate(pattern.replace("[", "[[]"))
    return re.compile(rx, 0 if case else re.IGNORECASE)


def action_matches(pattern: str, action: str) -> bool:
    return bool(_glob(pattern, False).match(action))


def _resource_matches(pattern: str, resource: str) -> bool:
    return bool(_glob(pattern, True).match(resource))


def _principal_matches(patterns: Iterable[str], principal: str) -> bool:
    for p in patterns:
        if p == "*":
            return True
        kind, _, ident = p.partition(":")
        if principal.startswith(kind + ":"):
            want = principal[len(kind) + 1:]
            if ident == want or _resource_matches(ident, want):
                return True
            # An account id principal stands for every principal of that account.
            if kind == "AWS" and re.fullmatch(r"\d{12}", ident) and f":{ident}:" in want:
                return True
            # "arn:aws:iam::ACCOUNT:root" stands for the account too; ACCOUNT may be a wildcard
            # ("arn:aws:iam::*:root" is how EventBridge and others write "every account").
            if kind == "AWS" and ident.endswith(":root") and len(want.split(":")) > 4 and len(ident.split(":")) > 4 \
                    and _resource_matches(ident.split(":")[4], want.split(":")[4]):
                return True
    return False


def _ip_in(value: str, cidr: str) -> bool:
    try:
        return ipaddress.ip_address(value) in ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return False


def _compare(base: str, actual: Any, want: str) -> bool:
    if actual is ANY:
        return True
    a = str(actual)
    if base in ("StringEquals", "ArnEquals"):
        return a == want
    if base == "StringEqualsIgnoreCase":
        return a.lower() == want.lower()
    if base in ("StringLike", "ArnLike"):
        return _resource_matches(want, a)
    if base == "Bool":
        return a.lower() == want.lower()
    if base == "IpAddress":
        return _ip_in(a, want)
    if base in ("NumericEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
                "NumericGreaterThanEquals"):
        try:
            x, y = float(a), float(want)
        except ValueError:
            return False
        return {"NumericEquals": x == y, "NumericLessThan": x < y, "NumericLessThanEquals": x <= y,
                "NumericGreaterThan": x > y, "NumericGreaterThanEquals": x >= y}[base]
    return False


_NEGATED = {"StringNotEquals": "StringEquals", "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
            "StringNotLike": "StringLike", "ArnNotEquals": "ArnEquals", "ArnNotLike": "ArnLike",
            "NotIpAddress": "IpAddress", "NumericNotEquals": "NumericEquals"}
_POSITIVE = {"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike", "Bool", "IpAddress",
             "NumericEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
             "NumericGreaterThanEquals"}


def _lookup(context: Mapping[str, Any], key: str) -> Any:
    for k, v in context.items():
        if k.lower() == key.lower():
            return v
    return None


def _condition_matches(op: str, key: str, wanted: list[str], context: Mapping[str, Any]) -> bool:
    qualifier = ""
    if ":" in op:
        qualifier, op = op.split(":", 1)
    if_exists = op.endswith("IfExists")
    base = op[: -len("IfExists")] if if_exists else op
    actual = _lookup(context, key)
    if base == "Null":
        return (actual is None) == (wanted[0].lower() == "true") if wanted else False
    if actual is None:
        return if_exists or base in _NEGATED
    values = list(actual) if isinstance(actual, (list, tuple, set)) else [actual]
    if base in _NEGATED:
        pos = _NEGATED[base]

        def hit(v: Any) -> bool:
            return any(_compare(pos, v, w) for w in wanted)

        if qualifier == "ForAnyValue":
            return any(v is not ANY and not hit(v) for v in values)
        return not any(v is not ANY and hit(v) for v in values)
    if base not in _POSITIVE:
        return False
    if qualifier == "ForAllValues":
        return all(any(_compare(base, v, w) for w in wanted) for v in values)
    return any(any(_compare(base, v, w) for w in wanted) for v in values)


def conditions_match(conditions: Mapping[str, Mapping[str, list[str]]], context: Mapping[str, Any]) -> bool:
    return all(_condition_matches(op, key, vals, context) for op, keys in conditions.items() for key, vals in keys.items())


def applies(st: Statement, action: str, resource: str | None = None, principal: str | None = None,
            context: Mapping[str, Any] | None = None) -> bool:
    """Does this statement cover the request (ignoring its effect)?"""
    if st.not_actions is not None:
        if any(action_matches(p, action) for p in st.not_actions):
            return False
    elif not any(action_matches(p, action) for p in st.actions):
        return False
    if resource is not None:
        if st.not_resources is not None and any(_resource_matches(p, resource) for p in st.not_resources):
            return False
        if st.resources is not None and not any(_resource_matches(p, resource) for p in st.resources):
            return False
    if principal is not None:
        if st.principals is not None and not _principal_matches(st.principals, principal):
            return False
        if st.not_principals is not None and _principal_matches(st.not_principals, principal):
            return False
    return conditions_match(st.conditions, context or {})


def is_allowed(doc: Any, action: str, resource: str | None = "*", principal: str | None = None,
               context: Mapping[str, Any] | None = None) -> bool:
    """Single-document decision: some Allow covers the request and no Deny does."""
    sts = statements(doc)
    if any(not s.allow and applies(s, action, resource, principal, context) for s in sts):
        return False
    return any(s.allow and applies(s, action, resource, principal, context) for s in sts)


# --------------------------------------------------------------------------- admin / privilege
def full_admin_statements(doc: Any) -> list[Statement]:
    """Allow statements granting ``*:*`` on ``*`` with no condition (CIS 1.16's definition)."""
    out = []
    for s in statements(doc):
        if not s.allow or s.conditions or s.not_actions is not None:
            continue
        if any(a in ("*", "*:*") for a in s.actions) and s.resources is not None and "*" in s.resources:
            out.append(s)
    return out


def is_full_admin(doc: Any) -> bool:
    """``*:*`` on ``*`` is granted and not taken back by an unconditional Deny of everything."""
    if not full_admin_statements(doc):
        return False
    return is_allowed(doc, "ucs:AnyAction", "*", None, {}) and is_allowed(doc, "iam:CreateUser", "*", None, {})


def privileged_actions(doc: Any) -> list[str]:
    """Escalation actions this document allows on every resource without conditions."""
    if is_full_admin(doc):
        return ["*"]
    return [a for a in ESCALATION_ACTIONS if is_allowed(doc, a, "ucs-any-resource", None, {})
            and is_allowed(doc, a, "*", None, {})]


def is_privileged(doc: Any) -> bool:
    return bool(privileged_actions(doc))


# --------------------------------------------------------------------------- public access
def _probe_actions(st: Statement) -> list[str]:
    if st.not_actions is not None:
        return ["ucs:AnyAction"]
    return list(st.actions)


def public_statements(doc: Any, principal: str = OUTSIDER_PRINCIPAL,
                      context: Mapping[str, Any] | None = None) -> list[Statement]:
    """Allow statements that grant an anonymous outsider something not denied to it."""
    ctx = dict(OUTSIDER_CONTEXT)
    ctx.update(context or {})
    sts = statements(doc)
    out = []
    for s in sts:
        if not s.allow or s.principals is None and s.not_principals is None:
            continue  # identity policies have no principal: never "public"
        probes = _probe_actions(s)
        resources = list(s.resources) if s.resources else ["*"]
        for action in probes:
            if not applies(s, action, None, principal, ctx):
                continue
            denied = any(not d.allow and applies(d, action, None, principal, ctx)
                         and (d.resources is None or any(_resource_matches(p, r) for p in d.resources for r in resources))
                         for d in sts)
            if not denied:
                out.append(s)
                break
    return out


def is_public(doc: Any, context: Mapping[str, Any] | None = None) -> bool:
    return bool(public_statements(doc, context=context))


def public_actions(doc: Any) -> list[str]:
    """The actions of the public statements, for a finding's detail."""
    acts: list[str] = []
    for s in public_statements(doc):
        for a in (s.actions or ("NotAction:" + ",".join(s.not_actions or ()),)):
            if a not in acts:
                acts.append(a)
    return acts


def trusted_accounts(doc: Any) -> set[str]:
    """Account ids named as AWS principals of Allow statements (trust policies)."""
    out: set[str] = set()
    for s in statements(doc):
        if not s.allow:
            continue
        for p in s.principals or ():
            if p.startswith("AWS:"):
                ident = p[4:]
                m = re.fullmatch(r"\d{12}", ident) or re.match(r"arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):", ident)
                if m:
                    out.add(m.group(1) if m.groups() else ident)
    return out
