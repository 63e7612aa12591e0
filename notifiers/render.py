"""Turn an outbox row into channel-neutral content in the channel's language (en / ja).

Check titles, descriptions and remediation come from the check registry's bilingual texts; the
few words the notifier adds itself (severity names, labels) are in :data:`WORDS`.  Each channel
module lays the same :class:`Rendered` out in its own format (Block Kit, email, Adaptive Card).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agent.core.messages import render as render_message
from agent.core.model import Severity
from agent.report.common import meta_for

if TYPE_CHECKING:
    from agent.settings.tenant import Settings

WORDS: dict[str, dict[str, str]] = {
    "critical": {"en": "Critical", "ja": "緊急"},
    "high": {"en": "High", "ja": "高"},
    "medium": {"en": "Medium", "ja": "中"},
    "low": {"en": "Low", "ja": "低"},
    "info": {"en": "Info", "ja": "情報"},
    "new": {"en": "New finding", "ja": "新しい検出"},
    "reopened": {"en": "Finding reopened", "ja": "検出が再発しました"},
    "resolved": {"en": "Finding resolved", "ja": "検出が解決しました"},
    "severity_raised": {"en": "Severity raised", "ja": "重要度が上がりました"},
    "muted": {"en": "Finding muted", "ja": "検出をミュートしました"},
    "unmuted": {"en": "Finding no longer muted", "ja": "ミュートが解除されました"},
    "remediation_applied": {"en": "Remediation applied", "ja": "修復を適用しました"},
    "remediation_failed": {"en": "Remediation failed", "ja": "修復に失敗しました"},
    "service_suspended": {"en": "Service suspended (Art. 11)", "ja": "サービスを一時停止しました（第11条）"},
    "service_resumed": {"en": "Service resumed", "ja": "サービスを再開しました"},
    "compliance_control_changed": {"en": "Compliance control changed", "ja": "コンプライアンス管理策の状態が変わりました"},
    "compliance_score_dropped": {"en": "Compliance score dropped", "ja": "コンプライアンススコアが低下しました"},
    "burst": {"en": "Scan summary", "ja": "スキャン結果の概要"},
    "digest": {"en": "Digest", "ja": "ダイジェスト"},
    "test": {"en": "Test message", "ja": "テストメッセージ"},
    "resource": {"en": "Resource", "ja": "リソース"},
    "where": {"en": "Account / region", "ja": "アカウント / リージョン"},
    "severity": {"en": "Severity", "ja": "重要度"},
    "previous": {"en": "Previous severity", "ja": "以前の重要度"},
    "check": {"en": "Check", "ja": "チェック"},
    "wrong": {"en": "What is wrong", "ja": "問題点"},
    "fix": {"en": "How to fix", "ja": "対処方法"},
    "report": {"en": "Report", "ja": "レポート"},
    "total": {"en": "Total", "ja": "合計"},
    "by_severity": {"en": "By severity", "ja": "重要度別"},
    "top": {"en": "Top items", "ja": "主な項目"},
    "more": {"en": "and {n} more", "ja": "他 {n} 件"},
    "test_body": {"en": "UCS can deliver notifications to channel {channel}.",
                  "ja": "UCS からチャネル {channel} への通知は正常に届いています。"},
    "burst_body": {"en": "{n} changes in one scan; they are summarised here instead of sent one by one.",
                   "ja": "1 回のスキャンで {n} 件の変化がありました。個別に送らず、ここにまとめています。"},
    "digest_body": {"en": "{n} changes since the last digest.", "ja": "前回のダイジェスト以降の変化: {n} 件"},
}

# Severity colours (Slack attachment bar, email header, Adaptive Card "attention"/"warning").
COLOURS = {"critical": "#7B1FA2", "high": "#D32F2F", "medium": "#F57C00", "low": "#FBC02D", "info": "#1976D2"}
SEVERITY_ORDER = ("critical", "high", "medium", "low", "info")


def word(key: str, lang: str, **fmt: Any) -> str:
    texts = WORDS.get(key)
    text = (texts.get(lang) or texts["en"]) if texts else key
    return text.format(**fmt) if fmt else text


@dataclass(slots=True)
class Rendered:
    lang: str
    event: str
    severity: str  # label: critical … info
    headline: str  # "New finding" / "新しい検出"
    title: str  # what the message is about: the check's title, or the summary's headline
    fields: list[tuple[str, str]] = field(default_factory=list)  # short label → value pairs
    sections: list[tuple[str, str]] = field(default_factory=list)  # label → paragraph
    items: list[str] = field(default_factory=list)  # one line per summarised item
    link: str | None = None

    @property
    def severity_word(self) -> str:
        return word(self.severity, self.lang)

    @property
    def colour(self) -> str:
        return COLOURS.get(self.severity, COLOURS["info"])

    @property
    def subject(self) -> str:
        return f"UCS [{self.severity_word}] {self.headline}: {self.title}"

    def plain_text(self) -> str:
        lines = [self.subject, ""]
        lines += [f"{k}: {v}" for k, v in self.fields]
        for label, text in self.sections:
            lines += ["", f"{label}:", text]
        if self.items:
            lines += [""] + [f"- {i}" for i in self.items]
        if self.link:
            lines += ["", f"{word('report', self.lang)}: {self.link}"]
        return "\n".join(lines) + "\n"


def report_link(settings: Settings | None, tenant: str, scan_id: int | None) -> str | None:
    """URL from ``notifications.report_url``, else the report file written for that scan."""
    if settings is None or scan_id is None:
        return None
    template = settings.notifications.report_url
    if template:
        return template.format(tenant=tenant, scan_id=scan_id)
    out = Path(settings.output.dir)
    if not out.is_dir():
        return None
    found = sorted(out.glob(f"ucs-{tenant}-*-{scan_id}.*"))
    for ext in (".html", ".json", ".ocsf.json", ".csv"):
        for p in found:
            if p.name.endswith(ext):
                return str(p.resolve())
    return None


def _item_line(item: dict[str, Any], lang: str) -> str:
    meta = meta_for(item.get("check_id", ""))
    title = meta.text("title", lang) if meta else (item.get("check_id") or item.get("event", ""))
    where = " ".join(x for x in (item.get("account"), item.get("region")) if x)
    res = item.get("resource_name") or item.get("resource_id") or ""
    return f"[{word(item.get('severity', 'info'), lang)}] {word(item['event'], lang)}: {title} — {res} ({where})"


def _finding_parts(r: Rendered, doc: dict[str, Any], lang: str) -> None:
    meta = meta_for(doc.get("check_id", ""))
    res = doc.get("resource", {})
    r.title = meta.text("title", lang) if meta else doc.get("check_id", "")
    r.fields += [(word("resource", lang), f"{res.get('name') or res.get('id', '')} ({res.get('type', '')})"),
                 (word("where", lang), f"{res.get('provider', '')} {res.get('account', '')} / {res.get('region', '')}"),
                 (word("check", lang), doc.get("check_id", ""))]
    detail = render_message(doc.get("message") or "", doc.get("evidence") or {}, lang, fallback=doc.get("detail", ""))
    wrong = " ".join(x for x in ((meta.text("description", lang) if meta else ""), detail) if x)
    if wrong:
        r.sections.append((word("wrong", lang), wrong))
    if meta and r.event not in ("resolved",):
        r.sections.append((word("fix", lang), meta.text("remediation", lang)))


def render(row: dict[str, Any], lang: str, settings: Settings | None = None) -> Rendered:
    """Content for one outbox row (``kind``, ``event``, ``severity``, ``payload``)."""
    payload: dict[str, Any] = row["payload"]
    event = row["event"]
    sev = Severity(row.get("severity") or 0).label
    r = Rendered(lang=lang, event=event, severity=sev, headline=word(event, lang), title="")
    tenant = payload.get("tenant", row.get("tenant", ""))
    kind = row["kind"]
    if kind in ("burst", "digest"):
        n = int(payload.get("total", 0))
        r.title = word(f"{kind}_body", lang, n=n)
        counts = payload.get("by_severity", {})
        r.fields.append((word("total", lang), str(n)))
        r.fields.append((word("by_severity", lang), ", ".join(
            f"{word(s, lang)} {counts[s]}" for s in SEVERITY_ORDER if counts.get(s))))
        top = payload.get("top", [])
        r.items = [_item_line(i, lang) for i in top]
        if n > len(top):
            r.items.append(word("more", lang, n=n - len(top)))
    elif kind == "test":
        r.title = word("test_body", lang, channel=payload.get("channel", ""))
    else:
        doc = payload.get("finding")
        if doc:
            _finding_parts(r, doc, lang)
            if payload.get("previous_severity"):
                r.fields.append((word("previous", lang), word(payload["previous_severity"], lang)))
        if payload.get("title"):
            t = payload["title"]  # a text, or {en, ja} for events that carry both languages
            r.title = str(t.get(lang) or t.get("en", "")) if isinstance(t, dict) else str(t)
        if not r.title:
            r.title = tenant
        if payload.get("message"):
            r.sections.insert(0, (word(event, lang), str(payload["message"])))
    r.fields.insert(0, (word("severity", lang), r.severity_word))
    r.link = payload.get("link") or report_link(settings, tenant, payload.get("scan_id"))
    return r
