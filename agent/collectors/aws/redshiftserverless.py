"""Redshift Serverless in one region: ListWorkgroups and ListNamespaces (both paginated) carry
every setting the checks read — public access, enhanced VPC routing, config parameters
(``require_ssl``), the namespace's KMS key, admin user name and log exports — so there are no
per-resource calls; an unused region costs the two listings."""

from __future__ import annotations

from agent.collectors.aws._util import make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "redshiftserverless"
GLOBAL = False
RESOURCE_TYPES = ("aws.redshiftserverless.workgroup", "aws.redshiftserverless.namespace")
PERMISSIONS = ("redshift-serverless:ListWorkgroups", "redshift-serverless:ListNamespaces")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("redshift-serverless")
    # empty lists are omitted from the answer: no config parameters, no log exports
    out = [make(ctx, "aws.redshiftserverless.workgroup", w["workgroupArn"], w["workgroupName"], {"configParameters": [], **w})
           for w in ctx.paginate(c, "list_workgroups", "workgroups")]
    out += [make(ctx, "aws.redshiftserverless.namespace", n["namespaceArn"], n["namespaceName"],
                 {"logExports": [], **{k: v for k, v in n.items() if k != "adminPasswordSecretArn"}})
            for n in ctx.paginate(c, "list_namespaces", "namespaces")]
    return out
