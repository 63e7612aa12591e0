"""GuardDuty: the region's detector and its status, one resource per region."""

from __future__ import annotations

from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "guardduty"
GLOBAL = False
RESOURCE_TYPES = ("aws.guardduty.region",)
PERMISSIONS = ("guardduty:GetDetector", "guardduty:ListDetectors")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()
    detectors = []
    for det_id in ctx.paginate(c, "list_detectors", "DetectorIds"):
        d = ctx.read(c.get_detector, DetectorId=det_id)
        detectors.append({"DetectorId": det_id, **(d if isinstance(d, dict) else {})})
    return [make(ctx, "aws.guardduty.region", arn(ctx, "guardduty", "detectors"), f"guardduty {ctx.region}",
                 {"Detectors": detectors})]
