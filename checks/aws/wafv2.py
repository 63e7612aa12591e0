"""AWS WAF (v2) web ACL checks: rules present, logging, CloudWatch metrics."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

ACL = ("aws.wafv2.web_acl",)
MSG = Messages("aws.wafv2", {
    "no_rules": ("the web ACL has no rules or rule groups (default action {action})",
                 "ウェブ ACL にルールもルールグループもありません (既定アクション {action})"),
    "no_logging": ("logging is not configured", "ログが設定されていません"),
    "no_metrics": ("CloudWatch metrics are off for {names}", "{names} の CloudWatch メトリクスが無効です"),
})


@check(id="aws.wafv2.web_acl_has_rules", resource_types=ACL, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["WAF.10"]},
       title=T("WAF web ACL has at least one rule or rule group", "WAF ウェブ ACL に少なくとも 1 つのルールまたはルールグループがある"),
       description=T("A web ACL without rules only applies its default action: it inspects nothing.",
                     "ルールのないウェブ ACL は既定アクションを適用するだけで、何も検査しません。"),
       remediation=T("Add rules or managed rule groups (for example AWSManagedRulesCommonRuleSet) to the web ACL.",
                     "ウェブ ACL にルールまたはマネージドルールグループ (例: AWSManagedRulesCommonRuleSet) を追加してください。"))
def web_acl_has_rules(r: Resource) -> Result:
    if need(r, "Rules"):
        return Result.ok()
    action = next(iter(r.data.get("DefaultAction") or {"Allow": {}}), "Allow")
    return MSG.fail("no_rules", action=action)


@check(id="aws.wafv2.web_acl_logging_enabled", resource_types=ACL, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["WAF.11"]},
       title=T("WAF web ACL logging is enabled", "WAF ウェブ ACL のログが有効"),
       description=T("Web ACL logs record every inspected request and the rule that matched, needed to investigate attacks.",
                     "ウェブ ACL のログは検査したすべてのリクエストと一致したルールを記録し、攻撃の調査に必要です。"),
       remediation=T("Configure logging to a CloudWatch Logs group, S3 bucket or Firehose stream named aws-waf-logs-* "
                     "(aws wafv2 put-logging-configuration).",
                     "aws-waf-logs-* という名前の CloudWatch Logs グループ、S3 バケット、Firehose ストリームへのログを設定してください "
                     "(aws wafv2 put-logging-configuration)。"))
def web_acl_logging_enabled(r: Resource) -> Result:
    logging = need(r, "_logging")
    return Result.ok() if logging and logging.get("LogDestinationConfigs") else MSG.fail("no_logging")


@check(id="aws.wafv2.web_acl_metrics_enabled", resource_types=ACL, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["WAF.12"]},
       title=T("WAF web ACL and its rules publish CloudWatch metrics", "WAF ウェブ ACL とそのルールが CloudWatch メトリクスを発行する"),
       description=T("Without metrics, blocked and allowed request counts cannot be watched or alarmed on.",
                     "メトリクスがないと、ブロック・許可されたリクエスト数を監視したりアラームを設定したりできません。"),
       remediation=T("Set VisibilityConfig.CloudWatchMetricsEnabled to true on the web ACL and on every rule.",
                     "ウェブ ACL とすべてのルールで VisibilityConfig.CloudWatchMetricsEnabled を true にしてください。"))
def web_acl_metrics_enabled(r: Resource) -> Result:
    off = [] if (need(r, "VisibilityConfig") or {}).get("CloudWatchMetricsEnabled") else ["web ACL"]
    off += [str(rule.get("Name")) for rule in need(r, "Rules") or []
            if not (rule.get("VisibilityConfig") or {}).get("CloudWatchMetricsEnabled")]
    return MSG.fail("no_metrics", names=off) if off else Result.ok()
