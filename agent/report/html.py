"""The HTML report (v2): one self-contained file rendered from Jinja2 templates with
autoescaping (``agent/report/templates``: ``report.html``, ``report.css``, ``report.js``).

Every active and muted finding is embedded as compact JSON rows (:func:`html_data.finding_rows`);
the inline script searches, filters (severity, provider, account, service, status, source,
framework), sorts and pages them, and opens a finding's detail on click.  A strict
Content-Security-Policy allows only the page's own style and script, by their SHA-256 hashes: no
network, no CDN, no other inline code, so the file behaves the same offline.  Bar charts are
HTML tables with ``<progress>`` bars, so a label or a number of any length wraps instead of
being cut off.  Dates and numbers are formatted for the language (Babel) in the tenant's zone.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_timedelta
from babel.numbers import format_decimal
from jinja2 import Environment, PackageLoader, select_autoescape

from agent.core.model import Finding, Severity
from agent.report.common import gap_line, meta_for
from agent.report.html_data import ReportData, finding_rows, gather
from agent.report.html_text import T
from agent.report.labels import label

STATUS_KEYS = ("pass", "fail", "error", "manual", "not-assessed")


@cache
def _asset(name: str) -> str:
    return resources.files("agent.report.templates").joinpath(name).read_text(encoding="utf-8")


@cache
def _env() -> Environment:
    return Environment(loader=PackageLoader("agent.report", "templates"), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def csp(css: str, script: str) -> str:
    return (f"default-src 'none'; style-src {_hash(css)}; script-src {_hash(script)}; img-src data:; "
            "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")


def line_chart(points: Sequence[tuple[str, int]], width: int = 640, height: int = 160) -> str:
    """An SVG trend line (only numbers and dates the report itself formats go in)."""
    from html import escape

    if len(points) < 2:
        return ""
    top = max(n for _, n in points) or 1
    step = (width - 40) / (len(points) - 1)
    xy = [(20 + i * step, height - 20 - (height - 40) * n / top) for i, (_, n) in enumerate(points)]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(xy))
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{escape(lbl)}: {n}</title></circle>'
                   for (x, y), (lbl, n) in zip(xy, points, strict=True))
    return (f'<svg role="img" width="100%" viewBox="0 0 {width} {height}" class="trend">'
            f'<path d="{path}" fill="none" stroke="#2563eb" stroke-width="2"/>{dots}'
            f'<text x="20" y="{height - 4}" class="lbl">{escape(points[0][0])}</text>'
            f'<text x="{width - 20}" y="{height - 4}" class="lbl" text-anchor="end">{escape(points[-1][0])}</text></svg>')


def bars(key: str, caption: str, pairs: Sequence[tuple[str, int]], lang: str, sev: bool = False) -> dict[str, Any]:
    top = max((n for _, n in pairs), default=0) or 1
    return {"key": key, "caption": caption, "top": top,
            "bars": [{"label": label(name, lang) if sev else name, "value": n, "text": format_decimal(n, locale=lang),
                      "cls": f"b-{name}" if sev else ""} for name, n in pairs]}


def heat(vulns: Iterable[Any], lang: str, limit: int = 15) -> dict[str, Any]:
    cells: dict[str, dict[str, int]] = {}
    for r in vulns:
        img = r.vuln.image or r.vuln.image_digest or r.vuln.target or "?"
        cells.setdefault(img, {s.label: 0 for s in Severity})[r.vuln.severity.label] += 1
    sevs = [s.label for s in sorted(Severity, reverse=True)]
    peak = max((max(c.values()) for c in cells.values()), default=0) or 1
    images = sorted(cells, key=lambda i: (-cells[i]["critical"], -cells[i]["high"], i))[:limit]
    return {"sevs": [label(s, lang) for s in sevs],
            "images": [{"name": img, "cells": [{"level": 0 if not cells[img][s] else 1 + min(4, 5 * cells[img][s] // (peak + 1)),
                                                 "text": cells[img][s] or ""} for s in sevs]} for img in images]}


def _title(f: Finding, lang: str) -> str:
    meta = meta_for(f.check_id)
    return meta.text("title", lang) if meta else f.check_id


def _duration(seconds: float | None, lang: str) -> str:
    if seconds is None:
        return "-"
    return format_timedelta(timedelta(seconds=seconds), locale=lang, threshold=2)


def context(data: ReportData, lang: str = "en", tz: str = "UTC") -> dict[str, Any]:
    t = T.get(lang, T["en"])
    zone = ZoneInfo(tz)

    def when(dt: datetime | None) -> str:
        return format_datetime(dt, "medium", tzinfo=zone, locale=lang) if dt else "-"

    def num(n: int) -> str:
        return format_decimal(n, locale=lang)

    rows, checks = finding_rows(data.active + data.muted, lang)
    values = {i: sorted({r[i] for r in rows}) for i in (0, 1, 3, 4, 6)}
    values[11] = sorted({s for r in rows for s in r[11].split(",") if s})  # a finding may have several sources
    per_source: dict[str, list[int]] = {}  # who reports the active findings, and how many another source too
    for f in data.active:
        for src in f.sources:
            n = per_source.setdefault(src, [0, 0])
            n[0] += 1
            n[1] += int(len(f.sources) > 1)
    frameworks_seen = sorted({fc.split(" ")[0] for c in checks.values() for fc in c[2]})

    def options(key: str, i: int | None, words: list[str] | None = None) -> dict[str, Any]:
        vals = words if words is not None else values[i or 0]
        if key == "severity":
            vals = sorted(vals, key=lambda s: -int(Severity.parse(s)))
        return {"key": key, "label": label(key, lang),
                "options": [{"value": v, "label": label(v, lang) if key in ("severity", "status") else v} for v in vals]}

    frameworks = []
    for fw in data.frameworks:
        counts = {k: sum(c.status == k for c in fw.controls) for k in STATUS_KEYS}
        frameworks.append({
            "title": fw.title, "score": "-" if fw.score is None else f"{fw.score:g}%", "total": len(fw.controls),
            "assessed": counts["pass"] + counts["fail"] + counts["error"], "not_assessed": counts["not-assessed"],
            "manual": counts["manual"],
            "controls": [{"id": c.id, "title": c.title, "key": c.status.replace("-", "_"),
                          "label": t["st_" + c.status.replace("-", "_")], "failing": len(c.failing)}
                         for c in fw.controls]})
    affected: dict[str, int] = {}
    for r in data.vulns:
        for w in r.reach.workloads:
            affected[w.label] = affected.get(w.label, 0) + 1
    scope = data.scope
    labels = {"sev": {s.label: label(s.label, lang) for s in Severity},
              "status": {k: label(k, lang) for k in ("PASS", "FAIL", "MUTED", "ERROR")},
              "state": {k: label(k, lang) for k in ("new", "open", "resolved", "reopened", "muted", "passed")},
              "shown": t["shown"], "resource_id": t["resource_id"], "source": label("source", lang),
              "first_seen": label("first seen", lang), "last_seen": label("last seen", lang),
              "remediation": label("remediation", lang), "frameworks": label("frameworks", lang)}
    data_json = json.dumps({"rows": rows, "checks": checks, "labels": labels}, ensure_ascii=False,
                           separators=(",", ":")).replace("</", "<\\/")
    css, script = _asset("report.css"), _asset("report.js")
    last = data.last_scan
    return {
        "lang": lang, "t": t, "tenant": data.tenant, "csp": csp(css, script), "css": css, "script": script,
        "generated": when(datetime.now(zone)), "last_scan_when": when(last.finished_at) if last else "-",
        "last_scan_id": last.id if last else "-",
        "score": "-" if data.score is None else f"{data.score:g}%",
        "failing_total": num(sum(data.by_severity.values())), "muted_total": num(len(data.muted)),
        "gaps_total": num(len(data.gaps)),
        "changes": " · ".join(f"{t.get('ch_' + k, k)}: {num(n)}" for k, n in sorted(data.changes.items())) or t["none"],
        "charts": [bars("severity", t["by_severity"], list(data.by_severity.items()), lang, sev=True),
                   bars("provider", t["by_provider"], sorted(data.by_provider.items()), lang),
                   bars("account", t["by_account"], data.by_account, lang),
                   bars("service", t["by_service"], data.by_service, lang)],
        "scope": None if scope is None else {
            "accounts": num(scope.accounts), "regions": num(scope.regions), "services": num(scope.services),
            "resources": num(scope.resources), "units": f"{num(scope.units - scope.failed_units)} / {num(scope.units)}",
            "duration": _duration(scope.duration_seconds, lang)},
        "realtime": None if not (data.realtime and data.realtime.events) else {
            "events": num(data.realtime.events), "recollections": num(data.realtime.recollections),
            "saved": num(data.realtime.saved_by_coalescing),
            "p50": _duration(data.realtime.latency_p50, lang), "p95": _duration(data.realtime.latency_p95, lang),
            "failed": num(data.realtime.by_outcome.get("failed", 0)),
            "deferred": num(data.realtime.by_outcome.get("deferred", 0))},
        "trend": line_chart([(when(dt), n) for dt, n in data.trend]),
        "frameworks": frameworks,
        "plan": [{"what": a.what, "why": a.why, "how": a.how, "risk": f"{a.risk_removed:g}",
                  "effort": t.get("eff_" + a.effort, a.effort),
                  "green": ", ".join(a.controls_green[:5])} for a in data.plan],
        "heat": heat(data.vulns, lang),
        "top_cves": [{"risk": f"{r.risk:g}", "cve": r.vuln.cve, "sev": r.vuln.severity.label,
                      "sev_label": label(r.vuln.severity.label, lang), "cvss": r.vuln.cvss_score or "",
                      "package": f"{r.vuln.package} {r.vuln.installed_version}", "fixed": r.vuln.fixed_version or "-",
                      "image": r.vuln.image or r.vuln.target or "", "workloads": len(r.reach.workloads),
                      "exposure": " ".join(t[k] for k, on in (("internet", r.reach.exposed),
                                                              ("privileged", r.reach.privileged)) if on)}
                     for r in data.vulns[:20]],
        "affected": sorted(affected.items(), key=lambda x: -x[1])[:20],
        "toxic": [{"sev": f.severity.label, "sev_label": label(f.severity.label, lang), "title": _title(f, lang),
                   "resource": f.resource.name, "detail": f.detail_in(lang)} for f in data.toxic],
        "by_check": [{"sev": s, "sev_label": label(s, lang), "id": cid, "title": title, "count": num(n)}
                     for cid, title, n, s in data.by_check],
        "filters": [options("severity", 0), options("status", 1), options("provider", 3), options("account", 4),
                    options("service", 6), options("source", 11), options("framework", None, frameworks_seen)],
        "data_json": data_json,
        "muted": [{"check": f.check_id, "resource": f.resource.name, "reason": f.mute_reason or "",
                   "expires": when(f.mute_expires)} for f in data.muted[:500]],
        "gaps": [gap_line(g) for g in data.gaps]
        + [gap_line({"provider": f.resource.provider, "account": f.resource.account, "region": f.resource.region,
                     "resource_type": f.resource.type, "error": f.detail_in(lang)})
           for f in data.active if f.check_id.endswith(".coverage_gap")],  # licensed products not readable
        "by_source": [{"source": k, "count": num(v[0]), "also": num(v[1])} for k, v in sorted(per_source.items())],
    }


def render(data: ReportData, lang: str = "en", tz: str = "UTC") -> str:
    return _env().get_template("report.html").render(**context(data, lang, tz))


def write_html(store: Any, settings: Any, out_dir: str | Path, stem: str, lang: str = "en") -> Path:
    data = gather(store, settings.tenant.id, lang)
    from agent.report.paths import output_path

    path = output_path(out_dir, f"{stem}.html")
    path.write_text(render(data, lang, settings.tenant.timezone), encoding="utf-8")
    return path
