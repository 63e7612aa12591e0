"""AWS Directory Service in one region: directories (DescribeDirectories, paginated), and per
directory its CloudWatch Logs subscriptions (ListLogSubscriptions), SNS event topics
(DescribeEventTopics) and, for Microsoft AD, its registered certificates (ListCertificates, with
the days to expiry computed here).  RADIUS settings come with the directory; the RADIUS shared
secret is never returned by the API and the password fields are dropped if present.  An unused
region costs one listing.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, days_until, make, now_utc, read_list
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "directoryservice"
GLOBAL = False
RESOURCE_TYPES = ("aws.directoryservice.directory",)
PERMISSIONS = (
    "ds:DescribeDirectories",
    "ds:DescribeEventTopics",
    "ds:ListCertificates",
    "ds:ListLogSubscriptions",
)
MICROSOFT_AD = "MicrosoftAD"


def _certificates(ctx: ServiceContext, c: Any, directory: str) -> Any:
    certs = read_list(ctx, c, "list_certificates", "CertificatesInfo", DirectoryId=directory,
                      missing=("UnsupportedOperationException",))
    if is_unreadable(certs):
        return certs
    now = now_utc()
    return [{**cert, "_days_to_expiry": days_until(cert.get("ExpiryDateTime"), now)} for cert in certs]


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("ds")

    def one(d: dict[str, Any]) -> Resource:
        did = d["DirectoryId"]
        data = dict(d)
        radius = data.get("RadiusSettings")
        if isinstance(radius, dict):
            data["RadiusSettings"] = {k: v for k, v in radius.items() if k != "SharedSecret"}
        data.setdefault("RadiusSettings", None)
        data.setdefault("RadiusStatus", None)
        data["LogSubscriptions"] = read_list(ctx, c, "list_log_subscriptions", "LogSubscriptions", DirectoryId=did)
        topics = ctx.read(c.describe_event_topics, DirectoryId=did)
        data["EventTopics"] = topics if is_unreadable(topics) else (topics or {}).get("EventTopics", [])
        data["Certificates"] = _certificates(ctx, c, did) if d.get("Type") == MICROSOFT_AD else []
        arn = f"arn:aws:ds:{ctx.region}:{ctx.account}:directory/{did}"
        return make(ctx, "aws.directoryservice.directory", arn, d.get("Name") or did, data)

    return bounded_map(one, ctx.paginate(c, "describe_directories", "DirectoryDescriptions"))
