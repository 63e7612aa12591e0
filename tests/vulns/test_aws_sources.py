"""ECR image scan findings and Inspector2 findings read from moto's server over HTTP.

moto answers both APIs with results configured through its own moto-api endpoints, in the
services' real response shapes.
"""

from __future__ import annotations

import json
import urllib.request

import boto3

from agent.collectors.aws.context import ClientFactory
from agent.core.model import Severity
from agent.vulns.aws import collect

ENHANCED = {
    "imageScanFindings": {
        "enhancedFindings": [{
            "awsAccountId": "123456789012", "severity": "CRITICAL", "status": "ACTIVE", "type": "PACKAGE_VULNERABILITY",
            "title": "CVE-2023-38545 - curl", "fixAvailable": "YES",
            "packageVulnerabilityDetails": {
                "vulnerabilityId": "CVE-2023-38545", "source": "NVD",
                "cvss": [{"baseScore": 9.8, "scoringVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                          "source": "NVD", "version": "3.1"}],
                "vulnerablePackages": [{"name": "curl", "version": "7.88.1", "fixedInVersion": "8.4.0"}]},
        }],
        "findingSeverityCounts": {"CRITICAL": 1},
    },
    "registryId": "123456789012", "repositoryName": "shop/api", "imageId": {"imageTag": "v1"},
    "imageScanStatus": {"status": "COMPLETE", "description": "done"},
}


def _post(url: str, doc: dict) -> None:
    req = urllib.request.Request(url, data=json.dumps(doc).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()


def test_ecr_and_inspector2_from_moto(moto_reset: str) -> None:
    url = moto_reset
    ecr = boto3.client("ecr", region_name="us-east-1", endpoint_url=url)
    ecr.create_repository(repositoryName="shop/api")
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                           "config": {"digest": "sha256:" + "1" * 64, "size": 1, "mediaType": "x"}, "layers": []})
    ecr.put_image(repositoryName="shop/api", imageManifest=manifest, imageTag="v1")
    ecr.start_image_scan(repositoryName="shop/api", imageId={"imageTag": "v1"})
    ecr.put_image(repositoryName="shop/api", imageManifest=manifest.replace("1" * 64, "2" * 64), imageTag="unscanned")
    _post(f"{url}/moto-api/static/ecr/scan-finding-results", {"results": [ENHANCED], "region": "us-east-1"})
    _post(f"{url}/moto-api/static/inspector2/findings-results", {"results": [[{
        "awsAccountId": "123456789012", "type": "PACKAGE_VULNERABILITY", "severity": "HIGH", "title": "CVE-2024-0001",
        "packageVulnerabilityDetails": {"vulnerabilityId": "CVE-2024-0001",
                                        "vulnerablePackages": [{"name": "openssl", "version": "3.0.1"}]},
        "resources": [{"type": "AWS_LAMBDA_FUNCTION", "id": "arn:aws:lambda:us-east-1:123456789012:function:pay"}]}]],
        "region": "us-east-1"})
    vulns, cov = collect(ClientFactory(endpoint_url=url), "123456789012", ["us-east-1"])
    by = {v.cve: v for v in vulns}
    curl = by["CVE-2023-38545"]
    assert (curl.source, curl.image, curl.package, curl.fixed_version) == ("ecr", "shop/api", "curl", "8.4.0")
    assert curl.severity is Severity.CRITICAL and curl.cvss_score == 9.8 and curl.image_digest.startswith("sha256:")
    lam = by["CVE-2024-0001"]
    assert lam.source == "inspector2" and lam.target.endswith("function:pay") and not lam.fix_available
    assert not cov.failures
