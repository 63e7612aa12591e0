"""Parsers from each source's own JSON shape to :class:`Vulnerability` rows.

- Trivy JSON reports, schema v2 (``trivy image -f json``, ``trivy fs``, ``trivy sbom``).
- ECR ``DescribeImageScanFindings`` (basic ``findings`` and enhanced ``enhancedFindings``).
- Amazon Inspector2 ``ListFindings`` (PACKAGE_VULNERABILITY findings on ECR images, EC2, Lambda).
A document of the wrong shape raises :class:`VulnImportError` naming the file and the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from agent.core.errors import UcsError
from agent.vulns.model import Vulnerability, make


class VulnImportError(UcsError):
    exit_code = 2
    hint = "import a Trivy JSON report (`trivy image --format json`, schema version 2) or an Inspector2 export"


def _best_cvss(cvss: dict[str, Any] | None) -> tuple[str | None, float | None]:
    """Trivy's CVSS map: prefer NVD, then the vendor with a v3 vector."""
    if not isinstance(cvss, dict):
        return None, None
    for source in ["nvd", *sorted(k for k in cvss if k != "nvd")]:
        entry = cvss.get(source) or {}
        if entry.get("V3Vector"):
            return entry["V3Vector"], entry.get("V3Score")
    for entry in cvss.values():
        if isinstance(entry, dict) and entry.get("V2Vector"):
            return entry["V2Vector"], entry.get("V2Score")
    return None, None


def parse_trivy(doc: Any, origin: str = "<trivy>") -> list[Vulnerability]:
    if not isinstance(doc, dict) or doc.get("SchemaVersion") != 2 or "ArtifactName" not in doc:
        raise VulnImportError(f"{origin}: not a Trivy JSON report (schema v2): expected SchemaVersion 2 and ArtifactName",
                              hint="produce it with `trivy image -f json -o report.json IMAGE`")
    meta = doc.get("Metadata") or {}
    artifact_type = doc.get("ArtifactType", "")
    is_image = artifact_type == "container_image"
    digests = meta.get("RepoDigests") or []
    digest = digests[0].split("@", 1)[1] if digests and "@" in digests[0] else None
    image = doc["ArtifactName"] if is_image else None
    target = None if is_image else doc["ArtifactName"]
    out: list[Vulnerability] = []
    for i, result in enumerate(doc.get("Results") or []):
        if not isinstance(result, dict):
            raise VulnImportError(f"{origin}: Results[{i}] is not an object")
        for j, v in enumerate(result.get("Vulnerabilities") or []):
            try:
                vector, score = _best_cvss(v.get("CVSS"))
                out.append(make(v["VulnerabilityID"], v["PkgName"], v.get("InstalledVersion", ""),
                                v.get("FixedVersion"), v.get("Severity"), "trivy", vector, score,
                                image=image, image_digest=digest, target=target or result.get("Target"),
                                title=v.get("Title", "")))
            except (KeyError, TypeError) as exc:
                raise VulnImportError(f"{origin}: Results[{i}].Vulnerabilities[{j}]: missing field {exc}") from None
    return out


def parse_ecr_scan(doc: dict[str, Any], origin: str = "<ecr>") -> list[Vulnerability]:
    repo = doc.get("repositoryName")
    digest = (doc.get("imageId") or {}).get("imageDigest")
    findings = doc.get("imageScanFindings") or {}
    out: list[Vulnerability] = []
    for f in findings.get("findings") or []:
        attrs = {a.get("key"): a.get("value") for a in f.get("attributes") or []}
        vector = attrs.get("CVSS3_VECTOR") or attrs.get("CVSS2_VECTOR")
        if vector and not vector.startswith("CVSS:") and attrs.get("CVSS3_VECTOR"):
            vector = "CVSS:3.1/" + vector
        score = attrs.get("CVSS3_SCORE") or attrs.get("CVSS2_SCORE")
        out.append(make(f.get("name", "UNKNOWN"), attrs.get("package_name", ""), attrs.get("package_version", ""),
                        None, f.get("severity"), "ecr", vector, float(score) if score else None,
                        image=repo, image_digest=digest, title=f.get("description", "")[:200]))
    for f in findings.get("enhancedFindings") or []:
        out.extend(_package_vuln(f, "ecr", image=repo, image_digest=digest))
    return out


def _package_vuln(f: dict[str, Any], source: str, **where: Any) -> list[Vulnerability]:
    d = f.get("packageVulnerabilityDetails") or {}
    cvss = sorted(d.get("cvss") or [], key=lambda c: str(c.get("version", "")), reverse=True)
    vector = cvss[0].get("scoringVector") if cvss else None
    if vector and not vector.startswith("CVSS:") and cvss and str(cvss[0].get("version", "")).startswith("3"):
        vector = f"CVSS:{cvss[0]['version']}/{vector}"
    score = cvss[0].get("baseScore") if cvss else None
    out = []
    for p in d.get("vulnerablePackages") or [{}]:
        fixed = p.get("fixedInVersion")
        out.append(make(d.get("vulnerabilityId", "UNKNOWN"), p.get("name", ""), p.get("version", ""),
                        None if fixed in (None, "NotAvailable") else fixed, f.get("severity"), source, vector,
                        score, title=f.get("title", ""), **where))
    return out


def parse_inspector2(findings: Iterable[dict[str, Any]]) -> list[Vulnerability]:
    out: list[Vulnerability] = []
    for f in findings:
        if f.get("type") != "PACKAGE_VULNERABILITY":
            continue
        for r in f.get("resources") or []:
            details = r.get("details") or {}
            ecr = details.get("awsEcrContainerImage")
            where = ({"image": ecr.get("repositoryName"), "image_digest": ecr.get("imageHash")} if ecr
                     else {"target": r.get("id")})
            out.extend(_package_vuln(f, "inspector2", **where))
    return out


def load_file(path: str | Path) -> list[Vulnerability]:
    p = Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise VulnImportError(f"{p}: cannot read: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise VulnImportError(f"{p}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    if isinstance(doc, dict) and "imageScanFindings" in doc:
        return parse_ecr_scan(doc, str(p))
    if isinstance(doc, dict) and "findings" in doc and isinstance(doc["findings"], list):
        return parse_inspector2(doc["findings"])
    return parse_trivy(doc, str(p))
