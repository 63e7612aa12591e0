"""AWS Transfer Family checks: servers (protocols, logging, endpoint type, security policy) and
connectors (logging)."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.aws.settings_common import Setting, setting_check
from checks.common import T

SERVER = ("aws.transfer.server",)
# The 2018 and 2020 policy families, superseded by the 2022-and-later ones (which drop SHA-1 MACs,
# CBC ciphers and the weaker key exchanges still offered by the older ones).
OUTDATED_POLICIES = frozenset({"TransferSecurityPolicy-2018-11", "TransferSecurityPolicy-2020-06",
                               "TransferSecurityPolicy-FIPS-2020-06", "TransferSecurityPolicy-Restricted-2018-11",
                               "TransferSecurityPolicy-Restricted-2020-06"})

MSG = Messages("aws.transfer", {
    "ftp": ("the server accepts plain FTP", "サーバーが平文の FTP を受け付けています"),
    "outdated_policy": ("security policy {policy} predates the 2022 policies", "セキュリティポリシー {policy} は 2022 年版より古いものです"),
})

setting_check(Setting(
    "aws.transfer.server_logging_enabled", SERVER, "LoggingRole", lambda v, r: bool(v) or bool(r.data.get("StructuredLogDestinations")),
    ("Transfer Family server logs to CloudWatch", "Transfer Family サーバーが CloudWatch にログを送っている"),
    ("Without a logging role or structured log destination, logins and file operations leave no record.",
     "ログ記録ロールや構造化ログの送信先がないと、ログインとファイル操作の記録が残りません。"),
    ("Set a LoggingRole (or StructuredLogDestinations) on the server (update-server).",
     "サーバーに LoggingRole (または StructuredLogDestinations) を設定してください (update-server)。"),
    Severity.MEDIUM, shows=lambda v: v or "none"), __name__)

setting_check(Setting(
    "aws.transfer.server_endpoint_not_public", SERVER, "EndpointType", lambda v, r: v != "PUBLIC",
    ("Transfer Family server endpoint is not the public type", "Transfer Family サーバーのエンドポイントがパブリック型でない"),
    ("A PUBLIC endpoint cannot be restricted by security groups or Elastic IPs and is deprecated for new servers.",
     "PUBLIC エンドポイントはセキュリティグループや Elastic IP で制限できず、新規サーバーでは非推奨です。"),
    ("Move the server to a VPC endpoint (update-server --endpoint-type VPC) with security groups limiting the sources.",
     "接続元を制限するセキュリティグループ付きの VPC エンドポイントに移してください (update-server --endpoint-type VPC)。"),
    Severity.MEDIUM), __name__)

setting_check(Setting(
    "aws.transfer.connector_logging_enabled", ("aws.transfer.connector",), "LoggingRole", lambda v, r: bool(v),
    ("Transfer Family connector logs to CloudWatch", "Transfer Family コネクターが CloudWatch にログを送っている"),
    ("A connector without a logging role leaves no record of the files it sends to or fetches from partners.",
     "ログ記録ロールのないコネクターは、取引先との間で送受信したファイルの記録を残しません。"),
    ("Set a LoggingRole on the connector (update-connector).", "コネクターに LoggingRole を設定してください (update-connector)。"),
    Severity.MEDIUM, ("Transfer.3",), shows=lambda v: v or "none"), __name__)


@check(id="aws.transfer.server_no_ftp", resource_types=SERVER, severity=Severity.HIGH, frameworks={"aws-fsbp": ["Transfer.2"]},
       title=T("Transfer Family server does not use plain FTP", "Transfer Family サーバーが平文の FTP を使っていない"),
       description=T("FTP sends user names, passwords and file contents unencrypted.",
                     "FTP はユーザー名・パスワード・ファイル内容を暗号化せずに送ります。"),
       remediation=T("Remove FTP from the server's Protocols and use SFTP or FTPS (update-server --protocols).",
                     "サーバーの Protocols から FTP を外し、SFTP または FTPS を使ってください (update-server --protocols)。"))
def server_no_ftp(r: Resource) -> Result:
    return MSG.fail("ftp") if "FTP" in (need(r, "Protocols") or []) else Result.ok()


@check(id="aws.transfer.server_security_policy_current", resource_types=SERVER, severity=Severity.MEDIUM,
       title=T("Transfer Family server uses a current security policy", "Transfer Family サーバーが最新のセキュリティポリシーを使っている"),
       description=T("Older security policies still offer SHA-1 MACs, CBC ciphers or weak key exchanges to SFTP and FTPS clients.",
                     "古いセキュリティポリシーは SFTP・FTPS クライアントに SHA-1 MAC・CBC 暗号・弱い鍵交換をまだ提供します。"),
       remediation=T("Switch to TransferSecurityPolicy-2024-01 (or a newer or FIPS-2024 policy) with update-server "
                     "--security-policy-name.",
                     "update-server --security-policy-name で TransferSecurityPolicy-2024-01 (またはそれ以降か FIPS-2024) "
                     "に切り替えてください。"))
def server_security_policy_current(r: Resource) -> Result:
    policy = need(r, "SecurityPolicyName") or "TransferSecurityPolicy-2018-11"  # the API's default
    return MSG.fail("outdated_policy", policy=policy) if policy in OUTDATED_POLICIES else Result.ok()
