"""S3 checks on how a bucket's data is managed: lifecycle rules, event notifications,
cross-Region replication, ACLs disabled (bucket owner enforced) and KMS encryption; Block Public
Access on access points and Multi-Region Access Points."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

BUCKET = ("aws.s3.bucket",)
BPA_KEYS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")

MSG = Messages("aws.s3_data_management", {
    "no_lifecycle": ("no enabled lifecycle rule", "有効なライフサイクルルールがありません"),
    "unversioned": ("versioning was never enabled", "バージョニングは一度も有効にされていません"),
    "no_notifications": ("no event notification destination", "イベント通知の送信先がありません"),
    "no_replication": ("no enabled replication rule", "有効なレプリケーションルールがありません"),
    "acls_on": ("object ownership is {ownership}: ACLs still grant access", "オブジェクト所有者は {ownership} で、ACL がまだアクセスを許可します"),
    "not_kms": ("default encryption is {algorithm}, not a KMS key", "デフォルト暗号化は {algorithm} で、KMS キーではありません"),
    "bpa_off": ("Block Public Access settings off: {settings}", "無効なブロックパブリックアクセス設定: {settings}"),
})


@check(id="aws.s3.lifecycle_configured", resource_types=BUCKET, severity=Severity.LOW, frameworks={"aws-fsbp": ["S3.13"]},
       title=T("S3 bucket has a lifecycle configuration", "S3 バケットにライフサイクル設定がある"),
       description=T("Without lifecycle rules, old object versions, incomplete multipart uploads and stale data are "
                     "kept (and exposed) for ever.",
                     "ライフサイクルルールがないと、古いオブジェクトバージョン・未完了のマルチパートアップロード・不要データが"
                     "いつまでも保持 (そして露出) されます。"),
       remediation=T("Add lifecycle rules that expire or transition data and noncurrent versions "
                     "(put-bucket-lifecycle-configuration).",
                     "データと非現行バージョンを失効・移行するライフサイクルルールを追加してください "
                     "(put-bucket-lifecycle-configuration)。"))
def lifecycle_configured(r: Resource) -> Result:
    rules = need(r, "LifecycleRules") or []
    return Result.ok() if any(x.get("Status") == "Enabled" for x in rules) else MSG.fail("no_lifecycle")


@check(id="aws.s3.event_notifications_enabled", resource_types=BUCKET, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["S3.11"]},
       title=T("S3 bucket sends event notifications", "S3 バケットがイベント通知を送信している"),
       description=T("Event notifications (SNS, SQS, Lambda or EventBridge) let deletions and unexpected writes be "
                     "seen as they happen.",
                     "イベント通知 (SNS・SQS・Lambda・EventBridge) により、削除や想定外の書き込みを発生時に把握できます。"),
       remediation=T("Configure a notification for object events, or turn on EventBridge delivery "
                     "(put-bucket-notification-configuration).",
                     "オブジェクトイベントの通知を設定するか、EventBridge への配信を有効にしてください "
                     "(put-bucket-notification-configuration)。"))
def event_notifications_enabled(r: Resource) -> Result:
    cfg = need(r, "NotificationConfiguration") or {}
    on = "EventBridgeConfiguration" in cfg or any(v for k, v in cfg.items() if k.endswith("Configurations"))
    return Result.ok() if on else MSG.fail("no_notifications")


@check(id="aws.s3.cross_region_replication", resource_types=BUCKET, severity=Severity.LOW, frameworks={"aws-fsbp": ["S3.7"]},
       title=T("S3 bucket replicates its objects", "S3 バケットがオブジェクトをレプリケートしている"),
       description=T("Without replication, a Regional outage or a destructive action in the bucket leaves no second copy.",
                     "レプリケーションがないと、リージョン障害やバケット内の破壊的操作の後に 2 つ目のコピーが残りません。"),
       remediation=T("Enable versioning and add a replication rule to a bucket in another Region (put-bucket-replication).",
                     "バージョニングを有効にし、別リージョンのバケットへのレプリケーションルールを追加してください "
                     "(put-bucket-replication)。"))
def cross_region_replication(r: Resource) -> Result:
    cfg = need(r, "ReplicationConfiguration") or {}
    on = any(x.get("Status") == "Enabled" for x in cfg.get("Rules", []))
    return Result.ok() if on else MSG.fail("no_replication")


@check(id="aws.s3.acls_disabled", resource_types=BUCKET, severity=Severity.MEDIUM, frameworks={"aws-fsbp": ["S3.12"]},
       title=T("S3 bucket has ACLs disabled (bucket owner enforced)", "S3 バケットの ACL が無効 (バケット所有者の強制)"),
       description=T("While ACLs are in effect, object writers own their objects and any grant on an object can open it "
                     "outside the bucket policy.",
                     "ACL が有効な間は、オブジェクトの書き込み者がそのオブジェクトを所有し、オブジェクトの付与でバケットポリシー外に"
                     "公開できます。"),
       remediation=T("Set Object Ownership to BucketOwnerEnforced (put-bucket-ownership-controls) after moving ACL "
                     "grants into the bucket policy.",
                     "ACL の付与をバケットポリシーに移してから、オブジェクト所有者を BucketOwnerEnforced にしてください "
                     "(put-bucket-ownership-controls)。"))
def acls_disabled(r: Resource) -> Result:
    rules = (need(r, "OwnershipControls") or {}).get("Rules") or []
    ownership = rules[0].get("ObjectOwnership", "ObjectWriter") if rules else "ObjectWriter"
    return Result.ok() if ownership == "BucketOwnerEnforced" else MSG.fail("acls_on", ownership=ownership)


@check(id="aws.s3.default_encryption_kms", resource_types=BUCKET, severity=Severity.LOW, frameworks={"aws-fsbp": ["S3.17"]},
       title=T("S3 bucket encrypts objects with a KMS key by default", "S3 バケットが既定で KMS キーによりオブジェクトを暗号化している"),
       description=T("With SSE-S3, anyone allowed to read an object reads it decrypted; a KMS key adds a key policy and "
                     "a CloudTrail record of every decryption.",
                     "SSE-S3 では、オブジェクトを読めるすべての者が復号済みで読めます。KMS キーならキーポリシーとすべての復号の "
                     "CloudTrail 記録が加わります。"),
       remediation=T("Set default encryption to aws:kms (or aws:kms:dsse) with a KMS key and bucket keys "
                     "(put-bucket-encryption).",
                     "KMS キーとバケットキーを使って、デフォルト暗号化を aws:kms (または aws:kms:dsse) にしてください "
                     "(put-bucket-encryption)。"))
def default_encryption_kms(r: Resource) -> Result:
    rules = (need(r, "Encryption") or {}).get("Rules") or []
    algs = [((x.get("ApplyServerSideEncryptionByDefault") or {}).get("SSEAlgorithm")) for x in rules]
    if any(str(a).startswith("aws:kms") for a in algs):
        return Result.ok()
    return MSG.fail("not_kms", algorithm=next((a for a in algs if a), "none"))


def _bpa_result(cfg: Any) -> Result:
    off = [k for k in BPA_KEYS if not (cfg or {}).get(k)]
    return MSG.fail("bpa_off", settings=off) if off else Result.ok()


@check(id="aws.s3.access_point_block_public_access", resource_types=("aws.s3.access_point",), severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["S3.19"]},
       title=T("S3 access point blocks public access", "S3 アクセスポイントがパブリックアクセスをブロックしている"),
       description=T("An access point with Block Public Access off can be opened to everyone by its own policy, "
                     "whatever the bucket's settings.",
                     "ブロックパブリックアクセスが無効なアクセスポイントは、バケットの設定にかかわらず、自身のポリシーで全員に"
                     "公開できます。"),
       remediation=T("Block Public Access is set at creation: create the access point with all four settings on and "
                     "move clients to it.",
                     "ブロックパブリックアクセスは作成時に決まるため、4 つの設定をすべて有効にしてアクセスポイントを作成し、"
                     "クライアントを移してください。"))
def access_point_block_public_access(r: Resource) -> Result:
    return _bpa_result(need(r, "PublicAccessBlockConfiguration"))


@check(id="aws.s3.multi_region_access_point_block_public_access", resource_types=("aws.s3.multi_region_access_point",),
       severity=Severity.HIGH, frameworks={"aws-fsbp": ["S3.24"]},
       title=T("S3 Multi-Region Access Point blocks public access", "S3 マルチリージョンアクセスポイントがパブリックアクセスをブロックしている"),
       description=T("A Multi-Region Access Point with Block Public Access off can route public requests to the "
                     "buckets behind it.",
                     "ブロックパブリックアクセスが無効なマルチリージョンアクセスポイントは、背後のバケットへパブリックな"
                     "リクエストを転送できます。"),
       remediation=T("Block Public Access is set at creation: recreate the Multi-Region Access Point with all four settings on.",
                     "ブロックパブリックアクセスは作成時に決まるため、4 つの設定をすべて有効にしてマルチリージョンアクセスポイントを"
                     "作り直してください。"))
def multi_region_access_point_block_public_access(r: Resource) -> Result:
    return _bpa_result(need(r, "PublicAccessBlock"))


@check(id="aws.s3.versioned_bucket_lifecycle_configured", resource_types=BUCKET, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["S3.10"]},
       title=T("Versioned S3 bucket has lifecycle rules", "バージョニングされた S3 バケットにライフサイクルルールがある"),
       description=T("Versioning keeps every overwritten and deleted object; without a lifecycle rule expiring "
                     "noncurrent versions, old copies of data (secrets included) are kept for ever.",
                     "バージョニングは上書き・削除されたすべてのオブジェクトを保持します。非現行バージョンを失効させるライフサイクル"
                     "ルールがないと、データ (秘密情報を含む) の古いコピーがいつまでも残ります。"),
       remediation=T("Add an enabled lifecycle rule with NoncurrentVersionExpiration (put-bucket-lifecycle-configuration).",
                     "NoncurrentVersionExpiration を含む有効なライフサイクルルールを追加してください "
                     "(put-bucket-lifecycle-configuration)。"))
def versioned_bucket_lifecycle_configured(r: Resource) -> Result:
    if (need(r, "Versioning") or {}).get("Status") not in ("Enabled", "Suspended"):
        return MSG.ok("unversioned")
    return lifecycle_configured(r)
