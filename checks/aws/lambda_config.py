"""Lambda function configuration checks: dead-letter queue, X-Ray tracing, reserved concurrency,
code signing, and VPC functions spread over several Availability Zones."""

from __future__ import annotations

from agent.core.inventory import Inventory
from agent.core.model import Resource, Result, Severity
from checks import Messages, check, need
from checks.common import T

FN = ("aws.lambda.function",)
SUBNETS = ("aws.vpc.subnet",)

MSG = Messages("aws.lambda_config", {
    "no_dlq": ("no dead-letter queue or topic for failed asynchronous invocations",
               "失敗した非同期呼び出しのデッドレターキュー（またはトピック）がありません"),
    "tracing": ("X-Ray tracing mode is {mode}", "X-Ray トレースのモードは {mode} です"),
    "no_reserved": ("no reserved concurrency", "予約済み同時実行数が設定されていません"),
    "reserved": ("reserved concurrency {count}", "予約済み同時実行数 {count}"),
    "image": ("container image function: code signing applies to .zip packages only",
              "コンテナイメージの関数です（コード署名は .zip パッケージのみが対象）"),
    "unsigned": ("no code signing configuration", "コード署名の設定がありません"),
    "no_vpc": ("not connected to a VPC", "VPC に接続されていません"),
    "one_az": ("subnets in {count} Availability Zone(s): {zones}", "サブネットのアベイラビリティーゾーンは {count} 個です: {zones}"),
    "subnets_unknown": ("subnets not in the inventory: {subnets}", "インベントリにないサブネット: {subnets}"),
})


@check(id="aws.lambda.dead_letter_queue_configured", resource_types=FN, severity=Severity.LOW,
       title=T("Lambda function has a dead-letter queue", "Lambda 関数にデッドレターキューがある"),
       description=T("Asynchronous events that fail every retry are dropped unless a dead-letter queue or topic keeps them.",
                     "再試行がすべて失敗した非同期イベントは、デッドレターキュー（またはトピック）がなければ破棄されます。"),
       remediation=T("Set DeadLetterConfig.TargetArn to an SQS queue or SNS topic (or configure an on-failure destination).",
                     "DeadLetterConfig.TargetArn に SQS キューか SNS トピックを設定してください（または失敗時の送信先を設定）。"))
def dead_letter_queue_configured(r: Resource) -> Result:
    need(r, "FunctionArn")
    return Result.ok() if (r.data.get("DeadLetterConfig") or {}).get("TargetArn") else MSG.fail("no_dlq")


@check(id="aws.lambda.tracing_enabled", resource_types=FN, severity=Severity.LOW,
       title=T("Lambda function has active X-Ray tracing", "Lambda 関数の X-Ray アクティブトレースが有効"),
       description=T("Traces show which calls a function made and where a request went, the record an investigation follows.",
                     "トレースは関数の呼び出し先とリクエストの経路を示し、調査の手がかりになります。"),
       remediation=T("aws lambda update-function-configuration --function-name <name> --tracing-config Mode=Active",
                     "aws lambda update-function-configuration --function-name <name> --tracing-config Mode=Active を実行してください。"))
def tracing_enabled(r: Resource) -> Result:
    need(r, "FunctionArn")
    mode = (r.data.get("TracingConfig") or {}).get("Mode", "PassThrough")
    return Result.ok() if mode == "Active" else MSG.fail("tracing", mode=mode)


@check(id="aws.lambda.reserved_concurrency_set", resource_types=FN, severity=Severity.LOW,
       title=T("Lambda function has reserved concurrency", "Lambda 関数に予約済み同時実行数がある"),
       description=T("Without a limit a flood of invocations from one function exhausts the account's concurrency and runs up the bill.",
                     "上限がないと、1 つの関数への大量呼び出しがアカウントの同時実行数を使い切り、費用も膨らみます。"),
       remediation=T("aws lambda put-function-concurrency --function-name <name> --reserved-concurrent-executions <n>",
                     "aws lambda put-function-concurrency --function-name <name> --reserved-concurrent-executions <n> を実行してください。"))
def reserved_concurrency_set(r: Resource) -> Result:
    count = need(r, "ReservedConcurrentExecutions")
    return MSG.fail("no_reserved") if count is None else MSG.ok("reserved", count=count)


@check(id="aws.lambda.code_signing_enabled", resource_types=FN, severity=Severity.LOW,
       title=T("Lambda function enforces code signing", "Lambda 関数でコード署名が有効"),
       description=T("Code signing lets only code signed by trusted publishers be deployed to the function.",
                     "コード署名により、信頼できる発行者が署名したコードだけを関数にデプロイできます。"),
       remediation=T("Create a code signing configuration with your signing profiles and attach it to the function.",
                     "署名プロファイルを指定したコード署名設定を作成し、関数に関連付けてください。"))
def code_signing_enabled(r: Resource) -> Result:
    arn = need(r, "CodeSigningConfigArn")
    if r.data.get("PackageType") == "Image":
        return MSG.ok("image")
    return Result.ok() if arn else MSG.fail("unsigned")


@check(id="aws.lambda.vpc_function_multi_az", resource_types=FN, severity=Severity.MEDIUM, needs_inventory=True,
       inputs=SUBNETS, frameworks={"aws-fsbp": ["Lambda.5"]},
       title=T("VPC Lambda function runs in several Availability Zones", "VPC 接続の Lambda 関数が複数のアベイラビリティーゾーンで動作する"),
       description=T("A function whose subnets are all in one zone stops when that zone fails.",
                     "サブネットがすべて 1 つのゾーンにある関数は、そのゾーンの障害で停止します。"),
       remediation=T("Add subnets in at least two Availability Zones to the function's VpcConfig.",
                     "関数の VpcConfig に、2 つ以上のアベイラビリティーゾーンのサブネットを追加してください。"))
def vpc_function_multi_az(r: Resource, inventory: Inventory | None = None) -> Result:
    ids = list((r.data.get("VpcConfig") or {}).get("SubnetIds") or [])
    if not ids:
        return MSG.ok("no_vpc")
    known = {s.data.get("SubnetId"): s.data.get("AvailabilityZone")
             for s in (inventory.in_account("aws", r.account, "aws.vpc.subnet") if inventory is not None else [])
             if s.region == r.region}
    unknown = [i for i in ids if i not in known]
    if unknown:
        return MSG.error("subnets_unknown", subnets=unknown)
    zones = sorted({str(known[i]) for i in ids})
    return MSG.fail("one_az", count=len(zones), zones=zones) if len(zones) < 2 else MSG.ok("one_az", count=len(zones), zones=zones)
