"""Read vulnerability results AWS already has: ECR image scans and Amazon Inspector2 findings."""

from __future__ import annotations

import logging
from typing import Any

import botocore.exceptions

from agent.collectors.aws.context import ClientFactory, describe_error
from agent.core.model import Coverage
from agent.vulns.model import Vulnerability
from agent.vulns.parsers import parse_ecr_scan, parse_inspector2

log = logging.getLogger(__name__)


def collect_ecr(factory: ClientFactory, account: str, region: str, coverage: Coverage) -> list[Vulnerability]:
    ecr = factory.client("ecr", region)
    out: list[Vulnerability] = []
    try:
        repos = [r for p in ecr.get_paginator("describe_repositories").paginate() for r in p["repositories"]]
        for repo in repos:
            name = repo["repositoryName"]
            images = [i for p in ecr.get_paginator("describe_images").paginate(repositoryName=name)
                      for i in p["imageDetails"]]
            for img in images:
                if (img.get("imageScanStatus") or {}).get("status") not in (None, "COMPLETE", "ACTIVE"):
                    continue
                doc = _scan_findings(ecr, name, img["imageDigest"])
                if doc is not None:
                    out.extend(parse_ecr_scan(doc, f"ecr:{region}:{name}"))
    except botocore.exceptions.ClientError as exc:
        coverage.fail("aws", account, region, "aws.ecr.image_scan", describe_error(exc))
        return out
    coverage.add("aws", account, region, "aws.ecr.image_scan", len(out))
    return out


def _scan_findings(ecr: Any, repo: str, digest: str) -> dict[str, Any] | None:
    """All pages of one image's scan findings merged into one document (None: never scanned)."""
    merged: dict[str, Any] | None = None
    try:
        for page in ecr.get_paginator("describe_image_scan_findings").paginate(
                repositoryName=repo, imageId={"imageDigest": digest}):
            if merged is None:
                merged = {"repositoryName": repo, "imageId": {"imageDigest": digest},
                          "imageScanFindings": {"findings": [], "enhancedFindings": []}}
            f = page.get("imageScanFindings") or {}
            merged["imageScanFindings"]["findings"] += f.get("findings") or []
            merged["imageScanFindings"]["enhancedFindings"] += f.get("enhancedFindings") or []
    except botocore.exceptions.ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "ScanNotFoundException":
            return None
        raise
    return merged


def collect_inspector2(factory: ClientFactory, account: str, region: str, coverage: Coverage) -> list[Vulnerability]:
    client = factory.client("inspector2", region)
    criteria = {"findingType": [{"comparison": "EQUALS", "value": "PACKAGE_VULNERABILITY"}],
                "findingStatus": [{"comparison": "EQUALS", "value": "ACTIVE"}]}
    try:
        findings = [f for p in client.get_paginator("list_findings").paginate(filterCriteria=criteria)
                    for f in p.get("findings", [])]
    except botocore.exceptions.ClientError as exc:
        coverage.fail("aws", account, region, "aws.inspector2.finding", describe_error(exc))
        return []
    coverage.add("aws", account, region, "aws.inspector2.finding", len(findings))
    return parse_inspector2(findings)


def collect(factory: ClientFactory, account: str, regions: list[str]) -> tuple[list[Vulnerability], Coverage]:
    cov = Coverage()
    out: list[Vulnerability] = []
    for region in regions:
        out += collect_ecr(factory, account, region, cov)
        out += collect_inspector2(factory, account, region, cov)
    return out, cov
