"""ECR repositories (scanning, tag mutability, encryption, repository and lifecycle policies) and
the private registry of the region (scanning configuration: basic or enhanced, and the rules
choosing the repositories; registry policy).

The registry exists in every region; it is assessed only where the account has a repository, so
an unused region costs the one DescribeRepositories listing and yields nothing.
"""

from __future__ import annotations

from typing import Any

from agent.collectors.aws._util import arn, bounded_map, make, policy_field
from agent.collectors.aws.context import ServiceContext
from agent.core.model import Resource, is_unreadable

SERVICE = "ecr"
GLOBAL = False
RESOURCE_TYPES = ("aws.ecr.repository", "aws.ecr.registry")
PERMISSIONS = ("ecr:DescribeRepositories", "ecr:GetLifecyclePolicy", "ecr:GetRegistryPolicy",
               "ecr:GetRegistryScanningConfiguration", "ecr:GetRepositoryPolicy")


def _registry(ctx: ServiceContext, c: Any) -> Resource:
    scan = ctx.read(c.get_registry_scanning_configuration)
    pol = ctx.read(c.get_registry_policy, missing=("RegistryPolicyNotFoundException",))
    data = {"registryId": ctx.account,
            "scanningConfiguration": scan if is_unreadable(scan) else scan.get("scanningConfiguration", {}),
            "Policy": policy_field(pol, "policyText")}
    return make(ctx, "aws.ecr.registry", arn(ctx, "ecr", f"registry/{ctx.account}"), f"ecr registry {ctx.region}", data)


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

    repos = bounded_map(one, list(ctx.paginate(c, "describe_repositories", "repositories")))
    return repos + [_registry(ctx, c)] if repos else repos
