"""Derived exposure and privilege fields, computed over a collected inventory (pure; no API calls).

After collection every resource that can face the internet gets ``data["_exposure"]``::

    {"internet_reachable": bool,          # a packet from the internet can reach it today
     "level": "reachable" | "public-but-blocked" | "private",
     "open_ports": [22, 443],             # ports open along the whole path
     "path": ["public IP 203.0.113.5", "sg-1 allows tcp 22 from 0.0.0.0/0", ...],
     "not_assessed": ["sg-2 not collected"]}   # only when reachable but part of the path unknown

and every resource acting with an IAM role gets ``data["_privileged"]``::

    {"admin": bool, "privileged": bool, "roles": [arn], "actions": ["*"] | [escalation actions]}

Reachability follows the real path: a public address (or public endpoint), a security group
rule open to 0.0.0.0/0 or ::/0, a network ACL that lets the same port in, and a route from the
subnet to an internet gateway.

**What was not read is unknown, never closed.**  A security group missing from the inventory, a
route table or network ACL the scan did not fully collect in the resource's region (its
Coverage), a role it did not collect, an unreadable Lambda URL config or policy, an unreadable
bucket ACL/policy/Block Public Access: when such a gap could change the answer, the field is an
:func:`~agent.core.model.unreadable` marker naming it, so the checks reading it answer ERROR and
a partial scan resolves nothing.  When the answer is known despite the gap (the instance has no
public address; a collected security group already opens port 22 along a known route; one known
role is admin), it is given, and the gap is listed under ``not_assessed``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from agent.core.inventory import Inventory
from agent.core.model import Resource, is_unreadable, unreadable, unreadable_reason
from agent.policy import aws_iam as iam_policy

WORLD = ("0.0.0.0/0", "::/0")
INTERESTING_PORTS = (22, 3389, 80, 443, 3306, 5432, 1433, 1521, 6379, 9200, 27017)
PAB_KEYS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
PUBLIC_GRANTEES = ("http://acs.amazonaws.com/groups/global/AllUsers",
                   "http://acs.amazonaws.com/groups/global/AuthenticatedUsers")

# "Is this resource type fully collected in this region?" (the account is bound by the caller).
Complete = Callable[[str, str], bool]


class _Unknown:
    """A hop the scan did not see (route table or NACL not collected)."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


def _and(*values: bool | None) -> bool | None:
    """Three-valued AND: False wins, then unknown (None), then True."""
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _or(values: Iterable[bool | None]) -> bool | None:
    """Three-valued OR: True wins, then unknown (None), then False."""
    seen = list(values)
    if any(v is True for v in seen):
        return True
    return None if any(v is None for v in seen) else False


# --------------------------------------------------------------------------- network pieces
def sg_open_ranges(sg: dict[str, Any]) -> list[tuple[str, int, int]]:
    """(protocol, from, to) ingress ranges a security group opens to the whole internet."""
    out = []
    for perm in sg.get("IpPermissions", []) or []:
        wide = any(r.get("CidrIp") == WORLD[0] for r in perm.get("IpRanges", []) or []) or \
            any(r.get("CidrIpv6") == WORLD[1] for r in perm.get("Ipv6Ranges", []) or [])
        if not wide:
            continue
        proto = str(perm.get("IpProtocol", "-1"))
        if proto == "-1":
            out.append(("all", 0, 65535))
        else:
            out.append((proto, int(perm.get("FromPort", 0) if perm.get("FromPort", -1) != -1 else 0),
                        int(perm.get("ToPort", 65535) if perm.get("ToPort", -1) != -1 else 65535)))
    return out


def nacl_allows(acl: dict[str, Any], port: int) -> bool:
    """Does the NACL let TCP ``port`` in from 0.0.0.0/0?  The lowest-numbered matching entry wins."""
    for e in sorted((e for e in acl.get("Entries", []) if not e.get("Egress")), key=lambda e: e.get("RuleNumber", 32767)):
        if e.get("CidrBlock") not in WORLD and e.get("Ipv6CidrBlock") not in WORLD:
            continue
        proto = str(e.get("Protocol"))
        rng = e.get("PortRange") or {}
        if proto == "-1" or (proto == "6" and int(rng.get("From", 0)) <= port <= int(rng.get("To", 65535))):
            return e.get("RuleAction") == "allow"
    return False


