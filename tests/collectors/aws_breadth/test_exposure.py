"""The post-collection exposure pass: pure function over an inventory, every hop of the path."""

from __future__ import annotations

import json
from typing import Any

import pytest

from agent.collectors.aws import exposure
from agent.core.inventory import Inventory
from agent.core.model import Coverage, Resource, is_unreadable, unreadable

ACCT = "123456789012"


def R(rtype: str, rid: str, data: dict[str, Any]) -> Resource:
    return Resource("aws", ACCT, "us-east-1", rtype, rid, rid, {}, data)


def sg(gid: str, *perms: dict) -> Resource:
    return R("aws.ec2.security_group", gid, {"GroupId": gid, "IpPermissions": list(perms)})


def tcp(port: int, cidr: str = "0.0.0.0/0") -> dict:
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": cidr}]}


ALL = {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}
ROUTE_IGW = R("aws.ec2.route_table", "rtb-pub", {"RouteTableId": "rtb-pub", "VpcId": "vpc-1",
              "Associations": [{"SubnetId": "subnet-pub"}],
              "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"}]})
ROUTE_MAIN = R("aws.ec2.route_table", "rtb-main", {"RouteTableId": "rtb-main", "VpcId": "vpc-1",
               "Associations": [{"Main": True}], "Routes": [{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}]})
NACL_OPEN = R("aws.ec2.network_acl", "acl-default", {"NetworkAclId": "acl-default", "VpcId": "vpc-1", "IsDefault": True,
              "Associations": [], "Entries": [{"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": False, "CidrBlock": "0.0.0.0/0"}]})
NACL_NO_SSH = R("aws.ec2.network_acl", "acl-web", {"NetworkAclId": "acl-web", "VpcId": "vpc-1", "IsDefault": False,
                "Associations": [{"SubnetId": "subnet-web"}], "Entries": [
                    {"RuleNumber": 10, "Protocol": "6", "RuleAction": "deny", "Egress": False, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 22, "To": 22}},
                    {"RuleNumber": 100, "Protocol": "-1", "RuleAction": "allow", "Egress": False, "CidrBlock": "0.0.0.0/0"}]})
