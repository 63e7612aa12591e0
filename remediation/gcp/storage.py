"""Cloud Storage: remove ``allUsers`` / ``allAuthenticatedUsers`` from a bucket's IAM policy; enforce public
access prevention on a bucket.

The plan carries the whole policy it will write, with the etag read at plan time: if anyone
changes the policy in between, Cloud Storage refuses the write (precondition) instead of UCS
overwriting their change.
"""

from __future__ import annotations

from typing import Any

from agent.core.model import Resource
from remediation.base import ApiCall, BaseRemediator, Context, Plan

PUBLIC = ("allUsers", "allAuthenticatedUsers")


class GcsIamClient:
    """The two calls this remediator needs, over the official ``google.cloud.storage`` client."""

    def __init__(self, client: Any) -> None:
        self.client = client  # google.cloud.storage.Client

    def get_bucket_iam_policy(self, bucket: str) -> dict[str, Any]:
        policy = self.client.bucket(bucket).get_iam_policy(requested_policy_version=3)
        return policy.to_api_repr()

    def set_bucket_iam_policy(self, bucket: str, policy: dict[str, Any]) -> dict[str, Any]:
        from google.api_core.iam import Policy

        b = self.client.bucket(bucket)
        return b.set_iam_policy(Policy.from_api_repr(dict(policy))).to_api_repr()

    def add_bucket_iam_members(self, bucket: str, bindings: list[list[str]]) -> dict[str, Any]:
        policy = self.get_bucket_iam_policy(bucket)
        by_role = {b["role"]: b for b in policy.setdefault("bindings", []) if not b.get("condition")}
        for role, member in bindings:
            b = by_role.get(role)
            if b is None:
                b = {"role": role, "members": []}
                policy["bindings"].append(b)
                by_role[role] = b
            if member not in b["members"]:
                b["members"].append(member)
        return self.set_bucket_iam_policy(bucket, policy)


    def get_bucket_public_access_prevention(self, bucket: str) -> str:
        return str(self.client.get_bucket(bucket).iam_configuration.public_access_prevention)

    def set_bucket_public_access_prevention(self, bucket: str, value: str) -> str:
        b = self.client.get_bucket(bucket)
        b.iam_configuration.public_access_prevention = value
        b.patch()  # PATCH sends only iamConfiguration: nothing else of the bucket is rewritten
        return str(b.iam_configuration.public_access_prevention)


def bucket_name(r: Resource) -> str:
    return str(r.data.get("name") or r.name.rsplit("/", 1)[-1])


def _public(policy: dict[str, Any]) -> list[list[str]]:
    return sorted([b["role"], m] for b in policy.get("bindings", []) for m in b.get("members", []) if m in PUBLIC)


def _without_public(policy: dict[str, Any]) -> dict[str, Any]:
    bindings = []
    for b in policy.get("bindings", []):
        members = [m for m in b.get("members", []) if m not in PUBLIC]
        if members:
            bindings.append({**b, "members": members})
    return {**policy, "bindings": bindings}


class BucketNotPublic(BaseRemediator):
    check_id = "gcp.storage.bucket_not_public"
    provider = "gcp"
    resource_type = "gcp.storage.bucket"
    summary = "Remove allUsers and allAuthenticatedUsers from the IAM policy of bucket {name}"

    def read(self, ctx: Context, r: Resource) -> dict[str, Any]:
        return {"PublicBindings": _public(ctx.gcp_client(r.account).get_bucket_iam_policy(bucket_name(r)))}

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        return {"PublicBindings": []}

    def refresh(self, ctx: Context, plan: Plan) -> Resource:
        policy = ctx.gcp_client(plan.account).get_bucket_iam_policy(bucket_name(plan.resource()))
        return self.snapshot(plan, iamPolicy={"bindings": policy.get("bindings", [])})

    def calls(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        policy = ctx.gcp_client(r.account).get_bucket_iam_policy(bucket_name(r))
        return [
            ApiCall("storage", "set_bucket_iam_policy", {"bucket": bucket_name(r), "policy": _without_public(policy)})
        ]

    def undo(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        # Re-add exactly the public members removed, to whatever policy is current at rollback time.
        return [
            ApiCall(
                "storage", "add_bucket_iam_members", {"bucket": bucket_name(r), "bindings": before["PublicBindings"]}
            )
        ]

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            " && ".join(
                f"gcloud storage buckets remove-iam-policy-binding gs://{bucket_name(r)} --member={m} --role={role}"
                for role, m in self.read(ctx, r)["PublicBindings"]
            )
            or "# nothing public"
        )

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return (
            f"# remove every google_storage_bucket_iam_member / _binding for bucket {bucket_name(r)}\n"
            '# whose member is "allUsers" or "allAuthenticatedUsers"'
        )


class BucketPublicAccessPrevention(BaseRemediator):
    """Set ``iamConfiguration.publicAccessPrevention`` to ``enforced``; undo restores the value read at plan time.

    Safe by construction: it removes no grant, it only stops future (and current) public access; a bucket
    meant to be public keeps its bindings and becomes public again on rollback.
    """

    check_id = "gcp.storage.bucket_public_access_prevention"
    provider = "gcp"
    resource_type = "gcp.storage.bucket"
    summary = "Enforce public access prevention on bucket {name}"

    def read(self, ctx: Context, r: Resource) -> dict[str, Any]:
        return {"publicAccessPrevention": ctx.gcp_client(r.account).get_bucket_public_access_prevention(bucket_name(r))}

    def target(self, ctx: Context, r: Resource, before: dict[str, Any]) -> dict[str, Any]:
        return {"publicAccessPrevention": "enforced"}

    def refresh(self, ctx: Context, plan: Plan) -> Resource:
        value = ctx.gcp_client(plan.account).get_bucket_public_access_prevention(bucket_name(plan.resource()))
        config = dict((plan.resource_data or {}).get("iamConfiguration") or {}, publicAccessPrevention=value)
        return self.snapshot(plan, iamConfiguration=config)

    def calls(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [ApiCall("storage", "set_bucket_public_access_prevention",
                        {"bucket": bucket_name(r), "value": "enforced"})]

    def undo(self, ctx: Context, r: Resource, before: dict[str, Any], after: dict[str, Any]) -> list[ApiCall]:
        return [ApiCall("storage", "set_bucket_public_access_prevention",
                        {"bucket": bucket_name(r), "value": before["publicAccessPrevention"]})]

    def cli(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f"gcloud storage buckets update gs://{bucket_name(r)} --public-access-prevention"

    def terraform(self, ctx: Context, r: Resource, after: dict[str, Any]) -> str:
        return f'# google_storage_bucket "{bucket_name(r)}": public_access_prevention = "enforced"'


REMEDIATORS = [BucketNotPublic(), BucketPublicAccessPrevention()]
