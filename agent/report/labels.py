"""Words a person reads around findings (severities, states, statuses, column headers), in
English and Japanese: one table every output (terminal, HTML, CSV headers) looks up."""

from __future__ import annotations

from agent.core.messages import Catalogue, render

LABELS = Catalogue("report.labels", {
    # severities
    "critical": ("critical", "緊急"), "high": ("high", "高"), "medium": ("medium", "中"), "low": ("low", "低"),
    "info": ("info", "情報"),
    # finding states and result statuses
    "new": ("new", "新規"), "open": ("open", "未解決"), "resolved": ("resolved", "解決済み"),
    "reopened": ("reopened", "再発"), "muted": ("muted", "ミュート"), "passed": ("passed", "合格"),
    "completed": ("completed", "完了"), "partial": ("partial", "一部未評価"), "failed": ("failed", "失敗"),
    "PASS": ("PASS", "合格"), "FAIL": ("FAIL", "不合格"), "MUTED": ("MUTED", "ミュート"), "ERROR": ("ERROR", "エラー"),
    # compliance control statuses
    "pass": ("pass", "合格"), "fail": ("fail", "不合格"), "error": ("error", "エラー"), "manual": ("manual", "手動確認"),
    "not-assessed": ("not assessed", "未評価"),
    # column headers and words of the summaries
    "id": ("id", "ID"), "state": ("state", "状態"), "status": ("status", "結果"), "severity": ("severity", "重要度"),
    "check": ("check", "チェック"), "checks": ("checks", "チェック数"), "resource": ("resource", "リソース"),
    "detail": ("detail", "詳細"), "account": ("account", "アカウント"), "region": ("region", "リージョン"),
    "service": ("service", "サービス"), "provider": ("provider", "プロバイダー"), "control": ("control", "コントロール"),
    "title": ("title", "タイトル"), "failing": ("failing", "不合格数"), "score": ("score", "スコア"),
    "scan": ("scan", "スキャン"), "frameworks": ("frameworks", "フレームワーク"), "fix": ("fix", "自動修復"),
    "remediation": ("remediation", "修復方法"), "compliance": ("compliance", "コンプライアンス"),
    "source": ("source", "ソース"), "total": ("total", "合計"), "count": ("count", "件数"),
    "first seen": ("first seen", "初回検出"), "last seen": ("last seen", "最終検出"),
    "risk": ("risk", "リスク"), "package": ("package", "パッケージ"),
    "image / target": ("image / target", "イメージ / 対象"), "workloads": ("workloads", "ワークロード"),
    "action": ("action", "対応"), "why": ("why", "理由"), "how": ("how", "方法"),
    "risk removed": ("risk removed", "低減されるリスク"), "effort": ("effort", "工数"),
    "controls turned green": ("controls turned green", "適合になる管理策"),
    "mode": ("mode", "モード"), "change": ("change", "変更内容"), "at": ("at", "日時"), "plan": ("plan", "計画"),
    "actor": ("actor", "実行者"), "result": ("result", "結果"),
    "top failing checks": ("top failing checks", "不合格の多いチェック"),
    "by service and severity": ("failing by service and severity", "サービス × 重要度 別の不合格"),
})


def label(word: str, lang: str = "en") -> str:
    """``word`` in ``lang``; a word the table does not know is shown as it is."""
    if word not in LABELS.texts:
        return word
    return render(LABELS.qualify(word), {}, lang, fallback=word)


def number(n: int, lang: str = "en") -> str:
    """A count as the language writes it (Babel): 12,345."""
    from babel.numbers import format_decimal

    return str(format_decimal(n, locale=lang))
