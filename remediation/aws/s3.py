"""S3: block public access (bucket and account), default encryption, versioning, access logging."""

from __future__ import annotations

from typing import Any

from agent.core.errors import RemediationError
from agent.core.model import Resource
from remediation.aws import code, region_of
from remediation.base import ApiCall, BaseRemediator, Context, SingleSetting, last_segment

PAB_KEYS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
ALL_BLOCKED = {k: True for k in PAB_KEYS}
PAB_CLI = "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"
PAB_TF = (
    "  block_public_acls       = true\n  ignore_public_acls      = true\n"
    "  block_public_policy     = true\n  restrict_public_buckets = true\n"
)


def bucket_name(r: Resource) -> str:
    return last_segment(r, "Name", "BucketName") if not r.id.startswith("arn:aws:s3:::") else r.id.split(":::", 1)[1]


def _pab_state(config: dict[str, Any] | None) -> dict[str, Any]:
    return {k: (config or {}).get(k) if config is not None else None for k in PAB_KEYS}


class PublicAccessBlock(BaseRemediator):
    """The four Block Public Access switches, on a bucket (s3) or the whole account (s3control)."""

    service: str

    def ident(self, r: Resource) -> dict[str, str]:
        raise NotImplementedError

    def read(self, ctx: Context, r: Resource) -> dict[str, Any]:
        client = ctx.aws_client(r.account, self.service, region_of(r))
        try:
            return _pab_state(client.get_public_access_block(**self.ident(r))["PublicAccessBlockConfiguration"])
        except Exception as exc:
            if code(exc) == "NoSuchPublicAccessBlockConfiguration":
                return _pab_state(None)
            raise

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        return dict(ALL_BLOCKED)

    def _put(self, r: Resource, state: dict[str, Any]) -> ApiCall:
        return ApiCall(
            self.service,
            "put_public_access_block",
            {**self.ident(r), "PublicAccessBlockConfiguration": {k: bool(v) for k, v in state.items()}},
            region_of(r),
        )

    def calls(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [self._put(r, after)]

    def undo(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        if all(v is None for v in before.values()):  # there was no configuration: remove the one added
            return [ApiCall(self.service, "delete_public_access_block", self.ident(r), region_of(r))]
        return [self._put(r, before)]


class BucketBlockPublicAccess(PublicAccessBlock):
    check_id = "aws.s3.block_public_access"
    resource_type = "aws.s3.bucket"
    collector_service = "s3"
    service = "s3"
    summary = "Turn on all four S3 Block Public Access settings for bucket {name}"

    def ident(self, r: Resource) -> dict[str, str]:
        return {"Bucket": bucket_name(r)}

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f"aws s3api put-public-access-block --bucket {bucket_name(r)} --public-access-block-configuration {PAB_CLI}"
        )

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f'resource "aws_s3_bucket_public_access_block" "ucs_fix" {{\n  bucket                  = "{bucket_name(r)}"\n{PAB_TF}}}'


class AccountBlockPublicAccess(PublicAccessBlock):
    check_id = "aws.s3.account_public_access_blocked"
    resource_type = "aws.s3.account_public_access_block"
    collector_service = "s3_account"
    service = "s3control"
    summary = "Turn on all four S3 Block Public Access settings for the whole account {name}"

    def ident(self, r: Resource) -> dict[str, str]:
        return {"AccountId": r.account}

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"aws s3control put-public-access-block --account-id {r.account} --public-access-block-configuration {PAB_CLI}"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f'resource "aws_s3_account_public_access_block" "ucs_fix" {{\n{PAB_TF}}}'


class DefaultEncryption(BaseRemediator):
    check_id = "aws.s3.default_encryption"
    resource_type = "aws.s3.bucket"
    collector_service = "s3"
    summary = "Turn on default encryption (SSE-S3, AES256) for bucket {name}"

    def read(self, ctx: Context, r: Resource) -> dict[str, Any]:
        s3 = ctx.aws_client(r.account, "s3", region_of(r))
        try:
            rules = s3.get_bucket_encryption(Bucket=bucket_name(r))["ServerSideEncryptionConfiguration"]["Rules"]
        except Exception as exc:
            if code(exc) == "ServerSideEncryptionConfigurationNotFoundError":
                return {"SSEAlgorithm": None, "KMSMasterKeyID": None}
            raise
        default = (rules[0] if rules else {}).get("ApplyServerSideEncryptionByDefault", {})
        return {"SSEAlgorithm": default.get("SSEAlgorithm"), "KMSMasterKeyID": default.get("KMSMasterKeyID")}

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        return {"SSEAlgorithm": "AES256", "KMSMasterKeyID": None}

    @staticmethod
    def _config(state: dict[str, Any]) -> dict[str, Any]:
        default = {k: v for k, v in state.items() if v is not None}
        return {"Rules": [{"ApplyServerSideEncryptionByDefault": default}]}

    def calls(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [
            ApiCall(
                "s3",
                "put_bucket_encryption",
                {"Bucket": bucket_name(r), "ServerSideEncryptionConfiguration": self._config(after)},
                region_of(r),
            )
        ]

    def undo(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        if before.get("SSEAlgorithm") is None:
            return [ApiCall("s3", "delete_bucket_encryption", {"Bucket": bucket_name(r)}, region_of(r))]
        return [
            ApiCall(
                "s3",
                "put_bucket_encryption",
                {"Bucket": bucket_name(r), "ServerSideEncryptionConfiguration": self._config(before)},
                region_of(r),
            )
        ]

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f"aws s3api put-bucket-encryption --bucket {bucket_name(r)} --server-side-encryption-configuration "
            '\'{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}\''
        )

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f'resource "aws_s3_bucket_server_side_encryption_configuration" "ucs_fix" {{\n  bucket = "{bucket_name(r)}"\n'
            '  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "AES256"\n    }\n  }\n}'
        )


class Versioning(SingleSetting):
    check_id = "aws.s3.versioning_enabled"
    resource_type = "aws.s3.bucket"
    collector_service = "s3"
    summary = "Turn on versioning for bucket {name}"
    key, desired = "Status", "Enabled"

    def read_value(self, ctx: Context, r: Resource) -> Any:
        s3 = ctx.aws_client(r.account, "s3", region_of(r))
        # A bucket that was never versioned can only go back to "Suspended": the two are the same state.
        return s3.get_bucket_versioning(Bucket=bucket_name(r)).get("Status") or "Suspended"

    def set_call(self, r: Resource, status: Any) -> ApiCall:
        return ApiCall(
            "s3",
            "put_bucket_versioning",
            {"Bucket": bucket_name(r), "VersioningConfiguration": {"Status": status}},
            region_of(r),
        )

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"aws s3api put-bucket-versioning --bucket {bucket_name(r)} --versioning-configuration Status=Enabled"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f'resource "aws_s3_bucket_versioning" "ucs_fix" {{\n  bucket = "{bucket_name(r)}"\n'
            '  versioning_configuration {\n    status = "Enabled"\n  }\n}'
        )


