"""Route 53 (global): hosted zones and registered domains.

ListHostedZones (paginated); ListQueryLoggingConfigs once for the account (joined on
``HostedZoneId`` as ``_query_logging``); per public zone GetDNSSEC (``_dnssec``: the signing
status) and ListResourceRecordSets (``_records``: the A/AAAA/CNAME values, no alias targets).
Domains come from Route 53 Domains ListDomains (an API of us-east-1 only): transfer lock and
auto-renew.  An account with neither costs ListHostedZones and ListDomains.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import GLOBAL_REGION, bounded_map, make, read_list
from agent.collectors.aws.context import ServiceContext, describe_error
from agent.core.model import Resource, is_unreadable, unreadable

SERVICE = "route53"
GLOBAL = True
RESOURCE_TYPES = ("aws.route53.hosted_zone", "aws.route53.domain")
PERMISSIONS = (
    "route53:GetDNSSEC",
    "route53:ListHostedZones",
    "route53:ListQueryLoggingConfigs",
    "route53:ListResourceRecordSets",
    "route53domains:ListDomains",
)
RECORD_TYPES = ("A", "AAAA", "CNAME")


def _zone_id(value: str) -> str:
    return value.rsplit("/", 1)[-1]


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("route53", "us-east-1")
    zones = list(ctx.paginate(c, "list_hosted_zones", "HostedZones"))
    return _zones(ctx, c, zones) + listed(ctx, "aws.route53.domain", lambda: _domains(ctx))


def _zones(ctx: ServiceContext, c: Any, zones: list[dict[str, Any]]) -> list[Resource]:
    if not zones:
        return []
    logging: dict[str, list[dict[str, Any]]] = {}
    log_error = None
    try:
        for q in ctx.paginate(c, "list_query_logging_configs", "QueryLoggingConfigs"):
            logging.setdefault(_zone_id(q.get("HostedZoneId", "")), []).append(q)
    except Exception as exc:  # the zones are still worth reporting; their query logging becomes unreadable
        log_error = describe_error(exc)

    def one(z: dict[str, Any]) -> Resource:
        zid = _zone_id(z["Id"])
        data = dict(z)
        data["_query_logging"] = unreadable(log_error) if log_error else logging.get(zid, [])
        if not (z.get("Config") or {}).get("PrivateZone"):
            got = ctx.read(c.get_dnssec, HostedZoneId=zid)
            data["_dnssec"] = got if is_unreadable(got) else (got.get("Status") or {}).get("ServeSignature")
            recs = read_list(ctx, c, "list_resource_record_sets", "ResourceRecordSets", HostedZoneId=zid)
            data["_records"] = recs if is_unreadable(recs) else [
                {"Name": r.get("Name"), "Type": r.get("Type"), "Values": [v.get("Value") for v in r.get("ResourceRecords", [])]}
                for r in recs if r.get("Type") in RECORD_TYPES and not r.get("AliasTarget")]
        return make(ctx, "aws.route53.hosted_zone", f"arn:aws:route53:::hostedzone/{zid}", z.get("Name", zid), data,
                    region=GLOBAL_REGION)

    return bounded_map(one, zones)


def _domains(ctx: ServiceContext) -> list[Resource]:
    d = ctx.client("route53domains", "us-east-1")
    return [make(ctx, "aws.route53.domain", f"arn:aws:route53domains:::domain/{x['DomainName']}", x["DomainName"], x,
                 region=GLOBAL_REGION)
            for x in ctx.paginate(d, "list_domains", "Domains")]
