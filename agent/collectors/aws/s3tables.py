"""Amazon S3 Tables: the table buckets of one region with their encryption, resource policy and
maintenance configuration.

ListTableBuckets (paginated), then per table bucket GetTableBucketEncryption,
GetTableBucketPolicy ("no policy" is NotFoundException) and
GetTableBucketMaintenanceConfiguration (no batch form).
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make, policy_field
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "s3tables"
GLOBAL = False
RESOURCE_TYPES = ("aws.s3tables.table_bucket",)
PERMISSIONS = ("s3tables:GetTableBucketEncryption", "s3tables:GetTableBucketMaintenanceConfiguration",
               "s3tables:GetTableBucketPolicy", "s3tables:ListTableBuckets")
NONE_SET = ("NotFoundException",)


def _part(got: Any, key: str) -> Any:
    return got.get(key) if isinstance(got, dict) and not is_unreadable(got) else got


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("s3tables")

    def one(b: dict[str, Any]) -> Resource:
        arn = b["arn"]
        enc = ctx.read(c.get_table_bucket_encryption, tableBucketARN=arn, missing=NONE_SET)
        pol = ctx.read(c.get_table_bucket_policy, tableBucketARN=arn, missing=NONE_SET)
        maint = ctx.read(c.get_table_bucket_maintenance_configuration, tableBucketARN=arn, missing=NONE_SET)
        return make(ctx, "aws.s3tables.table_bucket", arn, b.get("name") or arn, {
            **b, "encryptionConfiguration": _part(enc, "encryptionConfiguration"),
            "resourcePolicy": policy_field(pol, "resourcePolicy"),
            "maintenanceConfiguration": _part(maint, "configuration")})

    return bounded_map(one, list(ctx.paginate(c, "list_table_buckets", "tableBuckets")))
