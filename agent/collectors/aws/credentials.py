"""Credentials for one AWS account: a named profile, the environment, or an assumed role.

``session_for(scope)`` turns an ``agent.settings.tenant.AwsAccount`` into a ``boto3.Session``:

* ``credentials.profile`` — that profile of the shared config/credentials files;
* ``credentials.env`` — only the ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` /
  ``AWS_SESSION_TOKEN`` environment variables (no profile, no instance role);
* neither — botocore's default chain (env, profile, SSO, container/instance role);
* ``credentials.assume_role`` — the above is the *source*; STS ``AssumeRole`` (with the external
  id, if given) is called through botocore's refreshable credentials, so a scan longer than the
  role session renews itself instead of failing half-way.

The STS client honours the account's ``endpoint_url`` (and ``AWS_ENDPOINT_URL``), so assume-role
works against a local emulator too.  Secret values are registered with the log redactor.
"""

from __future__ import annotations

import os
from typing import Any

import boto3
import botocore.credentials
import botocore.session

from agent.core.errors import CollectorError
from agent.core.logging_setup import register_secret

ROLE_SESSION_SECONDS = 3600


def _base_session(creds: Any, region: str | None, profile: str | None) -> boto3.Session:
    if getattr(creds, "env", False):
        key, secret = os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY")
        if not key or not secret:
            raise CollectorError("credentials.env is set but AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not",
                                 hint="export both variables, or use credentials.profile")
        token = os.environ.get("AWS_SESSION_TOKEN") or None
        for s in (secret, token):
            register_secret(s)
        return boto3.Session(aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                             region_name=region)
    try:
        return boto3.Session(profile_name=profile or None, region_name=region)
    except botocore.exceptions.ProfileNotFound as exc:
        raise CollectorError(str(exc), hint="check credentials.profile against ~/.aws/config") from None


def _assume_role_refresher(source: boto3.Session, role: Any, region: str | None, endpoint_url: str | None) -> Any:
    kwargs: dict[str, Any] = {"region_name": region or "us-east-1"}
    if endpoint_url:
        kwargs["endpoint_url"] = endpoint_url
    sts = source.client("sts", **kwargs)

    def refresh() -> dict[str, str]:
        params: dict[str, Any] = {"RoleArn": role.role_arn, "RoleSessionName": role.session_name,
                                  "DurationSeconds": ROLE_SESSION_SECONDS}
        if role.external_id:
            params["ExternalId"] = role.external_id
        creds = sts.assume_role(**params)["Credentials"]
        register_secret(creds["SecretAccessKey"])
        register_secret(creds["SessionToken"])
        return {
            "access_key": creds["AccessKeyId"],
            "secret_key": creds["SecretAccessKey"],
            "token": creds["SessionToken"],
            "expiry_time": creds["Expiration"].isoformat(),
        }

    return refresh


def session_for(scope: Any) -> boto3.Session:
    """A boto3 session holding the credentials configured for ``scope`` (an ``AwsAccount``)."""
    creds = scope.credentials
    regions = list(getattr(scope, "regions", []) or [])
    region = regions[0] if regions else None
    endpoint_url = getattr(scope, "endpoint_url", None) or os.environ.get("AWS_ENDPOINT_URL") or None
    role = creds.assume_role
    if role is None:
        return _base_session(creds, region, creds.profile)
    if role.external_id:
        register_secret(role.external_id)
    source = _base_session(creds, region, role.source_profile or creds.profile)
    refresher = _assume_role_refresher(source, role, region, endpoint_url)
    # Fetch the first credentials now: a wrong role or external id fails here, at the start of
    # the account, with STS's own message, instead of inside every service.
    refreshable = botocore.credentials.RefreshableCredentials.create_from_metadata(
        metadata=refresher(), refresh_using=refresher, method="sts-assume-role")
    core = botocore.session.get_session()
    core._credentials = refreshable  # the documented way to hand refreshable creds to a session
    if region:
        core.set_config_variable("region", region)
    return boto3.Session(botocore_session=core)
