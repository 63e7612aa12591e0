"""EC2 launch templates in one region: the default and latest versions' metadata options, network
interfaces and what detect-secrets finds in their user data (the user data itself is not kept).

DescribeLaunchTemplates is paginated; DescribeLaunchTemplateVersions takes one template per call
(``$Default`` and ``$Latest`` in one request), on a bounded pool.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._secrets import scan_text
from agent.collectors.aws._util import arn, bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.collectors.aws.ec2 import decode_user_data
from agent.core.model import Resource, is_unreadable

SERVICE = "ec2_launch_templates"
GLOBAL = False
RESOURCE_TYPES = ("aws.ec2.launch_template",)
PERMISSIONS = ("ec2:DescribeLaunchTemplateVersions", "ec2:DescribeLaunchTemplates")


def _version(v: dict[str, Any]) -> dict[str, Any]:
    data = dict(v.get("LaunchTemplateData") or {})
    user_data = data.pop("UserData", None)
    return {"VersionNumber": v.get("VersionNumber"), "DefaultVersion": v.get("DefaultVersion"),
            "LaunchTemplateData": data, "_user_data_secrets": scan_text(decode_user_data(user_data))}


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client("ec2")

    def one(t: dict[str, Any]) -> Resource:
        tid = t["LaunchTemplateId"]
        got = ctx.read(lambda: list(ctx.paginate(c, "describe_launch_template_versions", "LaunchTemplateVersions",
                                                 LaunchTemplateId=tid, Versions=["$Default", "$Latest"])))
        versions = got if is_unreadable(got) else [_version(v) for v in got]
        return make(ctx, "aws.ec2.launch_template", arn(ctx, "ec2", f"launch-template/{tid}"),
                    t.get("LaunchTemplateName") or tid, {**t, "_versions": versions}, t.get("Tags"))

    return bounded_map(one, ctx.paginate(c, "describe_launch_templates", "LaunchTemplates"))
