"""OCSF 1.1 output: Compliance Finding (2003) for misconfigurations, Vulnerability Finding (2002) for
vulnerabilities, Detection Finding (2004) for threats.  ``metadata.product`` names the source that
reports the finding (UCS, or the cloud security product whose finding it is, agent.products).

Field names follow the OCSF schema so Security Hub (via its OCSF ingestion) and SIEMs accept the
records without mapping.  One JSON array per file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

import agent
from agent.core.model import UCS, Finding, Severity, State, Status
from agent.products.model import PRODUCT_NAMES
from agent.report.common import meta_for

OCSF_VERSION = "1.1.0"
COMPLIANCE_FINDING = 2003
DETECTION_FINDING = 2004
VULNERABILITY_FINDING = 2002
CLASS = {"misconfiguration": (COMPLIANCE_FINDING, "Compliance Finding"),
         "vulnerability": (VULNERABILITY_FINDING, "Vulnerability Finding"),
         "threat": (DETECTION_FINDING, "Detection Finding")}
SEVERITY_ID = {Severity.INFO: 1, Severity.LOW: 2, Severity.MEDIUM: 3, Severity.HIGH: 4, Severity.CRITICAL: 5}
STATUS_ID = {State.NEW: (1, "New"), State.OPEN: (2, "In Progress"), State.REOPENED: (2, "In Progress"),
             State.MUTED: (3, "Suppressed"), State.RESOLVED: (4, "Resolved"), State.PASSED: (4, "Resolved")}
COMPLIANCE_STATUS = {Status.PASS: (1, "Pass"), Status.FAIL: (3, "Fail"), Status.MUTED: (3, "Fail"),
                     Status.ERROR: (99, "Other")}
CLOUD_PROVIDER = {"aws": "AWS", "azure": "Azure", "gcp": "GCP", "kubernetes": "Kubernetes", "k8s": "Kubernetes"}


def _ms(dt: Any) -> int | None:
    return int(dt.timestamp() * 1000) if dt else None


def _product(f: Finding) -> dict[str, Any]:
    """The reporting source: UCS when our check says so too, else the product (``uid`` is the source)."""
    source = f.sources[0] if f.sources else UCS
    if source == UCS:
        return {"name": "UCS", "vendor_name": "UCS", "version": agent.__version__, "uid": UCS}
    name = PRODUCT_NAMES.get(source, source)
    return {"name": name, "vendor_name": name.split(" ", 1)[0], "uid": source}


def to_ocsf(f: Finding, lang: str = "en") -> dict[str, Any]:
    meta = meta_for(f.check_id)
    compliance = f.kind == "misconfiguration"
    class_uid, class_name = CLASS.get(str(f.kind), CLASS["threat"])
    activity_id = 3 if f.state in (State.RESOLVED, State.PASSED) else (1 if f.state in (State.NEW, None) else 2)
    status_id, status = STATUS_ID.get(f.state or State.NEW, (99, "Other"))
    r = f.resource
    when = _ms(f.last_seen)
    doc: dict[str, Any] = {
        "category_uid": 2,
        "category_name": "Findings",
        "class_uid": class_uid,
        "class_name": class_name,
        "activity_id": activity_id,
        "activity_name": {1: "Create", 2: "Update", 3: "Close"}[activity_id],
        "type_uid": class_uid * 100 + activity_id,
        "time": when,
        "severity_id": SEVERITY_ID[f.severity],
        "severity": f.severity.name.capitalize() if f.severity is not Severity.INFO else "Informational",
        "status_id": status_id,
        "status": status,
        "message": f.detail_in(lang) or (meta.text("title", lang) if meta else f.check_id),
        "finding_info": {
            "uid": f.fingerprint,
            "title": meta.text("title", lang) if meta else f.check_id,
            "desc": meta.text("description", lang) if meta else "",
            "types": [f.kind],
            "first_seen_time": _ms(f.first_seen),
            "last_seen_time": when,
            "product_uid": f.check_id,
        },
        "resources": [{
            "uid": r.id, "name": r.name, "type": r.type, "region": r.region,
            "cloud_partition": "aws" if r.provider == "aws" else None,
            "labels": [f"{k}:{v}" for k, v in sorted(r.tags.items())],
        }],
        "cloud": {"provider": CLOUD_PROVIDER.get(r.provider, r.provider), "region": r.region,
                  "account": {"uid": r.account}},
        "unmapped": {"evidence": f.evidence, "check_id": f.check_id, "sources": list(f.sources)},
        "metadata": {
            "version": OCSF_VERSION,
            "product": _product(f),
            "event_code": f.check_id,
        },
    }
    ref = next((f.refs[s] for s in f.sources if s in f.refs), None)
    if ref:
        doc["finding_info"]["uid_alt"] = ref.get("id")
        if ref.get("link"):
            doc["finding_info"]["src_url"] = ref["link"]
    if class_uid == VULNERABILITY_FINDING:
        cve = str((ref or {}).get("control") or f.evidence.get("control") or "")
        doc["vulnerabilities"] = [{"cve": {"uid": cve}, "title": cve, "severity": doc["severity"]}] if cve else []
    if meta:
        doc["remediation"] = {"desc": meta.text("remediation", lang)}
    if compliance:
        cstat_id, cstat = COMPLIANCE_STATUS[f.status]
        doc["compliance"] = {
            "control": f.check_id,
            "standards": sorted(meta.frameworks) if meta else [],
            "requirements": sorted(f"{fw}:{c}" for fw, ids in (meta.frameworks.items() if meta else []) for c in ids),
            "status_id": cstat_id,
            "status": cstat,
            "status_detail": f.detail_in(lang),
        }
    return doc


def write(findings: Iterable[Finding], path: Path, lang: str = "en") -> Path:
    """One JSON array, written a record at a time."""
    with path.open("w", encoding="utf-8") as fh:
        write_array(fh, (to_ocsf(f, lang) for f in findings))
    return path


def write_array(fh: TextIO, docs: Iterable[Any]) -> None:
    """A JSON array of ``docs``, one per line, written as they come."""
    sep = "[\n"
    for d in docs:
        fh.write(sep)
        fh.write(json.dumps(d, ensure_ascii=False))
        sep = ",\n"
    fh.write("[]\n" if sep == "[\n" else "\n]\n")
