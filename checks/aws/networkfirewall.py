"""AWS Network Firewall checks: firewalls (zones, logging, protections) and their policies
(rule groups, default stateless actions)."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.common import T

FW = ("aws.networkfirewall.firewall",)
POLICY = ("aws.networkfirewall.firewall_policy",)
MSG = Messages("aws.networkfirewall", {
    "one_zone": ("deployed in {count} subnet(s) / zone(s)", "{count} 個のサブネット/ゾーンに配置されています"),
    "no_logging": ("no log destination", "ログの送信先がありません"),
    "flag_off": ("{setting} is off", "{setting} が無効です"),
    "no_groups": ("the policy has no rule groups", "ポリシーにルールグループがありません"),
    "passes": ("default stateless actions {actions} pass traffic uninspected",
               "既定のステートレスアクション {actions} はトラフィックを検査せずに通過させます"),
})


def _policy(r: Resource) -> dict[str, Any]:
    return readable(need(r, "FirewallPolicy"), "FirewallPolicy") or {}


@check(id="aws.networkfirewall.firewall_multi_az", resource_types=FW, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["NetworkFirewall.1"]},
       title=T("Network Firewall is deployed across several Availability Zones", "Network Firewall が複数のアベイラビリティーゾーンに配置されている"),
       description=T("A firewall endpoint in one zone leaves the traffic of other zones uninspected or cut off when that zone fails.",
                     "1 つのゾーンにしかないファイアウォールエンドポイントは、そのゾーンの障害時に他ゾーンのトラフィックを検査できないか遮断します。"),
       remediation=T("Associate a subnet in each Availability Zone used by the VPC (aws network-firewall associate-subnets).",
                     "VPC が使う各アベイラビリティーゾーンのサブネットを関連付けてください (aws network-firewall associate-subnets)。"))
def firewall_multi_az(r: Resource) -> Result:
    subnets = readable(need(r, "SubnetMappings"), "SubnetMappings") or []
    return Result.ok() if len(subnets) >= 2 else MSG.fail("one_zone", count=len(subnets))


@check(id="aws.networkfirewall.firewall_logging_enabled", resource_types=FW, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["NetworkFirewall.2"]},
       title=T("Network Firewall logging is enabled", "Network Firewall のログが有効"),
       description=T("Flow and alert logs record what the firewall passed and dropped, needed to investigate incidents.",
                     "フローログとアラートログはファイアウォールが通過・破棄したものを記録し、インシデント調査に必要です。"),
       remediation=T("Configure FLOW and ALERT logs to S3, CloudWatch Logs or Firehose (aws network-firewall update-logging-configuration).",
                     "FLOW と ALERT のログを S3、CloudWatch Logs、Firehose に設定してください (aws network-firewall update-logging-configuration)。"))
def firewall_logging_enabled(r: Resource) -> Result:
    return Result.ok() if need(r, "_logging") else MSG.fail("no_logging")


def _flag(r: Resource, key: str) -> Result:
    return Result.ok() if need(r, key) else MSG.fail("flag_off", setting=key)


@check(id="aws.networkfirewall.firewall_deletion_protection", resource_types=FW, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["NetworkFirewall.9"]},
       title=T("Network Firewall has deletion protection enabled", "Network Firewall の削除保護が有効"),
       description=T("Deleting the firewall removes the inspection of all traffic routed through it.",
                     "ファイアウォールを削除すると、そこを通るすべてのトラフィックの検査がなくなります。"),
       remediation=T("aws network-firewall update-firewall-delete-protection --delete-protection",
                     "aws network-firewall update-firewall-delete-protection --delete-protection を実行してください。"))
def firewall_deletion_protection(r: Resource) -> Result:
    return _flag(r, "DeleteProtection")


@check(id="aws.networkfirewall.firewall_subnet_change_protection", resource_types=FW, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["NetworkFirewall.10"]},
       title=T("Network Firewall has subnet change protection enabled", "Network Firewall のサブネット変更保護が有効"),
       description=T("Without it the firewall's subnet associations can be changed, moving endpoints away from the traffic.",
                     "保護がないとファイアウォールのサブネット関連付けが変更され、エンドポイントがトラフィックから外れることがあります。"),
       remediation=T("aws network-firewall update-subnet-change-protection --subnet-change-protection",
                     "aws network-firewall update-subnet-change-protection --subnet-change-protection を実行してください。"))
def firewall_subnet_change_protection(r: Resource) -> Result:
    return _flag(r, "SubnetChangeProtection")


@check(id="aws.networkfirewall.firewall_policy_change_protection", resource_types=FW, severity=Severity.LOW,
       title=T("Network Firewall has policy change protection enabled", "Network Firewall のポリシー変更保護が有効"),
       description=T("Without it the firewall can be switched to another (possibly permissive) policy in one call.",
                     "保護がないと、1 回の呼び出しでファイアウォールを別の (緩い可能性のある) ポリシーに切り替えられます。"),
       remediation=T("aws network-firewall update-firewall-policy-change-protection --firewall-policy-change-protection",
                     "aws network-firewall update-firewall-policy-change-protection --firewall-policy-change-protection を実行してください。"))
def firewall_policy_change_protection(r: Resource) -> Result:
    return _flag(r, "FirewallPolicyChangeProtection")


@check(id="aws.networkfirewall.policy_has_rule_groups", resource_types=POLICY, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["NetworkFirewall.3"]},
       title=T("Network Firewall policy has at least one rule group", "Network Firewall ポリシーに少なくとも 1 つのルールグループがある"),
       description=T("A policy without stateless or stateful rule groups only applies its default actions.",
                     "ステートレスもステートフルもルールグループのないポリシーは既定アクションを適用するだけです。"),
       remediation=T("Add stateless or stateful rule groups (or AWS managed threat signatures) to the policy.",
                     "ポリシーにステートレスまたはステートフルのルールグループ (または AWS マネージド脅威シグネチャ) を追加してください。"))
def policy_has_rule_groups(r: Resource) -> Result:
    p = _policy(r)
    return Result.ok() if p.get("StatelessRuleGroupReferences") or p.get("StatefulRuleGroupReferences") else MSG.fail("no_groups")


def _default_drops(r: Resource, key: str) -> Result:
    actions = list(_policy(r).get(key) or [])
    return Result.ok() if {"aws:drop", "aws:forward_to_sfe"} & set(actions) else MSG.fail("passes", actions=actions)


@check(id="aws.networkfirewall.policy_default_drop_full_packets", resource_types=POLICY, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["NetworkFirewall.4"]},
       title=T("Network Firewall policy drops or forwards full packets by default",
               "Network Firewall ポリシーが既定で完全なパケットを破棄または転送する"),
       description=T("With aws:pass as the default stateless action, packets no stateless rule matches skip the stateful engine.",
                     "既定のステートレスアクションが aws:pass だと、どのステートレスルールにも一致しないパケットがステートフルエンジンを"
                     "経由しません。"),
       remediation=T("Set StatelessDefaultActions to aws:forward_to_sfe (or aws:drop).",
                     "StatelessDefaultActions を aws:forward_to_sfe (または aws:drop) にしてください。"))
def policy_default_drop_full_packets(r: Resource) -> Result:
    return _default_drops(r, "StatelessDefaultActions")


@check(id="aws.networkfirewall.policy_default_drop_fragments", resource_types=POLICY, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["NetworkFirewall.5"]},
       title=T("Network Firewall policy drops or forwards fragmented packets by default",
               "Network Firewall ポリシーが既定で断片化パケットを破棄または転送する"),
       description=T("Passing unmatched fragments uninspected lets attackers split traffic to evade the rules.",
                     "一致しない断片を検査せずに通すと、攻撃者は通信を分割してルールを回避できます。"),
       remediation=T("Set StatelessFragmentDefaultActions to aws:forward_to_sfe (or aws:drop).",
                     "StatelessFragmentDefaultActions を aws:forward_to_sfe (または aws:drop) にしてください。"))
def policy_default_drop_fragments(r: Resource) -> Result:
    return _default_drops(r, "StatelessFragmentDefaultActions")
