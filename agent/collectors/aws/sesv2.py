"""SES email identities (domains and addresses) and configuration sets in one region.

ListEmailIdentities (NextToken), then per identity GetEmailIdentityPolicies (sending
authorisation) and GetEmailIdentity (DKIM signing: ``DkimAttributes``).  Configuration sets
(ListConfigurationSets, then GetConfigurationSet each for the TLS policy and reputation metrics)
are read only where identities exist: without an identity nothing is sent, and a region that does
not use SES costs the one identity listing.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import arn, bounded_map, make, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "ses"
GLOBAL = False
RESOURCE_TYPES = ("aws.ses.identity", "aws.ses.configuration_set")
PERMISSIONS = ("ses:GetConfigurationSet", "ses:GetEmailIdentity", "ses:GetEmailIdentityPolicies",
               "ses:ListConfigurationSets", "ses:ListEmailIdentities")
_GONE: Any = object()


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


def _identities(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("sesv2")
    identities = token_pages(c.list_email_identities, "EmailIdentities")

    def one(i: dict[str, Any]) -> Resource:
        name = i["IdentityName"]
        got = ctx.read(c.get_email_identity_policies, EmailIdentity=name, missing=("NotFoundException",))
        policies = got.get("Policies", {}) if isinstance(got, dict) and not is_unreadable(got) else got
        detail = ctx.read(c.get_email_identity, EmailIdentity=name, missing=("NotFoundException",), default={})
        data = {**i, "PolicyNames": sorted(policies) if isinstance(policies, dict) and not is_unreadable(policies)
                else policies,
                "Policy": _merged(policies) if isinstance(policies, dict) and not is_unreadable(policies) else policies,
                "DkimAttributes": detail if is_unreadable(detail) else detail.get("DkimAttributes", {})}
        return make(ctx, "aws.ses.identity", arn(ctx, "ses", f"identity/{name}"), name, data)

    return bounded_map(one, identities)


def _configuration_sets(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("sesv2")

    def one(name: str) -> Resource | None:
        got = ctx.read(c.get_configuration_set, ConfigurationSetName=name, missing=("NotFoundException",), default=_GONE)
        if got is _GONE:
            return None
        data = ({"ConfigurationSetName": name, "DeliveryOptions": got, "ReputationOptions": got} if is_unreadable(got)
                else {"DeliveryOptions": {}, "ReputationOptions": {}, **got})
        return make(ctx, "aws.ses.configuration_set", arn(ctx, "ses", f"configuration-set/{name}"), name, data,
                    data.get("Tags"))

    return [r for r in bounded_map(one, token_pages(c.list_configuration_sets, "ConfigurationSets")) if r is not None]


def collect(ctx: ServiceContext) -> list[Resource]:
    identities = _identities(ctx)
    if not identities:
        return []
    return identities + listed(ctx, "aws.ses.configuration_set", lambda: _configuration_sets(ctx))