ROUTE_WEB = R("aws.ec2.route_table", "rtb-web", {"RouteTableId": "rtb-web", "VpcId": "vpc-1", "Associations": [{"SubnetId": "subnet-web"}],
              "Routes": [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1"}]})
ADMIN_ROLE = R("aws.iam.role", f"arn:aws:iam::{ACCT}:role/admin", {"RoleName": "admin", "_admin": True, "_privileged_actions": ["*"],
               "InstanceProfileList": [{"Arn": f"arn:aws:iam::{ACCT}:instance-profile/admin"}]})


def instance(iid: str, subnet: str, sgs: list[str], public: bool = True, profile: str | None = None) -> Resource:
    d: dict[str, Any] = {"InstanceId": iid, "SubnetId": subnet, "VpcId": "vpc-1", "SecurityGroups": [{"GroupId": g} for g in sgs]}
    if public:
        d["PublicIpAddress"] = "203.0.113.10"
    if profile:
        d["IamInstanceProfile"] = {"Arn": profile}
    return R("aws.ec2.instance", iid, d)


def run(*resources: Resource, missing: tuple[str, ...] = ()) -> Inventory:
    """Annotate as after a scan that read everything in ACCT except the ``missing`` types."""
    cov = Coverage()
    cov.add("aws", ACCT, "*", "*")
    for t in missing:  # regional types fail in the region, global ones ("*") everywhere
        cov.fail("aws", ACCT, "us-east-1", t, "AccessDenied")
        cov.fail("aws", ACCT, "*", t, "AccessDenied")
    inv = Inventory(resources, coverage=cov)
    exposure.annotate(inv)
    return inv


def test_public_instance_open_sg_igw_route_is_reachable_and_privileged() -> None:
    i = instance("i-1", "subnet-pub", ["sg-open"], profile=f"arn:aws:iam::{ACCT}:instance-profile/admin")
    run(i, sg("sg-open", tcp(22)), ROUTE_IGW, ROUTE_MAIN, NACL_OPEN, ADMIN_ROLE)
    exp = i.data["_exposure"]
    assert exp["internet_reachable"] is True and exp["open_ports"] == [22]
    assert any("igw-1" in hop for hop in exp["path"])
    assert i.data["_privileged"]["admin"] is True


def test_all_ports_sg_is_open_on_22_and_3389() -> None:
    i = instance("i-2", "subnet-pub", ["sg-all"])
    run(i, sg("sg-all", ALL), ROUTE_IGW, ROUTE_MAIN, NACL_OPEN)
    assert {22, 3389, 443} <= set(i.data["_exposure"]["open_ports"])


def test_no_route_to_igw_blocks() -> None:
    i = instance("i-3", "subnet-private", ["sg-open"])  # falls back to the main table: no IGW route
    run(i, sg("sg-open", tcp(22)), ROUTE_IGW, ROUTE_MAIN, NACL_OPEN)
    assert i.data["_exposure"]["internet_reachable"] is False
    assert i.data["_exposure"]["level"] == "public-but-blocked"


def test_nacl_deny_blocks_only_that_port() -> None:
    i = instance("i-4", "subnet-web", ["sg-web"])
    run(i, sg("sg-web", tcp(22), tcp(443)), ROUTE_WEB, ROUTE_MAIN, NACL_NO_SSH, NACL_OPEN)
    assert i.data["_exposure"]["open_ports"] == [443]


def test_restricted_sg_and_private_instance() -> None:
    a = instance("i-5", "subnet-pub", ["sg-office"])
    b = instance("i-6", "subnet-pub", ["sg-open"], public=False)
    run(a, b, sg("sg-office", tcp(22, "198.51.100.0/24")), sg("sg-open", tcp(22)), ROUTE_IGW, ROUTE_MAIN, NACL_OPEN)
    assert a.data["_exposure"]["internet_reachable"] is False
    assert b.data["_exposure"]["level"] == "private"


def test_rds_flagged_public_with_closed_sg_is_public_but_blocked() -> None:
    db = R("aws.rds.db_instance", "db-1", {"PubliclyAccessible": True, "Endpoint": {"Port": 5432},
                                        "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-closed"}],
                                        "DBSubnetGroup": {"VpcId": "vpc-1", "Subnets": [{"SubnetIdentifier": "subnet-pub"}]}})
    open_db = R("aws.rds.db_instance", "db-2", {"PubliclyAccessible": True, "Endpoint": {"Port": 5432},
                                             "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-pg"}],
                                             "DBSubnetGroup": {"VpcId": "vpc-1", "Subnets": [{"SubnetIdentifier": "subnet-pub"}]}})
    run(db, open_db, sg("sg-closed"), sg("sg-pg", tcp(5432)), ROUTE_IGW, ROUTE_MAIN, NACL_OPEN)
    assert db.data["_exposure"]["level"] == "public-but-blocked"
    assert open_db.data["_exposure"] == {**open_db.data["_exposure"], "internet_reachable": True, "open_ports": [5432]}


