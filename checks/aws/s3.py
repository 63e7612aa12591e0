"""S3 bucket checks: public access, encryption, versioning, logging, TLS-only access."""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource, Result, Severity
from agent.policy import aws_iam as iam_policy
from checks import Messages, check, need
from checks.common import as_list, statements

BUCKET = ("aws.s3.bucket",)
BLOCK_KEYS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")

MSG = Messages("aws.s3", {
    "no_block": ("no public access block is configured on the bucket",
                 "バケットにパブリックアクセスブロックが設定されていません"),
    "not_blocked": ("not blocked: {settings}", "ブロックされていない設定: {settings}"),
    "all_blocked": ("all four public access block settings are on",
                    "パブリックアクセスブロックの 4 つの設定がすべて有効です"),
    "no_encryption": ("no default encryption rule", "デフォルト暗号化ルールがありません"),
    "encryption": ("default encryption: {algorithms}", "デフォルト暗号化: {algorithms}"),
    "versioning_never": ("versioning is never enabled", "バージョニングが一度も有効化されていません"),
    "versioning_off": ("versioning is {status}", "バージョニングの状態が {status} です"),
    "logs_to": ("logs to {target}", "{target} にアクセスログを出力しています"),
    "logging_off": ("server access logging is off", "サーバーアクセスログが無効です"),
    "no_public_grants": ("no public grants", "パブリックな付与はありません"),
    "grants_ignored": ("public grants ({grants}) are ignored by IgnorePublicAcls",
                       "パブリックな付与 ({grants}) は IgnorePublicAcls により無視されます"),
    "acl_grants": ("ACL grants {grants}", "ACL が {grants} を付与しています"),
    "no_policy": ("no bucket policy", "バケットポリシーはありません"),
    "policy_not_public": ("bucket policy is not public", "バケットポリシーは公開されていません"),
    "policy_neutralised": ("public policy is neutralised by RestrictPublicBuckets",
                           "公開ポリシーは RestrictPublicBuckets により無効化されています"),
    "policy_public": ("bucket policy allows public access", "バケットポリシーがパブリックアクセスを許可しています"),
    "no_policy_http": ("no bucket policy, so plain HTTP requests are allowed",
                       "バケットポリシーがないため、平文の HTTP リクエストが許可されています"),
    "http_denied": ("plain HTTP requests are denied", "平文の HTTP リクエストは拒否されています"),
    "http_partly_denied": ("the bucket policy denies plain HTTP for only some actions or resources "
                           "(it must deny s3:* on the bucket and bucket/*)",
                           "バケットポリシーは一部のアクションまたはリソースについてのみ平文の HTTP を拒否しています "
                           "(バケットと bucket/* に対する s3:* の拒否が必要です)"),
    "http_not_denied": ("the bucket policy does not deny aws:SecureTransport=false",
                        "バケットポリシーが aws:SecureTransport=false を拒否していません"),
})


def principal_is_everyone(principal: Any) -> bool:
    if principal == "*":
        return True
    if isinstance(principal, dict):
        return "*" in as_list(principal.get("AWS"))
    return False


@check(
    id="aws.s3.block_public_access", resource_types=BUCKET, severity=Severity.HIGH,
    frameworks={"aws-fsbp": ["S3.8"], "cis-aws-3.0": ["2.1.4"]},
    title={"en": "S3 bucket blocks public access",
           "ja": "S3 バケットでパブリックアクセスがブロックされている"},
    description={"en": "All four S3 Block Public Access settings are on for the bucket, so neither ACLs nor "
                       "bucket policies can make its objects public.",
                 "ja": "バケットの S3 ブロックパブリックアクセスの 4 つの設定がすべて有効で、ACL やバケット"
                       "ポリシーによってオブジェクトが公開されることがない。"},
    remediation={"en": "Enable BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets "
                       "(aws s3api put-public-access-block).",
                 "ja": "BlockPublicAcls・IgnorePublicAcls・BlockPublicPolicy・RestrictPublicBuckets を有効にする"
                       "（aws s3api put-public-access-block）。"},
)
def block_public_access(bucket: Resource) -> Result:
    pab = need(bucket, "PublicAccessBlock")
    if not pab:
        return MSG.fail("no_block")
    missing = [k for k in BLOCK_KEYS if not pab.get(k)]
    if missing:
        return MSG.fail("not_blocked", settings=missing, public_access_block=pab)
    return MSG.ok("all_blocked")


