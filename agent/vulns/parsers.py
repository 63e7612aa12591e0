"""Parsers from each source's own JSON shape to :class:`Vulnerability` rows.

- Trivy JSON reports, schema v2 (``trivy image -f json``, ``trivy fs``, ``trivy sbom``).
- ECR ``DescribeImageScanFindings`` (basic ``findings`` and enhanced ``enhancedFindings``).
- Amazon Inspector2 ``ListFindings`` (PACKAGE_VULNERABILITY findings on ECR images, EC2, Lambda).

A document of the wrong shape never crashes the import: every field is read through :class:`_At`,
which checks its JSON type, and the first fault raises :class:`VulnImportError` naming the file and
the JSON path (``report.json: Results[2].Vulnerabilities[7].CVSS.nvd.V3Score: expected a number,
got a string``).  Files are read with a size cap, as UTF-8, and JSON nested too deeply is refused.
A CVSS vector the ``cvss`` package cannot parse keeps the given score (see :mod:`model`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

from agent.core.boundedio import REPORT_LIMIT, FileRefused, read_capped
from agent.core.errors import UcsError
from agent.vulns.model import Vulnerability, make

_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number", float: "a number",
          bool: "a boolean", type(None): "null"}


class VulnImportError(UcsError):
    exit_code = 2
    hint = "import a Trivy JSON report (`trivy image --format json`, schema version 2) or an Inspector2 export"


def _type(v: Any) -> str:
    return _TYPES.get(type(v), type(v).__name__)


class _At:
    """Typed reads from one document; a fault names ``origin`` and the JSON path."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, path: str, why: str) -> NoReturn:
        raise VulnImportError(f"{self.origin}: {path}: {why}" if path else f"{self.origin}: {why}")

    def obj(self, v: Any, path: str, default_empty: bool = True) -> dict[str, Any]:
        if v is None and default_empty:
            return {}
        if not isinstance(v, dict):
            self.fail(path, f"expected an object, got {_type(v)}")
        return v

    def arr(self, v: Any, path: str) -> list[Any]:
        if v is None:
            return []
        if not isinstance(v, list):
            self.fail(path, f"expected an array, got {_type(v)}")
        return v

    def text(self, d: dict[str, Any], key: str, path: str, required: bool = False, default: str | None = None) -> str | None:
        v = d.get(key)
        if v is None:
            if required:
                self.fail(path, f"missing field {key!r}")
            return default
        if not isinstance(v, str):
            self.fail(f"{path}.{key}" if path else key, f"expected a string, got {_type(v)}")
        return v

    def number(self, d: dict[str, Any], key: str, path: str) -> float | None:
        v = d.get(key)
        where = f"{path}.{key}" if path else key
        if v is None or v == "":
            return None
        if isinstance(v, str):  # ECR attributes carry scores as strings
            try:
                v = float(v)
            except ValueError:
                self.fail(where, f"expected a number, got {v[:40]!r}")
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            self.fail(where, f"expected a number, got {_type(v)}")
        if not math.isfinite(v) or not 0 <= v <= 10:
            self.fail(where, f"a CVSS score is between 0 and 10, not {v}")
        return float(v)


def _best_cvss(at: _At, cvss: Any, path: str) -> tuple[str | None, float | None]:
    """Trivy's CVSS map: prefer NVD, then the vendor with a v3 vector."""
    entries = {k: at.obj(v, f"{path}.{k}") for k, v in at.obj(cvss, path).items()}
    for source in ["nvd", *sorted(k for k in entries if k != "nvd")]:
        entry = entries.get(source) or {}
        vector = at.text(entry, "V3Vector", f"{path}.{source}")
        if vector:
            return vector, at.number(entry, "V3Score", f"{path}.{source}")
    for source, entry in entries.items():
        vector = at.text(entry, "V2Vector", f"{path}.{source}")
        if vector:
            return vector, at.number(entry, "V2Score", f"{path}.{source}")
    return None, None


