"""Audit evidence for one framework: `ucs compliance --framework ID --format json|csv|html`.

Every control with its status, the checks that evidence it, every resource's result with first
and last seen, and muted results with reason, owner and expiry; manual controls with the reason.
The HTML is one self-contained, printable file: no script, no external request, a Content
Security Policy that allows only its own stylesheet (by hash), A4 pages with a page break before
every section, English or Japanese.  Jinja2 escapes every value (autoescape).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from datetime import datetime
from importlib import resources
from typing import Any

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from agent.posture.compliance import ComplianceReport, ResourceResult
from agent.posture.frameworks import Framework

TEXT: dict[str, dict[str, str]] = {
    "en": {"title": "Compliance evidence", "tenant": "Tenant", "framework": "Framework", "version": "Version",
           "source": "Source", "generated": "Generated", "basis": "Basis", "scan": "scan", "score": "Score",
           "formula": "Severity-weighted: Σ weight of passing controls ÷ Σ weight of automated controls "
                      "(not-assessed controls count as not passing; manual controls are outside the score).",
           "summary": "Summary", "day": "Day", "by_provider": "By provider", "by_account": "By account", "trend": "Trend",
           "trend_none": "No stored snapshots yet: the daemon stores one a day.", "controls": "Controls",
           "control": "Control", "status": "Status", "checks": "Checks", "resources": "Resources",
           "check": "Check", "resource": "Resource", "where": "Account / region", "result": "Result",
           "detail": "Detail", "first_seen": "First seen", "last_seen": "Last seen", "muted": "Muted findings",
           "reason": "Reason", "owner": "Owner", "expires": "Expires", "manual_reason": "Why manual",
           "gaps": "Not fully read", "none": "None.", "weight": "Weight", "count": "Controls",
           "manual": "Manual controls", "no_results": "No resource of these checks in the evaluated scan.",
           "pass": "Pass", "fail": "Fail", "error": "Error", "not-assessed": "Not assessed", "manual_st": "Manual",
           "PASS": "PASS", "FAIL": "FAIL", "ERROR": "ERROR", "MUTED": "MUTED", "na": "n/a"},
    "ja": {"title": "コンプライアンス証跡", "tenant": "テナント", "framework": "フレームワーク", "version": "版",
           "source": "出典", "generated": "作成日時", "basis": "評価の基礎", "scan": "スキャン", "score": "スコア",
           "formula": "重要度で重み付け: 合格した管理策の重みの合計 ÷ 自動評価の管理策の重みの合計"
                      "（未評価の管理策は不合格として扱い、手動の管理策はスコアに含めません）。",
           "summary": "概要", "day": "日付", "by_provider": "プロバイダー別", "by_account": "アカウント別", "trend": "推移",
           "trend_none": "保存されたスナップショットはまだありません（デーモンが 1 日 1 回保存します）。",
           "controls": "管理策", "control": "管理策", "status": "状態", "checks": "チェック", "resources": "リソース",
           "check": "チェック", "resource": "リソース", "where": "アカウント / リージョン", "result": "結果",
           "detail": "詳細", "first_seen": "初回検出", "last_seen": "最終確認", "muted": "ミュートされた検出",
           "reason": "理由", "owner": "責任者", "expires": "有効期限", "manual_reason": "手動とする理由",
           "gaps": "読み取れなかった範囲", "none": "ありません。", "weight": "重み", "count": "管理策数",
           "manual": "手動の管理策", "no_results": "評価したスキャンには、これらのチェックの対象リソースがありません。",
           "pass": "合格", "fail": "不合格", "error": "エラー", "not-assessed": "未評価", "manual_st": "手動",
           "PASS": "合格", "FAIL": "不合格", "ERROR": "エラー", "MUTED": "ミュート", "na": "なし"},
}
STATUSES = ("fail", "error", "pass", "not-assessed", "manual")
CSV_COLUMNS = ("framework", "control", "section", "title", "control_status", "check", "provider", "account", "region",
               "resource", "resource_id", "result", "detail", "first_seen", "last_seen", "mute_reason", "mute_owner",
               "mute_expires")


def _detail(r: ResourceResult, lang: str) -> str:
    return (r.detail_ja or r.detail) if lang == "ja" else r.detail


def evidence_json(report: ComplianceReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=1, default=str)


def evidence_csv(report: ComplianceReport, lang: str = "en") -> str:
    """One row per resource result; a control without results is one row with its status."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(CSV_COLUMNS)
    for c in report.controls:
        base = [report.framework, c.id, c.section, c.title_in(lang), c.status]
        if not c.results:
            w.writerow(base + [";".join(c.checks)] + [""] * (len(CSV_COLUMNS) - len(base) - 1))
        for r in c.results:
            w.writerow(base + [r.check, r.provider, r.account, r.region, r.resource, r.resource_id, r.status,
                               _detail(r, lang), r.first_seen or "", r.last_seen or "", r.mute_reason or "",
                               r.mute_owner or "", r.mute_expires or ""])
    return out.getvalue()


