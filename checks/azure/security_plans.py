"""Microsoft Defender for Cloud per subscription: each plan, security contacts, auto-provisioning.

``azure.security.subscription`` holds the subscription's pricings by plan name (from Resource
Graph; a plan the answer does not list is on the Free tier) and the contacts and
auto-provisioning settings read through the Security resource provider.  Security contacts come
in two API shapes: ``notificationsSources`` (2023-12-01-preview) and ``alertNotifications``
(2020-01-01-preview); both are read.
"""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Severity
from checks import Messages, Result, check, need
from checks.azure._common import cis, lower
from checks.common import T, as_list

SUBSCRIPTION = ("azure.security.subscription",)
SEVERITY_ORDER = ("low", "medium", "high")

MSG = Messages("azure.security_plans", {
    "plan_on": ("Defender for {plan}: {tier}", "Defender for {plan}: {tier} レベル"),
    "plan_off": ("Defender for {plan} is on the {tier} tier", "Defender for {plan} が {tier} レベルのままです"),
    "emails": ("security contact e-mail: {emails}", "セキュリティ連絡先のメール: {emails}"),
    "no_emails": ("no security contact e-mail address", "セキュリティ連絡先のメールアドレスがありません"),
    "alerts": ("alert e-mails from severity {severity}", "重要度 {severity} 以上のアラートをメール通知します"),
    "no_alerts": ("alert e-mails are off or only from severity {severity}", "アラートのメール通知が無効か、重要度 {severity} 以上のみです"),
    "owners": ("alerts also go to the roles {roles}", "アラートはロール {roles} にも通知されます"),
    "no_owners": ("alerts are not sent to subscription Owners", "アラートがサブスクリプションの所有者に通知されません"),
    "integration_on": ("{integration} integration is on", "{integration} との連携が有効です"),
    "integration_off": ("{integration} integration is off", "{integration} との連携が無効です"),
    "auto_on": ("auto-provisioning is On", "自動プロビジョニングが有効です"),
    "auto_off": ("auto-provisioning is {value}", "自動プロビジョニングが {value} です"),
})

# Plan name (as Defender for Cloud names it) -> (label, CIS v2.1.0 control or "").
PLANS = {
    "VirtualMachines": ("Servers", "2.1.1"), "AppServices": ("App Service", "2.1.2"),
    "SqlServers": ("Azure SQL Databases", "2.1.3"), "SqlServerVirtualMachines": ("SQL servers on machines", "2.1.4"),
    "OpenSourceRelationalDatabases": ("open-source relational databases", "2.1.5"), "CosmosDbs": ("Azure Cosmos DB", "2.1.6"),
    "StorageAccounts": ("Storage", "2.1.7"), "Containers": ("Containers", "2.1.8"), "KeyVaults": ("Key Vault", "2.1.9"),
    "Arm": ("Resource Manager", "2.1.11"), "Api": ("APIs", ""), "CloudPosture": ("CSPM", ""),
}


def _plan_check(plan: str, label: str, control: str) -> None:
    slug = {"VirtualMachines": "servers", "AppServices": "app_service", "SqlServers": "sql", "SqlServerVirtualMachines": "sql_vms",
            "OpenSourceRelationalDatabases": "oss_databases", "CosmosDbs": "cosmos_db", "StorageAccounts": "storage",
            "Containers": "containers", "KeyVaults": "key_vault", "Arm": "resource_manager", "Api": "apis",
            "CloudPosture": "cspm"}[plan]

    def evaluate(r: Resource) -> Result:
        tier = str((need(r, "pricings").get(plan) or {}).get("pricingTier") or "Free")
        if lower(tier) == "standard":
            return MSG.ok("plan_on", plan=label, tier=tier)
        return MSG.fail("plan_off", plan=label, tier=tier)

    check(id=f"azure.security_plans.defender_for_{slug}_on", resource_types=SUBSCRIPTION, severity=Severity.MEDIUM,
          frameworks=cis(control) if control else {},
          title=T(f"Microsoft Defender for {label} is on", f"Microsoft Defender for {label} が有効"),
          description=T(f"On the Free tier, Defender for Cloud does not detect threats against {label}.",
                        f"Free レベルのままでは、Defender for Cloud が {label} への脅威を検知しません。"),
          remediation=T(f"az security pricing create -n {plan} --tier standard",
                        f"az security pricing create -n {plan} --tier standard を実行します。"))(evaluate)


for _plan, (_label, _control) in PLANS.items():
    _plan_check(_plan, _label, _control)


def _contacts(r: Resource) -> list[dict[str, Any]]:
    return [c.get("properties") or {} for c in as_list(need(r, "securityContacts"))]


@check(id="azure.security_plans.security_contact_email_set", resource_types=SUBSCRIPTION, severity=Severity.LOW,
       title=T("Defender for Cloud has a security contact e-mail", "Defender for Cloud にセキュリティ連絡先のメールがある"),
       description=T("Without a contact, Microsoft's notices of a compromised resource reach nobody.",
                     "連絡先がないと、侵害されたリソースについての Microsoft からの通知が誰にも届きません。"),
       remediation=T("az security contact create -n default --emails secops@example.com",
                     "az security contact create -n default --emails secops@example.com を実行します。"))
