"""ECR repository checks: scanning, tag immutability, public policies, lifecycle."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, readable
from checks.aws.policies import public_policy_result
from checks.common import T

REPO = ("aws.ecr.repository",)

MSG = Messages("aws.ecr", {
    "scan_off": ("scan on push is off", "プッシュ時のスキャンが無効です"),
    "mutable": ("tag mutability is {mutability}", "タグの変更可否設定が {mutability} です"),
    "no_lifecycle": ("no lifecycle policy", "ライフサイクルポリシーがありません"),
    "encryption_type": ("encryption type is {encryption}", "暗号化タイプが {encryption} です"),
})


@check(id="aws.ecr.scan_on_push_enabled", resource_types=REPO, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["ECR.1"]},
       title=T("ECR repository scans images on push", "ECR リポジトリがプッシュ時にイメージをスキャンする"),
       description=T("Without scanning, images with known vulnerabilities are deployed unnoticed.",
                     "スキャンしないと、既知の脆弱性を含むイメージが気付かれずにデプロイされます。"),
       remediation=T("Enable imageScanningConfiguration.scanOnPush (or enhanced scanning for the registry).",
                     "imageScanningConfiguration.scanOnPush を有効にする (またはレジストリで拡張スキャンを有効にする) してください。"))
def scan_on_push_enabled(r: Resource) -> Result:
    on = (r.data.get("imageScanningConfiguration") or {}).get("scanOnPush")
    return Result.ok() if on else MSG.fail("scan_off")


@check(id="aws.ecr.tag_immutability_enabled", resource_types=REPO, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["ECR.2"]},
       title=T("ECR repository tags are immutable", "ECR リポジトリのタグがイミュータブル"),
       description=T("Mutable tags let a pushed image silently replace the one a deployment expects.",
                     "ミュータブルなタグでは、プッシュされたイメージがデプロイの想定するイメージを黙って置き換えられます。"),
       remediation=T("Set imageTagMutability to IMMUTABLE.", "imageTagMutability を IMMUTABLE に設定してください。"))
def tag_immutability_enabled(r: Resource) -> Result:
    mutability = r.data.get("imageTagMutability", "MUTABLE")
    return Result.ok() if str(mutability).startswith("IMMUTABLE") else MSG.fail("mutable", mutability=mutability)


@check(id="aws.ecr.repository_not_public", resource_types=REPO, severity=Severity.HIGH,
       title=T("ECR repository policy does not allow public access", "ECR リポジトリポリシーがパブリックアクセスを許可していない"),
       description=T("A repository policy granting '*' lets anyone pull (or push) images.",
                     "'*' を許可するリポジトリポリシーでは、誰でもイメージを取得 (またはプッシュ) できます。"),
       remediation=T("Restrict the repository policy to named accounts or add an aws:PrincipalOrgID condition.",
                     "リポジトリポリシーを特定アカウントに限定するか、aws:PrincipalOrgID 条件を追加してください。"))
def repository_not_public(r: Resource) -> Result:
    return public_policy_result(readable(r.data.get("Policy"), "Policy"))


@check(id="aws.ecr.lifecycle_policy_configured", resource_types=REPO, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["ECR.3"]},
       title=T("ECR repository has a lifecycle policy", "ECR リポジトリにライフサイクルポリシーがある"),
       description=T("Without a lifecycle policy old, unpatched images accumulate and stay pullable.",
                     "ライフサイクルポリシーがないと、古く未修正のイメージが蓄積し取得可能なまま残ります。"),
       remediation=T("Add a lifecycle policy that expires untagged and old images.",
                     "タグなしイメージや古いイメージを期限切れにするライフサイクルポリシーを追加してください。"))
def lifecycle_policy_configured(r: Resource) -> Result:
    lc = readable(r.data.get("LifecyclePolicy"), "LifecyclePolicy")
    return Result.ok() if lc else MSG.fail("no_lifecycle")


@check(id="aws.ecr.encrypted_with_kms", resource_types=REPO, severity=Severity.LOW,
       title=T("ECR repository is encrypted with a KMS key", "ECR リポジトリが KMS キーで暗号化されている"),
       description=T("KMS encryption lets key policies and CloudTrail control and record access to image layers.",
                     "KMS 暗号化により、キーポリシーと CloudTrail でイメージレイヤーへのアクセスを制御・記録できます。"),
       remediation=T("Create the repository with encryptionConfiguration.encryptionType=KMS.",
                     "encryptionConfiguration.encryptionType=KMS でリポジトリを作成してください。"))
def encrypted_with_kms(r: Resource) -> Result:
    enc = (r.data.get("encryptionConfiguration") or {}).get("encryptionType", "AES256")
    return Result.ok() if str(enc).startswith("KMS") else MSG.fail("encryption_type", encryption=enc)
