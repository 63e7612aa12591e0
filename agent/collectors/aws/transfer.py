"""AWS Transfer Family servers and connectors in one region: ListServers / ListConnectors
(paginated), then DescribeServer / DescribeConnector per item for protocols, endpoint type,
security policy and logging role (the listings carry none of them)."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import arn, bounded_map, make
from agent.collectors.aws.context import ServiceContext, tags_dict
from agent.core.model import Resource, is_unreadable

SERVICE = "transfer"
GLOBAL = False
RESOURCE_TYPES = ("aws.transfer.server", "aws.transfer.connector")
PERMISSIONS = ("transfer:DescribeConnector", "transfer:DescribeServer", "transfer:ListConnectors",
               "transfer:ListServers")
_GONE: Any = object()
# The API's defaults for fields a Describe answer leaves out (CreateServer's documented defaults).
DEFAULTS: dict[str, dict[str, Any]] = {"Server": {"Protocols": ["SFTP"], "EndpointType": "PUBLIC", "LoggingRole": None,
                       "SecurityPolicyName": "TransferSecurityPolicy-2018-11"},
            "Connector": {"LoggingRole": None}}


def _described(ctx: ServiceContext, call: Any, key: str, item: dict[str, Any], id_key: str) -> Any:
    got = ctx.read(call, **{id_key: item[id_key]}, missing=("ResourceNotFoundException",), default=_GONE)
    if got is _GONE:
        return None
    if is_unreadable(got):  # every setting of the item unreadable: the checks answer ERROR
        return {**item, **{k: got for k in ("Protocols", "EndpointType", "SecurityPolicyName", "LoggingRole")}}
    return {**DEFAULTS.get(key, {}), **got.get(key, {})}


def _servers(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("transfer")

    def one(s: dict[str, Any]) -> Resource | None:
        d = _described(ctx, c.describe_server, "Server", s, "ServerId")
        return None if d is None else make(ctx, "aws.transfer.server", s.get("Arn") or arn(ctx, "transfer", f"server/{s['ServerId']}"),
                                           tags_dict(d.get("Tags")).get("Name") or s["ServerId"], d, d.get("Tags"))

    return [r for r in bounded_map(one, list(ctx.paginate(c, "list_servers", "Servers"))) if r is not None]


def _connectors(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("transfer")

    def one(s: dict[str, Any]) -> Resource | None:
        d = _described(ctx, c.describe_connector, "Connector", s, "ConnectorId")
        return None if d is None else make(ctx, "aws.transfer.connector",
                                           s.get("Arn") or arn(ctx, "transfer", f"connector/{s['ConnectorId']}"),
                                           d.get("Url") or s["ConnectorId"], d, d.get("Tags"))

    return [r for r in bounded_map(one, list(ctx.paginate(c, "list_connectors", "Connectors"))) if r is not None]


def collect(ctx: ServiceContext) -> list[Resource]:
    return (listed(ctx, "aws.transfer.server", lambda: _servers(ctx))
            + listed(ctx, "aws.transfer.connector", lambda: _connectors(ctx)))
