"""S3 settings held by the account or its root user: account-level Block Public Access
(CIS 2.1.4) and MFA Delete on bucket versioning (CIS 2.1.2, which only root can turn on)."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.aws.s3 import BLOCK_KEYS
from checks.common import T

MSG = Messages("aws.s3_account", {
    "no_account_block": ("no account-level public access block",
                         "アカウントレベルのパブリックアクセスブロックがありません"),
    "settings_off": ("off: {off}", "無効な設定: {off}"),
    "mfa_delete_off": ("MFA Delete is not enabled", "MFA Delete が有効になっていません"),
})


@check(id="aws.s3.account_public_access_blocked", resource_types=("aws.s3.account_public_access_block",),
       severity=Severity.HIGH, frameworks={"cis-aws-3.0": ["2.1.4"], "aws-fsbp": ["S3.1"]},
       title=T("S3 Block Public Access is on for the whole account", "アカウント全体で S3 ブロックパブリックアクセスが有効"),
       description=T("The account-level setting stops any bucket from becoming public, including ones created later.",
                     "アカウントレベルの設定により、後から作成されるものも含め、どのバケットも公開されなくなります。"),
       remediation=T("Turn on all four settings (aws s3control put-public-access-block --account-id ...).",
                     "4 つの設定すべてを有効にしてください (aws s3control put-public-access-block --account-id ...)。"))
def account_public_access_blocked(r: Resource) -> Result:
    pab = readable(r.data.get("PublicAccessBlockConfiguration"), "PublicAccessBlockConfiguration")
    if not pab:
        return MSG.fail("no_account_block")
    off = [k for k in BLOCK_KEYS if not pab.get(k)]
    return MSG.fail("settings_off", off=off) if off else Result.ok()


@check(id="aws.s3.mfa_delete_enabled", resource_types=("aws.s3.bucket",), severity=Severity.LOW,
       frameworks={"aws-fsbp": ["S3.20"], "cis-aws-3.0": ["2.1.2"]},
       title=T("S3 bucket versioning has MFA Delete enabled", "S3 バケットのバージョニングで MFA Delete が有効"),
       description=T("MFA Delete requires a second factor to delete object versions or suspend versioning.",
                     "MFA Delete により、オブジェクトバージョンの削除やバージョニングの停止に第 2 要素が必要になります。"),
       remediation=T("As root, run put-bucket-versioning with MFADelete=Enabled and the root MFA serial/code.",
                     "ルートで put-bucket-versioning を MFADelete=Enabled とルート MFA のシリアル/コードを指定して実行してください。"))
def mfa_delete_enabled(r: Resource) -> Result:
    v = readable(r.data.get("Versioning"), "Versioning")
    return Result.ok() if (v or {}).get("MFADelete") == "Enabled" else MSG.fail("mfa_delete_off")