def test_bucket_public_policy_honours_block_public_access() -> None:
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                                                  "Resource": "arn:aws:s3:::b/*"}]})
    b = R("aws.s3.bucket", "arn:aws:s3:::b", {"Policy": policy, "PublicAccessBlock": None})
    all_users = {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"}
    acl = R("aws.s3.bucket", "arn:aws:s3:::c", {"Acl": {"Grants": [{"Grantee": all_users, "Permission": "READ"}]}})
    run(b, acl)
    assert b.data["_exposure"]["internet_reachable"] and acl.data["_exposure"]["internet_reachable"]
    blocked = R("aws.s3.bucket", "arn:aws:s3:::b", {"Policy": policy})
    pab = R("aws.s3.account_public_access_block", "acct", {"PublicAccessBlockConfiguration": {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}})
    run(blocked, pab)
    assert blocked.data["_exposure"]["internet_reachable"] is False


def test_lambda_public_url_with_admin_role() -> None:
    fn = R("aws.lambda.function", "fn", {"Role": ADMIN_ROLE.id, "FunctionUrlConfigs": [{"AuthType": "NONE"}], "Policy": None})
    run(fn, ADMIN_ROLE)
    assert fn.data["_exposure"]["internet_reachable"] and fn.data["_privileged"]["admin"]


def test_accounts_are_kept_apart() -> None:
    other = Resource("aws", "999999999999", "us-east-1", "aws.ec2.security_group", "sg-open", "sg-open", {},
                     {"GroupId": "sg-open", "IpPermissions": [tcp(22)]})
    i = instance("i-7", "subnet-pub", ["sg-open"])
    run(i, other, ROUTE_IGW, ROUTE_MAIN, NACL_OPEN)
    # Another account's group is not this instance's: its own group was not collected -> unknown.
    assert is_unreadable(i.data["_exposure"]) and "sg-open not collected" in i.data["_exposure"]["__unreadable__"]


# --------------------------------------------------------------------------- unknown is unknown
ADMIN_PROFILE = f"arn:aws:iam::{ACCT}:instance-profile/admin"


def test_security_group_not_collected_is_unknown_not_closed() -> None:
    i = instance("i-8", "subnet-pub", ["sg-gone"])
    run(i, ROUTE_IGW, ROUTE_MAIN, NACL_OPEN)
    assert is_unreadable(i.data["_exposure"]) and "sg-gone not collected" in i.data["_exposure"]["__unreadable__"]


def test_a_known_open_group_answers_even_beside_an_unknown_one() -> None:
    i = instance("i-9", "subnet-pub", ["sg-open", "sg-gone"])
    run(i, sg("sg-open", tcp(443)), ROUTE_IGW, ROUTE_MAIN, NACL_OPEN)
    exp = i.data["_exposure"]
    assert exp["internet_reachable"] is True and exp["open_ports"] == [443]
    assert exp["not_assessed"] == ["sg-gone not collected"]  # 22 may be open through the unknown group


def test_unknown_group_behind_no_route_is_still_closed() -> None:
    i = instance("i-10", "subnet-private", ["sg-gone"])  # main table: no route to an internet gateway
    run(i, ROUTE_IGW, ROUTE_MAIN, NACL_OPEN)
    assert i.data["_exposure"]["internet_reachable"] is False


@pytest.mark.parametrize("missing", ["aws.ec2.route_table", "aws.ec2.network_acl"])
def test_route_tables_or_nacls_not_collected_in_the_region_are_unknown(missing: str) -> None:
    i = instance("i-11", "subnet-pub", ["sg-open"])
    resources = [r for r in (sg("sg-open", tcp(22)), ROUTE_IGW, ROUTE_MAIN, NACL_OPEN) if r.type != missing]
    run(i, *resources, missing=(missing,))
    assert is_unreadable(i.data["_exposure"]), i.data["_exposure"]


def test_partial_route_listing_never_falls_back_to_the_main_table() -> None:
    # The subnet's own table (with the IGW route) was on a page that failed; the main one was read.
    i = instance("i-12", "subnet-pub", ["sg-open"])
    run(i, sg("sg-open", tcp(22)), ROUTE_MAIN, NACL_OPEN, missing=("aws.ec2.route_table",))
    assert is_unreadable(i.data["_exposure"])


def test_private_instance_is_private_whatever_was_not_collected() -> None:
    i = instance("i-13", "subnet-pub", ["sg-gone"], public=False)
    run(i, missing=("aws.ec2.route_table", "aws.ec2.network_acl", "aws.ec2.security_group"))
    assert i.data["_exposure"]["level"] == "private"


def test_roles_not_collected_make_privilege_unknown() -> None:
    i = instance("i-14", "subnet-pub", ["sg-open"], profile=ADMIN_PROFILE)
    run(i, sg("sg-open", tcp(22)), ROUTE_IGW, ROUTE_MAIN, NACL_OPEN, missing=("aws.iam.role",))
    assert is_unreadable(i.data["_privileged"])
    fn = R("aws.lambda.function", "fn-x", {"Role": ADMIN_ROLE.id, "FunctionUrlConfigs": [], "Policy": None})
    run(fn, missing=("aws.iam.role",))
    assert is_unreadable(fn.data["_privileged"])


def test_profile_without_a_role_in_a_complete_listing_is_not_privileged() -> None:
    i = instance("i-15", "subnet-pub", ["sg-open"], profile=f"arn:aws:iam::{ACCT}:instance-profile/empty")
    run(i, sg("sg-open", tcp(22)), ROUTE_IGW, ROUTE_MAIN, NACL_OPEN)
    assert i.data["_privileged"]["privileged"] is False


def test_role_with_unreadable_policy_is_unknown_unless_known_admin() -> None:
    role = R("aws.iam.role", f"arn:aws:iam::{ACCT}:role/half", {"RoleName": "half", "_admin": False,
             "_privileged_actions": [], "_unreadable_policies": ["arn:aws:iam::aws:policy/Secret"]})
    fn = R("aws.lambda.function", "fn-y", {"Role": role.id, "FunctionUrlConfigs": [], "Policy": None})
    run(fn, role)
    assert is_unreadable(fn.data["_privileged"])


@pytest.mark.parametrize("field", ["FunctionUrlConfigs", "Policy"])
def test_unreadable_lambda_url_or_policy_is_unknown_not_private(field: str) -> None:
    data = {"Role": ADMIN_ROLE.id, "FunctionUrlConfigs": [], "Policy": None, field: unreadable("AccessDenied")}
    fn = R("aws.lambda.function", f"fn-{field}", data)
    run(fn, ADMIN_ROLE)
    assert is_unreadable(fn.data["_exposure"])


def test_lambda_public_by_url_stays_public_with_its_policy_unreadable() -> None:
    fn = R("aws.lambda.function", "fn-z", {"Role": ADMIN_ROLE.id, "FunctionUrlConfigs": [{"AuthType": "NONE"}],
                                          "Policy": unreadable("AccessDenied")})
    run(fn, ADMIN_ROLE)
    assert fn.data["_exposure"]["internet_reachable"] is True and fn.data["_exposure"]["not_assessed"]


@pytest.mark.parametrize("field", ["Policy", "Acl"])
def test_bucket_with_unreadable_policy_or_acl_is_unknown(field: str) -> None:
    b = R("aws.s3.bucket", f"arn:aws:s3:::b-{field}", {"Policy": None, "Acl": {"Grants": []}, "PublicAccessBlock": None,
                                                     field: unreadable("AccessDenied")})
    run(b)
    assert is_unreadable(b.data["_exposure"])


def test_bucket_public_by_acl_is_unknown_when_account_block_was_not_read() -> None:
    acl = {"Grants": [{"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"},
                       "Permission": "READ"}]}
    b = R("aws.s3.bucket", "arn:aws:s3:::b-acl", {"Policy": None, "Acl": acl, "PublicAccessBlock": None})
    run(b, missing=("aws.s3.account_public_access_block",))
    assert is_unreadable(b.data["_exposure"])  # the account block could ignore that ACL


def test_private_bucket_is_private_even_when_the_account_block_was_not_read() -> None:
    b = R("aws.s3.bucket", "arn:aws:s3:::b-quiet", {"Policy": None, "Acl": {"Grants": []}, "PublicAccessBlock": None})
    run(b, missing=("aws.s3.account_public_access_block",))
    assert b.data["_exposure"]["internet_reachable"] is False  # a block can only close, never open
