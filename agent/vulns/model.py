"""The normalised vulnerability row and CVSS parsing (through the ``cvss`` package)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from cvss import CVSS2, CVSS3
from cvss.exceptions import CVSSError

from agent.core.model import Severity

SEVERITY_WORDS = {"CRITICAL": Severity.CRITICAL, "HIGH": Severity.HIGH, "MEDIUM": Severity.MEDIUM,
                  "MODERATE": Severity.MEDIUM, "LOW": Severity.LOW, "INFORMATIONAL": Severity.INFO,
                  "NEGLIGIBLE": Severity.INFO, "UNKNOWN": Severity.INFO, "UNTRIAGED": Severity.INFO}


def severity_of(word: str | None) -> Severity:
    return SEVERITY_WORDS.get(str(word or "UNKNOWN").upper(), Severity.INFO)


@dataclass(frozen=True, slots=True)
class CvssInfo:
    score: float | None
    vector: str | None
    network: bool  # attack vector network
    no_auth: bool  # no privileges required


def parse_cvss(vector: str | None, score: float | None = None) -> CvssInfo:
    """Parse a CVSS v3.x (or v2) vector; a bad vector keeps the given score and flags nothing."""
    if not vector:
        return CvssInfo(score, None, False, False)
    try:
        if vector.startswith("CVSS:3"):
            c = CVSS3(vector)
            return CvssInfo(float(c.scores()[0]), c.clean_vector(), c.metrics.get("AV") == "N",
                            c.metrics.get("PR") == "N")
        c2 = CVSS2(vector)
        return CvssInfo(float(c2.scores()[0]), c2.clean_vector(), c2.metrics.get("AV") == "N",
                        c2.metrics.get("Au") == "N")
    except (CVSSError, KeyError, ValueError, IndexError, TypeError, AttributeError, ArithmeticError):
        # the cvss package raises several kinds on vectors it cannot read: keep the given score
        return CvssInfo(score, vector, False, False)


@dataclass(slots=True)
class Vulnerability:
    cve: str
    package: str
    installed_version: str
    fixed_version: str | None
    severity: Severity
    cvss_score: float | None
    cvss_vector: str | None
    source: str  # trivy | ecr | inspector2
    image: str | None = None  # repository:tag or repository
    image_digest: str | None = None  # sha256:...
    target: str | None = None  # host / function / filesystem path the scan was of
    title: str = ""
    network: bool = False
    no_auth: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def fix_available(self) -> bool:
        return bool(self.fixed_version)

    @property
    def key(self) -> str:
        where = self.image_digest or self.image or self.target or ""
        raw = "\x1f".join((self.cve, self.package, self.installed_version, where))
        return hashlib.sha256(raw.encode()).hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "cve": self.cve, "package": self.package, "installed_version": self.installed_version,
                "fixed_version": self.fixed_version, "fix_available": self.fix_available,
                "severity": self.severity.label, "cvss_score": self.cvss_score, "cvss_vector": self.cvss_vector,
                "network": self.network, "no_auth": self.no_auth, "source": self.source, "image": self.image,
                "image_digest": self.image_digest, "target": self.target, "title": self.title}


def make(cve: str, package: str, installed: str, fixed: str | None, severity: str | None, source: str,
         vector: str | None = None, score: float | None = None, **where: Any) -> Vulnerability:
    info = parse_cvss(vector, score)
    return Vulnerability(cve=cve, package=package, installed_version=installed or "", fixed_version=fixed or None,
                         severity=severity_of(severity), cvss_score=info.score, cvss_vector=info.vector,
                         source=source, network=info.network, no_auth=info.no_auth, **where)
