"""Words, style and script of the HTML report (kept apart from the layout code)."""

from __future__ import annotations

T: dict[str, dict[str, str]] = {
    "en": {
        "title": "Cloud security report", "generated": "Generated", "last_scan": "last scan",
        "summary": "Posture summary", "score": "score", "failing": "failing findings", "muted": "muted",
        "gaps": "coverage gaps", "changes": "Change since the previous scan", "by_severity": "Failing by severity",
        "by_provider": "Failing by provider", "by_account": "Failing by account", "by_service": "Failing by service",
        "trend": "Trend", "trend_few": "Trend needs at least two scans.", "compliance": "Compliance",
        "control": "control", "title_col": "title", "status": "status", "st_pass": "pass", "st_fail": "fail",
        "st_manual": "manual", "st_not_assessed": "not assessed", "st_error": "error", "plan": "Improvement plan (top 10)",
        "action": "action", "why": "why", "how": "how", "risk_removed": "risk removed", "effort": "effort",
        "green": "controls turned green", "eff_low": "low", "eff_medium": "medium", "eff_high": "high",
        "vulns": "Vulnerabilities", "heatmap": "Severity × image", "top_cves": "Top CVEs by reach",
        "affected": "Affected workloads", "risk": "risk", "severity": "severity", "package": "package",
        "fixed": "fixed in", "image": "image", "workloads": "workloads", "workload": "workload",
        "vuln_count": "vulnerabilities", "toxic": "Toxic combinations", "check": "check", "resource": "resource",
        "detail": "detail", "findings": "Findings", "by_check": "By check", "by_source": "By source",
        "source": "source", "also_other": "also reported by another source", "count": "count",
        "worst": "Worst {n} failing findings", "where": "account/region", "state": "state",
        "muted_h": "Muted findings", "reason": "reason", "expires": "expires", "coverage": "Coverage gaps",
        "provider": "provider", "account": "account", "region": "region", "type": "resource type", "error": "error",
        "no_gaps": "Every configured account, region and service was assessed.", "none": "None.",
        "ch_new": "new", "ch_resolved": "resolved", "ch_reopened": "reopened", "ch_muted": "muted",
        "ch_unmuted": "unmuted", "ch_severity_raised": "severity raised", "internet": "internet-facing",
        "privileged": "privileged", "exposure": "exposure",
    },
    "ja": {
        "title": "クラウドセキュリティレポート", "generated": "作成日時", "last_scan": "最新スキャン",
        "summary": "セキュリティ状況の概要", "score": "スコア", "failing": "未解決の指摘", "muted": "ミュート",
        "gaps": "評価できなかった範囲", "changes": "前回スキャンからの変化", "by_severity": "重要度別の指摘",
        "by_provider": "クラウド別の指摘", "by_account": "アカウント別の指摘", "by_service": "サービス別の指摘",
        "trend": "推移", "trend_few": "推移の表示には 2 回以上のスキャンが必要です。", "compliance": "コンプライアンス",
        "control": "管理策", "title_col": "タイトル", "status": "状態", "st_pass": "適合", "st_fail": "不適合",
        "st_manual": "手動確認", "st_not_assessed": "未評価", "st_error": "評価エラー", "plan": "改善提案 (上位 10 件)",
        "action": "対応", "why": "理由", "how": "方法", "risk_removed": "低減されるリスク", "effort": "工数",
        "green": "適合になる管理策", "eff_low": "小", "eff_medium": "中", "eff_high": "大",
        "vulns": "脆弱性", "heatmap": "重要度 × イメージ", "top_cves": "影響範囲の大きい CVE",
        "affected": "影響を受けるワークロード", "risk": "リスク", "severity": "重要度", "package": "パッケージ",
        "fixed": "修正バージョン", "image": "イメージ", "workloads": "ワークロード数", "workload": "ワークロード",
        "vuln_count": "脆弱性数", "toxic": "危険な組み合わせ", "check": "チェック", "resource": "リソース",
        "detail": "詳細", "findings": "指摘事項", "by_check": "チェック別", "by_source": "検出元別",
        "source": "検出元", "also_other": "他の検出元も報告", "count": "件数",
        "worst": "重要度の高い指摘 {n} 件", "where": "アカウント/リージョン", "state": "状態",
        "muted_h": "ミュート中の指摘", "reason": "理由", "expires": "期限", "coverage": "評価できなかった範囲",
        "provider": "クラウド", "account": "アカウント", "region": "リージョン", "type": "リソース種別", "error": "エラー",
        "no_gaps": "設定されたすべてのアカウント・リージョン・サービスを評価しました。", "none": "なし",
        "ch_new": "新規", "ch_resolved": "解決", "ch_reopened": "再発", "ch_muted": "ミュート",
        "ch_unmuted": "ミュート解除", "ch_severity_raised": "重要度上昇", "internet": "インターネット公開",
        "privileged": "特権", "exposure": "露出",
    },
}

CSS = """
:root{font-family:system-ui,"Noto Sans CJK JP","Noto Sans JP",sans-serif;color:#111827}
body{margin:0 auto;max-width:1200px;padding:16px 24px}
h1{font-size:1.5rem;margin:0 0 4px}h2{border-bottom:2px solid #e5e7eb;padding-bottom:4px;margin-top:28px}
header p{color:#4b5563;margin:0}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid #e5e7eb;border-radius:8px;padding:10px 16px;min-width:130px}
.card b{display:block;font-size:1.6rem}.card span{color:#6b7280;font-size:.85rem}
.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}figcaption{font-weight:600;font-size:.9rem}
svg .lbl{font-size:11px;fill:#374151}svg .num{font-size:11px;fill:#111827}.trend circle{fill:#2563eb}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:.85rem}
th,td{border:1px solid #e5e7eb;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f9fafb}
.sev{padding:1px 6px;border-radius:4px;color:#fff;font-size:.75rem}.sev-critical{background:#7f1d1d}
.sev-high{background:#dc2626}.sev-medium{background:#d97706}.sev-low{background:#0284c7}.sev-info{background:#6b7280}
.st-pass{color:#15803d}.st-fail{color:#b91c1c;font-weight:600}.st-manual{color:#6b7280}.st-error{color:#a21caf}.st-not_assessed{color:#9ca3af}
.heat{text-align:center}.pager{display:flex;gap:8px;align-items:center}details{margin:6px 0}
@media print{.pager,button{display:none}details{display:block}details>*{display:block}
section{break-inside:avoid-page}body{max-width:none;padding:0}h2{break-after:avoid}
table{font-size:9pt}a{color:inherit;text-decoration:none}}
"""

# Pages the embedded worst-N findings 50 at a time; marks the body when done so tests (and people)
# can tell the script ran.
SCRIPT = """
(function(){var rows=JSON.parse(document.getElementById('rows').textContent),per=50,page=0,
tb=document.querySelector('#detail tbody'),lab=document.getElementById('page');
function show(){tb.textContent='';rows.slice(page*per,page*per+per).forEach(function(r){var tr=document.createElement('tr');
r.forEach(function(c,i){var td=document.createElement('td');if(i===0){var s=document.createElement('span');
s.className='sev sev-'+c;s.textContent=c;td.appendChild(s);}else{td.textContent=c;}tr.appendChild(td);});
tb.appendChild(tr);});var n=Math.max(1,Math.ceil(rows.length/per));lab.textContent=(page+1)+' / '+n;}
document.getElementById('prev').onclick=function(){if(page>0){page--;show();}};
document.getElementById('next').onclick=function(){if((page+1)*per<rows.length){page++;show();}};
show();document.body.setAttribute('data-ready','1');})();
"""
