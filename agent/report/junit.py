"""JUnit XML for CI dashboards: one ``<testsuite>`` per check, one ``<testcase>`` per check ×
resource; FAIL is a ``<failure>``, ERROR (could not read) an ``<error>``, MUTED ``<skipped>``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from agent.core.model import Finding, Status
from agent.report.common import meta_for


def to_junit(findings: Sequence[Finding], lang: str = "en") -> ET.Element:
    by_check: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_check[f.check_id].append(f)
    root = ET.Element("testsuites", name="UCS", tests=str(len(findings)),
                      failures=str(sum(f.status is Status.FAIL for f in findings)),
                      errors=str(sum(f.status is Status.ERROR for f in findings)))
    for check_id in sorted(by_check):
        cases = sorted(by_check[check_id], key=lambda f: f.resource.id)
        meta = meta_for(check_id)
        suite = ET.SubElement(root, "testsuite", name=check_id, tests=str(len(cases)),
                              failures=str(sum(f.status is Status.FAIL for f in cases)),
                              errors=str(sum(f.status is Status.ERROR for f in cases)),
                              skipped=str(sum(f.status is Status.MUTED for f in cases)))
        for f in cases:
            r = f.resource
            case = ET.SubElement(suite, "testcase", classname=check_id, name=f"{r.provider}/{r.account}/{r.region}/{r.id}")
            detail = f.detail_in(lang)
            if f.status is Status.FAIL:
                failure = ET.SubElement(case, "failure", message=detail, type=f.severity.label)
                failure.text = meta.text("remediation", lang) if meta else detail
            elif f.status is Status.ERROR:
                ET.SubElement(case, "error", message=detail, type="not-assessed")
            elif f.status is Status.MUTED:
                ET.SubElement(case, "skipped", message=f.mute_reason or detail)
    return root


def write(findings: Sequence[Finding], path: Path, lang: str = "en") -> Path:
    tree = ET.ElementTree(to_junit(findings, lang))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return path