@dataclass(slots=True)
class Path:
    """The network path from the internet to one resource, three-valued."""

    reachable: bool | None  # None: what was not collected could decide it
    open_ports: list[int]
    hops: list[str]
    unknown: list[str] = field(default_factory=list)


class Network:
    """Index of one account's network resources across regions."""

    def __init__(self, resources: Iterable[Resource], complete: Complete) -> None:
        self.complete = complete
        self.sgs: dict[str, dict[str, Any]] = {}
        self.nacl_by_subnet: dict[str, dict[str, Any]] = {}
        self.default_nacl: dict[str, dict[str, Any]] = {}
        self.rt_by_subnet: dict[str, dict[str, Any]] = {}
        self.main_rt: dict[str, dict[str, Any]] = {}
        for r in resources:
            d = r.data
            if r.type == "aws.ec2.security_group" and d.get("GroupId"):
                self.sgs[d["GroupId"]] = d
            elif r.type == "aws.ec2.network_acl":
                for a in d.get("Associations", []) or []:
                    if a.get("SubnetId"):
                        self.nacl_by_subnet[a["SubnetId"]] = d
                if d.get("IsDefault"):
                    self.default_nacl[d.get("VpcId", "")] = d
            elif r.type == "aws.ec2.route_table":
                for a in d.get("Associations", []) or []:
                    if a.get("Main"):
                        self.main_rt[d.get("VpcId", "")] = d
                    elif a.get("SubnetId"):
                        self.rt_by_subnet[a["SubnetId"]] = d

    def nacl(self, region: str, subnet: str | None, vpc: str | None) -> Any:
        """The subnet's NACL (else its VPC's default one), or UNKNOWN when not fully collected."""
        if not self.complete(region, "aws.ec2.network_acl"):
            return UNKNOWN
        acl = self.nacl_by_subnet.get(subnet or "") or self.default_nacl.get(vpc or "")
        return UNKNOWN if acl is None else acl  # every subnet has one: not seeing it is not knowing it

    def igw_route(self, region: str, subnet: str | None, vpc: str | None) -> Any:
        """The internet gateway the subnet's route table sends 0.0.0.0/0 (or ::/0) to, None if it
        has no such route, UNKNOWN when its route table was not collected."""
        if not self.complete(region, "aws.ec2.route_table"):
            return UNKNOWN
        rt = self.rt_by_subnet.get(subnet or "") or self.main_rt.get(vpc or "")
        if rt is None:  # every VPC has a main route table
            return UNKNOWN
        for route in rt.get("Routes", []) or []:
            dest = route.get("DestinationCidrBlock") or route.get("DestinationIpv6CidrBlock")
            gw = str(route.get("GatewayId", ""))
            if dest in WORLD and gw.startswith("igw-") and route.get("State", "active") == "active":
                return gw
        return None

    def path(self, region: str, sg_ids: list[str], subnets: list[str], vpc: str | None,
             ports: Iterable[int] | None = None) -> Path:
        """Ports open from the internet through SGs, NACL and route, with the hops that allow them."""
        ranges = [(gid, rng) for gid in sg_ids if gid in self.sgs for rng in sg_open_ranges(self.sgs[gid])
                  if rng[0] in ("all", "tcp", "6")]
        hops = [f"{gid} allows {p} {lo}-{hi} from the internet" for gid, (p, lo, hi) in ranges]
        unknown = [f"{gid} not collected" for gid in sg_ids if gid not in self.sgs]
        hops += [f"{u} (not assessed)" for u in unknown]
        candidates = sorted(set(ports) if ports is not None
                            else set(INTERESTING_PORTS) | {lo for _, (_, lo, _) in ranges if lo > 0})
        sg_ports = {p for p in candidates if any(lo <= p <= hi for _, (_, lo, hi) in ranges)}
        if not sg_ports and not unknown:
            return Path(False, [], hops)
        # A port no collected group opens may still be opened by a group that was not collected.
        sg_unknown = bool(unknown)

        def sg_state(port: int | None) -> bool | None:
            if port in sg_ports:
                return True
            return None if sg_unknown else False

        routes: list[tuple[str | None, Any, Any]] = []
        where_from: list[str | None] = list(subnets) or [None]  # no subnet known: the VPC's main table
        for subnet in where_from:
            gw, acl = self.igw_route(region, subnet, vpc), self.nacl(region, subnet, vpc)
            where = subnet or vpc or "the resource"
            if gw is UNKNOWN:
                unknown.append(f"route table of {where} not collected")
            if acl is UNKNOWN and gw is not None:
                unknown.append(f"network ACL of {where} not collected")
            routes.append((subnet, gw, acl))

        def state(port: int | None, hop: tuple[str | None, Any, Any]) -> bool | None:
            """Is ``port`` (None: any other port) open through this subnet's route and NACL?"""
            _, gw, acl = hop
            route = None if gw is UNKNOWN else gw is not None
            nacl = None if acl is UNKNOWN or port is None else nacl_allows(acl, port)
            return _and(sg_state(port), route, nacl)

        open_ports = [p for p in candidates if _or(state(p, hop) for hop in routes) is True]
        if open_ports:
            via, gw, acl = next(hop for hop in routes if any(state(p, hop) is True for p in open_ports))
            return Path(True, open_ports, hops + [f"{acl.get('NetworkAclId')} allows them",
                                                  f"route 0.0.0.0/0 -> {gw}" + (f" from {via}" if via else "")],
                        unknown)
        others: list[int | None] = [None] if sg_unknown else []
        if _or(state(p, hop) for p in [*candidates, *others] for hop in routes) is None:
            return Path(None, [], hops, unknown)
        return Path(False, [], hops + ["blocked by NACL or no route to an internet gateway"])


