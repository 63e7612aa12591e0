"""S3 buckets with their access and data-protection settings.

The bucket list is global (one ``ListBuckets``); every setting is a per-bucket call, sent to the
bucket's own region and run on a small bounded pool because S3 has no batch read for them.
Each setting is read through :meth:`ServiceContext.read`: an error code meaning "not configured"
gives ``None`` (a check may FAIL on it), any other error gives an ``unreadable`` marker (ERROR).

A bucket's region is part of its findings' identity (the fingerprint), so it comes only from S3
itself: ``BucketRegion`` in the listing (asked for by sending ``MaxBuckets``), else
``GetBucketLocation``.  When neither answers, the bucket cannot be placed: it is not reported,
and ``aws.s3.bucket`` is recorded as not fully collected in the account, so no S3 finding of
the account is resolved by this scan — never a guess at the scan's own region.
"""

from __future__ import annotations

import json
from typing import Any

from agent.collectors.aws._conventions import bounded_map, jsonable
from agent.collectors.aws.context import ServiceContext, tags_dict
from agent.core.model import Resource, is_unreadable, unreadable_reason

SERVICE = "s3"
GLOBAL = True
RESOURCE_TYPES = ("aws.s3.bucket",)
PERMISSIONS = (
    "s3:GetBucketAcl",
    "s3:GetBucketLocation",
    "s3:GetBucketLogging",
    "s3:GetBucketNotification",
    "s3:GetBucketOwnershipControls",
    "s3:GetBucketObjectLockConfiguration",
    "s3:GetBucketPolicy",
    "s3:GetBucketPolicyStatus",
    "s3:GetBucketPublicAccessBlock",
    "s3:GetBucketTagging",
    "s3:GetBucketVersioning",
    "s3:GetEncryptionConfiguration",
    "s3:GetLifecycleConfiguration",
    "s3:GetReplicationConfiguration",
    "s3:ListAllMyBuckets",
)

PUBLIC_GRANTEES = frozenset({
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
})


# ListBuckets returns BucketRegion only when the request has a parameter; 10,000 is S3's own page.
LIST_PAGE = 10000

_GONE: Any = object()


def _region_of(ctx: ServiceContext, bucket: dict[str, Any]) -> Any:
    """The bucket's region, an ``unreadable`` marker, or _GONE (deleted since the listing)."""
    region = bucket.get("BucketRegion")
    if region:
        return str(region)
    loc = ctx.read(ctx.client().get_bucket_location, Bucket=bucket["Name"], missing=("NoSuchBucket",), default=_GONE)
    if loc is _GONE or is_unreadable(loc):
        return loc
    # An empty LocationConstraint is us-east-1; "EU" is the legacy name of eu-west-1.
    constraint = (loc or {}).get("LocationConstraint") or "us-east-1"
    return "eu-west-1" if constraint == "EU" else str(constraint)


