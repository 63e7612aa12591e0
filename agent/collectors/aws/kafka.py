"""MSK clusters in one region: ListClustersV2 (paginated) carries provisioned clusters' broker
settings — encryption in transit, client authentication, public access, enhanced monitoring and
broker log delivery; no per-cluster calls."""

from __future__ import annotations

from agent.collectors.aws._util import make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "kafka"
GLOBAL = False
RESOURCE_TYPES = ("aws.kafka.cluster",)
PERMISSIONS = ("kafka:ListClustersV2",)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("kafka")
    out = []
    for cl in ctx.paginate(c, "list_clusters_v2", "ClusterInfoList"):
        prov = cl.get("Provisioned") or {}
        # The settings the checks read, lifted from the provisioned block (serverless clusters are
        # always TLS and IAM-authenticated, with no public brokers).
        data = {**cl, "EncryptionInfo": prov.get("EncryptionInfo") or {},
                "ClientAuthentication": prov.get("ClientAuthentication") or {},
                "PublicAccess": ((prov.get("BrokerNodeGroupInfo") or {}).get("ConnectivityInfo") or {}).get("PublicAccess")
                or {}, "Serverless": cl.get("ClusterType") == "SERVERLESS",
                "EnhancedMonitoring": prov.get("EnhancedMonitoring", "DEFAULT"),
                "LoggingInfo": prov.get("LoggingInfo") or {}}
        out.append(make(ctx, "aws.kafka.cluster", cl["ClusterArn"], cl["ClusterName"], data, cl.get("Tags")))
    return out
