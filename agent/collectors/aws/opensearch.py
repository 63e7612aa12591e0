"""OpenSearch Service domains in one region: ListDomainNames, then DescribeDomains in batches of
five (the API's limit), which carries each domain's access policy, encryption, endpoint and VPC
options; no per-domain calls."""

from __future__ import annotations

from agent.collectors.aws._util import batched, make, policy_field
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "opensearch"
GLOBAL = False
RESOURCE_TYPES = ("aws.opensearch.domain",)
PERMISSIONS = ("es:DescribeDomains", "es:ListDomainNames")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("opensearch")
    names = [d["DomainName"] for d in c.list_domain_names().get("DomainNames", [])]
    out = []
    for chunk in batched(names, 5):
        for d in c.describe_domains(DomainNames=chunk).get("DomainStatusList", []):
            out.append(make(ctx, "aws.opensearch.domain", d["ARN"], d["DomainName"],
                            {**d, "Policy": policy_field(d, "AccessPolicies") if d.get("AccessPolicies") else None}))
    return out
