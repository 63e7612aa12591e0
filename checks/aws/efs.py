"""EFS file system checks: encryption at rest and public file system policies."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.aws.policies import public_policy_result
from checks.common import T

EFS = ("aws.efs.file_system",)

MSG = Messages("aws.efs", {
    "unencrypted": ("file system is not encrypted", "ファイルシステムが暗号化されていません"),
})


@check(id="aws.efs.encrypted", resource_types=EFS, severity=Severity.HIGH,
       frameworks={"cis-aws-3.0": ["2.4.1"], "aws-fsbp": ["EFS.1"]},
       title=T("EFS file system is encrypted at rest", "EFS ファイルシステムが保存時に暗号化されている"),
       description=T("Unencrypted file systems store data in plaintext; encryption can only be set at creation.",
                     "暗号化されていないファイルシステムはデータを平文で保存します。暗号化は作成時にのみ設定できます。"),
       remediation=T("Create an encrypted file system and migrate the data (e.g. with AWS DataSync).",
                     "暗号化されたファイルシステムを作成し、データを移行してください (AWS DataSync など)。"))
def efs_encrypted(r: Resource) -> Result:
    return Result.ok() if r.data.get("Encrypted") else MSG.fail("unencrypted")


@check(id="aws.efs.policy_not_public", resource_types=EFS, severity=Severity.HIGH,
       title=T("EFS file system policy does not allow public access", "EFS ファイルシステムポリシーがパブリックアクセスを許可していない"),
       description=T("A file system policy granting '*' lets any principal with network reach mount and write it.",
                     "'*' を許可するファイルシステムポリシーでは、ネットワーク到達性のある任意のプリンシパルがマウント・書き込みできます。"),
       remediation=T("Restrict the policy principals or add aws:PrincipalOrgID / aws:SourceVpce conditions.",
                     "ポリシーのプリンシパルを制限するか、aws:PrincipalOrgID / aws:SourceVpce 条件を追加してください。"))
def efs_policy_not_public(r: Resource) -> Result:
    return public_policy_result(readable(r.data.get("Policy"), "Policy"))
