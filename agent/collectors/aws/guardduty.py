"""GuardDuty in one region: the detector, its protection plans, open high-severity findings and,
where this account is the organisation's GuardDuty administrator, the auto-enable configuration.

One resource per region (``aws.guardduty.region``).  ``ListDetectors`` (paginated) then, per
detector (a region has at most one): ``GetDetector`` (status, ``Features`` with each protection
plan's ``Status`` and ``AdditionalConfiguration``, ``FindingPublishingFrequency``);
``ListFindings`` with the criterion severity >= 7 and ``service.archived`` = false, one page of
50 ids, of which only the count is kept (``_high_findings``; ``_high_findings_more`` when a
further page exists); ``DescribeOrganizationConfiguration`` — an account that is not the
delegated administrator is answered ``BadRequestException``, kept as ``_organization: None``.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import arn, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "guardduty"
GLOBAL = False
RESOURCE_TYPES = ("aws.guardduty.region",)
PERMISSIONS = ("guardduty:DescribeOrganizationConfiguration", "guardduty:GetDetector", "guardduty:ListDetectors",
               "guardduty:ListFindings")

HIGH_SEVERITY = 7
OPEN_HIGH = {"Criterion": {"severity": {"GreaterThanOrEqual": HIGH_SEVERITY}, "service.archived": {"Equals": ["false"]}}}
NOT_ADMINISTRATOR = ("BadRequestException",)


def _detector(ctx: ServiceContext, c: Any, det_id: str) -> dict[str, Any]:
    d = ctx.read(c.get_detector, DetectorId=det_id)
    det: dict[str, Any] = {"DetectorId": det_id, **(d if isinstance(d, dict) and not is_unreadable(d) else {})}
    if is_unreadable(d):
        det["Status"] = d
        return det
    det.pop("Tags", None)
    found = ctx.read(c.list_findings, DetectorId=det_id, FindingCriteria=OPEN_HIGH, MaxResults=50)
    if is_unreadable(found):
        det["_high_findings"] = found
    else:
        det["_high_findings"] = len(found.get("FindingIds", []))
        det["_high_findings_more"] = bool(found.get("NextToken"))
    org = ctx.read(c.describe_organization_configuration, DetectorId=det_id, missing=NOT_ADMINISTRATOR)
    det["_organization"] = org if org is None or is_unreadable(org) else {
        k: org.get(k) for k in ("AutoEnable", "AutoEnableOrganizationMembers", "MemberAccountLimitReached", "Features")}
    return det


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()
    detectors = [_detector(ctx, c, det_id) for det_id in ctx.paginate(c, "list_detectors", "DetectorIds")]
    return [make(ctx, "aws.guardduty.region", arn(ctx, "guardduty", "detectors"), f"guardduty {ctx.region}",
                 {"Detectors": detectors})]