def _exposure(public: str | None, path: Path) -> dict[str, Any]:
    if not public:
        return {"internet_reachable": False, "level": "private", "open_ports": [], "path": path.hops}
    if path.reachable is None:
        return unreadable(f"{public}; not assessed: {', '.join(path.unknown)}")
    out: dict[str, Any] = {"internet_reachable": path.reachable,
                           "level": "reachable" if path.reachable else "public-but-blocked",
                           "open_ports": path.open_ports, "path": [public] + path.hops}
    if path.unknown:
        out["not_assessed"] = path.unknown
    return out


# --------------------------------------------------------------------------- privilege
class Roles:
    """One account's IAM roles, by ARN and by the instance profiles that hold them."""

    def __init__(self, resources: Iterable[Resource], complete: bool) -> None:
        self.complete = complete  # were the account's roles fully collected?
        self.by_arn: dict[str, dict[str, Any]] = {}
        self.by_profile: dict[str, list[str]] = defaultdict(list)
        for r in resources:
            if r.type != "aws.iam.role":
                continue
            self.by_arn[r.id] = r.data
            for p in r.data.get("InstanceProfileList", []) or []:
                if p.get("Arn"):
                    self.by_profile[p["Arn"]].append(r.id)

    def of_profile(self, profile: str) -> dict[str, Any]:
        roles = self.by_profile.get(profile, [])
        if not roles and not self.complete:
            return unreadable(f"the role of instance profile {profile} was not collected")
        return self.privilege(roles)

    def privilege(self, role_arns: list[str]) -> dict[str, Any]:
        known = [a for a in role_arns if a in self.by_arn]
        missing = [a for a in role_arns if a not in self.by_arn]
        actions = sorted({x for a in known for x in self.by_arn[a].get("_privileged_actions", []) or []})
        admin = any(self.by_arn[a].get("_admin") for a in known)
        unknown = [] if self.complete else [f"{a} not collected" for a in missing]
        unknown += [f"{a}: policies {', '.join(map(str, self.by_arn[a]['_unreadable_policies']))} could not be read"
                    for a in known if self.by_arn[a].get("_unreadable_policies")]
        if unknown and not (admin or actions):
            return unreadable("; ".join(unknown))
        out: dict[str, Any] = {"admin": admin, "privileged": admin or bool(actions), "roles": role_arns,
                               "actions": actions}
        if missing:  # fully collected and still absent: the role no longer exists
            out["roles_not_found"] = missing
        if unknown:
            out["not_assessed"] = unknown
        return out


# --------------------------------------------------------------------------- per resource kind
def _instance(r: Resource, net: Network, roles: Roles) -> None:
    d = r.data
    public = d.get("PublicIpAddress") or next(
        (n.get("Association", {}).get("PublicIp") for n in d.get("NetworkInterfaces", []) or []
         if (n.get("Association") or {}).get("PublicIp")), None)
    enis = d.get("NetworkInterfaces", []) or []
    # Security groups and subnets of every network interface count, not only the primary ones.
    sgs = list(dict.fromkeys([g.get("GroupId") for g in d.get("SecurityGroups", []) or [] if g.get("GroupId")]
                             + [g.get("GroupId") for n in enis for g in n.get("Groups", []) or [] if g.get("GroupId")]))
    subnets = list(dict.fromkeys(([d["SubnetId"]] if d.get("SubnetId") else [])
                                 + [n["SubnetId"] for n in enis if n.get("SubnetId")]))
    d["_exposure"] = _exposure(f"public IP {public}" if public else None, net.path(r.region, sgs, subnets, d.get("VpcId")))
    profile = (d.get("IamInstanceProfile") or {}).get("Arn")
    if profile:
        d["_privileged"] = roles.of_profile(profile)


