"""The HTML report: one self-contained file (inline CSS, SVG charts, a few lines of JS, no network).

Large estates stay readable: findings are aggregated per check, and only the worst
``DETAIL_ROWS`` failing findings are embedded, paged 50 at a time by the inline script.  A
Content-Security-Policy forbids every network load, so the file behaves the same offline.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from agent.core.model import Finding, Severity, Status
from agent.report.common import meta_for
from agent.report.html_data import DETAIL_ROWS, ReportData, gather
from agent.report.html_text import CSS, SCRIPT, T

SEV_COLOURS = {"critical": "#7f1d1d", "high": "#dc2626", "medium": "#f59e0b", "low": "#0ea5e9", "info": "#9ca3af"}


def e(x: Any) -> str:
    return escape(str(x), quote=True)


def bar_chart(pairs: Sequence[tuple[str, int]], colours: dict[str, str] | None = None, width: int = 420) -> str:
    if not pairs:
        return ""
    top = max(n for _, n in pairs) or 1
    h = 22 * len(pairs) + 6
    rows = []
    for i, (label, n) in enumerate(pairs):
        w = int((width - 170) * n / top)
        colour = (colours or {}).get(label, "#2563eb")
        y = 4 + i * 22
        rows.append(f'<text x="0" y="{y + 14}" class="lbl">{e(label)[:24]}</text>'
                    f'<rect x="150" y="{y}" width="{w}" height="16" fill="{colour}"/>'
                    f'<text x="{156 + w}" y="{y + 13}" class="num">{n}</text>')
    return f'<svg role="img" width="{width}" height="{h}" viewBox="0 0 {width} {h}">{"".join(rows)}</svg>'


def line_chart(points: Sequence[tuple[str, int]], width: int = 640, height: int = 160) -> str:
    if len(points) < 2:
        return ""
    top = max(n for _, n in points) or 1
    step = (width - 40) / (len(points) - 1)
    xy = [(20 + i * step, height - 20 - (height - 40) * n / top) for i, (_, n) in enumerate(points)]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(xy))
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{e(lbl)}: {n}</title></circle>'
                   for (x, y), (lbl, n) in zip(xy, points, strict=True))
    return (f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}" class="trend">'
            f'<path d="{path}" fill="none" stroke="#2563eb" stroke-width="2"/>{dots}'
            f'<text x="20" y="{height - 4}" class="lbl">{e(points[0][0])}</text>'
            f'<text x="{width - 20}" y="{height - 4}" class="lbl" text-anchor="end">{e(points[-1][0])}</text></svg>')


def heatmap(vulns: Iterable[Any], t: dict[str, str], limit: int = 15) -> str:
    cells: dict[str, dict[str, int]] = {}
    for r in vulns:
        img = r.vuln.image or r.vuln.image_digest or r.vuln.target or "?"
        cells.setdefault(img, {s.label: 0 for s in Severity})[r.vuln.severity.label] += 1
    if not cells:
        return f"<p>{t['none']}</p>"
    images = sorted(cells, key=lambda i: (-cells[i]["critical"], -cells[i]["high"], i))[:limit]
    sevs = [s.label for s in sorted(Severity, reverse=True)]
    peak = max(max(c.values()) for c in cells.values()) or 1
    head = "".join(f"<th>{e(s)}</th>" for s in sevs)
    body = "".join(
        "<tr><td>" + e(img) + "</td>" + "".join(
            f'<td class="heat" style="background:rgba(220,38,38,{0.08 + 0.9 * cells[img][s] / peak:.2f})">'
            f"{cells[img][s] or ''}</td>" for s in sevs) + "</tr>" for img in images)
    return f'<table class="heatmap"><tr><th>{t["image"]}</th>{head}</tr>{body}</table>'


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], cls: str = "") -> str:
    head = "".join(f"<th>{e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c if isinstance(c, Markup) else e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


class Markup(str):
    """Already-escaped HTML for table cells."""


def sev_badge(label: str) -> Markup:
    return Markup(f'<span class="sev sev-{e(label)}">{e(label)}</span>')


def render(data: ReportData, lang: str = "en", tz: str = "UTC") -> str:
    t = T.get(lang, T["en"])
    zone = ZoneInfo(tz)

    def when(dt: Any) -> str:
        return dt.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z") if dt else "-"

    last = data.last_scan
    parts = [f'<header><h1>{t["title"]} — {e(data.tenant)}</h1><p>{t["generated"]}: '
             f'{e(datetime.now(zone).strftime("%Y-%m-%d %H:%M %Z"))} · {t["last_scan"]}: '
             f'{e(when(last.finished_at) if last else "-")} (#{e(last.id if last else "-")})</p></header>']
    # Posture summary
    score = "-" if data.score is None else f"{data.score:g}%"
    changes = " · ".join(f"{e(t.get('ch_' + k, k))}: {n}" for k, n in sorted(data.changes.items())) or t["none"]
    parts.append(f'<section id="summary"><h2>{t["summary"]}</h2><div class="cards">'
                 f'<div class="card"><b>{score}</b><span>{t["score"]}</span></div>'
                 f'<div class="card"><b>{sum(data.by_severity.values())}</b><span>{t["failing"]}</span></div>'
                 f'<div class="card"><b>{len(data.muted)}</b><span>{t["muted"]}</span></div>'
                 f'<div class="card"><b>{len(data.gaps)}</b><span>{t["gaps"]}</span></div></div>'
                 f'<p>{t["changes"]}: {changes}</p><div class="charts">'
                 f'<figure><figcaption>{t["by_severity"]}</figcaption>'
                 f'{bar_chart(list(data.by_severity.items()), SEV_COLOURS)}</figure>'
                 f'<figure><figcaption>{t["by_provider"]}</figcaption>{bar_chart(sorted(data.by_provider.items()))}</figure>'
                 f'<figure><figcaption>{t["by_account"]}</figcaption>{bar_chart(data.by_account)}</figure>'
                 f'<figure><figcaption>{t["by_service"]}</figcaption>{bar_chart(data.by_service)}</figure>'
                 f"</div></section>")
    # Trend
    trend = line_chart([(when(dt)[:10], n) for dt, n in data.trend]) or f"<p>{t['trend_few']}</p>"
    parts.append(f'<section id="trend"><h2>{t["trend"]}</h2>{trend}</section>')
    # Compliance
    comp = []
    for fw in data.frameworks:
        keys = {c.status: c.status.replace("-", "_") for c in fw.controls}
        counts = {k: sum(c.status == k for c in fw.controls) for k in ("pass", "fail", "error", "manual", "not-assessed")}
        rows = [(c.id, c.title, Markup(f'<span class="st st-{keys[c.status]}">{e(t["st_" + keys[c.status]])}</span>'),
                 len(c.failing)) for c in fw.controls]
        comp.append(f'<details><summary><b>{e(fw.title)}</b> — {t["score"]}: '
                    f'{"-" if fw.score is None else f"{fw.score:g}%"} · '
                    + " · ".join(f"{t['st_' + k.replace('-', '_')]} {v}" for k, v in counts.items())
                    + f"</summary>{table([t['control'], t['title_col'], t['status'], t['failing']], rows, 'controls')}"
                    "</details>")
    parts.append(f'<section id="compliance"><h2>{t["compliance"]}</h2>{"".join(comp) or t["none"]}</section>')
    # Improvement plan
    plan_rows = [(i, a.what, a.why, Markup("<br>".join(e(h) for h in a.how[:3])), f"{a.risk_removed:g}",
                  t.get("eff_" + a.effort, a.effort), ", ".join(a.controls_green[:5]))
                 for i, a in enumerate(data.plan, 1)]
    parts.append(f'<section id="plan"><h2>{t["plan"]}</h2>'
                 + (table(["#", t["action"], t["why"], t["how"], t["risk_removed"], t["effort"], t["green"]],
                          plan_rows, "plan") if plan_rows else f"<p>{t['none']}</p>") + "</section>")
    # Vulnerabilities
    top = [(f"{r.risk:g}", r.vuln.cve, sev_badge(r.vuln.severity.label), r.vuln.cvss_score or "",
            f"{r.vuln.package} {r.vuln.installed_version}", r.vuln.fixed_version or "-",
            r.vuln.image or r.vuln.target or "", len(r.reach.workloads),
            " ".join(t[k] for k, on in (("internet", r.reach.exposed), ("privileged", r.reach.privileged)) if on))
           for r in data.vulns[:20]]
    affected: dict[str, int] = {}
    for r in data.vulns:
        for w in r.reach.workloads:
            affected[w.label] = affected.get(w.label, 0) + 1
    parts.append(f'<section id="vulnerabilities"><h2>{t["vulns"]}</h2><h3>{t["heatmap"]}</h3>'
                 f'{heatmap(data.vulns, t)}<h3>{t["top_cves"]}</h3>'
                 + (table([t["risk"], "CVE", t["severity"], "CVSS", t["package"], t["fixed"], t["image"],
                           t["workloads"], t["exposure"]], top) if top else f"<p>{t['none']}</p>")
                 + f'<h3>{t["affected"]}</h3>'
                 + (table([t["workload"], t["vuln_count"]], sorted(affected.items(), key=lambda x: -x[1])[:20])
                    if affected else f"<p>{t['none']}</p>") + "</section>")
    # Toxic combinations
    tox = [(sev_badge(f.severity.label), _title(f, lang), f.resource.name, f.detail_in(lang)) for f in data.toxic]
    parts.append(f'<section id="toxic"><h2>{t["toxic"]}</h2>'
                 + (table([t["severity"], t["check"], t["resource"], t["detail"]], tox) if tox else f"<p>{t['none']}</p>")
                 + "</section>")
    # Findings, aggregated and paged
    agg = [(sev_badge(s), cid, title, n) for cid, title, n, s in data.by_check]
    worst = sorted((f for f in data.active if f.status is Status.FAIL),
                   key=lambda f: (-int(f.severity), f.check_id, f.resource.id))[:DETAIL_ROWS]
    rows_json = json.dumps([[f.severity.label, f.check_id, _title(f, lang), f.resource.name,
                             f"{f.resource.account}/{f.resource.region}", f.detail_in(lang), f.state.value if f.state else "",
                             ", ".join(f.sources)]
                            for f in worst], ensure_ascii=False).replace("</", "<\\/")
    # who reports the active findings: ours and each product's (agent.products), and how many both
    per_source: dict[str, list[int]] = {}
    for f in data.active:
        for src in f.sources:
            n = per_source.setdefault(src, [0, 0])
            n[0] += 1
            n[1] += int(len(f.sources) > 1)
    by_source = table([t["source"], t["count"], t["also_other"]], [(k, v[0], v[1]) for k, v in sorted(per_source.items())])
    parts.append(f'<section id="findings"><h2>{t["findings"]}</h2><h3>{t["by_source"]}</h3>{by_source}<h3>{t["by_check"]}</h3>'
                 + (table([t["severity"], t["check"], t["title_col"], t["count"]], agg) if agg else f"<p>{t['none']}</p>")
                 + f'<h3>{t["worst"].format(n=len(worst))}</h3><table id="detail"><thead><tr>'
                 + "".join(f"<th>{e(h)}</th>" for h in (t["severity"], t["check"], t["title_col"], t["resource"],
                                                         t["where"], t["detail"], t["state"], t["source"]))
                 + f'</tr></thead><tbody></tbody></table><nav class="pager"><button id="prev">‹</button>'
                 f'<span id="page"></span><button id="next">›</button></nav>'
                 f'<script type="application/json" id="rows">{rows_json}</script></section>')
    # Muted
    muted = [(f.check_id, f.resource.name, f.mute_reason or "", f.mute_expires.isoformat() if f.mute_expires else "-")
             for f in data.muted[:500]]
    parts.append(f'<section id="muted"><h2>{t["muted_h"]}</h2>'
                 + (table([t["check"], t["resource"], t["reason"], t["expires"]], muted) if muted else f"<p>{t['none']}</p>")
                 + "</section>")
    # Coverage gaps
    gaps = [(g.get("provider"), g.get("account"), g.get("region"), g.get("resource_type"), g.get("error")) for g in data.gaps]
    gaps += [(f.resource.provider, f.resource.account, f.resource.region, f.resource.type, f.detail_in(lang))
             for f in data.active if f.check_id.endswith(".coverage_gap")]  # licensed products not readable
    parts.append(f'<section id="coverage"><h2>{t["coverage"]}</h2>'
                 + (table([t["provider"], t["account"], t["region"], t["type"], t["error"]], gaps) if gaps
                    else f"<p>{t['no_gaps']}</p>") + "</section>")
    csp = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
           "font-src data:; connect-src 'none'")
    return (f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{t["title"]} — {e(data.tenant)}</title><style>{CSS}</style></head><body>'
            + "".join(parts) + f"<script>{SCRIPT}</script></body></html>")


def _title(f: Finding, lang: str) -> str:
    meta = meta_for(f.check_id)
    return meta.text("title", lang) if meta else f.check_id


def write_html(store: Any, settings: Any, out_dir: str | Path, stem: str, lang: str = "en") -> Path:
    data = gather(store, settings.tenant.id, lang)
    from agent.report.paths import output_path

    path = output_path(out_dir, f"{stem}.html")
    path.write_text(render(data, lang, settings.tenant.timezone), encoding="utf-8")
    return path