def trend_svg(points: list[dict[str, Any]], width: int = 640, height: int = 160) -> Markup:
    """An inline SVG line of the score per day (0–100 %); empty with fewer than one scored day."""
    scored = [(p["day"], p["score"]) for p in points if p.get("score") is not None]
    if not scored:
        return Markup("")
    pad, n = 30, len(scored)
    step = (width - 2 * pad) / max(n - 1, 1)

    def xy(i: int, v: float) -> str:
        return f"{pad + i * step:.1f},{height - pad - (height - 2 * pad) * v / 100:.1f}"

    line = " ".join(xy(i, v) for i, (_, v) in enumerate(scored))
    dots = "".join(f'<circle cx="{xy(i, v).split(",")[0]}" cy="{xy(i, v).split(",")[1]}" r="2.5"><title>'
                   f'{d}: {v:g}%</title></circle>' for i, (d, v) in enumerate(scored))
    axis = (f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" class="ax"/>'
            f'<text x="2" y="{pad + 4}">100%</text><text x="8" y="{height - pad + 4}">0%</text>'
            f'<text x="{pad}" y="{height - 8}">{scored[0][0]}</text>'
            f'<text x="{width - pad - 70}" y="{height - 8}">{scored[-1][0]}</text>')
    return Markup(f'<svg class="trend" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
                  f'{axis}<polyline points="{line}" class="ln"/>{dots}</svg>')


def _template() -> str:
    return resources.files("agent.report").joinpath("templates", "compliance_evidence.html").read_text(encoding="utf-8")


_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True), trim_blocks=True,
                   lstrip_blocks=True)


def evidence_html(report: ComplianceReport, framework: Framework, trend: list[dict[str, Any]], lang: str,
                  tenant: str, generated_at: datetime) -> str:
    t = TEXT.get(lang, TEXT["en"])
    source = _ENV.from_string(_template())
    css = source.blocks["style"]  # the stylesheet is one block, so its hash can go in the CSP
    style = "".join(css(source.new_context({})))
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    csp = f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'none'; form-action 'none'; base-uri 'none'"
    sections: dict[str, list[Any]] = {s: [] for s in framework.sections}  # the framework's own order
    for c in report.controls:
        sections.setdefault(c.section, []).append(c)
    sections = {k: v for k, v in sections.items() if v}
    return source.render(
        t=t, lang=lang, report=report, fw=framework, tenant=tenant, csp=csp, statuses=STATUSES,
        generated=generated_at.isoformat(timespec="seconds"), sections=sections,
        section_title=lambda s: (framework.sections.get(s) or {}).get(lang) or s,
        detail=lambda r: _detail(r, lang), trend=trend, chart=trend_svg(trend),
        muted=[(c, r) for c in report.controls for r in c.results if r.status == "MUTED"],
        manual=[c for c in report.controls if c.status == "manual"])
