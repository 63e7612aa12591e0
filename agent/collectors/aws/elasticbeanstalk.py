"""Elastic Beanstalk environments in one region with the option settings the checks read.

DescribeEnvironments (paginated, live environments only), then DescribeConfigurationSettings per
environment on a bounded pool.  Only the namespaces below are kept: environment properties
(``aws:elasticbeanstalk:application:environment``) can hold secrets and never leave this module.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "elasticbeanstalk"
GLOBAL = False
RESOURCE_TYPES = ("aws.elasticbeanstalk.environment",)
PERMISSIONS = ("elasticbeanstalk:DescribeConfigurationSettings", "elasticbeanstalk:DescribeEnvironments")
KEPT_NAMESPACES = (
    "aws:elasticbeanstalk:managedactions",
    "aws:elasticbeanstalk:managedactions:platformupdate",
    "aws:elasticbeanstalk:healthreporting:system",
    "aws:elasticbeanstalk:cloudwatch:logs",
    "aws:elasticbeanstalk:cloudwatch:logs:health",
)


def option_settings(answer: dict[str, Any]) -> dict[str, Any]:
    """``{"namespace:OptionName": value}`` for the kept namespaces of a DescribeConfigurationSettings answer."""
    out: dict[str, Any] = {}
    for cfg in answer.get("ConfigurationSettings", [])[:1]:
        for o in cfg.get("OptionSettings", []):
            if o.get("Namespace") in KEPT_NAMESPACES:
                out[f"{o['Namespace']}:{o.get('OptionName')}"] = o.get("Value")
    return out


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("elasticbeanstalk")
    envs = [e for e in ctx.paginate(c, "describe_environments", "Environments", IncludeDeleted=False)
            if e.get("Status") not in ("Terminated", "Terminating")]

    def one(env: dict[str, Any]) -> Resource:
        got = ctx.read(c.describe_configuration_settings, ApplicationName=env.get("ApplicationName"),
                       EnvironmentName=env.get("EnvironmentName"))
        data = {**env, "OptionSettings": got if is_unreadable(got) else option_settings(got)}
        return make(ctx, "aws.elasticbeanstalk.environment", env.get("EnvironmentArn") or env["EnvironmentId"],
                    env.get("EnvironmentName", env["EnvironmentId"]), data)

    return bounded_map(one, envs)
