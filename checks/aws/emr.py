"""EMR: the region's block public access, and each active cluster's network exposure, security
configuration (encryption at rest and in transit, Kerberos) and logging."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.settings_common import Setting, setting_check
from checks.common import T

MSG = Messages("aws.emr", {
    "bpa_off": ("block public access for security group rules is off", "セキュリティグループルールのパブリックアクセスブロックが無効です"),
    "bpa_ports": ("ports other than 22 are exceptions: {ports}", "22 以外のポートが例外になっています: {ports}"),
    "no_config": ("the cluster runs without a security configuration", "クラスターがセキュリティ設定なしで動作しています"),
    "at_rest_off": ("the security configuration does not turn on encryption at rest",
                    "セキュリティ設定で保存時の暗号化が有効になっていません"),
    "in_transit_off": ("the security configuration does not turn on encryption in transit",
                       "セキュリティ設定で転送中の暗号化が有効になっていません"),
    "kerberos_off": ("neither the security configuration nor the cluster sets up Kerberos",
                     "セキュリティ設定にもクラスターにも Kerberos が設定されていません"),
    "public_ips": ("primary node public IPs: {ips}", "プライマリノードのパブリック IP: {ips}"),
})


def _ranges(cfg: Any) -> list[str]:
    out = []
    for rng in (cfg or {}).get("PermittedPublicSecurityGroupRuleRanges") or []:
        lo, hi = rng.get("MinRange"), rng.get("MaxRange", rng.get("MinRange"))
        if (lo, hi) != (22, 22):
            out.append(str(lo) if lo == hi else f"{lo}-{hi}")
    return out


@check(id="aws.emr.block_public_access_enabled", resource_types=("aws.emr.block_public_access",),
       severity=Severity.CRITICAL, frameworks={"aws-fsbp": ["EMR.2"]},
       title=T("EMR block public access is on, with no exception beyond port 22",
               "EMR のパブリックアクセスブロックが有効で、ポート 22 以外の例外がない"),
       description=T("Block public access stops clusters from launching with security groups open to 0.0.0.0/0 or ::/0 "
                     "on any port not listed as an exception.",
                     "パブリックアクセスブロックは、例外として指定していないポートを 0.0.0.0/0 や ::/0 に開いたセキュリティ"
                     "グループでクラスターが起動するのを防ぎます。"),
       remediation=T("EMR console > Block public access: turn it on and keep only port 22 as an exception.",
                     "EMR コンソールの「パブリックアクセスブロック」を有効にし、例外はポート 22 のみにしてください。"))
def block_public_access_enabled(r: Resource) -> Result:
    cfg = need(r, "BlockPublicAccessConfiguration") or {}
    if not cfg.get("BlockPublicSecurityGroupRules"):
        return MSG.fail("bpa_off")
    extra = _ranges(cfg)
    return MSG.fail("bpa_ports", ports=", ".join(extra)) if extra else Result.ok()


@check(id="aws.emr.cluster_primary_node_no_public_ip", resource_types=("aws.emr.cluster",), severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["EMR.1"]},
       title=T("EMR cluster primary nodes have no public IP address", "EMR クラスターのプライマリノードにパブリック IP アドレスがない"),
       description=T("A primary node with a public IP is reachable from the internet wherever its security groups allow.",
                     "パブリック IP を持つプライマリノードは、セキュリティグループが許す範囲でインターネットから到達できます。"),
       remediation=T("Launch clusters in a private subnet (public IPs cannot be removed from running nodes).",
                     "クラスターをプライベートサブネットで起動してください（動作中のノードからパブリック IP は外せません）。"))
def cluster_primary_node_no_public_ip(r: Resource) -> Result:
    ips = need(r, "MasterPublicIps")
    return MSG.fail("public_ips", ips=", ".join(ips)) if ips else Result.ok()


def _security_check(id_: str, what: tuple[str, str], key: str, sev: Severity, fsbp: str | None, off: str) -> None:
    @check(id=id_, resource_types=("aws.emr.cluster",), severity=sev, frameworks={"aws-fsbp": [fsbp]} if fsbp else None,
           title=T(f"EMR cluster's security configuration turns on {what[0]}",
                   f"EMR クラスターのセキュリティ設定で{what[1]}が有効"),
           description=T(f"The security configuration the cluster runs with enables {what[0]}.",
                         f"クラスターが使うセキュリティ設定で{what[1]}が有効になっていること。"),
           remediation=T(f"Create a security configuration with {what[0]} and launch the cluster with it "
                         "(a running cluster's configuration cannot be changed).",
                         f"{what[1]}を有効にしたセキュリティ設定を作成し、それを指定してクラスターを起動してください"
                         "（動作中のクラスターの設定は変更できません）。"))
    def evaluate(r: Resource) -> Result:
        doc = need(r, "SecurityConfigurationDocument")
        if doc is None:
            return MSG.fail("no_config")
        section, flag = key.split(".")
        return Result.ok() if (doc.get(section) or {}).get(flag) else MSG.fail(off)

    evaluate.__name__ = evaluate.__qualname__ = id_.rsplit(".", 1)[1]


_security_check("aws.emr.cluster_encrypted_at_rest", ("encryption at rest", "保存時の暗号化"),
                "EncryptionConfiguration.EnableAtRestEncryption", Severity.MEDIUM, "EMR.3", "at_rest_off")
_security_check("aws.emr.cluster_encrypted_in_transit", ("encryption in transit", "転送中の暗号化"),
                "EncryptionConfiguration.EnableInTransitEncryption", Severity.MEDIUM, "EMR.4", "in_transit_off")


@check(id="aws.emr.cluster_kerberos_enabled", resource_types=("aws.emr.cluster",), severity=Severity.MEDIUM,
       title=T("EMR cluster authenticates with Kerberos", "EMR クラスターが Kerberos で認証する"),
       description=T("Without Kerberos, Hadoop services on the cluster trust whatever user name a client claims.",
                     "Kerberos がないと、クラスター上の Hadoop サービスはクライアントが名乗るユーザー名をそのまま信頼します。"),
       remediation=T("Use a security configuration with Kerberos authentication (cluster-dedicated KDC or an external one).",
                     "Kerberos 認証（クラスター専用 KDC または外部 KDC）を含むセキュリティ設定を使ってください。"))
def cluster_kerberos_enabled(r: Resource) -> Result:
    doc = need(r, "SecurityConfigurationDocument")
    if doc is None:
        return MSG.fail("no_config")
    kerberos = (doc.get("AuthenticationConfiguration") or {}).get("KerberosConfiguration")
    return Result.ok() if kerberos or (r.data.get("KerberosAttributes") or {}).get("Realm") else MSG.fail("kerberos_off")


setting_check(Setting(
    "aws.emr.cluster_logging_enabled", ("aws.emr.cluster",), "LogUri",
    lambda v, r: bool(v),
    ("EMR cluster archives its logs to S3", "EMR クラスターがログを S3 にアーカイブする"),
    ("Without a log URI, step, node and application logs are lost when the cluster ends.",
     "ログ URI がないと、ステップ・ノード・アプリケーションのログはクラスター終了とともに失われます。"),
    ("Set a LogUri (an S3 location) when launching the cluster.",
     "クラスター起動時に LogUri（S3 の場所）を指定してください。"),
    Severity.LOW), __name__)