def parse_trivy(doc: Any, origin: str = "<trivy>") -> list[Vulnerability]:
    at = _At(origin)
    if not isinstance(doc, dict) or doc.get("SchemaVersion") != 2 or "ArtifactName" not in doc:
        raise VulnImportError(f"{origin}: not a Trivy JSON report (schema v2): expected SchemaVersion 2 and ArtifactName",
                              hint="produce it with `trivy image -f json -o report.json IMAGE`")
    meta = at.obj(doc.get("Metadata"), "Metadata")
    name = at.text(doc, "ArtifactName", "", required=True) or ""
    is_image = at.text(doc, "ArtifactType", "", default="") == "container_image"
    digests = at.arr(meta.get("RepoDigests"), "Metadata.RepoDigests")
    first = digests[0] if digests else None
    if first is not None and not isinstance(first, str):
        at.fail("Metadata.RepoDigests[0]", f"expected a string, got {_type(first)}")
    digest = first.split("@", 1)[1] if first and "@" in first else None
    image = name if is_image else None
    out: list[Vulnerability] = []
    for i, result in enumerate(at.arr(doc.get("Results"), "Results")):
        rpath = f"Results[{i}]"
        result = at.obj(result, rpath, default_empty=False)
        target = None if is_image else name
        rtarget = at.text(result, "Target", rpath)
        for j, v in enumerate(at.arr(result.get("Vulnerabilities"), f"{rpath}.Vulnerabilities")):
            vpath = f"{rpath}.Vulnerabilities[{j}]"
            v = at.obj(v, vpath, default_empty=False)
            vector, score = _best_cvss(at, v.get("CVSS"), f"{vpath}.CVSS")
            out.append(make(at.text(v, "VulnerabilityID", vpath, required=True) or "",
                            at.text(v, "PkgName", vpath, required=True) or "",
                            at.text(v, "InstalledVersion", vpath, default="") or "",
                            at.text(v, "FixedVersion", vpath), at.text(v, "Severity", vpath), "trivy", vector, score,
                            image=image, image_digest=digest, target=target or rtarget,
                            title=at.text(v, "Title", vpath, default="") or ""))
    return out


def parse_ecr_scan(doc: Any, origin: str = "<ecr>") -> list[Vulnerability]:
    at = _At(origin)
    doc = at.obj(doc, "", default_empty=False)
    repo = at.text(doc, "repositoryName", "")
    digest = at.text(at.obj(doc.get("imageId"), "imageId"), "imageDigest", "imageId")
    findings = at.obj(doc.get("imageScanFindings"), "imageScanFindings")
    out: list[Vulnerability] = []
    for i, f in enumerate(at.arr(findings.get("findings"), "imageScanFindings.findings")):
        fpath = f"imageScanFindings.findings[{i}]"
        f = at.obj(f, fpath, default_empty=False)
        attrs: dict[str, Any] = {}
        for k, a in enumerate(at.arr(f.get("attributes"), f"{fpath}.attributes")):
            a = at.obj(a, f"{fpath}.attributes[{k}]", default_empty=False)
            key = at.text(a, "key", f"{fpath}.attributes[{k}]", required=True)
            attrs[key or ""] = at.text(a, "value", f"{fpath}.attributes[{k}]")
        vector = attrs.get("CVSS3_VECTOR") or attrs.get("CVSS2_VECTOR")
        if vector and not vector.startswith("CVSS:") and attrs.get("CVSS3_VECTOR"):
            vector = "CVSS:3.1/" + vector
        score = at.number({"score": attrs.get("CVSS3_SCORE") or attrs.get("CVSS2_SCORE")}, "score", f"{fpath}.attributes")
        out.append(make(at.text(f, "name", fpath, default="UNKNOWN") or "UNKNOWN", attrs.get("package_name") or "",
                        attrs.get("package_version") or "", None, at.text(f, "severity", fpath), "ecr", vector, score,
                        image=repo, image_digest=digest, title=(at.text(f, "description", fpath, default="") or "")[:200]))
    for i, f in enumerate(at.arr(findings.get("enhancedFindings"), "imageScanFindings.enhancedFindings")):
        out.extend(_package_vuln(at, f, f"imageScanFindings.enhancedFindings[{i}]", "ecr", image=repo, image_digest=digest))
    return out


