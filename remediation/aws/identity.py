"""IAM password policy and stale access keys, KMS key rotation, CloudTrail trail settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from agent.core.errors import RemediationError
from agent.core.model import Resource
from remediation.aws import code, region_of
from remediation.base import ApiCall, BaseRemediator, Context, SingleSetting, last_segment

# Every field update_account_password_policy takes: it resets the ones not given, so a plan
# always sends the whole policy (the before-state for rollback, the stronger one for the fix).
POLICY_FIELDS = (
    "MinimumPasswordLength",
    "RequireSymbols",
    "RequireNumbers",
    "RequireUppercaseCharacters",
    "RequireLowercaseCharacters",
    "AllowUsersToChangePassword",
    "MaxPasswordAge",
    "PasswordReusePrevention",
    "HardExpiry",
)
CIS_POLICY = {
    "MinimumPasswordLength": 14,
    "PasswordReusePrevention": 24,
    "RequireSymbols": True,
    "RequireNumbers": True,
    "RequireUppercaseCharacters": True,
    "RequireLowercaseCharacters": True,
    "AllowUsersToChangePassword": True,
}


class PasswordPolicy(BaseRemediator):
    check_id = "aws.iam.password_policy_min_length_14"
    resource_type = "aws.iam.password_policy"
    collector_service = "iam"
    summary = (
        "Set the account password policy to the CIS values (length ≥ 14, reuse prevention 24, all character classes)"
    )

    def read(self, ctx: Context, r: Resource) -> dict[str, Any]:
        iam = ctx.aws_client(r.account, "iam", None)
        try:
            pol = iam.get_account_password_policy()["PasswordPolicy"]
        except Exception as exc:
            if code(exc) == "NoSuchEntity":
                return {k: None for k in POLICY_FIELDS}
            raise
        state = {k: pol.get(k) for k in POLICY_FIELDS}
        if not state["MaxPasswordAge"]:  # some endpoints answer 0 for "passwords never expire"
            state["MaxPasswordAge"] = None
        return state

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        after = {k: v for k, v in before.items()}
        for k, v in CIS_POLICY.items():
            cur = before.get(k)
            after[k] = max(v, cur) if isinstance(v, int) and not isinstance(v, bool) and isinstance(cur, int) else v
        after["HardExpiry"] = bool(before.get("HardExpiry"))
        return after

    @staticmethod
    def _params(state: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in state.items() if v is not None}

    def calls(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [ApiCall("iam", "update_account_password_policy", self._params(after))]

    def undo(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        if all(v is None for v in before.values()):
            return [ApiCall("iam", "delete_account_password_policy", {})]
        return [ApiCall("iam", "update_account_password_policy", self._params(before))]

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f"aws iam update-account-password-policy --minimum-password-length {after['MinimumPasswordLength']} "
            f"--password-reuse-prevention {after['PasswordReusePrevention']} --require-symbols --require-numbers "
            "--require-uppercase-characters --require-lowercase-characters --allow-users-to-change-password"
        )

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            'resource "aws_iam_account_password_policy" "ucs_fix" {\n'
            f"  minimum_password_length        = {after['MinimumPasswordLength']}\n"
            f"  password_reuse_prevention      = {after['PasswordReusePrevention']}\n"
            "  require_symbols                = true\n  require_numbers                = true\n"
            "  require_uppercase_characters   = true\n  require_lowercase_characters   = true\n"
            "  allow_users_to_change_password = true\n}"
        )


class UnusedAccessKeys(BaseRemediator):
    """Deactivate (never delete) access keys not used for more than ``unused_key_days``."""

    check_id = "aws.iam.unused_credentials_45_days"
    resource_type = "aws.iam.user"
    collector_service = "iam"
    summary = "Deactivate access keys of IAM user {name} that were not used within the threshold"

    def read(self, ctx: Context, r: Resource) -> dict[str, Any]:
        iam = ctx.aws_client(r.account, "iam", None)
        keys = iam.list_access_keys(UserName=last_segment(r, "UserName"))["AccessKeyMetadata"]
        return {"AccessKeys": {k["AccessKeyId"]: k["Status"] for k in sorted(keys, key=lambda k: k["AccessKeyId"])}}

    def _stale(self, ctx: Context, r: Resource) -> set[str]:
        iam = ctx.aws_client(r.account, "iam", None)
        limit = datetime.now(UTC) - timedelta(days=ctx.settings.unused_key_days)
        stale = set()
        for k in iam.list_access_keys(UserName=last_segment(r, "UserName"))["AccessKeyMetadata"]:
            used = (
                iam.get_access_key_last_used(AccessKeyId=k["AccessKeyId"])
                .get("AccessKeyLastUsed", {})
                .get("LastUsedDate")
            )
            if (used or k["CreateDate"]) < limit:
                stale.add(k["AccessKeyId"])
        return stale

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        stale = self._stale(ctx, r)
        return {"AccessKeys": {k: ("Inactive" if k in stale else s) for k, s in before["AccessKeys"].items()}}

    def _calls(self, r: Resource, frm: dict[str, Any], to: dict[str, Any]) -> list[ApiCall]:
        return [
            ApiCall(
                "iam", "update_access_key", {"UserName": last_segment(r, "UserName"), "AccessKeyId": k, "Status": s}
            )
            for k, s in to["AccessKeys"].items()
            if frm["AccessKeys"].get(k) != s
        ]

    def calls(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return self._calls(r, before, after)

    def undo(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return self._calls(r, after, before)

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return " && ".join(
            f"aws iam update-access-key --user-name {last_segment(r, 'UserName')} --access-key-id {k} --status Inactive"
            for k, s in after["AccessKeys"].items()
            if s == "Inactive"
        )

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return "\n".join(
            f'# aws_iam_access_key for {k} (user {last_segment(r, "UserName")}):\n#   status = "Inactive"'
            for k, s in after["AccessKeys"].items()
            if s == "Inactive"
        )


class KmsRotation(SingleSetting):
    check_id = "aws.kms.rotation_enabled"
    resource_type = "aws.kms.key"
    collector_service = "kms"
    summary = "Turn on automatic yearly rotation for KMS key {name}"
    key, desired = "KeyRotationEnabled", True

    def read_value(self, ctx: Context, r: Resource) -> Any:
        kms = ctx.aws_client(r.account, "kms", region_of(r))
        return bool(kms.get_key_rotation_status(KeyId=last_segment(r, "KeyId"))["KeyRotationEnabled"])

    def set_call(self, r: Resource, on: Any) -> ApiCall:
        return ApiCall(
            "kms",
            "enable_key_rotation" if on else "disable_key_rotation",
            {"KeyId": last_segment(r, "KeyId")},
            region_of(r),
        )

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"aws kms enable-key-rotation --key-id {last_segment(r, 'KeyId')} --region {r.region}"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"# in the aws_kms_key resource for {last_segment(r, 'KeyId')}:\nenable_key_rotation = true"


def trail_name(r: Resource) -> str:
    return r.data.get("TrailARN") or r.id


class TrailSetting(BaseRemediator):
    resource_type = "aws.cloudtrail.trail"
    collector_service = "cloudtrail"
    fields: ClassVar[dict[str, bool]] = {}

    def read(self, ctx: Context, r: Resource) -> dict[str, Any]:
        ct = ctx.aws_client(r.account, "cloudtrail", region_of(r))
        trail = ct.get_trail(Name=trail_name(r))["Trail"]
        return {k: bool(trail.get(k)) for k in self.fields}

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        return dict(self.fields)

    def _call(self, r: Resource, state: dict[str, Any]) -> ApiCall:
        params = {"Name": trail_name(r)}
        params.update(
            {("EnableLogFileValidation" if k == "LogFileValidationEnabled" else k): v for k, v in state.items()}
        )
        return ApiCall("cloudtrail", "update_trail", params, region_of(r))

    def calls(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [self._call(r, after)]

    def undo(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [self._call(r, before)]


class TrailLogValidation(TrailSetting):
    check_id = "aws.cloudtrail.log_file_validation"
    summary = "Turn on log file integrity validation for CloudTrail trail {name}"
    fields: ClassVar[dict[str, bool]] = {"LogFileValidationEnabled": True}

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"aws cloudtrail update-trail --name {trail_name(r)} --enable-log-file-validation"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"# in the aws_cloudtrail resource for {r.name}:\nenable_log_file_validation = true"


class TrailMultiRegion(BaseRemediator):
    """The region has no logging multi-region trail: turn a trail homed in this region into one and
    start its logging (the check wants it logging).  Rollback restores both settings."""

    check_id = "aws.cloudtrail.enabled_multi_region"
    resource_type = "aws.cloudtrail.region"
    collector_service = "cloudtrail"
    summary = "Make a CloudTrail trail in {name} multi-region (with global service events) and logging"

    def _trail(self, ctx: Context, r: Resource) -> dict[str, Any]:
        ct = ctx.aws_client(r.account, "cloudtrail", region_of(r))
        home = region_of(r) or ctx.aws_factory(r.account).default_region
        trails = [
            t for t in ct.describe_trails(includeShadowTrails=False).get("trailList", []) if t.get("HomeRegion") == home
        ]
        if not trails:
            raise RemediationError(
                f"{self.check_id}: no trail is homed in {home} to make multi-region",
                hint="create a trail with its S3 bucket first (a destination is a decision UCS does not make)",
            )
        return min(trails, key=lambda t: t["TrailARN"])

    def read(self, ctx: Context, r: Resource) -> dict[str, Any]:
        t = self._trail(ctx, r)
        ct = ctx.aws_client(r.account, "cloudtrail", region_of(r))
        return {
            "Trail": t["TrailARN"],
            "IsMultiRegionTrail": bool(t.get("IsMultiRegionTrail")),
            "IncludeGlobalServiceEvents": bool(t.get("IncludeGlobalServiceEvents")),
            "IsLogging": bool(ct.get_trail_status(Name=t["TrailARN"]).get("IsLogging")),
        }

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        return {**before, "IsMultiRegionTrail": True, "IncludeGlobalServiceEvents": True, "IsLogging": True}

    def _calls(self, r: Resource, state: dict[str, Any], frm: dict[str, Any]) -> list[ApiCall]:
        out = [
            ApiCall(
                "cloudtrail",
                "update_trail",
                {
                    "Name": state["Trail"],
                    "IsMultiRegionTrail": state["IsMultiRegionTrail"],
                    "IncludeGlobalServiceEvents": state["IncludeGlobalServiceEvents"],
                },
                region_of(r),
            )
        ]
        if state["IsLogging"] != frm["IsLogging"]:
            out.append(
                ApiCall(
                    "cloudtrail",
                    "start_logging" if state["IsLogging"] else "stop_logging",
                    {"Name": state["Trail"]},
                    region_of(r),
                )
            )
        return out

    def calls(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return self._calls(r, after, before)

    def undo(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return self._calls(r, before, after)

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f"aws cloudtrail update-trail --name {after['Trail']} --is-multi-region-trail --include-global-service-events"
            f" && aws cloudtrail start-logging --name {after['Trail']}"
        )

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f"# in the aws_cloudtrail resource for {after['Trail']}:\nis_multi_region_trail         = true\n"
            "include_global_service_events = true\nenable_logging                = true"
        )


REMEDIATORS = [PasswordPolicy(), UnusedAccessKeys(), KmsRotation(), TrailLogValidation(), TrailMultiRegion()]
