"""SES email identities (domains and addresses) in one region with their sending-authorisation
policies: ListEmailIdentities (NextToken), then GetEmailIdentityPolicies per identity."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import arn, bounded_map, make, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "ses"
GLOBAL = False
RESOURCE_TYPES = ("aws.ses.identity",)
PERMISSIONS = ("ses:GetEmailIdentityPolicies", "ses:ListEmailIdentities")


def _merged(policies: dict[str, Any]) -> dict[str, Any] | None:
    """The named policies of an identity as one document (every statement of each): a question
    about "who may send" is answered over all of them together."""
    import json

    statements: list[Any] = []
    for text in policies.values():
        try:
            doc = json.loads(text) if isinstance(text, str) else text
        except ValueError:
            continue
        st = doc.get("Statement") if isinstance(doc, dict) else None
        statements.extend(st if isinstance(st, list) else [st] if st else [])
    return {"Version": "2012-10-17", "Statement": statements} if statements else None


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("sesv2")
    identities = token_pages(c.list_email_identities, "EmailIdentities")

    def one(i: dict[str, Any]) -> Resource:
        name = i["IdentityName"]
        got = ctx.read(c.get_email_identity_policies, EmailIdentity=name, missing=("NotFoundException",))
        policies = got.get("Policies", {}) if isinstance(got, dict) and not is_unreadable(got) else got
        data = {**i, "PolicyNames": sorted(policies) if isinstance(policies, dict) and not is_unreadable(policies)
                else policies,
                "Policy": _merged(policies) if isinstance(policies, dict) and not is_unreadable(policies) else policies}
        return make(ctx, "aws.ses.identity", arn(ctx, "ses", f"identity/{name}"), name, data)

    return bounded_map(one, identities)
