"""Our findings in the AWS Security Finding Format (ASFF), for ``--output-format asff`` and
``ucs export securityhub``.  Pure: no SDK, no store.

    Id            ucs/<tenant>/<fingerprint>: the same finding always has the same id, so a second
                  import updates it instead of adding a copy (BatchImportFindings is an upsert)
    ProductArn    arn:aws:securityhub:<region>:<account>:product/<account>/default (a custom
                  integration's own product, which BatchImportFindings accepts from the account)
    Severity      our severity's label (info -> INFORMATIONAL)
    RecordState   ACTIVE while the finding is new/open/reopened/muted; ARCHIVED once resolved
    Compliance    FAILED / PASSED (misconfigurations), with our framework references
    Resources     our resource: its id (ARN), type in ASFF terms where one exists, region

What may be exported (:func:`exportable`): findings about AWS resources that came from us alone,
never one Security Hub (or a product it carries already) reported: that would import a copy.
"""

from __future__ import annotations

from typing import Any

from agent.core.model import UCS, Finding, Severity, State
from agent.products.parse import ASFF_TYPES

SCHEMA = "2018-10-08"
LABEL = {Severity.INFO: "INFORMATIONAL", Severity.LOW: "LOW", Severity.MEDIUM: "MEDIUM", Severity.HIGH: "HIGH",
         Severity.CRITICAL: "CRITICAL"}
OUR_TYPES = {v: k for k, v in ASFF_TYPES.items()}
TYPES = {"misconfiguration": "Software and Configuration Checks/AWS Security Best Practices",
         "threat": "TTPs", "vulnerability": "Software and Configuration Checks/Vulnerabilities/CVE"}


def exportable(f: Finding) -> bool:
    return f.resource.provider == "aws" and tuple(f.sources) == (UCS,) and f.state is not State.PASSED


def _time(f: Finding, which: str) -> str:
    dt = getattr(f, which)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z" if dt else "1970-01-01T00:00:00.000Z"


def to_asff(f: Finding, tenant: str, account: str, region: str, title: str = "", description: str = "",
            frameworks: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """One ASFF finding; ``account`` and ``region`` are where it is imported (the product's home)."""
    r = f.resource
    archived = f.state is State.RESOLVED
    doc: dict[str, Any] = {
        "SchemaVersion": SCHEMA,
        "Id": f"ucs/{tenant}/{f.fingerprint}",
        "ProductArn": f"arn:aws:securityhub:{region}:{account}:product/{account}/default",
        "GeneratorId": f"ucs/{f.check_id}",
        "AwsAccountId": r.account if r.account.isdigit() and len(r.account) == 12 else account,
        "Types": [TYPES.get(str(f.kind), TYPES["misconfiguration"])],
        "CreatedAt": _time(f, "first_seen"),
        "UpdatedAt": _time(f, "last_seen"),
        "Severity": {"Label": LABEL[f.severity], "Original": f.severity.label},
        "Title": (title or f.check_id)[:256],
        "Description": (description or f.detail or f.check_id)[:1024],
        "Resources": [{"Type": OUR_TYPES.get(r.type, "Other"), "Id": r.id, "Partition": "aws",
                       "Region": r.region if r.region not in ("global", "*") else region}],
        "RecordState": "ARCHIVED" if archived else "ACTIVE",
        "ProductFields": {"ucs/check_id": f.check_id, "ucs/fingerprint": f.fingerprint,
                          "ucs/state": f.state.value if f.state else "", "ProviderName": "UCS"},
    }
    if str(f.kind) == "misconfiguration":
        doc["Compliance"] = {"Status": "PASSED" if archived else "FAILED",
                             "RelatedRequirements": sorted(f"{fw} {c}" for fw, ids in (frameworks or {}).items()
                                                           for c in ids)[:32]}
    return doc
