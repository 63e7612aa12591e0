"""Helpers shared by the output writers: check texts in the chosen language."""

from __future__ import annotations

from typing import Any

import checks as registry
from agent.core.model import CheckMeta, Finding


def meta_for(check_id: str) -> CheckMeta | None:
    try:
        return registry.get(check_id).meta
    except KeyError:
        return None


def finding_doc(f: Finding, lang: str = "en") -> dict[str, Any]:
    doc = f.to_dict()
    doc["detail"] = f.detail_in(lang)
    meta = meta_for(f.check_id)
    if meta:
        doc["title"] = meta.text("title", lang)
        doc["remediation"] = meta.text("remediation", lang)
        doc["frameworks"] = {k: list(v) for k, v in meta.frameworks.items()}
    return doc
