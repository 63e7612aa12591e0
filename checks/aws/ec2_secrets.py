"""EC2 user data of instances and launch templates: no secrets (detect-secrets, in the collector)."""

from __future__ import annotations

from agent.core.model import Resource, Result, Severity
from checks import check, need, readable
from checks.aws.secrets_common import secrets_result, secrets_texts

FIX_EN = ("Fetch secrets at boot from Secrets Manager or SSM Parameter Store with the instance role instead of "
          "writing them into user data.")
FIX_JA = "ユーザーデータにシークレットを書かず、起動時にインスタンスロールで Secrets Manager または SSM パラメータストアから取得してください。"


@check(id="aws.ec2.no_secrets_in_instance_user_data", resource_types=("aws.ec2.instance",), severity=Severity.HIGH,
       **secrets_texts("the EC2 instance's user data", "EC2 インスタンスのユーザーデータ", FIX_EN, FIX_JA))
def no_secrets_in_instance_user_data(r: Resource) -> Result:
    return secrets_result(need(r, "_user_data_secrets"), "_user_data_secrets")


@check(id="aws.ec2.no_secrets_in_launch_template_user_data", resource_types=("aws.ec2.launch_template",),
       severity=Severity.HIGH,
       **secrets_texts("the launch template's user data (default and latest versions)",
                       "起動テンプレートのユーザーデータ（デフォルトと最新のバージョン）", FIX_EN, FIX_JA))
def no_secrets_in_launch_template_user_data(r: Resource) -> Result:
    found = []
    for v in readable(need(r, "_versions"), "_versions") or []:
        for item in readable(v.get("_user_data_secrets"), "_user_data_secrets") or []:
            found.append({"key": f"version {v.get('VersionNumber')} {item.get('key')}", "detector": item.get("detector")})
    return secrets_result(found)