@check(
    id="aws.s3.default_encryption", frameworks={"aws-fsbp": ["S3.4"]}, resource_types=BUCKET, severity=Severity.MEDIUM,
    title={"en": "S3 bucket has default encryption", "ja": "S3 バケットでデフォルト暗号化が設定されている"},
    description={"en": "The bucket encrypts new objects by default (SSE-S3 or SSE-KMS).",
                 "ja": "バケットが新しいオブジェクトをデフォルトで暗号化する（SSE-S3 または SSE-KMS）。"},
    remediation={"en": "Set a default encryption rule (aws s3api put-bucket-encryption), preferably SSE-KMS.",
                 "ja": "デフォルト暗号化ルールを設定する（aws s3api put-bucket-encryption）。SSE-KMS を推奨。"},
)
def default_encryption(bucket: Resource) -> Result:
    enc = need(bucket, "Encryption")
    algos = [r.get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm")
             for r in (enc or {}).get("Rules", [])]
    algos = [a for a in algos if a]
    if not algos:
        return MSG.fail("no_encryption")
    return MSG.ok("encryption", algorithms=algos)


@check(
    id="aws.s3.versioning_enabled", frameworks={"aws-fsbp": ["S3.14"]}, resource_types=BUCKET, severity=Severity.MEDIUM,
    title={"en": "S3 bucket versioning is enabled", "ja": "S3 バケットのバージョニングが有効"},
    description={"en": "Versioning keeps earlier versions of objects, so overwritten or deleted data can be "
                       "recovered (for example after ransomware or an operator error).",
                 "ja": "バージョニングによりオブジェクトの以前のバージョンが保持され、上書きや削除されたデータを"
                       "（ランサムウェアや誤操作の後でも）復元できる。"},
    remediation={"en": "Enable versioning (aws s3api put-bucket-versioning --versioning-configuration "
                       "Status=Enabled) and add a lifecycle rule for old versions.",
                 "ja": "バージョニングを有効にし（aws s3api put-bucket-versioning --versioning-configuration "
                       "Status=Enabled）、古いバージョン用のライフサイクルルールを追加する。"},
)
def versioning_enabled(bucket: Resource) -> Result:
    status = (need(bucket, "Versioning") or {}).get("Status")
    if status == "Enabled":
        return Result.ok()
    return MSG.fail("versioning_off", status=status) if status else MSG.fail("versioning_never")


@check(
    id="aws.s3.access_logging_enabled", frameworks={"aws-fsbp": ["S3.9"]}, resource_types=BUCKET, severity=Severity.LOW,
    title={"en": "S3 bucket server access logging is enabled",
           "ja": "S3 バケットのサーバーアクセスログが有効"},
    description={"en": "Server access logs record every request made to the bucket, for audits and incident "
                       "investigation.",
                 "ja": "サーバーアクセスログはバケットへのすべてのリクエストを記録し、監査やインシデント調査に"
                       "使われる。"},
    remediation={"en": "Enable server access logging to a dedicated log bucket (aws s3api put-bucket-logging).",
                 "ja": "専用のログバケットへのサーバーアクセスログを有効にする（aws s3api put-bucket-logging）。"},
)
def access_logging_enabled(bucket: Resource) -> Result:
    logging_ = need(bucket, "Logging")
    if logging_ and logging_.get("TargetBucket"):
        return MSG.ok("logs_to", target=logging_["TargetBucket"])
    return MSG.fail("logging_off")


def _pab_flag(bucket: Resource, key: str) -> bool:
    return bool((need(bucket, "PublicAccessBlock") or {}).get(key))


@check(
    id="aws.s3.no_public_acl", resource_types=BUCKET, severity=Severity.HIGH,
    title={"en": "S3 bucket ACL does not grant public access",
           "ja": "S3 バケットの ACL がパブリックアクセスを許可していない"},
    description={"en": "The bucket ACL grants nothing to AllUsers or AuthenticatedUsers (any AWS account), "
                       "unless Block Public Access ignores public ACLs on the bucket.",
                 "ja": "バケット ACL が AllUsers や AuthenticatedUsers（すべての AWS アカウント）に権限を付与して"
                       "いない（ブロックパブリックアクセスでパブリック ACL が無視される場合を除く）。"},
    remediation={"en": "Remove the public grants (aws s3api put-bucket-acl --acl private) and enable "
                       "IgnorePublicAcls.",
                 "ja": "パブリックな付与を削除し（aws s3api put-bucket-acl --acl private）、IgnorePublicAcls を"
                       "有効にする。"},
)
def no_public_acl(bucket: Resource) -> Result:
    grants = need(bucket, "_public_acl")
    if not grants:
        return MSG.ok("no_public_grants")
    ignored = _pab_flag(bucket, "IgnorePublicAcls")
    perms = sorted({f"{g.get('Grantee', {}).get('URI', '').rsplit('/', 1)[-1]}:{g.get('Permission')}"
                    for g in grants})
    if ignored:
        return MSG.ok("grants_ignored", grants=perms)
    return MSG.fail("acl_grants", grants=perms)