def _rds(r: Resource, net: Network) -> None:
    d = r.data
    public = d.get("PubliclyAccessible")
    sgs = [g.get("VpcSecurityGroupId") for g in d.get("VpcSecurityGroups", []) or [] if g.get("VpcSecurityGroupId")]
    subnet_group = d.get("DBSubnetGroup") or {}
    subnets = [s.get("SubnetIdentifier") for s in subnet_group.get("Subnets", []) or [] if s.get("SubnetIdentifier")]
    port = (d.get("Endpoint") or {}).get("Port") or d.get("DbInstancePort")
    path = net.path(r.region, sgs, subnets, subnet_group.get("VpcId"), [int(port)] if port else None)
    d["_exposure"] = _exposure("PubliclyAccessible endpoint" if public else None, path)


def _elbv2(r: Resource, net: Network) -> None:
    d = r.data
    public = "internet-facing scheme" if d.get("Scheme") == "internet-facing" else None
    listeners = d.get("Listeners")
    if public and is_unreadable(listeners):
        d["_exposure"] = unreadable(f"{public}; listeners could not be read: {unreadable_reason(listeners)}")
        return
    ports = sorted({int(ln["Port"]) for ln in listeners if ln.get("Port")}) if isinstance(listeners, list) else []
    subnets = [az.get("SubnetId") for az in d.get("AvailabilityZones", []) or [] if az.get("SubnetId")]
    if not d.get("SecurityGroups"):  # NLB without security groups: every listener is open
        hops = ["no security groups (network load balancer)"]
        open_ports = ports if public else []
        d["_exposure"] = _exposure(public, Path(bool(open_ports), open_ports, hops))
        return
    d["_exposure"] = _exposure(public, net.path(r.region, list(d.get("SecurityGroups") or []), subnets,
                                                d.get("VpcId"), ports))


def _lambda(r: Resource, roles: Roles) -> None:
    d = r.data
    urls, policy = d.get("FunctionUrlConfigs", UNKNOWN), d.get("Policy", UNKNOWN)
    unknown = []
    if urls is UNKNOWN or is_unreadable(urls):
        unknown.append(f"function URL config: {unreadable_reason(urls) or 'not collected'}")
        urls = []
    if policy is UNKNOWN or is_unreadable(policy):
        unknown.append(f"resource policy: {unreadable_reason(policy) or 'not collected'}")
        policy = None
    open_url = any(isinstance(u, dict) and u.get("AuthType") == "NONE" for u in urls or [])
    public_policy = bool(policy) and iam_policy.is_public(policy)
    reasons = (["function URL without auth"] if open_url else []) + (["public resource policy"] if public_policy else [])
    if unknown and not reasons:
        d["_exposure"] = unreadable("; ".join(unknown))
    else:
        d["_exposure"] = {"internet_reachable": bool(reasons), "level": "reachable" if reasons else "private",
                          "open_ports": [443] if open_url else [], "path": reasons}
        if unknown:
            d["_exposure"]["not_assessed"] = unknown
    if d.get("Role"):
        d["_privileged"] = roles.privilege([d["Role"]])


def _eks(r: Resource) -> None:
    vpc = r.data.get("resourcesVpcConfig") or {}
    public = vpc.get("endpointPublicAccess", True)
    cidrs = vpc.get("publicAccessCidrs") or ["0.0.0.0/0"]
    wide = public and any(c in WORLD for c in cidrs)
    r.data["_exposure"] = {"internet_reachable": bool(wide), "level": "reachable" if wide else ("restricted" if public else "private"),
                           "open_ports": [443] if wide else [], "path": [f"public endpoint open to {', '.join(cidrs)}"] if public else []}