def _package_vuln(at: _At, f: Any, path: str, source: str, **where: Any) -> list[Vulnerability]:
    f = at.obj(f, path, default_empty=False)
    dpath = f"{path}.packageVulnerabilityDetails"
    d = at.obj(f.get("packageVulnerabilityDetails"), dpath)
    cvss = [(k, at.obj(c, f"{dpath}.cvss[{k}]", default_empty=False)) for k, c in enumerate(at.arr(d.get("cvss"), f"{dpath}.cvss"))]
    cvss.sort(key=lambda kc: str(kc[1].get("version", "")), reverse=True)
    vector = score = None
    if cvss:
        k, top = cvss[0]
        cpath = f"{dpath}.cvss[{k}]"
        vector = at.text(top, "scoringVector", cpath)
        version = str(top.get("version", ""))
        if vector and not vector.startswith("CVSS:") and version.startswith("3"):
            vector = f"CVSS:{version}/{vector}"
        score = at.number(top, "baseScore", cpath)
    out = []
    packages = at.arr(d.get("vulnerablePackages"), f"{dpath}.vulnerablePackages") or [{}]
    for k, p in enumerate(packages):
        ppath = f"{dpath}.vulnerablePackages[{k}]"
        p = at.obj(p, ppath, default_empty=False)
        fixed = at.text(p, "fixedInVersion", ppath)
        out.append(make(at.text(d, "vulnerabilityId", dpath, default="UNKNOWN") or "UNKNOWN",
                        at.text(p, "name", ppath, default="") or "", at.text(p, "version", ppath, default="") or "",
                        None if fixed in (None, "NotAvailable") else fixed, at.text(f, "severity", path), source, vector,
                        score, title=at.text(f, "title", path, default="") or "", **where))
    return out


def parse_inspector2(findings: Iterable[Any], origin: str = "<inspector2>") -> list[Vulnerability]:
    at = _At(origin)
    out: list[Vulnerability] = []
    for i, f in enumerate(findings):
        path = f"findings[{i}]"
        f = at.obj(f, path, default_empty=False)
        if f.get("type") != "PACKAGE_VULNERABILITY":
            continue
        for k, r in enumerate(at.arr(f.get("resources"), f"{path}.resources")):
            rpath = f"{path}.resources[{k}]"
            r = at.obj(r, rpath, default_empty=False)
            details = at.obj(r.get("details"), f"{rpath}.details")
            ecr = at.obj(details.get("awsEcrContainerImage"), f"{rpath}.details.awsEcrContainerImage")
            epath = f"{rpath}.details.awsEcrContainerImage"
            where = ({"image": at.text(ecr, "repositoryName", epath), "image_digest": at.text(ecr, "imageHash", epath)}
                     if ecr else {"target": at.text(r, "id", rpath)})
            out.extend(_package_vuln(at, f, path, "inspector2", **where))
    return out


def load_file(path: str | Path) -> list[Vulnerability]:
    p = Path(path)
    try:
        data = read_capped(p, REPORT_LIMIT)
    except FileRefused as exc:
        raise VulnImportError(f"{p}: {exc}") from None
    return load_bytes(data, str(p))


def load_bytes(data: bytes, origin: str) -> list[Vulnerability]:
    """A report's bytes → vulnerabilities, or :class:`VulnImportError` naming ``origin`` and where."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise VulnImportError(f"{origin}: byte {exc.start}: not UTF-8 text ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise VulnImportError(f"{origin}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise VulnImportError(f"{origin}: JSON nested too deeply") from None
    if isinstance(doc, dict) and "imageScanFindings" in doc:
        return parse_ecr_scan(doc, origin)
    if isinstance(doc, dict) and "findings" in doc and isinstance(doc["findings"], list):
        return parse_inspector2(doc["findings"], origin)
    return parse_trivy(doc, origin)
