"""Cloud Logging checks: audit logs for every service, and a sink exporting every log entry.

(The module is ``logging_`` so it is named after the ``gcp.logging`` service without shadowing the
standard library's ``logging``.)
"""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import T, as_list
from checks.gcp.common import ancestor_resources, cis, iam_policy

DEFAULT_RETENTION_DAYS = 30  # retentionDays omitted or 0 = the API's default
MIN_RETENTION_DAYS = 365
REQUIRED_LOG_TYPES = frozenset({"ADMIN_READ", "DATA_READ", "DATA_WRITE"})

MSG = Messages("gcp.logging", {
    "log_types_missing": ("allServices audit log types missing: {missing}",
                          "allServices の監査ログで次の種類が記録されていません: {missing}"),
    "members_exempted": ("members exempted from audit logs: {exempted}", "監査ログから除外されたメンバー: {exempted}"),
    "own_sink": ("sink {sink} exports all entries", "シンク {sink} がすべてのエントリをエクスポートしています"),
    "inherited_sink": ("{parent} sink {sink} exports all entries",
                       "{parent} のシンク {sink} がすべてのエントリをエクスポートしています"),
    "no_sink": ("no sink without a filter covers this project", "このプロジェクトを対象とするフィルタなしのシンクがありません"),
    "required_bucket": ("_Required: locked by Google, 400 days", "_Required: Google によりロック済み、400 日"),
    "not_locked": ("retention is not locked", "保持期間がロックされていません"),
    "short_retention": ("keeps logs {days} days (want {wanted})", "ログの保持が {days} 日です (期待値 {wanted} 日)"),
    "retention": ("keeps logs {days} days", "ログを {days} 日保持します"),
})


@check(id="gcp.logging.audit_logs_all_services", resource_types=("gcp.resourcemanager.project",),
       severity=Severity.MEDIUM, frameworks=cis("2.1"), needs_inventory=True,
       title={"en": "Cloud Audit Logs record admin and data access for all services, with no exemptions",
              "ja": "Cloud Audit Logs が全サービスの管理・データアクセスを例外なく記録している"},
       description={"en": "Without DATA_READ and DATA_WRITE audit logs for allServices, reads and changes of data "
                          "leave no trace; exempted members are invisible.",
                    "ja": "allServices の DATA_READ・DATA_WRITE 監査ログがないと、データの読み取りや変更の痕跡が残りません。"
                          "除外されたメンバーの操作は見えなくなります。"},
       remediation={"en": "Set an auditConfig for allServices with ADMIN_READ, DATA_READ and DATA_WRITE and no "
                          "exemptedMembers on the project (or its folder / organisation).",
                    "ja": "プロジェクト（またはフォルダ・組織）に allServices の auditConfig を設定し、ADMIN_READ・DATA_READ・"
                          "DATA_WRITE を有効にして exemptedMembers を空にしてください。"})
def audit_logs_all_services(r: Resource, inventory: Inventory) -> Result:
    configs = []
    for holder in [r, *ancestor_resources(r, inventory)]:  # audit config is inherited from folders / org
        configs += [c for c in as_list(iam_policy(holder).get("auditConfigs")) if c.get("service") == "allServices"]
    log_configs = [lc for c in configs for lc in as_list(c.get("auditLogConfigs"))]
    log_types = {lc.get("logType") for lc in log_configs}
    exempted = sorted({m for lc in log_configs for m in as_list(lc.get("exemptedMembers"))})
    missing = sorted(REQUIRED_LOG_TYPES - log_types)
    if missing:
        return MSG.fail("log_types_missing", missing=missing)
    if exempted:
        return MSG.fail("members_exempted", exempted=exempted)
    return Result.ok()


def _exports_everything(sink: Resource) -> bool:
    return not (sink.data.get("filter") or "").strip() and not sink.data.get("disabled")


