"""Parsing each source's real shape into normalised rows, CVSS included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.core.model import Severity
from agent.vulns.parsers import VulnImportError, load_file, parse_inspector2

DATA = Path(__file__).parent / "data"


def test_trivy_image_report() -> None:
    vulns = {v.cve: v for v in load_file(DATA / "trivy-image.json")}
    assert set(vulns) == {"CVE-2024-6387", "CVE-2023-4911", "CVE-2023-45853", "CVE-2024-34064"}
    ssh = vulns["CVE-2024-6387"]
    assert (ssh.package, ssh.installed_version, ssh.fixed_version) == ("openssh-server", "1:9.2p1-2+deb12u2",
                                                                       "1:9.2p1-2+deb12u3")
    assert ssh.severity is Severity.HIGH and ssh.cvss_score == 8.1 and ssh.network and ssh.no_auth
    assert ssh.image == "registry.example.com/shop/web:1.4.2"
    assert ssh.image_digest == "sha256:aaaa1111bbbb2222cccc3333dddd4444eeee5555ffff6666aaaa1111bbbb2222"
    glibc = vulns["CVE-2023-4911"]
    assert not glibc.network and glibc.cvss_score == 7.8
    assert not vulns["CVE-2023-45853"].fix_available
    # the vendor vector is used when NVD has none
    assert vulns["CVE-2024-34064"].cvss_vector.startswith("CVSS:3.1/AV:N/AC:L/PR:N/UI:R")


def test_trivy_sbom_report_targets_the_artifact() -> None:
    [v] = load_file(DATA / "trivy-sbom.json")
    assert v.image is None and v.target == "sbom/payments.cdx.json"
    assert v.severity is Severity.CRITICAL and v.cvss_score == 10.0 and v.fix_available


def test_wrong_documents_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"SchemaVersion": 2,\n "ArtifactName": "x", "Results": [{"Vulnerabilities": [{"PkgName": "a"}]}]}')
    with pytest.raises(VulnImportError, match=r"bad.json: Results\[0\].Vulnerabilities\[0\]: missing field 'VulnerabilityID'"):
        load_file(bad)
    broken = tmp_path / "broken.json"
    broken.write_text('{\n"SchemaVersion": 2,\n')
    with pytest.raises(VulnImportError, match=r"broken.json:3: invalid JSON"):
        load_file(broken)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"SchemaVersion": 1}))
    with pytest.raises(VulnImportError, match="not a Trivy JSON report"):
        load_file(other)


def test_inspector2_lambda_and_ec2_targets() -> None:
    findings = [
        {"type": "PACKAGE_VULNERABILITY", "severity": "CRITICAL", "title": "CVE-2021-44228 - log4j",
         "packageVulnerabilityDetails": {"vulnerabilityId": "CVE-2021-44228", "vulnerablePackages": [
             {"name": "log4j-core", "version": "2.14.1", "fixedInVersion": "2.17.1"}],
             "cvss": [{"baseScore": 10.0, "scoringVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "version": "3.1"}]},
         "resources": [{"type": "AWS_EC2_INSTANCE", "id": "i-0123456789abcdef0"}]},
        {"type": "NETWORK_REACHABILITY", "severity": "MEDIUM", "resources": [{"type": "AWS_EC2_INSTANCE", "id": "i-1"}]},
    ]
    [v] = parse_inspector2(findings)
    assert (v.cve, v.target, v.fixed_version, v.source) == ("CVE-2021-44228", "i-0123456789abcdef0", "2.17.1", "inspector2")