def _bucket(ctx: ServiceContext, bucket: dict[str, Any]) -> Resource | None:
    name = bucket["Name"]
    region = _region_of(ctx, bucket)
    if region is _GONE:
        return None
    if is_unreadable(region):
        ctx.gap("aws.s3.bucket", f"s3: the region of bucket {name} could not be read, so no bucket of the account "
                                 f"is fully assessed: {unreadable_reason(region)}")
        return None
    s3 = ctx.client("s3", region)
    read = ctx.read

    acl = read(s3.get_bucket_acl, Bucket=name, missing=("NoSuchBucket",), default=_GONE)
    if acl is _GONE:  # deleted between the listing and now: not a resource any more
        return None
    policy_raw = read(s3.get_bucket_policy, Bucket=name, missing=("NoSuchBucketPolicy",))
    policy: Any = None
    if is_unreadable(policy_raw):
        policy = policy_raw
    elif policy_raw is not None:
        policy = json.loads(policy_raw["Policy"])
    # S3's own public/not-public verdict on the policy; without a policy there is nothing to ask.
    status = (read(s3.get_bucket_policy_status, Bucket=name, missing=("NoSuchBucketPolicy",))
              if policy is not None else None)
    pab = read(s3.get_public_access_block, Bucket=name, missing=("NoSuchPublicAccessBlockConfiguration",))
    enc = read(s3.get_bucket_encryption, Bucket=name, missing=("ServerSideEncryptionConfigurationNotFoundError",))
    versioning = read(s3.get_bucket_versioning, Bucket=name)
    logging_ = read(s3.get_bucket_logging, Bucket=name)
    tagging = read(s3.get_bucket_tagging, Bucket=name, missing=("NoSuchTagSet", "NoSuchTagSetError"))
    lock = read(s3.get_object_lock_configuration, Bucket=name, missing=("ObjectLockConfigurationNotFoundError",))
    lifecycle = read(s3.get_bucket_lifecycle_configuration, Bucket=name, missing=("NoSuchLifecycleConfiguration",))
    notification = read(s3.get_bucket_notification_configuration, Bucket=name)
    replication = read(s3.get_bucket_replication, Bucket=name, missing=("ReplicationConfigurationNotFoundError",))
    ownership = read(s3.get_bucket_ownership_controls, Bucket=name, missing=("OwnershipControlsNotFoundError",))

    data: dict[str, Any] = {
        "Name": name,
        "CreationDate": bucket.get("CreationDate"),
        "Region": region,
        "Acl": acl,
        "Policy": policy,
        "PolicyStatus": status["PolicyStatus"] if isinstance(status, dict) and "PolicyStatus" in status else status,
        "PublicAccessBlock": pab["PublicAccessBlockConfiguration"] if pab and not is_unreadable(pab) else pab,
        "Encryption": enc["ServerSideEncryptionConfiguration"] if enc and not is_unreadable(enc) else enc,
        "Versioning": versioning,
        "Logging": (logging_.get("LoggingEnabled") if not is_unreadable(logging_) else logging_),
        "ObjectLockConfiguration": lock.get("ObjectLockConfiguration") if isinstance(lock, dict) and not is_unreadable(lock)
        else lock,
        "LifecycleRules": _part(lifecycle, "Rules"),
        # every destination kind S3 can notify, keyed as the answer names them (an empty dict: none)
        "NotificationConfiguration": notification if is_unreadable(notification) else {
            k: v for k, v in (notification or {}).items() if k.endswith("Configurations") or k == "EventBridgeConfiguration"},
        "ReplicationConfiguration": _part(replication, "ReplicationConfiguration"),
        "OwnershipControls": _part(ownership, "OwnershipControls"),
    }
    data["_public_acl"] = _public_acl(acl)
    tags = tags_dict(tagging.get("TagSet")) if isinstance(tagging, dict) and not is_unreadable(tagging) else {}
    return Resource("aws", ctx.account, region, "aws.s3.bucket", f"arn:aws:s3:::{name}", name, tags, jsonable(data))


def _part(got: Any, key: str) -> Any:
    """``got[key]``; ``None`` when the read said "not configured"; an unreadable marker as it came."""
    return got.get(key) if isinstance(got, dict) and not is_unreadable(got) else got


def _public_acl(acl: Any) -> Any:
    """The grants that open the bucket to everyone (or every AWS user); unreadable stays so."""
    if is_unreadable(acl) or acl is None:
        return acl
    return [g for g in acl.get("Grants", []) if g.get("Grantee", {}).get("URI") in PUBLIC_GRANTEES]


def collect(ctx: ServiceContext) -> list[Resource]:
    buckets = list(ctx.paginate(ctx.client("s3"), "list_buckets", "Buckets", PaginationConfig={"PageSize": LIST_PAGE}))
    return [r for r in bounded_map(lambda b: _bucket(ctx, b), buckets) if r is not None]
