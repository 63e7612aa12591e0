"""Amazon MQ brokers in one region: ListBrokers (paginated), then DescribeBroker per broker for
public accessibility, encryption, logs, deployment mode, minor-version upgrades and engine
version (no batch form)."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "mq"
GLOBAL = False
RESOURCE_TYPES = ("aws.mq.broker",)
PERMISSIONS = ("mq:ListBrokers", "mq:DescribeBroker")
_GONE: Any = object()


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("mq")

    def one(b: dict[str, Any]) -> Resource | None:
        got = ctx.read(c.describe_broker, BrokerId=b["BrokerId"], missing=("NotFoundException",), default=_GONE)
        if got is _GONE:
            return None
        data = {k: v for k, v in got.items() if k != "ResponseMetadata"} if isinstance(got, dict) else got
        if isinstance(data, dict):
            data.pop("Users", None)  # user names only, but nothing a check needs
        return make(ctx, "aws.mq.broker", b.get("BrokerArn") or b["BrokerId"], b.get("BrokerName") or b["BrokerId"],
                    data if isinstance(data, dict) and "BrokerId" in data else {**b, "_detail": data})

    return [r for r in bounded_map(one, ctx.paginate(c, "list_brokers", "BrokerSummaries")) if r is not None]