def bucket_public_reasons(d: dict[str, Any], account_pab: Any) -> tuple[list[str], list[str], list[str]]:
    """Why an S3 bucket is public, honouring bucket- and account-level Block Public Access, with
    the settings that could not be read: blocks (which could close a reason found) and the policy
    or ACL (which could open a bucket found private)."""
    blocks_unknown, grants_unknown = [], []
    pab: dict[str, Any] = {}
    if is_unreadable(account_pab):
        blocks_unknown.append(f"account Block Public Access: {unreadable_reason(account_pab)}")
    elif isinstance(account_pab, dict):
        pab = dict(account_pab)
    bucket_pab = d.get("PublicAccessBlock") or d.get("PublicAccessBlockConfiguration") or {}
    if is_unreadable(bucket_pab):
        blocks_unknown.append(f"bucket Block Public Access: {unreadable_reason(bucket_pab)}")
    elif isinstance(bucket_pab, dict):
        for k in PAB_KEYS:
            pab[k] = bool(pab.get(k)) or bool(bucket_pab.get(k))
    reasons = []
    policy = d.get("Policy")
    if isinstance(policy, dict) and "Policy" in policy and "Statement" not in policy:
        policy = policy["Policy"]
    status = d.get("PolicyStatus") or {}
    if not pab.get("RestrictPublicBuckets"):
        if is_unreadable(policy):
            grants_unknown.append(f"bucket policy: {unreadable_reason(policy)}")
        elif (policy and iam_policy.is_public(policy)) or \
                (isinstance(status, dict) and not is_unreadable(status) and (status.get("PolicyStatus") or status).get("IsPublic") is True):
            reasons.append("bucket policy allows anyone")
    acl = d.get("Acl") or d.get("ACL") or d.get("Grants") or {}
    if not pab.get("IgnorePublicAcls"):
        if is_unreadable(acl):
            grants_unknown.append(f"bucket ACL: {unreadable_reason(acl)}")
            acl = {}
        grants = acl.get("Grants", []) if isinstance(acl, dict) else acl
        for g in grants or []:
            if (g.get("Grantee") or {}).get("URI") in PUBLIC_GRANTEES:
                reasons.append(f"ACL grants {g.get('Permission')} to {(g['Grantee']['URI']).rsplit('/', 1)[-1]}")
    return reasons, blocks_unknown, grants_unknown


def _bucket(r: Resource, account_pab: Any) -> None:
    reasons, blocks_unknown, grants_unknown = bucket_public_reasons(r.data, account_pab)
    # A block we could not read may close what we found; a policy or ACL we could not read may open it.
    unknown = blocks_unknown if reasons else grants_unknown
    if unknown:
        r.data["_exposure"] = unreadable("; ".join(unknown))
        return
    r.data["_exposure"] = {"internet_reachable": bool(reasons), "level": "reachable" if reasons else "private",
                           "open_ports": [443] if reasons else [], "path": reasons}
    if reasons and grants_unknown:
        r.data["_exposure"]["not_assessed"] = grants_unknown


def _account_pab(resources: list[Resource], complete: bool) -> Any:
    """The account-level Block Public Access (None: not configured), or unreadable."""
    found = next((r for r in resources if r.type == "aws.s3.account_public_access_block"), None)
    if found is None:
        return None if complete else unreadable("aws.s3.account_public_access_block not collected")
    return found.data.get("PublicAccessBlockConfiguration")


def annotate(inventory: Inventory) -> None:
    """Add ``_exposure`` / ``_privileged`` to every resource of the inventory, account by account.

    What was collected is read from the inventory's Coverage: the exposure pass runs after every
    unit of the account has reported.
    """
    by_account: dict[str, list[Resource]] = defaultdict(list)
    for r in inventory:
        if r.provider == "aws":
            by_account[r.account].append(r)
    for account, resources in by_account.items():
        def complete(region: str, rtype: str, account: str = account) -> bool:
            return inventory.complete("aws", account, region, rtype)

        net = Network(resources, complete)
        roles = Roles(resources, complete("global", "aws.iam.role"))
        account_pab = _account_pab(resources, complete("global", "aws.s3.account_public_access_block"))
        for r in resources:
            if r.type == "aws.ec2.instance":
                _instance(r, net, roles)
            elif r.type == "aws.rds.db_instance":
                _rds(r, net)
            elif r.type == "aws.elbv2.load_balancer":
                _elbv2(r, net)
            elif r.type == "aws.lambda.function":
                _lambda(r, roles)
            elif r.type == "aws.eks.cluster":
                _eks(r)
            elif r.type == "aws.s3.bucket":
                _bucket(r, account_pab)
