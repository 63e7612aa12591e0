"""Account- and region-level service checks: ACM, Organizations, AWS Config, GuardDuty,
Security Hub, IAM Access Analyzer, S3 account Block Public Access."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import check
from checks.aws._helpers import T, unreadable_result

PAB_KEYS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


@check(id="aws.acm.certificate_not_expiring", resource_types=("aws.acm.certificate",), severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["ACM.1"]},
       title=T("ACM certificate does not expire within 30 days", "ACM 証明書の有効期限が 30 日以内ではない"),
       description=T("An expiring certificate breaks TLS for every client; imported certificates are not renewed by AWS.",
                     "期限切れ間近の証明書はすべてのクライアントの TLS を壊します。インポートした証明書は AWS が更新しません。"),
       remediation=T("Renew or re-import the certificate, or fix DNS/email validation so managed renewal succeeds.",
                     "証明書を更新または再インポートするか、マネージド更新が成功するよう DNS/メール検証を修正してください。"))
def certificate_not_expiring(r: Resource) -> Result:
    if r.data.get("Status") not in (None, "ISSUED"):
        return Result.ok(f"status {r.data.get('Status')}")
    left = r.data.get("_days_to_expiry")
    if left is None:
        return Result.error("certificate has no expiry date")
    if left < 0:
        return Result.fail(f"expired {-left} days ago", days_left=left)
    return Result.fail(f"expires in {left} days", days_left=left) if left < 30 else Result.ok(f"{left} days left")


@check(id="aws.acm.rsa_key_at_least_2048", resource_types=("aws.acm.certificate",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["ACM.2"]},
       title=T("ACM RSA certificates use keys of at least 2048 bits", "ACM の RSA 証明書が 2048 ビット以上の鍵を使用している"),
       description=T("RSA keys shorter than 2048 bits are considered breakable.", "2048 ビット未満の RSA 鍵は解読可能とみなされます。"),
       remediation=T("Request or import a certificate with RSA_2048 or larger (or an EC key).",
                     "RSA_2048 以上 (または EC 鍵) の証明書を要求またはインポートしてください。"))
def rsa_key_at_least_2048(r: Resource) -> Result:
    alg = str(r.data.get("KeyAlgorithm", ""))
    if alg.startswith("RSA"):
        try:
            bits = int(alg.split("_")[-1].split("-")[-1])
        except ValueError:
            return Result.error(f"unknown key algorithm {alg}")
        return Result.ok(alg) if bits >= 2048 else Result.fail(f"{alg} is too short")
    return Result.ok(alg or "unknown")


@check(id="aws.organizations.scps_in_use", resource_types=("aws.organizations.organization",), severity=Severity.MEDIUM,
       title=T("Service control policies guard the organisation", "サービスコントロールポリシー (SCP) で組織が保護されている"),
       description=T("Only the default FullAWSAccess SCP (or no organisation at all) means no preventive guardrail limits what member accounts can do.",
                     "既定の FullAWSAccess のみ (または組織なし) では、メンバーアカウントの操作を制限する予防的ガードレールがありません。"),
       remediation=T("Enable SCPs and attach guardrails (deny leaving the organisation, disabling CloudTrail/GuardDuty, unused regions).",
                     "SCP を有効にし、ガードレール (組織からの離脱、CloudTrail/GuardDuty の無効化、未使用リージョンの拒否など) をアタッチしてください。"))
def scps_in_use(r: Resource) -> Result:
    if r.data.get("Organization") is None:
        return Result.fail("account is not part of an organisation")
    scps = r.data.get("ServiceControlPolicies")
    if (err := unreadable_result(scps)):
        return err
    custom = [p.get("Name") for p in scps or [] if not p.get("AwsManaged") and p.get("Targets")]
    return Result.ok(", ".join(custom)) if custom else Result.fail("no custom SCP is attached")


@check(id="aws.organizations.all_features_enabled", resource_types=("aws.organizations.organization",),
       severity=Severity.LOW,
       title=T("Organisation has all features enabled", "組織ですべての機能が有効"),
       description=T("Consolidated-billing-only organisations cannot use SCPs or organisation-wide security services.",
                     "一括請求のみの組織では SCP や組織全体のセキュリティサービスを使用できません。"),
       remediation=T("Enable all features in AWS Organizations.", "AWS Organizations ですべての機能を有効にしてください。"))
def all_features_enabled(r: Resource) -> Result:
    org = r.data.get("Organization")
    if org is None:
        return Result.fail("account is not part of an organisation")
    fs = org.get("FeatureSet")
    return Result.ok() if fs == "ALL" else Result.fail(f"feature set is {fs}")


@check(id="aws.config.recorder_enabled", resource_types=("aws.config.region",), severity=Severity.MEDIUM,
       frameworks={"cis-aws-3.0": ["3.3"], "aws-fsbp": ["Config.1"]},
       title=T("AWS Config records in this region", "このリージョンで AWS Config が記録している"),
       description=T("AWS Config keeps the configuration history investigations and compliance rely on; CIS asks for it in every region.",
                     "AWS Config は調査とコンプライアンスが依存する構成履歴を保持します。CIS は全リージョンでの有効化を求めています。"),
       remediation=T("Create a configuration recorder and delivery channel and start recording (aws configservice start-configuration-recorder).",
                     "設定レコーダーと配信チャネルを作成し、記録を開始してください (aws configservice start-configuration-recorder)。"))
def recorder_enabled(r: Resource) -> Result:
    status = r.data.get("RecorderStatus") or []
    if not r.data.get("ConfigurationRecorders"):
        return Result.fail("no configuration recorder")
    if not any(s.get("recording") for s in status):
        return Result.fail("recorder is not recording")
    channels = r.data.get("DeliveryChannels")
    if (err := unreadable_result(channels)):
        return err
    return Result.ok() if channels else Result.fail("no delivery channel")


@check(id="aws.config.records_all_resources", resource_types=("aws.config.region",), severity=Severity.LOW,
       frameworks={"cis-aws-3.0": ["3.3"]},
       title=T("AWS Config records all supported resource types", "AWS Config がすべてのサポート対象リソースを記録している"),
       description=T("A recorder limited to some types leaves changes to the others unrecorded.",
                     "一部の種類に限定されたレコーダーでは、それ以外のリソースの変更が記録されません。"),
       remediation=T("Set recordingGroup.allSupported=true (and includeGlobalResourceTypes in one region).",
                     "recordingGroup.allSupported=true (および 1 つのリージョンで includeGlobalResourceTypes) を設定してください。"))
def records_all_resources(r: Resource) -> Result:
    recs = r.data.get("ConfigurationRecorders") or []
    if not recs:
        return Result.fail("no configuration recorder")
    ok = any((rec.get("recordingGroup") or {}).get("allSupported", True) for rec in recs)
    return Result.ok() if ok else Result.fail("recorder records only selected resource types")


@check(id="aws.guardduty.enabled", resource_types=("aws.guardduty.region",), severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["GuardDuty.1"]},
       title=T("GuardDuty is enabled in this region", "このリージョンで GuardDuty が有効"),
       description=T("GuardDuty detects compromised credentials, crypto-mining and reconnaissance; a region without it is unwatched.",
                     "GuardDuty は漏えいした認証情報、暗号通貨マイニング、偵察を検知します。無効なリージョンは監視されていません。"),
       remediation=T("Create a detector (aws guardduty create-detector --enable), ideally organisation-wide.",
                     "ディテクターを作成してください (aws guardduty create-detector --enable)。組織全体での有効化を推奨します。"))
def guardduty_enabled(r: Resource) -> Result:
    dets = r.data.get("Detectors") or []
    if not dets:
        return Result.fail("no detector")
    return Result.ok() if any(d.get("Status") == "ENABLED" for d in dets) else Result.fail("detector is suspended")


@check(id="aws.securityhub.enabled", resource_types=("aws.securityhub.region",), severity=Severity.MEDIUM,
       frameworks={"cis-aws-3.0": ["4.16"]},
       title=T("Security Hub is enabled in this region", "このリージョンで Security Hub が有効"),
       description=T("Security Hub aggregates findings from AWS security services; CIS 4.16 asks for it.",
                     "Security Hub は AWS セキュリティサービスの検出結果を集約します。CIS 4.16 が有効化を求めています。"),
       remediation=T("Enable Security Hub (aws securityhub enable-security-hub).", "Security Hub を有効にしてください (aws securityhub enable-security-hub)。"))
def securityhub_enabled(r: Resource) -> Result:
    return Result.ok() if r.data.get("Enabled") else Result.fail("Security Hub is not enabled")


@check(id="aws.accessanalyzer.enabled", resource_types=("aws.accessanalyzer.region",), severity=Severity.MEDIUM,
       frameworks={"cis-aws-3.0": ["1.20"]},
       title=T("IAM Access Analyzer is enabled in this region", "このリージョンで IAM Access Analyzer が有効"),
       description=T("Access Analyzer reports resources shared outside the account or organisation.",
                     "Access Analyzer は、アカウントや組織の外部と共有されているリソースを報告します。"),
       remediation=T("Create an analyzer (aws accessanalyzer create-analyzer --type ACCOUNT or ORGANIZATION).",
                     "アナライザーを作成してください (aws accessanalyzer create-analyzer --type ACCOUNT または ORGANIZATION)。"))
def accessanalyzer_enabled(r: Resource) -> Result:
    active = [a.get("name") for a in r.data.get("Analyzers") or [] if a.get("status") == "ACTIVE"]
    return Result.ok(", ".join(active)) if active else Result.fail("no active analyzer")


@check(id="aws.s3.account_public_access_blocked", resource_types=("aws.s3.account_public_access_block",),
       severity=Severity.HIGH, frameworks={"cis-aws-3.0": ["2.1.4"], "aws-fsbp": ["S3.1"]},
       title=T("S3 Block Public Access is on for the whole account", "アカウント全体で S3 ブロックパブリックアクセスが有効"),
       description=T("The account-level setting stops any bucket from becoming public, including ones created later.",
                     "アカウントレベルの設定により、後から作成されるものも含め、どのバケットも公開されなくなります。"),
       remediation=T("Turn on all four settings (aws s3control put-public-access-block --account-id ...).",
                     "4 つの設定すべてを有効にしてください (aws s3control put-public-access-block --account-id ...)。"))
def account_public_access_blocked(r: Resource) -> Result:
    pab = r.data.get("PublicAccessBlockConfiguration")
    if (err := unreadable_result(pab)):
        return err
    if not pab:
        return Result.fail("no account-level public access block")
    off = [k for k in PAB_KEYS if not pab.get(k)]
    return Result.fail(f"off: {', '.join(off)}", off=off) if off else Result.ok()
