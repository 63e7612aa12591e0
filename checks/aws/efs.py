"""EFS file system checks: encryption at rest and public file system policies."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from agent.policy import aws_iam as iam_policy
from checks import check
from checks.aws._helpers import T, unreadable_result

EFS = ("aws.efs.file_system",)


@check(id="aws.efs.encrypted", resource_types=EFS, severity=Severity.HIGH,
       frameworks={"cis-aws-3.0": ["2.4.1"], "aws-fsbp": ["EFS.1"]},
       title=T("EFS file system is encrypted at rest", "EFS ファイルシステムが保存時に暗号化されている"),
       description=T("Unencrypted file systems store data in plaintext; encryption can only be set at creation.",
                     "暗号化されていないファイルシステムはデータを平文で保存します。暗号化は作成時にのみ設定できます。"),
       remediation=T("Create an encrypted file system and migrate the data (e.g. with AWS DataSync).",
                     "暗号化されたファイルシステムを作成し、データを移行してください (AWS DataSync など)。"))
def efs_encrypted(r: Resource) -> Result:
    return Result.ok() if r.data.get("Encrypted") else Result.fail("file system is not encrypted")


@check(id="aws.efs.policy_not_public", resource_types=EFS, severity=Severity.HIGH,
       title=T("EFS file system policy does not allow public access", "EFS ファイルシステムポリシーがパブリックアクセスを許可していない"),
       description=T("A file system policy granting '*' lets any principal with network reach mount and write it.",
                     "'*' を許可するファイルシステムポリシーでは、ネットワーク到達性のある任意のプリンシパルがマウント・書き込みできます。"),
       remediation=T("Restrict the policy principals or add aws:PrincipalOrgID / aws:SourceVpce conditions.",
                     "ポリシーのプリンシパルを制限するか、aws:PrincipalOrgID / aws:SourceVpce 条件を追加してください。"))
def efs_policy_not_public(r: Resource) -> Result:
    policy = r.data.get("Policy")
    if (err := unreadable_result(policy)):
        return err
    acts = iam_policy.public_actions(policy) if policy else []
    return Result.fail(f"policy allows anyone: {', '.join(acts)}", actions=acts) if acts else Result.ok()
