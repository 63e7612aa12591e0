"""AWS Storage Gateway in one region: gateways and their file shares.

ListGateways (paginated), then per gateway DescribeGatewayInformation (its CloudWatch log group)
and, for file gateways (``FILE_S3``, ``FILE_FSX_SMB``), DescribeSMBSettings (the SMB security
strategy).  ListFileShares (paginated) names every share of the region; DescribeNFSFileShares and
DescribeSMBFileShares take up to 10 ARNs a call, so the shares are read in batches.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._util import batched, bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "storagegateway"
GLOBAL = False
RESOURCE_TYPES = ("aws.storagegateway.gateway", "aws.storagegateway.nfs_file_share", "aws.storagegateway.smb_file_share")
PERMISSIONS = ("storagegateway:DescribeGatewayInformation", "storagegateway:DescribeNFSFileShares",
               "storagegateway:DescribeSMBFileShares", "storagegateway:DescribeSMBSettings",
               "storagegateway:ListFileShares", "storagegateway:ListGateways")
FILE_GATEWAYS = frozenset({"FILE_S3", "FILE_FSX_SMB"})
GONE = ("InvalidGatewayRequestException",)
_GONE: Any = object()


def _gateways(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("storagegateway")

    def one(g: dict[str, Any]) -> Resource | None:
        gw = g["GatewayARN"]
        info = ctx.read(c.describe_gateway_information, GatewayARN=gw, missing=GONE, default=_GONE)
        if info is _GONE:
            return None
        data = {**g, **info} if not is_unreadable(info) else {**g, "CloudWatchLogGroupARN": info}
        data.setdefault("CloudWatchLogGroupARN", None)  # absent from the answer: no log group
        if g.get("GatewayType") in FILE_GATEWAYS:
            smb = ctx.read(c.describe_smb_settings, GatewayARN=gw)
            data["SMBSecurityStrategy"] = smb if is_unreadable(smb) else smb.get("SMBSecurityStrategy")
        return make(ctx, "aws.storagegateway.gateway", gw, g.get("GatewayName") or gw, data)

    return [r for r in bounded_map(one, list(ctx.paginate(c, "list_gateways", "Gateways"))) if r is not None]


SHARES = {  # FileShareType -> (resource type, describe operation, answer key)
    "NFS": ("aws.storagegateway.nfs_file_share", "describe_nfs_file_shares", "NFSFileShareInfoList"),
    "SMB": ("aws.storagegateway.smb_file_share", "describe_smb_file_shares", "SMBFileShareInfoList"),
}


def _shares(ctx: ServiceContext, kind: str, listing: list[dict[str, Any]]) -> list[Resource]:
    c = ctx.client("storagegateway")
    rtype, op, key = SHARES[kind]
    mine = [s for s in listing if s.get("FileShareType") == kind]

    def batch(items: list[dict[str, Any]]) -> list[Resource]:
        got = getattr(c, op)(FileShareARNList=[s["FileShareARN"] for s in items])
        return [make(ctx, rtype, s["FileShareARN"], s.get("FileShareName") or s["FileShareARN"], s, s.get("Tags"))
                for s in got.get(key, [])]

    return [r for part in bounded_map(batch, list(batched(mine, 10))) for r in part]


def collect(ctx: ServiceContext) -> list[Resource]:
    before = len(ctx.gaps)
    gateways = listed(ctx, "aws.storagegateway.gateway", lambda: _gateways(ctx))
    if len(ctx.gaps) > before:  # the gateways unknown, their shares are too
        for _, error in ctx.gaps[before:]:
            ctx.gap("aws.storagegateway.nfs_file_share", error)
            ctx.gap("aws.storagegateway.smb_file_share", error)
        return gateways
    if not gateways:
        return []  # no gateway, no file share: one call for a region that does not use the service
    before = len(ctx.gaps)
    listing = listed(ctx, "aws.storagegateway.nfs_file_share",
                     lambda: list(ctx.paginate(ctx.client("storagegateway"), "list_file_shares", "FileShareInfoList")))
    for _, error in ctx.gaps[before:]:  # the one listing names the shares of both kinds
        ctx.gap("aws.storagegateway.smb_file_share", error)
    return (gateways + listed(ctx, "aws.storagegateway.nfs_file_share", lambda: _shares(ctx, "NFS", listing))
            + listed(ctx, "aws.storagegateway.smb_file_share", lambda: _shares(ctx, "SMB", listing)))
