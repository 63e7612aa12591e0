"""Amazon Cognito in one region: user pools (cognito-idp) and identity pools (cognito-identity).

ListUserPools / ListIdentityPools (paginated, 60 a page), then per pool DescribeUserPool plus
GetUserPoolMfaConfig (the MFA mode and which factors are on) or DescribeIdentityPool.  Message templates, SMS and
email sender settings are dropped (no check reads them).  An unused region costs two listings.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._conventions import listed
from agent.collectors.aws._described import detail, scrub, with_defaults
from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "cognito"
GLOBAL = False
RESOURCE_TYPES = ("aws.cognito.user_pool", "aws.cognito.identity_pool")
PERMISSIONS = (
    "cognito-identity:DescribeIdentityPool",
    "cognito-identity:ListIdentityPools",
    "cognito-idp:DescribeUserPool",
    "cognito-idp:GetUserPoolMfaConfig",
    "cognito-idp:ListUserPools",
)
_DROP = ("SmsVerificationMessage", "EmailVerificationMessage", "EmailVerificationSubject", "SmsAuthenticationMessage",
         "VerificationMessageTemplate", "SmsConfiguration", "EmailConfiguration", "AdminCreateUserConfig",
         "SchemaAttributes", "LambdaConfig")


def _user_pools(ctx: ServiceContext, c: Any) -> list[Resource]:
    def one(s: dict[str, Any]) -> Resource | None:
        d = detail(ctx, s, c.describe_user_pool, key="UserPool", UserPoolId=s["Id"])
        if d is None:
            return None
        d = with_defaults(scrub(d, _DROP), ("MfaConfiguration", "UserPoolAddOns", "DeletionProtection", "Policies"))
        if "_detail" not in d:
            mfa = ctx.read(c.get_user_pool_mfa_config, UserPoolId=s["Id"])
            if isinstance(mfa, dict) and mfa.get("MfaConfiguration") and not is_unreadable(mfa):
                d["MfaConfiguration"] = mfa["MfaConfiguration"]  # the MFA API's own answer wins
            d["MfaFactors"] = mfa if is_unreadable(mfa) or not isinstance(mfa, dict) else {
                "SoftwareTokenMfa": bool((mfa.get("SoftwareTokenMfaConfiguration") or {}).get("Enabled")),
                "SmsMfa": bool(mfa.get("SmsMfaConfiguration")), "EmailMfa": bool(mfa.get("EmailMfaConfiguration")),
                "WebAuthn": bool(mfa.get("WebAuthnConfiguration"))}
        arn = d.get("Arn") or f"arn:aws:cognito-idp:{ctx.region}:{ctx.account}:userpool/{s['Id']}"
        return make(ctx, "aws.cognito.user_pool", arn, s.get("Name") or s["Id"], d, d.get("UserPoolTags"))
    return [r for r in bounded_map(one, ctx.paginate(c, "list_user_pools", "UserPools", MaxResults=60)) if r]


def _identity_pools(ctx: ServiceContext, c: Any) -> list[Resource]:
    def one(s: dict[str, Any]) -> Resource | None:
        d = detail(ctx, s, c.describe_identity_pool, IdentityPoolId=s["IdentityPoolId"])
        if d is None:
            return None
        d = with_defaults(d, ("AllowUnauthenticatedIdentities", "AllowClassicFlow"))
        arn = f"arn:aws:cognito-identity:{ctx.region}:{ctx.account}:identitypool/{s['IdentityPoolId']}"
        return make(ctx, "aws.cognito.identity_pool", arn, s.get("IdentityPoolName") or s["IdentityPoolId"], d,
                    d.get("IdentityPoolTags"))
    return [r for r in bounded_map(one, ctx.paginate(c, "list_identity_pools", "IdentityPools", MaxResults=60)) if r]


def collect(ctx: ServiceContext) -> list[Resource]:
    return (listed(ctx, "aws.cognito.user_pool", lambda: _user_pools(ctx, ctx.client("cognito-idp")))
            + listed(ctx, "aws.cognito.identity_pool", lambda: _identity_pools(ctx, ctx.client("cognito-identity"))))
