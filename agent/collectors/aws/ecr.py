"""ECR repositories: scanning, tag mutability, encryption, repository and lifecycle policies."""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import bounded_map, make
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource

SERVICE = "ecr"
GLOBAL = False
RESOURCE_TYPES = ("aws.ecr.repository",)
PERMISSIONS = ("ecr:DescribeRepositories", "ecr:GetLifecyclePolicy", "ecr:GetRepositoryPolicy")


def collect(ctx: ServiceContext) -> list[Resource]:
    c = ctx.client()

    def one(repo: dict[str, Any]) -> Resource:
        name = repo["repositoryName"]
        data = dict(repo)
        pol = ctx.read(c.get_repository_policy, repositoryName=name, missing=("RepositoryPolicyNotFoundException",))
        data["Policy"] = pol.get("policyText") if isinstance(pol, dict) and "policyText" in pol else pol
        lc = ctx.read(c.get_lifecycle_policy, repositoryName=name, missing=("LifecyclePolicyNotFoundException",))
        data["LifecyclePolicy"] = lc.get("lifecyclePolicyText") if isinstance(lc, dict) and "lifecyclePolicyText" in lc else lc
        return make(ctx, "aws.ecr.repository", repo["repositoryArn"], name, data)

    return bounded_map(one, ctx.paginate(c, "describe_repositories", "repositories"))
