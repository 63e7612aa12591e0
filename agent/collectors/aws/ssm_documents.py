"""SSM documents the account owns in one region, with whom each is shared.

ListDocuments (Owner=Self, paginated), then DescribeDocumentPermission (Share) per document on a
bounded pool: ``AccountIds`` holds "all" when the document is public."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import arn, bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "ssm_documents"
GLOBAL = False
RESOURCE_TYPES = ("aws.ssm.document",)
PERMISSIONS = ("ssm:DescribeDocumentPermission", "ssm:ListDocuments")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("ssm")
    docs = list(ctx.paginate(c, "list_documents", "DocumentIdentifiers",
                             Filters=[{"Key": "Owner", "Values": ["Self"]}]))

    def one(d: dict[str, Any]) -> Resource:
        name = d["Name"]
        perm = ctx.read(c.describe_document_permission, Name=name, PermissionType="Share",
                        missing=("InvalidDocument",))
        shared = perm if perm is None or is_unreadable(perm) else list(perm.get("AccountIds", []))
        return make(ctx, "aws.ssm.document", arn(ctx, "ssm", f"document/{name}"), name,
                    {**d, "_shared_with": shared or []}, d.get("Tags"))

    return bounded_map(one, docs)