@check(id="gcp.logging.sink_for_all_logs", resource_types=("gcp.resourcemanager.project",),
       severity=Severity.MEDIUM, frameworks=cis("2.2"), needs_inventory=True,
       title={"en": "A log sink exports all log entries of the project",
              "ja": "プロジェクトの全ログエントリをエクスポートするシンクがある"},
       description={"en": "Logs kept only in the default buckets expire; a sink with an empty filter (on the "
                          "project, or an including-children sink on its folder or organisation) keeps a copy.",
                    "ja": "既定のバケットにだけあるログは期限切れで消えます。フィルタが空のシンク（プロジェクト、または"
                          "子を含むフォルダ・組織のシンク）で複製を保存してください。"},
       remediation={"en": "Create a sink without a filter to Cloud Storage, BigQuery or Pub/Sub "
                          "(gcloud logging sinks create NAME DESTINATION), ideally at organisation level with "
                          "--include-children.",
                    "ja": "フィルタなしのシンクを Cloud Storage・BigQuery・Pub/Sub 宛に作成してください"
                          "（gcloud logging sinks create NAME DESTINATION）。組織レベルで --include-children を"
                          "付けるのが理想です。"})
def sink_for_all_logs(r: Resource, inventory: Inventory) -> Result:
    own = [s for s in inventory.in_account("gcp", r.account, "gcp.logging.sink") if _exports_everything(s)]
    if own:
        return MSG.ok("own_sink", sink=own[0].name)
    for anc in ancestor_resources(r, inventory):
        key = anc.id.split("googleapis.com/", 1)[-1]
        inherited = [s for s in inventory.in_account("gcp", key, "gcp.logging.sink")
                     if _exports_everything(s) and s.data.get("includeChildren")]
        if inherited:
            return MSG.ok("inherited_sink", parent=key, sink=inherited[0].name)
    return MSG.fail("no_sink")


def _is_required_bucket(r: Resource) -> bool:
    # _Required is Google's own locked bucket with a fixed 400-day retention.
    return r.name == "_Required" or str(r.data.get("name", "")).endswith("/buckets/_Required")


@check(id="gcp.logging.bucket_retention_locked", resource_types=("gcp.logging.bucket",), severity=Severity.MEDIUM,
       title=T("Log bucket retention is locked", "ログバケットの保持期間がロックされている"),
       description=T("A locked retention period cannot be shortened and the bucket cannot be deleted while it holds "
                     "logs, so an intruder cannot erase the record.",
                     "保持期間をロックすると短縮できず、ログが残るバケットは削除できないため、侵入者が記録を消せません。"),
       remediation=T("gcloud logging buckets update BUCKET --location=LOC --locked (irreversible: set the retention "
                     "first).",
                     "gcloud logging buckets update BUCKET --location=LOC --locked を実行してください（元に戻せないため、先に"
                     "保持期間を設定してください）。"))
def bucket_retention_locked(r: Resource) -> Result:
    if _is_required_bucket(r):
        return MSG.ok("required_bucket")
    return Result.ok() if r.data.get("locked") else MSG.fail("not_locked")


@check(id="gcp.logging.bucket_retention_365_days", resource_types=("gcp.logging.bucket",), severity=Severity.LOW,
       title=T("Log bucket keeps logs for at least 365 days", "ログバケットがログを 365 日以上保持する"),
       description=T("Intrusions are often found months later; 30 days (the default) is too short to investigate "
                     "them and shorter than most audit regimes ask for.",
                     "侵入は数か月後に見つかることが多く、既定の 30 日では調査に足りず、多くの監査基準の要求よりも短い期間です。"),
       remediation=T("gcloud logging buckets update BUCKET --location=LOC --retention-days=365",
                     "gcloud logging buckets update BUCKET --location=LOC --retention-days=365 を実行してください。"))
def bucket_retention_365_days(r: Resource) -> Result:
    if _is_required_bucket(r):
        return MSG.ok("required_bucket")
    days = int(r.data.get("retentionDays") or DEFAULT_RETENTION_DAYS)
    return MSG.fail("short_retention", days=days, wanted=MIN_RETENTION_DAYS) if days < MIN_RETENTION_DAYS \
        else MSG.ok("retention", days=days)
