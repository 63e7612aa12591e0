"""AWS Network Firewall in one region: firewalls and the firewall policies they use.

ListFirewalls (paginated); per firewall DescribeFirewall (protections, subnet mappings, policy)
and DescribeLoggingConfiguration (``_logging``: the log destinations).  Each policy a firewall
uses is read once with DescribeFirewallPolicy (default stateless actions, rule groups); policies
no firewall uses filter nothing and are not read.  An unused region costs one ListFirewalls call.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "networkfirewall"
GLOBAL = False
RESOURCE_TYPES = ("aws.networkfirewall.firewall", "aws.networkfirewall.firewall_policy")
PERMISSIONS = (
    "network-firewall:DescribeFirewall",
    "network-firewall:DescribeFirewallPolicy",
    "network-firewall:DescribeLoggingConfiguration",
    "network-firewall:ListFirewalls",
)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("network-firewall")

    def one(f: dict[str, Any]) -> Resource:
        got = ctx.read(c.describe_firewall, FirewallArn=f["FirewallArn"])
        data: dict[str, Any] = dict(got.get("Firewall") or {}) if not is_unreadable(got) else {
            **f, "DeleteProtection": got, "SubnetChangeProtection": got, "SubnetMappings": got}
        logs = ctx.read(c.describe_logging_configuration, FirewallArn=f["FirewallArn"])
        data["_logging"] = logs if is_unreadable(logs) else (logs.get("LoggingConfiguration") or {}).get("LogDestinationConfigs", [])
        return make(ctx, "aws.networkfirewall.firewall", f["FirewallArn"], f.get("FirewallName") or f["FirewallArn"],
                    data, data.get("Tags"))

    firewalls = bounded_map(one, list(ctx.paginate(c, "list_firewalls", "Firewalls")))
    used = sorted({str(f.data["FirewallPolicyArn"]) for f in firewalls if f.data.get("FirewallPolicyArn")})
    return firewalls + listed(ctx, "aws.networkfirewall.firewall_policy", lambda: _policies(ctx, c, used))


def _policies(ctx: ServiceContext, c: Any, arns: list[str]) -> list[Resource]:
    def one(policy_arn: str) -> Resource:
        got = c.describe_firewall_policy(FirewallPolicyArn=policy_arn)
        meta = got.get("FirewallPolicyResponse") or {}
        return make(ctx, "aws.networkfirewall.firewall_policy", policy_arn, meta.get("FirewallPolicyName") or policy_arn,
                    {**meta, "FirewallPolicy": got.get("FirewallPolicy") or {}}, meta.get("Tags"))

    return bounded_map(one, arns)
