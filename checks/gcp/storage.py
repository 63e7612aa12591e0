"""Cloud Storage checks: public buckets, public access prevention, uniform bucket-level access, locked retention for
log buckets."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Severity, Status
from checks import Messages, NotCollected, Result, check
from checks.common import T
from checks.gcp.common import cis, policy_result, public_grants
from checks.gcp.org_policy import PROJECT, enforced, guardrail_remediation

BUCKET = ("gcp.storage.bucket",)

MSG = Messages("gcp.storage", {
    "object_acls": ("uniform bucket-level access is off (object ACLs apply)",
                    "均一なバケットレベルのアクセスが無効です (オブジェクト ACL が適用されます)"),
    "not_a_log_sink": ("not a log sink destination", "ログシンクの宛先ではありません"),
    "no_retention": ("log sink destination ({sinks}) has no retention policy",
                     "ログシンクの宛先 ({sinks}) に保持ポリシーがありません"),
    "retention_unlocked": ("log sink destination ({sinks}) retention policy is not locked",
                           "ログシンクの宛先 ({sinks}) の保持ポリシーがロックされていません"),
    "retention_locked": ("retention of {retentionPeriod}s is locked", "{retentionPeriod} 秒の保持期間がロックされています"),
    "versioning_off": ("object versioning is off", "オブジェクトのバージョニングが無効です"),
    "soft_delete": ("soft delete keeps deleted objects {seconds}s", "ソフト削除で削除済みオブジェクトを {seconds} 秒保持します"),
    "pap_by_org_policy": ("inherited: enforced by organisation policy", "継承: 組織ポリシーで適用されています"),
    "pap_not_enforced": ("publicAccessPrevention is {value}", "publicAccessPrevention が {value} です"),
})
PAP_CONSTRAINT = "constraints/storage.publicAccessPrevention"


@check(id="gcp.storage.bucket_not_public", resource_types=BUCKET, severity=Severity.CRITICAL, frameworks=cis("5.1"),
       title={"en": "Cloud Storage bucket is not publicly accessible",
              "ja": "Cloud Storage バケットが公開されていない"},
       description={"en": "A bucket IAM binding to allUsers or allAuthenticatedUsers exposes its objects to "
                          "anyone on the Internet.",
                    "ja": "バケットの IAM で allUsers / allAuthenticatedUsers にロールを付与すると、"
                          "オブジェクトがインターネット上の誰にでも公開されます。"},
       remediation={"en": "Remove allUsers and allAuthenticatedUsers from the bucket's IAM policy and enforce "
                          "public access prevention (gcloud storage buckets update gs://BUCKET "
                          "--public-access-prevention).",
                    "ja": "バケットの IAM ポリシーから allUsers・allAuthenticatedUsers を削除し、公開アクセス防止を"
                          "有効にしてください（gcloud storage buckets update gs://BUCKET --public-access-prevention）。"})
def bucket_not_public(r: Resource) -> Result:
    return policy_result(r, public_grants, "public_grants")


@check(id="gcp.storage.uniform_bucket_level_access", resource_types=BUCKET, severity=Severity.MEDIUM,
       frameworks=cis("5.2"),
       title={"en": "Cloud Storage bucket uses uniform bucket-level access",
              "ja": "Cloud Storage バケットで均一なバケットレベルのアクセスが有効"},
       description={"en": "With object ACLs, any object can be made public on its own and IAM no longer tells "
                          "the whole story; uniform access disables ACLs.",
                    "ja": "オブジェクト ACL が使えると個々のオブジェクトを公開でき、IAM だけでは権限を把握できません。"
                          "均一アクセスは ACL を無効にします。"},
       remediation={"en": "gcloud storage buckets update gs://BUCKET --uniform-bucket-level-access",
                    "ja": "gcloud storage buckets update gs://BUCKET --uniform-bucket-level-access を実行してください。"})
def uniform_bucket_level_access(r: Resource) -> Result:
    ubla = ((r.data.get("iamConfiguration") or {}).get("uniformBucketLevelAccess") or {})
    if ubla.get("enabled"):
        return Result.ok()
    return MSG.fail("object_acls")


@check(id="gcp.storage.log_bucket_retention_locked", resource_types=BUCKET, severity=Severity.MEDIUM,
       frameworks=cis("2.3"), needs_inventory=True,
       title={"en": "Buckets receiving exported logs have a locked retention policy",
              "ja": "ログのエクスポート先バケットに保持ポリシーがロックされて設定されている"},
       description={"en": "An attacker who can delete exported logs can erase their tracks; a locked retention "
                          "policy (Bucket Lock) makes the logs undeletable for the retention period.",
                    "ja": "エクスポートされたログを削除できれば攻撃者は痕跡を消せます。バケットロックされた保持ポリシーにより、"
                          "保持期間中はログを削除できなくなります。"},
       remediation={"en": "Set a retention policy on the sink's bucket and lock it "
                          "(gcloud storage buckets update gs://BUCKET --retention-period=… then "
                          "--lock-retention-period).",
                    "ja": "シンクの宛先バケットに保持ポリシーを設定してロックしてください"
                          "（gcloud storage buckets update gs://BUCKET --retention-period=… の後 "
                          "--lock-retention-period）。"})
def log_bucket_retention_locked(r: Resource, inventory: Inventory) -> Result:
    bucket = r.data.get("name") or r.name
    target = f"storage.googleapis.com/{bucket}"
    sinks = [s.name for s in inventory.by_type("gcp.logging.sink") if s.data.get("destination") == target]
    if not sinks:
        return MSG.ok("not_a_log_sink")
    retention = r.data.get("retentionPolicy") or {}
    if not retention.get("retentionPeriod"):
        return MSG.fail("no_retention", sinks=sinks)
    if not retention.get("isLocked"):
        return MSG.fail("retention_unlocked", sinks=sinks)
    return MSG.ok("retention_locked", retentionPeriod=retention["retentionPeriod"])


@check(id="gcp.storage.public_access_prevention_enforced", resource_types=PROJECT, severity=Severity.MEDIUM,
       frameworks=cis("5.1"), needs_inventory=True,
       title={"en": "Public access prevention is enforced for Cloud Storage by organisation policy",
              "ja": "組織ポリシーで Cloud Storage の公開アクセス防止が適用されている"},
       description={"en": "The guardrail stops any bucket or object of the project from being made public, whatever "
                          "its IAM or ACLs say.",
                    "ja": "このガードレールにより、IAM や ACL の設定にかかわらず、プロジェクトのバケットやオブジェクトを"
                          "公開できなくなります。"},
       remediation=guardrail_remediation("constraints/storage.publicAccessPrevention"))
def public_access_prevention_enforced(r: Resource, inventory: Inventory) -> Result:
    return enforced(r, inventory, "constraints/storage.publicAccessPrevention")


@check(id="gcp.storage.bucket_public_access_prevention", resource_types=BUCKET, severity=Severity.MEDIUM,
       frameworks=cis("5.1"), needs_inventory=True,
       title=T("Cloud Storage bucket enforces public access prevention",
               "Cloud Storage バケットで公開アクセス防止が適用されている"),
       description=T("With public access prevention enforced (on the bucket, or inherited from the organisation "
                     "policy) no IAM binding or ACL can make the bucket or its objects public.",
                     "公開アクセス防止が（バケット自体で、または組織ポリシーから継承して）適用されていると、IAM や ACL で"
                     "バケットやオブジェクトを公開できません。"),
       remediation=T("gcloud storage buckets update gs://BUCKET --public-access-prevention",
                     "gcloud storage buckets update gs://BUCKET --public-access-prevention を実行してください。"))
def bucket_public_access_prevention(r: Resource, inventory: Inventory) -> Result:
    value = str((r.data.get("iamConfiguration") or {}).get("publicAccessPrevention") or "inherited")
    if value == "enforced":
        return Result.ok()
    # "inherited" (older documents: "unspecified") follows the organisation policy of the bucket's project.
    projects = inventory.in_account("gcp", r.account, "gcp.resourcemanager.project") if inventory else []
    if not projects:
        raise NotCollected("organisation policies of the project", f"project {r.account} was not collected")
    if enforced(projects[0], inventory, PAP_CONSTRAINT).status is Status.PASS:
        return MSG.ok("pap_by_org_policy")
    return MSG.fail("pap_not_enforced", value=value)


@check(id="gcp.storage.bucket_versioning_or_soft_delete", resource_types=BUCKET, severity=Severity.LOW,
       title=T("Cloud Storage bucket keeps overwritten or deleted objects recoverable",
               "Cloud Storage バケットで上書き・削除されたオブジェクトを復元できる"),
       description=T("Object versioning (or a soft-delete retention) lets you recover objects that ransomware or a "
                     "mistake overwrote or deleted.",
                     "オブジェクトのバージョニング（またはソフト削除の保持期間）により、ランサムウェアや誤操作で上書き・削除"
                     "されたオブジェクトを復元できます。"),
       remediation=T("gcloud storage buckets update gs://BUCKET --versioning (or --soft-delete-duration=7d)",
                     "gcloud storage buckets update gs://BUCKET --versioning（または --soft-delete-duration=7d）を"
                     "実行してください。"))
def bucket_versioning_or_soft_delete(r: Resource) -> Result:
    if (r.data.get("versioning") or {}).get("enabled"):
        return Result.ok()
    seconds = int(float((r.data.get("softDeletePolicy") or {}).get("retentionDurationSeconds") or 0))
    return MSG.ok("soft_delete", seconds=seconds) if seconds > 0 else MSG.fail("versioning_off")