class AccessLogging(BaseRemediator):
    check_id = "aws.s3.access_logging_enabled"
    resource_type = "aws.s3.bucket"
    collector_service = "s3"
    summary = "Turn on server access logging for bucket {name} to the configured log bucket"

    def read(self, ctx: Context, r: Resource) -> dict[str, Any]:
        s3 = ctx.aws_client(r.account, "s3", region_of(r))
        le = s3.get_bucket_logging(Bucket=bucket_name(r)).get("LoggingEnabled")
        return {
            "TargetBucket": le.get("TargetBucket") if le else None,
            "TargetPrefix": le.get("TargetPrefix") if le else None,
        }

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        cfg = ctx.settings
        if not cfg.s3_access_log_bucket:
            raise RemediationError(
                f"{self.check_id}: no log bucket configured",
                hint="set remediation.s3_access_log_bucket in the tenant config",
            )
        if cfg.s3_access_log_bucket == bucket_name(r):
            raise RemediationError(
                f"{self.check_id}: {bucket_name(r)} is the log bucket itself; it cannot log to itself"
            )
        return {
            "TargetBucket": cfg.s3_access_log_bucket,
            "TargetPrefix": f"{cfg.s3_access_log_prefix}{bucket_name(r)}/",
        }

    def _call(self, r: Resource, state: dict[str, Any]) -> ApiCall:
        status = {"LoggingEnabled": dict(state)} if state.get("TargetBucket") else {}
        return ApiCall(
            "s3", "put_bucket_logging", {"Bucket": bucket_name(r), "BucketLoggingStatus": status}, region_of(r)
        )

    def calls(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [self._call(r, after)]

    def undo(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [self._call(r, before)]

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f"aws s3api put-bucket-logging --bucket {bucket_name(r)} --bucket-logging-status "
            f'\'{{"LoggingEnabled":{{"TargetBucket":"{after["TargetBucket"]}","TargetPrefix":"{after["TargetPrefix"]}"}}}}\''
        )

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f'resource "aws_s3_bucket_logging" "ucs_fix" {{\n  bucket        = "{bucket_name(r)}"\n'
            f'  target_bucket = "{after["TargetBucket"]}"\n  target_prefix = "{after["TargetPrefix"]}"\n}}'
        )


REMEDIATORS = [
    BucketBlockPublicAccess(),
    AccountBlockPublicAccess(),
    DefaultEncryption(),
    Versioning(),
    AccessLogging(),
]
