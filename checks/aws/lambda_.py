"""Lambda function checks: public policies and URLs, runtimes, secret-looking environment names."""

from __future__ import annotations

from datetime import date

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need, readable
from checks.aws.policies import public_policy_result
from checks.aws.secrets_common import secrets_result, secrets_texts
from checks.common import T

FN = ("aws.lambda.function",)

# Runtime → date AWS stopped supporting it (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html).
DEPRECATED = {
    "python2.7": date(2021, 7, 15), "python3.6": date(2022, 7, 18), "python3.7": date(2023, 12, 4),
    "python3.8": date(2024, 10, 14), "python3.9": date(2025, 12, 15),
    "nodejs": date(2016, 10, 31), "nodejs4.3": date(2020, 3, 5), "nodejs6.10": date(2019, 8, 12),
    "nodejs8.10": date(2020, 3, 6), "nodejs10.x": date(2021, 7, 30), "nodejs12.x": date(2023, 3, 31),
    "nodejs14.x": date(2023, 12, 4), "nodejs16.x": date(2024, 6, 12), "nodejs18.x": date(2025, 9, 1),
    "java8": date(2024, 1, 8), "go1.x": date(2024, 1, 8), "provided": date(2024, 1, 8),
    "dotnetcore1.0": date(2019, 7, 30), "dotnetcore2.0": date(2019, 5, 30), "dotnetcore2.1": date(2022, 1, 5),
    "dotnetcore3.1": date(2023, 4, 3), "dotnet5.0": date(2022, 5, 10), "dotnet6": date(2024, 12, 20),
    "dotnet7": date(2024, 5, 14), "ruby2.5": date(2021, 7, 30), "ruby2.7": date(2023, 12, 7),
    "ruby3.2": date(2026, 3, 31),
}

MSG = Messages("aws.lambda", {
    "no_policy": ("no resource policy", "リソースポリシーはありません"),
    "open_url": ("function URL without authentication", "認証のない関数 URL があります"),
    "container": ("container image function", "コンテナイメージの関数です"),
    "runtime": ("{runtime}", "ランタイム {runtime}"),
    "no_scan_time": ("the scan time is unknown, so runtime {runtime} cannot be compared with its deprecation "
                     "date ({since})",
                     "スキャン時刻が不明なため、ランタイム {runtime} をサポート終了日 ({since}) と比較できません"),
    "deprecated": ("runtime {runtime} is deprecated since {since}",
                   "ランタイム {runtime} は {since} からサポート終了です"),
    "vpc": ("{vpc_id}", "VPC {vpc_id} に接続されています"),
    "no_vpc": ("function is not attached to a VPC", "関数が VPC に接続されていません"),
})


@check(id="aws.lambda.not_publicly_invokable", resource_types=FN, severity=Severity.CRITICAL,
       frameworks={"aws-fsbp": ["Lambda.1"]},
       title=T("Lambda function policy does not allow public access", "Lambda 関数ポリシーがパブリックアクセスを許可していない"),
       description=T("A resource policy granting '*' without an account, organisation or source condition lets anyone invoke or change the function.",
                     "アカウント・組織・送信元の条件なしに '*' を許可するリソースポリシーでは、誰でも関数を呼び出し・変更できます。"),
       remediation=T("Remove the public statement (aws lambda remove-permission) or add an aws:SourceAccount / aws:PrincipalOrgID condition.",
                     "公開ステートメントを削除する (aws lambda remove-permission) か、aws:SourceAccount / aws:PrincipalOrgID 条件を追加してください。"))
def not_publicly_invokable(r: Resource) -> Result:
    policy = readable(r.data.get("Policy"), "Policy")
    if not policy:
        return MSG.ok("no_policy")
    return public_policy_result(policy)


@check(id="aws.lambda.function_url_requires_auth", resource_types=FN, severity=Severity.HIGH,
       frameworks={"aws-fsbp": ["Lambda.1"]},
       title=T("Lambda function URL requires IAM authentication", "Lambda 関数 URL が IAM 認証を要求する"),
       description=T("A function URL with AuthType NONE is callable by anyone on the internet.",
                     "AuthType が NONE の関数 URL はインターネット上の誰でも呼び出せます。"),
       remediation=T("Set the function URL's AuthType to AWS_IAM, or put the function behind an authenticating API.",
                     "関数 URL の AuthType を AWS_IAM に設定するか、認証を行う API の背後に置いてください。"))
def function_url_requires_auth(r: Resource) -> Result:
    urls = readable(r.data.get("FunctionUrlConfigs"), "FunctionUrlConfigs")
    open_urls = [u.get("FunctionUrl") for u in urls or [] if u.get("AuthType") == "NONE"]
    return MSG.fail("open_url", urls=open_urls) if open_urls else Result.ok()


@check(id="aws.lambda.runtime_supported", resource_types=FN, severity=Severity.MEDIUM,
       frameworks={"aws-fsbp": ["Lambda.2"]}, needs_inventory=True,
       title=T("Lambda function uses a supported runtime", "Lambda 関数がサポート対象のランタイムを使用している"),
       description=T("Deprecated runtimes receive no security patches.", "サポート終了のランタイムにはセキュリティパッチが提供されません。"),
       remediation=T("Upgrade the function to a currently supported runtime version.", "関数を現在サポートされているランタイムに更新してください。"))
def runtime_supported(r: Resource, inventory: Inventory | None = None) -> Result:
    runtime = r.data.get("Runtime")
    if not runtime:
        return MSG.ok("container")
    end = DEPRECATED.get(runtime)
    if end is None:  # not deprecated on any date
        return MSG.ok("runtime", runtime=runtime)
    now = inventory.now if inventory is not None else None
    if now is None:
        return MSG.error("no_scan_time", runtime=runtime, since=end.isoformat())
    if end <= now.date():
        return MSG.fail("deprecated", runtime=runtime, since=end.isoformat())
    return MSG.ok("runtime", runtime=runtime)


@check(id="aws.lambda.no_secrets_in_environment", resource_types=FN, severity=Severity.HIGH,
       **secrets_texts("the Lambda function's environment variables", "Lambda 関数の環境変数",
                       "Move the secret to Secrets Manager or SSM Parameter Store and pass its ARN or name instead.",
                       "シークレットを Secrets Manager または SSM パラメータストアに移し、ARN や名前を渡すようにしてください。"))
def no_secrets_in_environment(r: Resource) -> Result:
    return secrets_result(need(r, "_secrets_found"))


@check(id="aws.lambda.in_vpc", resource_types=FN, severity=Severity.LOW,
       frameworks={"aws-fsbp": ["Lambda.3"]},
       title=T("Lambda function is connected to a VPC", "Lambda 関数が VPC に接続されている"),
       description=T("Functions outside a VPC cannot be restricted by security groups or reach private resources privately.",
                     "VPC 外の関数はセキュリティグループで制限できず、プライベートリソースへ閉域で接続できません。"),
       remediation=T("Configure VpcConfig with private subnets and a security group.",
                     "プライベートサブネットとセキュリティグループで VpcConfig を設定してください。"))
def in_vpc(r: Resource) -> Result:
    vpc = r.data.get("VpcConfig") or {}
    if not vpc.get("SubnetIds"):
        return MSG.fail("no_vpc")
    return MSG.ok("vpc", vpc_id=vpc["VpcId"]) if vpc.get("VpcId") else Result.ok()
