"""Lambda layers in one region: the latest version of each, with its permission policy.

ListLayers (paginated) gives every layer's latest version; GetLayerVersionPolicy is one call per
layer on a bounded pool ("no policy" is ResourceNotFoundException).
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make, policy_field
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "lambda_layers"
GLOBAL = False
RESOURCE_TYPES = ("aws.lambda.layer_version",)
PERMISSIONS = ("lambda:GetLayerVersionPolicy", "lambda:ListLayers")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("lambda")

    def one(layer: dict[str, Any]) -> Resource:
        latest = layer.get("LatestMatchingVersion") or {}
        arn = latest.get("LayerVersionArn") or f"{layer['LayerArn']}:{latest.get('Version', 1)}"
        got = ctx.read(c.get_layer_version_policy, LayerName=layer["LayerArn"],
                       VersionNumber=int(latest.get("Version", 1)), missing=("ResourceNotFoundException",))
        data = {"LayerName": layer.get("LayerName"), "LayerArn": layer.get("LayerArn"), **latest,
                "Policy": policy_field(got, "Policy")}
        return make(ctx, "aws.lambda.layer_version", arn, str(layer.get("LayerName")), data)

    return bounded_map(one, ctx.paginate(c, "list_layers", "Layers"))
