"""Lambda functions: configuration, resource policy, function URL, reserved concurrency
(GetFunctionConcurrency) and code signing configuration (GetFunctionCodeSigningConfig).

Environment variable VALUES never leave this module: only their names are kept, so a secret
stored in an environment variable cannot reach the store, findings, logs or reports.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._secrets import scan_pairs
from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "lambda"
GLOBAL = False
RESOURCE_TYPES = ("aws.lambda.function",)
PERMISSIONS = ("lambda:GetFunctionCodeSigningConfig", "lambda:GetFunctionConcurrency", "lambda:GetFunctionUrlConfig",
               "lambda:GetPolicy", "lambda:ListFunctions")


def scrub(fn: dict[str, Any]) -> dict[str, Any]:
    """A function document with environment values removed (names kept, sorted)."""
    data = {k: v for k, v in fn.items() if k != "Environment"}
    env = fn.get("Environment") or {}
    data["Environment"] = {"VariableNames": sorted((env.get("Variables") or {}).keys())}
    if env.get("Error"):
        data["Environment"]["Error"] = {"ErrorCode": env["Error"].get("ErrorCode")}
    return data


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("lambda")

    def one(fn: dict[str, Any]) -> Resource:
        data = scrub(fn)
        # Values are looked at here, once, by detect-secrets; only key and detector are kept.
        data["_secrets_found"] = scan_pairs((fn.get("Environment") or {}).get("Variables") or {})
        arn = fn["FunctionArn"]
        pol = ctx.read(c.get_policy, FunctionName=arn, missing=("ResourceNotFoundException",))
        data["Policy"] = pol.get("Policy") if isinstance(pol, dict) and "Policy" in pol else pol
        url = ctx.read(c.get_function_url_config, FunctionName=arn, missing=("ResourceNotFoundException",))
        data["FunctionUrlConfigs"] = [url] if isinstance(url, dict) and "AuthType" in url else ([] if url is None else url)
        conc = ctx.read(c.get_function_concurrency, FunctionName=arn)
        data["ReservedConcurrentExecutions"] = conc if is_unreadable(conc) else conc.get("ReservedConcurrentExecutions")
        csc = ctx.read(c.get_function_code_signing_config, FunctionName=arn)
        data["CodeSigningConfigArn"] = csc if is_unreadable(csc) else (csc.get("CodeSigningConfigArn") or None)
        return make(ctx, "aws.lambda.function", arn, fn["FunctionName"], data)

    return bounded_map(one, ctx.paginate(c, "list_functions", "Functions"))
