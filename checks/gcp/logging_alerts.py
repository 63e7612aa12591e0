"""CIS 2.4–2.11: a log-based metric matching each critical change, and an enabled alert policy on it.

A project passes when it has a (not disabled) ``logging.googleapis.com/LogMetric`` whose filter
contains every fragment CIS's recommended filter needs (compared without spaces, case or quote
style), and an ``monitoring.googleapis.com/AlertPolicy`` that is not disabled and whose condition
reads ``logging.googleapis.com/user/<metric>``.  The answer depends on every metric and alert policy
of the project, so both are declared inputs: when either listing was incomplete the check is ERROR.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from agent.core.inventory import Inventory
from agent.core.model import Resource, Severity
from checks import Messages, Result, check
from checks.common import T, as_list
from checks.gcp.common import cis

PROJECT = ("gcp.resourcemanager.project",)
METRIC = "gcp.logging.metric"
ALERT = "gcp.monitoring.alert_policy"

MSG = Messages("gcp.logging_alerts", {
    "no_metric": ("no log metric has the filter this event needs", "このイベントに必要なフィルタを持つログメトリクスがありません"),
    "no_alert": ("no enabled alert policy on metric(s) {metrics}", "メトリクス {metrics} に有効なアラートポリシーがありません"),
    "alerted": ("metric {metric} alerted by {policy}", "メトリクス {metric} をアラートポリシー {policy} が監視しています"),
})


def _norm(text: str) -> str:
    # Spaces, case and quotes do not change what a Logging filter matches (resource.type=gce_route ==
    # resource.type="gce_route").
    return "".join(text.split()).lower().replace("'", "").replace('"', "")


def _matching_metrics(r: Resource, inventory: Inventory, fragments: tuple[str, ...]) -> list[str]:
    wanted = [_norm(f) for f in fragments]
    return sorted(str(m.data.get("name") or m.name) for m in inventory.in_account("gcp", r.account, METRIC)
                  if not m.data.get("disabled") and all(f in _norm(str(m.data.get("filter") or "")) for f in wanted))


def _alerting_policy(r: Resource, inventory: Inventory, metric: str) -> str | None:
    needle = f"logging.googleapis.com/user/{metric}"
    for policy in inventory.in_account("gcp", r.account, ALERT):
        if policy.data.get("enabled") is False:  # unset means enabled (the API's default on write)
            continue
        if any(needle in json.dumps(c) for c in as_list(policy.data.get("conditions"))):
            return str(policy.data.get("displayName") or policy.name)
    return None


def _metric_check(fragments: tuple[str, ...]) -> Callable[[Resource, Inventory], Result]:
    def evaluate(r: Resource, inventory: Inventory) -> Result:
        metrics = _matching_metrics(r, inventory, fragments)
        if not metrics:
            return MSG.fail("no_metric")
        for metric in metrics:
            policy = _alerting_policy(r, inventory, metric)
            if policy:
                return MSG.ok("alerted", metric=metric, policy=policy)
        return MSG.fail("no_alert", metrics=metrics)
    return evaluate


# (check id suffix, CIS control, event en, event ja, filter fragments CIS's filter needs)
EVENTS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("project_ownership_changes", "2.4", "project ownership assignments and changes", "プロジェクトのオーナー権限の付与・変更",
     ('protoPayload.serviceName="cloudresourcemanager.googleapis.com"', "ProjectOwnership", "projectOwnerInvitee",
      'protoPayload.serviceData.policyDelta.bindingDeltas.action="REMOVE"',
      'protoPayload.serviceData.policyDelta.bindingDeltas.action="ADD"',
      'protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner"')),
    ("audit_config_changes", "2.5", "audit configuration changes", "監査構成の変更",
     ('protoPayload.methodName="SetIamPolicy"', "protoPayload.serviceData.policyDelta.auditConfigDeltas:*")),
    ("custom_role_changes", "2.6", "custom role changes", "カスタムロールの変更",
     ('resource.type="iam_role"', "google.iam.admin.v1.CreateRole", "google.iam.admin.v1.DeleteRole",
      "google.iam.admin.v1.UpdateRole")),
    ("firewall_rule_changes", "2.7", "VPC firewall rule changes", "VPC ファイアウォールルールの変更",
     ('resource.type="gce_firewall_rule"', "compute.firewalls.patch", "compute.firewalls.insert",
      "compute.firewalls.delete")),
    ("route_changes", "2.8", "VPC network route changes", "VPC ネットワークのルートの変更",
     ('resource.type="gce_route"', "compute.routes.delete", "compute.routes.insert")),
    ("network_changes", "2.9", "VPC network changes", "VPC ネットワークの変更",
     ('resource.type="gce_network"', "compute.networks.insert", "compute.networks.patch", "compute.networks.delete",
      "compute.networks.removePeering", "compute.networks.addPeering")),
    ("storage_iam_changes", "2.10", "Cloud Storage IAM permission changes", "Cloud Storage の IAM 権限の変更",
     ('resource.type="gcs_bucket"', 'protoPayload.methodName="storage.setIamPermissions"')),
    ("sql_config_changes", "2.11", "SQL instance configuration changes", "SQL インスタンスの構成変更",
     ('protoPayload.methodName="cloudsql.instances.update"',)),
)

for _suffix, _control, _en, _ja, _fragments in EVENTS:
    check(id=f"gcp.logging.metric_alert_{_suffix}", resource_types=PROJECT, severity=Severity.MEDIUM,
          frameworks=cis(_control), needs_inventory=True, inputs=(METRIC, ALERT),
          title=T(f"A log metric and an alert exist for {_en}", f"{_ja}に対するログメトリクスとアラートがある"),
          description=T(f"Without a log-based metric and an alert on it, {_en} go unnoticed until someone reads the "
                        "audit logs.",
                        f"ログベースのメトリクスとそのアラートがないと、{_ja}は誰かが監査ログを読むまで気付かれません。"),
          remediation=T("Create a log-based metric with CIS's filter (gcloud logging metrics create NAME "
                        "--log-filter=…) and an alert policy on logging.googleapis.com/user/NAME with a "
                        "notification channel.",
                        "CIS のフィルタでログベースのメトリクスを作成し（gcloud logging metrics create NAME "
                        "--log-filter=…）、logging.googleapis.com/user/NAME に通知チャネル付きのアラートポリシーを"
                        "作成してください。"))(_metric_check(_fragments))