def contact_email(r: Resource) -> Result:
    emails = sorted({e.strip() for c in _contacts(r) for e in str(c.get("emails") or c.get("email") or "").split(";") if e.strip()})
    return MSG.ok("emails", emails=emails) if emails else MSG.fail("no_emails")


def _minimal_severity(c: dict[str, Any]) -> str | None:
    """The lowest alert severity e-mailed by one contact, in either API shape (None when alert mail is off)."""
    for source in as_list(c.get("notificationsSources")):
        if lower(source.get("sourceType")) == "alert" and c.get("isEnabled", True):
            return str(source.get("minimalSeverity") or "High")
    old = c.get("alertNotifications") or {}
    return str(old.get("minimalSeverity") or "High") if lower(old.get("state")) == "on" else None


@check(id="azure.security_plans.alert_notifications_on", resource_types=SUBSCRIPTION, severity=Severity.MEDIUM,
       title=T("Defender for Cloud e-mails high-severity alerts", "Defender for Cloud が重要度「高」のアラートをメール通知する"),
       description=T("Alerts nobody is told about wait in the portal until someone looks.",
                     "誰にも通知されないアラートは、誰かがポータルを見るまで放置されます。"),
       remediation=T("Environment settings > Email notifications: notify about alerts with severity High (or lower).",
                     "環境設定 > メール通知で、重要度「高」(またはそれ以下) のアラートを通知するよう設定します。"))
def alert_notifications(r: Resource) -> Result:
    levels = [s for s in (_minimal_severity(c) for c in _contacts(r)) if s]
    if levels:
        return MSG.ok("alerts", severity=min(levels, key=lambda s: SEVERITY_ORDER.index(lower(s)) if lower(s) in SEVERITY_ORDER else 9))
    return MSG.fail("no_alerts", severity="-")


@check(id="azure.security_plans.alerts_notify_owners", resource_types=SUBSCRIPTION, severity=Severity.LOW,
       title=T("Defender for Cloud alerts reach subscription Owners", "Defender for Cloud のアラートがサブスクリプション所有者に届く"),
       description=T("Owners can act on an alert at once; a contact list alone goes stale.",
                     "所有者ならアラートにすぐ対処できます。連絡先リストだけでは古くなります。"),
       remediation=T("Environment settings > Email notifications: 'All users with the following roles' = Owner.",
                     "環境設定 > メール通知で「次のロールを持つすべてのユーザー」を所有者にします。"))
def notify_owners(r: Resource) -> Result:
    roles = sorted({str(x) for c in _contacts(r) if lower((c.get("notificationsByRole") or {}).get("state")) == "on"
                    for x in as_list((c.get("notificationsByRole") or {}).get("roles"))})
    return MSG.ok("owners", roles=roles) if "Owner" in roles else MSG.fail("no_owners")


@check(id="azure.security_plans.auto_provisioning_on", resource_types=SUBSCRIPTION, severity=Severity.LOW,
       title=T("Defender for Cloud auto-provisioning is on", "Defender for Cloud の自動プロビジョニングが有効"),
       description=T("Auto-provisioning installs the monitoring agent on new machines, so none is left unwatched.",
                     "自動プロビジョニングは新しいマシンに監視エージェントを導入し、監視漏れを防ぎます。"),
       remediation=T("az security auto-provisioning-setting update -n default --auto-provision On",
                     "az security auto-provisioning-setting update -n default --auto-provision On を実行します。"))
def auto_provisioning(r: Resource) -> Result:
    values = [str((s.get("properties") or {}).get("autoProvision") or "Off") for s in as_list(need(r, "autoProvisioningSettings"))]
    if any(lower(v) == "on" for v in values):
        return MSG.ok("auto_on")
    return MSG.fail("auto_off", value=values[0] if values else "Off")


def _integration(name: str, slug: str, label: str) -> None:
    def evaluate(r: Resource) -> Result:
        settings = {str(x.get("name")): x for x in as_list(need(r, "securitySettings"))}
        if (settings.get(name, {}).get("properties") or {}).get("enabled") is True:
            return MSG.ok("integration_on", integration=label)
        return MSG.fail("integration_off", integration=label)

    check(id=f"azure.security_plans.{slug}_integration_on", resource_types=SUBSCRIPTION, severity=Severity.LOW,
          title=T(f"Defender for Cloud shares data with {label}", f"Defender for Cloud が {label} と連携している"),
          description=T(f"The {label} integration ({name}) lets its protection and alerts flow into Defender for Cloud.",
                        f"{label} との連携 ({name}) により、その保護機能とアラートが Defender for Cloud に取り込まれます。"),
          remediation=T(f"az security setting update --name {name} --enabled true",
                        f"az security setting update --name {name} --enabled true を実行します。"))(evaluate)


_integration("WDATP", "defender_for_endpoint", "Microsoft Defender for Endpoint")
_integration("MCAS", "defender_for_cloud_apps", "Microsoft Defender for Cloud Apps")
