"""One resource-policy evaluator for every AWS service that has one: who outside may act on it.

Two questions, over a resource policy document (S3 bucket or access point, KMS key, SQS queue,
SNS topic, Lambda function or layer, ECR repository, secret, Glacier vault, event bus, CloudWatch
Logs destination or resource policy, SES identity, OpenSearch domain, API Gateway REST API,
Backup vault, EFS file system …):

* :func:`public_actions` — what an anonymous outsider may do.  ``Principal "*"`` (or an Allow with
  ``NotPrincipal``) counts unless a condition limits the caller to something an outsider cannot
  be: ``aws:SourceAccount``, ``aws:SourceArn``, ``aws:SourceOwner``, ``aws:PrincipalOrgID``,
  ``aws:PrincipalAccount``, ``aws:SourceVpc``, ``aws:SourceVpce``, or ``aws:SourceIp`` within
  private ranges.  A condition the caller controls (``aws:SecureTransport``, ``aws:Referer``,
  ``aws:UserAgent``) does not limit.  Explicit Deny overrides Allow (:mod:`agent.policy.aws_iam`).
* :func:`foreign_accounts` — the accounts, other than the resource's and the ``trusted`` ones, whose
  principals an Allow admits and no Deny takes back.  A statement limited by
  ``aws:PrincipalOrgID`` / ``aws:PrincipalOrgPaths`` admits only the organisation (trusted);
  service principals (``Service: …``) are not accounts.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection
from typing import Any

from agent.policy import aws_iam as iam_policy

_ACCOUNT_IN_ARN = re.compile(r"^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):")
_ORG_KEYS = frozenset({"aws:principalorgid", "aws:principalorgpaths"})
_ACCOUNT_KEYS = frozenset({"aws:principalaccount", "aws:sourceaccount", "aws:sourceowner"})


def _private_only(cidrs: list[str]) -> bool:
    try:
        nets = [ipaddress.ip_network(c, strict=False) for c in cidrs]
    except ValueError:
        return False
    return bool(nets) and all(n.is_private for n in nets)


def _context(doc: Any) -> dict[str, Any]:
    """The outsider's context, with a source IP that every non-private IpAddress condition of the
    document admits: only private ranges then keep the outsider out."""
    ctx = dict(iam_policy.OUTSIDER_CONTEXT)
    for st in iam_policy.statements(doc):
        for op, keys in st.conditions.items():
            for key, values in keys.items():
                if key.lower() == "aws:sourceip" and "IpAddress" in op and "Not" not in op and not _private_only(values):
                    for cidr in values:
                        try:
                            net = ipaddress.ip_network(cidr, strict=False)
                        except ValueError:
                            continue
                        if not net.is_private:
                            ctx["aws:SourceIp"] = str(next(net.hosts(), net.network_address))
                            return ctx
    return ctx


def public_actions(doc: Any) -> list[str]:
    """The actions anyone may perform under ``doc`` (empty when the policy is not public)."""
    if not doc:
        return []
    acts: list[str] = []
    for s in iam_policy.public_statements(doc, context=_context(doc)):
        for a in (s.actions or ("NotAction:" + ",".join(s.not_actions or ()),)):
            if a not in acts:
                acts.append(a)
    return acts


def _account_of(principal: str) -> str | None:
    ident = principal[4:] if principal.startswith("AWS:") else ""
    if re.fullmatch(r"\d{12}", ident):
        return ident
    m = _ACCOUNT_IN_ARN.match(ident)
    return m.group(1) if m else None


def _condition_accounts(st: iam_policy.Statement) -> list[str] | None:
    """Accounts a ``Principal "*"`` statement is narrowed to by account conditions, else None."""
    out: list[str] = []
    for op, keys in st.conditions.items():
        if "Not" in op:
            continue
        for key, values in keys.items():
            if key.lower() in _ACCOUNT_KEYS:
                out.extend(v for v in values if re.fullmatch(r"\d{12}", v))
    return out or None


def foreign_accounts(doc: Any, account: str, trusted: Collection[str] = ()) -> list[str]:
    """Accounts outside ``{account} ∪ trusted`` that the policy lets act (sorted)."""
    if not doc:
        return []
    known = {account, *trusted}
    found: set[str] = set()
    for st in iam_policy.statements(doc):
        if not st.allow or st.principals is None:
            continue
        if {k.lower() for keys in st.conditions.values() for k in keys} & _ORG_KEYS:
            continue  # limited to the organisation
        candidates: list[tuple[str, str]] = []  # (account, the principal to ask about)
        for p in st.principals:
            acct = _account_of(p)
            if acct:
                candidates.append((acct, p if ":" in p[4:] else f"AWS:arn:aws:iam::{acct}:root"))
            elif p == "*":
                candidates.extend((a, f"AWS:arn:aws:iam::{a}:root") for a in _condition_accounts(st) or ())
        for acct, principal in candidates:
            if acct not in known and acct not in found and _allowed_to(doc, st, acct, principal):
                found.add(acct)
    return sorted(found)


def _allowed_to(doc: Any, st: iam_policy.Statement, acct: str, principal: str) -> bool:
    """Does some action of ``st`` stay allowed to ``principal`` (of ``acct``) after every Deny?"""
    ctx = {"aws:PrincipalAccount": acct, "aws:SourceAccount": acct, "aws:SourceOwner": acct,
           "aws:SecureTransport": "true", "aws:SourceIp": "198.51.100.77"}
    actions = list(st.actions) if st.not_actions is None else ["ucs:AnyAction"]
    return any(iam_policy.is_allowed(doc, a, None, principal, ctx) for a in actions)
