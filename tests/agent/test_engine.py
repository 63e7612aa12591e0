"""The engine: every applicable check on every resource; a raising check is an ERROR, not a crash."""

from __future__ import annotations

from types import SimpleNamespace

from agent.core.inventory import Inventory
from agent.core.model import Coverage, Resource, Result, Severity, Status
from agent.engine.evaluate import evaluate


def fake_check(cid: str, rtype: str, func, needs_inventory: bool = False, inputs: tuple[str, ...] = ()):
    meta = SimpleNamespace(resource_types=(rtype,), severity=Severity.MEDIUM, kind="misconfiguration", inputs=inputs)
    return SimpleNamespace(id=cid, meta=meta, func=func, needs_inventory=needs_inventory)


def res(i: int, rtype: str = "aws.s3.bucket") -> Resource:
    return Resource("aws", "1", "eu-west-1", rtype, f"id{i}", f"n{i}", data={"n": i})


def test_raising_check_is_error_and_others_go_on() -> None:
    def boom(r):
        raise KeyError("Versioning")

    ok = fake_check("aws.s3.ok", "aws.s3.bucket", lambda r: Result.ok())
    bad = fake_check("aws.s3.boom", "aws.s3.bucket", boom)
    out = evaluate(Inventory([res(1), res(2)]), [bad, ok])
    by = {(f.check_id, f.resource.id): f for f in out.findings}
    assert len(by) == 4 and out.pairs == 4
    assert by[("aws.s3.boom", "id1")].status is Status.ERROR
    assert "KeyError" in by[("aws.s3.boom", "id1")].detail
    assert by[("aws.s3.ok", "id2")].status is Status.PASS


def test_checks_only_see_their_types_and_inventory_when_asked() -> None:
    seen = []
    cross = fake_check("aws.ec2.cross", "aws.ec2.instance",
                       lambda r, inv: Result.fail("x") if inv.by_type("aws.s3.bucket") else Result.ok(), True)
    only_b = fake_check("aws.s3.b", "aws.s3.bucket", lambda r: seen.append(r.type) or Result.ok())
    out = evaluate(Inventory([res(1), res(2, "aws.ec2.instance")]), [cross, only_b],
                   severity_overrides={"aws.ec2.cross": Severity.CRITICAL})
    assert seen == ["aws.s3.bucket"]
    [c] = [f for f in out.findings if f.check_id == "aws.ec2.cross"]
    assert c.status is Status.FAIL and c.severity is Severity.CRITICAL


def test_a_check_waits_for_every_declared_input() -> None:
    """An input type not fully collected where the resource lives makes the check ERROR, never PASS."""
    calls = []
    exposed = fake_check("aws.ec2.exposed", "aws.ec2.instance", lambda r, inv: calls.append(r.id) or Result.ok(), True,
                         inputs=("aws.ec2.security_group", "aws.iam.role"))
    instance = res(1, "aws.ec2.instance")
    read_all = Coverage()
    read_all.add("aws", "1", "eu-west-1", "aws.ec2.security_group")
    read_all.add("aws", "1", "*", "aws.iam.role")
    assert evaluate(Inventory([instance], read_all), [exposed]).findings[0].status is Status.PASS

    roles_failed = Coverage(list(read_all.entries))
    roles_failed.fail("aws", "1", "*", "aws.iam.role", "AccessDenied")
    f = evaluate(Inventory([instance], roles_failed), [exposed]).findings[0]
    assert f.status is Status.ERROR and f.message == "core:inputs_incomplete"
    assert f.detail == "not assessed: aws.iam.role not fully collected in this scope"

    other_region = Coverage()
    other_region.add("aws", "1", "us-east-1", "aws.ec2.security_group")
    other_region.add("aws", "1", "*", "aws.iam.role")
    assert evaluate(Inventory([instance], other_region), [exposed]).findings[0].status is Status.ERROR
    assert calls == [instance.id]  # only the fully covered scan ran the check
