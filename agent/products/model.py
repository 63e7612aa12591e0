"""A cloud security product's own finding, normalised, and how it becomes one of ours.

    product document ──► Reported (this module's shape: source, product id and link, status
                         there, severity on our scale, kind, the resource as the product names it,
                         the product's control refs)
                     ──► Finding (agent.core.model) once the resource is joined to our inventory
                         and the dedup mapping (config/products/*.yaml) has named the check of ours
                         that says the same thing, if any

Severity on our scale (docs/products.md has the table):

    Security Hub (ASFF)  Severity.Label INFORMATIONAL/LOW/MEDIUM/HIGH/CRITICAL -> info…critical;
                         no label: Severity.Normalized 0 info, 1–39 low, 40–69 medium,
                         70–89 high, 90–100 critical
    GuardDuty            Severity score 1.0–3.9 low, 4.0–6.9 medium, 7.0–8.9 high, 9.0–10 critical
    Inspector2           severity as named; UNTRIAGED -> medium (unknown is not harmless)
    Macie                severity.description Low/Medium/High
    Access Analyzer      no severity: public -> high, other external access -> medium, unused -> low
    Defender for Cloud   alert/assessment severity Informational/Low/Medium/High/Critical
    SCC                  CRITICAL/HIGH/MEDIUM/LOW; SEVERITY_UNSPECIFIED -> info
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from agent.core.model import FindingKind, Messages, Resource, Severity

MSG = Messages("products", {
    "reported": ("{product} reports: {title}", "{product} の検出: {title}"),
    "not_readable": ("{product} is licensed but could not be read in {where}: {error}",
                     "{product} はライセンスされていますが {where} で読み取れませんでした: {error}"),
})

PRODUCT_NAMES = {"securityhub": "AWS Security Hub", "guardduty": "Amazon GuardDuty", "inspector2": "Amazon Inspector",
                 "macie": "Amazon Macie", "access-analyzer": "IAM Access Analyzer",
                 "defender": "Microsoft Defender for Cloud", "scc": "Google Security Command Center"}
PRODUCT_PROVIDER = {"securityhub": "aws", "guardduty": "aws", "inspector2": "aws", "macie": "aws",
                    "access-analyzer": "aws", "defender": "azure", "scc": "gcp"}

_LABELS = {"INFORMATIONAL": Severity.INFO, "INFO": Severity.INFO, "LOW": Severity.LOW, "MEDIUM": Severity.MEDIUM,
           "MODERATE": Severity.MEDIUM, "HIGH": Severity.HIGH, "CRITICAL": Severity.CRITICAL,
           "UNTRIAGED": Severity.MEDIUM, "SEVERITY_UNSPECIFIED": Severity.INFO}


def severity_label(label: Any, default: Severity = Severity.MEDIUM) -> Severity:
    """A product's severity word (any case) on our scale."""
    return _LABELS.get(str(label or "").strip().upper(), default)


def severity_normalized(value: Any) -> Severity:
    """ASFF Severity.Normalized (0–100)."""
    n = float(value or 0)
    return (Severity.INFO if n < 1 else Severity.LOW if n < 40 else Severity.MEDIUM if n < 70
            else Severity.HIGH if n < 90 else Severity.CRITICAL)


def severity_score(value: Any) -> Severity:
    """GuardDuty's 1.0–10.0 score."""
    n = float(value or 0)
    return Severity.LOW if n < 4 else Severity.MEDIUM if n < 7 else Severity.HIGH if n < 9 else Severity.CRITICAL


@dataclass(slots=True)
class Reported:
    """One product finding, normalised, before it is joined to our inventory."""

    source: str
    product_id: str  # the product's own id (ARN for AWS products, ARM id, SCC finding name)
    control: str  # what it is about in the product's terms: control id, finding type, category, CVE
    title: str
    active: bool  # False: archived, resolved, suppressed or dismissed there
    severity: Severity
    kind: FindingKind
    resource: Resource  # as the product names it; joined to ours before it is stored
    updated_at: str = ""  # ISO time the product last changed it (incremental reads)
    link: str = ""
    controls: dict[str, list[str]] = field(default_factory=dict)  # compliance refs, e.g. {"cis-aws": ["2.1.4"]}
    status: str = ""  # the product's own status word

    def __post_init__(self) -> None:
        self.title = scrub(self.title)

    def ref(self) -> dict[str, Any]:
        """What the finding keeps of this product (``Finding.refs[source]``)."""
        return {"id": self.product_id, "link": self.link, "control": self.control, "title": self.title,
                "status": self.status, "active": self.active, "severity": self.severity.label,
                "updated_at": self.updated_at, "controls": self.controls, "region": self.resource.region}


# Art. 13: a product's title may name communication data (GuardDuty: "… from remote host
# 198.51.100.7"); only the title crosses into our findings, and never with an address in it.
_ADDRESS = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|(?<![\w:])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{1,4}(?![\w:])")


def scrub(text: str) -> str:
    return _ADDRESS.sub("<address>", text)


_UNSAFE = re.compile(r"[^A-Za-z0-9_:/+\-.]")


def product_check_id(source: str, control: str) -> str:
    """Check id of a product finding no check of ours says the same as: ``product.<source>.<control>``."""
    return f"product.{source}.{_UNSAFE.sub('_', control)[:96]}"
