"""SARIF 2.1.0 (GitHub / GitLab code scanning): one rule per check that ran (from its metadata),
one result per FAIL or ERROR finding, located at its resource.

A cloud resource has no file, so its location is a logical one (the resource id, kind
"resource") plus an artifact URI naming provider/account/region/type/name — code-scanning UIs
require a physical location and group by it.  A manifest scanned offline keeps its file path
when the collector recorded one (``_source`` in the resource data).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import agent
from agent.core.model import Finding, Severity, Status
from agent.report.common import meta_for

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.CRITICAL: "error", Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note",
         Severity.INFO: "note"}
# GitHub's "security-severity" (0.0–10.0) orders alerts as critical / high / medium / low.
SECURITY_SEVERITY = {Severity.CRITICAL: "9.5", Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0",
                     Severity.INFO: "0.0"}


def _rule(check_id: str, lang: str) -> dict[str, Any]:
    meta = meta_for(check_id)
    if meta is None:
        return {"id": check_id, "shortDescription": {"text": check_id}}
    return {
        "id": check_id,
        "name": check_id.replace(".", "_"),
        "shortDescription": {"text": meta.text("title", lang)},
        "fullDescription": {"text": meta.text("description", lang)},
        "help": {"text": meta.text("remediation", lang)},
        "defaultConfiguration": {"level": LEVEL[meta.severity]},
        "properties": {"tags": ["security", meta.provider, *sorted(meta.frameworks)],
                       "security-severity": SECURITY_SEVERITY[meta.severity],
                       "frameworks": {k: list(v) for k, v in meta.frameworks.items()}},
    }


def _uri(f: Finding) -> str:
    r = f.resource
    source = r.data.get("_source") if isinstance(r.data, dict) else None
    if isinstance(source, str) and source:
        return source
    parts = [r.provider, r.account or "-", r.region or "-", r.type, r.name or r.id]
    return "/".join(p.replace("/", "_") for p in parts)


def to_sarif(findings: Sequence[Finding], lang: str = "en") -> dict[str, Any]:
    reported = [f for f in findings if f.status in (Status.FAIL, Status.ERROR)]
    rule_ids = sorted({f.check_id for f in findings})
    index = {cid: i for i, cid in enumerate(rule_ids)}
    results = []
    for f in reported:
        r = f.resource
        results.append({
            "ruleId": f.check_id,
            "ruleIndex": index[f.check_id],
            "level": LEVEL[f.severity] if f.status is Status.FAIL else "warning",
            "kind": "fail" if f.status is Status.FAIL else "review",
            "message": {"text": f.detail_in(lang) or f.check_id},
            "locations": [{
                "physicalLocation": {"artifactLocation": {"uri": _uri(f)}},
                "logicalLocations": [{"name": r.name or r.id, "fullyQualifiedName": r.id, "kind": "resource"}],
            }],
            "partialFingerprints": {"ucsFingerprint/v1": f.fingerprint},
            "properties": {"severity": f.severity.label, "status": f.status.value, "provider": r.provider,
                           "account": r.account, "region": r.region, "resourceType": r.type,
                           **({"state": f.state.value} if f.state else {})},
        })
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "UCS", "version": agent.__version__, "informationUri": "https://ucs.example/",
                                "rules": [_rule(cid, lang) for cid in rule_ids]}},
            "language": lang,
            "results": results,
        }],
    }


def write(findings: Sequence[Finding], path: Path, lang: str = "en") -> Path:
    path.write_text(json.dumps(to_sarif(findings, lang), ensure_ascii=False, indent=1), encoding="utf-8")
    return path