def policy_is_public(policy: Any) -> bool:
    """An Allow to everyone without a condition (AWS's own evaluation is preferred when readable)."""
    return any(s.get("Effect") == "Allow" and principal_is_everyone(s.get("Principal")) and not s.get("Condition")
               for s in statements(policy))


@check(
    id="aws.s3.no_public_policy", resource_types=BUCKET, severity=Severity.CRITICAL,
    title={"en": "S3 bucket policy does not make the bucket public",
           "ja": "S3 バケットポリシーがバケットを公開していない"},
    description={"en": "The bucket policy does not allow anonymous or any-account access, as evaluated by S3 "
                       "(GetBucketPolicyStatus), unless RestrictPublicBuckets blocks it.",
                 "ja": "S3 の評価（GetBucketPolicyStatus）で、バケットポリシーが匿名アクセスや任意のアカウントからの"
                       "アクセスを許可していない（RestrictPublicBuckets で制限される場合を除く）。"},
    remediation={"en": "Remove the statements that allow Principal \"*\" without conditions, and enable "
                       "BlockPublicPolicy and RestrictPublicBuckets.",
                 "ja": "条件なしで Principal \"*\" を許可しているステートメントを削除し、BlockPublicPolicy と "
                       "RestrictPublicBuckets を有効にする。"},
)
def no_public_policy(bucket: Resource) -> Result:
    policy = need(bucket, "Policy")
    if not policy:
        return MSG.ok("no_policy")
    # S3's own evaluation (GetBucketPolicyStatus) when it was read; ours otherwise.
    status = bucket.data.get("PolicyStatus")
    public = bool(status["IsPublic"]) if isinstance(status, dict) and "IsPublic" in status else policy_is_public(policy)
    if not public:
        return MSG.ok("policy_not_public")
    if _pab_flag(bucket, "RestrictPublicBuckets"):
        return MSG.ok("policy_neutralised")
    return MSG.fail("policy_public")


# Probes for "every S3 action": an action name no real policy lists, so only ``s3:*`` / ``*`` (or a
# NotAction that leaves it out) covers it; asked of the bucket and of an object in it.
_ANY_S3_ACTION = "s3:UcsAnyAction"


def insecure_transport_denied(bucket: Resource) -> bool:
    """Does the bucket policy deny every principal every S3 action on the bucket and its objects
    when the request is not over TLS?  Evaluated, not pattern-matched: a Deny of s3:PutObject
    alone, or one on the bucket but not ``bucket/*``, does not make the bucket TLS-only."""
    arn = f"arn:aws:s3:::{bucket.data.get('Name') or bucket.name}"
    ctx = {**iam_policy.OUTSIDER_CONTEXT, "aws:SecureTransport": "false"}
    sts = [s for s in iam_policy.statements(bucket.data.get("Policy")) if not s.allow]
    return all(any(iam_policy.applies(s, _ANY_S3_ACTION, res, iam_policy.OUTSIDER_PRINCIPAL, ctx) for s in sts)
               for res in (arn, arn + "/ucs-any-object"))


def _mentions_secure_transport(policy: Any) -> bool:
    return "securetransport" in str(policy).lower()


@check(
    id="aws.s3.tls_only_policy", resource_types=BUCKET, severity=Severity.MEDIUM,
    frameworks={"aws-fsbp": ["S3.5"], "cis-aws-3.0": ["2.1.1"]},
    title={"en": "S3 bucket policy denies requests over plain HTTP",
           "ja": "S3 バケットポリシーが HTTP（非 TLS）リクエストを拒否している"},
    description={"en": "The bucket policy has a Deny statement for every principal when aws:SecureTransport is "
                       "false, so data is only ever read or written over TLS.",
                 "ja": "aws:SecureTransport が false のときにすべてのプリンシパルを拒否するステートメントが"
                       "バケットポリシーにあり、データの読み書きが常に TLS 経由で行われる。"},
    remediation={"en": "Add a statement: Effect Deny, Principal \"*\", Action s3:*, Resource the bucket and "
                       "bucket/*, Condition Bool aws:SecureTransport \"false\".",
                 "ja": "Effect Deny・Principal \"*\"・Action s3:*・Resource にバケットと bucket/*・Condition Bool "
                       "aws:SecureTransport \"false\" のステートメントを追加する。"},
)
def tls_only_policy(bucket: Resource) -> Result:
    policy = need(bucket, "Policy")
    if not policy:
        return MSG.fail("no_policy_http")
    if insecure_transport_denied(bucket):
        return MSG.ok("http_denied")
    if _mentions_secure_transport(policy):
        return MSG.fail("http_partly_denied")
    return MSG.fail("http_not_denied")
