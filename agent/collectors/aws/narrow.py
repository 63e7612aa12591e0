"""Re-collect one AWS resource with the collector, without re-reading the whole service.

The collector modules have no single-resource entry point, and verifying one bucket by listing
and reading every bucket of the account costs thousands of calls.  A :class:`NarrowingFactory`
hands the collector clients whose listing answers are trimmed on the way in (botocore
``after-call`` events): the listing of the plan's own resource type keeps only that resource,
other listings of the module come back empty.  The collector code runs unchanged on less input.

Used by remediation verification and by event-driven re-assessment (``agent.engine.reassess``),
only when the checks do not need the inventory (a cross-resource check sees the full
collection); when the narrowed collection does not return the resource, both fall back to the
full one.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from agent.collectors.aws.context import ClientFactory

# (service, operation) -> (result key, id field, resource type the listing yields)
LISTINGS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("s3", "ListBuckets"): ("Buckets", "Name", "aws.s3.bucket"),
    ("ec2", "DescribeSecurityGroups"): ("SecurityGroups", "GroupId", "aws.ec2.security_group"),
    ("ec2", "DescribeVolumes"): ("Volumes", "VolumeId", "aws.ec2.volume"),
    ("ec2", "DescribeSnapshots"): ("Snapshots", "SnapshotId", "aws.ec2.snapshot"),
    ("ec2", "DescribeImages"): ("Images", "ImageId", "aws.ec2.image"),
    ("ec2", "DescribeVpcs"): ("Vpcs", "VpcId", "aws.vpc.vpc"),
    ("rds", "DescribeDBInstances"): ("DBInstances", "DBInstanceIdentifier", "aws.rds.db_instance"),
    ("rds", "DescribeDBSnapshots"): ("DBSnapshots", "DBSnapshotIdentifier", "aws.rds.db_snapshot"),
    ("ecr", "DescribeRepositories"): ("repositories", "repositoryName", "aws.ecr.repository"),
    ("kms", "ListKeys"): ("Keys", "KeyId", "aws.kms.key"),
    ("iam", "ListUsers"): ("Users", "UserName", "aws.iam.user"),
    ("iam", "ListPolicies"): ("Policies", "PolicyName", "aws.iam.policy"),
}
INSTANCES = ("ec2", "DescribeInstances")  # nested: Reservations[].Instances[]


def native_id(resource_type: str, resource_id: str, data: dict[str, Any] | None) -> str:
    """The identifier a listing uses for the resource: its data field, else the ARN's tail."""
    field = {t: f for (_, _), (_, f, t) in LISTINGS.items()}.get(resource_type, "InstanceId")
    value = (data or {}).get(field)
    if isinstance(value, str) and value:
        return value
    if resource_type == "aws.ecr.repository" and "repository/" in resource_id:
        return resource_id.split("repository/", 1)[1]
    return resource_id.rsplit("/", 1)[-1].rsplit(":", 1)[-1]


class NarrowingFactory(ClientFactory):
    def __init__(self, base: ClientFactory, resource_type: str, wanted: str | Collection[str]) -> None:
        super().__init__(session=base.session, endpoint_url=base.endpoint_url, default_region=base.default_region)
        self.base = base
        self.resource_type = resource_type
        # one resource (verification) or the few a burst of change events named (realtime)
        self.wanted = frozenset([wanted] if isinstance(wanted, str) else wanted)
        self._narrowed: set[int] = set()

    def _count(self, **kwargs: Any) -> None:
        super()._count(**kwargs)
        self.base._count(**kwargs)  # the account's factory counts the calls made on its behalf

    def client(self, service: str, region: str | None = None) -> Any:
        cl = super().client(service, region)
        if id(cl) not in self._narrowed:
            self._narrowed.add(id(cl))
            sid = cl.meta.service_model.service_id.hyphenize()
            for (svc, op), (key, field, rtype) in LISTINGS.items():
                if svc == service:
                    cl.meta.events.register(f"after-call.{sid}.{op}", self._trim(key, field, rtype))
            if service == "ec2":
                cl.meta.events.register(f"after-call.{sid}.DescribeInstances", self._trim_instances)
        return cl

    def _trim(self, key: str, field: str, rtype: str) -> Any:
        def handler(parsed: dict[str, Any], **_: Any) -> None:
            if key in parsed:
                keep = rtype == self.resource_type
                parsed[key] = [i for i in parsed[key] if keep and i.get(field) in self.wanted]

        return handler

    def _trim_instances(self, parsed: dict[str, Any], **_: Any) -> None:
        keep = self.resource_type == "aws.ec2.instance"
        reservations = []
        for res in parsed.get("Reservations", []):
            insts = [i for i in res.get("Instances", []) if keep and i.get("InstanceId") in self.wanted]
            if insts:
                reservations.append({**res, "Instances": insts})
        parsed["Reservations"] = reservations
