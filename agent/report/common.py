"""Helpers shared by the output writers: check texts in the chosen language, coverage gaps as one line."""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any

import checks as registry
from agent.core.model import CheckMeta, Finding

# A coverage error as one readable line: the HTTP status and error code of the answer, never its body.
_HTTP = re.compile(r"\b(?:HTTP[ /]?(?:1\.[01] )?|status[ =:]*|code[ =:]*)([1-5]\d\d)\b", re.I)
_TAG = re.compile(r"<[^>]*>")


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


def gap_line(gap: dict[str, Any]) -> str:
    """``provider account region type: why`` — one line.  An answer whose body is HTML (a proxy's
    or load balancer's error page) becomes its HTTP status and reason phrase, never the body."""
    raw = str(gap.get("error") or "")
    text = " ".join(_TAG.sub(" ", raw).split())
    if re.search(r"<(html|body|head|!doctype|h1|div|p)\b", raw, re.I):
        status = _HTTP.search(text) or re.search(r"\b([45]\d\d)\b", text)
        if status:
            code = int(status.group(1))
            phrase = HTTPStatus(code).phrase if code in HTTPStatus._value2member_map_ else ""
            why = f"HTTP {code} {phrase}".strip()
        else:
            why = " ".join(text.split()[:6])
    else:
        why = text
    if len(why) > 160:
        why = why[:157] + "…"
    where = " ".join(str(gap.get(k) or "") for k in ("provider", "account", "region", "resource_type"))
    return f"{where}: {why}"


def local_time(when: Any, tz: str = "UTC", lang: str = "en") -> str:
    """A stored time (datetime or ISO 8601 text, UTC) as a person reads it: the tenant's zone, the
    language's format (Babel).  Data outputs keep ISO 8601 UTC."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from babel.dates import format_datetime

    if when is None or when == "":
        return "-"
    dt = datetime.fromisoformat(when.replace("Z", "+00:00")) if isinstance(when, str) else when
    dt = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    return str(format_datetime(dt, "medium", tzinfo=ZoneInfo(tz), locale=lang))
