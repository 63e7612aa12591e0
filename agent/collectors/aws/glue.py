"""AWS Glue in one region: the Data Catalog's encryption settings, connections, ETL jobs, dev
endpoints and machine-learning transforms, with the security configuration each job and dev
endpoint names resolved to its encryption settings.

Listings: GetDatabases (one page of one, to tell a catalog in use from an empty one),
GetConnections (HidePassword), GetJobs, GetDevEndpoints, GetMLTransforms; then
GetDataCatalogEncryptionSettings and GetResourcePolicy (the catalog's resource policy) only when the
catalog holds a database or a connection, and
GetSecurityConfigurations only when a job or dev endpoint names one.  An unused region costs the
five listings and yields nothing; a denied listing is a coverage gap for its type alone.  Connection properties are kept by name only, except the
TLS switches the checks read: passwords and URLs never leave the collector.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import arn, make, policy_field, token_pages
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable, unreadable

SERVICE = "glue"
GLOBAL = False
RESOURCE_TYPES = ("aws.glue.data_catalog", "aws.glue.connection", "aws.glue.job", "aws.glue.dev_endpoint",
                  "aws.glue.ml_transform")
PERMISSIONS = ("glue:GetDatabases", "glue:GetConnections", "glue:GetJobs", "glue:GetDevEndpoints",
               "glue:GetMLTransforms", "glue:GetDataCatalogEncryptionSettings", "glue:GetResourcePolicy",
               "glue:GetSecurityConfigurations")

# Connection properties whose values the checks read (switches, never credentials).
_KEPT_PROPERTIES = frozenset({"JDBC_ENFORCE_SSL", "KAFKA_SSL_ENABLED", "SKIP_CUSTOM_JDBC_CERT_VALIDATION"})


def _connection(ctx: ServiceContext, c: dict[str, Any]) -> Resource:
    props = c.get("ConnectionProperties") or {}
    data = {k: v for k, v in c.items() if k not in ("ConnectionProperties", "AuthenticationConfiguration")}
    data["ConnectionProperties"] = {k: v for k, v in props.items() if k in _KEPT_PROPERTIES}
    data["ConnectionPropertyNames"] = sorted(props)
    return make(ctx, "aws.glue.connection", arn(ctx, "glue", f"connection/{c['Name']}"), c["Name"], data)


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("glue")
    # A denied listing is a coverage gap for its own type; the others are still read.
    has_database = bool(listed(ctx, "aws.glue.data_catalog", lambda: c.get_databases(MaxResults=1).get("DatabaseList")))
    connections = listed(ctx, "aws.glue.connection",
                         lambda: list(ctx.paginate(c, "get_connections", "ConnectionList", HidePassword=True)))
    jobs = listed(ctx, "aws.glue.job", lambda: list(ctx.paginate(c, "get_jobs", "Jobs")))
    endpoints = listed(ctx, "aws.glue.dev_endpoint", lambda: list(ctx.paginate(c, "get_dev_endpoints", "DevEndpoints")))
    transforms = listed(ctx, "aws.glue.ml_transform", lambda: token_pages(c.get_ml_transforms, "Transforms"))
    out: list[Resource] = []
    if has_database or connections:
        got = ctx.read(c.get_data_catalog_encryption_settings)
        settings = got if is_unreadable(got) else (got or {}).get("DataCatalogEncryptionSettings", {})
        policy = ctx.read(c.get_resource_policy, missing=("EntityNotFoundException",))
        out.append(make(ctx, "aws.glue.data_catalog", arn(ctx, "glue", "catalog"), f"catalog {ctx.region}",
                        {"DataCatalogEncryptionSettings": settings, "Policy": policy_field(policy, "PolicyInJson")}))
    out.extend(_connection(ctx, conn) for conn in connections)
    named = {x.get("SecurityConfiguration") for x in jobs + endpoints} - {None, ""}
    configs: Any = {}
    if named:
        configs = ctx.read(lambda: {s["Name"]: s.get("EncryptionConfiguration") or {}
                                    for s in ctx.paginate(c, "get_security_configurations", "SecurityConfigurations")})

    def encryption(name: Any) -> Any:
        """The named configuration's EncryptionConfiguration; None when none is named."""
        if not name:
            return None
        if is_unreadable(configs):
            return configs
        return configs.get(name, unreadable(f"security configuration {name!r} not found"))

    for j in jobs:
        data = {k: v for k, v in j.items() if k not in ("DefaultArguments", "NonOverridableArguments", "CodeGenConfigurationNodes")}
        data["DefaultArgumentNames"] = sorted(j.get("DefaultArguments") or {})
        data["SecurityConfigurationEncryption"] = encryption(j.get("SecurityConfiguration"))
        out.append(make(ctx, "aws.glue.job", arn(ctx, "glue", f"job/{j['Name']}"), j["Name"], data))
    for e in endpoints:
        data = {"SubnetId": None, **{k: v for k, v in e.items() if k not in ("PublicKey", "PublicKeys", "Arguments")}}
        data["SecurityConfigurationEncryption"] = encryption(e.get("SecurityConfiguration"))
        out.append(make(ctx, "aws.glue.dev_endpoint", arn(ctx, "glue", f"devEndpoint/{e['EndpointName']}"),
                        e["EndpointName"], data))
    for t in transforms:
        out.append(make(ctx, "aws.glue.ml_transform", arn(ctx, "glue", f"mlTransform/{t['TransformId']}"),
                        t.get("Name") or t["TransformId"], {"TransformEncryption": {}, **{k: v for k, v in t.items() if k != "Schema"}}))
    return out
